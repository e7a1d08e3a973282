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

Automatic only on fresh facts (DOMAIN.md §9): entering or re-entering the register needs an income fact and a
home visit within `freshness_months` of the day, an adjustment a fresh income fact; watch and exit rest on the
dated facts the months are counted from. When the facts are too old, nothing changes and the file carries a review
task in its pending reason (`ineligible_reason`, shown as 待办): "可能返困，请复核" for a closed file the rules would
reopen, "收入资料已过期" for a registration or an adjustment. The intake and exit steps a union switches on
(domain/procedure.py) decide when the rules' proposal takes effect. An exclusion found on a registered file is a
cancellation proposal (认定有误, confirmed by a reviewer), not a silent change. A placement, public-welfare post or
business start begins the income watch from its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from assist_desktop.domain.enums import ACTIVE_STATUSES, Category, EventKind, FileStatus
from assist_desktop.domain.five_clear import FiveClearResult, check_five_clear, is_complete
from assist_desktop.domain.history_text import ARGS_KEY, CODE_KEY, with_text
from assist_desktop.domain.income import (
    FactLike,
    IncomeResult,
    RuleOptions,
    StandardLike,
    latest_on,
    per_capita,
    standard_on,
)
from assist_desktop.domain.procedure import ProcedureState, StepLike, state_of, step_label
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

#: employment support kinds that begin the income watch (DOMAIN.md §6)
WATCH_START_KINDS = frozenset({"placement", "public_post", "business_start"})

#: what a file waits for, by the first words of its pending reason (the `ineligible_reason` column): the due list
#: and the dashboard count these as review tasks
PENDING_PREFIXES: dict[str, str] = {
    "review_reopen": "可能返困，请复核",
    "facts_stale": "收入资料已过期",
    "cancel_proposal": "认定有误，拟注销",
    "procedure_step": "程序待办",
    "no_responsible": "尚未确定帮扶联系责任人",
}


def pending_kind(reason: str | None) -> str | None:
    """The kind of review task a pending reason names (None: not a task)."""
    if not reason:
        return None
    for kind, prefix in PENDING_PREFIXES.items():
        if reason.startswith(prefix):
            return kind
    return None


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

    @classmethod
    def from_values(cls, values: Sequence[Any]) -> FileState:
        """The state of the column values in field order (a slice of a row read in bulk): what `cls(*values)`
        gives, without the frozen `__init__`'s setattr per field (the re-evaluation makes one per file)."""
        if len(values) != len(_STATE_FIELDS):
            raise TypeError(f"FileState takes {len(_STATE_FIELDS)} values, not {len(values)}")
        new = object.__new__(cls)
        new.__dict__.update(zip(_STATE_FIELDS, values, strict=True))
        return new


def replace(state: FileState, **changes: Any) -> FileState:
    """dataclasses.replace for FileState, without its per-field introspection (it runs per file)."""
    new = object.__new__(FileState)
    values = new.__dict__
    values.update(state.__dict__)
    if not changes.keys() <= values.keys():  # one set test in C, not one per key
        raise TypeError(f"FileState has no field {sorted(changes.keys() - values.keys())[0]!r}")
    values.update(changes)
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

    @classmethod
    def make(
        cls, kind: str, rule: str | None, from_status: str | None, to_status: str | None,
        from_category: str | None, to_category: str | None, reason: str, facts: dict[str, Any],
        occurred_on: dt.date,
    ) -> EventDraft:
        """`EventDraft(...)` without the frozen `__init__`'s setattr per field (decide makes one per change)."""
        new = object.__new__(cls)
        object.__setattr__(new, "__dict__", {
            "kind": kind, "rule": rule, "from_status": from_status, "to_status": to_status,
            "from_category": from_category, "to_category": to_category, "reason": reason, "facts": facts,
            "occurred_on": occurred_on,
        })
        return new


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
    #: what the rules propose but cannot do yet (PENDING_PREFIXES kind), and the proposal itself
    pending: str | None = None
    proposal: str | None = None  # register / reopen / adjust / cancel / exit_notice / close
    procedure: ProcedureState | None = None  # the procedure the proposal waits on

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @classmethod
    def start(cls, state: FileState) -> Decision:
        """`Decision(state, state)` (nothing decided yet), made without the generated __init__ (one per file)."""
        new = object.__new__(cls)
        object.__setattr__(new, "__dict__", {  # the dict itself, not a copy into the empty one
            "before": state, "after": state, "events": [], "income": None, "lines": None, "category": None,
            "five_clear": None, "note": None, "pending": None, "proposal": None, "procedure": None,
        })
        return new


class _St:
    """FileStatus's values as plain class attributes: an enum member's look-up (`FileStatus.REGISTERED`) costs
    about 0.1 µs on CPython 3.11 and decide compares a status several times per file. The same strings, so every
    comparison gives the same answer."""

    FOUND, INELIGIBLE, REGISTERED = FileStatus.FOUND.value, FileStatus.INELIGIBLE.value, FileStatus.REGISTERED.value
    WATCH, EXIT_NOTICE, CLOSED = FileStatus.WATCH.value, FileStatus.EXIT_NOTICE.value, FileStatus.CLOSED.value


