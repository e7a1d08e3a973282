"""Hardship files: create, change, members, read. Every save re-evaluates the file in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

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
from assist_desktop.domain.enums import ACTIVE_STATUSES, EventKind, FileStatus
from assist_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from assist_desktop.domain.file_input import clean_file_input, clean_member_input
from assist_desktop.domain.pinyin import name_initials
from assist_desktop.services.common import file_no_for, home_union, next_sequence

#: file columns that are dated facts: a change records a new IncomeFact as of the change's date
ECON_COLUMNS = ("household_size", "household_annual_income_fen", "unavoidable_spending_fen",
                "own_monthly_income_fen", "dibao_monthly_fen", "hardship_costs_fen")


@dataclass
class FileDetail:
    """Everything the window and `status` show about one file."""

    file: HardshipFile
    members: list[HouseholdMember] = field(default_factory=list)
    events: list[StatusEvent] = field(default_factory=list)
    facts: list[IncomeFact] = field(default_factory=list)
    union: UnionOrg | None = None
    responsible: Cadre | None = None
    assistance: list[AssistanceRecord] = field(default_factory=list)  # newest first
    visits: list[HomeVisit] = field(default_factory=list)  # newest first


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def get_by_no(s: Session, file_no: str) -> HardshipFile:
    f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == file_no)).first()
    if f is None:
        f = s.scalars(select(HardshipFile).where(HardshipFile.id_number == file_no.upper())).first()
    if f is None:
        raise NotFound(f"没有档案编号为 {file_no} 的档案", f"no file numbered {file_no}")
    return f


def record_fact(s: Session, f: HardshipFile, *, as_of: dt.date, actor: str, source: str = "manual",
                note: str | None = None, imputed_members: int | None = None) -> IncomeFact:
    """Record the file's current economics as true on `as_of` (replacing a fact of the same day)."""
    fact = s.scalars(select(IncomeFact).where(IncomeFact.file_id == f.id, IncomeFact.as_of == as_of)).first()
    if fact is None:
        fact = IncomeFact(file_id=f.id, as_of=as_of, household_size=f.household_size,
                          household_annual_income_fen=f.household_annual_income_fen)
        s.add(fact)
    for col in ECON_COLUMNS:
        setattr(fact, col, getattr(f, col))
    if imputed_members is not None:
        fact.imputed_members = imputed_members
    fact.source, fact.note, fact.recorded_by, fact.recorded_at = source, note, actor, utcnow()
    return fact


def create_file(db: Database, *, data: Mapping[str, Any], members: Sequence[Mapping[str, Any]] = (),
                as_of: dt.date, actor: str = "system", union_code: str | None = None,
                source: str = "manual") -> FileDetail:
    """Open a new file for a household found in hardship (status `found`), then evaluate it.

    Args:
        data: the worker's fields by machine name; money in yuan.
        members: household members other than the worker.
        as_of: the date the facts are true (the program's today by default).
    Raises:
        ValidationFailed: every bad field, named; nothing is written.
    """
    with db.transaction(actor=actor, reason="create file") as s:
        f = create_file_in(s, data=data, members=members, as_of=as_of, actor=actor, union_code=union_code,
                           source=source)
        return _detail(s, f)


def create_file_in(s: Session, *, data: Mapping[str, Any], members: Sequence[Mapping[str, Any]] = (),
                   as_of: dt.date, actor: str, union_code: str | None = None, source: str = "manual",
                   row: int | None = None, evaluate: bool = True) -> HardshipFile:
    """The same as create_file, inside a caller's transaction (rosters and imports use it)."""
    values, errors = clean_file_input(data, today=as_of, creating=True, row=row)
    cleaned_members, member_errors = _clean_members(members, as_of, row)
    errors += member_errors
    if "id_number" in values:
        existing = s.scalars(select(HardshipFile.file_no).where(HardshipFile.id_number == values["id_number"])).first()
        if existing:
            errors.append(FieldError("id_number", f"已有档案（编号 {existing}）", f"already on file as {existing}",
                                     row=row))
    if isinstance(values.get("household_size"), int):
        errors += _size_errors(values["household_size"], len(cleaned_members), row)
    _raise(errors)
    if union_code:
        union = s.scalars(select(UnionOrg).where(UnionOrg.code == union_code)).first()
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
    cleaned: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for i, m in enumerate(members, start=1):
        values, errs = clean_member_input(m, today=as_of, row=row)
        errors += [FieldError(f"members[{i}].{e.field}", f"家庭成员第{i}人{_label(e.field)}：{e.zh}",
                              f"member {i} {e.field}: {e.en}", row=row, source=e.source) for e in errs]
        cleaned.append(values)
    return cleaned, errors


