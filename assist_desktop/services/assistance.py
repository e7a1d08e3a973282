"""Assistance given, home visits (a visit can make the state-of-mind clear) and re-employment support."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from assist_desktop.db.engine import Database
from assist_desktop.db.models import AssistanceRecord, EmploymentSupport, HomeVisit, utcnow
from assist_desktop.domain.enums import AssistanceKind, EmploymentSupportKind, FundSource
from assist_desktop.domain.errors import FieldError, ValidationFailed
from assist_desktop.domain.validation import check_name, check_text, parse_date, parse_enum, parse_money_fen


def _collect(errors: list[FieldError], fn: Any) -> Any:
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
) -> dict[str, Any]:
    """Record one act of assistance; the amount in yuan becomes exact integer fen.

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad kind, amount, fund source or date.
    """
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
        return {"id": rec.id, "file_no": f.file_no, **rec.model_dump(exclude={"id", "file_id", "created_at"})}


def list_assistance(db: Database, *, file_no: str) -> list[dict[str, Any]]:
    from assist_desktop.services.files import get_by_no

    with db.reader() as s:
        f = get_by_no(s, file_no)
        rows = s.scalars(
            select(AssistanceRecord)
            .where(AssistanceRecord.file_id == f.id)
            .order_by(AssistanceRecord.given_on)
        )
        return [r.model_dump(exclude={"file_id"}) for r in rows]


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
) -> dict[str, Any]:
    """Record a home visit. It updates the file's last visit date and, when given, its state of mind
    (which can complete the five clears and so register the file); after an exit it is a follow-up visit.

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad visitor or date.
    """
    from assist_desktop.services import lifecycle
    from assist_desktop.services.files import get_by_no

    errors: list[FieldError] = []
    who = _collect(errors, lambda: check_name(visitor, "visitor"))
    day = _collect(errors, lambda: parse_date(visited_on, "visited_on", today=today) or today)
    texts = {
        k: _collect(errors, lambda v=v, k=k: check_text(v, k))
        for k, v in (
            ("living_situation", living_situation),
            ("needs", needs),
            ("explained", explained),
            ("state_of_mind", state_of_mind),
        )
    }
    if errors:
        raise ValidationFailed(errors)
    with db.transaction(actor=actor, reason="home visit") as s:
        f = get_by_no(s, file_no)
        follow_up = (
            f.status == "closed"
            and f.close_reason == "out_of_hardship"
            and (f.closed_on is None or day >= f.closed_on)
        )
        visit = HomeVisit(
            file_id=f.id, visited_on=day, visitor=who, follow_up=follow_up, created_by=actor, **texts
        )
        s.add(visit)
        if f.last_visit_date is None or day >= f.last_visit_date:
            f.last_visit_date = day
            if texts["state_of_mind"]:
                f.state_of_mind = texts["state_of_mind"]
        f.updated_at, f.updated_by = utcnow(), actor
        s.flush()
        events = lifecycle.evaluate_in(s, f, as_of=max(day, today), actor=actor)
        return {
            "id": visit.id,
            "file_no": f.file_no,
            "follow_up": follow_up,
            "status": f.status,
            "events": [e.reason for e in events],
            **visit.model_dump(exclude={"id", "file_id", "created_at", "follow_up"}),
        }


def list_visits(db: Database, *, file_no: str) -> list[dict[str, Any]]:
    from assist_desktop.services.files import get_by_no

    with db.reader() as s:
        f = get_by_no(s, file_no)
        rows = s.scalars(select(HomeVisit).where(HomeVisit.file_id == f.id).order_by(HomeVisit.visited_on))
        return [r.model_dump(exclude={"file_id"}) for r in rows]


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
) -> dict[str, Any]:
    """Record re-employment support (certificate, referral, training, loan, subsidy, public-welfare post).

    Raises:
        NotFound: no such file.
        ValidationFailed: a bad kind, date or amount.
    """
    from assist_desktop.services.files import get_by_no

    errors: list[FieldError] = []
    k = _collect(errors, lambda: parse_enum(EmploymentSupportKind, kind, "kind", required=True))
    start = _collect(errors, lambda: parse_date(started_on, "started_on", today=today) or today)
    end = _collect(errors, lambda: parse_date(ended_on, "ended_on", allow_future=True))
    fen = _collect(errors, lambda: parse_money_fen(amount, "amount") or 0)
    if start and end and end < start:
        errors.append(FieldError("ended_on", "不能早于开始日期", "must not be before the start"))
    if term_months is not None and not 1 <= term_months <= 360:
        errors.append(FieldError("term_months", "应在1到360之间", "must be between 1 and 360"))
    if errors:
        raise ValidationFailed(errors)
    with db.transaction(actor=actor, reason="employment support") as s:
        f = get_by_no(s, file_no)
        rec = EmploymentSupport(
            file_id=f.id,
            kind=k.value,
            started_on=start,
            ended_on=end,
            detail=detail,
            outcome=outcome,
            certificate=certificate,
            found_work=found_work,
            amount_fen=fen,
            lender=lender,
            term_months=term_months,
        )
        s.add(rec)
        f.updated_at, f.updated_by = utcnow(), actor
        s.flush()
        return {"id": rec.id, "file_no": f.file_no, **rec.model_dump(exclude={"id", "file_id", "created_at"})}


def list_employment_support(db: Database, *, file_no: str) -> list[dict[str, Any]]:
    """A file's re-employment support records, oldest first.

    Raises:
        NotFound: no such file.
    """
    from assist_desktop.services.files import get_by_no

    with db.reader() as s:
        f = get_by_no(s, file_no)
        rows = s.scalars(
            select(EmploymentSupport)
            .where(EmploymentSupport.file_id == f.id)
            .order_by(EmploymentSupport.started_on, EmploymentSupport.created_at)
        )
        return [r.model_dump(exclude={"file_id"}) for r in rows]