class _Kind:
    """EventKind's values as plain class attributes (as _St; an EventDraft's kind is the value)."""

    REGISTERED, INELIGIBLE, ADJUSTED = EventKind.REGISTERED.value, EventKind.INELIGIBLE.value, EventKind.ADJUSTED.value
    WATCH, WATCH_BROKEN, EXIT_NOTICE = EventKind.WATCH.value, EventKind.WATCH_BROKEN.value, EventKind.EXIT_NOTICE.value
    CLOSED, REOPENED = EventKind.CLOSED.value, EventKind.REOPENED.value


#: the statuses a file enters the register from, and those of the watch (tuples made once, not per test)
_ENTRY_STATUSES = (_St.FOUND, _St.INELIGIBLE, _St.CLOSED)
_WATCH_STATUSES = (_St.WATCH, _St.EXIT_NOTICE)


class DecisionContext:
    """What the decisions of one pass share: the standards, the options and the day, and what follows from them
    alone (the standard and money lines in force on a day, the freshness cutoff, the texts of what is too old).

    Built once per pass (`reevaluate_all` builds one per batch) and given to `decide` as `context`. `decide` uses
    it only if it was built for the very (standards, options, day) of the call (`fits`: the same standard objects
    in the same order, equal options, the same day) and builds the right one otherwise, so a context reused for
    another day, other options or other standards cannot give the answer of the pass it was built for. The
    standards are read-only (StandardLike): a standard object changed in place during a pass is not seen.
    """

    __slots__ = ("_stale", "_std", "as_of", "cutoff", "lines", "opts", "standards", "std")

    def __init__(self, standards: Sequence[StandardLike], opts: RuleOptions, as_of: dt.date) -> None:
        self.standards: tuple[StandardLike, ...] = tuple(standards)
        self.opts, self.as_of = opts, as_of
        self.std: StandardLike | None = standard_on(self.standards, as_of)
        self.lines: Lines | None = lines_of(self.std) if self.std is not None else None
        #: facts older than this are too old on the day (freshness_months)
        self.cutoff = add_months(as_of, -opts.freshness_months)
        self._std: dict[dt.date, StandardLike | None] = {as_of: self.std}
        self._stale: dict[tuple[dt.date | None, dt.date | None, bool], str | None] = {}

    def fits(self, standards: Sequence[StandardLike], opts: RuleOptions, as_of: dt.date) -> bool:
        """Whether this context was built for these standards (the same objects, or equal ones, in the same
        order), options and day."""
        return (
            as_of == self.as_of
            and type(as_of) is type(self.as_of)
            and (opts is self.opts or opts == self.opts)
            and tuple(standards) == self.standards
        )

    def standard_on(self, day: dt.date) -> StandardLike | None:
        """The standard in force on `day` (remembered per day)."""
        try:
            return self._std[day]
        except KeyError:
            got = self._std[day] = standard_on(self.standards, day)
            return got

    def stale_text(self, fact_on: dt.date | None, seen: dt.date | None, visit: bool) -> str | None:
        """What is too old on the day: the latest income fact (dated `fact_on`, None: none) and, with `visit`, the
        latest home visit (`seen`); None when nothing is. Remembered per pass (many files share these dates)."""
        key = (fact_on, seen, visit)
        try:
            return self._stale[key]
        except KeyError:
            pass
        cutoff = self.cutoff
        parts: list[str] = []
        if fact_on is None or fact_on < cutoff:
            parts.append(f"最近的收入记录为 {fact_on.isoformat()}" if fact_on is not None else "没有收入记录")
        if visit and (seen is None or seen < cutoff):
            parts.append(f"最近的入户走访为 {seen.isoformat()}" if seen is not None else "没有入户走访记录")
        got = self._stale[key] = "、".join(parts) + f"，已超过{self.opts.freshness_months}个月" if parts else None
        return got


_UNSET: Any = object()


