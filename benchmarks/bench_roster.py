"""Rosters: a 100,000-row 花名册 imported into an empty database, beside python-calamine parsing the same file.

    .venv/bin/python benchmarks/bench_roster.py --rows 100000 [--profile]

The roster is written with openpyxl's write_only mode in the template's columns (every household with its
five-clear columns filled, local words in the descriptive columns, a responsible person for one row in ten).
In one run it times
- python-calamine reading the whole sheet into Python values (the floor: the program reads with calamine);
- the dry run (`roster import --dry-run`: the whole import, then rolled back);
- the import into an empty database (one transaction, bulk inserts, the lifecycle decided in the same pass);
- the streamed export of the roll just written (`roster export`), beside openpyxl write_only writing the same
  number of rows of plain values;
- the floor of the import: the rows it wrote (read back, untimed) inserted by bare sqlite3 executemany into an
  empty database of the same schema, alone (as the import sets indexes aside, and with every index in place) and
  after a python-calamine parse in the same process (the peak memory of these steps includes the rows read back);
and reports the CPU time and the peak resident memory of each (each step runs in a forked child process: its own
getrusage; the machine may be shared, so the CPU time is shown beside the wall-clock time).
Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import Database  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
_REGIONS = ("230102", "230103", "230104", "110101", "310104", "440305")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"


def _check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def roster_rows(rows: int, seed: int = 7) -> tuple[list[str], Any]:
    """The template's headers and a generator of `rows` realistic household rows."""
    from assist_desktop.exchange.roster_columns import COLUMNS

    headers = [h for h, _k in COLUMNS]
    rng = random.Random(seed)

    def gen() -> Any:
        seen: set[str] = set()
        for i in range(rows):
            while True:
                born = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 30 * 365))
                male = rng.random() < 0.5
                first17 = f"{rng.choice(_REGIONS)}{born:%Y%m%d}{rng.randrange(0, 500) * 2 + int(male):03d}"
                number = first17 + _check_digit(first17)
                if number not in seen:
                    seen.add(number)
                    break
            size = rng.randint(1, 5)
            row = {
                "姓名": rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2))),
                "身份证号": number,
                "性别": "男" if male else "女",
                "民族": "汉族",
                "手机号码": f"13{rng.randrange(10**8, 10**9)}",
                "家庭住址": f"哈尔滨市南岗区学府路{rng.randint(1, 999)}号",
                "工作单位": rng.choice(("哈尔滨纺织厂", "龙煤集团", "南岗区环卫处", "哈药集团")),
                "单位性质": rng.choice(("国企", "集体", "民营", "国有企业")),
                "所属行业": rng.choice(("纺织", "煤炭", "制造业", "建筑业")),
                "工作状态": rng.choice(("在岗", "下岗", "失业", "在岗")),
                "健康状况": rng.choice(("健康", "高血压", "体弱多病", "健康")),
                "婚姻状况": rng.choice(("已婚", "再婚", "离异", "丧偶")),
                "户口类型": rng.choice(("城镇", "农村")),
                "本人月收入": rng.choice((0, 800, 1200, 1500)),
                "家庭年总收入": rng.choice((6000, 9000, 12000, 15000, 24000)),
                "家庭人口": size,
                "住房类型": rng.choice(("单位房", "廉租房", "自有住房", "租房")),
                "主要致困原因": rng.choice(("因病", "因残", "下岗失业", "因灾")),
                "家庭情况": f"家庭{size}口人，收入微薄",
                "技术特长": rng.choice(("电工", "无", "驾驶", "缝纫")),
                "就业意愿": rng.choice(("希望从事保安工作", "愿意就近就业", "无劳动能力")),
                "思想状况": rng.choice(("稳定", "乐观", "焦虑")),
                "走访日期": AS_OF - dt.timedelta(days=rng.randint(1, 300)),
                "帮扶责任人": _SURNAMES[i // 10 % 20] + _GIVEN[i // 200 % 15] if i % 10 == 0 else None,  # 300 cadres
                "致困情况说明": "本人患病多年，医疗支出大，家庭收入低",
                "有无劳动能力": rng.choice(("有", "无")),
            }
            yield [row.get(h) for h in headers]

    return headers, gen()


