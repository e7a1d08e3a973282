"""Retention: closed files past retention_years are listed, deleted only by a reviewer, and leave a stub."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text, update

from assist_desktop.db.changes import FILE_SCOPED
from assist_desktop.db.models import AuditLog, FileStub, HardshipFile
from assist_desktop.domain.errors import DomainError, NotFound, ValidationFailed
from assist_desktop.services.access import Actor
from assist_desktop.services.assistance import add_assistance, add_employment_support, add_visit
from assist_desktop.services.due import due_items
from assist_desktop.services.files import create_file, get_file
from assist_desktop.services.lifecycle import status_report
from assist_desktop.services.pairing import add_letter, assign
from assist_desktop.services.retention import delete_expired_file, get_stub, past_retention
from assist_desktop.services.unions import add_cadre
from assist_desktop.services.users import add_user
from tests.conftest import TODAY, complete_file_data, valid_id

OLD, RECENT = "230102001-000001", "230102001-000002"
REVIEWER, CLERK = Actor("rev1", "reviewer", "李审核"), Actor("clerk1", "clerk")


def _close(db, file_no: str, on: dt.date) -> None:
    with db.transaction() as s:
        s.execute(update(HardshipFile).where(HardshipFile.file_no == file_no)
                  .values(status="closed", closed_on=on, close_reason="cancelled", close_detail="transfer"))


@pytest.fixture
def files(db):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    create_file(db, data=complete_file_data(name="李秀英", id_number=valid_id("23010219750612402")), as_of=TODAY)
    add_cadre(db, name="赵敏")
    assign(db, file_nos=[OLD], person="赵敏", on=TODAY)
    add_letter(db, lower_person="赵敏", file_nos=[OLD], goals="脱困", measures="走访", period_start=TODAY,
               period_end=TODAY + dt.timedelta(days=365))
    add_assistance(db, file_no=OLD, kind="money", amount="500", today=TODAY)
    add_visit(db, file_no=OLD, visitor="赵敏", today=TODAY)
    add_employment_support(db, file_no=OLD, kind="training", today=TODAY)
    _close(db, OLD, dt.date(2016, 3, 1))
    _close(db, RECENT, dt.date(2017, 3, 1))
    return db


def test_only_files_kept_long_enough_are_listed(files):
    items = past_retention(files, today=dt.date(2026, 11, 20))
    assert [(i.file_no, i.kept_until, i.years) for i in items] == [(OLD, dt.date(2026, 3, 1), 10)]
    assert past_retention(files, today=dt.date(2026, 2, 28)) == []
    due = [i for i in due_items(files, as_of=dt.date(2026, 11, 20)) if i.kind == "retention_due"]
    assert [(i.file_no, i.label) for i in due] == [(OLD, "档案保存期满，待审核删除")]


def test_a_clerk_may_not_delete_and_nothing_changes(files):
    add_user(files, username="rev1", display_name="李审核", password="review12345", role="reviewer")
    with pytest.raises(DomainError, match="无权审核"):
        delete_expired_file(files, file_no=OLD, reason="保存期满", today=TODAY, actor=CLERK)
    with pytest.raises(DomainError):  # with accounts, a plain name is no approval either
        delete_expired_file(files, file_no=OLD, reason="保存期满", today=TODAY, actor="someone")
    assert get_file(files, file_no=OLD).file.status == "closed"


def test_a_reviewer_deletes_everything_of_the_file_and_a_stub_stays(files):
    with files.reader() as s:
        fid = s.scalar(select(HardshipFile.id).where(HardshipFile.file_no == OLD))
        other = s.scalar(select(HardshipFile.id).where(HardshipFile.file_no == RECENT))
        kept_elsewhere = {t: s.scalar(text(f"SELECT count(*) FROM {t} WHERE {c} = :f"), {"f": other})
                          for t, c in FILE_SCOPED.items()}
        assert s.scalar(text("SELECT count(*) FROM search_doc WHERE file_id = :f"), {"f": fid}) == 1
    done = delete_expired_file(files, file_no=OLD, reason="保存期满十年，经审核删除", today=TODAY, actor=REVIEWER)
    assert done.changes.files and fid in done.changes.file_ids
    assert {"hardship_file", "status_event", "pairing", "letter_file", "assistance_record", "home_visit",
            "employment_support", "income_fact"} <= set(done.removed)
    with files.reader() as s:
        for table, column in FILE_SCOPED.items():
            assert s.scalar(text(f"SELECT count(*) FROM {table} WHERE {column} = :f"), {"f": fid}) == 0, table
        assert s.scalar(text("SELECT count(*) FROM letter_file WHERE file_id = :f"), {"f": fid}) == 0
        assert s.scalar(text("SELECT count(*) FROM search_doc WHERE file_id = :f"), {"f": fid}) == 0
        # the other file is untouched
        assert {t: s.scalar(text(f"SELECT count(*) FROM {t} WHERE {c} = :f"), {"f": other})
                for t, c in FILE_SCOPED.items()} == kept_elsewhere
        stub = s.scalars(select(FileStub)).one()
        audits = s.execute(select(AuditLog.action, AuditLog.table_name, AuditLog.actor, AuditLog.reason)
                           .where(AuditLog.record_id == fid)).all()
    assert (stub.file_no, stub.name_masked, stub.closed_on, stub.close_reason) == (
        OLD, "张*国", dt.date(2016, 3, 1), "cancelled")
    assert stub.registered_on == TODAY and stub.deleted_on == TODAY
    assert stub.approved_by == "rev1" and stub.deleted_by == "rev1" and stub.approved_at is not None
    assert stub.reason == "保存期满十年，经审核删除"
    assert ("delete", "hardship_file", "rev1", "retention: 保存期满十年，经审核删除") in audits
    # the number now says what became of it
    with pytest.raises(NotFound, match=f"档案 {OLD}（张\\*国）已于 {TODAY} 按保存期满删除"):
        status_report(files, file_no=OLD, as_of=TODAY)
    assert get_stub(files, file_no=OLD).approved_by == "rev1"
    assert past_retention(files, today=TODAY) == []


def test_refusals_before_the_end_of_the_period_or_without_a_reason(files):
    with pytest.raises(DomainError, match="须保存 10 年至 2027-03-01"):
        delete_expired_file(files, file_no=RECENT, reason="x", today=TODAY, actor=REVIEWER)
    with pytest.raises(ValidationFailed):
        delete_expired_file(files, file_no=OLD, reason="  ", today=TODAY, actor=REVIEWER)
    create_file(files, data=complete_file_data(name="王五", id_number=valid_id("23010219800101123")), as_of=TODAY)
    with pytest.raises(DomainError, match="尚未退档"):
        delete_expired_file(files, file_no="230102001-000003", reason="x", today=TODAY, actor=REVIEWER)
    with files.reader() as s:
        assert s.scalar(select(func.count()).select_from(FileStub)) == 0


def test_retention_years_is_a_setting(files):
    from assist_desktop.services.common import set_option

    with files.transaction() as s:
        set_option(s, "retention_years", "5")
    assert [i.file_no for i in past_retention(files, today=TODAY)] == [OLD, RECENT]