class _Context:
    """Everything `decide` needs for one file, with the point-in-time helpers (cached per day)."""

    __slots__ = ("_above", "_at", "_complete", "as_of", "cat", "facts", "file", "members", "opts", "pass_",
                 "pending", "procedure", "proposal", "standards", "starts", "steps", "visits")

    def __init__(
        self,
        file: Any,
        members: Sequence[Any],
        facts: Sequence[FactLike],
        standards: Sequence[StandardLike],
        opts: RuleOptions,
        as_of: dt.date,
        visits: Sequence[dt.date] | None = None,
        starts: Sequence[dt.date] = (),
        steps: Sequence[StepLike] = (),
        pass_: DecisionContext | None = None,
        *,
        fitted: bool = False,
    ) -> None:
        """`fitted`: `pass_` is known to fit these standards, options and day (decide has just asked)."""
        self.file, self.members, self.facts, self.standards = file, members, facts, standards
        self.opts, self.as_of = opts, as_of
        self.pass_ = pass_ if pass_ is not None and (fitted or pass_.fits(standards, opts, as_of)) else (
            DecisionContext(standards, opts, as_of))
        self.visits = visits
        self.starts = [d for d in starts if d <= as_of] if starts else starts
        self.steps = steps
        self.pending: str | None = None
        self.proposal: str | None = None
        self.procedure: ProcedureState | None = None
        #: the category on `as_of` once decide has it (above(as_of) asks for the same)
        self.cat: CategoryDecision | None = None
        self._above: dict[dt.date, bool] = {}
        self._complete: bool | None = None
        self._at: dict[dt.date, tuple[FactLike, StandardLike, IncomeResult] | None] = {}

    def at(self, day: dt.date) -> tuple[FactLike, StandardLike, IncomeResult] | None:
        got = self._at.get(day, _UNSET)  # not try/except KeyError: the first ask of a day would raise
        if got is not _UNSET:
            return got  # type: ignore[return-value]  # _UNSET is never stored
        fact = latest_on(self.facts, day)
        std = (self.pass_.std if day == self.as_of else self.pass_.standard_on(day)) if fact is not None else None
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

    def presumed(self, day: dt.date) -> dt.date | None:
        """The employment start (placement, public-welfare post, business start) on or before `day` that no income
        fact has followed yet: the household counts as on its way out from that start (its older income facts do
        not break the watch), until facts after the start show its income."""
        if not self.starts:
            return None
        fact = latest_on(self.facts, day)
        for start in reversed(self.starts):
            if start <= day:
                return start if fact is None or fact.as_of < start else None
        return None

    def last_visit(self) -> dt.date | None:
        """The latest home visit on or before the day (the visit records, and the file's visit date)."""
        as_of = self.as_of
        own = getattr(self.file, "last_visit_date", None)
        if own is not None and own > as_of:
            own = None
        if not self.visits:  # no visit records (most files): the file's own date
            return own
        days = [d for d in self.visits if d <= as_of]
        if own is not None:
            days.append(own)
        return max(days) if days else None

    def stale(self, *, visit: bool) -> str | None:
        """Which facts are too old on the day for an entry (income and visit) or an adjustment (income)."""
        fact = latest_on(self.facts, self.as_of)
        return self.pass_.stale_text(fact.as_of if fact is not None else None,
                                     self.last_visit() if visit else None, visit)

    def above(self, day: dt.date) -> bool:
        """Out of hardship on `day`: per-capita income at or above the exit line AND no entry category met
        any more (with the exit line at LB, a household between LB and 2 x LB is relative hardship, not on
        its way out; an accident can keep it in hardship too). From an employment start until facts after
        it arrive, the household counts as on its way out (`presumed`)."""
        known = self._above.get(day)
        if known is not None:
            return known
        got = self.at(day)
        if self.starts and self.presumed(day) is not None:
            above = True
        elif got is None:
            above = False
        else:
            fact, std, income = got
            lines = self.pass_.lines if std is self.pass_.std else None
            line = (lines or lines_of(std)).exit_line_fen
            cat = self.cat if day == self.as_of else None
            above = (
                reaches(income.per_capita_fen, line, self.opts.boundary_exit)
                and not accident_applies(self.file, income, fact, std, day, self.opts)
                and (cat or categorise(self.file, income, fact, std, day, self.opts)).category is None
            )
        self._above[day] = above
        return above

    def watch_start(self) -> dt.date | None:
        """The first day of the unbroken run at or above the exit line that reaches `as_of`, or None."""
        if not self.above(self.as_of):
            return None
        points = {f.as_of for f in self.facts if f.as_of <= self.as_of}
        points |= {s.effective_on for s in self.standards if s.effective_on <= self.as_of}
        points |= set(self.starts)
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
        floor = self.watch_floor()
        return max(start, floor) if floor is not None else start

    def watch_floor(self) -> dt.date | None:
        """The day of the latest collective decision against an exit: the watch counts again from it."""
        refused = [
            s.done_on
            for s in self.steps
            if s.procedure == "exit" and s.step == "decision" and s.result == "fail" and s.done_on <= self.as_of
        ]
        return max(refused) if refused else None


def override_in_force(state: FileState, day: dt.date) -> bool:
    """Whether a reviewer's override still holds on `day`: no automatic transition then."""
    return state.override_until is not None and day <= state.override_until


def _facts_json(income: IncomeResult, lines: Lines, **extra: Any) -> dict[str, Any]:
    out = income.to_json()
    out.update(_lines_json(lines))
    out.update(
        {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in extra.items() if v is not None}
    )
    return out


def _event_facts(income: IncomeResult, lines: Lines, rule: str | None, extra: dict[str, Any], code: str,
                 args: dict[str, Any]) -> dict[str, Any]:
    """`with_text(_facts_json(income, lines, rule=rule, **extra), code, **args)` in one step, without packing the
    keywords twice (once per change): the same keys in the same order."""
    out = income.to_json()
    out.update(_lines_json(lines))
    if rule is not None:
        out["rule"] = rule
    for k, v in extra.items():
        if v is not None:
            out[k] = v.isoformat() if isinstance(v, dt.date) else v
    out[CODE_KEY] = code
    out[ARGS_KEY] = {k: v for k, v in args.items() if v is not None}
    return out