def write_roster(path: Path, rows: int, *, changed_every: int = 0) -> Path:
    """The roster of `rows` households; with `changed_every`, every n-th row's 家庭年总收入 differs (the same
    households otherwise: a roll kept and sent again with a few changes)."""
    from openpyxl import Workbook

    from assist_desktop.exchange.roster_columns import MAIN_SHEET

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(MAIN_SHEET)
    headers, gen = roster_rows(rows)
    income = headers.index("家庭年总收入")
    ws.append(headers)
    for i, r in enumerate(gen):
        if changed_every and i % changed_every == 0:
            r[income] = r[income] + 1000
        ws.append(r)
    wb.save(path)
    return path


def measured(fn: Callable[[], Any]) -> tuple[float, int, Any]:
    """(seconds, peak resident memory in bytes, fn's result as JSON-able data), fn run in a forked child process
    so that its peak (ru_maxrss) is its own. The result must be JSON-serialisable."""
    import json
    import os

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 0
        try:
            start = resource.getrusage(resource.RUSAGE_SELF)
            cpu0 = start.ru_utime + start.ru_stime
            t0 = time.perf_counter()
            value = fn()
            seconds = time.perf_counter() - t0
            use = resource.getrusage(resource.RUSAGE_SELF)
            rss = use.ru_maxrss * 1024
            cpu = use.ru_utime + use.ru_stime - cpu0
            payload = json.dumps({"seconds": seconds, "rss": rss, "cpu": cpu, "value": value}).encode()
        except BaseException as exc:  # reported to the parent
            payload = json.dumps({"error": repr(exc)}).encode()
            code = 1
        with os.fdopen(write, "wb") as out:
            out.write(payload)
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as inp:
        data = json.loads(inp.read() or b"{}")
    os.waitpid(pid, 0)
    if "error" in data:
        raise RuntimeError(data["error"])
    _LAST_CPU[:] = [data["cpu"]]
    return data["seconds"], data["rss"], data["value"]


#: the CPU time (user + system, all threads) of the last `measured` step, shown beside its wall-clock seconds
_LAST_CPU: list[float] = []


def calamine_parse(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return len(wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False))


def fresh_db(folder: Path, name: str) -> Database:
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    p = folder / name
    p.unlink(missing_ok=True)
    db = Database(f"sqlite:///{p}")
    migrate.upgrade(db)
    init_union(db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=AS_OF)
    return db


