"""Typed contracts: unions, users, standards, assistance and demo return frozen read models with the Changes
they made; the command line builds the same JSON from them as before."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from assist_desktop.cli import main
from assist_desktop.db.models import HardshipFile, UserAccount
from assist_desktop.services.assistance import AssistanceView, VisitRecorded, add_assistance, add_visit
from assist_desktop.services.demo import DemoBuilt, build_demo
from assist_desktop.services.files import create_file
from assist_desktop.services.standards import list_standards, set_standard
from assist_desktop.services.unions import (
    CadreView,
    UnionView,
    add_cadre,
    add_union,
    cadre_left,
    get_home_union,
    list_cadres,
    list_unions,
)
from assist_desktop.services.users import UserView, add_user, list_users, set_password, sign_in
from tests.conftest import TODAY, complete_file_data

FILE = "230102001-000001"


def test_unions_and_cadres_are_read_models_with_changes(db):
    unit = add_union(db, code="23010201", name="一车间工会", level="grassroots", parent_code="230102001")
    assert isinstance(unit, UnionView) and unit.changes.unions and not unit.changes.files
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.name = "x"  # type: ignore[misc]
    listed = {u.code: u for u in list_unions(db)}
    assert listed["23010201"] == unit and listed["23010201"].changes.empty
    home = get_home_union(db)
    assert home is not None and home.is_home and home.code == "230102001"
    assert set(home.to_json()) == {"code", "name", "level", "parent_code", "is_home", "contact_phone", "address",
                                   "id"}
    cadre = add_cadre(db, name="李四", union_code="23010201", phone="13900001111")
    assert isinstance(cadre, CadreView) and cadre.union_id == unit.id and cadre.changes.pairing
    left = cadre_left(db, person=cadre.id, on=TODAY)
    assert left.active is False and left.left_on == TODAY and left.changes.unions
    assert list_cadres(db) == [] and list_cadres(db, include_left=True) == [left]


def test_users_return_views_and_changes(db):
    user = add_user(db, username="wangfang", display_name="王芳", password="secret123", role="录入员")
    assert user == UserView("wangfang", "王芳", "clerk", True) and user.changes.users
    assert list_users(db) == [user] and list_users(db)[0].changes.empty
    from assist_desktop.services.access import Actor

    changed = set_password(db, username="wangfang", password="another456", actor=Actor("boss", "admin"))
    assert changed.users and not changed.files
    assert sign_in(db, username="wangfang", password="another456").role == "clerk"
    with db.reader() as s:
        assert s.scalars(select(UserAccount)).one().password_hash.startswith("$argon2id$")


def test_standard_set_says_standards_changed(db):
    std = set_standard(db, lb="800", mw="2200", effective="2026-07-01", today=TODAY, exit_multiple="1.5")
    assert std.changes.standards and not std.changes.files
    assert std.lb_fen == 80_000 and std.exit_multiple_pct == 150
    assert list_standards(db)[-1] == std  # the comparison ignores the change set


def test_assistance_and_visit_name_the_file_they_changed(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-10-02"), as_of=TODAY)
    with db.reader() as s:
        file_id = s.scalars(select(HardshipFile.id)).one()
    rec = add_assistance(db, file_no=FILE, kind="money", amount="100.50", fund="union", today=TODAY)
    assert isinstance(rec, AssistanceView) and rec.amount_fen == 10_050 and rec.file_no == FILE
    assert rec.changes.file_ids == frozenset({file_id}) and rec.changes.care
    assert rec.to_json()["file_no"] == FILE and "created_at" not in rec.to_json()
    assert "created_at" in rec.to_json(listed=True) and "file_no" not in rec.to_json(listed=True)
    visit = add_visit(db, file_no=FILE, visitor="赵敏", visited_on="2026-11-10", today=TODAY)
    assert isinstance(visit, VisitRecorded) and visit.changes.file_ids == frozenset({file_id})
    data = visit.to_json()
    assert data["status"] == visit.status and data["events"] == list(visit.events) and data["file_no"] == FILE


def test_demo_returns_counts_and_changes(db):
    built = build_demo(db, files=12, seed=5, as_of=TODAY)
    assert isinstance(built, DemoBuilt) and built.files == 12 and built.changes.files
    data = built.to_json()
    assert data["files"] == 12 and data["cadres"] == built.cadres >= 3 and data["units"] == built.units
    assert data["transitions_evaluated"] == 12


def run(capsys, db_path, *args):
    rc = main(["--db", str(db_path), "--as-of", "2026-11-20", *args])
    out, err = capsys.readouterr()
    assert rc == 0, err
    return json.loads(out)


def test_cli_json_keys_are_unchanged(tmp_path, capsys):
    path = tmp_path / "c.sqlite3"
    data = run(capsys, path, "init", "--union-code", "230102", "--union-name", "南岗区总工会", "--level", "county",
               "--json")
    union_keys = {"code", "name", "level", "parent_code", "is_home", "contact_phone", "address", "id"}
    assert data["ok"] is True and set(data["union"]) == union_keys and data["union"]["is_home"] is True
    data = run(capsys, path, "union", "list", "--json")
    assert [set(u) for u in data["unions"]] == [union_keys]
    data = run(capsys, path, "cadre", "add", "--name", "李四", "--title", "主席", "--json")
    cadre_keys = {"name", "role", "title", "phone", "active", "left_on", "id", "union_id"}
    assert set(data["cadre"]) == cadre_keys and data["cadre"]["title"] == "主席"
    assert [set(c) for c in run(capsys, path, "cadre", "list", "--json")["cadres"]] == [cadre_keys]
    run(capsys, path, "standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01", "--json")
    data = run(capsys, path, "demo", "--files", "5", "--json")
    assert data["ok"] is True and data["files"] == 5 and {"cadres", "units", "transitions_evaluated"} <= set(data)
    file_no = run(capsys, path, "file", "list", "--limit", "1", "--json")["files"][0]["file_no"]
    data = run(capsys, path, "assist", "add", file_no, "--kind", "money", "--amount", "100.5", "--json")
    assert set(data["record"]) == {"id", "file_no", "given_on", "kind", "amount_fen", "fund_source", "helper",
                                   "items", "note", "created_by"}
    assert data["record"]["amount_fen"] == 10050 and data["record"]["given_on"] == "2026-11-20"
    records = run(capsys, path, "assist", "list", file_no, "--json")["records"]
    assert set(records[-1]) == {"id", "given_on", "kind", "amount_fen", "fund_source", "helper", "items", "note",
                                "created_at", "created_by"}
    data = run(capsys, path, "visit", "add", file_no, "--visitor", "赵敏", "--json")
    assert set(data["visit"]) == {"id", "file_no", "follow_up", "status", "events", "visited_on", "visitor",
                                  "living_situation", "needs", "explained", "state_of_mind", "created_by"}
    visits = run(capsys, path, "visit", "list", file_no, "--json")["visits"]
    assert set(visits[-1]) == {"id", "visited_on", "visitor", "living_situation", "needs", "explained",
                               "state_of_mind", "follow_up", "created_at", "created_by"}
