"""The command line's day's backup is cheap for scripts: read-only verbs never copy the database, a write verb
copies it only when it changed since the newest good backup, `--no-backup` / ASSIST_NO_BACKUP skip it, and what
was done is said on stderr, never in the verb's --json output."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assist_desktop.cli import core, main
from assist_desktop.db import backup as mech
from assist_desktop.db.engine import Database
from assist_desktop.services import backup
from tests.conftest import complete_file_data

FILE = "230102001-000001"
DAY1 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    path = tmp_path / "cli.sqlite3"
    clock = {"now": DAY1}
    monkeypatch.setattr(mech, "utcnow", lambda: clock["now"])
    monkeypatch.delenv("ASSIST_NO_BACKUP", raising=False)
    monkeypatch.setattr(core, "BACKUP_NOTE_SECONDS", 0.0)  # said however quick (by default: when it took 2 s)

    def run(*args, as_of="2026-01-05", lang="zh"):
        capsys.readouterr()
        code = main(["--db", str(path), "--as-of", as_of, "--user", "clerk", "--lang", lang, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.path = path
    run.clock = clock
    assert run("init", "--union-code", "230102001", "--union-name", "锅炉厂工会", "--level", "grassroots")[0] == 0
    return run


def dailies(cli) -> list:
    return [p for p in mech.automatic(cli.path.parent / "backups", cli.path) if "-daily-" in p.name]


def test_read_only_verbs_never_back_up_and_the_first_write_does_with_a_note_on_stderr(cli):
    for verb in (["stats", "--json"], ["union", "list"], ["standards", "list"], ["backup", "list"]):
        code, _, err = cli(*verb)
        assert code == 0 and "备份" not in err, (verb, err)
    assert dailies(cli) == []
    code, out, err = cli("standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01", "--json")
    assert code == 0
    json.loads(out)  # stdout is the verb's JSON alone
    assert "已完成今日备份" in err and str(dailies(cli)[0]) in err
    assert len(dailies(cli)) == 1
    fields = complete_file_data(last_visit_date="2026-01-02")
    code, _, err = cli("file", "add", *[f"{k}={v}" for k, v in fields.items()])
    assert code == 0 and "备份" not in err  # once a day
    code, _, err = cli("status", FILE, "--json")
    assert code == 0 and len(dailies(cli)) == 1


def test_a_write_verb_backs_up_only_when_the_database_changed_since_the_newest_backup(cli):
    assert cli("standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")[0] == 0
    assert len(dailies(cli)) == 1  # made before the standard was written
    cli.clock["now"] = DAY1 + dt.timedelta(days=1)
    code, _, err = cli("reevaluate", "--json", lang="en")
    assert code == 0 and "day's backup made" in err  # the standard was written since
    assert len(dailies(cli)) == 2
    newest = mech.recall(dailies(cli)[-1])
    assert newest.good and newest.state == mech.data_state(cli.path)  # reevaluate moved nothing
    cli.clock["now"] = DAY1 + dt.timedelta(days=2)
    code, _, err = cli("reevaluate")
    assert code == 0 and "备份" not in err and len(dailies(cli)) == 2  # nothing changed: no copy
    # a change, and the next day's first write backs up again
    assert cli("cadre", "add", "--name", "李四")[0] == 0
    assert len(dailies(cli)) == 2
    cli.clock["now"] = DAY1 + dt.timedelta(days=3)
    assert cli("cadre", "add", "--name", "王五")[0] == 0
    assert len(dailies(cli)) == 3


def test_no_backup_option_and_environment_variable(cli, monkeypatch):
    # the option is global: before the verb
    assert main(["--db", str(cli.path), "--no-backup", "--user", "clerk", "cadre", "add", "--name", "甲"]) == 0
    assert dailies(cli) == []
    monkeypatch.setenv("ASSIST_NO_BACKUP", "1")
    assert cli("cadre", "add", "--name", "乙")[0] == 0
    assert dailies(cli) == []
    monkeypatch.setenv("ASSIST_NO_BACKUP", "0")  # "0" and "" mean: back up
    code, _, err = cli("cadre", "add", "--name", "丙")
    assert code == 0 and "已完成今日备份" in err and len(dailies(cli)) == 1


def test_the_state_of_a_backup_is_the_state_of_the_database_it_copied(db: Database, tmp_path):
    if not db.is_sqlite:
        pytest.skip("SQLite backups")
    from assist_desktop.services.unions import add_cadre

    made = backup.daily_backup(db, now=DAY1)
    assert made is not None and made.state is not None and made.state == mech.data_state(db.sqlite_file)
    assert backup.unchanged_since_backup(db)
    assert backup.daily_backup(db, now=DAY1 + dt.timedelta(days=1)) is None  # unchanged: no copy
    add_cadre(db, name="赵六")
    assert not backup.unchanged_since_backup(db)
    again = backup.daily_backup(db, now=DAY1 + dt.timedelta(days=1))
    assert again is not None and again.state != made.state
    # asked to, it copies whatever the state
    assert backup.daily_backup(db, now=DAY1 + dt.timedelta(days=2), only_if_changed=False) is not None


def test_the_quick_check_runs_once_a_day_per_database_file(cli, monkeypatch):
    import datetime as _dt

    from assist_desktop.db import startup

    checked: list[str] = []
    real = startup.quick_check
    monkeypatch.setattr(startup, "quick_check", lambda db: (checked.append(str(db.sqlite_file)), real(db)))
    marker = cli.path.with_name(f".{cli.path.name}.checked")
    assert marker.exists()  # `init`, the first verb of the day, checked
    for verb in (["stats"], ["cadre", "add", "--name", "周强"], ["stats"], ["union", "list"]):
        assert cli(*verb)[0] == 0
    assert checked == []  # not again the same day, nor after the program's own writes
    import os

    st = cli.path.stat()
    os.utime(cli.path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # touched by another program
    assert cli("stats")[0] == 0
    assert len(checked) == 1
    checked.clear()
    db = Database(f"sqlite:///{cli.path}")
    try:
        assert core.quick_check_when_needed(db, today=_dt.date.today() + _dt.timedelta(days=1))  # the next day
        assert not core.quick_check_when_needed(db, today=_dt.date.today() + _dt.timedelta(days=1))
    finally:
        db.dispose()
    # another file in its place (a copy moved over it) is checked again
    copy = cli.path.with_name("other.sqlite3")
    copy.write_bytes(cli.path.read_bytes())
    copy.replace(cli.path)
    assert cli("stats")[0] == 0
    assert len(checked) == 2
