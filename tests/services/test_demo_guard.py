"""Demo households never mix with real files: demo refuses a database holding real files, and an export
leaves demo households out unless the database holds only demo data."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from assist_desktop.cli import main
from assist_desktop.db.models import HardshipFile
from assist_desktop.domain.errors import DomainError
from assist_desktop.services.demo import build_demo
from assist_desktop.services.exchange import export_package
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data
from tests.exchange.conftest import members


def _count(db):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(HardshipFile))


def test_demo_refuses_a_database_with_real_files(db):
    create_file(db, data=complete_file_data(), as_of=TODAY, actor="clerk")
    with pytest.raises(DomainError) as info:
        build_demo(db, files=5, seed=1, as_of=TODAY)
    assert info.value.zh == "数据库中已有正式档案，不能再生成演示数据"
    assert _count(db) == 1


def test_demo_may_add_to_demo_data(db):
    build_demo(db, files=5, seed=1, as_of=TODAY)
    build_demo(db, files=5, seed=2, as_of=TODAY)
    assert _count(db) == 10


def test_cli_demo_exits_2_on_a_database_with_real_files(db, capsys):
    create_file(db, data=complete_file_data(), as_of=TODAY, actor="clerk")
    rc = main(["--db", db.url, "--as-of", TODAY.isoformat(), "demo", "--files", "3"])
    _, err = capsys.readouterr()
    assert rc == 2 and "数据库中已有正式档案，不能再生成演示数据" in err
    assert _count(db) == 1


def _exported_names(path):
    rows = members(path)["hardship_file.jsonl"].decode().splitlines()
    return sorted(json.loads(r)["name"] for r in rows if r.strip())


def test_export_leaves_demo_files_out_when_real_files_are_there(db, tmp_path):
    build_demo(db, files=6, seed=4, as_of=TODAY)
    create_file(db, data=complete_file_data(), as_of=TODAY, actor="clerk")  # a real household afterwards
    full = export_package(db, out=tmp_path / "full.zip")
    assert full.counts["hardship_file"] == 1 and full.skipped_demo == 6
    assert _exported_names(tmp_path / "full.zip") == ["张建国"]
    assert full.warnings and "6 份演示档案" in full.warnings[0]
    assert full.to_json()["skipped_demo"] == 6
    # nothing of the demo households travels with it (no members, facts or history of theirs)
    assert members(tmp_path / "full.zip")["income_fact.jsonl"].decode().count("\n") == 1


def test_a_database_of_demo_data_only_exports_it(db, tmp_path):
    build_demo(db, files=6, seed=4, as_of=TODAY)
    result = export_package(db, out=tmp_path / "demo.zip")
    assert result.counts["hardship_file"] == 6 and result.skipped_demo == 0
    assert not [w for w in result.warnings if "演示档案" in w]  # nothing said of demo files left out