def run(rows: int, folder: Path, report: list[dict[str, Any]], *, profile: bool = False) -> None:
    from assist_desktop.services.roster import export_roster, import_roster, preview_roster

    src = write_roster(folder / f"roster-{rows}.xlsx", rows)
    t_parse, m_parse, _ = measured(lambda: calamine_parse(src))
    _add(report, f"python-calamine parse ({rows:,} rows)", t_parse, m_parse, None, None, rows)

    template = fresh_db(folder, "template.sqlite3")
    template.dispose()

    def empty(name: str) -> Database:
        """An empty database (migrated, a county union and a standard), copied from the template untimed."""
        import shutil

        shutil.copy(folder / "template.sqlite3", folder / name)
        return Database(f"sqlite:///{folder / name}")

    def dry() -> int:
        d = opened["dry"]
        try:
            return preview_roster(d, path=src, today=AS_OF, actor="bench").valid
        finally:
            d.dispose()

    opened = {"dry": empty("dry.sqlite3")}
    t_dry, m_dry, valid = measured(dry)
    _add(report, f"roster dry run ({rows:,} rows, {valid:,} valid)", t_dry, m_dry, "calamine parse", t_parse, rows)

    if profile:
        import cProfile
        import pstats

        db = fresh_db(folder, "prof.sqlite3")
        prof = cProfile.Profile()
        prof.enable()
        import_roster(db, path=src, today=AS_OF, actor="bench")
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        db.dispose()

    def imported() -> int:
        d = opened["import"]
        try:
            return len(import_roster(d, path=src, today=AS_OF, actor="bench").created)
        finally:
            d.dispose()

    opened["import"] = empty("import.sqlite3")
    t_imp, m_imp, created = measured(imported)
    _add(report, f"roster import into an empty database ({created:,} files)", t_imp, m_imp,
         "calamine parse", t_parse, rows)

    # the floor of the import: the rows it wrote, read back, and written by bare sqlite3 executemany into an empty
    # database at the same schema (the search-index insert trigger and the indexes the import sets aside set aside
    # as the import sets them aside); each step reads the rows in its own child process (untimed), so that no later
    # step inherits them
    def floor(late: bool, parse: bool) -> Callable[[], dict[str, float]]:
        def go() -> dict[str, float]:
            written = floor_rows(folder / "import.sqlite3", folder / "template.sqlite3")
            out: dict[str, float] = {"rows": float(sum(len(r) for _t, _c, r in written))}
            use = resource.getrusage(resource.RUSAGE_SELF)
            cpu0 = use.ru_utime + use.ru_stime
            t0 = time.perf_counter()
            if parse:
                calamine_parse(src)
            out["parse"] = time.perf_counter() - t0
            out.update(bare_write_floor(written, folder / "template.sqlite3", folder / "floor.sqlite3",
                                        late_indexes=late))
            use = resource.getrusage(resource.RUSAGE_SELF)
            out["cpu"] = use.ru_utime + use.ru_stime - cpu0
            return out

        return go

    _t, m_floor, parts = measured(floor(True, False))
    _LAST_CPU[:] = [parts["cpu"]]
    _add(report, f"sqlite3 executemany of the {int(parts['rows']):,} rows the import wrote", parts["write"], m_floor,
         "calamine parse", t_parse, rows)
    for name, sec in parts.items():
        if name.startswith("  "):
            print(f"      {name:<52} {sec:8.2f} s", flush=True)
    _t, m_fl1, parts1 = measured(floor(False, False))
    _LAST_CPU[:] = [parts1["cpu"]]
    _add(report, "  the same, every index in place during the inserts", parts1["write"], m_fl1,
         "calamine parse", t_parse, rows)
    _t, m_pf, pf = measured(floor(True, True))
    _LAST_CPU[:] = [pf["cpu"]]
    _add(report, "python-calamine parse + that bare write, one process", pf["parse"] + pf["write"], m_pf,
         "calamine parse", t_parse, rows)
    (folder / "floor.sqlite3").unlink(missing_ok=True)

    # the same roll imported again over the files it made, unchanged and with every 20th row changed
    import shutil

    def again(name: str, path: Path) -> Callable[[], list[int]]:
        shutil.copy(folder / "import.sqlite3", folder / name)
        opened[name] = Database(f"sqlite:///{folder / name}")

        def go() -> list[int]:
            d = opened[name]
            try:
                r = import_roster(d, path=path, today=AS_OF, actor="bench")
                return [len(r.unchanged), len(r.updated)]
            finally:
                d.dispose()

        return go

    t_bare_read, m_bare_read, n_read = measured(lambda: _bare_read(folder / "import.sqlite3"))
    _add(report, f"sqlite3 read of the roster columns ({n_read:,} files)", t_bare_read, m_bare_read, None, None, rows)
    t_same, m_same, (same, _upd) = measured(again("again.sqlite3", src))
    _add(report, f"roster imported again, unchanged ({same:,} unchanged)", t_same, m_same, "calamine parse",
         t_parse, rows)
    changed_src = write_roster(folder / f"roster-{rows}-changed.xlsx", rows, changed_every=20)
    t_chg, m_chg, (same2, updated) = measured(again("changed.sqlite3", changed_src))
    _add(report, f"roster imported again, 5% changed ({updated:,} updated, {same2:,} unchanged)", t_chg, m_chg,
         "calamine parse", t_parse, rows)

    def exported() -> int:
        d = opened["export"]
        try:
            return export_roster(d, out=folder / "roll.xlsx").files
        finally:
            d.dispose()

    opened["export"] = Database(f"sqlite:///{folder / 'import.sqlite3'}")
    with opened["export"].reader() as s:  # the connection's start-up checks, untimed
        s.execute(text("SELECT 1"))
    t_exp, m_exp, files = measured(exported)
    cpu_exp = _LAST_CPU[:]
    t_bare, m_bare, _ = measured(lambda: _bare_write(folder / "bare.xlsx", files))
    _add(report, f"openpyxl write_only, as many rows as filled ({files:,})", t_bare, m_bare, None, None, rows)
    _LAST_CPU[:] = cpu_exp
    _add(report, f"roster export, streamed ({files:,} files)", t_exp, m_exp, "openpyxl write_only", t_bare, rows)


