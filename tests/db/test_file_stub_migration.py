"""Revision 0010 (file_stub) on a database written by the 0001 release: old content intact, the stub table works."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"


def test_upgrade_keeps_the_release_content_and_the_stub_table_works(tmp_path):
    from assist_desktop.services.retention import delete_expired_file, get_stub, past_retention

    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    with sqlite3.connect(path) as conn:
        before = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t in ("hardship_file", "household_member", "status_event", "assistance_record", "home_visit")}
        closed = conn.execute("SELECT file_no, closed_on FROM hardship_file WHERE status = 'closed' "
                              "AND closed_on IS NOT NULL ORDER BY file_no LIMIT 1").fetchone()
    assert closed is not None
    db = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision(db) and migrate.schema_differences(db) == []
        with sqlite3.connect(path) as conn:
            after = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in before}
            assert conn.execute("SELECT count(*) FROM file_stub").fetchone()[0] == 0
        assert after == before
        file_no, closed_on = closed[0], dt.date.fromisoformat(closed[1])
        later = closed_on.replace(year=closed_on.year + 10) + dt.timedelta(days=1)
        assert file_no in {i.file_no for i in past_retention(db, today=later)}
        done = delete_expired_file(db, file_no=file_no, reason="保存期满", today=later, actor="审核员")
        assert done.removed["hardship_file"] == 1 and get_stub(db, file_no=file_no).closed_on == closed_on
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0] == before["hardship_file"] - 1
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.dispose()
