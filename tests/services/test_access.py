"""Roles checked in the services themselves: the window and the command line obey the same rules."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import AuditLog, HardshipFile, Standard
from assist_desktop.domain.errors import DomainError
from assist_desktop.services.access import Actor, has_accounts, require
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import close_file, override
from assist_desktop.services.prints import file_sheets
from assist_desktop.services.standards import set_standard
from assist_desktop.services.users import add_user, set_password, sign_in
from tests.conftest import TODAY, complete_file_data

ADMIN = Actor("boss", "admin")
CLERK = Actor("clerk1", "clerk")
REVIEWER = Actor("rev1", "reviewer")
VIEWER = Actor("view1", "viewer")


@pytest.fixture
def accounts(db):
    """The database with a file (made before the accounts: the single-user case) and an administrator."""
    create_file(db, data=complete_file_data(bank_account="6222020200112233445"), as_of=TODAY)
    add_user(db, username="boss", display_name="王主席", password="admin12345", role="admin")
    return db


def _counts(db) -> tuple[int, int, int]:
    with db.reader() as s:
        return (s.scalar(select(func.count()).select_from(HardshipFile)) or 0,
                s.scalar(select(func.count()).select_from(AuditLog)) or 0,
                s.scalar(select(func.count()).select_from(Standard)) or 0)


def test_without_accounts_everything_is_allowed_as_before(db):
    assert not has_accounts(db)
    require(db, "anyone", "standards")
    require(db, None, "users")
    detail = create_file(db, data=complete_file_data(), as_of=TODAY, actor="os-user")
    assert detail.file.file_no


def test_with_accounts_a_plain_name_is_refused_and_nothing_written(accounts):
    before = _counts(accounts)
    with pytest.raises(DomainError, match="须以有权限的账号登录"):
        create_file(accounts, data=complete_file_data(id_number="11010519491231002X", name="李四"), as_of=TODAY,
                    actor="someone")
    with pytest.raises(DomainError, match="须以有权限的账号登录"):
        set_standard(accounts, lb="800", mw="2100", effective="2026-01-01", today=TODAY, actor="someone")
    assert _counts(accounts) == before


@pytest.mark.parametrize(("actor", "ok"), [(ADMIN, True), (CLERK, False), (REVIEWER, False), (VIEWER, False)])
def test_standards_only_for_admin(accounts, actor, ok):
    before = _counts(accounts)
    if ok:
        set_standard(accounts, lb="800", mw="2100", effective="2026-01-01", today=TODAY, actor=actor)
        assert _counts(accounts)[2] == before[2] + 1
    else:
        with pytest.raises(DomainError, match="无权设定标准"):
            set_standard(accounts, lb="800", mw="2100", effective="2026-01-01", today=TODAY, actor=actor)
        assert _counts(accounts) == before


def test_override_close_bank_account_and_users_by_role(accounts):
    file_no = "230102001-000001"
    before = _counts(accounts)
    with pytest.raises(DomainError, match="无权人工改定状态"):
        override(accounts, file_no=file_no, status="ineligible", reason="复核", on=TODAY, actor=CLERK)
    with pytest.raises(DomainError, match="无权脱困、解困或注销"):
        close_file(accounts, file_no=file_no, reason="death", note="本人去世", on=TODAY, actor=VIEWER)
    with pytest.raises(DomainError, match="rev1（审核员）无权修改档案"):
        update_file(accounts, file_no=file_no, changes={"bank_account": "6222000000000000001"}, as_of=TODAY,
                    actor=REVIEWER)
    with pytest.raises(DomainError, match="无权修改档案"):
        update_file(accounts, file_no=file_no, changes={"phone": "13800000000"}, as_of=TODAY, actor=VIEWER)
    with pytest.raises(DomainError, match="无权管理账号"):
        add_user(accounts, username="x2", display_name="张三", password="longenough1", role="admin", actor=CLERK)
    with pytest.raises(DomainError, match="无权管理账号"):
        set_password(accounts, username="boss", password="taken0ver99", actor=CLERK)
    assert _counts(accounts) == before
    assert sign_in(accounts, username="boss", password="admin12345").role == "admin"
    # what the roles may do, they do; the history names the account
    update_file(accounts, file_no=file_no, changes={"bank_account": "6222000000000000001"}, as_of=TODAY,
                actor=CLERK)
    override(accounts, file_no=file_no, status="ineligible", reason="复核", on=TODAY, actor=REVIEWER)
    with accounts.reader() as s:
        by_field = dict(s.execute(select(AuditLog.field, AuditLog.actor).where(
            AuditLog.table_name == "hardship_file", AuditLog.action == "update",
            AuditLog.field.in_(["bank_account", "override_until"]))).all())
        assert s.scalar(select(HardshipFile.bank_account)) == "6222000000000000001"
    assert by_field == {"bank_account": "clerk1", "override_until": "rev1"}


def test_full_id_numbers_need_the_permission(accounts):
    file_no = "230102001-000001"
    assert file_sheets(accounts, file_nos=[file_no], on=TODAY).startswith(b"%PDF")  # masked: anyone
    with pytest.raises(DomainError, match="无权查看完整身份证号"):
        file_sheets(accounts, file_nos=[file_no], on=TODAY, full_id=True, actor=VIEWER)
    with pytest.raises(DomainError, match="须以有权限的账号登录"):
        file_sheets(accounts, file_nos=[file_no], on=TODAY, full_id=True)
    assert file_sheets(accounts, file_nos=[file_no], on=TODAY, full_id=True, actor=CLERK).startswith(b"%PDF")


def test_signed_in_account_is_the_actor(accounts):
    who = sign_in(accounts, username="boss", password="admin12345")
    actor = who.actor
    assert isinstance(actor, Actor) and actor == "boss" and actor.role == "admin"
