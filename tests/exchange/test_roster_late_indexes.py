"""An import into an empty database makes the plain indexes of the tables it fills once, at its end.

The rows written are the same as with every index in place, the schema after the import is the same as before
(the same indexes, from their own statements), a failure or a refusal leaves the indexes as they were, and a
database with files on record is written with its indexes in place.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assist_desktop.db.search_index import ID_REV_SQL
from assist_desktop.services import roster as roster_service
from assist_desktop.services import roster_bulk
from assist_desktop.services.roster import RosterRefused, import_roster
from tests.conftest import TODAY
from tests.exchange.conftest import dump, fail_files_insert_at
from tests.exchange.test_roster_bulk import IDS, _snapshot, household, roster


def _indexes(db) -> set[tuple[str, str]]:
    with db.reader() as s:
        return {(r[0], r[1]) for r in s.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))}


@pytest.fixture
def spied(monkeypatch):
    """What set_indexes_aside set aside, call by call."""
    calls: list[list[str]] = []
    real = roster_bulk.set_indexes_aside

    def spy(s):
        got = real(s)
        calls.append(got)
        return got

    monkeypatch.setattr(roster_service, "set_indexes_aside", spy)
    return calls


def test_the_rows_are_those_written_with_every_index_in_place(make_db, tmp_path, monkeypatch, spied):
    path = roster(tmp_path / "r.xlsx",
                  [household(0), household(1, name="王芳", income=60000), household(2, name="李四", responsible=None)],
                  members=[[IDS[0], "李秀英", "配偶", "高血压", "无业", 0]])
    late = make_db("230102001", "锅炉厂工会", "grassroots", "230102")
    kept = make_db("230102002", "锅炉厂工会", "grassroots", "230102", trusting=False)
    sqlite = late.engine.dialect.name == "sqlite"
    schema = _indexes(late) if sqlite else None
    import_roster(late, path=path, today=TODAY)
    assert len(spied) == 1 and (len(spied[0]) >= 13 if sqlite else spied[0] == [])
    monkeypatch.setattr(roster_service, "set_indexes_aside", lambda s: [])
    import_roster(kept, path=path, today=TODAY)
    a, b = _snapshot(late), _snapshot(kept)
    for number in IDS[:3]:
        assert a[number] == b[number], number
    assert a["_search"] == b["_search"] == (3, 3) and a["_grams"] == b["_grams"]
    if sqlite:
        assert _indexes(late) == schema  # every index back, from its own statement
        with late.reader() as s:  # and filled: read through it, it finds the rows
            through = s.execute(text("SELECT count(*) FROM hardship_file INDEXED BY ix_hardship_file_employer "
                                     "WHERE employer IS NOT NULL OR employer IS NULL")).scalar()
            by_id = s.execute(text("SELECT count(*) FROM hardship_file INDEXED BY ix_search_id_rev "
                                   f"WHERE {ID_REV_SQL} >= ''")).scalar()
        assert through == by_id == 3


def test_a_failure_or_a_refusal_leaves_the_indexes_in_place(db, tmp_path, monkeypatch, spied):

    sqlite = db.engine.dialect.name == "sqlite"
    schema = _indexes(db) if sqlite else None
    before = dump(db)
    monkeypatch.setattr(roster_bulk, "BATCH", 2)
    bad = roster(tmp_path / "bad.xlsx", [household(0), household(1, name="王芳"), ["", IDS[2], "下岗"]])
    with pytest.raises(RosterRefused):
        import_roster(db, path=bad, today=TODAY)
    calls = fail_files_insert_at(monkeypatch, 2)
    path = roster(tmp_path / "r.xlsx", [household(k, name=n) for k, n in enumerate("张王李赵")])
    with pytest.raises(RuntimeError):
        import_roster(db, path=path, today=TODAY)
    assert calls["files"] == 2
    assert len(spied) == 2 and all(len(c) >= 13 for c in spied) == sqlite
    assert dump(db) == before
    if sqlite:
        assert _indexes(db) == schema


def test_with_files_on_record_the_indexes_stay(db, tmp_path, spied):
    import_roster(db, path=roster(tmp_path / "a.xlsx", [household(0)]), today=TODAY)
    import_roster(db, path=roster(tmp_path / "b.xlsx", [household(1, name="王芳")]), today=TODAY)
    assert spied[1] == []
