"""The green-card lifecycle as a pure state machine.

Given a file's facts (its attributes, members, the dated IncomeFact history), the dated standards, the
union's options and a date, `decide()` returns the file's new lifecycle state and the history entries
that explain every transition (rule name, plain Chinese reason, the numbers and thresholds used).

    found ──five clear + standard met──▶ registered ◀──────────── ineligible
      └──standard not met / exclusion──▶ ineligible                 ▲
    registered ──category changes──▶ registered (adjusted)          │ exclusion
    registered ──income ≥ exit line, no category met──▶ watch ──back under──▶ registered
    watch ──6 unbroken months──▶ exit_notice ──N working days──▶ closed (out_of_hardship)
    exit_notice ──back under──▶ registered;   closed (out_of_hardship) ──hardship returns──▶ registered

`relieved` and `cancelled` closures are made by a person and never undone automatically. While a
reviewer's override holds (`override_until`), no automatic transition happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from assist_desktop.domain.enums import ACTIVE_STATUSES, Category, EventKind, FileStatus
from assist_desktop.domain.five_clear import FiveClearResult, check_five_clear, is_complete
from assist_desktop.domain.income import (
    FactLike,
    IncomeResult,
    RuleOptions,
    StandardLike,
    latest_on,
    per_capita,
    standard_on,
)
from assist_desktop.domain.rules import (
    CategoryDecision,
    Lines,
    accident_applies,
    categorise,
    lines_of,
    reaches,
    yuan,
)
from assist_desktop.domain.workdays import add_months, add_workdays

MAX_STEPS = 6
#: the active statuses (domain.enums.ACTIVE_STATUSES, the one place they are named) as the database stores them,
#: for queries
ACTIVE_STATUS_VALUES: tuple[str, ...] = tuple(st.value for st in ACTIVE_STATUSES)


@dataclass(frozen=True)
class FileState:
    """The lifecycle columns of a file."""

    status: str = "found"
    category: str | None = None
    status_since: dt.date | None = None
    watch_since: dt.date | None = None
    notice_until: dt.date | None = None
    closed_on: dt.date | None = None
    close_reason: str | None = None
    override_until: dt.date | None = None
    per_capita_monthly_fen: int | None = None
    ineligible_reason: str | None = None

    @classmethod
    def of(cls, obj: Any) -> FileState:
        return cls(*[getattr(obj, name) for name in _STATE_FIELDS])

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _STATE_FIELDS}


def replace(state: FileState, **changes: Any) -> FileState:
    """dataclasses.replace for FileState, without its per-field introspection (it runs per file)."""
    new = object.__new__(FileState)
    values = new.__dict__
    values.update(state.__dict__)
    for key, value in changes.items():
        if key not in values:
            raise TypeError(f"FileState has no field {key!r}")
        values[key] = value
    return new


_STATE_FIELDS = tuple(f.name for f in fields(FileState))


@dataclass(frozen=True)
class EventDraft:
    """A history entry to be written: what changed, by which rule, why, and with which numbers."""

    kind: str
    rule: str | None
    from_status: str | None
    to_status: str | None
    from_category: str | None
    to_category: str | None
    reason: str
    facts: dict[str, Any]
    occurred_on: dt.date


@dataclass
class Decision:
    """The outcome of evaluating one file on one day."""

    before: FileState
    after: FileState
    events: list[EventDraft] = field(default_factory=list)
    income: IncomeResult | None = None
    lines: Lines | None = None
    category: CategoryDecision | None = None
    five_clear: FiveClearResult | None = None
    note: str | None = None  # why nothing could be decided (no standard, no facts, override…)

    @property
    def changed(self) -> bool:
        return self.before != self.after


class _Context:
    """Everything `decide` needs, with the point-in-time helpers (cached per day)."""

    def __init__(
        self,
        file: Any,
        members: Sequence[Any],
        facts: Sequence[FactLike],
        standards: Sequence[StandardLike],
        opts: RuleOptions,
        as_of: dt.date,
    ) -> None:
        self.file, self.members, self.facts, self.standards = file, members, facts, standards
        self.opts, self.as_of = opts, as_of
        self._above: dict[dt.date, bool] = {}
        self._complete: bool | None = None
        self._at: dict[dt.date, tuple[FactLike, StandardLike, IncomeResult] | None] = {}

    def at(self, day: dt.date) -> tuple[FactLike, StandardLike, IncomeResult] | None:
        if day in self._at:
            return self._at[day]
        fact = latest_on(self.facts, day)
        std = standard_on(self.standards, day)
        got = (
            None
            if fact is None or std is None
            else (fact, std, per_capita(fact, self.members, std, day, self.opts))
        )
        self._at[day] = got
        return got

    def complete(self) -> bool:
        """All five clears clear (cheap: the explanation is built only when something is missing)."""
        if self._complete is None:
            self._complete = is_complete(self.file, self.members)
        return self._complete

    def above(self, day: dt.date) -> bool:
        """Out of hardship on `day`: per-capita income at or above the exit line AND no entry category met
        any more (with the exit line at LB, a household between LB and 2 x LB is relative hardship, not on
        its way out; an accident can keep it in hardship too)."""
        if day not in self._above:
            got = self.at(day)
            if got is None:
                self._above[day] = False
            else:
                fact, std, income = got
                line = lines_of(std).exit_line_fen
                self._above[day] = (
                    reaches(income.per_capita_fen, line, self.opts.boundary_exit)
                    and not accident_applies(self.file, income, fact, std, day, self.opts)
                    and categorise(self.file, income, fact, std, day, self.opts).category is None
                )
        return self._above[day]

    def watch_start(self) -> dt.date | None:
        """The first day of the unbroken run at or above the exit line that reaches `as_of`, or None."""
        if not self.above(self.as_of):
            return None
        points = {f.as_of for f in self.facts if f.as_of <= self.as_of}
        points |= {s.effective_on for s in self.standards if s.effective_on <= self.as_of}
        accident = getattr(self.file, "accident_date", None)
        if accident is not None:
            points |= {d for d in (accident, add_months(accident, self.opts.accident_window_months))
                       if d <= self.as_of}
        ordered = sorted(points)
        start = ordered[-1] if ordered else self.as_of
        for k in range(len(ordered) - 1, -1, -1):
            if self.above(ordered[k]):
                start = ordered[k]
            else:
                break
        return start


def override_in_force(state: FileState, day: dt.date) -> bool:
    """Whether a reviewer's override still holds on `day`: no automatic transition then."""
    return state.override_until is not None and day <= state.override_until


