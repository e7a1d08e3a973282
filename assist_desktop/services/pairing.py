"""Pairing responsibility (包保): who answers for each household, and the letters each level signs.

Every registered file has exactly one responsible person at a time; each change closes the current
`Pairing` row and opens a new one (the history is kept) and is recorded as an adjustment in the
file's history. Letters go level by level: city → county → grassroots union → its cadres.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlmodel import col

from assist_desktop.db.audit import bulk_audit
from assist_desktop.db.engine import Database
from assist_desktop.db.models import (
    Cadre,
    HardshipFile,
    LetterFile,
    Pairing,
    PairingLetter,
    StatusEvent,
    UnionOrg,
    table_of,
    utcnow,
)
from assist_desktop.domain.decisions import cadre_may_take_errors, check_pairing_change, namesake_errors
from assist_desktop.domain.enums import EventKind, FileStatus, UnionLevel
from assist_desktop.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES
from assist_desktop.domain.validation import check_text
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import get_option, home_union, next_sequence
from assist_desktop.services.read_models import MappingView
from assist_desktop.services.unions import find_cadre


@dataclass(frozen=True)
class PairingResult:
    """What an assignment or handover did."""

    person: str
    person_id: str
    files: list[str]
    unchanged: list[str]
    changes: Changes = NOTHING
    #: e.g. the person now holds more households than the setting cadre_load_max
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "person_id": self.person_id,
            "files": self.files,
            "unchanged": self.unchanged,
            "warnings": list(self.warnings),
        }


def load_warnings(s: Session, cadre: Cadre, on: dt.date) -> tuple[str, ...]:
    """A warning when the person holds more active households than the setting cadre_load_max (in force on `on`)."""
    limit = int(get_option(s, "cadre_load_max", on))
    held = int(s.scalar(select(func.count()).select_from(HardshipFile).where(
        col(HardshipFile.responsible_person_id) == cadre.id,
        col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES))) or 0)
    if held <= limit:
        return ()
    return (f"{cadre.name} 现包保 {held} 户，超过每名干部 {limit} 户的上限（设置 cadre_load_max）",)


@dataclass(frozen=True, eq=False)
class PairingPeriod(MappingView):
    """One responsible person's period for a file (end_on None: still responsible)."""

    person: str
    person_id: str
    start_on: dt.date
    end_on: dt.date | None
    note: str | None


@dataclass(frozen=True, eq=False)
class Coverage(MappingView):
    """Active files without a responsible person (or whose person has left)."""

    active: int
    uncovered: int
    covered: int
    files: list[dict[str, Any]]  # file_no, name, status, problem, left_person


@dataclass(frozen=True, eq=False)
class LetterRead(MappingView):
    """A responsibility letter (包保责任书) with its parties, scope and signatures."""

    letter_no: str
    upper: str | None
    upper_code: str | None
    lower: str | None
    lower_code: str | None
    lower_person: str | None
    household_count: int
    files: list[dict[str, Any]]  # file_no, name
    goals: str
    measures: str
    period_start: dt.date
    period_end: dt.date
    upper_signed: bool
    upper_signatory: str | None
    upper_signed_on: dt.date | None
    lower_signed: bool
    lower_signatory: str | None
    lower_signed_on: dt.date | None
    signed: bool
    changes: Changes = NOTHING


def _refuse(errors: list[FieldError]) -> None:
    """A pairing the rules refuse is a DomainError (the command line's exit code 2, the window's message)."""
    if errors:
        raise DomainError(errors[0].zh, errors[0].en)


def _union_by_code(s: Session, code: str) -> UnionOrg:
    union = s.scalars(select(UnionOrg).where(col(UnionOrg.code) == code)).first()
    if union is None:
        raise NotFound(f"没有代码为 {code} 的工会或单位", f"no union with code {code}")
    return union


