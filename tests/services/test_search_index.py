"""The search box: every kind of query answered from the search index, and the index kept in step with writes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.search_index import name_pinyin
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.search import count_matches, estimate_count, search_files
from tests.conftest import TODAY, complete_file_data, valid_id

ZHANG = valid_id("23010219700315123")  # 张建国, born 1970-03-15, file 000001
WANG = valid_id("23010419550518242")  # 王伟, born 1955-05-18, file 000002
SHAN = valid_id("23010219800101123")  # 单丽华 (surname read shan), file 000003


@pytest.fixture
def three(db):
    create_file(db, data=complete_file_data(id_number=ZHANG), as_of=TODAY)
    create_file(db, data=complete_file_data(name="王伟", id_number=WANG, employer="哈尔滨电机厂", phone="13600001111",
                                            address="道里区中央大街5号"), as_of=TODAY)
    create_file(db, data=complete_file_data(name="单丽华", id_number=SHAN, employer="南岗区环卫处", phone="15500002222",
                                            address="香坊区和平路8号"), as_of=TODAY)
    return db


def names(db, query, **kw):
    return sorted(r.name for r in search_files(db, query=query, **kw))


@pytest.mark.parametrize(("query", "expected"), [
    ("王伟", ["王伟"]),  # 2-character name (bigram table)
    ("建国", ["张建国"]),  # 2 characters inside a name
    ("张建国", ["张建国"]),  # 3-character name (trigram)
    ("伟", ["王伟"]),  # 1 character of a given name (unigram)
    ("哈尔滨", ["张建国", "王伟"]),  # employer, 3+ characters
    ("电机", ["王伟"]),  # employer, 2 characters
    ("环卫处", ["单丽华"]),  # employer
    ("中央大街", ["王伟"]),  # address, 3+ characters
    ("zjg", ["张建国"]),  # pinyin initials
    ("slh", ["单丽华"]),  # initials with the surname reading
    ("wangwei", ["王伟"]),  # full pinyin
    ("zhangjian", ["张建国"]),  # full pinyin, a prefix
    ("shanli", ["单丽华"]),  # full pinyin with the surname reading (单 = shan, not dan)
    ("Wang Wei", ["王伟"]),  # spaces and capitals in pinyin
    ("230104", ["王伟"]),  # ID prefix
    (WANG[-4:], ["王伟"]),  # ID suffix, last 4
    (ZHANG[-6:], ["张建国"]),  # ID suffix, last 6
    ("19550518", ["王伟"]),  # birth date as typed
    ("1955-05-18", ["王伟"]),  # birth date with dashes
    ("1955-5-18", ["王伟"]),
    ("000002", ["王伟"]),  # file-number sequence with zeros
    ("3", ["单丽华"]),  # file-number sequence 000003 (no ID starts with 3)
    ("230102001-00000", ["单丽华", "张建国", "王伟"]),  # file-number prefix
    ("136000", ["王伟"]),  # phone prefix
    ("15500002222", ["单丽华"]),  # whole phone
    ("没有的人", []),  # found nowhere
    ("无此", []),
])
@pytest.mark.parametrize("plan", ["from the indexes", "from the indexes, in the full statement",
                                  "from the indexes, read again", "in file-number order"])
def test_each_kind_of_query(three, query, expected, plan, monkeypatch):
    """Every way of answering (chosen by the number of matches at 1M files) gives the same files, through the bare
    connection (the window) and through a session (printing, reports) alike."""
    from assist_desktop.services import search

    # the probed matches at or above the threshold choose the file-number index in order
    monkeypatch.setattr(search, "_threshold", (lambda *_a: 0) if plan == "in file-number order" else
                        (lambda *_a: 10**9))
    if plan == "from the indexes, read again":  # SQLite: more matches than a search keeps from its first read
        monkeypatch.setattr(search, "KEPT_MATCHES", 0)
    if plan == "from the indexes, in the full statement":  # SQLite: not the narrow statement first
        monkeypatch.setattr(search, "_narrow_sql", lambda *_a: None)
    assert names(three, query) == sorted(expected)
    assert count_matches(three, query=query) == len(expected)
    estimate = estimate_count(three, query=query)
    assert estimate.exact and estimate.value == len(expected)
    with three.reader() as s:
        assert search.search_in(s, query=query) == search_files(three, query=query)
        assert search.count_in(s, query=query) == len(expected)
        assert search.estimate_in(s, query=query) == estimate


def test_file_number_fragment_501(db):
    """The issue's example: 501 and 000501 find file …-000501 (a sequence, not a substring of anything)."""
    create_file(db, data=complete_file_data(id_number=ZHANG), as_of=TODAY)
    with db.transaction() as s:  # renumbered as if 500 files had come before
        s.execute(text("UPDATE hardship_file SET file_no = '230102001-000501'"))
    assert names(db, "501") == ["张建国"]
    assert names(db, "000501") == ["张建国"]
    assert names(db, "5010") == []


