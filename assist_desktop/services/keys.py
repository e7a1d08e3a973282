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
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import home_union

KEY_SUFFIX = ".union-key.pem"
#: the union's encryption (X25519) private key, beside the signing key and protected the same way
ENC_KEY_SUFFIX = ".union-enc-key.pem"
KEY_FILE_FORMAT = "assist-desktop-union-key"


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
    enc_public_key: str | None = None  # hex X25519: packages to this union are encrypted to it

    @property
    def enc_fingerprint(self) -> str | None:
        return crypto.fingerprint(bytes.fromhex(self.enc_public_key)) if self.enc_public_key else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "union_code": self.union_code,
            "fingerprint": self.fingerprint,
            "public_key": self.public_key,
            "is_own": self.is_own,
            "source": self.source,
            "recorded_at": self.recorded_at.isoformat(),
            "enc_public_key": self.enc_public_key,
            "enc_fingerprint": self.enc_fingerprint,
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


def encryption_key_path(db: Database) -> Path:
    """Where this union keeps its encryption (X25519) private key: beside its signing key file."""
    path = private_key_path(db)
    return path.with_name(path.name.removesuffix(KEY_SUFFIX) + ENC_KEY_SUFFIX)


def key_files(db: Database) -> list[Path]:
    """This union's private key files (signing, encryption) that exist: what a backup must carry with the
    database (without them no package can be signed, and none encrypted to this union opened)."""
    return [p for p in (private_key_path(db), encryption_key_path(db)) if p.exists()]