def _lines_json(lines: Lines) -> dict[str, Any]:
    """`lines.to_json()`, remembered per Lines object (the events of a pass name the same few; the dict is only
    read, copied into each event's facts)."""
    got = _LINES_JSON.get(id(lines))
    if got is None or got[0] is not lines:  # the object kept beside its dict: an id is never taken for another's
        if len(_LINES_JSON) >= 256:  # lines made outside lines_of (its own cache) do not pile up
            _LINES_JSON.clear()
        got = _LINES_JSON[id(lines)] = (lines, lines.to_json())
    return got[1]


_LINES_JSON: dict[int, tuple[Lines, dict[str, Any]]] = {}


def _label(category: str | None) -> str:
    if not category:
        return "无类别"
    try:
        return _LABELS[category]
    except KeyError:
        got = _LABELS[category] = Category(category).label
        return got


_LABELS: dict[str, str] = {}


def decide(
    file: Any,
    members: Sequence[Any],
    facts: Sequence[FactLike],
    standards: Sequence[StandardLike],
    opts: RuleOptions,
    as_of: dt.date,
    state: FileState | None = None,
    five_clear: FiveClearResult | None = None,
    *,
    visits: Sequence[dt.date] | None = None,
    starts: Sequence[dt.date] = (),
    steps: Sequence[StepLike] = (),
    context: DecisionContext | None = None,
) -> Decision:
    """Evaluate a file on `as_of`.

    Args:
        file: any object with the HardshipFile attributes (rules, five clears, lifecycle columns).
        members: its household members (HouseholdMember attributes).
        facts: its IncomeFact history, sorted by `as_of`.
        standards: all standards, sorted by `effective_on`.
        state: the lifecycle state to start from (by default read from `file`).
        five_clear: a precomputed five-clear result (computed here when needed and not given).
        visits: the dates of its home visits, sorted (the file's own visit date counts too).
        starts: the dates of its placements, public-welfare posts and business starts, sorted.
        steps: its recorded procedure steps (domain.procedure.StepLike), sorted by done_on then recorded.
        context: what the decisions of a pass share (`DecisionContext(standards, opts, as_of)`, built once per
            pass); used only when built for these very standards, options and day, built here otherwise.
    """
    before = state or FileState.of(file)
    # the pass's context if it fits the call (else one of our own); the file's _Context only once a case needs it
    pass_ = (context if context is not None and context.fits(standards, opts, as_of)
             else DecisionContext(standards, opts, as_of))
    decision = Decision.start(before)
    # what _Context.at(as_of) gives, without the _Context (made below only once a case needs it)
    fact = latest_on(facts, as_of)
    std = pass_.std if fact is not None else None
    if fact is None or std is None:
        note = (
            "评定日没有生效的低保标准，暂不能认定类别（请用 standards set 设定）"
            if pass_.std is None
            else "评定日以前没有家庭收入情况记录，暂不能认定类别"
        )
        decision.note = note
        if before.status in (_St.FOUND, _St.INELIGIBLE) and before.ineligible_reason != note:
            decision.after = replace(before, ineligible_reason=note)
        return decision
    income = per_capita(fact, members, std, as_of, opts)
    lines = pass_.lines
    assert lines is not None  # a standard in force: its lines
    cat = categorise(file, income, fact, std, as_of, opts, lines)
    decision.income, decision.lines, decision.category = income, lines, cat
    st = (
        before
        if before.per_capita_monthly_fen == income.per_capita_fen
        else replace(before, per_capita_monthly_fen=income.per_capita_fen)
    )
    if st.override_until is not None:
        if as_of <= st.override_until:  # override_in_force(st, as_of)
            decision.note = f"人工改定有效至 {st.override_until}，期间不自动调整"
            decision.after = st
            return decision
        st = replace(st, override_until=None)
    below_exit = not reaches(income.per_capita_fen, lines.exit_line_fen, opts.boundary_exit)
    status = st.status
    common = status == _St.REGISTERED and not cat.exclusions and cat.category == st.category
    if common and below_exit and not starts:
        # the common case (_step's first test, taken before its helpers are made): nothing to change. Under the
        # exit line with no employment start, `above` is False without asking it (nor making the _Context); the
        # call of _clear_task only with a pending reason: each call costs ~0.2 µs and most files need none
        if st.ineligible_reason:
            st = _clear_task(st)
        decision.after = st
        return decision  # no note: _not_watched_note gives one only at the exit line
    if status == _St.INELIGIBLE and cat.category is None:
        # the next most common: still below the standard (_step's answer: the reason kept up to date; no note)
        decision.after = _set_reason(st, cat.state_reason)
        return decision
    ctx = _Context(file, members, facts, standards, opts, as_of, visits, starts, steps, pass_, fitted=True)
    ctx._at[as_of] = (fact, std, income)
    ctx.cat = cat
    if common and not ctx.above(as_of):  # the common case at the exit line, or with an employment start
        if st.ineligible_reason:
            st = _clear_task(st)
        decision.after = st
        if cat.category is not None:
            decision.note = _not_watched_note(st, ctx, cat, income, lines)
        return decision

    def clears() -> FiveClearResult:
        if decision.five_clear is None:
            decision.five_clear = five_clear or check_five_clear(file, members)
        return decision.five_clear

    def event(
        kind: str, rule: str | None, new: FileState, reason: str, text: tuple[str, dict[str, Any]], **extra: Any
    ) -> EventDraft:
        code, args = text
        return EventDraft.make(
            kind,
            rule,
            st.status,
            new.status,
            st.category,
            new.category,
            reason,
            _event_facts(income, lines, rule, extra, code, args),
            as_of,
        )

    for _ in range(MAX_STEPS):
        new, ev = _step(st, ctx, cat, income, lines, clears, event, opts, as_of)
        st = new
        if ev is None:
            break
        decision.events.append(ev)
    decision.after = st
    decision.pending, decision.proposal, decision.procedure = ctx.pending, ctx.proposal, ctx.procedure
    if decision.note is None:
        decision.note = _not_watched_note(st, ctx, cat, income, lines)
    return decision


