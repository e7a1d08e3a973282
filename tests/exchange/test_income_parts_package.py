"""A package carries the income components and spending categories: the file and its dated facts arrive with
them, and a row of an older release without them arrives with NULL (not given)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

from sqlalchemy import select
from sqlmodel import col

from assist_desktop.db.models import HardshipFile, IncomeFact
from assist_desktop.domain.income import ALL_PARTS
from assist_desktop.services.exchange import export_package, import_package
from assist_desktop.services.files import create_file, update_file
from tests.conftest import TODAY, complete_file_data


def _state(db):
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        facts = list(s.scalars(select(IncomeFact).order_by(col(IncomeFact.as_of))))
        return ({c: getattr(f, c) for c in (*ALL_PARTS, "household_annual_income_fen", "unavoidable_spending_fen")},
                [{c: getattr(x, c) for c in (*ALL_PARTS, "as_of", "household_annual_income_fen")} for x in facts])


def test_a_package_round_trip_keeps_the_components(db, make_db, tmp_path):
    county = make_db("230102", "南岗区总工会", "county", "2301")
    no = create_file(db, data=complete_file_data(household_annual_income="", income_wages="12000",
                                                 income_transfers="1200", spending_schooling="2400",
                                                 last_visit_date="2026-10-01"),
                     as_of=TODAY - dt.timedelta(days=40), actor="clerk").file.file_no
    update_file(db, file_no=no, changes={"income_dibao": "4800"}, as_of=TODAY, actor="clerk")
    sent = _state(db)
    assert sent[0]["household_annual_income_fen"] == 1800000 and sent[0]["income_dibao_fen"] == 480000
    assert [f["income_dibao_fen"] for f in sent[1]] == [None, 480000]
    up = tmp_path / "up.zip"
    export_package(db, out=up)
    with zipfile.ZipFile(up) as z:
        names = [n for n in z.namelist() if "income_fact" in n]
        assert names
        rows = [json.loads(line) for line in z.read(names[0]).decode().splitlines() if line.strip()]
    assert {r["income_wages_fen"] for r in rows} == {1200000}
    report = import_package(county, path=up, today=TODAY, actor="county-clerk")
    assert report.new == [no]
    assert _state(county) == sent


def test_a_package_of_the_previous_release_arrives_without_components(make_db):
    from pathlib import Path

    package = Path(__file__).with_name("data") / "release_0001_package.zip"
    county = make_db("230102", "南岗区总工会", "county", "2301")
    report = import_package(county, path=package, today=TODAY, trust_sender="230102001")
    assert len(report.new) == 2
    with county.reader() as s:
        facts = list(s.scalars(select(IncomeFact)))
        files = list(s.scalars(select(HardshipFile)))
    assert facts and files
    assert all(getattr(x, c) is None for x in (*facts, *files) for c in ALL_PARTS)
    assert all(f.household_annual_income_fen > 0 for f in files)


def test_a_package_import_reports_incomes_that_contradict_each_other(db, make_db, tmp_path):
    from assist_desktop.services.exchange import preview_import
    from tests.conftest import valid_id

    county = make_db("230102", "南岗区总工会", "county", "2301")
    create_file(db, data=complete_file_data(), members=[{"name": "李丽", "relation": "配偶", "monthly_income": "800"}],
                as_of=TODAY)  # (800 + 0) × 12 = 9600 ≤ 18000: fine
    wang = create_file(db, data=complete_file_data(name="王五", id_number=valid_id("23010219750505123"),
                                                   household_annual_income="6000", own_monthly_income="3000"),
                       as_of=TODAY).file.file_no
    up = tmp_path / "up.zip"
    export_package(db, out=up)
    preview = preview_import(county, path=up, today=TODAY)
    assert len(preview.warnings) == 1
    assert preview.warnings[0].startswith(f"档案 {wang}（王五） 本人月收入：") and "6,000.00 元" in preview.warnings[0]
    report = import_package(county, path=up, today=TODAY)
    assert report.applied and len(report.new) == 2  # a warning, not a refusal
    assert report.to_json()["warnings"] == preview.warnings and "注意：" in report.summary()
