"""Hardship files: create, change, members, read. Every save re-evaluates the file in the same transaction.

The write rules are domain.decisions.check_file_change: this module gathers the facts it needs (another file
with the ID number, the members on file, the latest income fact) and raises ValidationFailed with its errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import (
    AssistanceRecord,
    Cadre,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeFact,
    StatusEvent,
    UnionOrg,
    utcnow,
)
from assist_desktop.domain.decisions import ECON_COLUMNS, check_file_change, income_warnings
from assist_desktop.domain.enums import EventKind, FileStatus
from assist_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from assist_desktop.domain.file_input import clean_file_input, clean_members
from assist_desktop.domain.income import settle_totals
from assist_desktop.domain.pinyin import name_initials
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import file_no_for, home_union, next_sequence

if TYPE_CHECKING:
    from assist_desktop.services.lifecycle import StatusReport

__all__ = ["ECON_COLUMNS", "FileDetail", "IncomeWarnings", "create_file", "create_file_in", "file_warnings", "get_file",
           "set_members", "update_file", "update_file_in"]


@dataclass(frozen=True)
class FileDetail:
    """Everything the window and `status` show about one file (and, after a write, what it changed)."""

    file: HardshipFile
    members: list[HouseholdMember] = field(default_factory=list)
    events: list[StatusEvent] = field(default_factory=list)
    facts: list[IncomeFact] = field(default_factory=list)
    union: UnionOrg | None = None
    responsible: Cadre | None = None
    assistance: list[AssistanceRecord] = field(default_factory=list)  # newest first
    visits: list[HomeVisit] = field(default_factory=list)  # newest first
    changes: Changes = NOTHING
    #: where the file's incomes contradict each other (domain.decisions.income_warnings): never refusals
    warnings: list[FieldError] = field(default_factory=list)
    #: the lifecycle's report on a day (services.lifecycle.status_report, without history), when asked for
    report: StatusReport | None = None


class IncomeWarnings(ValidationFailed):
    """The change would save incomes that contradict each other, and the caller asked to hear it first
    (`stop_on_warnings`): nothing was written. Every error is a warning; saving again without the stop saves."""


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def get_by_no(s: Session, file_no: str) -> HardshipFile:
    f = s.scalars(select(HardshipFile).where(col(HardshipFile.file_no) == file_no)).first()
    if f is None:
        f = s.scalars(select(HardshipFile).where(col(HardshipFile.id_number) == file_no.upper())).first()
    if f is None:
        from assist_desktop.services.retention import not_found

        raise not_found(s, file_no)  # says so when the number was deleted under retention
    return f


def record_fact(s: Session, f: HardshipFile, *, as_of: dt.date, actor: str, source: str = "manual",
                note: str | None = None, imputed_members: int | None = None) -> IncomeFact:
    """Record the file's current economics as true on `as_of` (replacing a fact of the same day)."""
    fact = s.scalars(select(IncomeFact).where(col(IncomeFact.file_id) == f.id, col(IncomeFact.as_of) == as_of)).first()
    if fact is None:
        fact = IncomeFact(file_id=f.id, as_of=as_of, household_size=f.household_size,
                          household_annual_income_fen=f.household_annual_income_fen)
        s.add(fact)
    for column in ECON_COLUMNS:
        setattr(fact, column, getattr(f, column))
    if imputed_members is not None:
        fact.imputed_members = imputed_members
    fact.source, fact.note, fact.recorded_by, fact.recorded_at = source, note, actor, utcnow()
    return fact


def create_file(db: Database, *, data: Mapping[str, Any], members: Sequence[Mapping[str, Any]] = (),
                as_of: dt.date, actor: str = "system", union_code: str | None = None,
                source: str = "manual", stop_on_warnings: bool = False) -> FileDetail:
    """Open a new file for a household found in hardship (status `found`), then evaluate it.

    Args:
        data: the worker's fields by machine name; money in yuan. When income components are given and the
            household annual income is not, the income is their sum (the same for the spending categories).
        members: household members other than the worker.
        as_of: the date the facts are true (the program's today by default).
        stop_on_warnings: raise IncomeWarnings instead of saving when the incomes contradict each other
            (the window asks first); otherwise they are saved and listed in `FileDetail.warnings`.
    Raises:
        ValidationFailed: every bad field, named; nothing is written.
        IncomeWarnings: with `stop_on_warnings`, the warnings; nothing is written.
    """
    require(db, actor, "edit_file")
    with db.transaction(actor=actor, reason="create file") as s:
        f = create_file_in(s, data=data, members=members, as_of=as_of, actor=actor, union_code=union_code,
                           source=source)
        detail = _detail(s, f, changed=True)
        _stop(detail, stop_on_warnings)
        return detail


def _stop(detail: FileDetail, stop_on_warnings: bool) -> None:
    if stop_on_warnings and detail.warnings:
        raise IncomeWarnings(list(detail.warnings))  # rolls the transaction back