#: the tables an import into an empty database writes, in the order their foreign keys need
FLOOR_TABLES = ("cadre", "hardship_file", "household_member", "income_fact", "status_event", "pairing",
                "audit_log", "search_doc", "search_fts", "search_gram")


def floor_rows(imported: Path, template: Path) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """(table, columns, rows) of every row the import wrote: the rows of `imported` that the empty database
    `template` it was copied from does not have. search_fts is contentless: its rows are made again from the
    files, as the import makes them (rowid = search_doc.doc)."""
    import sqlite3

    src = sqlite3.connect(imported)
    base = sqlite3.connect(template)
    out: list[tuple[str, list[str], list[tuple[Any, ...]]]] = []
    for table in FLOOR_TABLES:
        if table == "search_fts":
            columns = ["rowid", "name", "employer", "address"]
            rows = src.execute("SELECT d.doc, f.name, f.employer, f.address FROM search_doc d "
                               "JOIN hardship_file f ON f.id = d.file_id ORDER BY d.doc").fetchall()
        else:
            columns = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            have = set(base.execute(f"SELECT * FROM {table}").fetchall())
            order = "rowid" if table != "search_gram" else "gram, doc"
            rows = [r for r in src.execute(f"SELECT * FROM {table} ORDER BY {order}") if r not in have]
        out.append((table, columns, rows))
    src.close()
    base.close()
    return out


