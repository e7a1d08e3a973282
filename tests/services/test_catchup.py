"""Time moves by itself: catch_up brings the lifecycle to today once a day, as the program's time-keeping."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assist_desktop.db.engine import StorageError
from assist_desktop.db.errors import StorageKind
from assist_desktop.db.models import AppSetting, HardshipFile, StatusEvent
from assist_desktop.domain.errors import DomainError
from assist_desktop.services import catchup, lifecycle
from assist_desktop.services.catchup import CATCH_UP_ACTOR, STATE_KEY, actor_label, catch_up, last_catch_up
from assist_desktop.services.common import set_option
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.users import add_user
from tests.conftest import complete_file_data

D = dt.date
FILE = "230102001-000001"


def in_exit_notice(db) -> dt.date:
    """A file whose exit notice is running; returns the notice's last day."""
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    update_file(db, file_no=FILE, changes={"household_annual_income": "60000"}, as_of=D(2026, 2, 2))
    lifecycle.reevaluate_all(db, as_of=D(2026, 8, 3))
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert f.status == "exit_notice" and f.notice_until is not None
        return f.notice_until


def status_of(db) -> str:
    with db.reader() as s:
        return s.scalars(select(HardshipFile.status)).one()


def test_a_notice_that_ended_yesterday_is_closed_by_the_catch_up(db):
    until = in_exit_notice(db)
    day = until + dt.timedelta(days=1)
    result = catch_up(db, today=day)
    assert result.ran and result.changed == 1 and result.transitions == {"closed": 1}
    assert result.changes.files and result.moved
    assert status_of(db) == "closed"
    with db.reader() as s:
        last = s.scalars(select(StatusEvent).order_by(StatusEvent.recorded_at.desc())).first()
    assert last.kind == "closed" and last.actor == CATCH_UP_ACTOR
    assert actor_label(last.actor) == "系统（到期自动）" and actor_label("王芳") == "王芳"
    assert last_catch_up(db) == day
    assert "退档：1 份" in result.summary()


def test_it_runs_once_a_day(db, monkeypatch):
    in_exit_notice(db)
    calls: list[dt.date] = []
    real = lifecycle.reevaluate_all

    def counting(db_, *, as_of, **kw):
        calls.append(as_of)
        return real(db_, as_of=as_of, **kw)

    monkeypatch.setattr(lifecycle, "reevaluate_all", counting)
    first = catch_up(db, today=D(2026, 8, 4))
    again = catch_up(db, today=D(2026, 8, 4))
    earlier = catch_up(db, today=D(2026, 8, 1))  # --as-of in the past: nothing is replayed
    assert first.ran and not again.ran and not earlier.ran
    assert again.summary() == "" and again.note is None
    assert calls == [D(2026, 8, 4)]
    catch_up(db, today=D(2026, 8, 5))
    assert calls == [D(2026, 8, 4), D(2026, 8, 5)]


def test_nothing_moved_says_nothing(db):
    create_file(db, data=complete_file_data(), as_of=D(2026, 11, 20))
    result = catch_up(db, today=D(2026, 11, 21))
    assert result.ran and not result.moved and result.summary() == "" and result.lines() == []


def test_the_state_row_is_not_a_user_setting(db):
    catch_up(db, today=D(2026, 11, 21))
    with db.reader() as s:
        assert s.get(AppSetting, STATE_KEY).value == "2026-11-21"
    with db.transaction() as s, pytest.raises(DomainError, match="未知的设置项"):
        set_option(s, STATE_KEY, "2030-01-01")


def test_with_accounts_it_runs_without_credentials(db):
    until = in_exit_notice(db)
    add_user(db, username="boss", display_name="王芳", password="admin12345", role="admin")
    with pytest.raises(DomainError):  # an ordinary re-evaluation needs a signed-in administrator now
        lifecycle.reevaluate_all(db, as_of=until + dt.timedelta(days=1), actor="someone")
    assert catch_up(db, today=until + dt.timedelta(days=1)).transitions == {"closed": 1}


def test_a_read_only_database_is_left_alone(db, monkeypatch):
    if not db.is_sqlite:
        pytest.skip("a read-only file is a SQLite matter (a server's permissions are its own)")
    until = in_exit_notice(db)
    monkeypatch.setattr(catchup.os, "access", lambda _path, _mode: False)
    result = catch_up(db, today=until + dt.timedelta(days=1))
    assert not result.ran and "只读" in result.note and result.summary() == result.note
    assert status_of(db) == "exit_notice" and last_catch_up(db) is None


def test_a_locked_database_is_skipped_with_a_note(db, monkeypatch):
    until = in_exit_notice(db)

    def locked(*_a, **_k):
        raise StorageError("database is locked", kind=StorageKind.LOCKED)

    monkeypatch.setattr(lifecycle, "reevaluate_all", locked)
    result = catch_up(db, today=until + dt.timedelta(days=1))
    assert not result.ran and "下次再试" in result.note
    assert last_catch_up(db) is None  # the next start tries again