def file_warnings(s: Session, f: HardshipFile, *, row: int | None = None) -> list[FieldError]:
    """Where the file's incomes, as stored now (in the caller's transaction), contradict each other."""
    members = list(s.scalars(select(HouseholdMember).where(col(HouseholdMember.file_id) == f.id)))
    return income_warnings(f, members, row=row)


def create_file_in(s: Session, *, data: Mapping[str, Any], members: Sequence[Mapping[str, Any]] = (),
                   as_of: dt.date, actor: str, union_code: str | None = None, source: str = "manual",
                   row: int | None = None, evaluate: bool = True) -> HardshipFile:
    """The same as create_file, inside a caller's transaction (rosters and imports use it)."""
    values, errors = clean_file_input(data, today=as_of, creating=True, row=row)
    values, _derived = settle_totals(None, values, data)
    cleaned_members, member_errors = _clean_members(members, as_of, row)
    errors += member_errors
    taken = None
    if "id_number" in values:
        taken = s.scalars(
            select(col(HardshipFile.file_no)).where(col(HardshipFile.id_number) == values["id_number"])
        ).first()
    errors += check_file_change(None, values, members=cleaned_members, today=as_of, id_taken_by=taken, row=row)
    _raise(errors)
    if union_code:
        union = s.scalars(select(UnionOrg).where(col(UnionOrg.code) == union_code)).first()
        if union is None:
            raise NotFound(f"没有代码为 {union_code} 的工会", f"no union with code {union_code}")
    else:
        union = home_union(s)
    seq = next_sequence(s, f"file_no:{union.code}")
    f = HardshipFile(**values, file_no=file_no_for(union.code, seq), union_id=union.id,
                     origin_union_code=union.code, provenance=union.code, name_initials=name_initials(values["name"]),
                     status=FileStatus.FOUND.value, status_since=as_of, created_by=actor, updated_by=actor)
    s.add(f)
    s.flush()
    for i, m in enumerate(cleaned_members):
        s.add(HouseholdMember(**m, file_id=f.id, sort_order=i))
    s.add(StatusEvent(file_id=f.id, occurred_on=as_of, kind=EventKind.FOUND.value, to_status=FileStatus.FOUND.value,
                      reason="发现困难职工，建立档案", actor=actor, rule=None))
    s.flush()
    record_fact(s, f, as_of=as_of, actor=actor, source=source)
    if evaluate:
        _evaluate(s, f, as_of=as_of, actor=actor)
    return f


def _clean_members(members: Sequence[Mapping[str, Any]], as_of: dt.date,
                   row: int | None) -> tuple[list[dict[str, Any]], list[FieldError]]:
    return clean_members(members, today=as_of, row=row)



def update_file(db: Database, *, file_no: str, changes: Mapping[str, Any], as_of: dt.date,
                actor: str = "system", reason: str | None = None, source: str = "manual",
                members: Sequence[Mapping[str, Any]] | None = None,
                stop_on_warnings: bool = False) -> FileDetail:
    """Change some of a file's fields; economics become a new dated fact; the file is re-evaluated.

    Args:
        changes: the fields to change; a changed income component without the total makes the total the sum
            of the components as they are after the change (the same for the spending categories).
        members: when given, the household members are replaced in the same transaction.
        stop_on_warnings: as in `create_file`.

    Raises:
        NotFound: no such file.
        ValidationFailed: every bad field, named; nothing is written.
        IncomeWarnings: with `stop_on_warnings`, the warnings; nothing is written.
    """
    require(db, actor, "edit_file")
    if "bank_account" in changes:
        require(db, actor, "bank_account")
    with db.transaction(actor=actor, reason=reason or "update file") as s:
        f = get_by_no(s, file_no)
        changed = update_file_in(s, f, changes=changes, as_of=as_of, actor=actor, source=source, members=members)
        detail = _detail(s, f, changed=changed)
        if changed:
            _stop(detail, stop_on_warnings)
        return detail


