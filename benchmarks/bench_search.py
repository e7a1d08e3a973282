"""Search benchmark: each kind of search-box query in the service, beside the best bare SQLite query for it.

The bare query is the right index used by hand on the same file in the same run, with one open sqlite3
connection (no scan unless the kind has no index): the FTS5 trigram table for 3+ characters, the gram table
for 1–2 characters, the reversed-ID expression index for suffixes, and so on — each selecting the first page
(200 file ids in file-number order), which is what the window shows; on SQLite also broad initials with a status
filter and in name or last-change order (`filtered_cases`). Figures, best of nine, warm cache, with the least CPU
time of those runs:

- *page*: `search_files` (the first page as FileRow objects with the cadre's name) beside the bare page;
- *keystroke*: what the window's list does per search — the page, and when the page is full the capped count
  (`estimate_count`: exact up to 1,000, else ">1000"); beside the bare page plus, when full, the bare capped count
  (the fastest bare way's rows counted up to 1,001);
- *first keystroke*: the keystroke with the service's memo of broad texts emptied before each run (`search._BROAD`):
  the first search for a text, beside the repeated one;
- *window* (`--window`): the search typed into the real `MainWindow` (offscreen): `apply_search()` until the list,
  the detail pane of the first file (loaded every time, even when it was the file selected already) and the
  count label are updated (with the status filter set for the filtered cases; without the pane; and with the memo
  of broad texts emptied: the first search for the text);
- *exact count*: `count_matches` (the window runs it in the background).

Nothing here asserts a time.

    .venv/bin/python benchmarks/bench_search.py DB.sqlite3 [--out table.md] [--window [--window-db COPY.sqlite3]]
        (DB is only read; the window writes — the day's backup, the catch-up — so give it a copy of DB)
    .venv/bin/python benchmarks/bench_search.py postgresql://user@host/db [--unprepared]   (the same kinds on
        PostgreSQL: pg_trgm LIKE for 3+ characters, strpos() for the in-order way; bare queries through psycopg;
        --unprepared: no statement prepared for having run before, as when each search text is new)
    .venv/bin/python benchmarks/bench_search.py --load-pg DB.sqlite3 postgresql://user@host/db
        (copies a SQLite database, opened read-only, into an empty PostgreSQL database: the schema by the
        migrations, the rows by COPY with the indexes that back no constraint built afterwards, then ANALYZE)
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import CACHE_KIB, Database  # noqa: E402
from assist_desktop.db.search_index import ID_REV_SQL  # noqa: E402
from assist_desktop.services import search  # noqa: E402

HIGH = "\U0010ffff"
PAGE = "ORDER BY f.file_no LIMIT 200"
#: the same columns as the service's page (a FileRow: the file's list columns and the responsible cadre's name)
COLS = ("f.id, f.file_no, f.name, f.id_number, f.sex, f.employer, f.status, f.category, f.per_capita_monthly_fen, "
        "c.name, f.review_state, f.updated_at")
CADRE = "LEFT JOIN cadre c ON c.id = f.responsible_person_id"
ID_REV = ID_REV_SQL.replace("hardship_file.", "f.")


def best(fn: Callable[[], Any], repeat: int = 9, warm: int = 6) -> tuple[float, Any]:
    """Best of `repeat` after `warm` untimed runs (caches warm, statements prepared: psycopg prepares a
    statement on its sixth run on a connection; sqlite3 at once); the least CPU time of those runs in `CPU`."""
    out, value = float("inf"), None
    for _ in range(warm):
        fn()
    CPU[fn] = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        value = fn()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        out = min(out, wall)
        CPU[fn] = min(CPU[fn], cpu)
    return out, value


#: the process's least CPU time (`time.process_time`) over the runs `best` timed, by the function timed (on a
#: machine shared with other work the wall time of one run moves by 2–5×, its CPU time much less)
CPU: dict[Any, float] = {}


def _files(where: str) -> str:
    return f"SELECT {COLS} FROM hardship_file f {CADRE} WHERE {where} {PAGE}"


def _gram_join(gram: str) -> str:
    return (f"SELECT {COLS} FROM search_gram g JOIN search_doc d ON d.doc = g.doc JOIN hardship_file f "
            f"ON f.id = d.file_id {CADRE} WHERE g.gram = '{gram}' {PAGE}")


def _fts(q: str, dialect: str = "sqlite") -> str:
    if dialect != "sqlite":  # PostgreSQL: pg_trgm GIN indexes answer LIKE '%…%'
        return _files(" OR ".join(f"f.{c} LIKE '%{q}%'" for c in ("name", "employer", "address")))
    return (f"SELECT {COLS} FROM search_fts JOIN search_doc d ON d.doc = search_fts.rowid JOIN hardship_file f "
            f"ON f.id = d.file_id {CADRE} WHERE search_fts MATCH '{{name employer address}} : \"{q}\"' {PAGE}")


def _in_order(q: str, columns: tuple[str, ...], dialect: str = "sqlite") -> str:
    """For a match on many rows, the file-number index read in order with a check per row, until the page is full."""
    if dialect != "sqlite":
        where = " OR ".join(f"strpos(f.{c}, '{q}') > 0" for c in columns)
        return f"SELECT {COLS} FROM hardship_file f {CADRE} WHERE {where} {PAGE}"
    where = " OR ".join(f"instr(f.{c}, '{q}') > 0" for c in columns)
    return f"SELECT {COLS} FROM hardship_file f INDEXED BY ix_hardship_file_file_no {CADRE} WHERE {where} {PAGE}"


Bare = tuple[str, str, str]  # (SQL of the page, what it is, SQL of the capped count: the index alone)


def _capped(sql: str) -> str:
    return f"SELECT count(*) FROM ({sql} LIMIT 1001) AS capped"


def _on_files(where: str, what: str) -> Bare:
    return _files(where), what, _capped(f"SELECT 1 FROM hardship_file f WHERE {where}")


def cases(conn: Any, dialect: str = "sqlite") -> list[tuple[str, str, list[Bare]]]:
    """(kind, query, the bare ways to answer it: the fastest that gives the service's rows is the one compared);
    sample values come from the database itself."""
    files = _fetch(conn, "SELECT count(*) FROM hardship_file")[0][0]
    three = (_fetch(conn, "SELECT name FROM hardship_file WHERE length(name) = 3 ORDER BY file_no LIMIT 1 OFFSET 777")
             or _fetch(conn, "SELECT name FROM hardship_file WHERE length(name) = 3 ORDER BY file_no LIMIT 1"))[0][0]
    id_number, phone, file_no = _fetch(conn, "SELECT id_number, phone, file_no FROM hardship_file ORDER BY file_no "
                                       f"LIMIT 1 OFFSET {files // 3}")[0]
    seq = str(int(file_no.split("-")[1]))
    suffix = id_number[-4:]
    gram, fts = "gram table join", "FTS5 trigram MATCH"
    order = "file-number index in order, instr() per row"

    if dialect != "sqlite":
        fts, order = "pg_trgm GIN LIKE", "file-number order, strpos() per row"
    seq_sql = "split_part(f.file_no, '-', 2)" if dialect != "sqlite" else "substr(f.file_no, instr(f.file_no, '-') + 1)"

    def text_ways(q: str) -> list[Bare]:
        if len(q) >= 3:
            if dialect == "sqlite":
                count = _capped(f"SELECT 1 FROM search_fts WHERE search_fts MATCH '{{name employer address}} : \"{q}\"'")
            else:
                like = " OR ".join(f"f.{c} LIKE '%{q}%'" for c in ("name", "employer", "address"))
                count = _capped(f"SELECT 1 FROM hardship_file f WHERE {like}")
            return [(_fts(q, dialect), fts, count),
                    (_in_order(q, ("name", "employer", "address"), dialect), order, count)]
        count = _capped(f"SELECT 1 FROM search_gram WHERE gram = '{q}'")
        return [(_gram_join(q), gram, count), (_in_order(q, ("name", "employer"), dialect), order, count)]

    def rng(column: str, value: str) -> str:
        return f"{column} >= '{value}' AND {column} < '{value}{HIGH}'"

    def digit_ways(q: str, single: tuple[str, str]) -> list[Bare]:
        """Every index a string of digits may be in (ID prefix, ID suffix, file-number sequence, phone prefix,
        birth date), OR-ed (SQLite's multi-index OR) or as a UNION of each index's rows: in any database a
        match may be in any of them, so only these answer the question. The one index the kind is named after
        is timed too, for information only (`single`: its rows are the same on this file by chance, not in
        general — 19550518 may also begin an ID number or a phone number)."""
        parts = [rng("f.id_number", q)]
        if len(q) >= 4:
            parts.append(rng(ID_REV, q[::-1]))
        if len(q) <= 7:
            parts.append(f"{seq_sql} = '{q.zfill(6)}'")
        if len(q) >= 3:
            parts.append(rng("f.phone", q))
        if len(q) == 8 and 1900 <= int(q[:4]) <= 2100:
            parts.append(f"f.birth_date = '{q[:4]}-{q[4:6]}-{q[6:]}'")
        ored = " OR ".join(f"({p})" for p in parts)
        union = " UNION ".join(f"SELECT f.rowid FROM hardship_file f WHERE {p}" for p in parts)
        ways = [_on_files(ored, "the digit indexes OR-ed (multi-index OR)")]
        if dialect == "sqlite":
            ways.append((_files(f"f.rowid IN ({union})"), "the digit indexes, a UNION of their rows",
                         _capped(f"SELECT 1 FROM hardship_file f WHERE {ored}")))
        else:  # PostgreSQL has no rowid: the ids
            ids = " UNION ".join(f"SELECT f.id FROM hardship_file f WHERE {p}" for p in parts)
            ways.append((_files(f"f.id IN ({ids})"), "the digit indexes, a UNION of their ids",
                         _capped(f"SELECT 1 FROM hardship_file f WHERE {ored}")))
        return ways + [_on_files(*single)[:2] + ("",)]  # informational: see above

    def pinyin_ways(q: str, own: str) -> list[Bare]:
        """Letters are looked up as initials and as full pinyin: in any database either may hold a match, so
        the correct bare ways consult both indexes (a UNION of their rows, or the OR of the initials' range and
        the list of ids); each index alone is timed for information only."""
        initials, doc = rng("f.name_initials", q), rng("d.pinyin", q)
        docs = f"SELECT d.file_id FROM search_doc d WHERE {doc}"
        union = (f"SELECT f.rowid FROM hardship_file f WHERE {initials} UNION SELECT f.rowid FROM search_doc d "
                 f"JOIN hardship_file f ON f.id = d.file_id WHERE {doc}")
        count = (_capped(f"SELECT 1 FROM hardship_file f WHERE {initials} OR f.id IN ({docs})") if dialect == "sqlite"
                 else _capped(f"SELECT f.id FROM hardship_file f WHERE {initials} UNION {docs}"))
        ways = [(_files(f"({initials}) OR f.id IN ({docs})"), "initials index range OR the pinyin index's ids",
                 count)]
        alone_initials = _files(initials)
        if dialect == "sqlite":
            ways.append((_files(f"f.rowid IN ({union})"), "initials and pinyin indexes, a UNION of their rows",
                         count))
            # migration 0013: the initials' index holds the file number, so the page's 200 matches are chosen
            # (and sorted) from the indexes before the table is read; the pinyin side's file numbers come from
            # the table, for the files the initials did not match
            keyed = (f"SELECT f.rowid AS r, f.file_no AS k FROM hardship_file f WHERE {initials} UNION ALL "
                     f"SELECT f.rowid, f.file_no FROM search_doc d JOIN hardship_file f ON f.id = d.file_id "
                     f"WHERE {doc} AND f.rowid NOT IN (SELECT rowid FROM hardship_file f WHERE {initials})")
            ways.append((f"SELECT {COLS} FROM (SELECT r FROM ({keyed}) ORDER BY k LIMIT 200) AS m CROSS JOIN "
                         f"hardship_file f ON f.rowid = m.r {CADRE} {PAGE}",
                         "initials (covering index with the file number) and pinyin indexes, the page's 200 "
                         "chosen by file number before the table is read", count))
            alone_initials = (f"SELECT {COLS} FROM (SELECT f.rowid AS r FROM hardship_file f WHERE {initials} "
                              f"ORDER BY f.file_no LIMIT 200) AS m CROSS JOIN hardship_file f ON f.rowid = m.r "
                              f"{CADRE} {PAGE}")
        else:  # PostgreSQL has no rowid: the ids
            ids = (f"SELECT f.id FROM hardship_file f WHERE {initials} UNION SELECT d.file_id FROM search_doc d "
                   f"WHERE {doc}")
            ways.append((_files(f"f.id IN ({ids})"), "initials and pinyin indexes, a UNION of their ids", count))
        alone = [(alone_initials, "initials index range", ""),
                 (f"SELECT {COLS} FROM search_doc d JOIN hardship_file f ON f.id = d.file_id {CADRE} "
                  f"WHERE {doc} {PAGE}", "pinyin index range", "")]
        return ways + sorted(alone, key=lambda w: w[1] != own)  # the kind's own index first (in the table)

    return [
        ("1 character (surname 王)", "王", text_ways("王")),
        ("2-character name 王伟", "王伟", text_ways("王伟")),
        (f"3-character name {three}", three, text_ways(three)),
        ("employer, 2 characters 锅炉", "锅炉", text_ways("锅炉")),
        ("employer, 3 characters 锅炉厂", "锅炉厂", text_ways("锅炉厂")),
        ("found nowhere 无此单位", "无此单位", text_ways("无此单位")),
        ("pinyin initials wj", "wj", pinyin_ways("wj", "initials index range")),
        ("full pinyin wangwei", "wangwei", pinyin_ways("wangwei", "pinyin index range")),
        ("ID prefix 2301021970", "2301021970",
         digit_ways("2301021970", (rng("f.id_number", "2301021970"), "unique ID index range"))),
        (f"ID suffix {suffix}", suffix,
         digit_ways(suffix, (rng(ID_REV, suffix[::-1]), "reversed-ID expression index range"))),
        ("birth date 19550518", "19550518",
         digit_ways("19550518", ("f.birth_date = '1955-05-18'", "birth-date index"))),
        (f"file-number fragment {seq}", seq,
         digit_ways(seq, (f"{seq_sql} = '{seq.zfill(6)}'", "sequence expression index"))),
        (f"phone prefix {phone[:7]}", phone[:7], digit_ways(phone[:7], (rng("f.phone", phone[:7]), "phone index range"))),
    ]


def filtered_cases(conn: Any, dialect: str = "sqlite") -> list[tuple[str, str, dict[str, str], list[Bare]]]:
    """Broad initials with a status filter, or in name order (SQLite): (kind, query, the search's filters and
    order, the bare ways). The bare ways read the same indexes by hand: the initials' covering index and the
    full pinyin's, each match once (the pinyin side's only where the initials did not match); then the matches
    sorted by file number and walked until 200 pass the filter, or every match's file read and the page sorted,
    or the multi-index OR with the filter. The bare capped count does what the service's estimate does when told
    of a full page: the first 2,000 matches' files read for the filter, counted up to 1,001 (and the matches
    counted to 2,001 from the indexes)."""
    if dialect != "sqlite":
        return []

    def rng(column: str, value: str) -> str:
        return f"{column} >= '{value}' AND {column} < '{value}{HIGH}'"

    out = []
    for q, kw in (("wj", {"status": "registered"}), ("wj", {"status": "found"}), ("zs", {"status": "registered"}),
                  ("wj", {"order": "name"}), ("wj", {"status": "registered", "order": "name"}),
                  ("wj", {"order": "updated"})):
        initials, doc = rng("f.name_initials", q), rng("d.pinyin", q)
        other = (f"FROM search_doc d JOIN hardship_file f ON f.id = d.file_id WHERE {doc} AND f.rowid NOT IN "
                 f"(SELECT rowid FROM hardship_file f WHERE {initials})")
        rows = f"SELECT f.rowid AS r FROM hardship_file f WHERE {initials} UNION ALL SELECT f.rowid {other}"
        keyed = (f"SELECT f.rowid AS r, f.file_no AS k FROM hardship_file f WHERE {initials} UNION ALL "
                 f"SELECT f.rowid, f.file_no {other}")
        where = " AND ".join(f"f.{k} = '{v}'" for k, v in kw.items() if k != "order")
        where_and = f" AND {where}" if where else ""
        order = {"name": "f.name, f.file_no", "updated": "f.updated_at DESC, f.file_no"}.get(kw.get("order", ""),
                                                                                                "f.file_no")
        page = f"ORDER BY {order} LIMIT 200"
        filters = f" WHERE {where}" if where else ""
        count = (f"SELECT (SELECT count(*) FROM ({rows} LIMIT 2001)), (SELECT count(*) FROM (SELECT 1 FROM "
                 f"(SELECT r FROM ({rows}) LIMIT 2000) AS m CROSS JOIN hardship_file f ON f.rowid = m.r{filters} "
                 f"LIMIT 1001))") if where else _capped(f"SELECT 1 FROM hardship_file f WHERE ({initials}) OR f.id IN "
                                                         f"(SELECT d.file_id FROM search_doc d WHERE {doc})")
        ways: list[Bare] = [
            (f"SELECT {COLS} FROM ({rows}) AS m CROSS JOIN hardship_file f ON f.rowid = m.r {CADRE}{filters} {page}",
             "each match once from the two indexes, its file read, the page sorted", count),
            (f"SELECT {COLS} FROM hardship_file f {CADRE} WHERE (({initials}) OR f.id IN (SELECT d.file_id FROM "
             f"search_doc d WHERE {doc})){where_and} {page}", "the multi-index OR of the two indexes", count)]
        if "order" not in kw:
            ways.append((f"SELECT {COLS} FROM (SELECT r, k FROM ({keyed}) ORDER BY k LIMIT -1) AS m CROSS JOIN "
                         f"hardship_file f ON f.rowid = m.r {CADRE}{filters} LIMIT 200",
                         "the matches sorted by the file number of the covering index, walked until 200 pass the "
                         "filter", count))
        label = ", ".join([f"status {kw['status']}"] if "status" in kw else []) + (
            f"{', ' if 'status' in kw else ''}{kw['order']} order" if "order" in kw else "")
        out.append((f"initials {q}, {label}", q, kw, ways))
    return out


def _fetch(conn: Any, sql: str) -> list[Any]:
    """A bare query on a DB-API connection (sqlite3, or psycopg for PostgreSQL)."""
    cur = conn.cursor()
    try:
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        cur.close()


def _keystroke(db: Database, query: str, **kw: Any) -> tuple[Any, Any]:
    """What the window's list does per search (ui/file_table.py): the first page, and only when the page is full
    the count it shows at once (a shorter page is the whole answer, counted as it stands), told of the page's
    rows (`known`: with a filter the estimate may then say "at least" after reading 2,000 matches' files)."""
    order, status, category = kw.get("order", "file_no"), kw.get("status"), kw.get("category")
    page = search.search_files(db, query=query, limit=200, order=order, status=status, category=category)
    return page, (search.estimate_count(db, query=query, known=len(page), status=status, category=category)
                  if len(page) == 200 else None)


def _first_keystroke(db: Database, query: str, **kw: Any) -> tuple[Any, Any]:
    """The keystroke with the process's memo of broad texts emptied first (`search._BROAD`: the way a broad text's
    count chose): what the first search for a text costs."""
    search._BROAD.clear()
    return _keystroke(db, query, **kw)


def _bare_keystroke(conn: Any, page_sql: str, count_sql: str) -> tuple[list[Any], Any]:
    page = _fetch(conn, page_sql)
    return page, _fetch(conn, count_sql) if len(page) == 200 else None


def window_times(path: Path, searches: list[tuple[str, str | None]],
                 repeat: int = 5) -> dict[tuple[str, str | None, bool | str], float]:
    """The search typed into the real window (offscreen), on a SQLite file, with the status filter set when given:
    best of `repeat`, each after an empty search (so that the list, the detail pane and the count change every
    time); with the detail pane and without, and ("first") with the pane and the memo of broad texts emptied
    before each run."""
    import datetime as dt
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from assist_desktop.ui.jobs import wait_for_jobs
    from assist_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    db = Database(f"sqlite:///{path}")
    win = MainWindow(db, today=dt.date.today(), actor="bench")
    win.show()
    app.processEvents()
    wait_for_jobs(600_000)  # the start's background work (due list, counts, history check) out of the way
    app.processEvents()
    out: dict[tuple[str, str | None, bool | str], float] = {}
    real_show = win.detail.show_file
    for q, status in searches:
        win.status_filter.set_value(status)
        for pane in (True, False, "first"):  # with the detail pane of the first file, without (the list and the
            # count), and with the pane for a text searched for the first time (the memo of broad texts emptied)
            win.detail.show_file = real_show if pane else (lambda *_a, **_k: None)  # type: ignore[method-assign]
            best_t = float("inf")
            for _ in range(repeat):
                win.search.setText("")
                win.apply_search()
                wait_for_jobs(60_000)
                app.processEvents()
                win.search.setText(q)
                win.detail.clear()  # the pane loads the first match even when it is the file selected already
                if pane == "first":
                    search._BROAD.clear()
                t0 = time.perf_counter()
                win.apply_search()  # the list's first page, the first file in the detail pane, the count label
                best_t = min(best_t, time.perf_counter() - t0)
                wait_for_jobs(60_000)
                app.processEvents()
            out[(q, status, pane)] = best_t
    win.status_filter.set_value(None)
    win.detail.show_file = real_show  # type: ignore[method-assign]
    win.close()
    db.dispose()
    return out


def run(path: Path | str, *, window: bool = False, window_db: Path | None = None,
        only: str | None = None, unprepared: bool = False) -> list[dict[str, Any]]:
    """On a SQLite file, or on PostgreSQL when given a URL (postgresql://…). A SQLite file is opened read-only
    by both sides (it must be at the newest schema); the window (it writes: the day's backup, the catch-up)
    runs on `window_db`, a copy of the same file, when given."""
    if "://" in str(path):
        db = Database(str(path))
        migrate.upgrade(db, backup=False)
    else:
        db = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
        if migrate.needs_upgrade(db):
            raise SystemExit(f"{path} is not at the newest schema: upgrade a copy of it first")
    dialect = db.engine.dialect.name
    conn: Any = (sqlite3.connect(f"file:{path}?mode=ro", uri=True) if dialect == "sqlite"
                 else db.engine.raw_connection())
    if dialect == "sqlite":  # the page cache the program's connections have (the default 2 MB re-reads pages)
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    elif unprepared:  # as typed: every search text is new, so psycopg never prepares a statement by its repetition
        conn.driver_connection.prepare_threshold = None
        real_runner = search._raw_runner

        def never_by_repetition(c: Any, d: str) -> Any:
            c.prepare_threshold = None  # (what the service prepares explicitly it still prepares: the probes)
            return real_runner(c, d)
        search._raw_runner = never_by_repetition  # type: ignore[assignment]
    files = _fetch(conn, "SELECT count(*) FROM hardship_file")[0][0]
    rows = []
    no_filter: dict[str, str] = {}
    every = [(k, q, no_filter, w) for k, q, w in cases(conn, dialect)] + filtered_cases(conn, dialect)
    kinds = [k for k in every if not only or any(o in k[0] for o in only.split(","))]
    for kind, query, kw, ways in kinds:
        status, category = kw.get("status"), kw.get("category")
        page_fn = partial(search.search_files, db, query=query, limit=200, order=kw.get("order", "file_no"),
                          status=status, category=category)
        t_page, page = best(page_fn)
        ids = [r.id for r in page]
        timed = []
        for sql, what, count_sql in ways:
            way_fn = partial(_fetch, conn, sql)
            t_way, got = best(way_fn)
            t_count, _ = best(partial(_fetch, conn, count_sql)) if count_sql else (0.0, None)
            timed.append((t_way, got, what, t_count, sql, count_sql, [g[0] for g in got] == ids, CPU[way_fn]))
        # the bare ways that answer the question (a kind's single digit index is informational only) and give
        # the service's very rows
        correct = [t for t in timed if t[5]]
        single = [t for t in timed if not t[5]]
        same = [t for t in correct if t[6]] or correct
        t_bare, bare, bare_what, _tc, bare_sql, bare_count_sql, same_rows, c_bare = min(same, key=lambda t: t[0])
        bare_keys_fn = partial(_bare_keystroke, conn, bare_sql, bare_count_sql)
        t_bare_keys, _ = best(bare_keys_fn)
        t_est, est = best(partial(search.estimate_count, db, query=query, known=len(page), status=status,
                                  category=category))
        keys_fn = partial(_keystroke, db, query, **kw)
        t_keys, _ = best(keys_fn)
        first_fn = partial(_first_keystroke, db, query, **kw)
        t_first, _ = best(first_fn)
        t_exact, exact = best(partial(search.count_matches, db, query=query, status=status, category=category),
                              repeat=1, warm=1)
        row = dict(kind=kind, query=query, files=files, bare=t_bare, bare_what=bare_what + ("" if same_rows else
                   " (NOT the same rows)"), bare_rows=len(bare), page=t_page, rows=len(page), estimate=t_est,
                   estimate_label=est.label, service=t_keys, bare_keystroke=t_bare_keys, exact=t_exact,
                   exact_count=exact, window=None, single=single[0][0] if single else None,
                   cpu_bare=c_bare, cpu_page=CPU[page_fn], cpu_bare_keystroke=CPU[bare_keys_fn],
                   cpu_service=CPU[keys_fn], first=t_first, cpu_first=CPU[first_fn], kw=kw,
                   single_what=single[0][2] if single else None)
        rows.append(row)
        print(f"{kind:<36} page {t_page * 1000:7.2f} ms  bare {t_bare * 1000:7.2f} ms  {t_page / t_bare:5.1f}x   "
              f"keystroke {t_keys * 1000:7.2f} ms  bare {t_bare_keys * 1000:7.2f} ms  {t_keys / t_bare_keys:5.1f}x  "
              f"first keystroke {t_first * 1000:7.2f} ms (CPU {CPU[first_fn] * 1000:.2f})  "
              f"(estimate {t_est * 1000:6.2f} = {est.label:>5})  exact count {t_exact * 1000:7.1f} ms = {exact:,}  "
              f"rows {len(page)}/{len(bare)} [{bare_what}]  CPU page {CPU[page_fn] * 1000:.2f} / bare "
              f"{c_bare * 1000:.2f} ms, keystroke {CPU[keys_fn] * 1000:.2f} / bare {CPU[bare_keys_fn] * 1000:.2f} ms"
              + "".join(f"  (the {t[2]} alone: {t[0] * 1000:.2f} ms)" for t in single), flush=True)
    conn.close()
    db.dispose()
    if window and dialect == "sqlite":
        searches = [(q, kw.get("status")) for _k, q, kw, _w in kinds if "order" not in kw]  # the window's order
        times = window_times(window_db or Path(path), searches)
        for row in rows:
            key = (row["query"], row["kw"].get("status"))
            if "order" in row["kw"]:
                continue
            row["window"], row["window_list"] = times[(*key, True)], times[(*key, False)]
            row["window_first"] = times[(*key, "first")]
            print(f"window {row['kind']:<36} {row['window'] * 1000:7.1f} ms (without the detail pane "
                  f"{row['window_list'] * 1000:6.1f} ms; the first search for the text {row['window_first'] * 1000:.1f} "
                  "ms)", flush=True)
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    window = any(r["window"] is not None for r in rows)
    lines = ["| kind | query | matches | best bare query | bare page (ms) | service page (ms) | ratio | "
             "bare keystroke (ms) | service keystroke (ms) | ratio | "
             + "first keystroke (ms) | ratio | "
             + ("window (ms) | of which list and count (ms) | window, first search (ms) | " if window else "")
             + "exact count (ms) | CPU: bare / service page, bare / service keystroke, first keystroke (ms) |",
             "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|---:|" if window else "")
             + "---:|---:|"]
    for r in rows:
        what = r["bare_what"] + (f" (the {r['single_what']} alone: {r['single'] * 1000:.2f})" if r.get("single")
                                 else "")
        lines.append(f"| {r['kind']} | `{r['query']}` | {r['exact_count']:,} | {what} | "
                     f"{r['bare'] * 1000:.2f} | {r['page'] * 1000:.2f} | {r['page'] / r['bare']:.2f}× | "
                     f"{r['bare_keystroke'] * 1000:.2f} | {r['service'] * 1000:.2f} | "
                     f"{r['service'] / r['bare_keystroke']:.2f}× | {r['first'] * 1000:.2f} | "
                     f"{r['first'] / r['bare_keystroke']:.2f}× | "
                     + ((f"{r['window'] * 1000:.1f} | {r['window_list'] * 1000:.1f} | "
                         f"{r['window_first'] * 1000:.1f} | " if r.get("window") is not None else "– | – | – | ")
                        if window else "")
                     + f"{r['exact'] * 1000:.0f} | {r['cpu_bare'] * 1000:.2f} / {r['cpu_page'] * 1000:.2f}, "
                       f"{r['cpu_bare_keystroke'] * 1000:.2f} / {r['cpu_service'] * 1000:.2f}, "
                       f"{r['cpu_first'] * 1000:.2f} |")
    return "\n".join(lines) + "\n"