def assign_in(
    s: Session,
    f: HardshipFile,
    person: Cadre,
    *,
    unit: UnionOrg | None,
    on: dt.date,
    actor: str,
    note: str | None = None,
) -> bool:
    """Make `person` responsible for `f` from `on` (inside a transaction); False when already so."""
    unit_id = unit.id if unit is not None else person.union_id
    if f.responsible_person_id == person.id and f.responsible_unit_id == unit_id:
        return False
    current = s.scalars(select(Pairing).where(col(Pairing.file_id) == f.id, col(Pairing.end_on).is_(None))).all()
    latest = max((p.start_on for p in current), default=None)
    _refuse(check_pairing_change(f, on=on, current_start=latest))
    before = s.get(Cadre, f.responsible_person_id) if f.responsible_person_id else None
    for p in current:
        p.end_on = on
    s.add(
        Pairing(file_id=f.id, unit_id=unit_id, person_id=person.id, start_on=on, note=note, created_by=actor)
    )
    f.responsible_person_id, f.responsible_unit_id = person.id, unit_id
    f.updated_at, f.updated_by = utcnow(), actor
    unit_name = (
        unit.name
        if unit is not None
        else (
            s.get(UnionOrg, person.union_id).name  # type: ignore[union-attr]
            if person.union_id
            else ""
        )
    )
    text = (
        f"帮扶联系责任人由{before.name}调整为{person.name}（{unit_name}）"
        if before
        else f"确定帮扶联系责任人：{person.name}（{unit_name}）"
    )
    if note:
        text += f"；{note}"
    s.add(
        StatusEvent(
            file_id=f.id,
            occurred_on=on,
            kind=EventKind.PAIRED.value,
            rule=None,
            from_status=f.status,
            to_status=f.status,
            from_category=f.category,
            to_category=f.category,
            reason=text,
            facts_json="{}",
            actor=actor,
        )
    )
    return True


def responsible_by_name_in(
    s: Session, name: str, *, home: UnionOrg, phone: str | None = None, row: int | None = None
) -> Cadre:
    """The active cadre a roster names as 帮扶责任人, created in the home union when there is none.

    Raises:
        ValidationFailed: two or more active cadres have that name (domain.decisions.namesake_errors).
    """
    same = list(
        s.scalars(
            select(Cadre).where(col(Cadre.name) == name, col(Cadre.active).is_(True)).order_by(col(Cadre.created_at))
        )
    )
    errors = namesake_errors(name, same, row=row)
    if errors:
        raise ValidationFailed(errors)
    if same:
        return same[0]
    cadre = Cadre(name=name, union_id=home.id, phone=phone)
    s.add(cadre)
    s.flush()
    return cadre


def _files(s: Session, file_nos: Sequence[str]) -> list[HardshipFile]:
    from assist_desktop.services.files import get_by_no

    return [get_by_no(s, n) for n in file_nos]


def assign(
    db: Database,
    *,
    file_nos: Sequence[str],
    person: str,
    unit_code: str | None = None,
    on: dt.date,
    actor: str = "system",
    note: str | None = None,
) -> PairingResult:
    """Make one person responsible for one or many files, in one step.

    Raises:
        NotFound: an unknown file, person or unit.
        DomainError: the person has left, or a file is closed.
    """
    require(db, actor, "pair")
    if not file_nos:
        raise ValidationFailed([FieldError("file_no", "请至少指定一份档案", "give at least one file")])
    with db.transaction(actor=actor, reason="pair") as s:
        cadre = find_cadre(s, person)
        _refuse(cadre_may_take_errors(cadre.name, cadre.active, cadre.left_on))
        unit = _union_by_code(s, unit_code) if unit_code else None
        changed: list[str] = []
        same: list[str] = []
        ids: list[str] = []
        for f in _files(s, file_nos):
            if assign_in(s, f, cadre, unit=unit, on=on, actor=actor, note=note):
                changed.append(f.file_no)
                ids.append(f.id)
            else:
                same.append(f.file_no)
        s.flush()
        return PairingResult(cadre.name, cadre.id, changed, same,
                             Changes.of_files(*ids, pairing=True) if ids else NOTHING, load_warnings(s, cadre, on))


