"""People who sign in: accounts with argon2id password hashes (older scrypt hashes upgraded at the next sign-in),
a role, and a lock-out after repeated failures. Every sign-in, failure and lock-out is in the audit log."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.db.audit import record_event
from assist_desktop.db.engine import Database
from assist_desktop.db.models import UserAccount, utcnow
from assist_desktop.domain.enums import UserRole
from assist_desktop.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from assist_desktop.domain.permissions import allowed
from assist_desktop.domain.validation import check_name, parse_enum
from assist_desktop.services.access import Actor, require
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import get_option

USERS_CHANGED = Changes(users=True)

#: argon2id with the library's defaults (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4)
_HASHER = PasswordHasher()
#: verified against when the user name is unknown, so a wrong name costs as long as a wrong password
_DUMMY_HASH = _HASHER.hash("not a password 0")


@dataclass(frozen=True)
class SignedIn:
    """Who is using the program and with which role."""

    username: str
    display_name: str
    role: str

    def may(self, action: str) -> bool:
        return allowed(self.role, action)

    @property
    def actor(self) -> Actor:
        """What the services take as `actor`: the user name carrying the role."""
        return Actor(self.username, self.role, self.display_name)


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


def hash_password(password: str) -> str:
    """An argon2id hash (PHC string, salt included)."""
    return _HASHER.hash(password)


def _verify_scrypt(password: str, stored: str) -> bool:
    """The hashes of earlier versions: scrypt$N$r$p$salt$digest."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt_b64), n=int(n), r=int(r),
                                p=int(p), dklen=32, maxmem=2**27)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches `stored` (argon2id, or an older scrypt hash)."""
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """An older scheme or weaker parameters: replace the hash at the next successful sign-in."""
    if not stored.startswith("$argon2id$"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


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
    require(db, actor, "users")
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
        DomainError: the actor may not manage accounts.
    """
    _check_password(password)
    require(db, actor, "users")
    with db.transaction(actor=actor, reason="password") as s:
        user = s.scalars(select(UserAccount).where(col(UserAccount.username) == username)).first()
        if user is None:
            raise NotFound(f"没有用户 {username}", f"no user {username}")
        user.password_hash = hash_password(password)
    return USERS_CHANGED


def sign_in(db: Database, *, username: str, password: str, now: dt.datetime | None = None) -> SignedIn:
    """Check a user name and password; count failures and lock the account after too many.

    After `lockout_attempts` failures in a row (a setting) the account is locked for `lockout_minutes`; a correct
    password while locked is refused too. A success resets the count and replaces an older hash (scrypt, or
    weaker argon2 parameters) by a current argon2id one. Every success, failure and lock-out is written to the
    audit log (actions `signin`, `signfail`, `lockout`), committed even when the sign-in is refused.

    Raises:
        DomainError: wrong user name or password, or a disabled account (one message for all, on purpose);
            or the account is locked (the message says until when).
    """
    now = now or utcnow()
    name = (username or "")[:50]
    refusal: DomainError | None = None
    signed: SignedIn | None = None
    with db.transaction(actor=name or "?", reason="sign in") as s:
        user = s.scalars(select(UserAccount).where(col(UserAccount.username) == username)).first()
        locked_until = _aware(user.locked_until) if user is not None else None
        if user is not None and locked_until is not None and locked_until > now:
            record_event(s, action="signfail", table_name="user_account", record_id=user.id, actor=name,
                         reason="locked")
            until = locked_until.astimezone().strftime("%H:%M")
            refusal = DomainError(f"账号 {username} 因多次密码错误已锁定，请于 {until} 后再试",
                                  f"account {username} is locked after repeated wrong passwords; try again "
                                  f"after {until}")
        elif user is None or not user.active or not verify_password(password, user.password_hash):
            if user is None:
                verify_password(password, _DUMMY_HASH)
            refusal = DomainError("用户名或密码不正确", "wrong user name or password")
            record_event(s, action="signfail", table_name="user_account",
                         record_id=user.id if user is not None else name or "?", actor=name or "?",
                         reason="inactive" if user is not None and not user.active else "wrong password")
            if user is not None and user.active:
                limit = int(get_option(s, "lockout_attempts"))
                user.failed_attempts = (user.failed_attempts or 0) + 1
                if limit > 0 and user.failed_attempts >= limit:
                    minutes = int(get_option(s, "lockout_minutes"))
                    user.locked_until = now + dt.timedelta(minutes=minutes)
                    user.failed_attempts = 0
                    record_event(s, action="lockout", table_name="user_account", record_id=user.id, actor=name,
                                 reason=f"{limit} failures: locked {minutes} min")
        else:
            user.failed_attempts = 0
            user.locked_until = None
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            record_event(s, action="signin", table_name="user_account", record_id=user.id, actor=name)
            signed = SignedIn(user.username, user.display_name, user.role)
    if refusal is not None:
        raise refusal
    assert signed is not None
    return signed


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def authenticate(db: Database, *, username: str, password: str) -> Actor:
    """`sign_in` for the command line: the `Actor` the services take.

    Raises:
        DomainError: as `sign_in`.
    """
    return sign_in(db, username=username, password=password).actor


def has_users(db: Database) -> bool:
    """Whether sign-in is required (a single-clerk office may keep no accounts)."""
    with db.reader() as s:
        count = select(func.count()).select_from(UserAccount).where(col(UserAccount.active).is_(True))
        return bool(s.scalar(count))


def list_users(db: Database) -> list[UserView]:
    """Every account, by user name."""
    with db.reader() as s:
        return [UserView.of(u) for u in s.scalars(select(UserAccount).order_by(col(UserAccount.username)))]
