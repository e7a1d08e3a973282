"""audit.append_field_changes (the re-evaluation's audit rows as tuples) writes exactly the rows, hashes and chain that
append_rows writes for the same changes as dicts: texts with quotes, backslashes, Chinese, None and repeats."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from assist_desktop.db.audit import append_field_changes, append_rows, row_hash
from assist_desktop.db.models import AuditLog
from assist_desktop.services.verify import verify

CHANGES = [
    ("0000-a", "status", "found", "registered"),
    ("0000-a", "category", None, "深度困难"),
    ("0000-b", "status", "found", "registered"),
    ("0000-b", "close_reason", 'a "quoted" \\ text', None),
    ("0000-c", "watch_since", "2026-10-01", "2026-11-20"),
    ("0000-c", "notice_until", None, None),
    ("0000-d", "status", "registered", "closed\n(line)"),
]


def _rows(db, after: int) -> list[tuple]:
    with db.reader() as s:
        return [
            (a.at.replace(tzinfo=None), a.actor, a.action, a.table_name, a.record_id, a.field, a.old_value,
             a.new_value, a.reason, a.prev_hash, a.row_hash)
            for a in s.scalars(select(AuditLog).where(AuditLog.id > after).order_by(AuditLog.id))
        ]


def _last(db) -> int:
    with db.reader() as s:
        return int(s.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)) or 0)


def test_the_same_rows_and_chain_as_append_rows(db):
    at = dt.datetime(2026, 11, 20, 8, 30, 5, tzinfo=dt.UTC)
    start = _last(db)
    with db.transaction() as s:
        append_rows(s.connection(), [
            dict(at=at, actor="系统管理员", action="update", table_name="hardship_file", record_id=rid, field=f,
                 old_value=o, new_value=n, reason="reevaluate")
            for rid, f, o, n in CHANGES
        ])
    middle = _last(db)
    with db.transaction() as s:
        append_field_changes(s.connection(), CHANGES, table="hardship_file", at=at, actor="系统管理员",
                             reason="reevaluate")
    by_tuples = _rows(db, middle)
    by_dicts = _rows(db, start)[: len(by_tuples)]
    assert len(by_dicts) == len(by_tuples) == len(CHANGES)
    # the same values; the hashes differ only because the second set is chained after the first
    assert [r[:9] for r in by_tuples] == [r[:9] for r in by_dicts]
    assert by_tuples[0][9] == by_dicts[-1][10]
    prev = by_tuples[0][9]
    cols = ("at", "actor", "action", "table_name", "record_id", "field", "old_value", "new_value", "reason")
    for r in by_tuples:
        assert r[9] == prev
        assert r[10] == row_hash(dict(zip(cols, r[:9], strict=True)), prev)
        prev = r[10]
    assert verify(db).first_broken is None


def test_nothing_to_write_writes_nothing(db):
    before = _last(db)
    with db.transaction() as s:
        append_field_changes(s.connection(), [], table="hardship_file", at=dt.datetime.now(dt.UTC), actor="x",
                             reason=None)
    assert _last(db) == before
