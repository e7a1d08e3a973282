"""Assistance given, home visits (a visit can make the state-of-mind clear) and re-employment support."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import AssistanceRecord, EmploymentSupport, HomeVisit, utcnow
from assist_desktop.domain.enums import AssistanceKind, EmploymentSupportKind, FundSource
from assist_desktop.domain.errors import FieldError, ValidationFailed
from assist_desktop.domain.validation import check_name, check_text, parse_date, parse_enum, parse_money_fen
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes

T = TypeVar("T")


@dataclass(frozen=True)
class AssistanceView:
    """One act of assistance (money in integer fen); after `add_assistance`, `changes` says what was written."""

    id: str
    file_no: str
    given_on: dt.date
    kind: str
    amount_fen: int
    fund_source: str
    helper: str | None
    items: str | None
    note: str | None
    created_at: dt.datetime
    created_by: str
    changes: Changes = field(default=NOTHING, compare=False)

    @classmethod
    def of(cls, row: AssistanceRecord, file_no: str, changes: Changes = NOTHING) -> AssistanceView:
        return cls(row.id, file_no, row.given_on, row.kind, row.amount_fen, row.fund_source, row.helper, row.items,
                   row.note, row.created_at, row.created_by, changes)

    def to_json(self, *, listed: bool = False) -> dict[str, Any]:
        """The machine form: `assist add`'s `record` (with file_no), or one of `assist list`'s `records`."""
        body = {"given_on": self.given_on, "kind": self.kind, "amount_fen": self.amount_fen,
                "fund_source": self.fund_source, "helper": self.helper, "items": self.items, "note": self.note}
        if listed:
            return {**body, "id": self.id, "created_at": self.created_at, "created_by": self.created_by}
        return {"id": self.id, "file_no": self.file_no, **body, "created_by": self.created_by}


@dataclass(frozen=True)
class VisitView:
    """One home visit; `follow_up` when it followed an exit from hardship."""

    id: str
    file_no: str
    visited_on: dt.date
    visitor: str
    living_situation: str | None
    needs: str | None
    explained: str | None
    state_of_mind: str | None
    follow_up: bool
    created_at: dt.datetime
    created_by: str

    @classmethod
    def of(cls, row: HomeVisit, file_no: str) -> VisitView:
        return cls(row.id, file_no, row.visited_on, row.visitor, row.living_situation, row.needs, row.explained,
                   row.state_of_mind, row.follow_up, row.created_at, row.created_by)

    def _texts(self) -> dict[str, Any]:
        return {"visited_on": self.visited_on, "visitor": self.visitor, "living_situation": self.living_situation,
                "needs": self.needs, "explained": self.explained, "state_of_mind": self.state_of_mind}

    def to_json(self) -> dict[str, Any]:
        """One of `visit list`'s `visits`."""
        return {**self._texts(), "follow_up": self.follow_up, "id": self.id, "created_at": self.created_at,
                "created_by": self.created_by}


@dataclass(frozen=True)
class VisitRecorded:
    """What `add_visit` did: the visit, the file's status after it, and the lifecycle events it caused."""

    visit: VisitView
    status: str
    events: tuple[str, ...]
    changes: Changes

    @property
    def file_no(self) -> str:
        return self.visit.file_no

    @property
    def follow_up(self) -> bool:
        return self.visit.follow_up

    def to_json(self) -> dict[str, Any]:
        """`visit add`'s `visit`."""
        v = self.visit
        return {"id": v.id, "file_no": v.file_no, "follow_up": v.follow_up, "status": self.status,
                "events": list(self.events), **v._texts(), "created_by": v.created_by}


@dataclass(frozen=True)
class EmploymentSupportView:
    """One re-employment support record; after `add_employment_support` / `update_employment_support`, `changes`
    says what was written, and `status` / `events` what the re-evaluation a job start causes did to the file."""

    id: str
    file_no: str
    kind: str
    started_on: dt.date
    ended_on: dt.date | None
    detail: str | None
    outcome: str | None
    certificate: str | None
    found_work: bool | None
    amount_fen: int
    lender: str | None
    term_months: int | None
    created_at: dt.datetime
    changes: Changes = field(default=NOTHING, compare=False)
    status: str | None = field(default=None, compare=False)
    events: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, row: EmploymentSupport, file_no: str, changes: Changes = NOTHING, *, status: str | None = None,
           events: tuple[str, ...] = ()) -> EmploymentSupportView:
        return cls(row.id, file_no, row.kind, row.started_on, row.ended_on, row.detail, row.outcome,
                   row.certificate, row.found_work, row.amount_fen, row.lender, row.term_months, row.created_at,
                   changes, status, events)

    @property
    def starts_work(self) -> bool:
        return EmploymentSupportKind(self.kind).starts_work

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "file_no": self.file_no, "kind": self.kind, "started_on": self.started_on,
                "ended_on": self.ended_on, "detail": self.detail, "outcome": self.outcome,
                "certificate": self.certificate, "found_work": self.found_work, "amount_fen": self.amount_fen,
                "lender": self.lender, "term_months": self.term_months, "created_at": self.created_at}


