"""Migration 0008 on the previous release's database: the undated settings stay in force, dated values work, the
holiday table is seeded from chinese-calendar, and every old row is intact."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import chinese_calendar

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database
from assist_desktop.services import settings as S
from assist_desktop.services.common import get_option, work_calendar
from assist_desktop.services.lifecycle import rule_options

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"


def test_upgrade_keeps_the_undated_settings_and_seeds_the_holidays(tmp_path):
    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    con = sqlite3.connect(path)
    with con:  # an undated setting as the older program kept it
        con.execute("INSERT INTO app_setting (key, value, updated_at) VALUES ('watch_months', '4', "
                    "'2026-01-01 00:00:00')")
    files_before = con.execute("SELECT id, status, category FROM hardship_file ORDER BY id").fetchall()
    standards_before = con.execute("SELECT * FROM standard ORDER BY effective_on").fetchall()
    con.close()
    db = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision(db)
        assert migrate.schema_differences(db) == []
        with db.reader() as s:
            assert get_option(s, "watch_months", dt.date(2000, 1, 1)) == 4  # in force since the beginning
            assert rule_options(s, dt.date(2026, 10, 2)).watch_months == 4
            cal = work_calendar(s)
            assert cal.knows(2026) and not cal.knows(2027)
        S.set_setting(db, key="watch_months", value="3", effective=dt.date(2027, 1, 1))
        with db.reader() as s:
            assert get_option(s, "watch_months", dt.date(2026, 12, 31)) == 4
            assert get_option(s, "watch_months", dt.date(2027, 1, 1)) == 3
        S.set_holiday(db, day=dt.date(2027, 2, 5), kind="holiday", name="春节")
        assert S.holiday_year(db, year=2027).known
    finally:
        db.dispose()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT id, status, category FROM hardship_file ORDER BY id").fetchall() == files_before
        assert con.execute("SELECT * FROM standard ORDER BY effective_on").fetchall() == standards_before
        seeded = con.execute("SELECT count(*) FROM holiday WHERE source = 'chinese-calendar'").fetchone()[0]
        assert seeded == len(chinese_calendar.holidays) + len(chinese_calendar.workdays)
        assert con.execute("SELECT kind, name FROM holiday WHERE day = '2026-10-01'").fetchone() == ("holiday", "国庆节")
        assert con.execute("SELECT kind FROM holiday WHERE day = '2026-09-20'").fetchone() == ("workday",)
        assert con.execute("SELECT key, effective_on, value FROM dated_setting").fetchall() == [
            ("watch_months", "2027-01-01", "3")]
    finally:
        con.close()


def test_downgrade_removes_the_new_tables(tmp_path):
    from alembic import command

    path = tmp_path / "down.sqlite3"
    shutil.copyfile(RELEASE, path)
    db = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(db)
        cfg = migrate.alembic_config(db)
        command.downgrade(cfg, "0006")
    finally:
        db.dispose()
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()
    assert "holiday" not in tables and "dated_setting" not in tables and "hardship_file" in tables
