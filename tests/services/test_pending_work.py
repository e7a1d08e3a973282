"""Unfinished work is visible and completed: a re-evaluation or a demo build stopped half-way leaves a marker
(pending_work), `stats --json` says so, and the next start completes it."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from assist_desktop.cli import main
from assist_desktop.db import migrate, pending
from assist_desktop.db.engine import Database
from assist_desktop.db.models import HardshipFile, PendingWork, table_of
from assist_desktop.services import lifecycle
from assist_desktop.services.demo import build_demo
from assist_desktop.services.pending import pending_reevaluation, resume_pending
from assist_desktop.services.standards import set_standard
from tests.conftest import TODAY

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"


def dead_owner() -> str:
    """The "host:pid" of a process of this machine that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return f"{socket.gethostname()[:60]}:{int(done.stdout)}"


def abandon_all(db: Database) -> None:
    """Make every marker look as a killed process left it."""
    with db.transaction() as s:
        s.execute(update(PendingWork).values(owner=dead_owner()))


def statuses(db: Database) -> dict[str, tuple[str, str | None]]:
    with db.reader() as s:
        return {r.id: (r.status, r.category) for r in s.execute(select(table_of(HardshipFile)))}


def stats_json(db: Database, capsys) -> dict:
    rc = main(["--db", str(db.sqlite_file), "--as-of", TODAY.isoformat(), "stats", "--json"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    return json.loads(out)


@pytest.fixture
def demo_db(db: Database) -> Database:
    build_demo(db, files=60, seed=3, as_of=TODAY)
    return db


def test_a_finished_reevaluation_leaves_no_marker(demo_db, capsys):
    lifecycle.reevaluate_all(demo_db, as_of=TODAY)
    assert pending.list_pending(demo_db) == []
    if demo_db.is_sqlite:
        assert stats_json(demo_db, capsys)["pending_reevaluation"] is False


def test_an_interrupted_reevaluation_is_visible_and_completed_at_the_next_start(demo_db, monkeypatch, capsys):
    if not demo_db.is_sqlite:
        pytest.skip("the start path is exercised on SQLite")
    # a new, higher standard: a full re-evaluation moves many files
    set_standard(demo_db, lb="1500", mw="2600", effective=TODAY.isoformat(), today=TODAY)
    before = statuses(demo_db)
    real_batch = lifecycle._reevaluate_batch
    calls = {"n": 0}

    def batch_then_die(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process stops after the first batch committed
        return real_batch(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "_reevaluate_batch", batch_then_die)
    with pytest.raises(KeyboardInterrupt):
        lifecycle.reevaluate_all(demo_db, as_of=TODAY, batch=10)
    monkeypatch.setattr(lifecycle, "_reevaluate_batch", real_batch)
    half = statuses(demo_db)
    assert half != before  # the first batch is in
    [marker] = pending.list_pending(demo_db)
    assert marker.kind == "reevaluate" and marker.params["as_of"] == TODAY.isoformat()
    assert pending_reevaluation(demo_db) is True
    # while its process runs the marker is left alone
    assert resume_pending(demo_db).completed == []
    abandon_all(demo_db)
    # the next start (any verb) completes it and says so on stderr
    rc = main(["--db", str(demo_db.sqlite_file), "--as-of", TODAY.isoformat(), "stats", "--json"])
    out, err = capsys.readouterr()
    assert rc == 0 and json.loads(out)["pending_reevaluation"] is False
    assert "已完成上次中断的工作" in err and TODAY.isoformat() in err
    assert pending.list_pending(demo_db) == []
    # no file half re-evaluated: a fresh re-evaluation as of the same day changes nothing
    assert lifecycle.reevaluate_all(demo_db, as_of=TODAY)["changed"] == 0


def test_an_interrupted_demo_build_is_completed(db, monkeypatch):
    real = lifecycle.reevaluate_all

    def die(*args, **kwargs):
        raise KeyboardInterrupt  # killed after the households were committed, before they were evaluated

    monkeypatch.setattr(lifecycle, "reevaluate_all", die)
    with pytest.raises(KeyboardInterrupt):
        build_demo(db, files=20, seed=5, as_of=TODAY)
    monkeypatch.setattr(lifecycle, "reevaluate_all", real)
    assert {s for s, _c in statuses(db).values()} == {"found"}
    [marker] = pending.list_pending(db)
    assert marker.kind == "demo" and marker.params["evaluate"] is True
    abandon_all(db)
    done = resume_pending(db)
    assert len(done.completed) == 1 and not done.failed
    assert pending.list_pending(db) == []
    assert {s for s, _c in statuses(db).values()} != {"found"}  # evaluated like any build
    assert real(db, as_of=TODAY)["changed"] == 0


def test_a_demo_build_refused_leaves_no_marker(db):
    from assist_desktop.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        build_demo(db, files=0, seed=1, as_of=TODAY)
    assert pending.list_pending(db) == []


def test_a_demo_build_whose_transaction_failed_is_only_forgotten(db, monkeypatch):
    from assist_desktop.services import demo

    def fail(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(demo, "_ensure_units", fail)
    with pytest.raises(RuntimeError):
        build_demo(db, files=5, seed=1, as_of=TODAY)
    assert pending.list_pending(db) == [] and statuses(db) == {}


def test_a_marker_of_another_machine_is_taken_over_only_when_old(db):
    import datetime as dt

    marker = pending.start(db, kind="reevaluate", params=pending.params_for(TODAY, "clerk"), actor="clerk")
    with db.transaction() as s:
        s.execute(update(PendingWork).values(owner="other-pc:123"))
    assert pending.abandoned(db) == []
    with db.transaction() as s:
        s.execute(update(PendingWork).values(started_at=pending.utcnow() - dt.timedelta(hours=13)))
    assert [p.id for p in pending.abandoned(db)] == [marker]


def test_migration_0011_on_the_previous_release(tmp_path):
    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    with sqlite3.connect(path) as con:
        files_before = con.execute("SELECT id, name, status FROM hardship_file ORDER BY id").fetchall()
    con.close()
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    try:
        assert migrate.schema_differences(db) == []
        marker = pending.start(db, kind="reevaluate", params=pending.params_for(TODAY, "clerk"), actor="clerk")
        [row] = pending.list_pending(db)
        assert row.id == marker and row.params == {"as_of": TODAY.isoformat()} and row.actor == "clerk"
        pending.finish(db, marker)
        assert pending.list_pending(db) == []
    finally:
        db.dispose()
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT id, name, status FROM hardship_file ORDER BY id").fetchall() == files_before
    con.close()


def test_standards_set_killed_before_its_reevaluation_is_completed_at_the_next_start(demo_db, monkeypatch, capsys):
    if not demo_db.is_sqlite:
        pytest.skip("the start path is exercised on SQLite")
    real = lifecycle.reevaluate_all

    def die(*args, **kwargs):
        raise KeyboardInterrupt  # the standard is committed, the re-evaluation has not begun

    monkeypatch.setattr(lifecycle, "reevaluate_all", die)
    demo_db.dispose()
    with pytest.raises(KeyboardInterrupt):
        main(["--db", str(demo_db.sqlite_file), "--as-of", TODAY.isoformat(), "standards", "set", "--lb", "1500",
              "--mw", "2600", "--effective", "2026-06-01"])
    monkeypatch.setattr(lifecycle, "reevaluate_all", real)
    capsys.readouterr()
    [marker] = pending.list_pending(demo_db)
    assert marker.kind == "reevaluate" and marker.params["as_of"] == TODAY.isoformat()
    abandon_all(demo_db)
    assert stats_json(demo_db, capsys)["pending_reevaluation"] is False
    assert real(demo_db, as_of=TODAY)["changed"] == 0  # every file judged by the new standard


def test_a_refused_standard_leaves_no_marker(demo_db, capsys):
    if not demo_db.is_sqlite:
        pytest.skip("the command line on SQLite")
    rc = main(["--db", str(demo_db.sqlite_file), "standards", "set", "--lb", "0", "--mw", "2600",
               "--effective", "2026-06-01"])
    capsys.readouterr()
    assert rc == 2 and pending.list_pending(demo_db) == []