@dataclass(frozen=True)
class TrainingOutcome:
    """A training and whether the person found work after it: as recorded on the training (`found_work`), or
    else shown by a later job start (placement, public-welfare post, business start, or a referral that led to
    work) — higher levels judge training by the jobs that follow (DOMAIN.md §6)."""

    training: EmploymentSupportView
    job: EmploymentSupportView | None  # the first job start on or after the training's start

    @property
    def found_work(self) -> bool | None:
        if self.training.found_work is not None:
            return self.training.found_work
        return True if self.job is not None else None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.training.id, "started_on": self.training.started_on, "detail": self.training.detail,
                "certificate": self.training.certificate, "found_work": self.found_work,
                "recorded_found_work": self.training.found_work,
                "job": None if self.job is None else {"id": self.job.id, "kind": self.job.kind,
                                                      "started_on": self.job.started_on,
                                                      "detail": self.job.detail}}


def training_outcomes(records: list[EmploymentSupportView]) -> list[TrainingOutcome]:
    """Each training of a file's records (oldest first) with the job that followed it, if any."""
    jobs = [r for r in records if r.starts_work or (r.kind == EmploymentSupportKind.REFERRAL and r.found_work)]
    out = []
    for r in records:
        if r.kind != EmploymentSupportKind.TRAINING:
            continue
        after = [j for j in jobs if j.started_on >= r.started_on]
        out.append(TrainingOutcome(r, min(after, key=lambda j: j.started_on) if after else None))
    return out


def _collect(errors: list[FieldError], fn: Callable[[], T]) -> T | None:
    try:
        return fn()
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return None


def add_assistance(
    db: Database,
    *,
    file_no: str,
    kind: str,
    amount: object = None,
    fund: str = "union",
    given_on: object = None,
    helper: str | None = None,
    items: str | None = None,
    note: str | None = None,
    today: dt.date,
    actor: str = "system",
) -> AssistanceView:
    """Record one act of assistance; the amount in yuan becomes exact integer fen.

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad kind, amount, fund source or date.
    """
    require(db, actor, "record_assistance")
    from assist_desktop.services.files import get_by_no

    errors: list[FieldError] = []
    k = _collect(errors, lambda: parse_enum(AssistanceKind, kind, "kind", required=True))
    fen = _collect(errors, lambda: parse_money_fen(amount, "amount") or 0)
    src = _collect(errors, lambda: parse_enum(FundSource, fund, "fund_source", required=True))
    day = _collect(errors, lambda: parse_date(given_on, "given_on", today=today) or today)
    helper_name = _collect(errors, lambda: check_text(helper, "helper", max_len=50))
    items_text = _collect(errors, lambda: check_text(items, "items", max_len=500))
    note_text = _collect(errors, lambda: check_text(note, "note"))
    if k == AssistanceKind.MONEY and fen == 0 and not errors:
        errors.append(FieldError("amount", "资金帮扶须填写金额", "money assistance needs an amount"))
    if errors:
        raise ValidationFailed(errors)
    assert k is not None and fen is not None and src is not None and day is not None
    with db.transaction(actor=actor, reason="assistance") as s:
        f = get_by_no(s, file_no)
        rec = AssistanceRecord(
            file_id=f.id,
            given_on=day,
            kind=k.value,
            amount_fen=fen,
            fund_source=src.value,
            helper=helper_name,
            items=items_text,
            note=note_text,
            created_by=actor,
        )
        s.add(rec)
        f.updated_at, f.updated_by = utcnow(), actor
        s.flush()
        return AssistanceView.of(rec, f.file_no, Changes.of_files(f.id, care=True))


def list_assistance(db: Database, *, file_no: str) -> list[AssistanceView]:
    """A file's assistance, oldest first.

    Raises:
        NotFound: no such file.
    """
    from assist_desktop.services.files import get_by_no

    with db.reader() as s:
        f = get_by_no(s, file_no)
        rows = s.scalars(
            select(AssistanceRecord)
            .where(col(AssistanceRecord.file_id) == f.id)
            .order_by(col(AssistanceRecord.given_on))
        )
        return [AssistanceView.of(r, f.file_no) for r in rows]


