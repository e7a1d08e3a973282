"""Review results: a higher level approves or returns files, sends the results down, the unit imports them.

The review state of a file (`local / submitted / approved / returned`) belongs to each database: in the
creating union it says where the file stands with the level above; at a higher level it is that level's
own decision on the file. Review results are matched by file `id`, change only `review_state` and
`review_note` (not `updated_at`), and importing them twice changes nothing. Each decision is also an entry
of the file's history (`StatusEvent` of kind `review`), written in the same transaction both where the
higher level decides and where the unit imports the decision (once per file and results package).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from assist_desktop.db.engine import Database
from assist_desktop.db.models import ExchangeLog, HardshipFile, StatusEvent, new_id, utcnow
from assist_desktop.domain.enums import EventKind, ReviewState
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.validation import check_text
from assist_desktop.exchange.entities import to_json_value
from assist_desktop.exchange.package import (
    REVIEW_MEMBER,
    PackageError,
    new_manifest,
    open_package,
    write_package,
)
from assist_desktop.exchange.snapshot import chunks
from assist_desktop.services.common import home_union
from assist_desktop.services.files import get_by_no


@dataclass
class ReviewResult:
    """What a review action or a review import changed."""

    changed: list[str] = field(default_factory=list)  # file numbers
    unchanged: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    path: str | None = None
    package_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "unknown": self.unknown,
            "path": self.path,
            "package_id": self.package_id,
        }


def review_reason(state: str, note: str | None) -> str:
    """The history entry's words for a review decision."""
    if state == ReviewState.RETURNED.value:
        return f"上级工会退回：{note or ''}"
    return "上级工会审核通过" + (f"：{note}" if note else "")


def _review_event(
    file_id: str,
    status: str,
    category: str | None,
    state: str,
    note: str | None,
    on: dt.date,
    actor: str,
    facts: dict[str, Any],
) -> StatusEvent:
    return StatusEvent(
        file_id=file_id,
        occurred_on=on,
        kind=EventKind.REVIEW.value,
        rule=None,
        from_status=status,
        to_status=status,
        from_category=category,
        to_category=category,
        reason=review_reason(state, note),
        facts_json=json.dumps({"review_state": state, **facts}, ensure_ascii=False, sort_keys=True),
        actor=actor,
    )


def review_files(
    db: Database,
    *,
    file_nos: Sequence[str],
    decision: str,
    reason: str | None = None,
    actor: str = "system",
    on: dt.date | None = None,
) -> ReviewResult:
    """Approve or return files that came from the unions below (a return needs a reason).

    Each changed file gets a history entry (kind `review`) dated `on` (default: today).

    Raises:
        ValidationFailed: an unknown decision, or a return without a reason.
        NotFound: a file number is unknown.
        DomainError: a file was created by this union itself (its review is the level above's).
    """
    state = {
        "approve": ReviewState.APPROVED,
        "approved": ReviewState.APPROVED,
        "return": ReviewState.RETURNED,
        "returned": ReviewState.RETURNED,
    }.get(decision)
    if state is None:
        raise ValidationFailed(
            [FieldError("decision", "应为 approve（审核通过）或 return（退回）", "must be approve or return")]
        )
    note = check_text(reason, "reason", max_len=500)
    if state == ReviewState.RETURNED and not note:
        raise ValidationFailed([FieldError("reason", "退回档案必须写明原因", "a return needs a reason")])
    result = ReviewResult()
    with db.transaction(actor=actor, reason=f"review {state.value}") as s:
        home = home_union(s)
        for no in file_nos:
            f = get_by_no(s, no)
            if f.origin_union_code == home.code:
                raise DomainError(
                    f"档案 {f.file_no} 是本工会建立的，应由上级工会审核",
                    f"file {f.file_no} was created here: the level above reviews it",
                )
            if f.review_state == state.value and f.review_note == note:
                result.unchanged.append(f.file_no)
                continue
            f.review_state, f.review_note = state.value, note
            s.add(
                _review_event(
                    f.id,
                    f.status,
                    f.category,
                    state.value,
                    note,
                    on or dt.date.today(),
                    actor,
                    {"reviewer_code": home.code},
                )
            )
            result.changed.append(f.file_no)
    return result


def _below(provenance: str, code: str) -> bool:
    return code in [p for p in provenance.split(">") if p]


