"""Incremental export looks back a safety margin before the previous package's start: a save stamped before
that start but committed after its snapshot is in the next package (re-sending unchanged files is harmless)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from assist_desktop.db.models import ExchangeLog, HardshipFile
from assist_desktop.exchange.export import SINCE_MARGIN, export_package
from assist_desktop.exchange.merge import import_package
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.test_packages import _age


def test_a_save_stamped_before_the_last_package_started_is_sent_next_time(db, make_db, tmp_path):
    county = make_db("230102", "南岗区总工会", "county", "2301")
    create_file(db, data=complete_file_data(), as_of=TODAY, actor="clerk")
    create_file(
        db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY
    )
    _age(db, days=2)
    first = export_package(db, out=tmp_path / "1.zip")
    assert first.counts["hardship_file"] == 2
    with db.reader() as s:
        started = s.scalar(select(ExchangeLog.at).where(ExchangeLog.package_id == first.package_id))
    # a clerk's save stamped a minute before the export started, committed only after its snapshot
    with db.transaction(actor="clerk") as s:
        s.execute(
            update(HardshipFile)
            .where(HardshipFile.name == "王芳")
            .values(phone="13900000000", updated_at=started - dt.timedelta(minutes=1))
        )
    second = export_package(db, out=tmp_path / "2.zip")
    assert not second.full and second.counts["hardship_file"] >= 1
    assert second.since == started - SINCE_MARGIN
    import_package(county, path=tmp_path / "1.zip", today=TODAY)
    import_package(county, path=tmp_path / "2.zip", today=TODAY)
    with county.reader() as s:
        assert s.scalar(select(HardshipFile.phone).where(HardshipFile.name == "王芳")) == "13900000000"
