"""BulkWriter.update_guarded_at_rowid (SQLite): a row found by its rowid is written only when its key and version are
the ones read; the values are bound as update_guarded binds them (dates as the column stores them)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.models import HardshipFile
from assist_desktop.services.demo import build_demo


def test_written_only_when_key_and_version_match(db):
    build_demo(db, files=6, seed=3, as_of=dt.date(2026, 11, 20), evaluate=False)
    with db.transaction() as s:
        conn = s.connection()
        if not db.is_sqlite:
            with pytest.raises(ValueError):
                BulkWriter(conn).update_guarded_at_rowid("hardship_file", ("address",), "id", "row_version", [])
            return
        files = conn.exec_driver_sql("SELECT rowid, id, row_version FROM hardship_file ORDER BY rowid").fetchall()
        (r1, id1, v1), (r2, id2, v2), (r3, id3, v3) = files[:3]
        day = dt.date(2026, 11, 21)
        written = BulkWriter(conn).update_guarded_at_rowid("hardship_file", ("address", "evaluated_on"), "id",
                                                           "row_version", [
            ("甲路1号", day, r1, id1, v1),        # the row read: written
            ("乙路2号", day, r2, id2, v2 + 1),    # its version moved: not written
            ("丙路3号", day, r3, id1, v3),        # another file's id at this rowid: not written
        ])
        assert written == 1
    with db.reader() as s:
        got = {f.id: f for f in s.scalars(select(HardshipFile).where(HardshipFile.id.in_([id1, id2, id3])))}
    assert (got[id1].address, got[id1].evaluated_on, got[id1].row_version) == ("甲路1号", day, v1 + 1)
    assert got[id2].address != "乙路2号" and got[id2].row_version == v2
    assert got[id3].address != "丙路3号" and got[id3].row_version == v3