def _not_watched_note(
    st: FileState, ctx: _Context, cat: CategoryDecision, income: IncomeResult, lines: Lines
) -> str | None:
    """Why a registered household at or above the exit line is not watched (the exit line below the category's
    own line: a household still in a category is not on its way out)."""
    if (st.status != _St.REGISTERED or not cat.eligible
            or not reaches(income.per_capita_fen, lines.exit_line_fen, ctx.opts.boundary_exit)):
        return None
    return (
        f"人均月收入 {yuan(income.per_capita_fen)} 已达到脱困线 {yuan(lines.exit_line_fen)}"
        f"（低保标准的{lines.exit_line_fen / lines.lb_fen:g}倍），但仍属{_label(cat.category)}"
        f"（{_category_line_text(cat, lines)}），不进入脱困观察"
    )


def _category_line_text(cat: CategoryDecision, lines: Lines) -> str:
    if cat.category == "relative":
        return f"相对困难线 {yuan(lines.relative_line_fen)}"
    if cat.category == "accident":
        return f"意外致困收入线 {yuan(lines.accident_line_fen)}"
    return f"低保标准 {yuan(lines.lb_fen)}"


def _set_reason(st: FileState, reason: str | None) -> FileState:
    return st if st.ineligible_reason == reason else replace(st, ineligible_reason=reason)


