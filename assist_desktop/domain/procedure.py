"""The procedure around the rules (DOMAIN.md §9): the intake and exit steps a union switches on.

The rules always decide the category and show it; the steps decide *when* it takes effect. Intake: application
(申请 or a proposal, 推荐) → home visit (入户调查) → signed consent to the income check (核对授权) → the check's result
(核对) → public notice (公示, `entry_notice_workdays` working days, objections recorded and answered) → approval at
the configured level (审批). Exit: proposal (申请或提议) → the exit notice the lifecycle already runs → collective
decision (集体研究决定). Each step is a setting (`step_*`, `exit_step_*` in domain/options.py); with all off the
program registers and exits automatically as before.

A round of steps: the steps recorded since the procedure last started afresh. An intake round starts after the
file's last closure (a returning household goes through the steps again) and after a step that stopped it (the
check failed, an objection was upheld, the approval refused): a new application starts the next round.
Pure functions only: services/procedure.py loads and stores the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from assist_desktop.domain.errors import FieldError
from assist_desktop.domain.income import RuleOptions
from assist_desktop.domain.options import EXIT_STEPS, INTAKE_STEPS
from assist_desktop.domain.workdays import add_workdays

PROCEDURES = ("intake", "exit")
#: step name -> (Chinese, English)
STEP_LABELS: dict[str, tuple[str, str]] = {
    "application": ("申请或推荐", "application or proposal"),
    "home_visit": ("入户调查", "home visit"),
    "consent": ("签署核对授权", "signed consent to the income check"),
    "income_check": ("核对结果", "income check result"),
    "notice": ("公示", "public notice"),
    "approval": ("审批", "approval"),
    "proposal": ("脱困申请或提议", "exit proposal"),
    "decision": ("集体研究决定", "collective decision"),
}
#: who may have done a step (by_role): the applicant, the proposer (contact person or grassroots union), a reviewer
ROLES = ("applicant", "proposer", "reviewer")
ROLE_LABELS = {"applicant": "本人申请", "proposer": "推荐或提议", "reviewer": "审核人"}
RESULTS = ("pass", "fail")
#: approval levels (option approval_level): this union or the union above it
LEVELS = ("union", "parent")
LEVEL_LABELS = {"union": "本级工会", "parent": "上级工会"}
#: steps that only a reviewer records (permission "review")
REVIEW_STEPS = frozenset({"approval", "decision"})


def step_label(step: str) -> str:
    return STEP_LABELS.get(step, (step, step))[0]


class StepLike(Protocol):
    """What the procedure reads of a recorded step (services' procedure_step rows, test objects)."""

    @property
    def procedure(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def done_on(self) -> dt.date: ...
    @property
    def result(self) -> str | None: ...
    @property
    def notice_end(self) -> dt.date | None: ...
    @property
    def level(self) -> str | None: ...


def enabled_steps(procedure: str, opts: RuleOptions) -> tuple[str, ...]:
    """The steps of `procedure` the union has switched on, in their order."""
    if procedure == "intake":
        return tuple(s for s in INTAKE_STEPS if s in opts.steps)
    return tuple(s for s in EXIT_STEPS if s in opts.exit_steps)


def stops(step: StepLike) -> bool:
    """Whether a recorded step ended its round: a failed check, an upheld objection, a refused approval or
    decision."""
    return step.result == "fail"


@dataclass(frozen=True)
class ProcedureState:
    """Where a file stands in one procedure on a day."""

    procedure: str
    enabled: tuple[str, ...]
    done: tuple[str, ...]  # the enabled steps done in this round, in order
    next_step: str | None  # the first enabled step not done (None: all done)
    waiting_until: dt.date | None  # the notice runs until this day (the next step waits for it)
    stopped: StepLike | None  # the step that stopped the latest round (no new round started since)
    round_start: dt.date | None

    @property
    def active(self) -> bool:
        """Some step is switched on."""
        return bool(self.enabled)

    @property
    def complete(self) -> bool:
        """Every enabled step done and any notice ended: the rules' proposal may take effect."""
        return self.stopped is None and self.next_step is None and self.waiting_until is None

    def summary(self) -> str:
        if self.stopped is not None:
            return f"{step_label(self.stopped.step)}未通过（{self.stopped.done_on.isoformat()}），程序终止；须重新申请"
        if self.waiting_until is not None:
            return f"公示至 {self.waiting_until.isoformat()} 期满"
        if self.next_step is not None:
            return f"下一步：{step_label(self.next_step)}"
        return "程序已完成"


def _round(
    steps: Sequence[StepLike], procedure: str, since: dt.date | None, first: str
) -> tuple[list[StepLike], StepLike | None]:
    """The steps of the current round (after `since` and after the last stop) and the stop if nothing followed it."""
    current: list[StepLike] = []
    stopped: StepLike | None = None
    for step in steps:
        if step.procedure != procedure or (since is not None and step.done_on < since):
            continue
        if stopped is not None:
            if step.step != first:
                continue  # after a stop only a new first step starts a round
            stopped = None
            current = []
        current.append(step)
        if stops(step):
            stopped = step
    return current, stopped


def state_of(
    steps: Sequence[StepLike], procedure: str, opts: RuleOptions, as_of: dt.date, *, since: dt.date | None = None
) -> ProcedureState:
    """Where the file stands in `procedure` on `as_of` from its recorded steps (sorted by done_on, then recorded).

    Args:
        since: the round cannot start before this day (intake: the day after the last closure; exit: the watch's
            first day).
    """
    enabled = enabled_steps(procedure, opts)
    first = enabled[0] if enabled else ""
    current, stopped = _round([s for s in steps if s.done_on <= as_of], procedure, since, first)
    latest: dict[str, StepLike] = {}
    for s in current:
        latest[s.step] = s  # a step recorded again (objections answered later) supersedes the earlier entry
    done: list[str] = []
    waiting: dt.date | None = None
    next_step: str | None = None
    for name in enabled:
        got = latest.get(name)
        if got is None or (name == "approval" and not level_ok(got.level, opts)):
            next_step = name
            break
        done.append(name)
        if name == "notice" and got.notice_end is not None and as_of <= got.notice_end:
            waiting = got.notice_end
            break
    start = current[0].done_on if current else None
    return ProcedureState(procedure, enabled, tuple(done), next_step, waiting, stopped, start)


def level_ok(level: str | None, opts: RuleOptions) -> bool:
    """An approval counts at the configured level (a parent union's approval also counts for `union`)."""
    if opts.approval_level == "parent":
        return level == "parent"
    return True


def notice_end(start: dt.date, opts: RuleOptions) -> dt.date:
    """The last day of an entry notice starting on `start` (entry_notice_workdays working days)."""
    return add_workdays(start, opts.entry_notice_workdays, opts.calendar)


@dataclass(frozen=True)
class StepInput:
    """A step as a person records it (checked by `check_step`)."""

    procedure: str
    step: str
    done_on: dt.date
    by_role: str | None = None
    by_name: str | None = None
    result: str | None = None
    level: str | None = None
    objection: str | None = None
    answer: str | None = None
    consent_file: str | None = None
    consent: bool = False
    note: str | None = None


def check_step(
    req: StepInput, recorded: Sequence[StepLike], opts: RuleOptions, *, since: dt.date | None = None
) -> list[FieldError]:
    """Whether a step may be recorded now: a known, switched-on step, its own fields, and the steps before it done."""
    errors: list[FieldError] = []
    if req.procedure not in PROCEDURES:
        return [FieldError("procedure", "应为 intake（入档）或 exit（退档）", "must be intake or exit")]
    names = INTAKE_STEPS if req.procedure == "intake" else EXIT_STEPS
    if req.step not in names:
        choices = "、".join(f"{n}（{step_label(n)}）" for n in names)
        return [FieldError("step", f"“{req.step}”不是程序步骤：{choices}", f"'{req.step}' is not a step")]
    enabled = enabled_steps(req.procedure, opts)
    if req.step not in enabled:
        return [
            FieldError(
                "step",
                f"本会未启用“{step_label(req.step)}”步骤（设置 {'step_' if req.procedure == 'intake' else 'exit_step_'}"
                f"{req.step}）",
                f"the step {req.step} is switched off",
            )
        ]
    if req.by_role is not None and req.by_role not in ROLES:
        errors.append(FieldError("by", "应为 applicant（本人申请）、proposer（推荐或提议）或 reviewer（审核人）",
                                 "must be applicant, proposer or reviewer"))
    if req.result is not None and req.result not in RESULTS:
        errors.append(FieldError("result", "应为 pass（通过）或 fail（未通过）", "must be pass or fail"))
    if req.level is not None and req.level not in LEVELS:
        errors.append(FieldError("level", "应为 union（本级工会）或 parent（上级工会）", "must be union or parent"))
    if req.step in ("application", "proposal") and req.by_role not in ("applicant", "proposer"):
        errors.append(FieldError("by", "须说明是本人申请（applicant）还是推荐或提议（proposer）",
                                 "say whether the worker applied or someone proposed"))
    if req.step == "home_visit" and not (req.by_name or "").strip():
        errors.append(FieldError("by", "入户调查须写明调查人", "a home visit needs the visitor's name"))
    if req.step == "consent" and not (req.consent or (req.consent_file or "").strip()):
        errors.append(FieldError("consent", "须附签署的核对授权书，或确认已签署", "attach the signed consent or tick it"))
    if req.step in ("income_check", "approval", "decision") and req.result is None:
        errors.append(FieldError("result", f"{step_label(req.step)}须写明结果（pass 通过 / fail 未通过）",
                                 "give the result: pass or fail"))
    if req.step == "notice" and (req.answer or "").strip() and not (req.objection or "").strip():
        errors.append(FieldError("answer", "没有异议，无需答复", "an answer needs an objection"))
    if req.step == "notice" and req.result == "fail" and not (req.objection or "").strip():
        errors.append(FieldError("objection", "异议成立须写明异议内容", "an upheld objection needs its text"))
    if errors:
        return errors
    # the steps before it, in this round, must be done (a notice must have started; it need not have ended for
    # objections to be recorded on it again)
    state = state_of(recorded, req.procedure, opts, req.done_on, since=since)
    position = enabled.index(req.step)
    if state.stopped is not None and req.step != enabled[0]:
        return [FieldError("step", f"程序已于 {state.stopped.done_on.isoformat()} 终止（{step_label(state.stopped.step)}"
                                   f"未通过），须重新{step_label(enabled[0])}", "the procedure was stopped: start again")]
    if state.stopped is None and position > len(state.done) and not (
        req.step == "notice" and "notice" in state.done
    ):
        missing = enabled[len(state.done)]
        return [FieldError("step", f"须先完成“{step_label(missing)}”", f"the step {missing} comes first")]
    if (state.waiting_until is not None and req.step != "notice" and position > enabled.index("notice")):
        return [FieldError("step", f"公示至 {state.waiting_until.isoformat()} 期满后才能{step_label(req.step)}",
                           "the notice has not ended")]
    if state.round_start is not None and req.done_on < state.round_start and state.stopped is None:
        return [FieldError("on", "不能早于本轮程序的第一步", "must not be before the round's first step")]
    return []