def test_edited_name_and_employer_found_by_new_value_not_old(three):
    update_file(three, file_no="230102001-000002", changes={"name": "赵德明", "employer": "松花江化工厂"}, as_of=TODAY)
    assert names(three, "赵德明") == ["赵德明"]
    assert names(three, "德明") == ["赵德明"]
    assert names(three, "zhaodeming") == ["赵德明"]
    assert names(three, "zdm") == ["赵德明"]
    assert names(three, "化工厂") == ["赵德明"]
    assert names(three, "松花") == ["赵德明"]
    assert names(three, "王伟") == []
    assert names(three, "wangwei") == []
    assert names(three, "电机") == []
    assert names(three, "电机厂") == []
    assert names(three, "哈尔滨") == ["张建国"]


def test_bulk_executemany_is_indexed_too(three):
    """A row written by the bulk path (demo build, package import) is found like any other, pinyin included."""
    with three.transaction() as s:
        from sqlalchemy import select

        from assist_desktop.db.models import HardshipFile, table_of

        table = table_of(HardshipFile)
        values = dict(s.execute(select(table).where(table.c.name == "张建国")).mappings().one())
        values.update(id="bulk-1", file_no="230102001-000777", name="欧阳明月", id_number=valid_id("23010219900101123"),
                      employer="阿城糖厂", name_initials="oymy")
        columns = list(values)
        BulkWriter(s.connection()).insert("hardship_file", columns, [tuple(values[c] for c in columns)])
    assert names(three, "欧阳明月") == ["欧阳明月"]
    assert names(three, "明月") == ["欧阳明月"]
    assert names(three, "糖厂") == ["欧阳明月"]
    assert names(three, "ouyangming") == ["欧阳明月"]
    assert names(three, "777") == ["欧阳明月"]


def test_deleted_file_leaves_the_index(three):
    with three.transaction() as s:
        for table in ("income_fact", "status_event", "household_member"):
            s.execute(text(f"DELETE FROM {table} WHERE file_id IN "
                           "(SELECT id FROM hardship_file WHERE name = '王伟')"))
        s.execute(text("DELETE FROM hardship_file WHERE name = '王伟'"))
        left = s.execute(text("SELECT count(*) FROM search_doc")).scalar()
    assert left == 2
    assert names(three, "王伟") == [] and names(three, "wangwei") == [] and names(three, "电机厂") == []


def test_estimate_is_capped(three):
    estimate = estimate_count(three, query="", cap=2)
    assert (estimate.value, estimate.exact, estimate.label) == (2, False, ">2")
    exact = estimate_count(three, query="", cap=3)
    assert (exact.value, exact.exact, exact.label) == (3, True, "3")


def test_filters_combine_with_the_query(three):
    status = search_files(three, query="zjg")[0].status
    other = "closed" if status != "closed" else "found"
    assert names(three, "哈尔滨", status=status) == ["张建国", "王伟"]
    assert names(three, "哈尔滨", status=other) == []


def test_name_pinyin_reads_surnames_as_surnames():
    assert name_pinyin("单丽华") == "shanlihua"
    assert name_pinyin("曾国藩") == "zengguofan"
    assert name_pinyin("尉迟恭") == "yuchigong"
    assert name_pinyin("欧阳明月") == "ouyangmingyue"
    assert name_pinyin("张三丰") == "zhangsanfeng"


