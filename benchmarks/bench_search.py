"""Search benchmark: each kind of search-box query in the service, beside the best bare SQLite query for it.

The bare query is the right index used by hand on the same file in the same run, with one open sqlite3
connection (no scan unless the kind has no index): the FTS5 trigram table for 3+ characters, the gram table
for 1–2 characters, the reversed-ID expression index for suffixes, and so on — each selecting the first page
(200 file ids in file-number order), which is what the window shows. The service figure is `search_files` (the
page, as FileRow objects with the cadre's name) plus `estimate_count` (the count the window shows at once);
the exact count is measured too. Best of five, warm cache. Nothing here asserts a time.

    .venv/bin/python benchmarks/bench_search.py DB.sqlite3 [--out docs/benchmarks-search.md]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
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
ID_REV = ID_REV_SQL.replace("hardship_file.", "f.")


def best(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    out, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        out = min(out, time.perf_counter() - t0)
    return out, value


def _gram_join(gram: str) -> str:
    return (f"SELECT f.id FROM search_gram g JOIN search_doc d ON d.doc = g.doc JOIN hardship_file f "
            f"ON f.id = d.file_id WHERE g.gram = '{gram}' {PAGE}")


def _fts(q: str) -> str:
    return (f"SELECT f.id FROM search_fts JOIN search_doc d ON d.doc = search_fts.rowid JOIN hardship_file f "
            f"ON f.id = d.file_id WHERE search_fts MATCH '{{name employer address}} : \"{q}\"' {PAGE}")


def _broad_fts(q: str) -> str:
    """For a match on most rows, the best bare way is the file-number index read in order with a check per row."""
    return (f"SELECT f.id FROM hardship_file f WHERE f.name LIKE '%{q}%' OR f.employer LIKE '%{q}%' "
            f"OR f.address LIKE '%{q}%' {PAGE}")


def cases(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """(kind, query, bare SQL, what the bare query is); sample values come from the database itself."""
    three = conn.execute("SELECT name FROM hardship_file WHERE length(name) = 3 AND rowid > 777 LIMIT 1").fetchone()[0]
    id_number, phone, file_no = conn.execute(
        "SELECT id_number, phone, file_no FROM hardship_file WHERE rowid = (SELECT max(rowid) / 3 FROM hardship_file)"
    ).fetchone()
    seq = str(int(file_no.split("-")[1]))
    suffix = id_number[-4:]
    return [
        ("1 character (surname 王)", "王", _gram_join("王"), "gram table join, first page"),
        ("2-character name 王伟", "王伟", _gram_join("王伟"), "gram table join, first page"),
        (f"3-character name {three}", three, _fts(three), "FTS5 trigram MATCH, first page"),
        ("employer, 2 characters 锅炉", "锅炉", _gram_join("锅炉"), "gram table join, first page"),
        ("employer, 3 characters 锅炉厂", "锅炉厂", _fts("锅炉厂"), "FTS5 trigram MATCH, first page"),
        ("employer 锅炉厂, ordered scan", "锅炉厂", _broad_fts("锅炉厂"),
         "file-number index in order, LIKE per row (best for a broad match)"),
        ("found nowhere 无此单位", "无此单位", _fts("无此单位"), "FTS5 trigram MATCH"),
        ("pinyin initials wj", "wj", f"SELECT f.id FROM hardship_file f WHERE f.name_initials >= 'wj' AND "
         f"f.name_initials < 'wj{HIGH}' {PAGE}", "initials index range"),
        ("full pinyin wangwei", "wangwei", f"SELECT f.id FROM search_doc d JOIN hardship_file f ON f.id = d.file_id "
         f"WHERE d.pinyin >= 'wangwei' AND d.pinyin < 'wangwei{HIGH}' {PAGE}", "pinyin index range"),
        ("ID prefix 2301021970", "2301021970", f"SELECT f.id FROM hardship_file f WHERE f.id_number >= '2301021970' "
         f"AND f.id_number < '2301021970{HIGH}' {PAGE}", "unique ID index range"),
        (f"ID suffix {suffix}", suffix, f"SELECT f.id FROM hardship_file f WHERE {ID_REV} >= '{suffix[::-1]}' AND "
         f"{ID_REV} < '{suffix[::-1]}{HIGH}' {PAGE}", "reversed-ID expression index range"),
        ("birth date 19550518", "19550518", f"SELECT f.id FROM hardship_file f WHERE f.birth_date = '1955-05-18' "
         f"{PAGE}", "birth-date index"),
        (f"file-number fragment {seq}", seq, f"SELECT f.id FROM hardship_file f WHERE substr(f.file_no, "
         f"instr(f.file_no, '-') + 1) = '{seq.zfill(6)}' {PAGE}", "sequence expression index"),
        (f"phone prefix {phone[:7]}", phone[:7], f"SELECT f.id FROM hardship_file f WHERE f.phone >= '{phone[:7]}' "
         f"AND f.phone < '{phone[:7]}{HIGH}' {PAGE}", "phone index range"),
    ]


def run(path: Path) -> list[dict[str, Any]]:
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, backup=False)
    conn = sqlite3.connect(path)
    files = conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0]
    rows = []
    for kind, query, bare_sql, bare_what in cases(conn):
        t_bare, bare = best(lambda sql=bare_sql: conn.execute(sql).fetchall())
        t_page, page = best(lambda q=query: search.search_files(db, query=q, limit=200))
        t_est, est = best(lambda q=query: search.estimate_count(db, query=q))
        t_both, _ = best(lambda q=query: (search.search_files(db, query=q, limit=200),
                                          search.estimate_count(db, query=q)))
        t_exact, exact = best(lambda q=query: search.count_matches(db, query=q), repeat=1)
        row = dict(kind=kind, query=query, files=files, bare=t_bare, bare_what=bare_what, bare_rows=len(bare),
                   page=t_page, rows=len(page), estimate=t_est, estimate_label=est.label, service=t_both,
                   exact=t_exact, exact_count=exact)
        rows.append(row)
        print(f"{kind:<36} service {t_both * 1000:7.1f} ms (page {t_page * 1000:6.1f}, estimate {t_est * 1000:6.1f}"
              f" = {est.label:>5})  bare {t_bare * 1000:7.2f} ms  {t_both / t_bare:6.1f}x  exact count "
              f"{t_exact * 1000:7.1f} ms = {exact:,}  rows {len(page)}/{len(bare)}", flush=True)
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
    rows = run(Path(args.db))
    if args.out:
        Path(args.out).write_text(markdown(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