def _write_private_key(path: Path, private_key: bytes, *, pem: bytes | None = None) -> None:
    """Create the key file readable and writable by its owner only; never overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem if pem is not None else crypto.private_key_pem(private_key))
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


def _read_encryption_key(path: Path) -> bytes:
    try:
        return crypto.encryption_key_from_pem(path.read_bytes())
    except ValueError:
        raise DomainError(
            f"本工会的解密密钥文件 {path} 已损坏或不是本程序的密钥", f"the union's encryption key file {path} is damaged"
        ) from None


def _ensure_encryption(db: Database, row: UnionKey) -> bool:
    """Give this union's key row its X25519 key pair if it has none yet (a new key file; an existing file left
    by an earlier attempt is taken up). Returns whether it was made."""
    if row.enc_public_key is not None:
        return False
    from assist_desktop.exchange.sealing import new_x25519_key, x25519_public

    path = encryption_key_path(db)
    if path.exists():
        private_key = _read_encryption_key(path)
    else:
        private_key = new_x25519_key()
        _write_private_key(path, private_key, pem=crypto.encryption_key_pem(private_key))
    row.enc_public_key = x25519_public(private_key).hex()
    return True


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
        enc_public_key=row.enc_public_key,
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
            if _ensure_encryption(db, row):
                s.flush()
                return _read(row, path, Changes(unions=True))
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
        _ensure_encryption(db, row)
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


def decryption_key(db: Database, *, actor: str = "system") -> bytes:
    """This union's raw X25519 private key, for opening packages encrypted to it.

    Raises:
        DomainError: the key file is missing (the database was moved without it) or does not match.
    """
    key = ensure_union_key(db, actor=actor)
    path = encryption_key_path(db)
    if not path.exists():
        raise DomainError(
            f"找不到本工会的解密密钥文件 {path}：请从备份中找回它，放在数据库旁边",
            f"the union's encryption key file {path} is missing",
        )
    from assist_desktop.exchange.sealing import x25519_public

    private_key = _read_encryption_key(path)
    if x25519_public(private_key).hex() != key.enc_public_key:
        raise DomainError(
            f"解密密钥文件 {path} 与本库记录的本工会公钥不符：请找回原来的密钥文件",
            f"the encryption key file {path} does not match this union's recorded key",
        )
    return private_key


def encryption_key_of(s: Session, union_code: str) -> bytes | None:
    """The X25519 public key recorded for another union (None: packages to it cannot be encrypted to it)."""
    row = s.get(UnionKey, union_code)
    if row is None or row.is_own or not row.enc_public_key:
        return None
    return bytes.fromhex(row.enc_public_key)


def record_encryption_key(s: Session, *, union_code: str, public_key: bytes) -> bool:
    """Record (or replace) the encryption key of a union whose signing key is recorded: the key came in a
    manifest or key file signed with that signing key. Returns whether anything changed."""
    row = s.get(UnionKey, union_code)
    if row is None or row.is_own or len(public_key) != crypto.KEY_BYTES:
        return False
    if row.enc_public_key == public_key.hex():
        return False
    row.enc_public_key = public_key.hex()
    return True


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


def _key_file_body(union: dict[str, Any], signing: bytes, enc: bytes) -> dict[str, Any]:
    return {
        "format": KEY_FILE_FORMAT,
        "version": 1,
        "union": union,
        "signing_key": signing.hex(),
        "fingerprint": crypto.fingerprint(signing),
        "encryption_key": enc.hex(),
    }


def _canonical(body: dict[str, Any]) -> bytes:
    import json

    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def export_key_file(db: Database, *, out: str | os.PathLike[str], actor: str = "system") -> UnionKeyRead:
    """Write this union's public keys (signing and encryption) as a key file for another level, signed with
    the signing key (so the file cannot be altered once its fingerprint is compared).

    Raises:
        DomainError: the private key file is missing.
    """
    import json

    key = ensure_union_key(db, actor=actor)
    private_key = signing_key(db, actor=actor)
    with db.reader() as s:
        home = home_union(s)
        union = {"code": home.code, "name": home.name, "level": home.level, "parent_code": home.parent_code}
    assert key.enc_public_key is not None
    body = _key_file_body(union, bytes.fromhex(key.public_key), bytes.fromhex(key.enc_public_key))
    body["signature"] = crypto.sign(private_key, _canonical(body)).hex()
    path = Path(out)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return key


def import_key_file(
    db: Database, *, path: str | os.PathLike[str], trust: str, actor: str = "system"
) -> UnionKeyRead:
    """Record another union's keys from its key file, once a person has compared its fingerprint (`trust`)
    with the one the union shows (`union key show`, the responsibility letter).

    Raises:
        DomainError: not a key file, a broken self-signature, a fingerprint other than `trust`, this union's own
            file, or another signing key already recorded for that union.
    """
    import json

    require(db, actor, "import")  # as recording a sender's key on import
    bad = DomainError(f"{path} 不是有效的工会密钥文件（或已被改动）", f"{path} is not a valid union key file")
    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(body, dict) or body.get("format") != KEY_FILE_FORMAT:
            raise bad
        signature = bytes.fromhex(str(body.pop("signature")))
        signing = bytes.fromhex(str(body["signing_key"]))
        enc = bytes.fromhex(str(body["encryption_key"]))
        code = str(body["union"]["code"])
    except DomainError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise bad from exc
    if len(enc) != crypto.KEY_BYTES or not crypto.verify(signing, _canonical(body), signature):
        raise bad
    fingerprint = crypto.fingerprint(signing)
    if crypto.normalize_fingerprint(trust) != fingerprint:
        raise DomainError(
            f"确认的指纹 {trust} 与密钥文件的指纹 {fingerprint} 不符：未记录",
            f"the confirmed fingerprint {trust} is not the key file's {fingerprint}: not recorded",
        )
    with db.transaction(actor=actor, reason=f"import key file of {code}") as s:
        if code == home_union(s).code:
            raise DomainError("这是本工会自己的密钥文件", "this is this union's own key file")
        row = s.get(UnionKey, code)
        if row is not None and row.public_key != signing.hex():
            raise DomainError(
                f"已记录工会 {code} 的另一把公钥（指纹 {row.fingerprint}）：请先删除它再记录新的",
                f"another key of {code} is recorded ({row.fingerprint}): forget it first",
            )
        if row is None:
            record_key(s, union_code=code, public_key=signing, actor=actor, source="key file")
            s.flush()
        record_encryption_key(s, union_code=code, public_key=enc)
        s.flush()
        row = s.get(UnionKey, code)
        assert row is not None
        return _read(row, changes=Changes(unions=True))


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
    "UnionKeyRead", "decryption_key", "encryption_key_of", "encryption_key_path", "ensure_union_key",
    "export_key_file", "import_key_file", "key_files", "record_encryption_key", "forget_key", "list_keys", "own_key", "private_key_path", "record_key",
    "recorded_key", "signing_key", "trust_key",
]
