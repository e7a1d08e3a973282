"""Sign-in accounts: hashed passwords, roles."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import pytest
from sqlalchemy import select, update

from assist_desktop.db.models import AuditLog, UserAccount
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.domain.permissions import allowed
from assist_desktop.services.access import Actor
from assist_desktop.services.common import set_option
from assist_desktop.services.users import add_user, has_users, set_password, sign_in

ADMIN = Actor("liufang", "admin")


def test_passwords_are_hashed_and_checked(db):
    assert not has_users(db)
    add_user(db, username="liufang", display_name="刘芳", password="gonghui2026", role="录入员")
    assert has_users(db)
    with db.reader() as s:
        stored = s.scalars(select(UserAccount.password_hash)).one()
    assert "gonghui2026" not in stored and stored.startswith("$argon2id$")
    who = sign_in(db, username="liufang", password="gonghui2026")
    assert who.role == "clerk" and who.may("edit_file") and not who.may("standards")
    with pytest.raises(DomainError, match="用户名或密码不正确"):
        sign_in(db, username="liufang", password="wrong-pass1")
    set_password(db, username="liufang", password="newpass123", actor=ADMIN)
    assert sign_in(db, username="liufang", password="newpass123").display_name == "刘芳"


def test_weak_password_and_taken_name_refused(db):
    with pytest.raises(ValidationFailed, match="至少8位"):
        add_user(db, username="a1", display_name="张三", password="short")
    add_user(db, username="a1", display_name="张三", password="longenough1")
    with pytest.raises(DomainError, match="已被使用"):
        add_user(db, username="a1", display_name="李四", password="longenough1", actor=Actor("a1", "admin"))


def test_roles():
    assert allowed("reviewer", "override") and not allowed("clerk", "override")
    assert allowed("viewer", "view") and not allowed("viewer", "edit_file")
    assert not allowed("nobody", "view")


def test_password_hashes_never_reach_the_audit_log(db):
    from assist_desktop.db.models import AuditLog

    add_user(db, username="lf", display_name="刘芳", password="gonghui2026")
    set_password(db, username="lf", password="newpass123", actor=Actor("lf", "admin"))
    with db.reader() as s:
        rows = s.execute(select(AuditLog.field, AuditLog.old_value, AuditLog.new_value)
                         .where(AuditLog.table_name == "user_account", AuditLog.action == "update")).all()
    assert [r.field for r in rows] == ["password_hash"]
    assert all("argon2" not in (r.old_value or "") + (r.new_value or "") for r in rows)


def _scrypt(password: str) -> str:
    """A hash as the earlier versions wrote it."""
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def test_old_scrypt_hash_is_verified_and_upgraded_at_sign_in(db):
    add_user(db, username="old", display_name="老用户", password="whatever123", role="admin")
    with db.transaction() as s:
        s.execute(update(UserAccount).values(password_hash=_scrypt("oldpass123")))
    with pytest.raises(DomainError):
        sign_in(db, username="old", password="whatever123")
    with db.reader() as s:
        assert s.scalar(select(UserAccount.password_hash)).startswith("scrypt$")  # a failure upgrades nothing
    assert sign_in(db, username="old", password="oldpass123").role == "admin"
    with db.reader() as s:
        stored = s.scalar(select(UserAccount.password_hash))
    assert stored.startswith("$argon2id$")
    assert sign_in(db, username="old", password="oldpass123").username == "old"


def _events(db) -> list[tuple[str, str | None, str]]:
    with db.reader() as s:
        return [tuple(r) for r in s.execute(
            select(AuditLog.action, AuditLog.reason, AuditLog.actor)
            .where(AuditLog.action.in_(["signin", "signfail", "lockout"])).order_by(AuditLog.id)).all()]


def test_lock_out_after_repeated_failures_and_every_attempt_audited(db):
    add_user(db, username="wf", display_name="王芳", password="secret1234", role="clerk")
    with db.transaction() as s:
        set_option(s, "lockout_attempts", 3)
        set_option(s, "lockout_minutes", 10)
    now = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    sign_in(db, username="wf", password="secret1234", now=now)
    for _ in range(3):
        with pytest.raises(DomainError, match="用户名或密码不正确"):
            sign_in(db, username="wf", password="wrong-pass", now=now)
    # locked: even the right password is refused, with the reason
    with pytest.raises(DomainError, match="已锁定"):
        sign_in(db, username="wf", password="secret1234", now=now + dt.timedelta(minutes=9))
    with pytest.raises(DomainError, match="用户名或密码不正确"):
        sign_in(db, username="nobody", password="secret1234", now=now)
    # after the lock-out time the right password works again, and the count starts afresh
    assert sign_in(db, username="wf", password="secret1234", now=now + dt.timedelta(minutes=11)).username == "wf"
    with db.reader() as s:
        user = s.scalars(select(UserAccount)).one()
    assert user.failed_attempts == 0 and user.locked_until is None
    assert _events(db) == [
        ("signin", None, "wf"),
        ("signfail", "wrong password", "wf"), ("signfail", "wrong password", "wf"),
        ("signfail", "wrong password", "wf"), ("lockout", "3 failures: locked 10 min", "wf"),
        ("signfail", "locked", "wf"),
        ("signfail", "wrong password", "nobody"),
        ("signin", None, "wf"),
    ]


def test_default_lock_out_is_five_failures():
    from assist_desktop.domain.options import default

    assert default("lockout_attempts") == 5 and default("lockout_minutes") == 15
