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


def _history_and_audit(db) -> tuple[dict, set]:
    import json

    from assist_desktop.db.models import AuditLog
    from assist_desktop.services.lifecycle import _AUDITED

    with db.reader() as s:
        events: dict = {}
        rows = s.scalars(select(StatusEvent).order_by(StatusEvent.file_id, StatusEvent.occurred_on,
                                                      StatusEvent.recorded_at))
        for e in rows:
            events.setdefault(e.file_id, []).append(
                (e.occurred_on, e.kind, e.rule, e.from_status, e.to_status, e.from_category, e.to_category, e.reason,
                 json.loads(e.facts_json or "{}"), e.actor)
            )
        audits = {
            (a.action, a.table_name, a.record_id, a.field, a.old_value, a.new_value, a.actor)
            for a in s.scalars(select(AuditLog).where(AuditLog.table_name == "hardship_file",
                                                      AuditLog.field.in_(sorted(_AUDITED))))
        }
    return events, audits


def test_the_bulk_path_writes_the_same_history_and_audit_as_the_one_file_path(db, tmp_path):
    """Two copies of one database: every file re-evaluated by reevaluate_all (bulk) in one, by evaluate_in (the
    ORM path every save takes) in the other; the history entries and the audit rows of the lifecycle columns
    agree, the facts of each entry (the income parts included) and its text code too."""
    import shutil

    import pytest

    from assist_desktop.db.engine import Database
    from assist_desktop.services.lifecycle import evaluate_in
    from assist_desktop.services.standards import set_standard

    if not db.is_sqlite:
        pytest.skip("the copy is a SQLite file")
    # 60 files: a rise of LB changes 10 of them (a file it leaves ineligible is not written: its reason names the
    # lines, not their amounts)
    build_demo(db, files=60, seed=11, as_of=AS_OF, evaluate=False)
    reevaluate_all(db, as_of=AS_OF)  # registered; then a rise of LB adjusts some and moves others
    set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
    db.dispose()
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db.sqlite_file, copy)
    other = Database(f"sqlite:///{copy}")
    try:
        before_events, before_audits = _history_and_audit(db)
        summary = reevaluate_all(db, as_of=AS_OF, actor="tester")
        assert summary["changed"] > 5 and summary["adjusted"] > 0
        with other.reader() as s:
            ids = list(s.scalars(select(HardshipFile.id).order_by(HardshipFile.id)))
        for fid in ids:
            with other.transaction(actor="tester", reason="reevaluate") as s:
                evaluate_in(s, s.get(HardshipFile, fid), as_of=AS_OF, actor="tester")
        bulk_events, bulk_audits = _history_and_audit(db)
        one_events, one_audits = _history_and_audit(other)
        assert bulk_events == one_events
        new = bulk_audits - before_audits
        assert new and new == one_audits - before_audits
        assert any(e[8].get("income_parts") for es in bulk_events.values() for e in es)  # the parts are read
        assert any(e[8].get("text_code") == "adjusted" for es in bulk_events.values() for e in es)
        with db.reader() as s, other.reader() as t:
            assert ({f.id: FileState.of(f) for f in s.scalars(select(HardshipFile))}
                    == {f.id: FileState.of(f) for f in t.scalars(select(HardshipFile))})
    finally:
        other.dispose()


def test_reasons_written_by_an_older_version_are_rewritten_once(db):
    """A database from before the pending reasons left out the lines' amounts: the first pass gives those files
    the new words once (a change, with a new change number, no history entry); the next pass, and a rise of LB
    that leaves them ineligible, change nothing."""
    from sqlalchemy import update

    from assist_desktop.services.standards import set_standard

    build_demo(db, files=60, seed=5, as_of=AS_OF)
    with db.transaction(actor="older version", reason="test") as s:
        ineligible = {f.id: f.ineligible_reason for f in s.scalars(
            select(HardshipFile).where(HardshipFile.status == "ineligible",
                                       HardshipFile.ineligible_reason.contains("不低于相对困难线，")))}
        assert len(ineligible) >= 3
        for fid, reason in ineligible.items():  # the words an older version wrote: with the line's amount (2 x 720)
            older = reason.replace("不低于相对困难线，", "不低于相对困难线 1,440.00 元，")
            s.execute(update(HardshipFile).where(HardshipFile.id == fid).values(ineligible_reason=older))
    with db.reader() as s:
        seq_before = dict(s.execute(select(HardshipFile.id, HardshipFile.change_seq)).all())
        events_before = s.scalar(select(func.count()).select_from(StatusEvent))
    first = reevaluate_all(db, as_of=AS_OF)
    assert first["changed"] == len(ineligible) and first["ineligible"] == 0
    with db.reader() as s:
        now = {f.id: f for f in s.scalars(select(HardshipFile))}
        assert {fid: now[fid].ineligible_reason for fid in ineligible} == ineligible
        assert all(now[fid].change_seq > seq_before[fid] for fid in ineligible)
        assert all(now[fid].change_seq == seq_before[fid] for fid in now if fid not in ineligible)
        assert s.scalar(select(func.count()).select_from(StatusEvent)) == events_before
    assert reevaluate_all(db, as_of=AS_OF)["changed"] == 0
    set_standard(db, lb="730", mw="2080", effective="2026-11-01", today=AS_OF)
    reevaluate_all(db, as_of=AS_OF)
    with db.reader() as s:
        for fid, reason in ineligible.items():
            f = s.get(HardshipFile, fid)
            if f.status == "ineligible":
                assert f.ineligible_reason == reason