def _facts_json(income: IncomeResult, lines: Lines, **extra: Any) -> dict[str, Any]:
    out = {**income.to_json(), **lines.to_json()}
    out.update(
        {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in extra.items() if v is not None}
    )
    return out


def _label(category: str | None) -> str:
    return Category(category).label if category else "无类别"


def decide(
    file: Any,
    members: Sequence[Any],
    facts: Sequence[FactLike],
    standards: Sequence[StandardLike],
    opts: RuleOptions,
    as_of: dt.date,
    state: FileState | None = None,
    five_clear: FiveClearResult | None = None,
) -> Decision:
    """Evaluate a file on `as_of`.

    Args:
        file: any object with the HardshipFile attributes (rules, five clears, lifecycle columns).
        members: its household members (HouseholdMember attributes).
        facts: its IncomeFact history, sorted by `as_of`.
        standards: all standards, sorted by `effective_on`.
        state: the lifecycle state to start from (by default read from `file`).
        five_clear: a precomputed five-clear result (computed here when needed and not given).
    """
    before = state or FileState.of(file)
    ctx = _Context(file, members, facts, standards, opts, as_of)
    decision = Decision(before, before)
    got = ctx.at(as_of)
    if got is None:
        has_std = standard_on(standards, as_of) is not None
        note = (
            "评定日没有生效的低保标准，暂不能认定类别（请用 standards set 设定）"
            if not has_std
            else "评定日以前没有家庭收入情况记录，暂不能认定类别"
        )
        decision.note = note
        if before.status in (FileStatus.FOUND, FileStatus.INELIGIBLE) and before.ineligible_reason != note:
            decision.after = replace(before, ineligible_reason=note)
        return decision
    fact, std, income = got
    lines = lines_of(std)
    cat = categorise(file, income, fact, std, as_of, opts)
    decision.income, decision.lines, decision.category = income, lines, cat
    st = (
        before
        if before.per_capita_monthly_fen == income.per_capita_fen
        else replace(before, per_capita_monthly_fen=income.per_capita_fen)
    )
    if override_in_force(st, as_of):
        decision.note = f"人工改定有效至 {st.override_until}，期间不自动调整"
        decision.after = st
        return decision
    if st.override_until is not None:
        st = replace(st, override_until=None)

    def clears() -> FiveClearResult:
        if decision.five_clear is None:
            decision.five_clear = five_clear or check_five_clear(file, members)
        return decision.five_clear

    def event(kind: EventKind, rule: str | None, new: FileState, reason: str, **extra: Any) -> EventDraft:
        return EventDraft(
            kind.value,
            rule,
            st.status,
            new.status,
            st.category,
            new.category,
            reason,
            _facts_json(income, lines, rule=rule, **extra),
            as_of,
        )

    for _ in range(MAX_STEPS):
        new, ev = _step(st, ctx, cat, income, lines, clears, event, opts, as_of)
        st = new
        if ev is None:
            break
        decision.events.append(ev)
    decision.after = st
    return decision


