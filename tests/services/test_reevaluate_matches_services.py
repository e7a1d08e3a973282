"""reevaluate_all (the bulk path: rows read from the driver's cursor, decisions on plain tuples, executemany per
table) writes exactly what the one-file service path (`evaluate_in`, which every save takes) would write: the
files' lifecycle columns (status, category, close fields, the review task in the pending reason), the history
entries with their texts, codes and facts, and the audit rows of the lifecycle columns; the audit chain stays
whole. The expected outcome is taken in the same database, file by file, each in a transaction rolled back (so the
test runs on PostgreSQL as on SQLite): the first pass (every file changes) and the pass after a rise of LB."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from assist_desktop.db.models import AuditLog, HardshipFile, StatusEvent
from assist_desktop.domain.lifecycle import FileState
from assist_desktop.services.demo import build_demo
from assist_desktop.services.lifecycle import _AUDITED, evaluate_in, reevaluate_all
from assist_desktop.services.standards import set_standard
from assist_desktop.services.verify import check_chain

AS_OF = dt.date(2026, 11, 20)
ACTOR = "tester"


class _Undo(Exception):
    """Raised to roll back the transaction of one file's expected outcome."""


def _event(e: StatusEvent) -> tuple[Any, ...]:
    return (e.occurred_on, e.kind, e.rule, e.from_status, e.to_status, e.from_category, e.to_category, e.reason,
            json.loads(e.facts_json or "{}"), e.actor)


def _audit(a: AuditLog) -> tuple[Any, ...]:
    return (a.action, a.table_name, a.record_id, a.field, a.old_value, a.new_value, a.actor, a.reason)


def _audited(s: Any, after: int) -> list[AuditLog]:
    return list(s.scalars(
        select(AuditLog)
        .where(AuditLog.id > after, AuditLog.table_name == "hardship_file", AuditLog.field.in_(sorted(_AUDITED)))
        .order_by(AuditLog.id)
    ))


def _last_audit_id(db: Any) -> int:
    with db.reader() as s:
        return int(s.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)) or 0)


def _expected(db: Any) -> tuple[
    dict[str, FileState], dict[str, list[tuple[Any, ...]]], set[tuple[Any, ...]], int
]:
    """What evaluate_in does to every file, each file on its own, nothing kept; and how many files it changes."""
    with db.reader() as s:
        ids = list(s.scalars(select(HardshipFile.id).order_by(HardshipFile.id)))
    after = _last_audit_id(db)
    states: dict[str, FileState] = {}
    events: dict[str, list[tuple[Any, ...]]] = {}
    audits: set[tuple[Any, ...]] = set()
    changed = 0
    for fid in ids:
        try:
            with db.transaction(actor=ACTOR, reason="reevaluate") as s:
                f = s.get(HardshipFile, fid)
                was = FileState.of(f)
                written = evaluate_in(s, f, as_of=AS_OF, actor=ACTOR)
                s.flush()
                states[fid] = FileState.of(f)
                events[fid] = [_event(e) for e in written]
                changed += int(bool(written) or states[fid] != was)
                audits |= {_audit(a) for a in _audited(s, after)}
                raise _Undo
        except _Undo:
            pass
    return states, events, audits, changed


def _actual(db: Any, after: int, events_before: set[str]) -> tuple[
    dict[str, FileState], dict[str, list[tuple[Any, ...]]], set[tuple[Any, ...]]
]:
    with db.reader() as s:
        states = {f.id: FileState.of(f) for f in s.scalars(select(HardshipFile))}
        events: dict[str, list[tuple[Any, ...]]] = {fid: [] for fid in states}
        for e in s.scalars(select(StatusEvent).order_by(StatusEvent.recorded_at)):
            if e.id not in events_before:
                events[e.file_id].append(_event(e))
        audits = {_audit(a) for a in _audited(s, after)}
    return states, events, audits


def _event_ids(db: Any) -> set[str]:
    with db.reader() as s:
        return set(s.scalars(select(StatusEvent.id)))


def _compare_one_pass(db: Any, *, batch: int) -> dict[str, int]:
    want_states, want_events, want_audits, want_changed = _expected(db)
    after, before = _last_audit_id(db), _event_ids(db)
    summary = reevaluate_all(db, as_of=AS_OF, actor=ACTOR, batch=batch)
    got_states, got_events, got_audits = _actual(db, after, before)
    assert got_states == want_states
    assert got_events == want_events
    assert got_audits == want_audits
    assert summary["changed"] == want_changed and summary["evaluated"] == len(want_states)
    check = check_chain(db)
    assert check.problem is None and check.checked > 0
    return dict(summary.counts)


