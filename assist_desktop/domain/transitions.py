"""A person's decisions over a file (close as relieved or cancelled, override, register), decided here.

Each `decide_*` function is pure: it takes the file's lifecycle state and the request, and returns a
`ManualDecision` that says whether the request is allowed (else the field errors or the refusal) and, if
it is, the columns to set and the history entry to write. services/lifecycle.py only loads and applies.

The allowed targets and the holds are named here once: a person may close a file only as relieved (解困)
or cancelled (注销: out of hardship is the program's own decision after the watch and the notice); an
override may set only found, ineligible or registered; an override holds until the date given, else
until the next yearly full review (`review_interval_months` after it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assist_desktop.domain.enums import (
    ACTIVE_STATUSES,
    CancelDetail,
    Category,
    CloseReason,
    EventKind,
    FileStatus,
)
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.five_clear import FiveClearResult
from assist_desktop.domain.history_text import with_text
from assist_desktop.domain.income import RuleOptions
from assist_desktop.domain.lifecycle import EventDraft, FileState, override_in_force, pending_kind, replace
from assist_desktop.domain.validation import format_fen
from assist_desktop.domain.workdays import add_months

#: the ways a person may close a file (out of hardship is decided by the rules, not by hand)
MANUAL_CLOSE_REASONS = (CloseReason.RELIEVED, CloseReason.CANCELLED)
#: the statuses a reviewer may set by an override (closing is `close`; watch and notice follow the rules)
OVERRIDE_STATUSES = (FileStatus.FOUND, FileStatus.INELIGIBLE, FileStatus.REGISTERED)
#: the lifecycle columns a closure clears: no watch, notice or override holds on a closed file
CLOSE_CLEARS = ("watch_since", "notice_until", "override_until")


@dataclass(frozen=True)
class ManualDecision:
    """What a person's request comes to: refused (errors or refusal) or the columns and history entry."""

    errors: tuple[FieldError, ...] = ()  # bad input: ValidationFailed
    refusal: DomainError | None = None  # a sound request the rules refuse: DomainError
    columns: dict[str, Any] = field(default_factory=dict)  # file column -> new value
    event: EventDraft | None = None

    @property
    def allowed(self) -> bool:
        return not self.errors and self.refusal is None

    def raise_if_refused(self) -> None:
        if self.errors:
            raise ValidationFailed(list(self.errors))
        if self.refusal is not None:
            raise self.refusal


__all__ = ["MANUAL_CLOSE_REASONS", "OVERRIDE_STATUSES", "CloseRequest", "ManualDecision", "OverrideRequest",
           "check_close_request", "check_override_request", "decide_close", "decide_confirm_cancellation",
           "decide_override", "decide_register", "override_hold", "override_in_force", "relief_below_lb"]


def _refused(*errors: FieldError) -> ManualDecision:
    return ManualDecision(errors=tuple(errors))


def override_hold(on: dt.date, until: dt.date | None, opts: RuleOptions) -> dt.date:
    """Until when an override holds: the date given, else the next yearly full review."""
    return until or add_months(on, opts.review_interval_months)


# --- close: relieved / cancelled -----------------------------------------------------------------------


@dataclass(frozen=True)
class CloseRequest:
    """A person's closure, its input checked."""

    reason: CloseReason
    detail: CancelDetail | None
    note: str
    #: a reviewer's written reason to relieve a household whose per-capita income is below LB
    below_lb_reason: str | None = None


def check_close_request(
    *, reason: str, detail: str | None, note: str | None, below_lb_reason: str | None = None
) -> tuple[CloseRequest | None, list[FieldError]]:
    """The request as typed by a person: a closure reason, the cancellation's detail and a written note."""
    errors: list[FieldError] = []
    parsed: CloseReason | None = None
    with contextlib.suppress(ValueError):
        got = CloseReason.parse(reason)
        parsed = CloseReason(got) if got is not None else None
    if parsed not in MANUAL_CLOSE_REASONS:
        errors.append(
            FieldError("reason", "应为 relieved（解困）或 cancelled（注销）", "must be relieved or cancelled")
        )
    detail_value: CancelDetail | None = None
    if detail:
        try:
            parsed_detail = CancelDetail.parse(detail)
            detail_value = CancelDetail(parsed_detail) if parsed_detail is not None else None
        except ValueError:
            errors.append(
                FieldError(
                    "detail",
                    f"“{detail}”不是注销原因（死亡、迁出、认定有误、不在帮扶范围、其他）",
                    f"'{detail}' is not a cancellation detail",
                )
            )
    elif parsed == CloseReason.CANCELLED:
        errors.append(
            FieldError(
                "detail",
                "注销须说明原因（死亡、迁出、认定有误、不在帮扶范围、其他）",
                "a cancellation needs its detail",
            )
        )
    if not (note or "").strip():
        errors.append(FieldError("note", "必须写明理由", "a written reason is required"))
    if errors or parsed is None:
        return None, errors
    return CloseRequest(parsed, detail_value, (note or "").strip(), (below_lb_reason or "").strip() or None), []


