"""Assistance records (exact money), home visits (state of mind, follow-up), employment support."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import AssistanceRecord, EmploymentSupport, HardshipFile
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.services.assistance import (
    add_assistance,
    add_employment_support,
    add_visit,
    list_assistance,
    list_visits,
)
from assist_desktop.services.files import create_file
from tests.conftest import complete_file_data

D = dt.date
FILE = "230102001-000001"


def test_money_is_exact_fen(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    for amount in ("0.10", "0.20", "1000.70"):
        add_assistance(
            db,
            file_no=FILE,
            kind="资金帮扶",
            amount=amount,
            fund="工会经费",
            helper="赵敏",
            today=D(2026, 2, 1),
        )
    with db.reader() as s:
        assert s.scalar(select(func.sum(AssistanceRecord.amount_fen))) == 100_100
    rows = list_assistance(db, file_no=FILE)
    assert [r.amount_fen for r in rows] == [10, 20, 100_070] and rows[0].fund_source == "union"
    assert rows[0].file_no == FILE and rows[0].changes.empty  # a listing changed nothing


def test_bad_assistance_names_every_field(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with pytest.raises(ValidationFailed) as info:
        add_assistance(
            db,
            file_no=FILE,
            kind="送钱",
            amount="1.234",
            fund="天上",
            given_on="2027-01-01",
            today=D(2026, 2, 1),
        )
    assert {e.field for e in info.value.errors} == {"kind", "amount", "fund_source", "given_on"}
    with pytest.raises(ValidationFailed, match="须填写金额"):
        add_assistance(db, file_no=FILE, kind="money", today=D(2026, 2, 1))


def test_visit_with_state_of_mind_completes_the_clears_and_registers(db):
    create_file(db, data=complete_file_data(state_of_mind=None, last_visit_date=None), as_of=D(2026, 1, 5))
    with db.reader() as s:
        assert s.scalar(select(HardshipFile.status)) == "found"
    visit = add_visit(
        db,
        file_no=FILE,
        visitor="赵敏",
        visited_on="2026-01-20",
        needs="子女学费",
        state_of_mind="心理压力较大，担心医疗费用",
        today=D(2026, 1, 21),
    )
    assert visit.status == "registered" and visit.follow_up is False
    assert visit.events[0].startswith("五清齐全")
    assert visit.changes.files and visit.changes.care and len(visit.changes.file_ids) == 1
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert f.last_visit_date == D(2026, 1, 20) and f.state_of_mind == "心理压力较大，担心医疗费用"


def test_visit_after_exit_is_a_follow_up(db):
    from assist_desktop.services.lifecycle import close_file

    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with db.transaction() as s:
        f = s.scalars(select(HardshipFile)).one()
        f.status, f.close_reason, f.closed_on = "closed", "out_of_hardship", D(2026, 3, 1)
    visit = add_visit(db, file_no=FILE, visitor="赵敏", visited_on="2026-04-01", today=D(2026, 4, 1))
    assert visit.follow_up is True
    assert [v.follow_up for v in list_visits(db, file_no=FILE)] == [True]
    assert close_file  # closures by a person are covered in test_lifecycle_actions


def test_employment_support_records_outcome(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    add_employment_support(
        db,
        file_no=FILE,
        kind="小额担保贷款",
        amount="50000",
        lender="哈尔滨银行",
        term_months=24,
        started_on="2026-02-01",
        today=D(2026, 2, 1),
    )
    add_employment_support(
        db,
        file_no=FILE,
        kind="training",
        detail="育婴师培训",
        found_work=True,
        certificate="育婴师（五级）",
        today=D(2026, 3, 1),
    )
    with db.reader() as s:
        rows = s.scalars(select(EmploymentSupport).order_by(EmploymentSupport.started_on)).all()
    assert [(r.kind, r.amount_fen, r.found_work) for r in rows] == [
        ("loan", 5_000_000, None),
        ("training", 0, True),
    ]
    with pytest.raises(ValidationFailed):
        add_employment_support(db, file_no=FILE, kind="loan", term_months=0, today=D(2026, 3, 1))
