"""Revision 0007 on a database written by the 0001 release: the old content is intact (test_upgrade_from_release
compares every row) and the new procedure_step table takes steps of the old files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import inspect, select

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database
from assist_desktop.db.models import HardshipFile, ProcedureStep
from assist_desktop.services.common import set_option
from assist_desktop.services.procedure import list_steps, procedure_state, record_step

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"


def test_an_old_database_gets_the_procedure_step_table_and_uses_it(tmp_path: Path) -> None:
    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    db = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(db)
        assert migrate.schema_differences(db) == []
        with db.reader() as s:
            columns = {c["name"] for c in inspect(s.connection()).get_columns("procedure_step")}
            assert {"file_id", "procedure", "step", "done_on", "result", "notice_end", "objection",
                    "consent_file", "recorded_by"} <= columns
            assert s.scalars(select(ProcedureStep)).all() == []
            found = s.scalars(select(HardshipFile).where(HardshipFile.status == "found")).first()
            count_before = len(s.scalars(select(HardshipFile)).all())
        assert found is not None
        with db.transaction() as s:
            set_option(s, "step_application", 1)
        day = dt.date(2026, 10, 2)
        record_step(db, file_no=found.file_no, step="application", on=day, by="proposer", by_name="工会小组",
                    today=day)
        assert [x.step for x in list_steps(db, file_no=found.file_no)] == ["application"]
        assert procedure_state(db, file_no=found.file_no, as_of=day).intake["done"] == ["application"]
        with db.reader() as s:
            assert len(s.scalars(select(HardshipFile)).all()) == count_before
    finally:
        db.dispose()
