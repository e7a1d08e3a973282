"""Union keys: this union's Ed25519 key pair and the public keys of the unions it exchanges packages with.

The private key is a file beside the database (for a server database: in the user's data folder), readable by
the OS account only (mode 0600), and goes into backups with the database; the public key and its fingerprint
are in the table `union_key` (`is_own`). A sender's key is recorded there once a person has confirmed its
fingerprint (`import F --trust-sender FINGERPRINT`, or the dialog in the window); from then on every package
from that sender must be signed with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from assist_desktop.db.engine import Database
from assist_desktop.db.models import UnionKey, utcnow
from assist_desktop.domain.errors import DomainError
from assist_desktop.exchange import crypto
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import home_union

KEY_SUFFIX = ".union-key.pem"


@dataclass(frozen=True)
class UnionKeyRead:
    """A union's public key as recorded here."""

    union_code: str
    fingerprint: str
    public_key: str  # hex
    is_own: bool
    source: str
    recorded_at: dt.datetime
    private_key_path: Path | None = None  # this union's own key only
    private_key_present: bool = False
    changes: Changes = NOTHING

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "union_code": self.union_code,
            "fingerprint": self.fingerprint,
            "public_key": self.public_key,
            "is_own": self.is_own,
            "source": self.source,
            "recorded_at": self.recorded_at.isoformat(),
        }
        if self.is_own:
            out["private_key_path"] = str(self.private_key_path)
            out["private_key_present"] = self.private_key_present
        return out


