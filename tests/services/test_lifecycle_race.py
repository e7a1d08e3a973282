"""reevaluate_all against a clerk's save committed between its read and its write: the batch write is
optimistic (row_version), the save survives, the file is decided afresh and the summary counts it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from assist_desktop.db.models import HardshipFile, StatusEvent
from assist_desktop.services import lifecycle
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import reevaluate_all
from tests.conftest import complete_file_data

D = dt.date
FILE = "230102001-000001"


def _watching(db):
    create_file(db, data=complete_file_data(last_visit_date="2025-12-20"), as_of=D(2026, 1, 5), actor="clerk")
    update_file(
        db, file_no=FILE, changes={"household_annual_income": "60000"}, as_of=D(2026, 6, 1), actor="clerk"
    )
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert f.status == "watch"
        return f.row_version


def _file(db):
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        kinds = list(
            s.scalars(
                select(StatusEvent.kind)
                .where(StatusEvent.file_id == f.id)
                .order_by(StatusEvent.occurred_on, StatusEvent.recorded_at)
            )
        )
        return f, kinds


def test_a_save_committed_between_read_and_write_survives(db, monkeypatch):
    version = _watching(db)
    real = lifecycle._write_batch
    calls = {"n": 0}

    def interleaved(s, changed, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            # the batch has read and decided (exit notice); a clerk's save commits in another transaction
            assert [d.after.status for _row, d in changed] == ["exit_notice"]
            update_file(
                db,
                file_no=FILE,
                changes={"household_annual_income": "36000"},
                as_of=D(2026, 12, 1),
                actor="clerk",
            )
        return real(s, changed, **kwargs)

    monkeypatch.setattr(lifecycle, "_write_batch", interleaved)
    summary = reevaluate_all(db, as_of=D(2026, 12, 1))
    f, kinds = _file(db)
    assert (f.status, f.category) == ("registered", "relative")  # the clerk's save and its decision kept
    assert f.household_annual_income_fen == 3_600_000
    assert kinds[-1] == "watch_broken" and "exit_notice" not in kinds
    assert f.row_version > version + 1
    assert summary["evaluated"] == 1 and summary["exit_notice"] == 0
    assert summary["raced"] + summary["unchanged"] >= 1


def test_a_lost_write_is_decided_again_on_fresh_data(db, monkeypatch):
    """The other writer simulated on the batch's own connection: the guard must notice the bumped version."""
    _watching(db)
    real = lifecycle._write_batch

    def bumped(s, changed, **kwargs):
        if changed and changed[0][1].after.status == "exit_notice":
            t = HardshipFile.__table__
            s.connection().execute(
                update(t).values(override_until=D(2027, 6, 1), row_version=t.c.row_version + 1)
            )
        return real(s, changed, **kwargs)

    monkeypatch.setattr(lifecycle, "_write_batch", bumped)
    summary = reevaluate_all(db, as_of=D(2026, 12, 1))
    f, kinds = _file(db)
    # the second pass saw the override that came in between and so changed nothing
    assert f.status == "watch" and f.override_until == D(2027, 6, 1)
    assert "exit_notice" not in kinds
    assert summary["raced"] == 1 and summary["exit_notice"] == 0 and summary["changed"] == 0


def test_evaluate_in_bumps_row_version_when_the_lifecycle_changes(db):
    create_file(db, data=complete_file_data(last_visit_date="2025-12-20"), as_of=D(2026, 1, 5), actor="clerk")
    with db.reader() as s:
        before = s.scalars(select(HardshipFile)).one().row_version
    update_file(
        db, file_no=FILE, changes={"household_annual_income": "36000"}, as_of=D(2026, 2, 2), actor="clerk"
    )
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
    assert f.category == "relative"
    assert f.row_version == before + 2  # the save, then the adjustment it caused
