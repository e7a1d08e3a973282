"""Safe start-up: no database made by mistake, another program's file and a newer version's file refused
untouched and uncopied, a damaged file named at start."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from assist_desktop.cli.core import main


def run(capsys, path, *args):
    rc = main(["--db", str(path), "--as-of", "2026-11-20", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ours(tmp_path, capsys) -> Path:
    path = tmp_path / "ours.sqlite3"
    rc, _, err = run(capsys, path, "init", "--union-code", "230102001", "--union-name", "锅炉厂工会",
                     "--level", "grassroots")
    assert rc == 0, err
    return path


def test_a_missing_path_is_created_only_by_init(tmp_path, capsys):
    path = tmp_path / "typo" / "assist.sqlite3"
    for verb in (["stats"], ["file", "list"], ["demo", "--files", "3"]):
        rc, _, err = run(capsys, path, *verb)
        assert rc == 2 and f"没有数据库：{path}" in err and "init" in err
        assert "Traceback" not in err
    assert not path.exists() and not path.parent.exists()
    rc, _, err = run(capsys, path, "init", "--union-code", "230102001", "--union-name", "锅炉厂工会",
                     "--level", "grassroots")
    assert rc == 0, err
    assert run(capsys, path, "stats")[0] == 0


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, capsys):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('hello')")
    conn.close()
    before = digest(path)
    for verb in (["stats"], ["init", "--union-code", "1", "--union-name", "某工会", "--level", "grassroots"]):
        rc, _, err = run(capsys, path, *verb)
        assert rc == 2 and "不是本程序的数据库" in err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]  # no -wal, no backups folder


def test_a_newer_versions_file_is_refused_without_a_copy_or_traceback(ours, capsys):
    with sqlite3.connect(ours) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = digest(ours)
    backups = ours.parent / "backups"
    copies = sorted(backups.iterdir()) if backups.exists() else []
    for _ in range(3):
        rc, _, err = run(capsys, ours, "stats")
        assert rc == 2 and "较新版本" in err and "0099" in err and "Traceback" not in err
    assert digest(ours) == before
    assert (sorted(backups.iterdir()) if backups.exists() else []) == copies
    rc, _, err = run(capsys, ours, "--lang", "en", "stats")
    assert rc == 2 and "written by a newer version" in err and "install that version or later" in err


def test_a_damaged_file_is_named_at_start(ours, capsys):
    rc, _, err = run(capsys, ours, "demo", "--files", "300")
    assert rc == 0, err
    with sqlite3.connect(ours) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_hardship_file_name'").fetchone()[0]
    conn.close()
    data = bytearray(ours.read_bytes())
    start = (root - 1) * page_size
    data[start + 8:start + page_size] = b"\xff" * (page_size - 8)  # the page of an index, overwritten
    ours.write_bytes(bytes(data))
    rc, _, err = run(capsys, ours, "stats")
    assert rc == 3 and "损坏" in err and "Traceback" not in err


def test_the_window_refuses_a_newer_file_with_a_message(ours, monkeypatch):
    from assist_desktop import app

    with sqlite3.connect(ours) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    assert app.open_database_for_gui(str(ours)) is None
    assert len(shown) == 1 and "较新版本" in shown[0]
    assert not (ours.parent / "backups").exists() or not list((ours.parent / "backups").iterdir())