def bare_write_floor(written: list[tuple[str, list[str], list[tuple[Any, ...]]]], template: Path,
                     target: Path, *, late_indexes: bool = True) -> dict[str, float]:
    """Insert `written` into a copy of the empty database `template` with bare sqlite3: the pragmas of the
    program's connections (WAL, synchronous NORMAL, foreign keys on, the bulk write's 256 MiB cache), one
    transaction, one executemany per table in batches of 2,000 rows as the import writes them, the search index's
    insert trigger set aside (as `db.search_index.insert_indexed` does), every index in place; with `late_indexes` (as the import into an empty database does), the plain indexes the import sets aside
    (`services.roster_bulk.LATE_INDEXES`) are dropped first and made again after the inserts, in the transaction.
    Returns the seconds of the write (inserts + commit) and of each table."""
    import shutil
    import sqlite3

    shutil.copy(template, target)
    conn = sqlite3.connect(target, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "cache_size=-262144"):
        conn.execute(f"PRAGMA {pragma}")
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'search_file_ai'"
                           ).fetchone()[0]
    parts: dict[str, float] = {}
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DROP TRIGGER search_file_ai")
    indexes: list[str] = []
    if late_indexes:  # the indexes the import sets aside (services/roster_bulk.LATE_INDEXES), made again at the end
        from assist_desktop.services.roster_bulk import LATE_INDEXES

        late = set().union(*LATE_INDEXES.values())
        for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall():
            if name in late:
                conn.execute(f"DROP INDEX {name}")
                indexes.append(sql)
    for table, columns, rows in written:
        t1 = time.perf_counter()
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for k in range(0, len(rows), 2000):
            conn.executemany(sql, rows[k : k + 2000])
        parts[f"  {table} ({len(rows):,} rows)"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    for sql in indexes:
        conn.execute(sql)
    if indexes:
        parts[f"  {len(indexes)} indexes made again"] = time.perf_counter() - t1
    conn.execute(trigger)
    t1 = time.perf_counter()
    conn.execute("COMMIT")
    parts["  commit"] = time.perf_counter() - t1
    parts["write"] = time.perf_counter() - t0
    conn.close()
    return parts


def _bare_read(path: Path) -> int:
    """The bare floor of comparing a roll with what is on file: sqlite3 reading the roster's columns of every file."""
    import sqlite3

    from assist_desktop.exchange.roster_columns import COLUMNS

    conn = sqlite3.connect(path)
    have = {r[1] for r in conn.execute("PRAGMA table_info(hardship_file)")}
    names = [k for _h, k in COLUMNS if k in have] + [k + "_fen" for _h, k in COLUMNS if k + "_fen" in have]
    rows = conn.execute(f"SELECT {', '.join(names)} FROM hardship_file").fetchall()
    conn.close()
    return len(rows)


def _bare_write(path: Path, rows: int) -> None:
    """openpyxl write-only, `rows` rows as filled as the roll's (35 of 72 cells: text, numbers, dates)."""
    from openpyxl import Workbook

    from assist_desktop.exchange.roster_columns import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("roll")
    ws.append([h for h, _ in COLUMNS])
    day = AS_OF
    tail = [None] * (len(COLUMNS) - 35)
    for i in range(rows):
        ws.append(["张三", f"23010219800101{i % 10000:04d}", "男", "汉族", "13800000000", "哈尔滨市南岗区学府路1号",
                   "哈尔滨纺织厂", "国有企业", "制造业", "下岗", "良好", "已婚", "城镇", 0, 12000, 3, 0, 0, "租住私房",
                   "本人患重病", "家庭3口人，收入微薄", "电工", "希望从事保安工作", "稳定", day, "王芳", "哈尔滨锅炉厂",
                   "本人患病多年", "是", "南岗区", "高中", "在职", "无", "否", day, *tail])
    wb.save(path)


def _add(report: list[dict[str, Any]], name: str, seconds: float, peak: int | None, limit_name: str | None,
         limit: float | None, rows: int) -> None:
    cpu = _LAST_CPU.pop() if _LAST_CPU else None
    report.append({"name": name, "seconds": seconds, "limit_name": limit_name or "-", "limit_seconds": limit,
                   "rows": rows, "peak_mb": round(peak / 2**20, 1) if peak is not None else None, "cpu": cpu})
    ratio = f"{seconds / limit:5.1f}x" if limit else "   - "
    mem = f"peak RSS {peak / 2**20:7.1f} MB" if peak is not None else ""
    cpu_text = f"cpu {cpu:8.2f} s" if cpu is not None else " " * 14
    print(f"  {name:<56} {seconds:8.2f} s  {ratio}  {cpu_text}  {mem}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--profile", action="store_true", help="cProfile the import and print the top entries")
    ap.add_argument("--folder", type=Path, default=None)
    a = ap.parse_args()
    report: list[dict[str, Any]] = []
    if a.folder is not None:
        a.folder.mkdir(parents=True, exist_ok=True)
        run(a.rows, a.folder, report, profile=a.profile)
    else:
        with tempfile.TemporaryDirectory() as d:
            run(a.rows, Path(d), report, profile=a.profile)


if __name__ == "__main__":
    main()
