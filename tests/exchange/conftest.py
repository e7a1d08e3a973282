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
from assist_desktop.exchange.entities import CHILDREN, FILE
from assist_desktop.exchange.package import MANIFEST, dumps_row
from assist_desktop.services.exchange_db import child_rows, file_rows, union_codes
from assist_desktop.services.standards import set_standard
from assist_desktop.services.unions import init_union
from tests.conftest import TODAY


@pytest.fixture
def make_db(db_url: str, tmp_path: Path) -> Iterator[Callable[..., Database]]:
    """A factory of further empty, migrated databases on the same backend as `db_url`, with a home union."""
    made: list[tuple[Database, str | None]] = []
    admin = None

    def factory(code: str, name: str, level: str, parent: str | None = None) -> Database:
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
) -> Path:
    """Rewrite a package: change rows (re-serialised) or raw member bytes, then (optionally) fix the manifest."""
    parts = members(src)
    man = json.loads(parts.pop(MANIFEST))
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
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in {**parts, **(extra or {})}.items():
            zf.writestr(name, data)
        zf.writestr(MANIFEST, json.dumps(man))
    return dst
