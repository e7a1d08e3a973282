"""The lifecycle decision of one file (`domain.lifecycle.decide`) on its own: a golden snapshot and its CPU time.

    .venv/bin/python benchmarks/bench_decide.py --snapshot /tmp/decide-golden.pickle
    .venv/bin/python benchmarks/bench_decide.py --compare /tmp/decide-golden.pickle
    .venv/bin/python benchmarks/bench_decide.py --time [--repeat 3] [--cases day,lb]

The files are read exactly as the re-evaluation reads them: `services.lifecycle._read_and_decide` itself, batch by
batch (keyset on id), with `decide` wrapped so that every call's arguments and its Decision are kept (the reading is
not copied here). The cases, per database (`--db PATH[:AS_OF]`, several allowed; AS_OF defaults to the latest
`evaluated_on` of its files, or the bench's day for a database never evaluated):

- `day`: the database as it is, on its day;
- `later`: 400 days after it;
- `lb`: LB raised (a standard LB × 800/720, MW × 2200/2080, effective the first of the day's month, added in memory);
- `low`: LB lowered to 500 (many registered files reach the exit line: watch);
- `chain1`..`chain3`: from the states `low` decided (not the database's): 190 days on (watch → exit notice),
  220 days on (notice → closed), then 400 days on with LB 900 (closed → reopened), each from the one before;
- `steps`: every intake and exit step switched on, the legacy scheme, the older relative rule, other boundaries,
  30 days on (the options change, not only the day);
- `first`: the state of a fresh file (status `found`, nothing else) instead of the file's own.

`--snapshot` pickles, per database and case, every Decision in full (before and after state, every event with its
reason and facts including the history texts' codes and params, income, lines, category with its reasons, five
clears, note, pending, proposal, procedure, changed); `--compare` decides again and reports every field that
differs (exit status 1 if any). `--time` replays the recorded calls of each case: CPU µs per file of `decide` alone
(`time.process_time`, the collector paused as `reevaluate_all` pauses it), best of `--repeat`. Benchmarks are not
tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import hashlib
import pickle
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist_desktop.db.engine import Database  # noqa: E402
from assist_desktop.db.models import HardshipFile, table_of  # noqa: E402
from assist_desktop.domain import lifecycle as rules  # noqa: E402
from assist_desktop.domain.options import EXIT_STEPS, INTAKE_STEPS  # noqa: E402
from assist_desktop.services import lifecycle  # noqa: E402
from assist_desktop.services.standards import StandardView, all_standards  # noqa: E402

BENCH_DAY = dt.date(2026, 11, 20)  # benchmarks/bench_reevaluate.py's AS_OF
DEFAULT_DBS = ("/tmp/d-20k.sqlite3", "/tmp/d-20k-fresh.sqlite3", "/tmp/d-1k.sqlite3")
CASES = ("day", "later", "lb", "low", "chain1", "chain2", "chain3", "steps", "first")
BATCH = 2000


def _day_of(path: str) -> dt.date:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        got = conn.execute("SELECT max(evaluated_on) FROM hardship_file").fetchone()[0]
    return dt.date.fromisoformat(got) if got else BENCH_DAY


def _standard(base: StandardView, effective: dt.date, lb: int, mw: int) -> StandardView:
    return dataclasses.replace(base, effective_on=effective, lb_fen=lb, mw_fen=mw)


def _with(standards: list[StandardView], std: StandardView) -> list[StandardView]:
    return sorted([s for s in standards if s.effective_on != std.effective_on] + [std], key=lambda s: s.effective_on)


class Recorder:
    """`services.lifecycle.decide` wrapped: each call's arguments and Decision are kept, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self.decisions: list[rules.Decision] = []
        self._saved: Any = None

    def __enter__(self) -> Recorder:
        self._saved = real = lifecycle.decide

        def recording(*args: Any, **kwargs: Any) -> rules.Decision:
            got = real(*args, **kwargs)
            self.calls.append((args, kwargs))
            self.decisions.append(got)
            return got

        lifecycle.decide = recording  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        lifecycle.decide = self._saved


def read_all(db: Database, standards: list[StandardView], opts: Any, as_of: dt.date) -> Recorder:
    """Every file decided by `_read_and_decide`, batch by batch, as `reevaluate_all` reads them (nothing written)."""
    t = table_of(HardshipFile)
    rec = Recorder()
    with db.reader() as s, rec:
        conn = s.connection()
        last = ""
        while True:
            rows, _ = lifecycle._read_and_decide(conn, [t.c.id > last], BATCH, standards, opts, as_of)
            if not rows:
                break
            last = rows[-1].id
    return rec


