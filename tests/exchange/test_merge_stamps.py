"""A county's local changes to files kept by a union below (its re-evaluation, anything that stamps them)
never make the sender's next package lose: the merge compares the sender's own stamps."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from assist_desktop.db.models import HardshipFile
from assist_desktop.exchange.export import export_package
from assist_desktop.exchange.merge import import_package
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import reevaluate_all
from assist_desktop.services.standards import set_standard
from tests.conftest import TODAY, complete_file_data
from tests.exchange.test_packages import _age

FILE = "230102001-000001"


@pytest.fixture
def county(make_db):
    return make_db("230102", "南岗区总工会", "county", "2301")


def _county_file(county):
    with county.reader() as s:
        return s.scalars(select(HardshipFile).where(HardshipFile.file_no == FILE)).one()


def _start(db, county, tmp_path):
    # 28,800 元 a year for 3 people: 800 元 a month, relative hardship at LB 720
    create_file(db, data=complete_file_data(household_annual_income="28800"), as_of=TODAY, actor="clerk")
    _age(db)  # entered yesterday: today's changes are later by the clock
    export_package(db, out=tmp_path / "s1.zip")
    assert len(import_package(county, path=tmp_path / "s1.zip", today=TODAY).new) == 1


def test_county_reevaluation_leaves_imported_files_and_the_next_package_wins(db, county, tmp_path):
    _start(db, county, tmp_path)
    # the grassroots union corrects the income and sends it up ...
    update_file(db, file_no=FILE, changes={"household_annual_income": "36000"}, as_of=TODAY, actor="clerk")
    export_package(db, out=tmp_path / "s2.zip")
    # ... while the county raises LB and re-evaluates before importing it
    set_standard(county, lb="850", mw="2200", effective=TODAY.isoformat(), today=TODAY)
    before = _county_file(county)
    summary = reevaluate_all(county, as_of=TODAY)
    after = _county_file(county)
    assert (
        summary["evaluated"] == 0
    )  # the file is kept by the grassroots union: its lifecycle is the sender's
    assert (after.category, after.updated_at, after.row_version) == (
        before.category,
        before.updated_at,
        before.row_version,
    )
    report = import_package(county, path=tmp_path / "s2.zip", today=TODAY)
    assert report.updated == [FILE] and not report.conflicts
    assert _county_file(county).household_annual_income_fen == 3_600_000


def test_a_local_stamp_newer_than_the_package_does_not_make_it_lose(db, county, tmp_path):
    _start(db, county, tmp_path)
    update_file(db, file_no=FILE, changes={"household_annual_income": "36000"}, as_of=TODAY, actor="clerk")
    export_package(db, out=tmp_path / "s2.zip")
    # any local change of the county's (a review mark, a clock ahead) stamps the file later than the package
    with county.transaction(actor="county") as s:
        s.execute(
            update(HardshipFile)
            .where(HardshipFile.file_no == FILE)
            .values(updated_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=3), review_note="看过")
        )
    report = import_package(county, path=tmp_path / "s2.zip", today=TODAY)
    assert report.updated == [FILE] and not report.conflicts
    assert _county_file(county).household_annual_income_fen == 3_600_000
    # the same package once more, or the older one: nothing changes
    again = import_package(county, path=tmp_path / "s1.zip", today=TODAY)
    assert not again.updated and _county_file(county).household_annual_income_fen == 3_600_000
    assert [c.kind for c in again.conflicts] == ["local_newer"]