def test_bulk_pass_writes_what_the_service_path_writes_first_pass_and_after_raising_lb(db):
    build_demo(db, files=90, seed=23, as_of=AS_OF, evaluate=False)
    first = _compare_one_pass(db, batch=13)  # batches that end inside the files of a union, several per pass
    assert first["changed"] == 90 and first["registered"] > 10 and first["ineligible"] > 0
    set_standard(db, lb="800", mw="2200", effective="2026-11-01", today=AS_OF)
    rise = _compare_one_pass(db, batch=2000)
    assert rise["changed"] > 10 and rise["adjusted"] + rise["registered"] > 0
    # a third pass: nothing left to change, nothing written
    after, before = _last_audit_id(db), _event_ids(db)
    again = reevaluate_all(db, as_of=AS_OF, actor=ACTOR)
    assert again["changed"] == 0
    assert _actual(db, after, before)[1] == {fid: [] for fid in _actual(db, after, before)[0]}
    assert _last_audit_id(db) == after


def test_plain_rows_give_core_values(db):
    """The rows read from the driver's cursor carry what Core's rows carry: dates, booleans, None, the same
    values column by column."""
    from sqlalchemy import select as core_select

    from assist_desktop.db.models import HouseholdMember, table_of
    from assist_desktop.services.lifecycle import _MEMBER_COLUMNS, _RULE_COLUMNS, _STATE_COLUMNS, _plain_rows

    build_demo(db, files=30, seed=5, as_of=AS_OF, evaluate=True)
    t, mt = table_of(HardshipFile), table_of(HouseholdMember)
    queries = [
        core_select(t.c.id, t.c.row_version, *[t.c[c] for c in _RULE_COLUMNS + _STATE_COLUMNS]).order_by(t.c.id),
        core_select(mt.c.file_id, *[mt.c[c] for c in _MEMBER_COLUMNS]).order_by(mt.c.file_id, mt.c.sort_order),
    ]
    with db.reader() as s:
        conn = s.connection()
        for q in queries:
            core = [tuple(r) for r in conn.execute(q).all()]
            plain = _plain_rows(conn, q)
            assert [tuple(r) for r in plain] == core and len(core) >= 30
            for a, b in zip(plain, core, strict=True):
                assert [type(x) for x in a] == [type(x) for x in b]
        dates = {type(r.status_since) for r in _plain_rows(conn, queries[0])}
        assert dt.date in dates
        flags = {type(r.able_to_work) for r in _plain_rows(conn, queries[1])}
        assert bool in flags
        assert _plain_rows(conn, queries[0].where(t.c.id == "no such file")) == []


def test_typed_rows_convert_mostly_distinct_and_repeated_columns_alike():
    """A column of mostly distinct values (birth dates) is converted value by value, one of few values (flags,
    a day) once per value: both give what the type's own processor gives, row for row, as named tuples."""
    from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

    from assist_desktop.db.models import HouseholdMember, table_of
    from assist_desktop.services.lifecycle import _typed_rows

    dialect = SQLiteDialect_pysqlite()  # SQLite's driver gives dates as text and flags as integers
    mt = table_of(HouseholdMember)
    keys = ("file_id", "birth_date", "able_to_work")
    raw = [(f"f{i}", f"19{50 + i % 40:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}", i % 2) for i in range(200)]
    raw += [("g", None, None), ("g", "1960-01-01", 1)]
    rows = _typed_rows(raw, keys, [mt.c[k].type for k in keys], dialect)
    assert len({r[1] for r in raw}) * 2 > len(raw)  # the birth dates take the value-by-value way
    assert [r.birth_date for r in rows] == [dt.date.fromisoformat(r[1]) if r[1] else None for r in raw]
    assert [r.able_to_work for r in rows] == [None if r[2] is None else bool(r[2]) for r in raw]
    assert {type(r.able_to_work) for r in rows} == {bool, type(None)}
    assert rows[0]._fields == keys and rows[-1].file_id == "g"
    with pytest.raises(TypeError):
        _typed_rows([("a", None)], keys, [mt.c[k].type for k in keys], dialect)


def test_by_file_groups_rows_in_their_order_for_the_files_asked_only():
    """Rows need not come ordered by file: each file keeps its own in the order given; other files are left out.
    Rows of (file id, day) give each file's days alone."""
    from assist_desktop.services.lifecycle import RELATED_READS

    facts, visits = RELATED_READS[0], RELATED_READS[2]
    rows = [("a", 1), ("b", 1), ("a", 2), ("c", 1), ("b", 2), ("a", 3)]
    assert len(facts.keys) > 2 and visits.keys == ("file_id", "visited_on")
    assert facts.by_file(rows, {"a", "b"}) == {"a": [("a", 1), ("a", 2), ("a", 3)], "b": [("b", 1), ("b", 2)]}
    assert visits.by_file(rows, {"a", "b"}) == {"a": [1, 2, 3], "b": [1, 2]}
    assert facts.by_file([], {"a"}) == {} == visits.by_file([], {"a"})
    assert facts.by_file(rows, set()) == {}