def handover(
    db: Database,
    *,
    from_person: str,
    to_person: str,
    on: dt.date,
    actor: str = "system",
    mark_left: bool = True,
    note: str | None = None,
) -> PairingResult:
    """Hand every household a leaving cadre holds to another, in one step (optionally marking them as left).

    Raises:
        NotFound: an unknown person.
        DomainError: the same person twice, or the receiver has left.
    """
    require(db, actor, "pair")
    with db.transaction(actor=actor, reason="handover") as s:
        giver, taker = find_cadre(s, from_person), find_cadre(s, to_person)
        if giver.id == taker.id:
            raise DomainError("交出人和接收人不能是同一人", "the two people must differ")
        if not taker.active:
            raise DomainError(f"{taker.name} 已离开，不能接收", f"{taker.name} has left")
        files = s.scalars(
            select(HardshipFile)
            .where(col(HardshipFile.responsible_person_id) == giver.id)
            .order_by(col(HardshipFile.file_no))
        ).all()
        text = note or f"{giver.name}离开，工作移交"
        moved: list[str] = []
        ids: list[str] = []
        for f in files:
            if f.status == FileStatus.CLOSED:
                # a closed file is not handed over: its pairing ends, and the history says why
                for p in s.scalars(select(Pairing).where(col(Pairing.file_id) == f.id, col(Pairing.end_on).is_(None))):
                    p.end_on = max(on, p.start_on)
                f.responsible_person_id = None
                f.updated_at, f.updated_by = utcnow(), actor
                s.add(StatusEvent(file_id=f.id, occurred_on=on, kind=EventKind.PAIRED.value, rule=None,
                                  from_status=f.status, to_status=f.status, from_category=f.category,
                                  to_category=f.category, reason=f"{giver.name}离开；档案已退档，包保关系结束，不再移交",
                                  actor=actor))
                ids.append(f.id)
                continue
            if assign_in(s, f, taker, unit=None, on=on, actor=actor, note=text):
                moved.append(f.file_no)
                ids.append(f.id)
        left = mark_left and giver.active
        if left:
            giver.active, giver.left_on, giver.updated_at = False, on, utcnow()
        s.flush()
        changes = (Changes.of_files(*ids, pairing=True) if ids else NOTHING) | Changes(unions=bool(left))
        return PairingResult(taker.name, taker.id, moved, [], changes, load_warnings(s, taker, on))


def coverage(db: Database, *, limit: int | None = None) -> Coverage:
    """Active files without a responsible person (or whose person has left), flagged for pairing."""
    with db.reader() as s:
        cond = and_(
            col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES),
            or_(col(HardshipFile.responsible_person_id).is_(None), col(Cadre.active).is_(False)),
        )
        base: Select[*tuple[Any, ...]] = (
            select(col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.status), col(Cadre.name).label("person"))
            .outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id))
            .where(cond)
        )
        q = base.order_by(col(HardshipFile.file_no))
        if limit:
            q = q.limit(limit)
        rows = s.execute(q).all()
        total_active = int(
            s.scalar(select(func.count()).select_from(HardshipFile).where(col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES)))
            or 0
        )
        uncovered = int(s.scalar(select(func.count()).select_from(base.subquery())) or 0)
        return Coverage(
            active=total_active,
            uncovered=uncovered,
            covered=total_active - uncovered,
            files=[
                {
                    "file_no": r.file_no,
                    "name": r.name,
                    "status": r.status,
                    "problem": "帮扶联系责任人已离开" if r.person else "没有帮扶联系责任人",
                    "left_person": r.person,
                }
                for r in rows
            ],
        )


def pairing_history(db: Database, *, file_no: str) -> list[PairingPeriod]:
    """Every responsible person a file has had, oldest first."""
    from assist_desktop.services.files import get_by_no

    with db.reader() as s:
        f = get_by_no(s, file_no)
        rows = s.execute(
            select(Pairing, col(Cadre.name))
            .join(Cadre, col(Cadre.id) == col(Pairing.person_id))
            .where(col(Pairing.file_id) == f.id)
            .order_by(col(Pairing.start_on), col(Pairing.created_at))
        ).all()
        return [PairingPeriod(person=name, person_id=p.person_id, start_on=p.start_on, end_on=p.end_on, note=p.note)
                for p, name in rows]