def _label(field_name: str) -> str:
    from assist_desktop.domain.fields import field_label

    return field_label(field_name)


def update_file(db: Database, *, file_no: str, changes: Mapping[str, Any], as_of: dt.date,
                actor: str = "system", reason: str | None = None, source: str = "manual",
                members: Sequence[Mapping[str, Any]] | None = None) -> FileDetail:
    """Change some of a file's fields; economics become a new dated fact; the file is re-evaluated.

    Args:
        members: when given, the household members are replaced in the same transaction.

    Raises:
        NotFound: no such file.
        ValidationFailed: every bad field, named; nothing is written.
    """
    with db.transaction(actor=actor, reason=reason or "update file") as s:
        f = get_by_no(s, file_no)
        update_file_in(s, f, changes=changes, as_of=as_of, actor=actor, source=source, members=members)
        return _detail(s, f)


def update_file_in(s: Session, f: HardshipFile, *, changes: Mapping[str, Any], as_of: dt.date, actor: str,
                   source: str = "manual", row: int | None = None, evaluate: bool = True,
                   members: Sequence[Mapping[str, Any]] | None = None) -> bool:
    """Apply changes inside a caller's transaction; returns whether anything changed."""
    values, errors = clean_file_input(changes, today=as_of, creating=False, row=row)
    cleaned_members: list[dict[str, Any]] | None = None
    if members is not None:
        cleaned_members, member_errors = _clean_members(members, as_of, row)
        errors += member_errors
    if "id_number" in values and values["id_number"] != f.id_number:
        other = s.scalars(select(HardshipFile.file_no).where(HardshipFile.id_number == values["id_number"])).first()
        if other:
            errors.append(FieldError("id_number", f"已有档案（编号 {other}）", f"already on file as {other}", row=row))
    for required in ("name", "id_number", "work_status", "household_size"):
        if required in values and values[required] in (None, ""):
            errors.append(FieldError(required, "不能清空", "cannot be blank", row=row))
    income = changes.get("household_annual_income", "x")
    if income is None or (isinstance(income, str) and not income.strip()):
        errors.append(FieldError("household_annual_income", "不能清空（没有收入请填 0）",
                                 "cannot be blank (enter 0 for no income)", row=row))
    size = values.get("household_size") or f.household_size
    member_count = len(cleaned_members) if cleaned_members is not None else int(s.scalar(
        select(func.count()).select_from(HouseholdMember).where(HouseholdMember.file_id == f.id)) or 0)
    errors += _size_errors(size, member_count, row)
    if not errors and f.status in ACTIVE_VALUES:
        errors += _five_clear_kept(s, f, values, cleaned_members, row)
    if not errors:
        errors += _not_before_the_record(s, f, values, cleaned_members, as_of, row)
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
    if cleaned_members is not None and _members_differ(s, f, cleaned_members):
        s.execute(delete(HouseholdMember).where(HouseholdMember.file_id == f.id))
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


ACTIVE_VALUES = {st.value for st in ACTIVE_STATUSES}


def _not_before_the_record(s: Session, f: HardshipFile, values: Mapping[str, Any],
                           cleaned_members: list[dict[str, Any]] | None, as_of: dt.date,
                           row: int | None) -> list[FieldError]:
    """A change cannot be dated before what the file already records (its latest income fact, its status date).

    Otherwise the dated history would be rewritten out of order (a watch broken before it began, the mirrored
    economics older than the fact in force). A correction of an old fact is entered as of today.
    """
    econ = any(k in ECON_COLUMNS and getattr(f, k) != v for k, v in values.items()) or cleaned_members is not None
    latest = s.scalar(select(func.max(IncomeFact.as_of)).where(IncomeFact.file_id == f.id))
    if econ and latest is not None and as_of < latest:
        return [FieldError("as_of", f"档案已有 {latest.isoformat()} 的收入记录，不能录入更早日期（{as_of.isoformat()}）的变化；"
                                    "更正旧数据请以今天的日期录入",
                           f"the file already has income facts as of {latest}; a change cannot be dated {as_of}",
                           row=row)]
    if f.status_since is not None and as_of < f.status_since:
        return [FieldError("as_of", f"档案当前状态自 {f.status_since.isoformat()} 起，不能以更早日期（{as_of.isoformat()}）修改",
                           f"the file's status dates from {f.status_since}; a change cannot be dated {as_of}", row=row)]
    return []


