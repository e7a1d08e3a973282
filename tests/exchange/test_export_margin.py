"""Incremental export by change sequence numbers (db/changes.py), not by clocks: a save committed while a package
is being written is in the next package whatever its clock said, and nothing unchanged is sent again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from assist_desktop.db.models import ExchangeLog, HardshipFile, Sequence
from assist_desktop.services import exchange as xs
from assist_desktop.services.exchange import export_package, import_package
from assist_desktop.services.files import create_file, update_file
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.test_packages import _age

WANG = "230102001-000002"


def _two_files(db):
    create_file(db, data=complete_file_data(), as_of=TODAY, actor="clerk")
    create_file(
        db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY
    )
    _age(db, days=2)


def _seq(db, file_no):
    with db.reader() as s:
        return s.scalar(select(HardshipFile.change_seq).where(HardshipFile.file_no == file_no))


def test_every_save_bumps_the_file_and_the_counter(db):
    create_file(db, data=complete_file_data(), as_of=TODAY, actor="clerk")
    create_file(
        db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY
    )
    first, second = _seq(db, "230102001-000001"), _seq(db, WANG)
    assert 0 < first < second  # one number per transaction, in commit order
    update_file(db, file_no=WANG, changes={"phone": "13900000000"}, as_of=TODAY, actor="clerk")
    third = _seq(db, WANG)
    assert third > second and _seq(db, "230102001-000001") == first
    with db.reader() as s:
        assert s.scalar(select(Sequence.next_value).where(Sequence.name == "change_seq")) == third + 1
    # a change of the file's local columns (its review state here) is not a change of the file
    with db.transaction() as s:
        f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == WANG)).one()
        f.review_note = "看过"
    assert _seq(db, WANG) == third


def test_a_save_committed_during_an_export_is_sent_next_time_whatever_its_clock(db, make_db, tmp_path, monkeypatch):
    county = make_db("230102", "南岗区总工会", "county", "2301")
    _two_files(db)
    original = xs.write_package

    def write_while_a_clerk_saves(out, manifest, members, **signing):
        # a clerk's save commits after the export read the counter; the clerk's clock is two days behind
        with db.transaction(actor="clerk") as s:
            f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == WANG)).one()
            f.phone = "13900000000"
            f.updated_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        return original(out, manifest, members, **signing)

    monkeypatch.setattr(xs, "write_package", write_while_a_clerk_saves)
    first = export_package(db, out=tmp_path / "1.zip")
    monkeypatch.setattr(xs, "write_package", original)
    assert first.full and first.counts["hardship_file"] == 2
    with db.reader() as s:
        logged = s.scalar(select(ExchangeLog.seq).where(ExchangeLog.package_id == first.package_id))
    assert logged == first.seq and _seq(db, WANG) > first.seq
    second = export_package(db, out=tmp_path / "2.zip")
    assert not second.full and second.since_seq == first.seq
    assert second.counts["hardship_file"] == 1  # only the file saved meanwhile: no look-back margin
    import_package(county, path=tmp_path / "1.zip", today=TODAY)
    import_package(county, path=tmp_path / "2.zip", today=TODAY)
    with county.reader() as s:
        assert s.scalar(select(HardshipFile.phone).where(HardshipFile.file_no == WANG)) == "13900000000"
    # nothing changed since: the next package is empty, and its manifest says what it covers
    third = export_package(db, out=tmp_path / "3.zip")
    assert third.counts["hardship_file"] == 0 and third.since_seq == second.seq


def test_a_record_written_with_an_old_clock_is_sent(db, make_db, tmp_path):
    """A child record (here an income fact) whose own time is far in the past still sends its file."""
    _two_files(db)
    first = export_package(db, out=tmp_path / "1.zip")
    update_file(db, file_no=WANG, changes={"household_annual_income": "20000"}, as_of=TODAY, actor="clerk")
    with db.transaction() as s:  # the facts' and the file's times set back a year (a clock far behind)
        s.execute(update(HardshipFile).values(updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    second = export_package(db, out=tmp_path / "2.zip")
    assert second.since_seq == first.seq and second.counts["hardship_file"] == 2
    assert second.counts["income_fact"] >= 1


def test_a_reevaluation_through_the_bulk_writer_sends_the_files_it_changed(db, tmp_path):
    """The re-evaluation writes with db/bulk.py's BulkWriter, not the ORM: its files are numbered too."""
    from assist_desktop.services.lifecycle import reevaluate_all
    from assist_desktop.services.standards import set_standard

    # 28,800 元 a year for 3 people: 800 元 a month, relative hardship at LB 720
    create_file(db, data=complete_file_data(household_annual_income="28800"), as_of=TODAY)
    create_file(
        db,
        data=complete_file_data(
            name="王芳", id_number=valid_id("23010219800101124"), household_annual_income="28800"
        ),
        as_of=TODAY,
    )
    first = export_package(db, out=tmp_path / "1.zip")
    before = {no: _seq(db, no) for no in ("230102001-000001", WANG)}
    # a higher 低保 standard: both households are now deep hardship, which the re-evaluation writes
    set_standard(db, lb="850", mw="2200", effective=TODAY.isoformat(), today=TODAY)
    summary = reevaluate_all(db, as_of=TODAY)
    assert summary["changed"] == 2
    after = {no: _seq(db, no) for no in before}
    assert all(after[no] > max(before.values()) for no in after)
    second = export_package(db, out=tmp_path / "2.zip")
    assert second.since_seq == first.seq and second.counts["hardship_file"] == 2


def test_a_number_taken_in_a_savepoint_rolled_back_is_not_used(db):
    """(The roster's dry run works in a savepoint.) The counter's increment is undone with the savepoint, so
    the transaction takes a fresh number at its commit: no two transactions share one."""
    from assist_desktop.db.changes import transaction_seq

    _two_files(db)
    with db.transaction() as s:
        savepoint = s.begin_nested()
        taken = transaction_seq(s)
        savepoint.rollback()
        f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == WANG)).one()
        f.phone = "13900000000"
    first = _seq(db, WANG)
    assert first >= taken
    update_file(db, file_no="230102001-000001", changes={"phone": "13900000001"}, as_of=TODAY)
    assert _seq(db, "230102001-000001") > first
    with db.reader() as s:
        assert s.scalar(select(Sequence.next_value).where(Sequence.name == "change_seq")) == _seq(
            db, "230102001-000001"
        ) + 1
