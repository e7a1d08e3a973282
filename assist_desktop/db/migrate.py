"""Schema upgrades through Alembic (the only way the schema changes) and the copy taken before them
(db/backup.py, the same automatic backups as before an import and at the first start of the day)."""

from __future__ import annotations

import warnings
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import assist_desktop.db.models  # noqa: F401
from assist_desktop.db.engine import Database
from assist_desktop.db.revisions import HEAD
from assist_desktop.db.search_index import include_object

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision(db: Database) -> str | None:
    """The newest revision (db/revisions.py: no script is loaded to know it)."""
    return HEAD


def script_revisions() -> list[str]:
    """The revisions as Alembic reads them from the scripts, oldest first (what `REVISIONS` must equal)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return [r.revision for r in reversed(list(ScriptDirectory.from_config(cfg).walk_revisions()))]


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision(db)


def backup_sqlite(db: Database, *, label: str = "pre-upgrade") -> Path | None:
    """Copy the SQLite file aside with the online-backup API (consistent even in WAL mode), checked and rotated
    like every automatic backup (db/backup.py: `backup_keep` per kind, never the newest good one deleted)."""
    from assist_desktop.db.backup import auto_backup

    info = auto_backup(db, label=label)
    return info.path if info is not None else None


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
        if sqlite:
            # tables rebuilt and indexes added: the planner learns them now, not at the first slow query
            conn.exec_driver_sql("ANALYZE")
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