def _file_written_at(db, tmp_path, **data):
    """A file as create_file writes it, copied into a database at an older revision (bare SQL, the columns that
    revision has: the ORM model carries the columns of later revisions, e.g. 0004 raw_values)."""
    from sqlalchemy import column, insert, inspect, select, table

    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database
    from assist_desktop.db.models import HardshipFile, UnionOrg, table_of
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    scratch = Database(f"sqlite:///{tmp_path / 'scratch.sqlite3'}")
    migrate.upgrade(scratch, backup=False)
    init_union(scratch, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    set_standard(scratch, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    create_file(scratch, data=complete_file_data(**data), as_of=TODAY)
    with scratch.engine.connect() as conn:
        row = dict(conn.execute(select(table_of(HardshipFile))).mappings().one())
    scratch.dispose()
    have = {c["name"] for c in inspect(db.engine).get_columns("hardship_file")}
    with db.engine.begin() as conn:
        unions = table_of(UnionOrg)
        row["union_id"] = conn.execute(select(unions.c.id).where(unions.c.code == "230102001")).scalar_one()
        kept = {k: v for k, v in row.items() if k in have}
        conn.execute(insert(table("hardship_file", *(column(k) for k in kept))).values(**kept))


def test_migration_backfills_existing_files_and_downgrades_cleanly(db_url, tmp_path):
    """Files written before revision 0003 are found by every kind of query once it has run; downgrade removes it."""
    from alembic import command
    from sqlalchemy import inspect

    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    db = Database(db_url)
    cfg = migrate.alembic_config(db)
    # the program writes only on a schema at head (revision 0005 added the audit chain): the file is written
    # there, then the schema is taken back to 0002, before the search index existed
    migrate.upgrade(db, backup=False)
    init_union(db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    _file_written_at(db, tmp_path, name="单丽华", id_number=SHAN)
    assert "search_doc" not in inspect(db.engine).get_table_names()
    migrate.upgrade(db, backup=False)
    assert names(db, "单丽华") == ["单丽华"] and names(db, "丽华") == ["单丽华"] and names(db, "丽") == ["单丽华"]
    assert names(db, "shanlihua") == ["单丽华"] and names(db, SHAN[-4:]) == ["单丽华"]
    assert names(db, "19800101") == ["单丽华"] and names(db, "1") == ["单丽华"]
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    left = [t for t in inspect(db.engine).get_table_names() if t.startswith("search_")]
    assert left == []
    # writes work without the index (bare SQL: the ORM model has columns of later revisions, e.g. 0004 raw_values)
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE copy_of_file AS SELECT * FROM hardship_file"))
        conn.execute(text("UPDATE copy_of_file SET id = 'copy', file_no = 'copy-1', id_number = :n"), {"n": ZHANG})
        conn.execute(text("INSERT INTO hardship_file SELECT * FROM copy_of_file"))
        conn.execute(text("UPDATE hardship_file SET name = '张建国' WHERE id = 'copy'"))
        assert conn.execute(text("SELECT count(*) FROM hardship_file")).scalar() == 2
    db.dispose()


@pytest.mark.parametrize("stored", ["2026-12-01 22:43:58.000000", "2026-12-01 22:43:58", "2026-12-01 22:43:58.123456",
                                    "2026-12-01", "2026-12-01T22:43:58", "2026-12-01 22:43:58.5", None])
def test_list_times_read_as_sqlalchemy_reads_them(stored):
    """The list's last-change time, read from SQLite's text by the fast path, is SQLAlchemy's very value (aware,
    UTC); what the fast path does not know is left to SQLAlchemy's processor."""
    from sqlalchemy.dialects import sqlite

    from assist_desktop.db.models import HardshipFile, table_of
    from assist_desktop.services import search

    dialect = sqlite.dialect()
    slow = table_of(HardshipFile).c.updated_at.type.dialect_impl(dialect).result_processor(dialect, None)
    fast = search._utc_from_text(slow, stored)
    assert fast == slow(stored)
    if stored is not None:
        assert fast.tzinfo is slow(stored).tzinfo is not None


def test_list_rows_hold_the_files_values(three):
    from assist_desktop.db.models import HardshipFile

    rows = {r.file_no: r for r in search_files(three, query="")}
    with three.reader() as s:
        files = s.query(HardshipFile).all()
    assert len(rows) == len(files) == 3
    for f in files:
        row = rows[f.file_no]
        assert (row.id, row.name, row.id_number, row.employer, row.status) == (f.id, f.name, f.id_number,
                                                                              f.employer, f.status)
        assert row.updated_at == f.updated_at and row.updated_at.tzinfo is not None


@pytest.fixture
def many(db):
    """31 files born the same day, most of them with initials beginning wj (the order of their file numbers not
    that of their names), a few not matching at all."""
    given = ["军", "杰", "娟", "静", "健", "俊", "佳", "晶"]
    for i in range(31):
        name = ("王吴魏汪"[i % 4] + given[(i * 5) % 8]) if i % 7 else "张" + given[i % 8]
        create_file(db, data=complete_file_data(name=name, id_number=valid_id(f"23010219550518{i:03d}"),
                                                phone=f"1360000{i:04d}"), as_of=TODAY)
    return db


@pytest.mark.parametrize("query", ["wj", "w", "wangj", "19550518", "王", "13600000", "230102001-0000"])
def test_pages_are_the_same_whichever_way_answers(many, query, monkeypatch):
    """Page by page (5 files a page, with a status filter and without), the narrow statement, the full statement's
    kept matches, the matches collected again (keyed by file number for initials: migration 0013's covering index)
    and the file-number index read in order give the same files in the same order — the files' own, by file
    number."""
    from assist_desktop.db.models import HardshipFile
    from assist_desktop.services import search

    status = search_files(many, query="")[0].status

    def pages(**kw):
        return [[r.file_no for r in search_files(many, query=query, offset=off, limit=5, **kw)]
                for off in range(0, 40, 5)]

    expected = pages(), pages(status=status), pages(status="closed")
    with many.reader() as s:  # the files the query matches, in file-number order: what every way must give
        matched = sorted(f.file_no for f in s.query(HardshipFile).all()
                         if f.file_no in {r.file_no for r in search_files(many, query=query, limit=100)})
    flat = [n for page in expected[0] for n in page]
    assert flat == matched and len(flat) >= 4
    assert expected[2] == [[]] * 8
    ways = {
        "full statement": [(search, "_narrow_sql", lambda *_a: None)],
        "collected again": [(search, "KEPT_MATCHES", 2), (search, "_threshold", lambda *_a: 10**9)],
        "in file-number order": [(search, "KEPT_MATCHES", 2), (search, "_threshold", lambda *_a: 0)],
    }
    for way, patches in ways.items():
        with monkeypatch.context() as m:
            for target, name, value in patches:
                m.setattr(target, name, value)
            search._BROAD.clear()
            assert (pages(), pages(status=status), pages(status="closed")) == expected, way
    search._BROAD.clear()
    assert (pages(), pages(status=status)) == expected[:2]


def test_a_broad_query_goes_to_its_one_way_at_once(many, monkeypatch):
    """The narrow statement answers when it kept all the matches; when it did not, the matches are counted on to
    the break-even from the index alone and the way that count chose gives the page; the next search for the
    same text runs that one way alone (no narrow statement, no count): the first keystroke and the next ones
    give the same page."""
    from assist_desktop.services import search

    if not many.is_sqlite:
        pytest.skip("the narrow statement is SQLite's")
    monkeypatch.setattr(search, "KEPT_MATCHES", 3)
    monkeypatch.setattr(search, "_threshold", lambda *_a: 10**9)  # below the break-even: collected
    search._BROAD.clear()
    statements: list[str] = []
    real = search._raw_runner

    def spying(conn, dialect):
        run = real(conn, dialect)

        def spy(sql, params, custom=False):
            statements.append(sql)
            return run(sql, params, custom)
        return spy

    monkeypatch.setattr(search, "_raw_runner", spying)
    shape = search._classify("wj", search._SQLITE).shape
    narrow = search._narrow_sql(shape, search._SQLITE, False, False)
    one_way = search._one_way_sql(shape, search._SQLITE, False, False, "collected", "file_no")
    first = search_files(many, query="wj", limit=5)
    searched = [s for s in statements if "hardship_file" in s]
    assert searched == [narrow, search._some_sql(shape, search._SQLITE), one_way]
    statements.clear()
    assert search_files(many, query="wj", limit=5) == first
    assert [s for s in statements if "hardship_file" in s] == [one_way]
    statements.clear()
    assert [r.name for r in search_files(many, query="张佳")] == ["张佳"]  # narrow: one statement answers
    assert [s for s in statements if "hardship_file" in s] == [
        search._narrow_sql(search._classify("张佳", search._SQLITE).shape, search._SQLITE, False, False)]
    statements.clear()
    status = first[0].status  # filtered: the matches sorted by file number, walked until the page is full
    walked = search_files(many, query="wj", status=status, limit=5)
    walk = search._one_way_sql(shape, search._SQLITE, True, False, "collected", "file_no")
    assert search._WALKS in walk and statements[-1] == walk
    assert [r.file_no for r in walked] == sorted(r.file_no for r in search_files(many, query="wj", limit=100)
                                                 if r.status == status)[:5]
    # the statement the walk falls back on (every match's file read, the page sorted) gives the same rows
    found = search._classify("wj", search._SQLITE)
    params = {**found.params, "status": status, "lim": 5, "off": 0}
    sorted_page = search._one_way_sql(shape, search._SQLITE, True, False, "collected", "file_no", False)
    assert search._WALKS not in sorted_page
    with many.raw_reader() as conn:
        assert ([list(r) for r in conn.execute(sorted_page, params).fetchall()]
                == [list(r) for r in conn.execute(walk, params).fetchall()])
        assert [r[1] for r in conn.execute(sorted_page, params).fetchall()] == [r.file_no for r in walked]


@pytest.mark.parametrize("order", ["name", "updated"])
def test_other_orders_the_same_whichever_way_answers(many, order, monkeypatch):
    """In name or last-change order, initials and full pinyin give the same pages (5 a page, with a status filter
    and without) whether their matches are collected and sorted (SQLite, fewer than the break-even), read by the
    plain statement (at or above it), or the plain statement is all there is (PostgreSQL)."""
    from assist_desktop.services import search

    status = search_files(many, query="")[0].status

    def pages(query, **kw):
        return [[r.file_no for r in search_files(many, query=query, offset=off, limit=5, order=order, **kw)]
                for off in range(0, 40, 5)]

    for query in ("wj", "w", "wangj"):
        search._BROAD.clear()
        got = pages(query), pages(query, status=status)
        with monkeypatch.context() as m:
            m.setattr(search, "_by_matches", lambda *_a: False)  # the plain statement alone
            assert (pages(query), pages(query, status=status)) == got, query
        with monkeypatch.context() as m:
            m.setattr(search, "_threshold", lambda *_a: 0)  # broad: the plain statement after the count
            search._BROAD.clear()
            assert (pages(query), pages(query, status=status)) == got, query
        flat = [n for page in got[0] for n in page]
        assert len(flat) >= 4 and len(set(flat)) == len(flat)
    search._BROAD.clear()


@pytest.mark.parametrize("stored", ["2026-12-01 22:43:58.000000", "2026-12-01 22:43:58", "2026-12-01 22:43:58.123456",
                                    "2026-12-01T22:43:58", "2026-12-01 22:43:58.5"])
def test_list_rows_read_times_as_the_orm_does(three, stored):
    """The page's rows (their last-change time read inline from SQLite's text) hold the ORM's very values."""
    from assist_desktop.db.models import HardshipFile

    if not three.is_sqlite:
        pytest.skip("SQLite's text of a time")
    with three.transaction() as s:
        s.execute(text("UPDATE hardship_file SET updated_at = :t WHERE name = '王伟'"), {"t": stored})
    with three.reader() as s:
        orm = s.query(HardshipFile).filter_by(name="王伟").one().updated_at
    for query in ("王伟", "19550518", ""):  # the narrow statement, and the full list
        row = next(r for r in search_files(three, query=query) if r.name == "王伟")
        assert row.updated_at == orm and row.updated_at.tzinfo is orm.tzinfo


def test_a_filtered_estimate_given_a_page_may_say_at_least(many, monkeypatch):
    """Filtered, and told the caller holds a full page (`known`): on SQLite the estimate reads at most
    ESTIMATE_BUDGET matches' files for the filter; beyond them it says "at least" — a true lower bound, never above
    the exact count — and within them it is the exact count, as without `known`."""
    from assist_desktop.services import search

    status = search_files(many, query="wj")[0].status
    exact = count_matches(many, query="wj", status=status)
    assert exact >= 4
    assert estimate_count(many, query="wj", status=status, known=2) == estimate_count(many, query="wj", status=status)
    assert estimate_count(many, query="wj", status=status, known=2).value == exact
    monkeypatch.setattr(search, "ESTIMATE_BUDGET", 3)
    low = estimate_count(many, query="wj", status=status, known=2)
    if many.is_sqlite:
        assert low.at_least and not low.exact and 2 <= low.value <= exact and low.label == f"≥{low.value}"
    else:  # PostgreSQL counts as before
        assert low.exact and low.value == exact
    assert estimate_count(many, query="wj", status=status).value == exact  # without a page: as before
    assert estimate_count(many, query="wj", status="closed", known=2).label in ("0", "≥2")
    monkeypatch.setattr(search, "ESTIMATE_BUDGET", 1000)
    assert estimate_count(many, query="wj", status="closed", known=2) == search.CountEstimate(0, True)
