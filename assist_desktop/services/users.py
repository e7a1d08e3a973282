"""People who sign in: accounts with salted scrypt password hashes and a role."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import UserAccount
from assist_desktop.domain.enums import UserRole
from assist_desktop.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from assist_desktop.domain.permissions import allowed
from assist_desktop.domain.validation import check_name, parse_enum
from assist_desktop.services.changes import NOTHING, Changes

USERS_CHANGED = Changes(users=True)

_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True)
class SignedIn:
    """Who is using the program and with which role."""

    username: str
    display_name: str
    role: str

    def may(self, action: str) -> bool:
        return allowed(self.role, action)


@dataclass(frozen=True)
class UserView:
    """A sign-in account as the account list shows it (never the password hash)."""

    username: str
    display_name: str
    role: str
    active: bool = True
    changes: Changes = field(default=NOTHING, compare=False)

    @classmethod
    def of(cls, row: UserAccount, changes: Changes = NOTHING) -> UserView:
        return cls(row.username, row.display_name, row.role, row.active, changes)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt_b64), n=int(n), r=int(r),
                                p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


def _check_password(password: str) -> None:
    if len(password) < 8 or not re.search(r"\d", password) or not re.search(r"[A-Za-z]", password):
        raise ValidationFailed([FieldError("password", "至少8位，且须同时含字母和数字",
                                           "at least 8 characters with letters and digits")])


def add_user(db: Database, *, username: str, display_name: str, password: str, role: str = "clerk",
             actor: str = "system") -> UserView:
    """Create a sign-in account.

    Raises:
        ValidationFailed: a bad user name, name, role or a weak password.
        DomainError: the user name is taken.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]{2,50}", username or ""):
        raise ValidationFailed([FieldError("username", "应为2至50位字母、数字或 _ . -",
                                           "must be 2-50 letters, digits or _ . -")])
    name = check_name(display_name)
    parsed = parse_enum(UserRole, role, "role", required=True)
    _check_password(password)
    assert parsed is not None
    with db.transaction(actor=actor, reason="add user") as s:
        if s.scalars(select(UserAccount).where(col(UserAccount.username) == username)).first():
            raise DomainError(f"用户名 {username} 已被使用", f"user name {username} is taken")
        account = UserAccount(username=username, display_name=name, password_hash=hash_password(password),
                              role=parsed.value)
        s.add(account)
        s.flush()
        return UserView.of(account, USERS_CHANGED)


def set_password(db: Database, *, username: str, password: str, actor: str = "system") -> Changes:
    """Replace a user's password.

    Raises:
        NotFound: no such user.
        ValidationFailed: a weak password.
    """
    _check_password(password)
    with db.transaction(actor=actor, reason="password") as s:
        user = s.scalars(select(UserAccount).where(col(UserAccount.username) == username)).first()
        if user is None:
            raise NotFound(f"没有用户 {username}", f"no user {username}")
        user.password_hash = hash_password(password)
    return USERS_CHANGED


def sign_in(db: Database, *, username: str, password: str) -> SignedIn:
    """Check a user name and password.

    Raises:
        DomainError: wrong user name or password, or the account is disabled (one message for all, on purpose).
    """
    with db.reader() as s:
        user = s.scalars(select(UserAccount).where(col(UserAccount.username) == username)).first()
        if user is None or not user.active or not verify_password(password, user.password_hash):
            raise DomainError("用户名或密码不正确", "wrong user name or password")
        return SignedIn(user.username, user.display_name, user.role)


def has_users(db: Database) -> bool:
    """Whether sign-in is required (a single-clerk office may keep no accounts)."""
    with db.reader() as s:
        count = select(func.count()).select_from(UserAccount).where(col(UserAccount.active).is_(True))
        return bool(s.scalar(count))


def list_users(db: Database) -> list[UserView]:
    """Every account, by user name."""
    with db.reader() as s:
        return [UserView.of(u) for u in s.scalars(select(UserAccount).order_by(col(UserAccount.username)))]