def _size_errors(size: int, member_count: int, row: int | None) -> list[FieldError]:
    if size < member_count + 1:
        return [FieldError("household_size", f"家庭人口（{size}）少于本人加家庭成员数（{member_count + 1}）",
                           f"({size}) is less than the worker plus the listed members ({member_count + 1})", row=row)]
    return []


def _five_clear_kept(s: Session, f: HardshipFile, values: Mapping[str, Any],
                     cleaned_members: list[dict[str, Any]] | None, row: int | None) -> list[FieldError]:
    """A file counted as an assistance target must stay five-clear: refuse a change that would blank a clear."""
    from types import SimpleNamespace

    from assist_desktop.domain.five_clear import check_five_clear

    current = s.scalars(select(HouseholdMember).where(HouseholdMember.file_id == f.id)).all()
    before = check_five_clear(f, current)
    after_file = SimpleNamespace(**{**f.model_dump(), **values})
    after_members = [SimpleNamespace(**m) for m in cleaned_members] if cleaned_members is not None else current
    after = check_five_clear(after_file, after_members)
    if not before.all_clear or after.all_clear:
        return []
    return [FieldError(item.key, f"在档帮扶对象须保持五清，不能清空（{item.label}：{'；'.join(item.missing)}）",
                       f"a registered file must stay five-clear ({item.label_en}: cannot be blanked)", row=row)
            for item in after.items if not item.clear]


def _members_differ(s: Session, f: HardshipFile, cleaned: list[dict[str, Any]]) -> bool:
    current = s.scalars(select(HouseholdMember).where(HouseholdMember.file_id == f.id)
                        .order_by(HouseholdMember.sort_order)).all()
    if len(current) != len(cleaned):
        return True
    for row, new in zip(current, cleaned, strict=True):
        if any(getattr(row, k) != v for k, v in new.items()):
            return True
    return False


def set_members(db: Database, *, file_no: str, members: Sequence[Mapping[str, Any]], as_of: dt.date,
                actor: str = "system") -> FileDetail:
    """Replace the household members (the household size follows if it was smaller).

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad member field, named with the member's position.
    """
    with db.transaction(actor=actor, reason="members") as s:
        f = get_by_no(s, file_no)
        changes: dict[str, Any] = {}
        if len(members) + 1 > f.household_size:
            changes["household_size"] = len(members) + 1
        update_file_in(s, f, changes=changes, as_of=as_of, actor=actor, members=members)
        return _detail(s, f)


def _evaluate(s: Session, f: HardshipFile, *, as_of: dt.date, actor: str) -> None:
    from assist_desktop.services import lifecycle

    lifecycle.evaluate_in(s, f, as_of=as_of, actor=actor)


def _detail(s: Session, f: HardshipFile) -> FileDetail:
    s.flush()
    members = list(s.scalars(select(HouseholdMember).where(HouseholdMember.file_id == f.id)
                             .order_by(HouseholdMember.sort_order)))
    events = list(s.scalars(select(StatusEvent).where(StatusEvent.file_id == f.id)
                            .order_by(StatusEvent.occurred_on, StatusEvent.recorded_at)))
    facts = list(s.scalars(select(IncomeFact).where(IncomeFact.file_id == f.id).order_by(IncomeFact.as_of)))
    union = s.get(UnionOrg, f.union_id)
    responsible = s.get(Cadre, f.responsible_person_id) if f.responsible_person_id else None
    assistance = list(s.scalars(select(AssistanceRecord).where(AssistanceRecord.file_id == f.id)
                                .order_by(AssistanceRecord.given_on.desc())))
    visits = list(s.scalars(select(HomeVisit).where(HomeVisit.file_id == f.id).order_by(HomeVisit.visited_on.desc())))
    return FileDetail(f, members, events, facts, union, responsible, assistance, visits)


def get_file(db: Database, *, file_no: str) -> FileDetail:
    """One file with its members, history, facts, union and responsible person.

    Raises:
        NotFound: no such file.
    """
    with db.reader() as s:
        return _detail(s, get_by_no(s, file_no))


def count_files(db: Database) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(HardshipFile)) or 0)