def _step(
    st: FileState,
    ctx: _Context,
    cat: CategoryDecision,
    income: IncomeResult,
    lines: Lines,
    clears: Any,
    event: Any,
    opts: RuleOptions,
    as_of: dt.date,
) -> tuple[FileState, EventDraft | None]:
    status = st.status
    if (
        status == FileStatus.REGISTERED
        and not cat.exclusions
        and cat.category == st.category
        and not ctx.above(as_of)
    ):
        return st, None  # the common case: nothing to change, no words needed
    if status in (FileStatus.FOUND, FileStatus.INELIGIBLE, FileStatus.CLOSED):
        if status == FileStatus.CLOSED:
            if st.close_reason != "out_of_hardship" or not cat.eligible or ctx.above(as_of):
                return st, None
        elif not cat.eligible:
            if status == FileStatus.FOUND:
                new = replace(
                    st, status="ineligible", category=None, status_since=as_of, ineligible_reason=cat.reason
                )
                return new, event(
                    EventKind.INELIGIBLE,
                    cat.rule,
                    new,
                    cat.reason + "，列为未达标准（保留档案，可随时复核）",
                    exclusions=",".join(cat.exclusions) or None,
                )
            return (
                replace(st, ineligible_reason=cat.reason) if st.ineligible_reason != cat.reason else st
            ), None
        if not ctx.complete():
            if status == FileStatus.CLOSED:
                return st, None
            why = "五清未齐，暂不能登记：" + clears().missing_summary()
            return (replace(st, ineligible_reason=why) if st.ineligible_reason != why else st), None
        new = replace(
            st,
            status="registered",
            category=cat.category,
            status_since=as_of,
            watch_since=None,
            notice_until=None,
            closed_on=None,
            close_reason=None,
            ineligible_reason=None,
        )
        if status == FileStatus.CLOSED:
            return new, event(
                EventKind.REOPENED,
                cat.rule,
                new,
                f"退档后困难再现：{cat.reason}，重新入档帮扶（原档案和历史记录保留）",
            )
        return new, event(EventKind.REGISTERED, cat.rule, new, f"五清齐全；{cat.reason}，登记为在档帮扶对象")

    if status in ACTIVE_STATUSES and cat.exclusions:
        new = replace(
            st,
            status="ineligible",
            category=None,
            status_since=as_of,
            watch_since=None,
            notice_until=None,
            ineligible_reason=cat.reason,
        )
        return new, event(
            EventKind.INELIGIBLE,
            "exclusion",
            new,
            cat.reason + "，退出在档帮扶，列为未达标准",
            exclusions=",".join(cat.exclusions),
        )

    if status == FileStatus.REGISTERED:
        if ctx.above(as_of):
            since = ctx.watch_start() or as_of
            category = cat.category if cat.eligible else st.category
            new = replace(st, status="watch", category=category, watch_since=since, status_since=as_of)
            return new, event(
                EventKind.WATCH,
                "exit_line",
                new,
                f"人均月收入 {yuan(income.per_capita_fen)}，达到脱困线 {yuan(lines.exit_line_fen)}（低保标准 {yuan(lines.lb_fen)} 的"
                f"{lines.exit_line_fen / lines.lb_fen:g}倍），自 {since.isoformat()} 起进入收入观察；"
                f"连续{opts.watch_months}个月不低于脱困线的，公示后脱困退档",
                watch_since=since,
            )
        if cat.eligible and cat.category != st.category:
            new = replace(st, category=cat.category)
            return new, event(
                EventKind.ADJUSTED,
                cat.rule,
                new,
                f"{cat.reason}，类别由{_label(st.category)}调整为{_label(cat.category)}",
            )
        return st, None

    if status in (FileStatus.WATCH, FileStatus.EXIT_NOTICE):
        if not ctx.above(as_of):
            category = cat.category if cat.eligible else st.category
            new = replace(
                st,
                status="registered",
                category=category,
                watch_since=None,
                notice_until=None,
                status_since=as_of,
            )
            where = "脱困公示期间" if status == FileStatus.EXIT_NOTICE else "收入观察期间"
            return new, event(
                EventKind.WATCH_BROKEN,
                "below_exit_line",
                new,
                f"{where}人均月收入 {yuan(income.per_capita_fen)}，低于脱困线 {yuan(lines.exit_line_fen)}，观察中断，恢复在档帮扶"
                f"（{_label(category)}）；再次达到脱困线时重新计算观察期",
            )
        since = ctx.watch_start() or as_of
        if since != st.watch_since:
            st = replace(st, watch_since=since)
        if cat.eligible and cat.category != st.category:
            new = replace(st, category=cat.category)
            return new, event(
                EventKind.ADJUSTED,
                cat.rule,
                new,
                f"{cat.reason}，类别由{_label(st.category)}调整为{_label(cat.category)}",
            )
        if status == FileStatus.WATCH:
            due = add_months(since, opts.watch_months)
            if due > as_of:
                return st, None
            until = add_workdays(as_of, opts.notice_workdays, opts.calendar)
            new = replace(st, status="exit_notice", notice_until=until, status_since=as_of)
            return new, event(
                EventKind.EXIT_NOTICE,
                "months_above_exit_line",
                new,
                f"自 {since.isoformat()} 起连续{opts.watch_months}个月人均月收入不低于脱困线 {yuan(lines.exit_line_fen)}（现为 {yuan(income.per_capita_fen)}），"
                f"予以脱困公示{opts.notice_workdays}个工作日，至 {until.isoformat()} 止",
                watch_since=since,
                notice_until=until,
                months=opts.watch_months,
            )
        assert st.notice_until is not None
        if as_of <= st.notice_until:
            return st, None
        closed_on = st.notice_until + dt.timedelta(days=1)
        new = replace(
            st,
            status="closed",
            closed_on=closed_on,
            close_reason="out_of_hardship",
            status_since=closed_on,
            notice_until=st.notice_until,
        )
        return new, event(
            EventKind.CLOSED,
            "exit_after_notice",
            new,
            f"脱困公示至 {st.notice_until.isoformat()} 期满，人均月收入 {yuan(income.per_capita_fen)}仍不低于脱困线 {yuan(lines.exit_line_fen)}，"
            f"脱困退档；退档后{opts.follow_up_months}个月内跟踪回访",
            watch_since=st.watch_since,
            notice_until=st.notice_until,
            closed_on=closed_on,
        )
    return st, None


def whole_months(since: dt.date, day: dt.date) -> int:
    """Whole months from `since` to `day` (0 when day is earlier)."""
    months = 0
    while add_months(since, months + 1) <= day:
        months += 1
    return months


__all__ = ["ACTIVE_STATUSES", "ACTIVE_STATUS_VALUES", "Decision", "EventDraft", "FileState", "decide", "standard_on",
           "whole_months"]
