"""Demo households are self-consistent (incomes add up, ages fit schools and work) and removable in one step."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from assist_desktop.cli import main
from assist_desktop.db.models import (
    AssistanceRecord,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeFact,
    Pairing,
    StatusEvent,
)
from assist_desktop.services.demo import build_demo, remove_demo
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory):
    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    db = Database("sqlite:///" + str(tmp_path_factory.mktemp("demo") / "d.sqlite3"))
    migrate.upgrade(db)
    init_union(db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    build_demo(db, files=200, seed=3, as_of=TODAY, evaluate=False)
    with db.reader() as s:
        files = {f.id: f for f in s.scalars(select(HardshipFile))}
        members = list(s.scalars(select(HouseholdMember)))
        for f in files.values():
            s.expunge(f)
        for m in members:
            s.expunge(m)
    db.dispose()
    return files, members


def _age(born):
    return (TODAY - born).days // 365


def test_own_pay_and_members_incomes_fit_the_household_income(demo_rows):
    files, members = demo_rows
    assert len(files) == 200
    by_file: dict[str, int] = {}
    for m in members:
        by_file[m.file_id] = by_file.get(m.file_id, 0) + (m.monthly_income_fen or 0)
    for f in files.values():
        assert (f.own_monthly_income_fen or 0) * 12 <= f.household_annual_income_fen, f.file_no
        assert ((f.own_monthly_income_fen or 0) + by_file.get(f.id, 0)) * 12 <= f.household_annual_income_fen


def test_employed_people_have_an_income(demo_rows):
    files, members = demo_rows
    employed = [f for f in files.values() if f.work_status in ("employed", "migrant")]
    assert employed
    assert all((f.own_monthly_income_fen or 0) > 0 for f in employed)
    working = [m for m in members if m.status == "working"]
    assert working
    assert all((m.monthly_income_fen or 0) > 0 for m in working)


@pytest.mark.parametrize(
    ("words", "lo", "hi"),
    [(("小学",), 6, 12), (("初中",), 12, 15), (("高中", "职业高级中学"), 15, 18), (("大学", "学院"), 18, 22)],
)
def test_ages_fit_schools(demo_rows, words, lo, hi):
    _, members = demo_rows
    pupils = [m for m in members if m.school and any(w in m.school for w in words)]
    assert pupils, words
    for m in pupils:
        assert lo <= _age(m.birth_date) < hi, (m.school, _age(m.birth_date))


def test_students_and_preschoolers_are_the_right_age(demo_rows):
    files, members = demo_rows
    for m in members:
        if m.status == "student":
            assert 6 <= _age(m.birth_date) < 22 and m.school
        if m.status == "preschool":
            assert _age(m.birth_date) < 6
        if m.relation in ("son", "daughter"):
            assert _age(files[m.file_id].birth_date) - _age(m.birth_date) >= 18


def _count(db, model):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_remove_demo_deletes_every_demo_household_and_its_records_only(db):
    build_demo(db, files=30, seed=5, as_of=TODAY)
    create_file(db, data=complete_file_data(), as_of=TODAY, actor="clerk")
    assert _count(db, HardshipFile) == 31
    removed = remove_demo(db, actor="clerk")
    assert removed.files == 30 and removed.changes.files
    assert _count(db, HardshipFile) == 1
    for model in (HouseholdMember, IncomeFact, StatusEvent, Pairing, HomeVisit, AssistanceRecord):
        with db.reader() as s:
            owners = set(s.scalars(select(model.file_id)))  # type: ignore[attr-defined]
        assert owners <= {_only_file_id(db)}, model.__name__
    assert remove_demo(db).files == 0


def _only_file_id(db):
    with db.reader() as s:
        return s.scalars(select(HardshipFile.id)).one()


def test_cli_demo_remove(tmp_path, capsys):
    path = tmp_path / "c.sqlite3"

    def run(*args):
        rc = main(["--db", str(path), "--as-of", TODAY.isoformat(), *args])
        return rc, capsys.readouterr()

    assert run("init", "--union-code", "230102001", "--union-name", "厂工会", "--level", "grassroots",
               "--parent-code", "230102")[0] == 0
    assert run("demo", "--files", "12")[0] == 0
    rc, (out, _) = run("demo", "--remove", "--json")
    assert rc == 0 and json.loads(out)["removed_files"] == 12
    rc, (out, _) = run("stats", "--json")
    assert json.loads(out)["files"] == 0
