"""Search benchmark: each kind of search-box query in the service, beside the best bare SQLite query for it.

The bare query is the right index used by hand on the same file in the same run, with one open sqlite3
connection (no scan unless the kind has no index): the FTS5 trigram table for 3+ characters, the gram table
for 1–2 characters, the reversed-ID expression index for suffixes, and so on — each selecting the first page
(200 file ids in file-number order), which is what the window shows. The service figure is `search_files` (the
page, as FileRow objects with the cadre's name) plus `estimate_count` (the count the window shows at once);
the exact count is measured too. Best of five, warm cache. Nothing here asserts a time.

    .venv/bin/python benchmarks/bench_search.py DB.sqlite3 [--out table.md]
    .venv/bin/python benchmarks/bench_search.py postgresql://user@host/db   (the same kinds on PostgreSQL:
        pg_trgm LIKE for 3+ characters, strpos() for the in-order way; bare queries through psycopg)
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
from assist_desktop.db.engine import Database  # noqa: E402
from assist_desktop.db.search_index import ID_REV_SQL  # noqa: E402
from assist_desktop.services import search  # noqa: E402

HIGH = "\U0010ffff"
PAGE = "ORDER BY f.file_no LIMIT 200"
#: the same columns as the service's page (a FileRow: the file's list columns and the responsible cadre's name)
COLS = ("f.id, f.file_no, f.name, f.id_number, f.sex, f.employer, f.status, f.category, f.per_capita_monthly_fen, "
        "c.name, f.review_state, f.updated_at")
CADRE = "LEFT JOIN cadre c ON c.id = f.responsible_person_id"
ID_REV = ID_REV_SQL.replace("hardship_file.", "f.")


def best(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    out, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        out = min(out, time.perf_counter() - t0)
    return out, value


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


Bare = tuple[str, str]  # (SQL, what it is)


def cases(conn: Any, dialect: str = "sqlite") -> list[tuple[str, str, list[Bare]]]:
    """(kind, query, the bare ways to answer it: the fastest is the one compared); sample values come from the
    database itself."""
    files = _fetch(conn, "SELECT count(*) FROM hardship_file")[0][0]
    three = _fetch(conn, "SELECT name FROM hardship_file WHERE length(name) = 3 ORDER BY file_no LIMIT 1 OFFSET 777")
    three = three[0][0]
    id_number, phone, file_no = _fetch(conn, "SELECT id_number, phone, file_no FROM hardship_file ORDER BY file_no "
                                       f"LIMIT 1 OFFSET {files // 3}")[0]
    seq = str(int(file_no.split("-")[1]))
    suffix = id_number[-4:]
    rev = suffix[::-1]
    gram, fts = "gram table join", "FTS5 trigram MATCH"
    order = "file-number index in order, instr() per row"

    if dialect != "sqlite":
        fts, order = "pg_trgm GIN LIKE", "file-number order, strpos() per row"
    seq_sql = "split_part(f.file_no, '-', 2)" if dialect != "sqlite" else "substr(f.file_no, instr(f.file_no, '-') + 1)"

    def text_ways(q: str) -> list[Bare]:
        if len(q) >= 3:
            return [(_fts(q, dialect), fts), (_in_order(q, ("name", "employer", "address"), dialect), order)]
        return [(_gram_join(q), gram), (_in_order(q, ("name", "employer"), dialect), order)]

    return [
        ("1 character (surname 王)", "王", text_ways("王")),
        ("2-character name 王伟", "王伟", text_ways("王伟")),
        (f"3-character name {three}", three, text_ways(three)),
        ("employer, 2 characters 锅炉", "锅炉", text_ways("锅炉")),
        ("employer, 3 characters 锅炉厂", "锅炉厂", text_ways("锅炉厂")),
        ("found nowhere 无此单位", "无此单位", text_ways("无此单位")),
        ("pinyin initials wj", "wj", [(_files(f"f.name_initials >= 'wj' AND f.name_initials < 'wj{HIGH}'"),
                                       "initials index range")]),
        ("full pinyin wangwei", "wangwei", [(
            f"SELECT {COLS} FROM search_doc d JOIN hardship_file f ON f.id = d.file_id {CADRE} "
            f"WHERE d.pinyin >= 'wangwei' AND d.pinyin < 'wangwei{HIGH}' {PAGE}", "pinyin index range")]),
        ("ID prefix 2301021970", "2301021970", [(
            _files(f"f.id_number >= '2301021970' AND f.id_number < '2301021970{HIGH}'"), "unique ID index range")]),
        (f"ID suffix {suffix}", suffix, [(_files(f"{ID_REV} >= '{rev}' AND {ID_REV} < '{rev}{HIGH}'"),
                                          "reversed-ID expression index range")]),
        ("birth date 19550518", "19550518", [(_files("f.birth_date = '1955-05-18'"), "birth-date index")]),
        (f"file-number fragment {seq}", seq, [(_files(f"{seq_sql} = '{seq.zfill(6)}'"),
                                                "sequence expression index")]),
        (f"phone prefix {phone[:7]}", phone[:7], [(_files(f"f.phone >= '{phone[:7]}' AND f.phone < '{phone[:7]}{HIGH}'"),
                                                   "phone index range")]),
    ]


def _fetch(conn: Any, sql: str) -> list[Any]:
    """A bare query on a DB-API connection (sqlite3, or psycopg for PostgreSQL)."""
    cur = conn.cursor()
    try:
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        cur.close()


def _keystroke(db: Database, query: str) -> tuple[Any, Any]:
    """What the window does per keystroke: the first page, and the count it shows at once."""
    return search.search_files(db, query=query, limit=200), search.estimate_count(db, query=query)


def run(path: Path | str) -> list[dict[str, Any]]:
    """On a SQLite file, or on PostgreSQL when given a URL (postgresql://…)."""
    url = str(path) if "://" in str(path) else f"sqlite:///{path}"
    db = Database(url)
    migrate.upgrade(db, backup=False)
    dialect = db.engine.dialect.name
    conn: Any = sqlite3.connect(path) if dialect == "sqlite" else db.engine.raw_connection()
    files = _fetch(conn, "SELECT count(*) FROM hardship_file")[0][0]
    rows = []
    for kind, query, ways in cases(conn, dialect):
        timed = []
        for sql, what in ways:
            t_way, got = best(partial(_fetch, conn, sql))
            timed.append((t_way, got, what))
        t_bare, bare, bare_what = min(timed, key=lambda t: t[0])
        t_page, page = best(partial(search.search_files, db, query=query, limit=200))
        t_est, est = best(partial(search.estimate_count, db, query=query))
        t_both, _ = best(partial(_keystroke, db, query))
        t_exact, exact = best(partial(search.count_matches, db, query=query), repeat=1)
        row = dict(kind=kind, query=query, files=files, bare=t_bare, bare_what=bare_what, bare_rows=len(bare),
                   page=t_page, rows=len(page), estimate=t_est, estimate_label=est.label, service=t_both,
                   exact=t_exact, exact_count=exact)
        rows.append(row)
        print(f"{kind:<36} service {t_both * 1000:7.1f} ms (page {t_page * 1000:6.1f}, estimate {t_est * 1000:6.1f}"
              f" = {est.label:>5})  bare {t_bare * 1000:7.2f} ms  {t_both / t_bare:6.1f}x  exact count "
              f"{t_exact * 1000:7.1f} ms = {exact:,}  rows {len(page)}/{len(bare)}", flush=True)
    conn.close()
    db.dispose()
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| kind | query | service: page + estimate (ms) | page (ms) | estimate (ms) | best bare query | "
             "bare (ms) | ratio | exact count (ms) | matches | rows |", "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['kind']} | `{r['query']}` | {r['service'] * 1000:.1f} | {r['page'] * 1000:.1f} | "
                     f"{r['estimate'] * 1000:.1f} ({r['estimate_label']}) | {r['bare_what']} | {r['bare'] * 1000:.2f} | "
                     f"{r['service'] / r['bare']:.1f}× | {r['exact'] * 1000:.0f} | {r['exact_count']:,} | "
                     f"{r['rows']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--out")
    args = parser.parse_args()
    rows = run(args.db if "://" in args.db else Path(args.db))
    if args.out:
        Path(args.out).write_text(markdown(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
