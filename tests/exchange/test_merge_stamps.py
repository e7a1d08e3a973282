"""A county's local changes to files kept by a union below (its re-evaluation, anything that stamps them)
never make the sender's next package lose: the merge compares the sender's change sequence of the copy with
the one last received from that sender (format 2), or for a package of the previous release (format 1, no
sequence) the sender's own stamps."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from assist_desktop.db.models import HardshipFile
from assist_desktop.services.exchange import export_package, import_package
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import reevaluate_all
from assist_desktop.services.standards import set_standard
from tests.conftest import TODAY, complete_file_data
from tests.exchange.conftest import rebuild
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


def test_the_senders_sequence_decides_not_its_clock(db, county, tmp_path):
    """A correction saved on a PC whose clock is a year behind still wins: its sequence is higher."""
    _start(db, county, tmp_path)
    update_file(db, file_no=FILE, changes={"household_annual_income": "36000"}, as_of=TODAY, actor="clerk")
    with db.transaction() as s:  # every time of the file set back a year (and the records with it)
        s.execute(update(HardshipFile).values(updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    from sqlalchemy import text

    with db.transaction() as s:
        for table, column in (("income_fact", "recorded_at"), ("status_event", "recorded_at"),
                              ("household_member", "updated_at")):
            s.execute(text(f"UPDATE {table} SET {column} = :t"), {"t": dt.datetime(2025, 1, 1)})
    export_package(db, out=tmp_path / "s2.zip")
    report = import_package(county, path=tmp_path / "s2.zip", today=TODAY)
    assert report.updated == [FILE] and not report.conflicts
    f = _county_file(county)
    assert f.household_annual_income_fen == 3_600_000
    with db.reader() as s:
        sent = s.scalar(select(HardshipFile.change_seq).where(HardshipFile.file_no == FILE))
    assert (f.received_seq, f.received_from) == (sent, "230102001")
    # the older package once more: its sequence is lower, the local copy stays
    again = import_package(county, path=tmp_path / "s1.zip", today=TODAY)
    assert [c.kind for c in again.conflicts] == ["local_newer"]


def _previous_release(src, dst):
    """The same package as the previous release wrote it: format 1, no sequence numbers anywhere."""

    def rows(name, parsed):
        for r in parsed:
            r.pop("change_seq", None)
        return parsed

    def manifest(m):
        m["format_version"] = 1
        m.pop("sender_seq", None)
        m.pop("since_seq", None)

    return rebuild(src, dst, rows=rows, manifest=manifest)


def test_a_package_of_the_previous_release_imports_and_merges_by_stamps(db, county, tmp_path):
    create_file(db, data=complete_file_data(household_annual_income="28800"), as_of=TODAY, actor="clerk")
    _age(db)
    export_package(db, out=tmp_path / "s1.zip")
    old1 = _previous_release(tmp_path / "s1.zip", tmp_path / "old1.zip")
    report = import_package(county, path=old1, today=TODAY)
    assert report.new == [FILE]
    f = _county_file(county)
    assert f.received_seq is None and f.received_stamp is not None
    update_file(db, file_no=FILE, changes={"household_annual_income": "36000"}, as_of=TODAY, actor="clerk")
    export_package(db, out=tmp_path / "s2.zip")
    old2 = _previous_release(tmp_path / "s2.zip", tmp_path / "old2.zip")
    assert import_package(county, path=old2, today=TODAY).updated == [FILE]  # its stamp is newer
    assert _county_file(county).household_annual_income_fen == 3_600_000
    again = import_package(county, path=old1, today=TODAY)  # the older one loses, by its stamp
    assert [c.kind for c in again.conflicts] == ["local_newer"]
    # and the next package of the new release (with sequences) is taken: the first by the stamp (the copy
    # here came without a sequence; a day passes), then by sequence
    with county.transaction() as s:
        f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == FILE)).one()
        f.received_stamp = f.received_stamp - dt.timedelta(days=1)
    update_file(db, file_no=FILE, changes={"phone": "13900000000"}, as_of=TODAY, actor="clerk")
    export_package(db, out=tmp_path / "s3.zip")
    assert import_package(county, path=tmp_path / "s3.zip", today=TODAY).updated == [FILE]
    assert _county_file(county).received_seq is not None
    update_file(db, file_no=FILE, changes={"phone": "13900000001"}, as_of=TODAY, actor="clerk")
    export_package(db, out=tmp_path / "s4.zip")  # the same second as s3: only the sequence tells them apart
    assert import_package(county, path=tmp_path / "s4.zip", today=TODAY).updated == [FILE]
    assert _county_file(county).phone == "13900000001"
