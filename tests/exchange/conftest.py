"""Helpers for the exchange tests: more databases of the same backend, table dumps, package surgery."""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database, resolve_url
from assist_desktop.exchange import crypto
from assist_desktop.exchange.entities import CHILDREN, FILE
from assist_desktop.exchange.package import MANIFEST, SIGNATURE, dumps_row, signature_member
from assist_desktop.services.exchange_db import child_rows, file_rows, union_codes
from assist_desktop.services.keys import KEY_SUFFIX, ensure_union_key, private_key_path, trust_key
from assist_desktop.services.standards import set_standard
from assist_desktop.services.unions import init_union
from tests.conftest import TODAY


def trust_each_other(*dbs: Database) -> None:
    """Each database records the others' public keys, as a person confirming the fingerprints once would."""
    keys = [ensure_union_key(d) for d in dbs]
    for d, own in zip(dbs, keys, strict=True):
        for other in keys:
            if other.union_code != own.union_code:
                trust_key(d, union_code=other.union_code, public_key=bytes.fromhex(other.public_key))


@pytest.fixture
def make_db(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., Database]]:
    """A factory of further empty, migrated databases on the same backend as `db_url`, with a home union.

    Each has its union key, and (unless made with `trusting=False`) it and every database made before it in the
    test, the conftest `db` among them when the test uses it, have recorded each other's keys."""
    made: list[tuple[Database, str | None]] = []
    admin = None

    def factory(
        code: str, name: str, level: str, parent: str | None = None, *, trusting: bool = True
    ) -> Database:
        nonlocal admin
        if db_url.startswith("sqlite"):
            url, dbname = f"sqlite:///{tmp_path / f'{code}.sqlite3'}", None
        else:
            from sqlalchemy import create_engine, text
            from sqlalchemy.engine import make_url

            dbname = f"t_{uuid.uuid4().hex[:16]}"
            base = make_url(resolve_url(db_url))
            admin = admin or create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{dbname}"'))
            url = base.set(database=dbname).render_as_string(hide_password=False)
        database = Database(url)
        migrate.upgrade(database)
        init_union(database, code=code, name=name, level=level, parent_code=parent)
        set_standard(database, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
        ensure_union_key(database)
        if trusting:
            peers = [d for d, _ in made]
            if "db" in request.fixturenames:
                peers.append(request.getfixturevalue("db"))
            for peer in peers:
                trust_each_other(database, peer)
        made.append((database, dbname))
        return database

    yield factory
    for database, dbname in made:
        database.dispose()
        if dbname and admin is not None:
            from sqlalchemy import text

            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
    if admin is not None:
        admin.dispose()


def dump(db: Database) -> dict[str, list[str]]:
    """Every row of every table, sorted: equal dumps mean an unchanged database."""
    out: dict[str, list[str]] = {}
    with db.reader() as s:
        for table in SQLModel.metadata.sorted_tables:
            out[table.name] = sorted(repr(tuple(r)) for r in s.execute(select(table)))
    return out


def file_bytes(db: Database) -> tuple[bytes, bytes] | None:
    """A SQLite database's bytes (main file and write-ahead log); None on a server."""
    if db.sqlite_file is None:
        return None
    wal = db.sqlite_file.with_name(db.sqlite_file.name + "-wal")
    return db.sqlite_file.read_bytes(), wal.read_bytes() if wal.exists() else b""


def snapshots(db: Database) -> dict[str, dict[str, Any]]:
    """file id → its row and records as package rows (provenance and review columns aside)."""
    with db.reader() as s:
        codes = union_codes(s)
        files = {
            r["id"]: {FILE.name: {k: v for k, v in r.items() if k not in ("provenance", "change_seq")}}
            for r in file_rows(s, codes, None)
        }
        for entity in CHILDREN:
            for r in child_rows(s, entity, codes, None):
                files[r["file_id"]].setdefault(entity.name, []).append(r)
    for snap in files.values():
        for entity in CHILDREN:
            snap[entity.name] = sorted(snap.get(entity.name, []), key=lambda r: r["id"])
    return files


def provenance(db: Database) -> dict[str, str]:
    from assist_desktop.db.models import HardshipFile

    with db.reader() as s:
        return dict(s.execute(select(HardshipFile.file_no, HardshipFile.provenance)).all())


def unsealed(path: Path, db: Database) -> Path:
    """The plain (signed) package inside a package encrypted to `db`'s union (itself when not encrypted), for
    tests that look into or rebuild a package."""
    from assist_desktop.exchange.sealing import is_sealed, unseal
    from assist_desktop.services.keys import decryption_key

    if not is_sealed(path):
        return path
    plain = path.with_name(f"{path.stem}.plain.zip")
    unseal(path, plain, private_key=decryption_key(db))
    return plain


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rebuild(
    src: Path,
    dst: Path,
    *,
    rows: Callable[[str, list[dict[str, Any]]], list[Any]] | None = None,
    raw: Callable[[str, bytes], bytes] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    extra: dict[str, bytes] | None = None,
    fix_checksums: bool = True,
    resign: bool = True,
    key: bytes | None = None,
) -> Path:
    """Rewrite a package: change rows (re-serialised) or raw member bytes, then (optionally) fix the manifest.

    A signed package is signed again with its sender's own key (found beside the test databases in the
    package's folder) unless `resign=False`: the content checks are tested against a sender that holds its
    key; a forger without the key (resign=False) is refused for the signature alone. `key` signs it with
    another private key instead."""
    parts = members(src)
    man = json.loads(parts.pop(MANIFEST))
    signature = parts.pop(SIGNATURE, None)
    for name in list(parts):
        data = parts[name]
        if rows is not None:
            parsed = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
            data = b"".join(r if isinstance(r, bytes) else dumps_row(r) for r in rows(name, parsed))
        if raw is not None:
            data = raw(name, data)
        parts[name] = data
        if fix_checksums:
            for entry in man["members"]:
                if entry["name"] == name:
                    entry["sha256"] = hashlib.sha256(data).hexdigest()
                    entry["size"] = len(data)
                    entry["rows"] = len([x for x in data.splitlines() if x.strip()])
    if manifest is not None:
        manifest(man)
    if key is not None and "sender_key" in man:
        man["sender_key"] = crypto.fingerprint(crypto.public_key_of(key))
    raw_manifest = json.dumps(man).encode()
    if key is not None:
        parts[SIGNATURE] = signature_member(key, raw_manifest)
    elif signature is not None:
        if resign:
            signature = signature_member(_sender_key(src.parent, json.loads(signature)["public_key"]), raw_manifest)
        parts[SIGNATURE] = signature
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in {**parts, **(extra or {})}.items():
            zf.writestr(name, data)
        zf.writestr(MANIFEST, raw_manifest)
    return dst


def _sender_key(folder: Path, public_hex: str) -> bytes:
    """The private key of a test database in `folder` (or below) whose public key is `public_hex`."""
    for path in folder.rglob(f"*{KEY_SUFFIX}"):
        key = crypto.private_key_from_pem(path.read_bytes())
        if crypto.public_key_of(key).hex() == public_hex:
            return key
    raise LookupError(f"no key file for {public_hex} under {folder}")


def signed_manifest(src: Path, man: dict[str, Any]) -> dict[str, bytes]:
    """`manifest.json` and `signature.json` for a hand-built copy of the signed package `src` (its sender's key)."""
    raw = json.dumps(man).encode()
    public_hex = json.loads(members(src)[SIGNATURE])["public_key"]
    return {MANIFEST: raw, SIGNATURE: signature_member(_sender_key(src.parent, public_hex), raw)}


def key_of(db: Database) -> bytes:
    """A test database's private key."""
    ensure_union_key(db)
    return crypto.private_key_from_pem(private_key_path(db).read_bytes())


def write_roster(path: Path, head: list[str], rows: list[list[Any]], *, member_head: list[str] | None = None,
                 members: Any = ()) -> Path:
    """A 花名册 .xlsx: the main sheet (`head`, then `rows`), and a 家庭成员 sheet when `member_head` is given."""
    import openpyxl

    from assist_desktop.exchange.roster_columns import MAIN_SHEET, MEMBER_SHEET

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    ws.append(head)
    for r in rows:
        ws.append(r)
    if member_head is not None:
        ms = wb.create_sheet(MEMBER_SHEET)
        ms.append(member_head)
        for m in members:
            ms.append(m)
    wb.save(path)
    return path


def fail_files_insert_at(monkeypatch: Any, n: int) -> dict[str, int]:
    """The bulk writer's n-th batch of files fails (a disk gone mid-import); returns the count of batches tried."""
    from assist_desktop.db import bulk as bulk_module

    real = bulk_module.BulkWriter.insert_dicts
    calls = {"files": 0}

    def failing(self: Any, table: Any, rows: Any) -> Any:
        if table.name == "hardship_file":
            calls["files"] += 1
            if calls["files"] == n:
                raise RuntimeError("disk gone")
        return real(self, table, rows)

    monkeypatch.setattr(bulk_module.BulkWriter, "insert_dicts", failing)
    return calls
