"""Dated standards: the 低保 standard LB, the minimum wage MW and the multiples, each from a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Standard
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.validation import fen_to_yuan_text, parse_date, parse_money_fen
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes

T = TypeVar("T")


@dataclass(frozen=True)
class StandardView:
    """A standard as the rules and the screens see it; after `set_standard`, `changes` says what was written."""

    effective_on: dt.date
    lb_fen: int
    mw_fen: int
    relative_multiple_pct: int
    exit_multiple_pct: int
    accident_multiple_pct: int
    accident_cost_pct: int
    changes: Changes = field(default=NOTHING, compare=False)

    def to_json(self) -> dict[str, object]:
        return {
            "effective": self.effective_on.isoformat(), "lb": fen_to_yuan_text(self.lb_fen),
            "mw": fen_to_yuan_text(self.mw_fen), "relative_multiple": self.relative_multiple_pct / 100,
            "exit_multiple": self.exit_multiple_pct / 100, "accident_multiple": self.accident_multiple_pct / 100,
            "accident_cost_ratio": self.accident_cost_pct / 100,
        }


def _pct(value: object, field: str, *, low: int = 50, high: int = 1000) -> int:
    try:
        pct = Decimal(str(value)) * 100
    except InvalidOperation:
        raise ValidationFailed([FieldError(field, f"“{value}”不是数字", f"'{value}' is not a number")]) from None
    if pct != pct.to_integral_value() or not low <= pct <= high:
        raise ValidationFailed([FieldError(field, f"应在{low / 100}到{high / 100}之间，最多两位小数",
                                           f"must be between {low / 100} and {high / 100}")])
    return int(pct)


def view(row: Standard, changes: Changes = NOTHING) -> StandardView:
    return StandardView(row.effective_on, row.lb_fen, row.mw_fen, row.relative_multiple_pct, row.exit_multiple_pct,
                        row.accident_multiple_pct, row.accident_cost_pct, changes)


def _collect(errors: list[FieldError], fn: Callable[[], T | None]) -> T | None:
    try:
        return fn()
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return None


def set_standard(db: Database, *, lb: object, mw: object, effective: object, today: dt.date,
                 exit_multiple: object = "2", relative_multiple: object = "2", accident_multiple: object = "3",
                 accident_cost_ratio: object = "0.8", note: str | None = None,
                 actor: str = "system") -> StandardView:
    """Record the standard in force from a date (replacing one recorded for the same date).

    Re-evaluating the files against it is the caller's next step (`lifecycle.reevaluate_all`).

    Raises:
        ValidationFailed: a bad amount, multiple or date.
    """
    require(db, actor, "standards")
    errors: list[FieldError] = []
    lb_fen = _collect(errors, lambda: parse_money_fen(lb, "lb", required=True))
    mw_fen = _collect(errors, lambda: parse_money_fen(mw, "mw", required=True))
    day = _collect(errors, lambda: parse_date(effective, "effective", required=True, allow_future=True))
    exit_pct = _collect(errors, lambda: _pct(exit_multiple, "exit_multiple", low=100))
    relative_pct = _collect(errors, lambda: _pct(relative_multiple, "relative_multiple", low=100))
    accident_pct = _collect(errors, lambda: _pct(accident_multiple, "accident_multiple", low=100))
    # the share of annual income hardship costs must exceed: 80 % in the ACFTU text, 50 % in Chongqing 2023
    cost_pct = _collect(errors, lambda: _pct(accident_cost_ratio, "accident_cost_ratio", low=50, high=80))
    if not errors and lb_fen == 0:
        errors.append(FieldError("lb", "必须大于0", "must be greater than 0"))
    if errors:
        raise ValidationFailed(errors)
    assert lb_fen is not None and mw_fen is not None and day is not None and exit_pct is not None
    assert relative_pct is not None and accident_pct is not None and cost_pct is not None
    with db.transaction(actor=actor, reason=note or "standard") as s:
        row = s.scalars(select(Standard).where(col(Standard.effective_on) == day)).first()
        if row is None:
            row = Standard(effective_on=day, lb_fen=0, mw_fen=0)
            s.add(row)
        row.lb_fen = lb_fen
        row.mw_fen = mw_fen
        row.exit_multiple_pct = exit_pct
        row.relative_multiple_pct = relative_pct
        row.accident_multiple_pct = accident_pct
        row.accident_cost_pct = cost_pct
        row.note = note
        row.created_by = actor
        s.flush()
        return view(row, Changes(standards=True))


def standard_on(s: Session, day: dt.date) -> StandardView | None:
    """The standard in force on a day (the latest one effective on or before it)."""
    row = s.scalars(select(Standard).where(col(Standard.effective_on) <= day)
                    .order_by(col(Standard.effective_on).desc()).limit(1)).first()
    return view(row) if row is not None else None


def require_standard_on(s: Session, day: dt.date) -> StandardView:
    std = standard_on(s, day)
    if std is None:
        raise DomainError(f"{day.isoformat()}没有生效的低保标准：请先用 standards set 设定",
                          f"no standard in force on {day}: run `standards set` first")
    return std


def all_standards(s: Session) -> list[StandardView]:
    return [view(r) for r in s.scalars(select(Standard).order_by(col(Standard.effective_on)))]


def list_standards(db: Database) -> list[StandardView]:
    with db.reader() as s:
        return all_standards(s)