def update_file_in(s: Session, f: HardshipFile, *, changes: Mapping[str, Any], as_of: dt.date, actor: str,
                   source: str = "manual", row: int | None = None, evaluate: bool = True,
                   members: Sequence[Mapping[str, Any]] | None = None) -> bool:
    """Apply changes inside a caller's transaction; returns whether anything changed."""
    values, errors = clean_file_input(changes, today=as_of, creating=False, row=row)
    values, derived = settle_totals(f, values, changes)
    cleaned_members: list[dict[str, Any]] | None = None
    if members is not None:
        cleaned_members, member_errors = _clean_members(members, as_of, row)
        errors += member_errors
    taken = None
    if "id_number" in values and values["id_number"] != f.id_number:
        taken = s.scalars(
            select(col(HardshipFile.file_no)).where(col(HardshipFile.id_number) == values["id_number"])
        ).first()
    current = list(s.scalars(select(HouseholdMember).where(col(HouseholdMember.file_id) == f.id)
                             .order_by(col(HouseholdMember.sort_order))))
    latest = s.scalar(select(func.max(col(IncomeFact.as_of))).where(col(IncomeFact.file_id) == f.id))
    errors += check_file_change(f, values, members=cleaned_members, today=as_of, current_members=current,
                                latest_fact_on=latest, id_taken_by=taken, raw=changes, input_ok=not errors,
                                row=row, totals_from_parts=derived)
    _raise(errors)
    changed = False
    econ_changed = False
    for key, value in values.items():
        if key == "household_annual_income_fen" and value is None:
            value = 0
        if getattr(f, key) != value:
            setattr(f, key, value)
            changed = True
            econ_changed = econ_changed or key in ECON_COLUMNS
    if "name" in values:
        f.name_initials = name_initials(f.name)
    if cleaned_members is not None and _members_differ(current, cleaned_members):
        s.execute(delete(HouseholdMember).where(col(HouseholdMember.file_id) == f.id))
        for i, m in enumerate(cleaned_members):
            s.add(HouseholdMember(**m, file_id=f.id, sort_order=i))
        changed = econ_changed = True
    if changed:
        f.updated_at, f.updated_by, f.row_version = utcnow(), actor, f.row_version + 1
        s.flush()
    if econ_changed:
        record_fact(s, f, as_of=as_of, actor=actor, source=source)
    if changed and evaluate:
        _evaluate(s, f, as_of=as_of, actor=actor)
    return changed


def _members_differ(current: Sequence[HouseholdMember], cleaned: list[dict[str, Any]]) -> bool:
    if len(current) != len(cleaned):
        return True
    for row, new in zip(current, cleaned, strict=True):
        if any(getattr(row, k) != v for k, v in new.items()):
            return True
    return False


def set_members(db: Database, *, file_no: str, members: Sequence[Mapping[str, Any]], as_of: dt.date,
                actor: str = "system", household_size: int | None = None) -> FileDetail:
    """Replace the household members, optionally with a new household size in the same change.

    The household size is never grown behind the clerk's back: more members than the size allows is refused
    (domain.decisions.household_size_errors); give `household_size` to change both at once.

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad member field, named with the member's position, or a household size below
            the worker plus the members.
    """
    require(db, actor, "edit_file")
    with db.transaction(actor=actor, reason="members") as s:
        f = get_by_no(s, file_no)
        changes: dict[str, Any] = {} if household_size is None else {"household_size": household_size}
        changed = update_file_in(s, f, changes=changes, as_of=as_of, actor=actor, members=members)
        return _detail(s, f, changed=changed)


def _evaluate(s: Session, f: HardshipFile, *, as_of: dt.date, actor: str) -> None:
    from assist_desktop.services import lifecycle

    lifecycle.evaluate_in(s, f, as_of=as_of, actor=actor)


def _detail(s: Session, f: HardshipFile, *, changed: bool = False) -> FileDetail:
    s.flush()
    members = list(s.scalars(select(HouseholdMember).where(col(HouseholdMember.file_id) == f.id)
                             .order_by(col(HouseholdMember.sort_order))))
    events = list(s.scalars(select(StatusEvent).where(col(StatusEvent.file_id) == f.id)
                            .order_by(col(StatusEvent.occurred_on), col(StatusEvent.recorded_at))))
    facts = list(s.scalars(select(IncomeFact).where(col(IncomeFact.file_id) == f.id)
                           .order_by(col(IncomeFact.as_of), col(IncomeFact.recorded_at))))
    union = s.get(UnionOrg, f.union_id)
    responsible = s.get(Cadre, f.responsible_person_id) if f.responsible_person_id else None
    assistance = list(s.scalars(select(AssistanceRecord).where(col(AssistanceRecord.file_id) == f.id)
                                .order_by(col(AssistanceRecord.given_on).desc())))
    visits = list(s.scalars(select(HomeVisit).where(col(HomeVisit.file_id) == f.id).order_by(col(HomeVisit.visited_on).desc())))
    return FileDetail(f, members, events, facts, union, responsible, assistance, visits,
                      Changes.of_files(f.id) if changed else NOTHING, income_warnings(f, members))


def get_file(db: Database, *, file_no: str, report_on: dt.date | None = None) -> FileDetail:
    """One file with its members, history, facts, union and responsible person; with `report_on`, also the
    lifecycle's report on that day (`FileDetail.report`), from the same reads.

    Raises:
        NotFound: no such file.
    """
    with db.reader() as s:
        f = get_by_no(s, file_no)
        detail = _detail(s, f)
        if report_on is None:
            return detail
        from assist_desktop.services.lifecycle import status_report_in

        report = status_report_in(
            s, f, as_of=report_on, history=0, members=detail.members, facts=detail.facts,
            visits=sorted(v.visited_on for v in detail.visits),
        )
        return replace(detail, report=report)


def count_files(db: Database) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(HardshipFile)) or 0)
