"""The search box's bare read path (`Database.raw_reader`): no session, connections kept and reused, closed at
dispose, a failed one never reused; the results the same as through a session."""

from __future__ import annotations

import threading

import pytest

from assist_desktop.db.engine import Database
from assist_desktop.services import search
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data, valid_id


@pytest.fixture
def one(db: Database) -> Database:
    create_file(db, data=complete_file_data(), as_of=TODAY)
    return db


def test_the_search_box_opens_no_session(one: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page, the estimate and the exact count run on a bare connection: no ORM session is made."""

    def no_session() -> None:
        raise AssertionError("a session was opened")

    monkeypatch.setattr(one, "_sessions", no_session)
    assert [r.name for r in search.search_files(one, query="张建国")] == ["张建国"]
    assert search.estimate_count(one, query="zjg").value == 1
    assert search.count_matches(one, query="") == 1


def test_connections_are_kept_reused_and_closed_at_dispose(one: Database) -> None:
    with one.raw_reader() as first:
        pass
    with one.raw_reader() as again:
        assert again is first  # kept between uses
    with one.raw_reader() as a, one.raw_reader() as b:  # two at once (the count in a worker thread): two
        assert a is not b
    seen: list[object] = []

    def worker() -> None:
        with one.raw_reader() as c:
            seen.append(c)
            c.execute("SELECT 1").fetchall()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen[0] in (a, b)  # shared by every thread, one user at a time
    kept = [c for _g, c in one._raw_idle]
    assert kept
    one.dispose()
    assert one._raw_idle == []
    for c in kept:
        with pytest.raises(Exception, match="closed"):
            c.execute("SELECT 1")
    assert [r.name for r in search.search_files(one, query="张建国")] == ["张建国"]  # new ones after dispose


def test_a_connection_that_failed_is_not_reused(one: Database) -> None:
    with pytest.raises(Exception, match=r"no such table|does not exist"), one.raw_reader() as conn:
        conn.execute("SELECT * FROM no_such_table")
    assert all(c is not conn for _g, c in one._raw_idle)
    with pytest.raises(Exception, match="closed"):
        conn.execute("SELECT 1")


def test_a_select_leaves_no_transaction_open(one: Database) -> None:
    """Autocommit: a kept connection holds no read snapshot between searches (a write from elsewhere is seen)."""
    assert search.count_matches(one, query="") == 1
    create_file(one, data=complete_file_data(name="李四", id_number=valid_id("23010219800101123")), as_of=TODAY)
    assert search.count_matches(one, query="") == 2
    assert [r.name for r in search.search_files(one, query="李四")] == ["李四"]


def test_an_in_memory_database_is_searched_on_its_own_connection() -> None:
    """sqlite:// lives in the pool's one connection: the bare path borrows it (a connection of its own would be
    another, empty database)."""
    from assist_desktop.db import migrate

    mem = Database("sqlite://")
    migrate.upgrade(mem, backup=False)
    assert search.count_matches(mem, query="") == 0
    assert search.search_files(mem, query="王") == []
    assert mem._raw_idle == []
    mem.dispose()