def decide_close(
    state: FileState,
    request: CloseRequest,
    *,
    file_no: str,
    on: dt.date,
    per_capita_fen: int | None = None,
    lb_fen: int | None = None,
) -> ManualDecision:
    """Close a file by a person's decision; a closed file cannot be closed again.

    Relief (解困) means basic welfare plus ongoing help keep the household at or above LB: refused when its
    per-capita income (`per_capita_fen`, under the standard's `lb_fen`) is below LB or unknown, unless a
    reviewer wrote why (`request.below_lb_reason`; the service checks the reviewer's permission).
    """
    if state.status == FileStatus.CLOSED:
        return ManualDecision(
            refusal=DomainError(f"档案 {file_no} 已于 {state.closed_on} 退档", f"file {file_no} is already closed")
        )
    below = relief_below_lb(request, per_capita_fen, lb_fen)
    if below is not None and request.below_lb_reason is None:
        return ManualDecision(refusal=below)
    detail = request.detail
    label = request.reason.label + (f"（{detail.label}）" if detail else "")
    event = EventDraft(
        EventKind.CLOSED.value,
        None,
        state.status,
        FileStatus.CLOSED.value,
        state.category,
        state.category,
        f"{label}：{request.note}" + (
            f"（人均月收入低于低保标准，审核人理由：{request.below_lb_reason}）"
            if below is not None and request.below_lb_reason else ""
        ),
        with_text(
            {"close_reason": request.reason.value, "close_detail": detail.value if detail else None,
             "per_capita_fen": per_capita_fen, "lb_fen": lb_fen},
            "closed_manual", close_reason=request.reason.value, close_detail=detail.value if detail else None,
            note=request.note,
            below_lb_reason=request.below_lb_reason if below is not None and request.below_lb_reason else None,
        ),
        on,
    )
    columns: dict[str, Any] = {
        "status": FileStatus.CLOSED.value,
        "close_reason": request.reason.value,
        "close_detail": detail.value if detail else None,
        "closed_on": on,
        "status_since": on,
    }
    columns.update(dict.fromkeys(CLOSE_CLEARS))
    if pending_kind(state.ineligible_reason) is not None:
        columns["ineligible_reason"] = None  # a review task (a cancellation proposal) is settled by the closure
    return ManualDecision(columns=columns, event=event)


def relief_below_lb(request: CloseRequest, per_capita_fen: int | None, lb_fen: int | None) -> DomainError | None:
    """Why a relief is refused on the numbers (None: at or above LB, or not a relief)."""
    if request.reason != CloseReason.RELIEVED:
        return None
    if per_capita_fen is None or lb_fen is None:
        return DomainError(
            "没有可用的收入记录或低保标准，无法确认人均月收入不低于低保标准，不能解困（审核人可写明理由后解困）",
            "no income record or standard: relief needs per-capita income at or above LB (or a reviewer's reason)",
        )
    if per_capita_fen < lb_fen:
        return DomainError(
            f"人均月收入 {format_fen(per_capita_fen)} 低于低保标准 {format_fen(lb_fen)}，不能解困"
            "（解困须在基本保障和持续帮扶下不低于低保标准；审核人可写明理由后解困）",
            f"per-capita income {per_capita_fen / 100:.2f} is below LB {lb_fen / 100:.2f}: relief refused",
        )
    return None


def decide_confirm_cancellation(
    state: FileState, *, note: str, file_no: str, on: dt.date, proposed: bool
) -> ManualDecision:
    """A reviewer confirms the cancellation the rules proposed (an exclusion found on a registered file): the
    file is closed as cancelled, misidentified (注销，认定有误), which the movements count."""
    if not (note or "").strip():
        return _refused(FieldError("note", "必须写明理由", "a written reason is required"))
    if not proposed:
        return ManualDecision(
            refusal=DomainError(
                f"档案 {file_no} 没有待确认的注销建议（认定有误）", f"file {file_no} has no cancellation proposal"
            )
        )
    request = CloseRequest(CloseReason.CANCELLED, CancelDetail.MISIDENTIFIED, note.strip())
    return decide_close(state, request, file_no=file_no, on=on)


# --- override ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideRequest:
    """A reviewer's override, its input checked."""

    status: FileStatus | None
    category: Category | None
    reason: str
    until: dt.date | None


def check_override_request(
    *, status: str | None, category: str | None, reason: str | None, until: dt.date | None, on: dt.date
) -> tuple[OverrideRequest | None, list[FieldError]]:
    """The override as typed: a status among OVERRIDE_STATUSES and/or a category, a reason, an end date."""
    errors: list[FieldError] = []
    if not (reason or "").strip():
        errors.append(FieldError("reason", "人工改定必须写明理由", "an override needs a written reason"))
    new_status: FileStatus | None = None
    new_category: Category | None = None
    if status:
        with contextlib.suppress(ValueError):
            parsed = FileStatus.parse(status)
            new_status = FileStatus(parsed) if parsed is not None else None
        if new_status not in OVERRIDE_STATUSES:
            errors.append(
                FieldError(
                    "status",
                    "只能改定为 found（建档中）、ineligible（未达标准）或 registered（在档帮扶）；"
                    "退档请用 close",
                    "must be found, ineligible or registered (use close to close)",
                )
            )
    if category:
        try:
            parsed_category = Category.parse(category)
            new_category = Category(parsed_category) if parsed_category is not None else None
        except ValueError:
            errors.append(
                FieldError("category", f"“{category}”不是困难类别", f"'{category}' is not a category")
            )
    if not status and not category:
        errors.append(FieldError("status", "请指定要改定的状态或类别", "give a status or a category"))
    if until is not None and until < on:
        errors.append(FieldError("until", "不能早于改定日期", "must not be before the override date"))
    if errors:
        return None, errors
    return OverrideRequest(new_status, new_category, (reason or "").strip(), until), []


