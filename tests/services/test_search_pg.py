"""PostgreSQL's own ways of running a search (services/search.py): the probe and the page as two statements, the
pages planned with their values written in, the probes and capped counts planned once (generic plans). Skipped on
SQLite (run with ASSIST_TEST_PG)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assist_desktop.db.engine import Database
from assist_desktop.services import search
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data, valid_id

QUERIES = ["王伟", "建国", "张建国", "伟", "哈尔滨", "电机", "zjg", "wangwei", "wang", "2301", "1238", "19700315",
           "3", "1970-03-15", "230102001-00000", "1360000", "滨'锅", "没有的人"]


@pytest.fixture
def pg(db: Database) -> Database:
    if db.is_sqlite:
        pytest.skip("PostgreSQL only")
    create_file(db, data=complete_file_data(id_number=valid_id("23010219700315123")), as_of=TODAY)
    create_file(db, data=complete_file_data(name="王伟", id_number=valid_id("23010419550518242"), employer="哈尔滨电机厂",
                                            phone="13600001111", address="道里区中央大街5号"), as_of=TODAY)
    create_file(db, data=complete_file_data(name="单丽华", id_number=valid_id("23010219800101123"),
                                            employer="哈尔滨'锅炉厂", phone="15500002222", address="香坊区和平路8号"),
                as_of=TODAY)
    return db


def _one_statement(db: Database, query: str, *, t: int, status: str | None, offset: int, limit: int) -> list[str]:
    """The page by the single statement that holds the probe and both ways (`_page_sql`), through a session."""
    with db.reader() as s:
        backend = search.backend_of(s)
        found = search._classify(query, backend)
        assert found is not None
        params = {**found.params, "lim": limit, "off": offset, "t": t, **({"status": status} if status else {})}
        sql = search._page_sql(found.shape, backend, bool(status), False, "file_no")
        return [r[2] for r in s.connection().exec_driver_sql(search._driver_sql(sql, "postgresql"), params).all()]


@pytest.mark.parametrize("many", [False, True], ids=["from the indexes", "in file-number order"])
def test_two_statements_give_the_one_statements_rows(pg: Database, many: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Probe, then the way it chose (or the planner's choice): the same rows, in the same order, as the one
    statement that chooses inside itself — filtered, paged, either way."""
    t = 0 if many else 10**9
    monkeypatch.setattr(search, "_threshold", lambda *_a: t)
    for query in QUERIES:
        for status, offset, limit in ((None, 0, 200), (None, 1, 1), ("registered", 0, 200), ("found", 0, 2)):
            got = [r.name for r in search.search_files(pg, query=query, status=status, offset=offset, limit=limit)]
            assert got == _one_statement(pg, query, t=t, status=status, offset=offset, limit=limit), (query, status)


def test_values_are_quoted_into_the_page(pg: Database) -> None:
    """A quote in the search text is a character of the text, not of the statement."""
    assert [r.name for r in search.search_files(pg, query="滨'锅")] == ["单丽华"]
    assert search.count_matches(pg, query="滨'锅") == 1
    assert search.estimate_count(pg, query="滨'锅").label == "1"
    assert search.search_files(pg, query="'; DROP TABLE hardship_file; --") == []
    assert search.count_matches(pg, query="") == 3


def test_probes_planned_once_pages_planned_with_their_values(pg: Database) -> None:
    """The search's connection plans generically; the probes and capped counts are prepared with parameters (one
    plan for every value), the pages never are (each is planned with its values)."""
    for query in ("王伟", "wangwei", "2301", "1238", "哈尔滨", "zjg"):
        search.search_files(pg, query=query)
        search.estimate_count(pg, query=query)
    with pg.raw_reader() as conn:
        assert conn.execute("SHOW plan_cache_mode").fetchone()[0] == "force_generic_plan"
        prepared = conn.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements").fetchall()
    # (the connection may have served the engine before it was the search's: its writes' statements are left out)
    with_params = [(sql, generic, custom) for sql, generic, custom in prepared if "$1" in sql
                   and sql.startswith("SELECT")]
    assert any(sql.startswith("SELECT max(c)") for sql, _g, _c in with_params)  # a probe
    assert all(custom == 0 for _s, _g, custom in with_params)
    assert not [sql for sql, _g, _c in with_params if "ORDER BY" in sql]  # no page bound to parameters
    with pg.reader() as s:  # a session's connection is left as PostgreSQL's default
        assert s.execute(text("SHOW plan_cache_mode")).scalar() == "auto"