def add_visit(
    db: Database,
    *,
    file_no: str,
    visitor: str,
    visited_on: object = None,
    living_situation: str | None = None,
    needs: str | None = None,
    explained: str | None = None,
    state_of_mind: str | None = None,
    today: dt.date,
    actor: str = "system",
) -> VisitRecorded:
    """Record a home visit. It updates the file's last visit date and, when given, its state of mind
    (which can complete the five clears and so register the file); after an exit it is a follow-up visit.

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad visitor or date.
    """
    require(db, actor, "record_assistance")
    from assist_desktop.services import lifecycle
    from assist_desktop.services.files import get_by_no

    errors: list[FieldError] = []
    who = _collect(errors, lambda: check_name(visitor, "visitor"))
    day = _collect(errors, lambda: parse_date(visited_on, "visited_on", today=today) or today)
    living = _collect(errors, lambda: check_text(living_situation, "living_situation"))
    need_text = _collect(errors, lambda: check_text(needs, "needs"))
    explained_text = _collect(errors, lambda: check_text(explained, "explained"))
    mind = _collect(errors, lambda: check_text(state_of_mind, "state_of_mind"))
    if errors:
        raise ValidationFailed(errors)
    assert who is not None and day is not None
    with db.transaction(actor=actor, reason="home visit") as s:
        f = get_by_no(s, file_no)
        follow_up = (
            f.status == "closed"
            and f.close_reason == "out_of_hardship"
            and (f.closed_on is None or day >= f.closed_on)
        )
        visit = HomeVisit(
            file_id=f.id, visited_on=day, visitor=who, follow_up=follow_up, created_by=actor,
            living_situation=living, needs=need_text, explained=explained_text, state_of_mind=mind,
        )
        s.add(visit)
        if f.last_visit_date is None or day >= f.last_visit_date:
            f.last_visit_date = day
            if mind:
                f.state_of_mind = mind
        f.updated_at, f.updated_by = utcnow(), actor
        s.flush()
        events = lifecycle.evaluate_in(s, f, as_of=max(day, today), actor=actor)
        return VisitRecorded(VisitView.of(visit, f.file_no), f.status, tuple(e.reason for e in events),
                             Changes.of_files(f.id, care=True))


def list_visits(db: Database, *, file_no: str) -> list[VisitView]:
    """A file's home visits, oldest first.

    Raises:
        NotFound: no such file.
    """
    from assist_desktop.services.files import get_by_no

    with db.reader() as s:
        f = get_by_no(s, file_no)
        rows = s.scalars(select(HomeVisit).where(col(HomeVisit.file_id) == f.id)
                         .order_by(col(HomeVisit.visited_on)))
        return [VisitView.of(r, f.file_no) for r in rows]


def add_employment_support(
    db: Database,
    *,
    file_no: str,
    kind: str,
    started_on: object = None,
    ended_on: object = None,
    detail: str | None = None,
    outcome: str | None = None,
    certificate: str | None = None,
    found_work: bool | None = None,
    amount: object = None,
    lender: str | None = None,
    term_months: int | None = None,
    today: dt.date,
    actor: str = "system",
) -> EmploymentSupportView:
    """Record re-employment support (certificate, referral, training, loan, subsidy, public-welfare post,
    placement, business start).

    A job start (placement, public-welfare post, business start: `EmploymentSupportKind.starts_work`) means the
    person works (`found_work` defaults to yes) and re-evaluates the file in the same transaction
    (`services.lifecycle.evaluate_in`): the lifecycle rules decide whether the income watch begins.

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad kind, date, amount or text.
    """
    require(db, actor, "record_assistance")
    from assist_desktop.services import lifecycle
    from assist_desktop.services.files import get_by_no

    errors: list[FieldError] = []
    k = _collect(errors, lambda: parse_enum(EmploymentSupportKind, kind, "kind", required=True))
    start = _collect(errors, lambda: parse_date(started_on, "started_on", today=today) or today)
    end = _collect(errors, lambda: parse_date(ended_on, "ended_on", allow_future=True))
    fen = _collect(errors, lambda: parse_money_fen(amount, "amount") or 0)
    texts = _employment_texts(errors, detail=detail, outcome=outcome, certificate=certificate, lender=lender)
    if start and end and end < start:
        errors.append(FieldError("ended_on", "不能早于开始日期", "must not be before the start"))
    if term_months is not None and not 1 <= term_months <= 360:
        errors.append(FieldError("term_months", "应在1到360之间", "must be between 1 and 360"))
    if errors:
        raise ValidationFailed(errors)
    assert k is not None and start is not None and fen is not None
    if found_work is None and k.starts_work:
        found_work = True
    with db.transaction(actor=actor, reason="employment support") as s:
        f = get_by_no(s, file_no)
        rec = EmploymentSupport(
            file_id=f.id,
            kind=k.value,
            started_on=start,
            ended_on=end,
            found_work=found_work,
            amount_fen=fen,
            term_months=term_months,
            detail=texts["detail"],
            outcome=texts["outcome"],
            certificate=texts["certificate"],
            lender=texts["lender"],
        )
        s.add(rec)
        f.updated_at, f.updated_by = utcnow(), actor
        s.flush()
        events: tuple[str, ...] = ()
        if k.starts_work:
            # a job start is a fact the lifecycle rests on: judged now, in this transaction (DOMAIN.md §4, §6)
            events = tuple(e.reason for e in lifecycle.evaluate_in(s, f, as_of=max(start, today), actor=actor))
        return EmploymentSupportView.of(rec, f.file_no, Changes.of_files(f.id, care=True), status=f.status,
                                        events=events)