def private_key_path(db: Database) -> Path:
    """Where this database's union keeps its private key: beside the SQLite file, or (for a server database)
    in the user's data folder under a name derived from the URL without its password."""
    if db.sqlite_file is not None:
        return db.sqlite_file.with_name(db.sqlite_file.name + KEY_SUFFIX)
    from platformdirs import user_data_dir

    tag = hashlib.sha256(make_url(db.url).render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(user_data_dir("assist_desktop", appauthor=False)) / "keys" / f"server-{tag}{KEY_SUFFIX}"


def _write_private_key(path: Path, private_key: bytes) -> None:
    """Create the key file readable and writable by its owner only; never overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(crypto.private_key_pem(private_key))
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)  # the umask may have narrowed it further; never wider


def _read_private_key(path: Path) -> bytes:
    try:
        return crypto.private_key_from_pem(path.read_bytes())
    except ValueError:
        raise DomainError(
            f"本工会的私钥文件 {path} 已损坏或不是本程序的密钥", f"the union's key file {path} is damaged"
        ) from None


def _read(row: UnionKey, path: Path | None = None, changes: Changes = NOTHING) -> UnionKeyRead:
    return UnionKeyRead(
        union_code=row.union_code,
        fingerprint=row.fingerprint,
        public_key=row.public_key,
        is_own=row.is_own,
        source=row.source,
        recorded_at=row.recorded_at,
        private_key_path=path,
        private_key_present=path is not None and path.exists(),
        changes=changes,
    )


def ensure_union_key(db: Database, *, actor: str = "system") -> UnionKeyRead:
    """This union's key pair: made on first use (a new private key file, the public key recorded), else read.

    A key file left by an earlier attempt whose commit failed is taken up, never replaced.

    Raises:
        DomainError: the database has no home union yet, or the key file does not match the recorded key.
    """
    path = private_key_path(db)
    with db.transaction(actor=actor, reason="union key") as s:
        home = home_union(s)
        row = s.get(UnionKey, home.code)
        if row is not None:
            if not row.is_own:
                raise DomainError(
                    f"本工会代码 {home.code} 下记录的是别的工会的公钥", f"{home.code} holds another union's key"
                )
            if path.exists() and crypto.public_key_of(_read_private_key(path)).hex() != row.public_key:
                raise DomainError(
                    f"私钥文件 {path} 与本库记录的本工会公钥不符（指纹 {row.fingerprint}）：请找回原来的密钥文件",
                    f"the key file {path} does not match this union's recorded key {row.fingerprint}",
                )
            return _read(row, path)
        if path.exists():
            private_key = _read_private_key(path)
        else:
            private_key = crypto.generate_private_key()
            _write_private_key(path, private_key)
        public_key = crypto.public_key_of(private_key)
        row = UnionKey(
            union_code=home.code,
            public_key=public_key.hex(),
            fingerprint=crypto.fingerprint(public_key),
            is_own=True,
            source="generated",
            recorded_at=utcnow(),
            actor=actor,
        )
        s.add(row)
        s.flush()
        return _read(row, path, Changes(unions=True))


def signing_key(db: Database, *, actor: str = "system") -> bytes:
    """This union's raw private key, for signing a package (made first if the union has none yet).

    Raises:
        DomainError: the key file is missing (the database was moved without it) or does not match.
    """
    key = ensure_union_key(db, actor=actor)
    path = key.private_key_path
    if path is None or not path.exists():
        raise DomainError(
            f"找不到本工会的私钥文件 {path}（指纹 {key.fingerprint}）：请从备份中找回它，放在数据库旁边",
            f"the union's private key file {path} is missing (fingerprint {key.fingerprint})",
        )
    return _read_private_key(path)


def own_key(db: Database) -> UnionKeyRead:
    """This union's public key (made first if it has none yet): what `union key show` prints."""
    return ensure_union_key(db)


def recorded_key(s: Session, union_code: str) -> bytes | None:
    """The public key recorded for another union (None if none is)."""
    row = s.get(UnionKey, union_code)
    return bytes.fromhex(row.public_key) if row is not None else None


def record_key(s: Session, *, union_code: str, public_key: bytes, actor: str, source: str = "confirmed") -> None:
    """Record a sender's public key (its fingerprint having been confirmed by a person)."""
    s.add(
        UnionKey(
            union_code=union_code,
            public_key=public_key.hex(),
            fingerprint=crypto.fingerprint(public_key),
            is_own=False,
            source=source,
            recorded_at=utcnow(),
            actor=actor,
        )
    )


def trust_key(db: Database, *, union_code: str, public_key: bytes, actor: str = "system") -> UnionKeyRead:
    """Record another union's public key, confirmed out of band (a key file, the responsibility letter).

    Raises:
        DomainError: a key is already recorded for that union (a different one must be forgotten first).
    """
    with db.transaction(actor=actor, reason=f"trust key of {union_code}") as s:
        row = s.get(UnionKey, union_code)
        if row is not None:
            if row.public_key == public_key.hex():
                return _read(row)
            raise DomainError(
                f"已记录工会 {union_code} 的另一把公钥（指纹 {row.fingerprint}）：请先删除它再记录新的",
                f"another key of {union_code} is recorded ({row.fingerprint}): forget it first",
            )
        record_key(s, union_code=union_code, public_key=public_key, actor=actor)
        s.flush()
        row = s.get(UnionKey, union_code)
        assert row is not None
        return _read(row, changes=Changes(unions=True))


def forget_key(db: Database, *, union_code: str, actor: str = "system") -> Changes:
    """Delete another union's recorded key (its next package must be confirmed again by fingerprint).

    Raises:
        DomainError: no key is recorded for that union, or it is this union's own.
    """
    with db.transaction(actor=actor, reason=f"forget key of {union_code}") as s:
        row = s.get(UnionKey, union_code)
        if row is None:
            raise DomainError(f"没有记录工会 {union_code} 的公钥", f"no key is recorded for {union_code}")
        if row.is_own:
            raise DomainError("不能删除本工会自己的公钥", "this union's own key cannot be forgotten")
        s.delete(row)
    return Changes(unions=True)


def list_keys(db: Database) -> list[UnionKeyRead]:
    """Every recorded key, this union's first."""
    from sqlalchemy import select
    from sqlmodel import col

    with db.reader() as s:
        rows = s.scalars(
            select(UnionKey).order_by(col(UnionKey.is_own).desc(), col(UnionKey.union_code))
        ).all()
        path = private_key_path(db)
        return [_read(r, path if r.is_own else None) for r in rows]


__all__ = [
    "UnionKeyRead", "ensure_union_key", "forget_key", "list_keys", "own_key", "private_key_path", "record_key",
    "recorded_key", "signing_key", "trust_key",
]
