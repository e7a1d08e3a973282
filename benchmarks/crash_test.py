"""Crash test: kill imports and re-evaluation at random moments, then start again and check nothing is lost or half.

    python -m benchmarks.crash_test [--seconds 60] [--files 300] [--seed 1] [--json]

Three kinds of work run in a child process, each started on a fresh copy of a prepared database and sent SIGKILL
at a random moment within its measured duration:
- `package`: `import PACKAGE` of a grassroots union's full package into its county (one transaction);
- `roster`: `roster import ROLL.xlsx` of the same households into a union that does not have them yet;
- `reevaluate`: every file re-evaluated against a raised standard, committed in small batches (so kills fall
  between batches), printing each batch it committed.
After each kill the program's next start runs (`stats --json`: the start path makes the day's backup and completes
unfinished work), and the trial checks:
- `PRAGMA integrity_check` is ok;
- every change the child reported as committed is present: an import it reported is wholly there; one it did not
  report is wholly there or wholly absent (never partly); re-evaluated files equal an uninterrupted run's result;
- no file is half re-evaluated: no `pending_work` marker is left, `stats` says `"pending_reevaluation": false`,
  and a fresh re-evaluation as of the same day changes nothing.
A summary is printed (and `--json` prints it as JSON); the exit code is 1 when a trial failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
AS_OF = dt.date(2026, 11, 20)
KINDS = ("package", "roster", "reevaluate")

#: the killed work: imports through the command line's own `main` (its whole start path, then the verb), the
#: re-evaluation through the service with small batches; each says START once loaded, so kills fall in the work
CLI_CHILD = """
import sys
from assist_desktop.cli import main
print("START", flush=True)
sys.exit(main(sys.argv[1:]))
"""
REEVALUATE_CHILD = """
import datetime as dt, sys
from assist_desktop.db.engine import Database
from assist_desktop.services.lifecycle import reevaluate_all
db = Database(f"sqlite:///{sys.argv[1]}")
print("START", flush=True)
summary = reevaluate_all(db, as_of=dt.date.fromisoformat(sys.argv[2]), actor="crash-test", batch=int(sys.argv[3]),
                         progress=lambda done, total: print(f"BATCH {done} {total}", flush=True))
print("DONE", summary["changed"], flush=True)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("ASSIST_DB", None)
    env.pop("ASSIST_PASSWORD", None)
    return env


def copy_db(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(src)) as a, closing(sqlite3.connect(dest)) as b:
        a.backup(b)
    key = src.with_name(src.name + ".union-key.pem")
    if key.exists():
        shutil.copy(key, dest.with_name(dest.name + ".union-key.pem"))


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return list(conn.execute(sql).fetchall())


def file_states(db: Path) -> dict[str, tuple[Any, ...]]:
    return {r[0]: tuple(r[1:]) for r in rows(db, "SELECT id_number, status, category, status_since FROM hardship_file")}


def _open(path: Path) -> Any:
    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database

    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, backup=False)
    return db


@dataclass
class Setup:
    """The prepared databases and files every trial starts from, and what an uninterrupted run gives."""

    folder: Path
    county: Path  # receives the package
    package: Path
    roster_target: Path  # receives the roster
    roster: Path
    reeval: Path  # to be re-evaluated (a raised standard, not yet applied)
    batch: int
    expected: dict[str, dict[str, tuple[Any, ...]]] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    package_id: str = ""