def _employment_texts(errors: list[FieldError], **values: str | None) -> dict[str, str | None]:
    limits = {"detail": 500, "outcome": 500, "certificate": 100, "lender": 100}
    out: dict[str, str | None] = {}
    for name, value in values.items():
        try:
            out[name] = check_text(value, name, max_len=limits[name])
        except ValidationFailed as exc:
            errors.extend(exc.errors)
            out[name] = None
    return out


#: "leave as it is" for `update_employment_support`
UNCHANGED: Any = object()


def update_employment_support(
    db: Database,
    *,
    record_id: str,
    found_work: bool | None = UNCHANGED,
    outcome: str | None = UNCHANGED,
    ended_on: object = UNCHANGED,
    certificate: str | None = UNCHANGED,
    detail: str | None = UNCHANGED,
    today: dt.date,
    actor: str = "system",
) -> EmploymentSupportView:
    """Record what came of re-employment support later (found work after a training or referral, the outcome,
    the end date, the certificate gained). Only the arguments given change; `None` clears a value.

    Args:
        record_id: the record's id, or a unique beginning of it (at least 6 characters).
    Raises:
        NotFound: no such record (or the beginning is not unique).
        ValidationFailed: a bad date or text.
    """
    require(db, actor, "record_assistance")
    from assist_desktop.db.models import HardshipFile

    errors: list[FieldError] = []
    given = {k: v for k, v in (("outcome", outcome), ("certificate", certificate), ("detail", detail))
             if v is not UNCHANGED}
    texts = _employment_texts(errors, **given)
    end: dt.date | None = None
    if ended_on is not UNCHANGED:
        end = _collect(errors, lambda: parse_date(ended_on, "ended_on", allow_future=True))
    if errors:
        raise ValidationFailed(errors)
    with db.transaction(actor=actor, reason="employment outcome") as s:
        rec = _employment_record(s, record_id)
        if ended_on is not UNCHANGED:
            if end is not None and end < rec.started_on:
                raise ValidationFailed([FieldError("ended_on", "不能早于开始日期", "must not be before the start")])
            rec.ended_on = end
        if found_work is not UNCHANGED:
            rec.found_work = found_work
        for name, value in texts.items():
            setattr(rec, name, value)
        f = s.get(HardshipFile, rec.file_id)
        assert f is not None
        f.updated_at, f.updated_by = utcnow(), actor
        s.flush()
        return EmploymentSupportView.of(rec, f.file_no, Changes.of_files(f.id, care=True), status=f.status)


def _employment_record(s: Any, record_id: str) -> EmploymentSupport:
    from assist_desktop.domain.errors import NotFound

    key = (record_id or "").strip().lower()
    rec = s.get(EmploymentSupport, key) if key else None
    if rec is None and len(key) >= 6:
        found = list(s.scalars(select(EmploymentSupport).where(col(EmploymentSupport.id).startswith(key)).limit(2)))
        rec = found[0] if len(found) == 1 else None
    if rec is None:
        raise NotFound(f"没有编号为 {record_id} 的再就业帮扶记录", f"no re-employment support record {record_id}")
    return rec


def list_employment_support(db: Database, *, file_no: str) -> list[EmploymentSupportView]:
    """A file's re-employment support records, oldest first.

    Raises:
        NotFound: no such file.
    """
    from assist_desktop.services.files import get_by_no

    with db.reader() as s:
        f = get_by_no(s, file_no)
        rows = s.scalars(
            select(EmploymentSupport)
            .where(col(EmploymentSupport.file_id) == f.id)
            .order_by(col(EmploymentSupport.started_on), col(EmploymentSupport.created_at))
        )
        return [EmploymentSupportView.of(r, f.file_no) for r in rows]
