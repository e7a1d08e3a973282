"""Review results, the format side: decisions, their history entries, and the rows of a review package.

The review state of a file (`local / submitted / approved / returned`) belongs to each database: in the
creating union it says where the file stands with the level above; at a higher level it is that level's
own decision on the file. Review results are matched by file `id`, change only `review_state` and
`review_note` (not `updated_at`), and importing them twice changes nothing. Each decision is also an entry
of the file's history (`StatusEvent` of kind `review`, its `facts_json` naming the `reviewer_code`), written
where the higher level decides and where the unit imports the decision (once per file and results package).
A level's own decisions are its records: the merge never replaces them and never takes the unit's echo of them
from a package (exchange/merge.py), so importing the results below never resets the approval above.
The use cases are in `services.exchange`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assist_desktop.domain.enums import EventKind, ReviewState
from assist_desktop.domain.errors import FieldError, ValidationFailed
from assist_desktop.domain.validation import check_text
from assist_desktop.exchange.package import PackageError

_DECISIONS = {
    "approve": ReviewState.APPROVED,
    "approved": ReviewState.APPROVED,
    "return": ReviewState.RETURNED,
    "returned": ReviewState.RETURNED,
}


@dataclass(frozen=True)
class ReviewDecision:
    """A checked decision: the state it gives and its note (a return always has one)."""

    state: ReviewState
    note: str | None


def review_decision(decision: str, reason: str | None) -> ReviewDecision:
    """Check a reviewer's decision (`approve` or `return`) and its reason.

    Raises:
        ValidationFailed: an unknown decision, or a return without a reason.
    """
    state = _DECISIONS.get(decision)
    if state is None:
        raise ValidationFailed(
            [FieldError("decision", "应为 approve（审核通过）或 return（退回）", "must be approve or return")]
        )
    note = check_text(reason, "reason", max_len=500)
    if state == ReviewState.RETURNED and not note:
        raise ValidationFailed([FieldError("reason", "退回档案必须写明原因", "a return needs a reason")])
    return ReviewDecision(state, note)


def review_reason(state: str, note: str | None) -> str:
    """The history entry's words for a review decision."""
    if state == ReviewState.RETURNED.value:
        return f"上级工会退回：{note or ''}"
    return "上级工会审核通过" + (f"：{note}" if note else "")


def review_event_values(
    *,
    file_id: str,
    status: str,
    category: str | None,
    state: str,
    note: str | None,
    on: dt.date,
    actor: str,
    facts: Mapping[str, Any],
) -> dict[str, Any]:
    """The column values of the history entry that records a review decision (status and category unchanged)."""
    return {
        "file_id": file_id,
        "occurred_on": on,
        "kind": EventKind.REVIEW.value,
        "rule": None,
        "from_status": status,
        "to_status": status,
        "from_category": category,
        "to_category": category,
        "reason": review_reason(state, note),
        "facts_json": json.dumps({"review_state": state, **facts}, ensure_ascii=False, sort_keys=True),
        "actor": actor,
    }


def came_through(provenance: str, code: str) -> bool:
    """Whether a file came up through the union `code` (its code is on the file's path)."""
    return code in [p for p in provenance.split(">") if p]


def review_row(
    *, file_id: str, file_no: str, state: str, note: str | None, reviewer_code: str
) -> dict[str, Any]:
    """One row of `review.jsonl`: the file's id and number, never its holder's ID number (the unit below knows
    its files by id; the optional `id_number` of earlier releases is still read)."""
    return {
        "file_id": file_id,
        "file_no": file_no,
        "review_state": state,
        "review_note": note,
        "reviewer_code": reviewer_code,
    }


def check_review_addressing(manifest: Mapping[str, Any], home_code: str) -> None:
    """Results for another union, or exported here, are refused.

    Raises:
        PackageError: either.
    """
    receiver = manifest["receiver"]
    if receiver not in (None, home_code):
        raise PackageError(
            f"此审核结果是发给工会 {receiver} 的，本库属于工会 {home_code}，未导入",
            f"these results are for {receiver}, this database is {home_code}",
        )
    if manifest["sender"]["code"] == home_code:
        raise PackageError("这是本工会自己导出的审核结果，不能导入本库", "these results were exported here")


__all__ = [
    "ReviewDecision", "came_through", "check_review_addressing", "review_decision", "review_event_values",
    "review_reason", "review_row",
]
