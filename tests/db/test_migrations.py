"""Alembic: empty → head, head matches the models, the copy taken before an upgrade."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database


def test_empty_to_head_and_models_match(db_url):
    db = Database(db_url)
    assert migrate.current_revision(db) is None
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision(db)
    assert migrate.schema_differences(db) == []
    tables = set(inspect(db.engine).get_table_names())
    assert {"hardship_file", "household_member", "income_fact", "status_event", "pairing", "pairing_letter",
            "assistance_record", "home_visit", "standard", "audit_log", "union_org", "cadre"} <= tables
    assert migrate.needs_upgrade(db) is False
    assert migrate.upgrade(db) is None  # nothing to do, no copy taken
    db.dispose()


def test_sqlite_is_wal_with_foreign_keys(empty_db):
    if not empty_db.is_sqlite:
        return
    with empty_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upgrade_copies_the_file_aside_before_changing_it(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO app_setting(key, value, updated_at) VALUES ('k', 'v', '2026-01-01')")
    # a newer program: head moves on; the copy must exist, with the data, before Alembic runs
    seen = {}

    def fake_upgrade(cfg, target):
        backups = sorted((path.parent / "backups").glob("old-pre-upgrade-*.sqlite3"))
        seen["backups"] = backups
        with sqlite3.connect(backups[-1]) as conn:
            seen["row"] = conn.execute("SELECT value FROM app_setting WHERE key='k'").fetchone()

    monkeypatch.setattr(migrate, "head_revision", lambda _db: "9999_future")
    monkeypatch.setattr(migrate.command, "upgrade", fake_upgrade)
    copy = migrate.upgrade(db)
    assert copy is not None and copy.exists()
    assert seen["backups"] == [copy] and seen["row"] == ("v",)
    db.dispose()


def test_fresh_database_is_not_copied(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert migrate.upgrade(db) is None
    assert not (tmp_path / "backups").exists()
    db.dispose()


def test_the_revision_list_is_the_scripts_one():
    """db/revisions.py names the revisions without loading the scripts: it must be exactly what Alembic reads."""
    from assist_desktop.db import revisions, startup

    assert list(revisions.REVISIONS) == migrate.script_revisions()
    assert migrate.script_revisions()[-1] == revisions.HEAD
    assert startup.known_revisions() == migrate.script_revisions()


def test_a_start_loads_no_migration_script(tmp_path, monkeypatch):
    """Opening a database at the newest revision judges it from the list alone (no script is read)."""
    from alembic.script import ScriptDirectory

    from assist_desktop.db import startup

    path = tmp_path / "s.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()

    def no_scripts(*_a, **_k):
        raise AssertionError("the migration scripts were read")

    monkeypatch.setattr(ScriptDirectory, "from_config", no_scripts)
    url = f"sqlite:///{path}"
    startup.check_before_open(url, create=False)
    db = Database(url)
    assert migrate.needs_upgrade(db) is False
    assert migrate.upgrade(db) is None
    db.dispose()
