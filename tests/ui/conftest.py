"""Fixtures for the window tests: a demo database, the main window, and form-filling helpers."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator
from typing import Any

import pytest

from assist_desktop.db.engine import Database
from assist_desktop.domain.file_input import ENUM_FIELDS
from tests.conftest import TODAY

# The offscreen platform warns that it cannot propagate size hints whenever a window is shown;
# that is the platform's limitation, not ours.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints"


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test left with a half-filled form must not block on "discard changes?" when qtbot closes it."""
    from assist_desktop.ui.file_dialog import FileDialog
    from assist_desktop.ui.letters_dialog import NewLetterDialog

    monkeypatch.setattr(FileDialog, "confirm_discard", lambda self: True)
    monkeypatch.setattr(NewLetterDialog, "confirm_discard", lambda self: True)


#: the computer's clock as the window's time keeper (ui/time_keeping.py: the midnight timer, the day it fires on)
#: sees it in the window tests: frozen, far from midnight. On the real clock a run that crossed midnight (a slow
#: catch-up during a CI run at midnight) compared the timer with the next day's midnight, midnight() saw the day
#: change, and a window open across 00:00:05 moved its today on and caught up a day further than the test expects.
CLOCK_NOW = dt.datetime(2026, 11, 20, 15, 0, 0)


class _FrozenDateTime(dt.datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return CLOCK_NOW if tz is None else CLOCK_NOW.astimezone(tz)


class _FrozenDate(dt.date):
    @classmethod
    def today(cls):  # type: ignore[override]
        return CLOCK_NOW.date()


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from assist_desktop.ui import time_keeping

    clock = types.SimpleNamespace(datetime=_FrozenDateTime, date=_FrozenDate, timedelta=dt.timedelta, time=dt.time)
    monkeypatch.setattr(time_keeping, "dt", clock)


@pytest.fixture
def demo_db(db: Database) -> Database:
    from assist_desktop.services.demo import build_demo

    build_demo(db, files=60, seed=7, as_of=TODAY, actor="test")
    return db


@pytest.fixture
def window(qtbot: Any, demo_db: Database) -> Iterator[Any]:
    from assist_desktop.ui.main_window import MainWindow

    w = MainWindow(demo_db, today=TODAY, actor="tester")
    qtbot.addWidget(w)
    yield w
    from assist_desktop.ui.jobs import wait_for_jobs

    wait_for_jobs()


def form_values(data: dict[str, Any]) -> dict[str, Any]:
    """complete_file_data() uses Chinese labels as rosters do; the form's combos hold machine names."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in ENUM_FIELDS and value:
            out[key] = ENUM_FIELDS[key].parse(value).value  # type: ignore[union-attr]
        elif key == "able_to_work":
            out[key] = value == "是"
        elif key == "secondary_causes":
            from assist_desktop.domain.enums import Cause

            out[key] = [Cause.parse(v).value for v in value.split(",")]  # type: ignore[union-attr]
        elif key == "last_visit_date":
            import datetime as dt

            out[key] = dt.date.fromisoformat(value)
        else:
            out[key] = value
    return out