# --- responsibility letters ------------------------------------------------------------------------


def _subtree_codes(s: Session, code: str) -> set[str]:
    codes, frontier = {code}, [code]
    while frontier:
        children = s.scalars(select(col(UnionOrg.code)).where(col(UnionOrg.parent_code).in_(frontier))).all()
        frontier = [c for c in children if c not in codes]
        codes |= set(frontier)
    return codes


def _scope_files(s: Session, lower_union: UnionOrg | None, lower_person: Cadre | None) -> list[HardshipFile]:
    q = select(HardshipFile).where(col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES))
    if lower_person is not None:
        q = q.where(col(HardshipFile.responsible_person_id) == lower_person.id)
    elif lower_union is not None:
        codes = _subtree_codes(s, lower_union.code)
        ids = select(col(UnionOrg.id)).where(col(UnionOrg.code).in_(codes))
        q = q.where(
            or_(
                col(HardshipFile.union_id).in_(ids),
                col(HardshipFile.responsible_unit_id).in_(ids),
                col(HardshipFile.origin_union_code).in_(codes),
            )
        )
    return list(s.scalars(q.order_by(col(HardshipFile.file_no))))


def add_letter(
    db: Database,
    *,
    upper_code: str | None = None,
    lower_code: str | None = None,
    lower_person: str | None = None,
    file_nos: Sequence[str] | None = None,
    goals: str,
    measures: str,
    period_start: dt.date,
    period_end: dt.date,
    actor: str = "system",
) -> LetterRead:
    """Draw up a responsibility letter between a level and the level below (or one of its cadres).

    The files in scope are those named, else every active file of the lower union (its subtree) or of
    the cadre. Levels go city → county → grassroots → cadre.

    Raises:
        ValidationFailed: no goals or measures, a bad period, both or neither lower party.
        DomainError: the lower union is not the level just below the upper one.
    """
    require(db, actor, "pair")
    errors: list[FieldError] = []
    try:
        goals_text = check_text(goals, "goals", required=True)
    except ValidationFailed as exc:
        errors += exc.errors
    try:
        measures_text = check_text(measures, "measures", required=True)
    except ValidationFailed as exc:
        errors += exc.errors
    if period_end < period_start:
        errors.append(FieldError("period_end", "不能早于开始日期", "must not be before the start"))
    if bool(lower_code) == bool(lower_person):
        errors.append(
            FieldError(
                "lower",
                "请指定下级工会（--lower）或责任人（--person）其中之一",
                "give either a lower union or a person",
            )
        )
    if errors:
        raise ValidationFailed(errors)
    with db.transaction(actor=actor, reason="letter") as s:
        upper = _union_by_code(s, upper_code) if upper_code else home_union(s)
        lower_union = _union_by_code(s, lower_code) if lower_code else None
        person = find_cadre(s, lower_person) if lower_person else None
        if lower_union is not None:
            if UnionLevel(lower_union.level).rank != UnionLevel(upper.level).rank - 1:
                raise DomainError(
                    f"责任书逐级签订：{UnionLevel(upper.level).label}应与下一级签订，"
                    f"{lower_union.name}是{UnionLevel(lower_union.level).label}",
                    "letters go one level down at a time",
                )
        elif person is not None and person.union_id != upper.id:
            raise DomainError(
                f"{person.name}不属于{upper.name}，不能与其签订责任书",
                f"{person.name} is not a cadre of {upper.name}",
            )
        files = _files(s, file_nos) if file_nos else _scope_files(s, lower_union, person)
        seq = next_sequence(s, f"letter_no:{upper.code}")
        letter = PairingLetter(
            letter_no=f"{upper.code}-BB{period_start.year}-{seq:04d}",
            upper_union_id=upper.id,
            lower_union_id=lower_union.id if lower_union else None,
            lower_person_id=person.id if person else None,
            household_count=len(files),
            goals=goals_text or "",
            measures=measures_text or "",
            period_start=period_start,
            period_end=period_end,
        )
        s.add(letter)
        s.flush()
        if files:
            # Core insert: the ORM audit would key these rows by "letter_id/file_id", longer than audit_log
            # allows on PostgreSQL; one audit row per file, keyed by the file, says the same
            s.execute(
                insert(table_of(LetterFile)), [{"letter_id": letter.id, "file_id": f.id} for f in files]
            )
            bulk_audit(
                s, "letter_file", (f.id for f in files), actor=actor, reason=f"letter {letter.letter_no}"
            )
        s.flush()
        return letter_json(s, letter, Changes(pairing=True))


