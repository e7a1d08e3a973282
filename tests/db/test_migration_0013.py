"""Migration 0013 on a database written by the first release: the pinyin initials' index becomes the covering
index (name_initials, file_no), the one-column index is gone, a search by initials reads the new index without the
table, and everything the release wrote is still there; the downgrade puts the old index back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database
from assist_desktop.services import search

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"
TABLES = ("hardship_file", "household_member", "income_fact", "status_event", "exchange_log")


def _indexes(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                           "tbl_name = 'hardship_file' AND name LIKE '%initials%'")]
        return {n: [r[2] for r in con.execute(f'PRAGMA index_info("{n}")')] for n in names}
    finally:
        con.close()


def _columns(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        return {t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')] for t in TABLES}
    finally:
        con.close()


def _rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """The rows of the release's tables, in the release's columns (later revisions add columns)."""
    con = sqlite3.connect(path)
    try:
        return {t: sorted(con.execute(f'SELECT {", ".join(columns[t])} FROM "{t}"').fetchall(), key=repr)
                for t in TABLES}
    finally:
        con.close()


def test_0013_makes_the_initials_index_covering_and_keeps_the_releases_rows(tmp_path: Path) -> None:
    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    columns = _columns(path)
    before = _rows(path, columns)
    assert before["hardship_file"], "the release's database holds files"
    assert _indexes(path) == {"ix_hardship_file_name_initials": ["name_initials"]}
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, backup=False)
    assert migrate.current_revision(db) == "0013"
    assert migrate.schema_differences(db) == []
    assert _indexes(path) == {"ix_hardship_file_initials_file_no": ["name_initials", "file_no"]}
    after = _rows(path, columns)
    assert after == before  # every row the release wrote, as it wrote it

    con = sqlite3.connect(path)
    try:
        initials, file_no = con.execute("SELECT name_initials, file_no FROM hardship_file ORDER BY file_no "
                                        "LIMIT 1").fetchone()
        found = search._classify(initials[:1], search._SQLITE)
        assert found is not None
        keyed = search._plan_of(found.shape, search._SQLITE).keyed
        assert keyed is not None
        plan = " | ".join(r[3] for r in con.execute(f"EXPLAIN QUERY PLAN {keyed}", found.params))
        # the initials' matches and their file numbers from the index alone (the pinyin side reads the table
        # only for files the initials did not match)
        assert "SEARCH hardship_file USING COVERING INDEX ix_hardship_file_initials_file_no" in plan
        matched = {r[0] for r in con.execute(
            "SELECT file_no FROM hardship_file WHERE name_initials >= ? AND name_initials < ?",
            (initials[:1], initials[:1] + "\U0010ffff"))}
    finally:
        con.close()
    assert file_no in matched
    page = [r.file_no for r in search.search_files(db, query=initials[:1], limit=1000)]
    assert matched <= set(page) and page == sorted(page)

    cfg = migrate.alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
    assert _indexes(path) == {"ix_hardship_file_name_initials": ["name_initials"]}
    assert _rows(path, columns) == before
    db.dispose()