def load_pg(sqlite_file: Path, url: str) -> dict[str, int]:
    """Copy a SQLite database into an empty PostgreSQL database for the PostgreSQL figures: the schema by the
    migrations (pg_trgm indexes when the extension can be created), every table's rows by COPY (the search
    index's tables copied as they are, triggers and foreign-key checks off while copying), then the sequences
    moved past the copied ids, and ANALYZE. Returns the rows copied per table."""
    db = Database(url)
    migrate.upgrade(db, backup=False)
    dialect_tables = {r[0] for r in _fetch(db.engine.raw_connection(),
                                            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    db.dispose()
    started = time.perf_counter()
    src = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)  # only read
    names = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                       "'sqlite_%' AND name NOT LIKE 'search_fts%' AND name != 'alembic_version'")]
    import psycopg

    copied: dict[str, int] = {}
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as pg:
        pg.execute("SET session_replication_role = replica")  # no triggers, no foreign-key checks while copying
        pg.execute("SET TIME ZONE 'UTC'")
        # the indexes that back no constraint (the search's pg_trgm GIN and expression indexes among them) are
        # dropped while copying and built again afterwards: one build each instead of one insert per row
        # (a GIN index filled row by row is most of a million files' load)
        indexes = pg.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)").fetchall()
        for index, _definition in indexes:
            pg.execute(f'DROP INDEX "{index}"')
        for name in names:
            if name not in dialect_tables:
                continue
            cols = [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')]
            pg_cols = {r[0]: r[1] for r in pg.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", (name,))}
            cols = [c for c in cols if c in pg_cols]
            booleans = {i for i, c in enumerate(cols) if pg_cols[c] == "boolean"}
            pg.execute(f'TRUNCATE "{name}" CASCADE')
            n = 0
            quoted = ", ".join(f'"{c}"' for c in cols)
            with pg.cursor().copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {quoted} FROM "{name}"'):
                    if booleans:
                        row = tuple(bool(v) if i in booleans and v is not None else v for i, v in enumerate(row))
                    copy.write_row(row)
                    n += 1
            copied[name] = n
            print(f"  {name}: {n:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
        for _index, definition in indexes:
            pg.execute(definition)
        print(f"  {len(indexes)} indexes built, {time.perf_counter() - started:.0f} s", flush=True)
        for table, column in pg.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_default LIKE 'nextval(%%'").fetchall():
            pg.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                       f'coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)')
        pg.commit()
        pg.autocommit = True
        pg.execute("ANALYZE")
    src.close()
    return copied


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("url", nargs="?", help="with --load-pg: the PostgreSQL database to fill")
    parser.add_argument("--out")
    parser.add_argument("--window", action="store_true", help="also time the search in the real window (it writes: "
                        "give a copy of DB as --window-db to keep DB untouched)")
    parser.add_argument("--window-db", type=Path, help="with --window: the SQLite copy of DB the window opens")
    parser.add_argument("--only", help="only the kinds whose name holds one of these (comma-separated) words")
    parser.add_argument("--load-pg", action="store_true", help="copy the SQLite file DB into the database URL")
    parser.add_argument("--unprepared", action="store_true", help="PostgreSQL: no statement prepared because it ran "
                        "before (as typed, each search text is new: both sides plan their pages at every run)")
    args = parser.parse_args()
    if args.load_pg:
        t0 = time.perf_counter()
        copied = load_pg(Path(args.db), args.url)
        print(f"copied {sum(copied.values()):,} rows of {len(copied)} tables in {time.perf_counter() - t0:.0f} s")
        return 0
    rows = run(args.db if "://" in args.db else Path(args.db), window=args.window or bool(args.window_db),
               window_db=args.window_db, only=args.only, unprepared=args.unprepared)
    if args.out:
        Path(args.out).write_text(markdown(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
