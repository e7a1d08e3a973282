"""The intake and exit procedure of a file: recording its steps and showing where it stands (domain/procedure.py).

The rules decide the category; the steps a union switches on decide when it takes effect. Recording a step
re-evaluates the file, so the step that completes the procedure registers (or exits) it at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assist_desktop.db.engine import Database
from assist_desktop.db.models import HardshipFile, HomeVisit, ProcedureStep
from assist_desktop.domain.enums import Category, FileStatus
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.domain.lifecycle import PENDING_PREFIXES, pending_kind
from assist_desktop.domain.procedure import (
    LEVEL_LABELS,
    REVIEW_STEPS,
    ROLE_LABELS,
    ProcedureState,
    StepInput,
    check_step,
    notice_end,
    state_of,
    step_label,
)
from assist_desktop.domain.validation import parse_date
from assist_desktop.services import lifecycle
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.read_models import MappingView


@dataclass(frozen=True, eq=False)
class StepView(MappingView):
    """One recorded step, as the history and `procedure show` list it."""

    procedure: str
    step: str
    step_label: str
    done_on: dt.date
    by_role: str | None
    by_label: str | None
    by_name: str | None
    result: str | None
    level: str | None
    notice_end: dt.date | None
    objection: str | None
    answer: str | None
    consent_file: str | None
    consent_on: dt.date | None
    note: str | None
    recorded_by: str

    @classmethod
    def of(cls, row: ProcedureStep) -> StepView:
        return cls(
            row.procedure, row.step, step_label(row.step), row.done_on, row.by_role,
            ROLE_LABELS.get(row.by_role or "") if row.by_role else None, row.by_name, row.result, row.level,
            row.notice_end, row.objection, row.answer, row.consent_file, row.consent_on, row.note, row.recorded_by,
        )

    def text(self, *, dated: bool = True) -> str:
        """One line in plain words (without its date where a column shows it)."""
        head = f"{self.done_on.isoformat()} {self.step_label}" if dated else self.step_label
        if self.by_label or self.by_name:
            head += "（" + "，".join(x for x in (self.by_label, self.by_name) if x) + "）"
        parts = [head]
        if self.level:
            parts.append(f"审批层级：{LEVEL_LABELS.get(self.level, self.level)}")
        if self.notice_end:
            parts.append(f"公示至 {self.notice_end.isoformat()}")
        if self.objection:
            parts.append(f"异议：{self.objection}" + (f"；答复：{self.answer}" if self.answer else ""))
        if self.consent_file:
            parts.append(f"授权书：{self.consent_file}")
        elif self.consent_on:
            parts.append(f"已签署授权（{self.consent_on.isoformat()}）")
        if self.result:
            parts.append("结果：" + ("通过" if self.result == "pass" else "未通过"))
        if self.note:
            parts.append(f"备注：{self.note}")
        return " ".join(parts)


@dataclass(frozen=True, eq=False)
class ProcedureView(MappingView):
    """Where a file stands in its procedures: the proposal of the rules, the next step, every step recorded."""

    file_no: str
    status: str
    status_label: str
    proposed_category: str | None
    proposed_category_label: str | None
    proposal: str | None  # register / reopen / adjust / cancel / exit_notice / close (None: nothing waits)
    review_task: str | None
    pending_reason: str | None
    intake: dict[str, Any]
    exit: dict[str, Any]
    steps: list[StepView]
    changes: Changes = NOTHING

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["steps"] = [s.to_json() for s in self.steps]
        return out


def _state_json(proc: ProcedureState) -> dict[str, Any]:
    return {
        "enabled": list(proc.enabled),
        "done": list(proc.done),
        "next_step": proc.next_step,
        "next_step_label": step_label(proc.next_step) if proc.next_step else None,
        "waiting_until": proc.waiting_until,
        "stopped": proc.stopped.step if proc.stopped is not None else None,
        "complete": proc.complete,
        "summary": proc.summary() if proc.active else "本会未启用此程序的步骤",
    }


def _since(f: HardshipFile, procedure: str) -> dt.date | None:
    """The first day a round of `procedure` may count from (a returning household goes through intake again)."""
    if procedure == "intake":
        return f.closed_on + dt.timedelta(days=1) if f.status == FileStatus.CLOSED and f.closed_on else None
    return f.watch_since


def _view_in(s: Session, f: HardshipFile, *, as_of: dt.date, changes: Changes = NOTHING) -> ProcedureView:
    opts = lifecycle.rule_options(s)
    rows = lifecycle.steps_of(s, f.id)
    decision = lifecycle._decide_orm(s, f, as_of, opts=opts)
    cat = decision.category.category if decision.category is not None else None
    return ProcedureView(
        file_no=f.file_no,
        status=f.status,
        status_label=FileStatus(f.status).label,
        proposed_category=cat,
        proposed_category_label=Category(cat).label if cat else None,
        proposal=decision.proposal,
        review_task=decision.pending or pending_kind(f.ineligible_reason),
        pending_reason=f.ineligible_reason,
        intake=_state_json(state_of(rows, "intake", opts, as_of, since=_since(f, "intake"))),
        exit=_state_json(state_of(rows, "exit", opts, as_of, since=_since(f, "exit"))),
        steps=[StepView.of(r) for r in rows],
        changes=changes,
    )


def procedure_state(db: Database, *, file_no: str, as_of: dt.date) -> ProcedureView:
    """Where a file stands in its intake and exit procedures on `as_of`, with every step recorded.

    Raises:
        NotFound: no such file.
    """
    with db.reader() as s:
        return _view_in(s, lifecycle._get(s, file_no), as_of=as_of)


def list_steps(db: Database, *, file_no: str) -> list[StepView]:
    """Every step recorded for a file, oldest first.

    Raises:
        NotFound: no such file.
    """
    with db.reader() as s:
        return [StepView.of(r) for r in lifecycle.steps_of(s, lifecycle._get(s, file_no).id)]


def record_step(
    db: Database,
    *,
    file_no: str,
    step: str,
    on: object,
    procedure: str | None = None,
    by: str | None = None,
    by_name: str | None = None,
    result: str | None = None,
    level: str | None = None,
    objection: str | None = None,
    answer: str | None = None,
    upheld: bool = False,
    consent: bool = False,
    consent_file: str | None = None,
    note: str | None = None,
    today: dt.date,
    actor: str = "system",
) -> ProcedureView:
    """Record one step of a file's intake or exit procedure, then re-evaluate the file on `today`.

    Args:
        step: an intake step (application, home_visit, consent, income_check, notice, approval) or an exit step
            (proposal, decision); `procedure` is derived from it when not given.
        on: the day the step was done (a notice: its first day; it runs `entry_notice_workdays` working days).
        by: applicant / proposer / reviewer; by_name: who (the visitor of a home visit).
        result: pass / fail (income check, approval, exit decision); a notice fails when `upheld` (an objection
            found right), which stops the intake.
        level: an approval's level (union / parent; the union's setting approval_level says which counts).
    Raises:
        NotFound: no such file.
        ValidationFailed: a step switched off, out of order, or missing its own fields.
        DomainError: the account may not record it (approval and decision need a reviewer).
    """
    if procedure is None:
        procedure = "exit" if step in ("proposal", "decision") else "intake"
    require(db, actor, "review" if step in REVIEW_STEPS else "edit_file")
    day = parse_date(on, "on", required=True, today=today)  # ValidationFailed: not a date, in the future
    assert day is not None
    if step == "notice" and upheld:
        result = "fail"
    req = StepInput(procedure, step, day, by, (by_name or "").strip() or None, result, level,
                    (objection or "").strip() or None, (answer or "").strip() or None,
                    (consent_file or "").strip() or None, consent, (note or "").strip() or None)
    with db.transaction(actor=actor, reason=f"procedure {procedure} {step}") as s:
        f = lifecycle._get(s, file_no)
        opts = lifecycle.rule_options(s)
        recorded = lifecycle.steps_of(s, f.id)
        errors = check_step(req, recorded, opts, since=_since(f, procedure))
        if errors:
            raise ValidationFailed(errors)
        ends = notice_end(day, opts) if step == "notice" else None
        if step == "notice" and "notice" in state_of(recorded, procedure, opts, day, since=_since(f, procedure)).done:
            # objections recorded on a running notice: the notice keeps its period
            ends = [r for r in recorded if r.procedure == procedure and r.step == "notice"][-1].notice_end
        row = ProcedureStep(
            file_id=f.id, procedure=procedure, step=step, done_on=day, by_role=by, by_name=req.by_name,
            result=req.result, level=level if step == "approval" else None,
            notice_end=ends,
            objection=req.objection, answer=req.answer, consent_file=req.consent_file,
            consent_on=day if step == "consent" else None, note=req.note, recorded_by=str(actor),
        )
        s.add(row)
        if step == "home_visit":
            # the investigation is a home visit: it is listed with the others and keeps the facts fresh
            s.add(HomeVisit(file_id=f.id, visited_on=day, visitor=req.by_name or str(actor),
                            living_situation=req.note, created_by=str(actor)))
            if f.last_visit_date is None or day >= f.last_visit_date:
                f.last_visit_date = day
        s.flush()
        lifecycle.evaluate_in(s, f, as_of=today, actor=actor)
        return _view_in(s, f, as_of=today, changes=Changes.of_files(f.id))


def review_task_label(kind: str | None) -> str | None:
    """The words of a review task kind (domain.lifecycle.PENDING_PREFIXES)."""
    return PENDING_PREFIXES.get(kind) if kind else None
