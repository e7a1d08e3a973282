"""Backups and restore: backup → restore gives the same database; damaged, foreign and newer files are refused
untouched; rotation keeps N per kind and never the newest good one; a daily backup once a day; a backup before
every import."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from assist_desktop.cli import main
from assist_desktop.db import backup as mech
from assist_desktop.db.engine import Database
from assist_desktop.domain.errors import DomainError
from assist_desktop.services import backup
from assist_desktop.services.common import set_option
from assist_desktop.services.demo import build_demo, remove_demo
from tests.conftest import TODAY
from tests.exchange.conftest import make_db as make_db  # the fixture, for the package import


def table_contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (sorted), read with plain sqlite3."""
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, path: Path, *args: str) -> tuple[int, str, str]:
    rc = main(["--db", str(path), "--as-of", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def filled(db: Database) -> Database:
    if not db.is_sqlite:
        pytest.skip("SQLite backups (PostgreSQL: pg_dump, see the user guide)")
    build_demo(db, files=40, seed=2, as_of=TODAY)
    return db


def test_backup_then_restore_gives_an_identical_database(filled, tmp_path, capsys):
    path = filled.sqlite_file
    out = tmp_path / "saved" / "copy.sqlite3"
    out.parent.mkdir()
    rc, stdout, err = run(capsys, path, "backup", "--out", str(out), "--json")
    assert rc == 0, err
    made = json.loads(stdout)
    assert made["good"] is True and made["files"] == 40 and Path(made["path"]) == out
    saved = table_contents(path)
    assert table_contents(out) == saved
    remove_demo(filled)  # the database moves on
    assert table_contents(path)["hardship_file"] == []
    filled.dispose()  # this test's own connections would count as another program having the file open
    rc, stdout, err = run(capsys, path, "restore", str(out), "--json")
    assert rc == 0, err
    done = json.loads(stdout)
    assert done["files"] == 40 and done["kept_copy"]
    assert table_contents(path) == saved
    # what it replaced was kept, and is itself a good backup
    kept = Path(done["kept_copy"])
    assert table_contents(kept)["hardship_file"] == [] and mech.inspect(kept, known=backup.known_revision).good
    # the restored database is usable at once
    rc, stdout, _ = run(capsys, path, "stats", "--json")
    assert rc == 0 and json.loads(stdout)["files"] == 40


def test_restore_of_a_newer_versions_file_is_refused_without_a_copy(filled, tmp_path, capsys):
    newer = tmp_path / "newer.sqlite3"
    backup.backup_now(filled, out=newer)
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.close()
    filled.dispose()
    # the day's backup (by the day's first verb that writes: issue 12) and the day's catch-up now, not by the restore
    run(capsys, filled.sqlite_file, "cadre", "add", "--name", "王芳")
    run(capsys, filled.sqlite_file, "stats")
    contents = table_contents(filled.sqlite_file)
    folder = backup.backup_folder(filled)
    listed = sorted(folder.iterdir())
    before = digest(filled.sqlite_file)
    rc, _out, err = run(capsys, filled.sqlite_file, "restore", str(newer))
    assert rc == 2 and "较新版本" in err and "0099" in err and "Traceback" not in err
    assert sorted(folder.iterdir()) == listed  # no copy made
    assert digest(filled.sqlite_file) == before and table_contents(filled.sqlite_file) == contents


def test_a_damaged_backup_is_refused(filled, tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    backup.backup_now(filled, out=bad)
    with sqlite3.connect(bad) as con:
        page = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_hardship_file_name'").fetchone()[0]
    con.close()
    data = bytearray(bad.read_bytes())
    data[(root - 1) * page + 8:root * page] = b"\xff" * (page - 8)
    bad.write_bytes(bytes(data))
    contents = table_contents(filled.sqlite_file)
    filled.dispose()
    rc, _out, err = run(capsys, filled.sqlite_file, "restore", str(bad))
    assert rc == 2 and "损坏" in err and "Traceback" not in err
    assert table_contents(filled.sqlite_file) == contents
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    rc, _out, err = run(capsys, filled.sqlite_file, "restore", str(junk))
    assert rc == 2 and "Traceback" not in err
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE notes (x)")
    con.close()
    rc, _out, err = run(capsys, filled.sqlite_file, "restore", str(foreign))
    assert rc == 2 and "不是本程序的数据库" in err
    assert table_contents(filled.sqlite_file) == contents


def test_restore_is_refused_while_another_connection_has_the_database_open(filled, tmp_path):
    out = tmp_path / "copy.sqlite3"
    backup.backup_now(filled, out=out)
    other = sqlite3.connect(filled.sqlite_file)  # as another program or window would
    other.execute("SELECT count(*) FROM hardship_file").fetchone()
    try:
        with pytest.raises(DomainError) as info:
            backup.restore_backup(filled, path=out)
        assert "其他程序或窗口" in info.value.zh
    finally:
        other.close()
    backup.restore_backup(filled, path=out)  # closed: now it can


def _make(folder: Path, db_file: Path, label: str, when: dt.datetime, *, good: bool = True) -> Path:
    target = mech.target_for(folder, db_file, label, now=when)
    folder.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db_file) as src:
        mech.copy_sqlite(src, target)
    src.close()
    if not good:
        target.write_bytes(b"\x00" * 4096)
    return target


def test_rotation_keeps_n_per_kind_and_never_the_newest_good_one(filled):
    set_keep(filled, 3)
    folder, src = backup.backup_folder(filled), filled.sqlite_file
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    good = [_make(folder, src, "pre-import", start + dt.timedelta(hours=k)) for k in range(2)]
    bad = [_make(folder, src, "pre-import", start + dt.timedelta(hours=2 + k), good=False) for k in range(4)]
    other = _make(folder, src, "daily", start)
    deleted = mech.rotate(folder, src, "pre-import", keep=3, known=backup.known_revision)
    left = [p for p in mech.automatic(folder, src) if "-pre-import-" in p.name]
    # the newest three (all damaged) stay, and the newest good one is kept besides them
    assert left == [good[1], *bad[1:]]
    assert set(deleted) == {good[0], bad[0]} and other.exists()
    # once a good one is among the newest three, the older ones go
    newest = backup.auto_backup(filled, label="pre-import")
    assert newest is not None and newest.good
    left = [p for p in mech.automatic(folder, src) if "-pre-import-" in p.name]
    assert left == [*bad[2:], newest.path]


def set_keep(db: Database, n: int) -> None:
    with db.transaction() as s:
        set_option(s, "backup_keep", n)


def test_the_daily_backup_happens_once_a_day(filled):
    first = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    made = backup.daily_backup(filled, now=first)
    assert made is not None and made.good and made.files == 40
    assert backup.daily_backup(filled, now=first + dt.timedelta(hours=3)) is None
    days = [b for b in backup.list_backups(filled) if b.label == "daily"]
    assert len(days) == 1
    # the next day: named by its own day (the file name carries the UTC time)
    target = mech.target_for(backup.backup_folder(filled), filled.sqlite_file, "daily",
                             now=first + dt.timedelta(days=1))
    assert "20261121" in target.name


def test_the_first_start_of_the_day_backs_up(filled, capsys):
    folder = backup.backup_folder(filled)
    # the first verb of the day that writes (read-only verbs never copy the database: issue 12)
    for k in range(3):
        assert run(capsys, filled.sqlite_file, "cadre", "add", "--name", "王芳李"[: k + 2])[0] == 0
    days = [p for p in mech.automatic(folder, filled.sqlite_file) if "-daily-" in p.name]
    assert len(days) == 1
    rc, out, _ = run(capsys, filled.sqlite_file, "backup", "list", "--json")
    listed = json.loads(out)["backups"]
    assert rc == 0 and [b["label"] for b in listed] == ["daily"] and listed[0]["good"] and listed[0]["files"] == 40


def test_a_backup_is_made_before_a_package_import(make_db, tmp_path):  # noqa: F811
    from assist_desktop.services.exchange import export_package, import_package

    unit = make_db("230102001", "锅炉厂工会", "grassroots", "230102")
    county = make_db("230102", "南岗区总工会", "county")
    if not county.is_sqlite:
        pytest.skip("SQLite backups")
    build_demo(unit, files=5, seed=1, as_of=TODAY)
    pkg = tmp_path / "up.zip"
    export_package(unit, out=pkg, to="230102")
    before = table_contents(county.sqlite_file)
    import_package(county, path=pkg, today=TODAY)
    [made] = [b for b in backup.list_backups(county) if b.label == "pre-import"]
    assert made.good and table_contents(made.path) == before
    assert table_contents(county.sqlite_file)["hardship_file"] != before["hardship_file"]


def test_a_backup_is_made_before_a_roster_import(filled, tmp_path):
    from assist_desktop.services.roster import import_roster

    roster = tmp_path / "empty.csv"
    roster.write_text("姓名,身份证号\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - whatever the roster's verdict, the copy came first
        import_roster(filled, path=roster, today=TODAY)
    [made] = [b for b in backup.list_backups(filled) if b.label == "pre-roster"]
    assert made.good and made.files == 40


def test_postgresql_without_pg_dump_on_path_says_so(monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setenv("PATH", "")
    server = SimpleNamespace(url="postgresql+psycopg://clerk:secret@db.example/assist")
    with pytest.raises(DomainError) as info:
        backup._pg("pg_dump", server, ["-Fc", "-f", "x.dump"])
    assert "pg_dump" in info.value.zh and "PATH" in info.value.zh and "secret" not in info.value.zh


def test_the_libpq_url_keeps_the_password_off_the_command_line():
    from types import SimpleNamespace

    url, env = backup._libpq_url(SimpleNamespace(url="postgresql+psycopg://clerk:secret@db.example:5433/assist"))
    assert url == "postgresql://clerk@db.example:5433/assist" and env["PGPASSWORD"] == "secret"


def test_a_manual_backup_carries_the_union_keys_and_a_restore_puts_them_back(filled, tmp_path, capsys):
    """A new office PC: the database and its keys are lost, `init` makes a new union key, the backup is restored;
    the keys that match the restored database come back with it (the new ones are kept aside)."""
    from assist_desktop.services.keys import (
        encryption_key_path,
        ensure_union_key,
        key_files,
        private_key_path,
    )

    ensure_union_key(filled)
    originals = {p.name: p.read_bytes() for p in key_files(filled)}
    assert len(originals) == 2
    out = tmp_path / "usb" / "copy.sqlite3"
    out.parent.mkdir()
    rc, _stdout, err = run(capsys, filled.sqlite_file, "backup", "--out", str(out), "--json")
    assert rc == 0, err
    copies = sorted(p.name for p in out.parent.iterdir() if p.name != out.name)
    assert copies == ["copy.sqlite3.union-enc-key.pem", "copy.sqlite3.union-key.pem"]
    assert all(oct((out.parent / c).stat().st_mode & 0o777) == "0o600" for c in copies)
    # the PC is lost and set up again: its new keys differ
    filled.dispose()
    private_key_path(filled).write_bytes(b"a key made on the new PC")
    encryption_key_path(filled).unlink()
    rc, stdout, err = run(capsys, filled.sqlite_file, "restore", str(out), "--json")
    assert rc == 0, err
    assert sorted(Path(p).name for p in json.loads(stdout)["keys_restored"]) == sorted(originals)
    assert private_key_path(filled).read_bytes() == originals[private_key_path(filled).name]
    assert encryption_key_path(filled).read_bytes() == originals[encryption_key_path(filled).name]
    assert [p for p in filled.sqlite_file.parent.iterdir() if ".replaced-" in p.name]  # the new keys kept aside


def test_a_server_database_backs_up_with_pg_dump_and_restores_with_pg_restore(db, tmp_path):
    """PostgreSQL: `backup --out` wraps pg_dump -Fc and `restore` pg_restore; the restored database has what the
    dump had, and a dump of what it replaced is kept."""
    import shutil

    from sqlalchemy import func, select

    from assist_desktop.db.models import HardshipFile

    if db.is_sqlite:
        pytest.skip("the SQLite path is tested above")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump / pg_restore not on PATH")
    build_demo(db, files=12, seed=3, as_of=TODAY)

    def files() -> int:
        with db.reader() as s:
            return int(s.scalar(select(func.count()).select_from(HardshipFile)) or 0)

    made = backup.backup_now(db, out=tmp_path / "server.dump")
    assert made.info.path.stat().st_size > 0 and files() == 12
    remove_demo(db)
    assert files() == 0
    done = backup.restore_backup(db, path=made.info.path)
    assert files() == 12
    assert done.kept is not None and done.kept.stat().st_size > 0
