"""The program's start (app.run_gui) catches the lifecycle up to today.

Kept in a module of its own that sorts after the others: after a whole run_gui, jobs started later in the same
process no longer finish (already so for test_sign_in's start-up test, on the code before this change), so no
test that needs the job helper may follow it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assist_desktop.services.catchup import last_catch_up
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.test_catch_up_employment_retention_ui import in_exit_notice, status_of

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _run_gui_catches_up(db, monkeypatch, smoke_ms: str) -> None:
    """The window started on a file due to close tomorrow, closed by the smoke timer: the file is closed and the
    day's catch-up recorded."""
    from assist_desktop import app
    from assist_desktop.db.engine import Database

    until = in_exit_notice(db)
    monkeypatch.setenv(app.ENV_SMOKE_EXIT, smoke_ms)
    url = db.url
    db.dispose()
    assert app.run_gui(db_arg=url, as_of=until + dt.timedelta(days=1)) == 0
    again = Database(url)
    try:
        assert status_of(again) == "closed" and last_catch_up(again) == until + dt.timedelta(days=1)
    finally:
        again.dispose()


def test_run_gui_catches_up_at_start(qtbot, db, monkeypatch):
    _run_gui_catches_up(db, monkeypatch, "1500")


def test_a_smoke_run_closed_before_the_first_paint_still_catches_up(qtbot, db, monkeypatch):
    """A loaded machine (CI) may reach the smoke run's timer before the list has painted: the start's background
    work is begun then, not skipped."""
    from assist_desktop.ui import main_window

    monkeypatch.setattr(main_window.MainWindow, "eventFilter", lambda self, watched, event: False)  # no paint seen
    monkeypatch.setattr(main_window, "FIRST_PAINT_FALLBACK_MS", 600_000)  # nor the fallback within the run
    _run_gui_catches_up(db, monkeypatch, "800")
