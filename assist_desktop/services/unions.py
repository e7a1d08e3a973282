"""Unions, subordinate units and the cadres who can be responsible for households."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Cadre, UnionOrg, utcnow
from assist_desktop.domain.enums import CadreRole, UnionLevel
from assist_desktop.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from assist_desktop.domain.validation import check_name, check_phone, check_text, parse_enum
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes

_CODE = re.compile(r"^[0-9A-Za-z]{2,32}$")
UNIONS_CHANGED = Changes(unions=True)
T = TypeVar("T")


@dataclass(frozen=True)
class UnionView:
    """A union or unit as the screens and the command line see it; `changes` says what a save wrote."""

    id: str
    code: str
    name: str
    level: str
    parent_code: str | None
    is_home: bool
    contact_phone: str | None
    address: str | None
    changes: Changes = field(default=NOTHING, compare=False)

    @classmethod
    def of(cls, row: UnionOrg, changes: Changes = NOTHING) -> UnionView:
        return cls(row.id, row.code, row.name, row.level, row.parent_code, row.is_home, row.contact_phone,
                   row.address, changes)

    def to_json(self) -> dict[str, Any]:
        """The machine form (the `union` object of `init`, `union add` and `union list --json`)."""
        return {"code": self.code, "name": self.name, "level": self.level, "parent_code": self.parent_code,
                "is_home": self.is_home, "contact_phone": self.contact_phone, "address": self.address,
                "id": self.id}


@dataclass(frozen=True)
class CadreView:
    """A person who can be responsible for households; `changes` says what a save wrote."""

    id: str
    union_id: str
    name: str
    role: str
    title: str | None
    phone: str | None
    active: bool
    left_on: dt.date | None
    changes: Changes = field(default=NOTHING, compare=False)

    @classmethod
    def of(cls, row: Cadre, changes: Changes = NOTHING) -> CadreView:
        return cls(row.id, row.union_id, row.name, row.role, row.title, row.phone, row.active, row.left_on,
                   changes)

    def to_json(self) -> dict[str, Any]:
        """The machine form (the `cadre` object of `cadre add` and `cadre list --json`)."""
        return {"name": self.name, "role": self.role, "title": self.title, "phone": self.phone,
                "active": self.active, "left_on": self.left_on, "id": self.id, "union_id": self.union_id}


def _check_code(code: str, field: str) -> str:
    code = (code or "").strip()
    if not _CODE.match(code):
        raise ValidationFailed([FieldError(field, "应为2至32位字母或数字", "must be 2 to 32 letters or digits")])
    return code


def init_union(db: Database, *, code: str, name: str, level: str, parent_code: str | None = None,
               actor: str = "system") -> UnionView:
    """Set the union that keeps this database (run once; again only with the same code to rename).

    Raises:
        ValidationFailed: a bad code, name or level.
        DomainError: the database already belongs to another union.
    """
    require(db, actor, "settings")
    code = _check_code(code, "union_code")
    clean_name = check_text(name, "union_name", required=True, max_len=100)
    lvl = parse_enum(UnionLevel, level, "level", required=True)
    parent = _check_code(parent_code, "parent_code") if parent_code else None
    assert lvl is not None and clean_name is not None
    if lvl == UnionLevel.PROVINCE and parent:
        raise ValidationFailed([FieldError("parent_code", "省总工会没有上级工会", "a province union has no parent")])
    with db.transaction(actor=actor, reason="init") as s:
        home = s.scalars(select(UnionOrg).where(col(UnionOrg.is_home).is_(True))).first()
        if home is not None and home.code != code:
            raise DomainError(f"本数据库已属于工会 {home.code}（{home.name}），不能改为 {code}",
                              f"this database already belongs to union {home.code}")
        union = home or s.scalars(select(UnionOrg).where(col(UnionOrg.code) == code)).first()
        if union is None:
            union = UnionOrg(code=code, name=clean_name, level=lvl.value, parent_code=parent, is_home=True)
            s.add(union)
        else:
            union.name, union.level, union.parent_code, union.is_home = clean_name, lvl.value, parent, True
            union.updated_at = utcnow()
        if parent and s.scalars(select(UnionOrg).where(col(UnionOrg.code) == parent)).first() is None:
            parent_level = UnionLevel(["county", "city", "province", "province"][lvl.rank])
            s.add(UnionOrg(code=parent, name=f"上级工会 {parent}", level=parent_level.value))
        s.flush()
        return UnionView.of(union, UNIONS_CHANGED)


def add_union(db: Database, *, code: str, name: str, level: str, parent_code: str | None = None,
              actor: str = "system") -> UnionView:
    """Add (or rename) a subordinate union or unit.

    Raises:
        ValidationFailed: a bad code, name or level.
    """
    require(db, actor, "pair")
    code = _check_code(code, "union_code")
    clean_name = check_text(name, "union_name", required=True, max_len=100)
    lvl = parse_enum(UnionLevel, level, "level", required=True)
    assert lvl is not None and clean_name is not None
    with db.transaction(actor=actor) as s:
        union = s.scalars(select(UnionOrg).where(col(UnionOrg.code) == code)).first()
        if union is None:
            union = UnionOrg(code=code, name=clean_name, level=lvl.value, parent_code=parent_code)
            s.add(union)
        else:
            union.name, union.level = clean_name, lvl.value
            if parent_code:
                union.parent_code = parent_code
        s.flush()
        return UnionView.of(union, UNIONS_CHANGED)


def ensure_union(s: Session, *, code: str, name: str | None = None, level: str = "grassroots",
                 parent_code: str | None = None) -> UnionOrg:
    """The union with this code, created if unknown (used by imports and merges)."""
    union = s.scalars(select(UnionOrg).where(col(UnionOrg.code) == code)).first()
    if union is None:
        union = UnionOrg(code=code, name=name or code, level=level, parent_code=parent_code)
        s.add(union)
        s.flush()
    return union


def list_unions(db: Database) -> list[UnionView]:
    """Every union and unit known here, the highest levels first."""
    with db.reader() as s:
        rows = s.scalars(select(UnionOrg).order_by(col(UnionOrg.level).desc(), col(UnionOrg.code))).all()
        return [UnionView.of(r) for r in rows]


def get_home_union(db: Database) -> UnionView | None:
    """The union that keeps this database, or None before `init`."""
    with db.reader() as s:
        union = s.scalars(select(UnionOrg).where(col(UnionOrg.is_home).is_(True))).first()
        return UnionView.of(union) if union else None


def add_cadre(db: Database, *, name: str, union_code: str | None = None, role: str = "cadre",
              title: str | None = None, phone: str | None = None, actor: str = "system") -> CadreView:
    """Add a person who can be responsible for households.

    Raises:
        ValidationFailed: a bad name, role or phone.
        NotFound: the union code is unknown.
    """
    require(db, actor, "pair")
    clean_name = check_name(name)
    clean_role = parse_enum(CadreRole, role, "role", required=True)
    clean_phone = check_phone(phone)
    assert clean_role is not None
    with db.transaction(actor=actor) as s:
        union = _union_or_home(s, union_code)
        cadre = Cadre(name=clean_name, union_id=union.id, role=clean_role.value, title=title, phone=clean_phone)
        s.add(cadre)
        s.flush()
        return CadreView.of(cadre, Changes(unions=True, pairing=True))


def _union_or_home(s: Session, union_code: str | None) -> UnionOrg:
    from assist_desktop.services.common import home_union

    if not union_code:
        return home_union(s)
    union = s.scalars(select(UnionOrg).where(col(UnionOrg.code) == union_code)).first()
    if union is None:
        raise NotFound(f"没有代码为 {union_code} 的工会", f"no union with code {union_code}")
    return union


def find_cadre(s: Session, ref: str) -> Cadre:
    """A cadre by id or by name (a name must be unique among active cadres)."""
    cadre = s.get(Cadre, ref)
    if cadre is not None:
        return cadre
    matches = s.scalars(select(Cadre).where(col(Cadre.name) == ref).order_by(col(Cadre.active).desc())).all()
    active = [c for c in matches if c.active]
    if len(active) == 1:
        return active[0]
    if len(active) > 1:
        raise DomainError(f"有{len(active)}位在职责任人同名“{ref}”，请用编号指定",
                          f"{len(active)} active people are called {ref}: use the id")
    if matches:
        return matches[0]
    raise NotFound(f"没有名为“{ref}”的责任人", f"no responsible person called {ref}")


def list_cadres(db: Database, *, include_left: bool = False) -> list[CadreView]:
    """The cadres by name: the active ones, or everyone with `include_left`."""
    with db.reader() as s:
        q = select(Cadre).order_by(col(Cadre.name))
        if not include_left:
            q = q.where(col(Cadre.active).is_(True))
        return [CadreView.of(c) for c in s.scalars(q)]


def cadre_left(db: Database, *, person: str, on: dt.date, actor: str = "system") -> CadreView:
    """Mark a cadre as having left (households must be handed over; see pairing.handover)."""
    require(db, actor, "pair")
    with db.transaction(actor=actor, reason="cadre left") as s:
        cadre = find_cadre(s, person)
        cadre.active = False
        cadre.left_on = on
        cadre.updated_at = utcnow()
        s.flush()
        return CadreView.of(cadre, Changes(unions=True, pairing=True))


def count_unions(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(UnionOrg)) or 0)


def _collect(errors: list[FieldError], check: Callable[[], T]) -> T | None:
    try:
        return check()
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return None


def union_identity_errors(*, code: str, name: str, level: str | None, parent_code: str | None) -> list[FieldError]:
    """Every problem with a union's identity at once (the first-start wizard shows them together).

    A union below the province needs its parent's code: export names it as the receiver.
    """
    errors: list[FieldError] = []
    _collect(errors, lambda: _check_code(code, "union_code"))
    _collect(errors, lambda: check_text(name, "union_name", required=True, max_len=100))
    lvl = _collect(errors, lambda: parse_enum(UnionLevel, level, "level", required=True))
    parent = (parent_code or "").strip()
    if parent:
        _collect(errors, lambda: _check_code(parent, "parent_code"))
        if lvl == UnionLevel.PROVINCE:
            errors.append(FieldError("parent_code", "省总工会没有上级工会", "a province union has no parent"))
        elif parent == (code or "").strip():
            errors.append(FieldError("parent_code", "不能是本工会自己的代码", "cannot be the union's own code"))
    elif lvl is not None and lvl != UnionLevel.PROVINCE:
        errors.append(FieldError("parent_code", "必须填写（上报时作为接收方）",
                                 "is required (export sends to it)"))
    return errors


def update_home_union(db: Database, *, name: str | None = None, parent_code: str | None = None,
                      contact_phone: str | None = None, address: str | None = None,
                      actor: str = "system") -> Changes:
    """Change the home union's name, parent code, contact phone or address (None leaves a value as it is).

    The code and level stay: they name this database's files. An empty text clears the phone or address.

    Raises:
        ValidationFailed: every bad value at once.
        NotFound: the database has no home union yet (run `init`).
    """
    require(db, actor, "settings")
    from assist_desktop.services.common import home_union

    errors: list[FieldError] = []
    clean_name = _collect(errors, lambda: check_text(name, "union_name", required=True, max_len=100)) \
        if name is not None else None
    parent = (parent_code or "").strip() if parent_code is not None else None
    if parent:
        _collect(errors, lambda: _check_code(parent, "parent_code"))
    phone = _collect(errors, lambda: check_phone(contact_phone, "contact_phone")) \
        if contact_phone is not None else None
    clean_address = _collect(errors, lambda: check_text(address, "union_address", max_len=200)) \
        if address is not None else None
    with db.transaction(actor=actor, reason="union identity") as s:
        home = home_union(s)
        lvl = UnionLevel(home.level)
        if parent is not None:
            if parent and lvl == UnionLevel.PROVINCE:
                errors.append(FieldError("parent_code", "省总工会没有上级工会", "a province union has no parent"))
            elif parent == home.code:
                errors.append(FieldError("parent_code", "不能是本工会自己的代码", "cannot be the union's own code"))
            elif not parent and lvl != UnionLevel.PROVINCE:
                errors.append(FieldError("parent_code", "必须填写（上报时作为接收方）",
                                         "is required (export sends to it)"))
        if errors:
            raise ValidationFailed(errors)
        if clean_name is not None:
            home.name = clean_name
        if parent:
            home.parent_code = parent
            if s.scalars(select(UnionOrg).where(col(UnionOrg.code) == parent)).first() is None:
                parent_level = UnionLevel(["county", "city", "province", "province"][lvl.rank])
                s.add(UnionOrg(code=parent, name=f"上级工会 {parent}", level=parent_level.value))
        if contact_phone is not None:
            home.contact_phone = phone
        if address is not None:
            home.address = clean_address
        home.updated_at = utcnow()
        s.flush()
    return UNIONS_CHANGED


def receiver_choices(db: Database) -> list[UnionView]:
    """The unions an export can be sent to: every known union but this one and its units below, the parent first."""
    unions = list_unions(db)
    home = next((u for u in unions if u.is_home), None)
    others = [u for u in unions if not u.is_home and (home is None or u.parent_code != home.code)]
    parent = home.parent_code if home else None
    return sorted(others, key=lambda u: (u.code != parent,))


def check_receiver_code(db: Database, code: str) -> tuple[str, bool]:
    """A typed receiver code cleaned, and whether a union with it is known here.

    Raises:
        ValidationFailed: not a union code (digits only, 2 to 32 of them), e.g. a file path.
    """
    code = (code or "").strip()
    if not re.fullmatch(r"[0-9]{2,32}", code):
        raise ValidationFailed([FieldError("receiver", "应为工会代码（2至32位数字），不是文件路径或名称",
                                           "must be a union code (2 to 32 digits), not a path or a name")])
    with db.reader() as s:
        known = s.scalars(select(UnionOrg).where(col(UnionOrg.code) == code)).first() is not None
    return code, known


# --- masking by receiver ---------------------------------------------------------------------------------

#: the setting of what packages to a receiver leave out: app_setting key + the receiver's code
MASK_KEY = "export_mask."


@dataclass(frozen=True)
class ReceiverMask:
    """What this union's packages to one receiver leave out (exchange/masking.py names the masks)."""

    code: str
    masks: tuple[str, ...]
    changes: Changes = field(default=NOTHING, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "masks": list(self.masks)}