def prepare(folder: Path, files: int, seed: int) -> Setup:
    """Build the databases with the program's services, in this process (not timed)."""
    from assist_desktop.services.demo import build_demo, remove_demo
    from assist_desktop.services.exchange import export_package
    from assist_desktop.services.keys import ensure_union_key, trust_key
    from assist_desktop.services.roster import export_roster
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    unit_path, county_path = folder / "unit.sqlite3", folder / "county.sqlite3"
    unit, county = _open(unit_path), _open(county_path)
    try:
        init_union(unit, code="230102001", name="锅炉厂工会", level="grassroots", parent_code="230102")
        init_union(county, code="230102", name="南岗区总工会", level="county")
        set_standard(county, lb="720", mw="2080", effective="2025-01-01", today=AS_OF)
        build_demo(unit, files=files, seed=seed, as_of=AS_OF)
        ka, kb = ensure_union_key(unit), ensure_union_key(county)
        trust_key(unit, union_code=kb.union_code, public_key=bytes.fromhex(kb.public_key))
        trust_key(county, union_code=ka.union_code, public_key=bytes.fromhex(ka.public_key))
        package = folder / "up.zip"
        package_id = export_package(unit, out=package, to="230102", full=True).package_id
        roster = folder / "roll.xlsx"
        export_roster(unit, out=roster)
    finally:
        unit.dispose()
        county.dispose()
    # the roster goes back into the same union with its files removed (its units and cadres stay)
    roster_target, reeval = folder / "roster-target.sqlite3", folder / "reeval.sqlite3"
    copy_db(unit_path, roster_target)
    copy_db(unit_path, reeval)
    target, again = _open(roster_target), _open(reeval)
    try:
        remove_demo(target)
        set_standard(again, lb="1100", mw="2300", effective="2026-06-01", today=AS_OF)
    finally:
        target.dispose()
        again.dispose()
    setup = Setup(folder, county_path, package, roster_target, roster, reeval, batch=max(5, files // 15))
    setup.package_id = str(package_id)
    return setup


def command(setup: Setup, kind: str, db: Path) -> list[str]:
    cli = [sys.executable, "-c", CLI_CHILD, "--db", str(db), "--as-of", AS_OF.isoformat()]
    if kind == "package":
        return [*cli, "import", str(setup.package), "--json"]
    if kind == "roster":
        return [*cli, "roster", "import", str(setup.roster), "--accept-valid", "--json"]
    return [sys.executable, "-c", REEVALUATE_CHILD, str(db), AS_OF.isoformat(), str(setup.batch)]


def baseline(setup: Setup, kind: str) -> Path:
    return {"package": setup.county, "roster": setup.roster_target, "reevaluate": setup.reeval}[kind]


def fresh_copy(setup: Setup, kind: str, name: str) -> Path:
    db = setup.folder / name / "trial.sqlite3"
    shutil.rmtree(db.parent, ignore_errors=True)
    copy_db(baseline(setup, kind), db)
    return db


def _started(proc: subprocess.Popen[str]) -> bool:
    """Wait for the child's START line (it has loaded the program); False when it ended before."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return line.strip() == "START"


def calibrate(setup: Setup, kinds: tuple[str, ...]) -> None:
    """One uninterrupted run of each kind: how long its work takes, and the files it leaves."""
    for kind in kinds:
        db = fresh_copy(setup, kind, f"calibrate-{kind}")
        proc = subprocess.Popen(command(setup, kind, db), env=_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        if not _started(proc):
            raise RuntimeError(f"{kind} did not start: {proc.communicate()[1][-800:]}")
        start = time.monotonic()
        _out, err = proc.communicate()
        setup.durations[kind] = time.monotonic() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{kind} failed without a kill: {err.strip()[-800:]}")
        setup.expected[kind] = file_states(db)


@dataclass
class Trial:
    kind: str
    killed_after: float
    killed: bool  # False: the child had finished before the kill
    reported: bool  # the child said its work (or, for re-evaluation, at least one batch) was committed
    outcome: str  # complete / absent / partial / differs
    problems: list[str]
    resumed: bool


def next_start(db: Path) -> tuple[int, str, str]:
    """The program's next start: the command line's start path (`stats --json`), as a clerk's next verb would."""
    from assist_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["--db", str(db), "--as-of", AS_OF.isoformat(), "stats", "--json"])
    return rc, out.getvalue(), err.getvalue()


def fresh_reevaluation_changes(db_path: Path) -> int:
    from assist_desktop.services.lifecycle import reevaluate_all

    db = _open(db_path)
    try:
        return int(reevaluate_all(db, as_of=AS_OF, actor="crash-test")["changed"])
    finally:
        db.dispose()


def run_trial(setup: Setup, kind: str, number: int, rng: random.Random) -> Trial:
    db = fresh_copy(setup, kind, f"trial-{number}")
    before = file_states(db)
    proc = subprocess.Popen(command(setup, kind, db), env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    _started(proc)
    wait = rng.uniform(0, setup.durations[kind] * 1.1)
    time.sleep(wait)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate()
    problems: list[str] = []
    if kind == "reevaluate":
        reported = any(line.startswith("BATCH") and not line.startswith("BATCH 0 ") for line in out.splitlines())
    else:
        reported = '"applied": true' in out or ('"ok": true' in out and kind == "roster")
    rc, stdout, stderr = next_start(db)
    if rc != 0:
        problems.append(f"the next start failed ({rc}): {stderr.strip()[-300:]}")
    resumed = "已完成上次中断的工作" in stderr
    check = rows(db, "PRAGMA integrity_check")
    if [r[0] for r in check] != ["ok"]:
        problems.append(f"integrity_check: {check[:3]}")
    left = rows(db, "SELECT kind, params_json FROM pending_work")
    if left:
        problems.append(f"pending work left after the start: {left}")
    if rc == 0 and json.loads(stdout).get("pending_reevaluation") is not False:
        problems.append("stats says a re-evaluation is pending")
    after = file_states(db)
    expected = setup.expected[kind]
    began = kind != "reevaluate" or "BATCH" in out  # its marker is written before the first BATCH line
    if kind == "reevaluate" and not began and after == before:
        outcome = "not started"  # killed before the work began (or before it said so): nothing was changed
    elif kind == "reevaluate":
        outcome = "complete" if after == expected else "differs"
        if after != expected:
            wrong = sum(1 for k, v in expected.items() if after.get(k) != v)
            problems.append(f"{wrong} files differ from an uninterrupted re-evaluation")
    else:
        if after == expected:
            outcome = "complete"
        elif after == before:
            outcome = "absent"
            if reported:
                problems.append("the child reported the import committed, but it is not there")
        else:
            outcome = "partial"
            problems.append(f"half an import: {len(after)} files, expected {len(before)} or {len(expected)}")
        if kind == "package" and setup.package_id:
            logged = rows(db, f"SELECT count(*) FROM exchange_log WHERE package_id = '{setup.package_id}'")[0][0]
            if (outcome == "complete") != bool(logged):
                problems.append("the exchange log and the files disagree")
    # nothing half re-evaluated: a fresh run changes nothing (a re-evaluation that never began left the files as
    # the old standard judged them, which is consistent too)
    changed = fresh_reevaluation_changes(db) if outcome != "not started" else 0
    if changed:
        problems.append(f"a fresh re-evaluation as of the same day still changes {changed} files")
    shutil.rmtree(db.parent, ignore_errors=True)
    return Trial(kind, round(wait, 3), killed, reported, outcome, problems, resumed)


def run(seconds: float, files: int, seed: int, *, folder: Path | None = None, max_trials: int | None = None,
        kinds: tuple[str, ...] = KINDS) -> dict[str, Any]:
    """Prepare, calibrate, then kill-and-check until `seconds` have passed (or `max_trials` ran)."""
    rng = random.Random(seed)
    own = folder is None
    work = Path(tempfile.mkdtemp(prefix="assist-crash-")) if folder is None else folder
    saved = {k: os.environ.get(k) for k in ("ASSIST_LOG_DIR",)}
    os.environ["ASSIST_LOG_DIR"] = str(work / "logs")  # a bug report of a trial stays with the trial
    try:
        t0 = time.monotonic()
        setup = prepare(work, files, seed)
        calibrate(setup, kinds)
        prepared = time.monotonic() - t0
        trials: list[Trial] = []
        start = time.monotonic()
        # each kind at least once, then random kinds until the time is up
        while ((time.monotonic() - start < seconds or len(trials) < len(kinds))
               and (max_trials is None or len(trials) < max_trials)):
            kind = kinds[len(trials) % len(kinds)] if len(trials) < len(kinds) else rng.choice(kinds)
            trials.append(run_trial(setup, kind, len(trials) + 1, rng))
        failed = [t for t in trials if t.problems]
        return {
            "files": files, "seed": seed, "prepared_s": round(prepared, 1),
            "durations_s": {k: round(v, 2) for k, v in setup.durations.items()},
            "trials": len(trials), "killed": sum(t.killed for t in trials),
            "by_kind": dict(Counter(t.kind for t in trials)),
            "outcomes": dict(Counter(f"{t.kind}:{t.outcome}" for t in trials)),
            "resumed": sum(t.resumed for t in trials), "failed": len(failed),
            "failures": [{"kind": t.kind, "killed_after": t.killed_after, "problems": t.problems} for t in failed],
            "ok": not failed,
        }
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if own:
            shutil.rmtree(work, ignore_errors=True)


def summary_text(result: dict[str, Any]) -> str:
    lines = [
        f"crash test: {result['trials']} trials ({result['killed']} killed mid-way) on {result['files']} files, "
        f"seed {result['seed']}",
        "  uninterrupted durations: " + ", ".join(f"{k} {v} s" for k, v in result["durations_s"].items()),
        "  outcomes: " + ", ".join(f"{k} ×{v}" for k, v in sorted(result["outcomes"].items())),
        f"  interrupted work completed at the next start: {result['resumed']}",
        f"  failed trials: {result['failed']}",
    ]
    for f in result["failures"]:
        lines.append(f"    {f['kind']} killed after {f['killed_after']} s: " + "; ".join(f["problems"]))
    lines.append("OK: every committed change present, integrity ok, nothing half re-evaluated" if result["ok"]
                 else "FAILED")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="time for the kill-and-check trials (default 60)")
    parser.add_argument("--files", type=int, default=300, help="demo files in the databases (default 300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-trials", type=int)
    parser.add_argument("--kinds", default=",".join(KINDS), help="which work to kill (default: all three)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k in KINDS) or KINDS
    result = run(args.seconds, args.files, args.seed, max_trials=args.max_trials, kinds=kinds)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else summary_text(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