def _clear_task(st: FileState) -> FileState:
    """Clear a review task the rules no longer propose (other pending reasons are left to their own rules)."""
    return _set_reason(st, None) if pending_kind(st.ineligible_reason) is not None else st


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
        status == _St.REGISTERED
        and not cat.exclusions
        and cat.category == st.category
        and not ctx.above(as_of)
    ):
        return _clear_task(st), None  # the common case: nothing to change, no words needed
    if status in _ENTRY_STATUSES:
        if status == _St.CLOSED:
            if st.close_reason != "out_of_hardship":
                return st, None
            if not cat.eligible or ctx.above(as_of):
                return _clear_task(st), None
        elif not cat.eligible:
            if status == _St.FOUND:
                new = replace(
                    st, status="ineligible", category=None, status_since=as_of,
                    ineligible_reason=cat.state_reason,
                )
                return new, event(
                    _Kind.INELIGIBLE,
                    cat.rule,
                    new,
                    cat.reason + "，列为未达标准（保留档案，可随时复核）",
                    ("ineligible", {"reason_en": cat.reason_en}),
                    exclusions=",".join(cat.exclusions) or None,
                )
            return _set_reason(st, cat.state_reason), None
        if not ctx.complete():
            if status == _St.CLOSED:
                return st, None
            why = "五清未齐，暂不能登记：" + clears().missing_summary()
            return _set_reason(st, why), None
        reopen = status == _St.CLOSED
        ctx.proposal = "reopen" if reopen else "register"
        stale = ctx.stale(visit=True)
        proposed = ""  # the proposal's words, made only for the texts below that name it (not for a registration)
        if stale is not None or opts.steps:
            proposed = f"拟{'重新入档' if reopen else '登记'}为{_label(cat.category)}"
        if stale is not None:
            ctx.pending = "review_reopen" if reopen else "facts_stale"
            prefix = PENDING_PREFIXES[ctx.pending]
            return _set_reason(
                st, f"{prefix}：{cat.state_reason}，{proposed}；但{stale}，须有新的收入记录和入户走访后方可{proposed[1:3]}"
            ), None
        if opts.require_responsible and opts.steps and not getattr(ctx.file, "responsible_person_id", None):
            # with the intake steps on, a file is registered only with its contact person named; with all steps off
            # the program registers automatically as before, and a person's registration (decide_register, an
            # override) is refused without one
            ctx.pending = "no_responsible"
            return _set_reason(st, f"{PENDING_PREFIXES['no_responsible']}，暂不能登记（{proposed}）"), None
        if opts.steps:
            since = st.closed_on + dt.timedelta(days=1) if reopen and st.closed_on else None
            proc = state_of(ctx.steps, "intake", opts, as_of, since=since)
            if not proc.complete:
                ctx.pending, ctx.procedure = "procedure_step", proc
                return _set_reason(st, f"{PENDING_PREFIXES['procedure_step']}：入档程序{proc.summary()}（{proposed}）"), None
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
        ctx.pending = ctx.proposal = None
        done_steps: list[str] = list(state_of(ctx.steps, "intake", opts, as_of).done) if opts.steps else []
        done = "、".join([step_label(x) for x in done_steps]) if done_steps else ""
        steps_text = f"；经{done}" if done else ""
        text_args = {"reason_en": cat.reason_en, "steps": done_steps or None}
        if status == _St.CLOSED:
            return new, event(
                _Kind.REOPENED,
                cat.rule,
                new,
                f"退档后困难再现：{cat.reason}，重新入档帮扶（原档案和历史记录保留）{steps_text}",
                ("reopened", text_args),
            )
        return new, event(
            _Kind.REGISTERED, cat.rule, new, f"五清齐全；{cat.reason}，登记为在档帮扶对象{steps_text}",
            ("registered", text_args),
        )

    if status in ACTIVE_STATUS_VALUES and cat.exclusions:
        # found on a registered file: a cancellation proposal (认定有误) a reviewer confirms, not a silent change
        ctx.pending, ctx.proposal = "cancel_proposal", "cancel"
        return _set_reason(
            st, f"{PENDING_PREFIXES['cancel_proposal']}：{cat.state_reason}，请审核确认注销（认定有误）"
        ), None

    if status == _St.REGISTERED:
        if ctx.above(as_of):
            since = ctx.watch_start() or as_of
            category = cat.category if cat.eligible else st.category
            new = replace(
                _clear_task(st), status="watch", category=category, watch_since=since, status_since=as_of
            )
            start = ctx.presumed(as_of)
            text: tuple[str, dict[str, Any]]
            if start is not None:
                why = f"自 {start.isoformat()} 起安置就业（就业安置、公益性岗位或自主创业），进入收入观察"
                text = ("watch_start", {"start": start.isoformat(), "months": opts.watch_months})
            else:
                why = (
                    f"人均月收入 {yuan(income.per_capita_fen)}，{_exit_line_text(lines, cat)}，"
                    f"自 {since.isoformat()} 起进入收入观察"
                )
                text = ("watch_exit_line", {
                    "per_capita_fen": income.per_capita_fen, "exit_line_fen": lines.exit_line_fen,
                    "lb_fen": lines.lb_fen, "exit_multiple": _multiple(lines), "since": since.isoformat(),
                    "months": opts.watch_months,
                    "relative_line_fen": lines.relative_line_fen
                    if lines.exit_line_fen < lines.relative_line_fen else None,
                })
            return new, event(
                _Kind.WATCH,
                "employment_start" if start is not None else "exit_line",
                new,
                f"{why}；连续{opts.watch_months}个月不低于脱困线的，公示后脱困退档",
                text,
                watch_since=since,
            )
        if cat.eligible and cat.category != st.category:
            stale = ctx.stale(visit=False)
            if stale is not None:
                ctx.pending, ctx.proposal = "facts_stale", "adjust"
                return _set_reason(
                    st,
                    f"{PENDING_PREFIXES['facts_stale']}：{cat.state_reason}，拟由{_label(st.category)}调整为"
                    f"{_label(cat.category)}；但{stale}，须有新的收入记录后方可调整",
                ), None
            new = replace(_clear_task(st), category=cat.category)
            return new, event(
                _Kind.ADJUSTED,
                cat.rule,
                new,
                f"{cat.reason}，类别由{_label(st.category)}调整为{_label(cat.category)}"
                + _still_in_hardship(cat, income, lines, opts.boundary_exit),
                ("adjusted", {
                    "reason_en": cat.reason_en, "from_category": st.category, "to_category": cat.category,
                    "still_in_hardship": bool(_still_in_hardship(cat, income, lines, opts.boundary_exit)) or None,
                    "exit_line_fen": lines.exit_line_fen, "exit_multiple": _multiple(lines),
                }),
            )
        return _clear_task(st), None

    if status in _WATCH_STATUSES:
        if not ctx.above(as_of):
            category = cat.category if cat.eligible else st.category
            new = replace(
                _clear_task(st),
                status="registered",
                category=category,
                watch_since=None,
                notice_until=None,
                status_since=as_of,
            )
            where = "脱困公示期间" if status == _St.EXIT_NOTICE else "收入观察期间"
            return new, event(
                _Kind.WATCH_BROKEN,
                "below_exit_line",
                new,
                f"{where}人均月收入 {yuan(income.per_capita_fen)}，低于脱困线 {yuan(lines.exit_line_fen)}，观察中断，恢复在档帮扶"
                f"（{_label(category)}）；再次达到脱困线时重新计算观察期",
                ("watch_broken", {
                    "in_notice": status == _St.EXIT_NOTICE, "per_capita_fen": income.per_capita_fen,
                    "exit_line_fen": lines.exit_line_fen, "category": category,
                }),
            )
        since = ctx.watch_start() or as_of
        if since != st.watch_since:
            st = replace(st, watch_since=since)
        if cat.eligible and cat.category != st.category:
            new = replace(st, category=cat.category)
            return new, event(
                _Kind.ADJUSTED,
                cat.rule,
                new,
                f"{cat.reason}，类别由{_label(st.category)}调整为{_label(cat.category)}",
                ("adjusted", {"reason_en": cat.reason_en, "from_category": st.category, "to_category": cat.category}),
            )
        if status == _St.WATCH:
            due = add_months(since, opts.watch_months)
            if due > as_of:
                return st, None
            if ctx.presumed(as_of) is not None:
                # months since the start are complete, but no income fact after it shows the income yet
                ctx.pending, ctx.proposal = "facts_stale", "exit_notice"
                return _set_reason(
                    st,
                    f"{PENDING_PREFIXES['facts_stale']}：自 {since.isoformat()} 就业起已满{opts.watch_months}个月，"
                    "须有就业后的收入记录证明不低于脱困线，方可脱困公示",
                ), None
            if "proposal" in opts.exit_steps:
                proc = state_of(ctx.steps, "exit", opts, as_of, since=since)
                if "proposal" not in proc.done:
                    ctx.pending, ctx.proposal, ctx.procedure = "procedure_step", "exit_notice", proc
                    return _set_reason(
                        st,
                        f"{PENDING_PREFIXES['procedure_step']}：已连续{opts.watch_months}个月不低于脱困线，"
                        f"脱困程序下一步：{step_label('proposal')}",
                    ), None
            until = add_workdays(as_of, opts.notice_workdays, opts.calendar)
            new = replace(_clear_task(st), status="exit_notice", notice_until=until, status_since=as_of)
            return new, event(
                _Kind.EXIT_NOTICE,
                "months_above_exit_line",
                new,
                f"自 {since.isoformat()} 起连续{opts.watch_months}个月人均月收入不低于脱困线 {yuan(lines.exit_line_fen)}（现为 {yuan(income.per_capita_fen)}），"
                f"予以脱困公示{opts.notice_workdays}个工作日，至 {until.isoformat()} 止",
                ("exit_notice", {
                    "since": since.isoformat(), "months": opts.watch_months, "exit_line_fen": lines.exit_line_fen,
                    "per_capita_fen": income.per_capita_fen, "workdays": opts.notice_workdays,
                    "until": until.isoformat(),
                }),
                watch_since=since,
                notice_until=until,
                months=opts.watch_months,
            )
        assert st.notice_until is not None
        if as_of <= st.notice_until:
            return st, None
        closed_on = st.notice_until + dt.timedelta(days=1)
        decided = ""
        decided_on: str | None = None
        if "decision" in opts.exit_steps:
            proc = state_of(ctx.steps, "exit", opts, as_of, since=st.watch_since)
            decision = _latest_step(ctx.steps, "exit", "decision", after=st.status_since, as_of=as_of)
            if decision is None:
                ctx.pending, ctx.proposal, ctx.procedure = "procedure_step", "close", proc
                return _set_reason(
                    st,
                    f"{PENDING_PREFIXES['procedure_step']}：脱困公示已于 {st.notice_until.isoformat()} 期满，"
                    f"脱困程序下一步：{step_label('decision')}",
                ), None
            if decision.result == "fail":
                new = replace(
                    _clear_task(st),
                    status="watch",
                    notice_until=None,
                    watch_since=decision.done_on,
                    status_since=decision.done_on,
                )
                return new, event(
                    _Kind.WATCH_BROKEN,
                    "exit_decision_refused",
                    new,
                    f"{decision.done_on.isoformat()} 集体研究决定暂不脱困，继续收入观察，自该日起重新计算观察期",
                    ("exit_decision_refused", {"done_on": decision.done_on.isoformat()}),
                )
            closed_on = max(closed_on, decision.done_on)
            decided = f"，经 {decision.done_on.isoformat()} 集体研究决定"
            decided_on = decision.done_on.isoformat()
        new = replace(
            _clear_task(st),
            status="closed",
            closed_on=closed_on,
            close_reason="out_of_hardship",
            status_since=closed_on,
            notice_until=st.notice_until,
        )
        return new, event(
            _Kind.CLOSED,
            "exit_after_notice",
            new,
            f"脱困公示至 {st.notice_until.isoformat()} 期满，人均月收入 {yuan(income.per_capita_fen)}仍不低于脱困线 {yuan(lines.exit_line_fen)}"
            f"{decided}，脱困退档；退档后{opts.follow_up_months}个月内跟踪回访",
            ("exit_closed", {
                "notice_until": st.notice_until.isoformat(), "per_capita_fen": income.per_capita_fen,
                "exit_line_fen": lines.exit_line_fen, "decided_on": decided_on,
                "follow_up_months": opts.follow_up_months,
            }),
            watch_since=st.watch_since,
            notice_until=st.notice_until,
            closed_on=closed_on,
        )
    return st, None


