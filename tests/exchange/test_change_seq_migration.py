"""Migration 0002 numbers the files of an older database in the order of their last change, and the counter
continues after them; the first export to a receiver after the upgrade is a full one."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import select, update

from assist_desktop.db import migrate
from assist_desktop.db.models import ExchangeLog, HardshipFile, Sequence
from assist_desktop.services.exchange import export_package
from assist_desktop.services.files import create_file, update_file
from tests.conftest import TODAY, complete_file_data, valid_id


def _numbers(db):
    with db.reader() as s:
        return dict(s.execute(select(HardshipFile.file_no, HardshipFile.change_seq)).all())


def test_upgrade_numbers_existing_files_and_the_counter_goes_on(db, tmp_path):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    create_file(db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY)
    export_package(db, out=tmp_path / "before.zip")
    with db.transaction() as s:  # the second file was changed first, the first one last
        s.execute(
            update(HardshipFile)
            .where(HardshipFile.file_no == "230102001-000002")
            .values(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        )
        s.execute(
            update(HardshipFile)
            .where(HardshipFile.file_no == "230102001-000001")
            .values(updated_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
        )
    cfg = migrate.alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert migrate.current_revision(db) == "0001"
    migrate.upgrade(db, backup=False)
    assert _numbers(db) == {"230102001-000002": 1, "230102001-000001": 2}
    with db.reader() as s:
        assert s.scalar(select(Sequence.next_value).where(Sequence.name == "change_seq")) == 3
        assert s.scalars(select(ExchangeLog.seq)).all() == [None]  # the export before the upgrade had none
    update_file(db, file_no="230102001-000002", changes={"phone": "13900000000"}, as_of=TODAY)
    assert _numbers(db)["230102001-000002"] == 3
    after = export_package(db, out=tmp_path / "after.zip")
    assert after.full and after.counts["hardship_file"] == 2 and after.seq == 3
    assert migrate.schema_differences(db) == []