def _replay(calls: list[tuple[tuple[Any, ...], dict[str, Any]]], change: Callable[[int, tuple[Any, ...],
            dict[str, Any]], tuple[tuple[Any, ...], dict[str, Any]]]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    return [change(i, a, k) for i, (a, k) in enumerate(calls)]


def _args(args: tuple[Any, ...], kwargs: dict[str, Any], **set_: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """decide's call with some of its parameters replaced (positional ones by name)."""
    names = ("file", "members", "facts", "standards", "opts", "as_of", "state", "five_clear")
    a = list(args)
    k = dict(kwargs)
    for key, value in set_.items():
        if key in names and names.index(key) < len(a):
            a[names.index(key)] = value
        else:
            k[key] = value
    k.pop("context", None)  # a context of the recorded pass belongs to its (standards, options, day)
    return tuple(a), k


def cases_of(path: str, as_of: dt.date | None, wanted: tuple[str, ...]) -> dict[str, list[tuple[tuple[Any, ...],
                                                                                              dict[str, Any]]]]:
    """The decide calls of each case: recorded from the reading for the database's day, derived for the others."""
    db = Database(f"sqlite:///{path}")
    try:
        with db.reader() as s:
            standards = all_standards(s)
            day = as_of or _day_of(path)
            opts = lifecycle.rule_options(s, day)
        base = read_all(db, standards, opts, day).calls
    finally:
        db.dispose()
    top = standards[-1]
    month = day.replace(day=1)
    raised = _with(standards, _standard(top, month, top.lb_fen * 800 // 720, top.mw_fen * 2200 // 2080))
    low = _with(standards, _standard(top, month, 50000, top.mw_fen))
    later_std = _with(low, _standard(top, day + dt.timedelta(days=810), 90000, top.mw_fen * 2200 // 2080))
    fresh = rules.FileState()
    steps_opts = dataclasses.replace(
        opts, steps=frozenset(INTAKE_STEPS), exit_steps=frozenset(EXIT_STEPS), category_scheme="legacy",
        older_relative_rule=True, boundary_deep="le", boundary_relative="le", boundary_exit="gt",
        require_responsible=True,
    )
    out: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}

    def want(name: str) -> bool:
        return name in wanted or (name == "low" and any(c.startswith("chain") for c in wanted)) or (
            name.startswith("chain") and any(c.startswith("chain") and c > name for c in wanted))

    if want("day"):
        out["day"] = _replay(base, lambda i, a, k: _args(a, k))
    if want("later"):
        out["later"] = _replay(base, lambda i, a, k: _args(a, k, as_of=day + dt.timedelta(days=400)))
    if want("lb"):
        out["lb"] = _replay(base, lambda i, a, k: _args(a, k, standards=raised))
    if want("low"):
        out["low"] = _replay(base, lambda i, a, k: _args(a, k, standards=low))
    prev = out.get("low")
    for name, days, stds in (("chain1", 190, low), ("chain2", 410, low), ("chain3", 810, later_std)):
        if not want(name) or prev is None:
            break
        after = [rules.decide(*a, **k).after for a, k in prev]
        out[name] = _replay(base, lambda i, a, k, after=after, days=days, stds=stds: _args(  # type: ignore[misc]
            a, k, standards=stds, as_of=day + dt.timedelta(days=days), state=after[i]))
        prev = out[name]
    if want("steps"):
        out["steps"] = _replay(base, lambda i, a, k: _args(
            a, k, opts=steps_opts, as_of=day + dt.timedelta(days=30)))
    if want("first"):
        out["first"] = _replay(base, lambda i, a, k: _args(a, k, state=fresh))
    return {name: _with_context(calls) for name, calls in out.items() if name in wanted}


def _with_context(calls: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Each call given the one context of its case, as the batch path gives one per pass (code before
    DecisionContext: unchanged)."""
    make = getattr(rules, "DecisionContext", None)
    if make is None or not calls:
        return calls
    contexts: dict[tuple[int, int, dt.date], Any] = {}
    out = []
    for a, k in calls:
        key = (id(a[3]), id(a[4]), a[5])
        context = contexts.get(key)
        if context is None:
            context = contexts[key] = make(a[3], a[4], a[5])
        out.append((a, {**k, "context": context}))
    return out


# --- the full content of a Decision -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as plain data (dataclasses field by field, the category's reasons built)."""
    if isinstance(value, rules.FileState):
        return ("FileState", tuple(sorted(value.as_dict().items())))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, _plain(getattr(value, f.name)))
                                            for f in dataclasses.fields(value)))
    if type(value).__name__ == "CategoryDecision":
        return ("CategoryDecision", value.category, value.rule, list(value.exclusions), value.reason,
                value.reason_en, value.eligible, value.rank)
    if isinstance(value, dict):
        return ("dict", tuple((k, _plain(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_plain(v) for v in value))
    if isinstance(value, (frozenset, set)):
        return (type(value).__name__, tuple(sorted(_plain(v) for v in value)))
    return value


def content(d: rules.Decision, full: bool = False) -> dict[str, Any]:
    """Every field of a Decision as the digest of its plain data's `repr` (strict about types, dates, ints and
    dict order; the whole text with `full`, to show a difference)."""
    out = {f.name: _plain(getattr(d, f.name)) for f in dataclasses.fields(d)}
    out["changed"] = d.changed
    if full:
        return {k: repr(v) for k, v in out.items()}
    return {k: _digest(repr(v)) for k, v in out.items()}


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _file_id(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    file = args[0] if args else kwargs["file"]
    return str(file.id)


def snapshot(cases: dict[str, dict[str, list[Any]]], full: bool = False) -> dict[str, dict[str, list[tuple[str, dict[str, Any]]]]]:
    out: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = {}
    for db, got in cases.items():
        out[db] = {}
        for name, calls in got.items():
            kinds: Counter[str] = Counter()
            rows = out[db][name] = []
            for a, k in calls:
                d = rules.decide(*a, **k)
                rows.append((_file_id(a, k), content(d, full)))
                kinds.update(e.kind for e in d.events)
                kinds["changed"] += d.changed
                if d.pending:
                    kinds["pending " + d.pending] += 1
            print(f"  {Path(db).name} {name}: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())),
                  flush=True)
    return out


def compare(old: dict[str, Any], new: dict[str, Any], limit: int = 20) -> int:
    """Print the differences; return their count."""
    diffs = 0
    for db, got in old.items():
        for name, decisions in got.items():
            mine = new.get(db, {}).get(name)
            if mine is None:
                print(f"{db} {name}: not decided now")
                diffs += 1
                continue
            if len(mine) != len(decisions):
                print(f"{db} {name}: {len(decisions)} decisions then, {len(mine)} now")
                diffs += 1
            case_diffs = 0
            for (fid, was), (fid2, now) in zip(decisions, mine, strict=False):
                if fid != fid2:
                    print(f"{db} {name}: file {fid} then, {fid2} now")
                    case_diffs += 1
                    continue
                for key in sorted(set(was) | set(now)):
                    if was.get(key) != _digest(now.get(key, "")):
                        case_diffs += 1
                        if case_diffs <= limit:
                            print(f"{db} {name} {fid} {key} differs; now: {now.get(key, '')[:2000]}")
            print(f"{db} {name}: {len(decisions):,} decisions, {case_diffs} differences", flush=True)
            diffs += case_diffs
    return diffs


def time_cases(cases: dict[str, dict[str, list[Any]]], repeat: int) -> list[tuple[str, str, int, float, int]]:
    """(db, case, files, best CPU µs per file, files whose decision changes) per case."""
    out = []
    decide = rules.decide
    for db, got in cases.items():
        for name, calls in got.items():
            best = float("inf")
            changed = 0
            for _ in range(repeat):
                gc.collect()
                gc.disable()
                try:
                    c0 = time.process_time()
                    for a, k in calls:
                        decide(*a, **k)
                    cpu = time.process_time() - c0
                finally:
                    gc.enable()
                best = min(best, cpu)
            for a, k in calls:
                d = decide(*a, **k)
                changed += bool(d.events or d.changed)
            out.append((db, name, len(calls), best * 1e6 / max(1, len(calls)), changed))
            print(f"  {Path(db).name:<24} {name:<8} {len(calls):>7,} files  {best * 1e6 / max(1, len(calls)):7.2f} µs "
                  f"a file  ({changed:,} change)", flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--snapshot", metavar="PICKLE", help="write every decision of every case to PICKLE")
    mode.add_argument("--compare", metavar="PICKLE", help="decide again and compare with PICKLE")
    mode.add_argument("--time", action="store_true", help="CPU µs per file of decide alone, per case")
    parser.add_argument("--db", action="append", metavar="PATH[:AS_OF]",
                        help=f"a database (read only; repeatable; default {', '.join(DEFAULT_DBS)})")
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    wanted = tuple(c.strip() for c in args.cases.split(",") if c.strip())
    unknown = set(wanted) - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    dbs = args.db or [p for p in DEFAULT_DBS if Path(p).exists()]
    cases: dict[str, dict[str, list[Any]]] = {}
    for spec in dbs:
        path, _, day = spec.partition(":")
        t0 = time.perf_counter()
        cases[path] = cases_of(path, dt.date.fromisoformat(day) if day else None, wanted)
        print(f"read {path} in {time.perf_counter() - t0:.1f} s: {', '.join(cases[path])}", flush=True)
    if args.time:
        time_cases(cases, args.repeat)
        return 0
    if args.snapshot:
        got = snapshot(cases)
        with open(args.snapshot, "wb") as fh:
            pickle.dump(got, fh, protocol=pickle.HIGHEST_PROTOCOL)
        print(f"wrote {sum(len(v) for c in got.values() for v in c.values()):,} decisions to {args.snapshot}")
        return 0
    with open(args.compare, "rb") as fh:
        old = pickle.load(fh)
    for now in cases:
        if now not in old:
            # a copy of a snapshot's database: /tmp/d7-20k.sqlite3 is compared with /tmp/d-20k.sqlite3's snapshot
            # (the same name after the first "-")
            was = [db for db in old if Path(db).name.partition("-")[2] == Path(now).name.partition("-")[2]]
            if len(was) == 1:
                print(f"comparing {now} with the snapshot of {was[0]}")
                old[now] = old.pop(was[0])
    old = {db: {n: v for n, v in got.items() if n in wanted} for db, got in old.items() if db in cases}
    diffs = compare(old, snapshot(cases, full=True))
    print("IDENTICAL" if diffs == 0 else f"{diffs} DIFFERENCES")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