def _latest_step(
    steps: Sequence[StepLike], procedure: str, name: str, *, after: dt.date | None, as_of: dt.date
) -> StepLike | None:
    found: StepLike | None = None
    for s in steps:
        if s.procedure == procedure and s.step == name and s.done_on <= as_of and (after is None or s.done_on >= after):
            found = s
    return found


def _multiple(lines: Lines) -> str:
    return f"{lines.exit_line_fen / lines.lb_fen:g}" if lines.lb_fen else "?"


def _exit_line_text(lines: Lines, cat: CategoryDecision) -> str:
    """The exit line as it really applies: with the exit line below the relative line (exit multiple 1), a
    household leaves hardship only once no category is met any more, so the line it crossed is named too."""
    multiple = f"{lines.exit_line_fen / lines.lb_fen:g}" if lines.lb_fen else "?"
    text = f"达到脱困线 {yuan(lines.exit_line_fen)}（低保标准 {yuan(lines.lb_fen)} 的{multiple}倍）"
    if lines.exit_line_fen < lines.relative_line_fen:
        text += f"，且不低于相对困难线 {yuan(lines.relative_line_fen)}、不再符合任何困难类别"
    return text


def _still_in_hardship(cat: CategoryDecision, income: IncomeResult, lines: Lines, boundary: str = "ge") -> str:
    """For an adjustment at or above an exit line that lies below the category's line: why it is not watched."""
    if not reaches(income.per_capita_fen, lines.exit_line_fen, boundary) or not cat.eligible:
        return ""
    return (
        f"；虽达到脱困线 {yuan(lines.exit_line_fen)}（低保标准的{lines.exit_line_fen / lines.lb_fen:g}倍），"
        f"但仍属{_label(cat.category)}，不进入脱困观察"
    )