def export_review(
    db: Database, *, out: str | os.PathLike[str], to: str, actor: str = "system"
) -> ReviewResult:
    """Write the review results (approved and returned files) for the files that came up through `to`.

    Raises:
        DomainError: `to` is this union, or no reviewed file came through it.
    """
    started = utcnow()
    with db.transaction(actor=actor, reason="export review results") as s:
        home = home_union(s)
        if to == home.code:
            raise DomainError("审核结果应发给下级工会，不能发给本工会", "review results go to a union below")
        rows: list[dict[str, Any]] = []
        q = (
            select(
                HardshipFile.id,
                HardshipFile.file_no,
                HardshipFile.id_number,
                HardshipFile.review_state,
                HardshipFile.review_note,
                HardshipFile.provenance,
            )
            .where(HardshipFile.review_state.in_(("approved", "returned")))
            .order_by(HardshipFile.file_no)
        )
        for fid, no, number, state, note, prov in s.execute(q):
            if _below(prov, to):
                rows.append(
                    {
                        "file_id": fid,
                        "file_no": no,
                        "id_number": number,
                        "review_state": state,
                        "review_note": note,
                        "reviewer_code": home.code,
                    }
                )
        if not rows:
            raise DomainError(
                f"没有经由工会 {to} 上报且已审核的档案", f"no reviewed file came up through {to}"
            )
        manifest = new_manifest(
            kind="review",
            sender={
                "code": home.code,
                "name": home.name,
                "level": home.level,
                "parent_code": home.parent_code,
            },
            receiver=to,
            created_at=to_json_value(started),
        )
        sha = write_package(Path(out), manifest, [(REVIEW_MEMBER, iter(rows))])
        s.add(
            ExchangeLog(
                id=new_id(),
                package_id=manifest["package_id"],
                direction="out",
                kind="review",
                counterpart_code=to,
                at=started,
                sha256=sha,
                actor=actor,
                counts_json=json.dumps({"review": len(rows)}),
            )
        )
    return ReviewResult(
        changed=[r["file_no"] for r in rows], path=str(out), package_id=manifest["package_id"]
    )


def import_review(
    db: Database,
    *,
    path: str | os.PathLike[str],
    actor: str = "system",
    dry_run: bool = False,
    on: dt.date | None = None,
) -> ReviewResult:
    """Apply review results from a higher level (all of them in one transaction; twice changes nothing).

    Each file whose review state changes gets a history entry (kind `review`, dated `on`, default today),
    unless it already has one from this same package.

    Raises:
        PackageError: the package is damaged, tampered with, not a review package or not for this union.
    """
    pkg = open_package(path, kind="review")
    rows = pkg.rows.get("review", [])
    result = ReviewResult(package_id=pkg.package_id)
    with db.transaction(actor=actor, reason=f"import review results {pkg.package_id}") as s:
        home = home_union(s)
        receiver = pkg.manifest["receiver"]
        if receiver not in (None, home.code):
            raise PackageError(
                f"此审核结果是发给工会 {receiver} 的，本库属于工会 {home.code}，未导入",
                f"these results are for {receiver}, this database is {home.code}",
            )
        if pkg.manifest["sender"]["code"] == home.code:
            raise PackageError(
                "这是本工会自己导出的审核结果，不能导入本库", "these results were exported here"
            )
        wanted = {r["file_id"]: r for r in rows}
        local: dict[str, tuple[str, str, str | None, str, str | None]] = {}
        for part in chunks(sorted(wanted)):
            local.update(
                {
                    fid: (no, state, note, status, category)
                    for fid, no, state, note, status, category in s.execute(
                        select(
                            HardshipFile.id,
                            HardshipFile.file_no,
                            HardshipFile.review_state,
                            HardshipFile.review_note,
                            HardshipFile.status,
                            HardshipFile.category,
                        ).where(HardshipFile.id.in_(part))
                    )
                }
            )
        # files that already have this package's history entry (its results imported before)
        recorded: set[str] = set()
        for part in chunks(sorted(local)):
            recorded.update(
                s.scalars(
                    select(StatusEvent.file_id).where(
                        StatusEvent.file_id.in_(part),
                        StatusEvent.kind == EventKind.REVIEW.value,
                        StatusEvent.facts_json.contains(f'"package_id": "{pkg.package_id}"'),
                    )
                )
            )
        day = on or dt.date.today()
        events: list[StatusEvent] = []
        for fid, r in wanted.items():
            if fid not in local:
                result.unknown.append(r["file_no"])
                continue
            no, state, note, status, category = local[fid]
            if (state, note) == (r["review_state"], r["review_note"]):
                result.unchanged.append(no)
                continue
            result.changed.append(no)
            if not dry_run:
                s.execute(
                    update(HardshipFile.__table__)
                    .where(HardshipFile.__table__.c.id == fid)
                    .values(review_state=r["review_state"], review_note=r["review_note"])
                )
                if fid not in recorded:
                    events.append(
                        _review_event(
                            fid,
                            status,
                            category,
                            r["review_state"],
                            r["review_note"],
                            day,
                            actor,
                            {"reviewer_code": r.get("reviewer_code"), "package_id": pkg.package_id},
                        )
                    )
        if dry_run:
            s.rollback()
            return result
        s.add_all(events)
        already = s.scalars(
            select(ExchangeLog.id).where(
                ExchangeLog.package_id == pkg.package_id, ExchangeLog.direction == "in"
            )
        ).first()
        if already is None:
            s.add(
                ExchangeLog(
                    id=new_id(),
                    package_id=pkg.package_id,
                    direction="in",
                    kind="review",
                    counterpart_code=pkg.manifest["sender"]["code"],
                    at=utcnow(),
                    sha256=pkg.sha256,
                    actor=actor,
                    counts_json=json.dumps({"changed": len(result.changed), "unknown": len(result.unknown)}),
                )
            )
    return result


def review_counts(db: Database) -> dict[str, int]:
    """Files by review state (every state, 0 where none)."""
    from sqlalchemy import func

    with db.reader() as s:
        counts = {st.value: 0 for st in ReviewState}
        for state, n in s.execute(
            select(HardshipFile.review_state, func.count()).group_by(HardshipFile.review_state)
        ):
            counts[state] = int(n)
        return counts