def sign_letter(
    db: Database, *, letter_no: str, side: str, signatory: str, on: dt.date, actor: str = "system"
) -> LetterRead:
    """Record a party's signature (upper or lower side) with its date.

    Raises:
        NotFound: no such letter.
        ValidationFailed: a bad side or a blank signatory.
    """
    require(db, actor, "pair")
    if side not in ("upper", "lower"):
        raise ValidationFailed(
            [FieldError("side", "应为 upper（上级）或 lower（下级）", "must be upper or lower")]
        )
    name = check_text(signatory, "signatory", required=True, max_len=50)
    with db.transaction(actor=actor, reason="sign letter") as s:
        letter = _letter(s, letter_no)
        if side == "upper":
            letter.upper_signatory, letter.upper_signed_on = name, on
        else:
            letter.lower_signatory, letter.lower_signed_on = name, on
        letter.updated_at = utcnow()
        s.flush()
        return letter_json(s, letter, Changes(pairing=True))


def _letter(s: Session, letter_no: str) -> PairingLetter:
    letter = s.scalars(select(PairingLetter).where(col(PairingLetter.letter_no) == letter_no)).first()
    if letter is None:
        raise NotFound(f"没有编号为 {letter_no} 的责任书", f"no letter numbered {letter_no}")
    return letter


def letter_json(s: Session, letter: PairingLetter, changes: Changes = NOTHING) -> LetterRead:
    upper = s.get(UnionOrg, letter.upper_union_id)
    lower = s.get(UnionOrg, letter.lower_union_id) if letter.lower_union_id else None
    person = s.get(Cadre, letter.lower_person_id) if letter.lower_person_id else None
    files = s.execute(
        select(col(HardshipFile.file_no), col(HardshipFile.name))
        .join(LetterFile, col(LetterFile.file_id) == col(HardshipFile.id))
        .where(col(LetterFile.letter_id) == letter.id)
        .order_by(col(HardshipFile.file_no))
    ).all()
    return LetterRead(
        letter_no=letter.letter_no,
        upper=upper.name if upper else None,
        upper_code=upper.code if upper else None,
        lower=lower.name if lower else (person.name if person else None),
        lower_code=lower.code if lower else None,
        lower_person=person.name if person else None,
        household_count=letter.household_count,
        files=[{"file_no": n, "name": m} for n, m in files],
        goals=letter.goals,
        measures=letter.measures,
        period_start=letter.period_start,
        period_end=letter.period_end,
        upper_signed=letter.upper_signed_on is not None,
        upper_signatory=letter.upper_signatory,
        upper_signed_on=letter.upper_signed_on,
        lower_signed=letter.lower_signed_on is not None,
        lower_signatory=letter.lower_signatory,
        lower_signed_on=letter.lower_signed_on,
        signed=letter.upper_signed_on is not None and letter.lower_signed_on is not None,
        changes=changes,
    )


def get_letter(db: Database, *, letter_no: str) -> LetterRead:
    with db.reader() as s:
        return letter_json(s, _letter(s, letter_no))


def list_letters(db: Database) -> list[LetterRead]:
    with db.reader() as s:
        return [letter_json(s, x) for x in s.scalars(select(PairingLetter).order_by(col(PairingLetter.letter_no)))]
