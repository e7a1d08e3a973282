"""Sign-in accounts: hashed passwords, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assist_desktop.db.models import UserAccount
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.domain.permissions import allowed
from assist_desktop.services.users import add_user, has_users, set_password, sign_in


def test_passwords_are_hashed_and_checked(db):
    assert not has_users(db)
    add_user(db, username="liufang", display_name="刘芳", password="gonghui2026", role="录入员")
    assert has_users(db)
    with db.reader() as s:
        stored = s.scalars(select(UserAccount.password_hash)).one()
    assert "gonghui2026" not in stored and stored.startswith("scrypt$")
    who = sign_in(db, username="liufang", password="gonghui2026")
    assert who.role == "clerk" and who.may("edit_file") and not who.may("standards")
    with pytest.raises(DomainError, match="用户名或密码不正确"):
        sign_in(db, username="liufang", password="wrong-pass1")
    set_password(db, username="liufang", password="newpass123")
    assert sign_in(db, username="liufang", password="newpass123").display_name == "刘芳"


def test_weak_password_and_taken_name_refused(db):
    with pytest.raises(ValidationFailed, match="至少8位"):
        add_user(db, username="a1", display_name="张三", password="short")
    add_user(db, username="a1", display_name="张三", password="longenough1")
    with pytest.raises(DomainError, match="已被使用"):
        add_user(db, username="a1", display_name="李四", password="longenough1")


def test_roles():
    assert allowed("reviewer", "override") and not allowed("clerk", "override")
    assert allowed("viewer", "view") and not allowed("viewer", "edit_file")
    assert not allowed("nobody", "view")


def test_password_hashes_never_reach_the_audit_log(db):
    from assist_desktop.db.models import AuditLog

    add_user(db, username="lf", display_name="刘芳", password="gonghui2026")
    set_password(db, username="lf", password="newpass123")
    with db.reader() as s:
        rows = s.execute(select(AuditLog.field, AuditLog.old_value, AuditLog.new_value)
                         .where(AuditLog.table_name == "user_account", AuditLog.action == "update")).all()
    assert [r.field for r in rows] == ["password_hash"]
    assert all("scrypt" not in (r.old_value or "") + (r.new_value or "") for r in rows)
