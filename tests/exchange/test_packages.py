"""Export packages and merge them level by level: round trip, idempotence, incremental, conflicts."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import jsonschema
import pytest
from sqlalchemy import select, text, update

from assist_desktop.db.models import ExchangeLog, HardshipFile, IncomeFact
from assist_desktop.exchange.package import MANIFEST, PackageError, build_schemas, load_schema
from assist_desktop.services.demo import build_demo
from assist_desktop.services.exchange import (
    export_package,
    export_review,
    import_package,
    import_review,
    preview_import,
    review_files,
)
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.search import search_files
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump, members, provenance, snapshots

GRASSROOTS = "230102001"


@pytest.fixture
def grassroots(db):
    """The grassroots union of conftest with generated households and two files entered by hand.

    The generated households stand for real ones here: their income records lose the demo mark, as
    demo households are never sent up beside real files."""
    build_demo(db, files=25, seed=3, as_of=TODAY)
    with db.transaction() as s:
        s.execute(update(IncomeFact).where(IncomeFact.source == "demo").values(source="manual"))
    create_file(
        db,
        data=complete_file_data(),
        members=[{"name": "李丽", "relation": "配偶", "monthly_income": "800"}],
        as_of=TODAY,
        actor="clerk",
    )
    create_file(
        db,
        data=complete_file_data(
            name="王芳", id_number=valid_id("23010219800101124"), family_situation='=HYPERLINK("http://x")'
        ),
        as_of=TODAY,
    )
    return db


@pytest.fixture
def county(make_db):
    return make_db("230102", "南岗区总工会", "county", "2301")


@pytest.fixture
def city(make_db):
    return make_db("2301", "哈尔滨市总工会", "city", "23")


def test_schema_files_are_generated_from_the_models():
    for name, schema in build_schemas().items():
        assert load_schema(name) == schema, (
            f"regenerate {name}: python -c 'from assist_desktop.exchange.package "
            "import write_schemas; write_schemas()'"
        )


def test_manifest_and_rows_validate_against_the_published_schema(grassroots, tmp_path):
    path = tmp_path / "up.zip"
    result = export_package(grassroots, out=path)
    assert result.full and result.receiver == "230102"
    parts = members(path)
    manifest = json.loads(parts[MANIFEST])
    jsonschema.validate(manifest, load_schema("manifest.schema.json"))
    assert manifest["sender"]["code"] == GRASSROOTS and manifest["counts"]["hardship_file"] == 27
    defs = load_schema("rows.schema.json")["$defs"]
    for entry in manifest["members"]:
        entity = entry["name"].removesuffix(".jsonl")
        for line in parts[entry["name"]].decode().splitlines():
            jsonschema.validate(json.loads(line), {"$defs": defs, "$ref": f"#/$defs/{entity}"})
    assert "audit_log" not in json.dumps(manifest)
    assert all(not name.startswith("audit") for name in parts)


def test_round_trip_grassroots_county_city_field_by_field(grassroots, county, city, tmp_path):
    up = tmp_path / "g.zip"
    export_package(grassroots, out=up)
    steps = []
    report = import_package(
        county,
        path=up,
        today=TODAY,
        actor="county-clerk",
        progress=lambda done, total: steps.append((done, total)),
    )
    assert steps[0] == (0, 4) and steps[-1] == (4, 4)
    assert len(report.new) == 27 and not report.updated and not report.conflicts and report.applied
    original = snapshots(grassroots)
    assert snapshots(county) == original
    assert set(provenance(county).values()) == {f"{GRASSROOTS}>230102"}
    with county.reader() as s:
        states = set(s.scalars(select(HardshipFile.review_state)))
        origins = set(s.scalars(select(HardshipFile.origin_union_code)))
    assert states == {"submitted"} and origins == {GRASSROOTS}

    # importing the same package again changes nothing at all
    before = dump(county)
    again = import_package(county, path=up, today=TODAY)
    assert again.already_imported and again.unchanged == 27 and not again.new and not again.updated
    assert dump(county) == before

    # the county's merged package merges into the city; each file keeps its origin
    cpkg = tmp_path / "c.zip"
    export_package(county, out=cpkg)
    report = import_package(city, path=cpkg, today=TODAY)
    assert len(report.new) == 27
    assert snapshots(city) == original
    assert set(provenance(city).values()) == {f"{GRASSROOTS}>230102>2301"}


def _age(db, days: int = 1) -> None:
    """Move every time stamp back, as if the data had been entered `days` ago."""
    from sqlmodel import SQLModel

    shift = dt.timedelta(days=days)
    with db.transaction() as s:
        for table in SQLModel.metadata.sorted_tables:
            cols = [c for c in table.columns if c.name in ("updated_at", "created_at", "recorded_at", "at")]
            for col in cols:
                rows = s.execute(select(table.primary_key.columns.values()[0], col)).all()
                for pk, value in rows:
                    if value is not None:
                        s.execute(
                            update(table)
                            .where(table.primary_key.columns.values()[0] == pk)
                            .values({col.name: value - shift})
                        )


def test_incremental_export_sends_only_what_changed(grassroots, county, tmp_path):
    _age(grassroots)
    export_package(grassroots, out=tmp_path / "1.zip")
    import_package(county, path=tmp_path / "1.zip", today=TODAY)
    update_file(
        grassroots, file_no=f"{GRASSROOTS}-000026", changes={"household_annual_income": "20000"}, as_of=TODAY
    )
    second = export_package(grassroots, out=tmp_path / "2.zip")
    assert not second.full and second.counts["hardship_file"] == 1
    report = import_package(county, path=tmp_path / "2.zip", today=TODAY)
    assert report.updated == [f"{GRASSROOTS}-000026"] and not report.new
    assert snapshots(county) == snapshots(grassroots)
    with county.reader() as s:
        f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == f"{GRASSROOTS}-000026")).one()
    assert f.household_annual_income_fen == 2_000_000 and f.provenance == f"{GRASSROOTS}>230102"
    # nothing changed since (a change in the same second as the last package is sent again, harmlessly)
    third = export_package(grassroots, out=tmp_path / "3.zip")
    assert third.counts["hardship_file"] <= 1
    full = export_package(grassroots, out=tmp_path / "4.zip", full=True)
    assert full.full and full.counts["hardship_file"] == 27


def test_older_package_after_newer_keeps_the_newer_and_reports_it(grassroots, county, tmp_path):
    _age(grassroots)
    export_package(grassroots, out=tmp_path / "old.zip", full=True)
    update_file(grassroots, file_no=f"{GRASSROOTS}-000026", changes={"phone": "13800000000"}, as_of=TODAY)
    export_package(grassroots, out=tmp_path / "new.zip", full=True)
    import_package(county, path=tmp_path / "new.zip", today=TODAY)
    before = dump(county)
    report = import_package(county, path=tmp_path / "old.zip", today=TODAY)
    assert [c.kind for c in report.conflicts] == ["local_newer"]
    assert report.conflicts[0].file_no == f"{GRASSROOTS}-000026"
    assert report.unchanged == 26
    after = dump(county)
    for bookkeeping in ("exchange_log", "audit_log"):  # the import itself is logged
        after.pop(bookkeeping), before.pop(bookkeeping)
    assert after == before


def test_same_person_filed_by_two_units_is_a_listed_conflict(grassroots, county, make_db, tmp_path):
    other = make_db("230102002", "电机厂工会", "grassroots", "230102")
    create_file(
        other, data=complete_file_data(name="张建国"), as_of=TODAY
    )  # the same ID number as in grassroots
    create_file(
        other, data=complete_file_data(name="赵六", id_number=valid_id("23010219750505123")), as_of=TODAY
    )
    export_package(grassroots, out=tmp_path / "a.zip")
    export_package(other, out=tmp_path / "b.zip")
    import_package(county, path=tmp_path / "a.zip", today=TODAY)
    preview = preview_import(county, path=tmp_path / "b.zip", today=TODAY)
    assert [c.kind for c in preview.conflicts] == ["same_person"] and preview.new == ["230102002-000002"]
    assert "230102001-000026" in preview.conflicts[0].zh and "230102002-000001" in preview.conflicts[0].zh
    report = import_package(county, path=tmp_path / "b.zip", today=TODAY)
    assert report.new == ["230102002-000002"] and len(report.conflicts) == 1
    with county.reader() as s:
        kept = s.scalars(select(HardshipFile).where(HardshipFile.id_number == "230102197003151238")).one()
        log = s.scalars(select(ExchangeLog).where(ExchangeLog.counterpart_code == "230102002")).one()
    assert kept.file_no == "230102001-000026" and kept.origin_union_code == GRASSROOTS
    assert json.loads(log.counts_json)["conflicts"] == 1


def test_review_results_go_back_down(grassroots, county, tmp_path):
    export_package(grassroots, out=tmp_path / "up.zip")
    with grassroots.reader() as s:
        assert set(s.scalars(select(HardshipFile.review_state))) == {"submitted"}
    import_package(county, path=tmp_path / "up.zip", today=TODAY)
    review_files(county, file_nos=[f"{GRASSROOTS}-000001"], decision="approve", actor="reviewer")
    with pytest.raises(Exception, match="原因"):
        review_files(county, file_nos=[f"{GRASSROOTS}-000002"], decision="return")
    review_files(county, file_nos=[f"{GRASSROOTS}-000002"], decision="return", reason="缺少走访日期")
    down = tmp_path / "down.zip"
    result = export_review(county, out=down, to=GRASSROOTS)
    assert sorted(result.changed) == [f"{GRASSROOTS}-000001", f"{GRASSROOTS}-000002"]
    with pytest.raises(PackageError, match="审核结果包"):
        import_package(grassroots, path=down, today=TODAY)
    got = import_review(grassroots, path=down)
    assert sorted(got.changed) == [f"{GRASSROOTS}-000001", f"{GRASSROOTS}-000002"]
    rows = {r.file_no: r.review_state for r in search_files(grassroots, query=GRASSROOTS + "-", limit=100)}
    assert rows[f"{GRASSROOTS}-000001"] == "approved" and rows[f"{GRASSROOTS}-000002"] == "returned"
    assert rows[f"{GRASSROOTS}-000003"] == "submitted"
    before = dump(grassroots)
    assert import_review(grassroots, path=down).changed == []
    assert dump(grassroots) == before
    with grassroots.reader() as s:
        note = s.scalars(
            select(HardshipFile.review_note).where(HardshipFile.file_no == f"{GRASSROOTS}-000002")
        ).one()
    assert note == "缺少走访日期"
    # a review result does not make the file look changed; the returned file goes up again when re-exported
    again = export_package(grassroots, out=tmp_path / "again.zip", full=True)
    assert again.counts["hardship_file"] == 27
    with grassroots.reader() as s:
        states = dict(s.execute(select(HardshipFile.file_no, HardshipFile.review_state)).all())
    assert states[f"{GRASSROOTS}-000001"] == "approved" and states[f"{GRASSROOTS}-000002"] == "submitted"


def test_own_files_cannot_be_reviewed_here(grassroots):
    with pytest.raises(Exception, match="上级"):
        review_files(grassroots, file_nos=[f"{GRASSROOTS}-000001"], decision="approve")


def test_package_for_another_union_or_from_itself_is_refused(grassroots, county, make_db, tmp_path):
    other = make_db("230103", "道里区总工会", "county", "2301")
    export_package(grassroots, out=tmp_path / "p.zip")
    before = dump(other)
    with pytest.raises(PackageError, match="230102"):
        import_package(other, path=tmp_path / "p.zip", today=TODAY)
    assert dump(other) == before
    with pytest.raises(PackageError, match="自己"):
        import_package(grassroots, path=tmp_path / "p.zip", today=TODAY)


def test_export_needs_a_receiver(empty_db, tmp_path):
    from assist_desktop.domain.errors import DomainError
    from assist_desktop.services.unions import init_union

    init_union(empty_db, code="23", name="省总工会", level="province")
    with pytest.raises(DomainError, match="--to"):
        export_package(empty_db, out=tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_package_is_written_whole_or_not_at_all(grassroots, tmp_path):
    path = tmp_path / "out" / "p.zip"
    export_package(grassroots, out=path)
    assert zipfile.is_zipfile(path)
    assert [p.name for p in path.parent.iterdir()] == ["p.zip"]


def test_no_sqlite_only_sql_in_the_exchange_code():
    import inspect

    from assist_desktop.exchange import export, merge, review, roster, snapshot

    for module in (export, merge, review, roster, snapshot):
        source = inspect.getsource(module)
        assert "PRAGMA" not in source and "sqlite_master" not in source
    assert text  # keep the import used


def test_the_package_format_code_reads_no_database():
    """exchange/ is format code: package files ⇄ typed rows; the use cases are services/exchange.py's."""
    import ast
    import inspect

    from assist_desktop.exchange import entities, export, merge, package, review, snapshot, validate

    for module in (entities, export, merge, package, review, snapshot, validate):
        tree = ast.parse(inspect.getsource(module))
        imported = {
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not any(name.startswith("assist_desktop.services") for name in imported), module.__name__
        assert not {"sqlalchemy.orm", "assist_desktop.db.engine"} & imported, module.__name__
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert "Session" not in names and "Database" not in names, module.__name__