def receiver_mask(s: Session, code: str) -> tuple[str, ...]:
    """The masks set for packages to `code` (none: every field travels)."""
    from assist_desktop.db.models import AppSetting
    from assist_desktop.exchange.masking import parse_masks

    row = s.get(AppSetting, MASK_KEY + code)
    return parse_masks(row.value.split(",")) if row is not None and row.value else ()


def get_receiver_mask(db: Database, *, code: str) -> ReceiverMask:
    with db.reader() as s:
        return ReceiverMask(code, receiver_mask(s, code))


def set_receiver_mask(db: Database, *, code: str, masks: list[str] | tuple[str, ...],
                      actor: str = "system") -> ReceiverMask:
    """Set what packages to the receiver `code` leave out (e.g. a city does not need bank accounts).

    Raises:
        ValidationFailed: a code that is not a union code, or an unknown mask name.
    """
    from assist_desktop.db.models import AppSetting
    from assist_desktop.exchange.masking import MASK_NAMES, parse_masks

    require(db, actor, "settings")
    code = _check_code(code, "code")
    unknown = [m for m in masks if m not in MASK_NAMES]
    if unknown:
        raise ValidationFailed([FieldError("masks", f"未知的屏蔽项：{'、'.join(unknown)}（可选：{'、'.join(MASK_NAMES)}）",
                                           f"unknown masks: {', '.join(unknown)}")])
    chosen = parse_masks(masks)
    with db.transaction(actor=actor, reason=f"mask for {code}") as s:
        row = s.get(AppSetting, MASK_KEY + code)
        if row is None:
            s.add(AppSetting(key=MASK_KEY + code, value=",".join(chosen)))
        else:
            row.value, row.updated_at = ",".join(chosen), utcnow()
    return ReceiverMask(code, chosen, Changes(settings=True))
