"""Schema upgrades through Alembic (the only way the schema changes) and the copy taken before them."""

from __future__ import annotations

import sqlite3
import warnings
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import assist_desktop.db.models  # noqa: F401
from assist_desktop.db.engine import Database, raise_storage
from assist_desktop.db.models import utcnow
from assist_desktop.db.search_index import include_object

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision(db: Database) -> str | None:
    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision(db)


def backup_sqlite(db: Database, *, label: str = "pre-upgrade", keep: int = 5) -> Path | None:
    """Copy the SQLite file aside with the online-backup API (consistent even in WAL mode)."""
    src = db.sqlite_file
    if src is None or not src.exists() or src.stat().st_size == 0:
        return None
    folder = src.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{src.stem}-{label}-{utcnow():%Y%m%d-%H%M%S}{src.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{src.stem}-{label}-{utcnow():%Y%m%d-%H%M%S}-{n}{src.suffix}"
        n += 1
    try:
        with closing(sqlite3.connect(src)) as source, closing(sqlite3.connect(target)) as dest:
            source.backup(dest)
    except sqlite3.Error as exc:  # the raw driver (no SQLAlchemy wrapper): classified by its code all the same
        target.unlink(missing_ok=True)
        raise_storage(exc, prefix="无法在升级前备份数据库", prefix_en="cannot back the database up before upgrading")
        raise
    olds = sorted(folder.glob(f"{src.stem}-{label}-*{src.suffix}"))
    for old in olds[:-keep]:
        old.unlink(missing_ok=True)
    return target


def upgrade(db: Database, *, backup: bool = True) -> Path | None:
    """Bring the database to the newest schema; a SQLite file is copied aside first if it has data."""
    if not needs_upgrade(db):
        return None
    copy = backup_sqlite(db) if backup and current_revision(db) is not None else None
    cfg = alembic_config(db)
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # batch mode rebuilds a table for some changes; with foreign keys on, dropping the old table would
            # cascade into every child row (members, history, assistance…). Off outside the transaction (the
            # pragma is a no-op inside one), checked before the commit, on again afterwards.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("schema upgrade left rows whose parent is missing; nothing was changed")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return copy


def schema_differences(db: Database) -> list[object]:
    """What differs between the migrated database and the models (empty when they agree)."""
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True,
                                                      "include_object": include_object})
        with warnings.catch_warnings():  # the search index's expression indexes are not reflected (0003)
            warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
            return list(compare_metadata(ctx, SQLModel.metadata))


