"""Duties that come due: each kind appears exactly when it should."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from assist_desktop.db.models import HardshipFile, IncomeFact
from assist_desktop.domain.workdays import add_workdays
from assist_desktop.services.assistance import add_visit
from assist_desktop.services.due import due_items
from assist_desktop.services.files import create_file
from assist_desktop.services.pairing import add_letter
from assist_desktop.services.unions import add_cadre

D = dt.date
FILE = "230102001-000001"


def make(db, **columns):
    from tests.conftest import complete_file_data

    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with db.transaction() as s:
        f = s.scalars(select(HardshipFile)).one()
        f.last_review_on = D(2026, 1, 5)
        f.reported_at = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        for k, v in columns.items():
            setattr(f, k, v)


def kinds(db, day, kind):
    return [(i.file_no or i.letter_no, i.due_on) for i in due_items(db, as_of=day, kinds=(kind,))]


def test_visit_overdue_after_six_months(db):
    make(db)
    assert kinds(db, D(2026, 7, 1), "visit_overdue") == []
    assert kinds(db, D(2026, 7, 2), "visit_overdue") == [(FILE, D(2026, 7, 2))]
    item = due_items(db, as_of=D(2026, 8, 1), kinds=("visit_overdue",))[0]
    assert item.overdue and item.text == "上次入户走访 2026-01-02，应于 2026-07-02 前再次走访"
    assert item.to_json()["kind"] == "visit_overdue"


def test_notice_ending_two_working_days_ahead(db):
    make(db, status="exit_notice", notice_until=D(2026, 12, 8))
    assert kinds(db, D(2026, 12, 2), "notice_ending") == []
    assert kinds(db, D(2026, 12, 4), "notice_ending") == [(FILE, D(2026, 12, 8))]


def test_follow_up_visits_after_exit(db):
    make(db, status="closed", close_reason="out_of_hardship", closed_on=D(2026, 3, 1))
    with db.transaction() as s:  # the household is out of hardship: 2,000 元 a month each
        s.scalars(select(IncomeFact)).one().household_annual_income_fen = 7_200_000
    assert kinds(db, D(2026, 5, 1), "follow_up_due") == []
    assert kinds(db, D(2026, 5, 20), "follow_up_due") == [(FILE, D(2026, 6, 1))]
    add_visit(db, file_no=FILE, visitor="赵敏", visited_on="2026-05-25", today=D(2026, 5, 25))
    assert kinds(db, D(2026, 6, 1), "follow_up_due") == []
    assert kinds(db, D(2026, 8, 20), "follow_up_due") == [(FILE, D(2026, 8, 25))]
    assert kinds(db, D(2026, 9, 2), "follow_up_due") == []  # the follow-up period is over


def test_letter_expiring_within_the_warning_days(db):
    make(db)
    add_cadre(db, name="赵敏")
    letter = add_letter(
        db,
        lower_person="赵敏",
        goals="走访",
        measures="结对",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )
    assert kinds(db, D(2026, 11, 1), "letter_expiring") == []
    assert kinds(db, D(2026, 12, 10), "letter_expiring") == [(letter["letter_no"], D(2026, 12, 31))]


def test_yearly_review_due(db):
    make(db, last_review_on=D(2025, 6, 1))
    assert kinds(db, D(2026, 5, 31), "review_due") == []
    assert kinds(db, D(2026, 6, 1), "review_due") == [(FILE, D(2026, 6, 1))]


def test_changes_not_reported_within_30_working_days(db):
    changed = dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC)
    make(db, updated_at=changed, reported_at=None)
    due = add_workdays(D(2026, 9, 1), 30)
    assert due == D(2026, 10, 19)  # holidays skipped, adjusted weekend working days counted
    assert kinds(db, due - dt.timedelta(days=1), "report_overdue") == []
    assert kinds(db, due, "report_overdue") == [(FILE, due)]
    with db.transaction() as s:
        s.scalars(select(HardshipFile)).one().reported_at = dt.datetime(2026, 9, 2, tzinfo=dt.UTC)
    assert kinds(db, due, "report_overdue") == []