def decide_override(
    state: FileState,
    request: OverrideRequest,
    *,
    five_clear: FiveClearResult,
    opts: RuleOptions,
    on: dt.date,
    has_responsible: bool = True,
) -> ManualDecision:
    """A reviewer's status and/or category over the automatic one; it holds until `override_hold`.

    Refused for a closed file, and for a registered target whose five clears are not all clear, that
    would have no category, or (when the union requires one) that has no responsible person. An override to
    any status but closed clears the closure's reason, detail and date (a file is closed or it is not).
    """
    target_status = request.status.value if request.status else state.status
    if target_status == FileStatus.CLOSED:
        return ManualDecision(refusal=DomainError("已退档的档案不能改定类别", "a closed file cannot be overridden"))
    active = target_status in ACTIVE_STATUSES
    target_category = request.category.value if request.category else (state.category if active else None)
    if active:
        if not five_clear.all_clear:
            return ManualDecision(
                refusal=DomainError(
                    f"五清未齐，不能登记：{five_clear.missing_summary()}",
                    "the five clears are not all clear: cannot register",
                )
            )
        if target_category is None:
            return _refused(FieldError("category", "登记在档须指定困难类别", "a registered file needs a category"))
        if opts.require_responsible and not has_responsible and state.status not in ACTIVE_STATUSES:
            return ManualDecision(refusal=_no_responsible(file_no=None))
    hold = override_hold(on, request.until, opts)
    text = (
        f"人工改定：状态{FileStatus(state.status).label}→{FileStatus(target_status).label}，"
        f"类别{Category(state.category).label if state.category else '无'}→"
        f"{Category(target_category).label if target_category else '无'}；理由：{request.reason}；"
        f"改定有效至 {hold.isoformat()}，期间不自动调整"
    )
    event = EventDraft(
        EventKind.OVERRIDE.value,
        None,
        state.status,
        target_status,
        state.category,
        target_category,
        text,
        with_text(
            {"override_until": hold.isoformat(), "reason": request.reason},
            "override", from_status=state.status, to_status=target_status, from_category=state.category,
            to_category=target_category, reason=request.reason, until=hold.isoformat(),
        ),
        on,
    )
    after = state
    if target_status != state.status:
        after = replace(after, status_since=on)
        if target_status not in (FileStatus.WATCH, FileStatus.EXIT_NOTICE):
            after = replace(after, watch_since=None, notice_until=None)
    after = replace(
        after,
        status=target_status,
        category=target_category,
        override_until=hold,
        ineligible_reason=request.reason if target_status == FileStatus.INELIGIBLE else None,
    )
    if state.status == FileStatus.CLOSED:
        after = replace(after, closed_on=None, close_reason=None)
    columns = {k: v for k, v in after.as_dict().items() if getattr(state, k) != v}
    if state.status == FileStatus.CLOSED:
        columns.update(closed_on=None, close_reason=None, close_detail=None)
    # the service sets these whatever they were (the audit log ignores unchanged values)
    columns.update(status=target_status, category=target_category, override_until=hold,
                   ineligible_reason=after.ineligible_reason)
    return ManualDecision(columns=columns, event=event)


# --- register ------------------------------------------------------------------------------------------


def _no_responsible(file_no: str | None) -> DomainError:
    which = f"档案 {file_no} " if file_no else ""
    return DomainError(
        f"{which}尚未确定帮扶联系责任人，不能登记（请先用 pair 确定责任人）",
        "no responsible contact person: cannot register (pair the file first)",
    )


def decide_register(
    evaluated: FileState, *, file_no: str, opts: RuleOptions | None = None, has_responsible: bool = True
) -> ManualDecision:
    """After the file was evaluated now: registered (an active status), or refused with the reason why not.

    A person's registration needs a responsible contact person when the union requires one
    (`opts.require_responsible`): refused otherwise, and the file stays as it was."""
    if evaluated.status in ACTIVE_STATUSES:
        if opts is not None and opts.require_responsible and not has_responsible:
            return ManualDecision(refusal=_no_responsible(file_no))
        return ManualDecision()
    why = evaluated.ineligible_reason or FileStatus(evaluated.status).label
    return ManualDecision(
        refusal=DomainError(f"档案 {file_no} 不能登记：{why}", f"file {file_no} cannot be registered: {why}")
    )
