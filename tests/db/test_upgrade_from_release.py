"""A database written by the 0001 release (tests/data/release-0001.sqlite3) opens in this program intact.

Every row of every table is read with plain sqlite3 before the upgrade and compared column by column after it
(new columns are allowed); then the program's services read the upgraded file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"
AS_OF = dt.date(2026, 10, 2)
CHECKED = ("hardship_file", "household_member", "income_fact", "status_event", "pairing", "pairing_letter",
           "letter_file", "assistance_record", "home_visit", "employment_support", "audit_log", "union_org",
           "cadre", "standard", "exchange_log", "sequence")


def _dump(path: Path) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """Every row of every table, keyed by its primary key (or the whole row), as plain sqlite3 reads it."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        out: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            pk = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
            rows: dict[tuple[Any, ...], dict[str, Any]] = {}
            for row in con.execute(f'SELECT * FROM "{table}"'):
                data = dict(row)
                key = tuple(data[c] for c in pk) if pk else tuple(data.values())
                rows[key] = data
            out[table] = rows
        return out
    finally:
        con.close()


@pytest.fixture
def upgraded(tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], Database]:
    if not RELEASE.exists():  # pragma: no cover - the file is part of the repository
        pytest.fail(f"{RELEASE} is missing (made by tests/data/make_release_0001_db.sh with the 0001 release)")
    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    before = _dump(path)
    db = Database(f"sqlite:///{path}")
    assert migrate.current_revision(db) == "0001"
    copy = migrate.upgrade(db)
    assert copy is not None and copy.exists()  # the file was copied aside before the upgrade
    assert migrate.current_revision(db) == migrate.head_revision(db)
    assert migrate.schema_differences(db) == []
    after = _dump(path)
    yield before, after, db
    db.dispose()


def test_existing_files_get_change_sequence_numbers(upgraded):
    _before, after, _db = upgraded
    numbers = sorted(row["change_seq"] for row in after["hardship_file"].values())
    assert numbers == list(range(1, 82))
    assert after["sequence"][("change_seq",)]["next_value"] == 82


def test_every_row_is_still_there_and_equal(upgraded):
    before, after, _db = upgraded
    for table in CHECKED:
        assert before[table], f"the release database has no {table} rows to check"
    counts = {t: len(before[t]) for t in ("hardship_file", "household_member", "status_event", "audit_log")}
    assert counts == {"hardship_file": 81, "household_member": 146, "status_event": 180, "audit_log": 316}
    for table, rows in before.items():
        if table == "alembic_version":
            continue
        added = set(after[table]) - set(rows)
        assert set(after[table]) >= set(rows), table
        # the only new row anywhere: the counter of change sequence numbers (migration 0002)
        assert added == ({("change_seq",)} if table == "sequence" else set()), (table, added)
        for key, old in rows.items():
            new = after[table][key]
            assert set(old) <= set(new), (table, key)
            for column, value in old.items():
                assert new[column] == value, (table, key, column)


def test_new_columns_take_their_defaults(upgraded):
    before, after, _db = upgraded
    added = set(next(iter(after["hardship_file"].values()))) - set(next(iter(before["hardship_file"].values())))
    assert {"employer_state", "serious_illnesses", "relief_target", "key_group", "key_group_since"} <= added
    for row in after["hardship_file"].values():
        assert row["serious_illnesses"] == ""
        assert row["relief_target"] == 0
        assert row["change_seq"] >= 1  # numbered by the migration (test above)
        assert all(row[c] is None for c in added - {"serious_illnesses", "relief_target", "change_seq"})


def test_the_program_reads_the_upgraded_file(upgraded):
    from assist_desktop.domain.file_input import clean_file_input, file_to_input
    from assist_desktop.services.files import get_file
    from assist_desktop.services.lifecycle import status_report
    from assist_desktop.services.search import count_matches, search_files

    before, _after, db = upgraded
    assert count_matches(db) == 81
    assert {r.file_no for r in search_files(db, limit=500)} == {r["file_no"] for r in before["hardship_file"].values()}
    old_files = {r["file_no"]: r for r in before["hardship_file"].values()}
    members_of: dict[str, int] = {}
    for m in before["household_member"].values():
        members_of[m["file_id"]] = members_of.get(m["file_id"], 0) + 1
    for file_no, old in old_files.items():
        detail = get_file(db, file_no=file_no)
        assert detail.file.name == old["name"] and detail.file.status == old["status"]
        assert detail.file.household_annual_income_fen == old["household_annual_income_fen"]
        assert len(detail.members) == members_of.get(old["id"], 0)
        values, errors = clean_file_input(file_to_input(detail.file), today=AS_OF, creating=True)
        assert errors == [], (file_no, errors)
        assert values["household_annual_income_fen"] == old["household_annual_income_fen"]
    report = status_report(db, file_no="230102001-000081", as_of=AS_OF)
    assert report["status"] == old_files["230102001-000081"]["status"]
    assert report["income"]["annual_income_fen"] == 1200035


def test_the_planner_knows_the_upgraded_tables(upgraded):
    """An upgrade rebuilds tables and adds indexes: ANALYZE runs with it, so the first queries are planned on
    statistics (issue 12), and the statistics cover the tables that hold rows."""
    import sqlite3

    _before, _after, db = upgraded
    assert db.sqlite_file is not None
    con = sqlite3.connect(db.sqlite_file)
    try:
        analysed = {r[0] for r in con.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        con.close()
    assert {"hardship_file", "household_member", "income_fact", "status_event"} <= analysed
