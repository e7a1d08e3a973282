"""reevaluate_all: the batched Core path decides exactly as the one-file ORM path, reports progress,
writes a history entry for every change, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from assist_desktop.db.models import HardshipFile, StatusEvent
from assist_desktop.domain.lifecycle import FileState
from assist_desktop.services.demo import build_demo
from assist_desktop.services.lifecycle import _decide_orm, reevaluate_all

AS_OF = dt.date(2026, 11, 20)


def test_batched_reevaluation_matches_one_file_evaluation_and_is_idempotent(db):
    build_demo(db, files=120, seed=7, as_of=AS_OF, evaluate=False)
    with db.reader() as s:
        expected = {f.file_no: _decide_orm(s, f, AS_OF).after for f in s.scalars(select(HardshipFile))}
    seen: list[tuple[int, int]] = []
    summary = reevaluate_all(
        db, as_of=AS_OF, batch=7, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[0] == (0, 120) and seen[-1] == (120, 120) and len(seen) == 1 + 18
    assert summary["evaluated"] == 120 and summary["changed"] == 120
    assert (
        summary["registered"]
        + summary["ineligible"]
        + sum(1 for st in expected.values() if st.status == "found")
        == 120
    )
    with db.reader() as s:
        files = list(s.scalars(select(HardshipFile)))
        actual = {f.file_no: FileState.of(f) for f in files}
        for f in files:
            kinds = s.scalars(select(StatusEvent.kind).where(StatusEvent.file_id == f.id)).all()
            if f.status != "found":
                assert f.status in kinds, f"{f.file_no} is {f.status} without its history entry"
    assert actual == expected
    assert {st.status for st in actual.values()} == {"found", "registered", "ineligible"}
    again = reevaluate_all(db, as_of=AS_OF, batch=50)
    assert again["changed"] == 0 and again["unchanged"] == 120
    with db.reader() as s:
        before = s.scalar(select(func.count()).select_from(StatusEvent))
    reevaluate_all(db, as_of=AS_OF)
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(StatusEvent)) == before


def test_empty_database_reevaluates_nothing(db):
    assert reevaluate_all(db, as_of=AS_OF)["evaluated"] == 0


def test_a_busy_database_makes_a_batch_run_again(db, monkeypatch):
    from assist_desktop.db.engine import StorageError
    from assist_desktop.services import lifecycle

    build_demo(db, files=10, seed=3, as_of=AS_OF, evaluate=False)
    real = lifecycle._reevaluate_batch
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise StorageError("数据库正被其他程序占用")
        return real(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "_reevaluate_batch", flaky)
    monkeypatch.setattr(lifecycle.time, "sleep", lambda _s: None)
    summary = reevaluate_all(db, as_of=AS_OF)
    assert summary["evaluated"] == 10 and summary["changed"] == 10