def whole_months(since: dt.date, day: dt.date) -> int:
    """Whole months from `since` to `day` (0 when day is earlier)."""
    months = 0
    while add_months(since, months + 1) <= day:
        months += 1
    return months


__all__ = ["ACTIVE_STATUSES", "ACTIVE_STATUS_VALUES", "Decision", "DecisionContext", "EventDraft", "FileState", "decide", "standard_on",
           "whole_months"]


def decide_found(
    file: Any,
    members: Sequence[Any],
    fact: FactLike,
    standards: Sequence[StandardLike],
    opts: RuleOptions,
    as_of: dt.date,
    five_clear: FiveClearResult | None = None,
) -> Decision:
    """`decide(file, members, [fact], standards, opts, as_of, five_clear=five_clear)` for a household just found
    (a roster's new file): the same Decision, with less work per file.

    Taken here only when the file is `found` with no override, its one income fact is dated `as_of`, it has no
    visit records, employment starts or procedure steps, and the union has no intake steps switched on; then the
    first step (ineligible, five clears missing, facts too old, or registered and nothing more to do) is decided
    directly. Every other case, and a registration the rules would take further (watch, an exclusion), is
    handed to `decide` itself.
    """
    before = FileState.of(file)
    std = standard_on(standards, as_of)
    if (std is None or before.status != _St.FOUND or before.override_until is not None
            or fact.as_of != as_of or opts.steps):
        return decide(file, members, [fact], standards, opts, as_of, state=before, five_clear=five_clear)
    income = per_capita(fact, members, std, as_of, opts)
    lines = lines_of(std)
    cat = categorise(file, income, fact, std, as_of, opts)
    decision = Decision(before, before, income=income, lines=lines, category=cat)
    st = (
        before
        if before.per_capita_monthly_fen == income.per_capita_fen
        else replace(before, per_capita_monthly_fen=income.per_capita_fen)
    )

    def draft(kind: str, new: FileState, reason: str, code: str, args: dict[str, Any],
              **extra: Any) -> EventDraft:
        facts = with_text(_facts_json(income, lines, rule=cat.rule, **extra), code, **args)
        return EventDraft.make(kind, cat.rule, st.status, new.status, st.category, new.category, reason,
                               facts, as_of)

    if not cat.eligible:
        new = replace(st, status="ineligible", category=None, status_since=as_of,
                      ineligible_reason=cat.state_reason)
        decision.events.append(draft(
            _Kind.INELIGIBLE, new, cat.reason + "，列为未达标准（保留档案，可随时复核）", "ineligible",
            {"reason_en": cat.reason_en}, exclusions=",".join(cat.exclusions) or None,
        ))
        decision.after = new
        return decision
    ctx = _Context(file, members, [fact], standards, opts, as_of)
    ctx._at[as_of] = (fact, std, income)
    ctx.cat = cat
    if not ctx.complete():
        decision.five_clear = five_clear or check_five_clear(file, members)
        decision.after = _set_reason(st, "五清未齐，暂不能登记：" + decision.five_clear.missing_summary())
        return decision
    proposed = f"拟登记为{_label(cat.category)}"
    stale = ctx.stale(visit=True)
    if stale is not None:
        decision.after = _set_reason(
            st, f"{PENDING_PREFIXES['facts_stale']}：{cat.state_reason}，{proposed}；但{stale}，须有新的收入记录和入户走访后方可"
            f"{proposed[1:3]}"
        )
        decision.pending, decision.proposal = "facts_stale", "register"
        return decision
    new = replace(st, status="registered", category=cat.category, status_since=as_of, watch_since=None,
                  notice_until=None, closed_on=None, close_reason=None, ineligible_reason=None)
    if cat.exclusions or ctx.above(as_of):  # the rules would go on from the registration: decide does it
        return decide(file, members, [fact], standards, opts, as_of, state=before, five_clear=five_clear)
    decision.events.append(draft(_Kind.REGISTERED, new, f"五清齐全；{cat.reason}，登记为在档帮扶对象",
                                 "registered", {"reason_en": cat.reason_en, "steps": None}))
    decision.after = new
    decision.note = _not_watched_note(new, ctx, cat, income, lines)
    return decision
