"""The roster's dry run and its import are one run: they name the same rows, and the dry run writes nothing."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from assist_desktop.db.models import AuditLog, Cadre, HardshipFile, table_of
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.exchange.roster import MAIN_SHEET, MEMBER_SHEET
from assist_desktop.services.files import create_file, get_file, update_file
from assist_desktop.services.lifecycle import close_file
from assist_desktop.services.pairing import assign
from assist_desktop.services.roster import RosterRefused, import_roster, preview_roster
from assist_desktop.services.unions import add_cadre
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump, write_roster

HEAD = [
    "姓名",
    "身份证号",
    "工作状态",
    "家庭年总收入",
    "家庭人口",
    "主要致困原因",
    "家庭情况",
    "技术特长",
    "就业意愿",
    "思想状况",
    "走访日期",
    "帮扶责任人",
]
CLOSED = "230102197003151238"  # complete_file_data's number
NEW_NAMESAKE = valid_id("23010219800101124")
REGISTERED = valid_id("23010219750505123")
SMALL = valid_id("23010219660606123")
LATER_FACT = valid_id("23010219670707123")
GOOD = valid_id("23010219680808123")
BAD_MEMBER = valid_id("23010219690909123")


def _row(name, number, *, income=18000, size=3, skills="车工", person=None):
    return [
        name,
        number,
        "下岗",
        income,
        size,
        "下岗失业",
        "夫妻二人，一子读高中",
        skills,
        "希望做保安",
        "情绪稳定",
        "2026-10-15",
        person,
    ]


def _counts(db) -> dict[str, int]:
    with db.reader() as s:
        return {
            t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in SQLModel.metadata.sorted_tables
        }


def _audit_count(db) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(table_of(AuditLog))) or 0)


@pytest.fixture
def roster_breaking_every_rule(db, tmp_path):
    """A roster with one row against each write rule, and two good rows; the database it is checked against."""
    closed = create_file(db, data=complete_file_data(), as_of=TODAY - dt.timedelta(days=10)).file.file_no
    close_file(
        db,
        file_no=closed,
        reason="cancelled",
        detail="迁出",
        note="迁往外地",
        on=TODAY - dt.timedelta(days=5),
    )
    add_cadre(db, name="李强")
    add_cadre(db, name="李强")
    registered = create_file(db, data=complete_file_data(id_number=REGISTERED, name="李四"), as_of=TODAY)
    assert registered.file.status == "registered"
    create_file(
        db, data=complete_file_data(id_number=LATER_FACT, name="钱七"), as_of=TODAY + dt.timedelta(days=10)
    )
    rows = [
        _row("张建国", CLOSED, person="刘干部"),  # 2: a closed household gets no responsible person
        _row("王芳", NEW_NAMESAKE, person="李强"),  # 3: two active cadres are called 李强
        _row("李四", REGISTERED, skills="-"),  # 4: blanks a clear of a registered file
        _row("赵六", SMALL, size=1),  # 5: fewer people than the worker and the member row
        _row("钱七", LATER_FACT, income=24000),  # 6: the file has an income fact dated after the import
        _row("孙八", GOOD, person="刘干部"),  # 7: good
        _row("周九", BAD_MEMBER),  # 8: its member row has an ID number that is not one
    ]
    # issue 8: an unknown relation (朋友) no longer refuses the row (kept as written, 其他); a bad ID number does
    members = [[SMALL, "赵小六", "儿子", None], [BAD_MEMBER, "周小九", "朋友", "12345"]]
    return write_roster(tmp_path / "every-rule.xlsx", HEAD, rows,
                        member_head=["户主身份证号", "姓名", "关系", "身份证号"], members=members)


EXPECTED = {
    (MAIN_SHEET, 2, "帮扶责任人"),
    (MAIN_SHEET, 3, "帮扶责任人"),
    (MAIN_SHEET, 4, "技术特长"),
    (MAIN_SHEET, 5, "家庭人口"),
    (MAIN_SHEET, 6, "家庭年总收入"),
    (MEMBER_SHEET, 3, "身份证号"),
}


def test_the_dry_run_names_each_refused_row_and_writes_nothing(db, roster_breaking_every_rule):
    before, counts, audit = dump(db), _counts(db), _audit_count(db)
    preview = preview_roster(db, path=roster_breaking_every_rule, today=TODAY, actor="clerk")
    assert {(i.sheet, i.row, i.column) for i in preview.issues} == EXPECTED
    said = {(i.row, i.column): i.zh for i in preview.issues}
    assert "已退档" in said[(2, "帮扶责任人")]
    assert "同名" in said[(3, "帮扶责任人")]
    assert "五清" in said[(4, "技术特长")]
    assert "少于本人加家庭成员数" in said[(5, "家庭人口")]
    assert (TODAY + dt.timedelta(days=10)).isoformat() in said[(6, "家庭年总收入")]
    member = next(i for i in preview.issues if i.sheet == MEMBER_SHEET)
    assert not member.zh.startswith("家庭成员第")  # the member's own row says which member it is
    assert member.message().startswith(f"every-rule.xlsx[{MEMBER_SHEET}] 第3行 身份证号：")
    # rows 7 (good) and the member sheet's household 8 (bad) are counted as the import would
    assert (preview.rows, preview.valid, preview.to_create, preview.to_update) == (7, 1, 1, 0)
    assert not preview.applied and preview.changes.empty
    assert _counts(db) == counts and _audit_count(db) == audit and dump(db) == before


def test_the_import_refuses_the_rows_the_dry_run_named(db, roster_breaking_every_rule):
    preview = preview_roster(db, path=roster_breaking_every_rule, today=TODAY, actor="clerk")
    before, audit = dump(db), _audit_count(db)
    with pytest.raises(RosterRefused) as info:
        import_roster(db, path=roster_breaking_every_rule, today=TODAY, actor="clerk")
    assert info.value.report.issues == preview.issues  # the same rows, columns and words
    assert dump(db) == before and _audit_count(db) == audit  # all or nothing
    report = import_roster(db, path=roster_breaking_every_rule, today=TODAY, actor="clerk", accept_valid=True)
    assert report.issues == preview.issues and report.applied
    assert (report.valid, report.to_create, len(report.created)) == (preview.valid, preview.to_create, 1)
    with db.reader() as s:
        numbers = set(s.scalars(select(HardshipFile.id_number)))
        assert s.scalar(select(func.count()).select_from(Cadre).where(Cadre.name == "刘干部")) == 1
    assert numbers == {CLOSED, REGISTERED, LATER_FACT, GOOD}  # no file for rows 3, 5 and 8
    closed = get_file(db, file_no=CLOSED)
    assert closed.file.status == "closed" and closed.responsible is None
    assert get_file(db, file_no=REGISTERED).file.skills == "车工，二十年车床经验"
    assert get_file(db, file_no=LATER_FACT).file.household_annual_income_fen == 1_800_000
    good = get_file(db, file_no=GOOD)
    assert good.responsible is not None and good.responsible.name == "刘干部"
    assert report.changes.files and report.changes.file_ids == {good.file.id} and report.changes.pairing
    assert report.changes.unions  # 刘干部 is a new cadre
    again = import_roster(db, path=roster_breaking_every_rule, today=TODAY, actor="clerk", accept_valid=True)
    assert again.unchanged == [good.file.file_no] and again.changes.empty


def test_the_window_refuses_the_same_rows_for_the_same_reasons(db, roster_breaking_every_rule):
    """The refusals are the services' own: asked directly, as the window asks, they refuse alike."""
    with pytest.raises(DomainError, match="已退档"):
        add_cadre(db, name="刘干部")
        assign(db, file_nos=[CLOSED], person="刘干部", on=TODAY)
    with pytest.raises(ValidationFailed, match="五清"):
        update_file(db, file_no=REGISTERED, changes={"skills": "-"}, as_of=TODAY)
    with pytest.raises(ValidationFailed, match="少于本人加家庭成员数"):
        create_file(
            db,
            data=complete_file_data(id_number=SMALL, household_size="1"),
            members=[{"name": "赵小六", "relation": "儿子"}],
            as_of=TODAY,
        )
    with pytest.raises(ValidationFailed, match="收入记录"):
        update_file(db, file_no=LATER_FACT, changes={"household_annual_income": "24000"}, as_of=TODAY)


def test_a_dry_run_of_good_rows_only_writes_nothing_either(db, tmp_path):
    """Each row's SAVEPOINT nests in a real transaction (on SQLite too), so releasing it commits nothing."""
    path = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(_row("孙八", GOOD, person="刘干部"))
    ws.append(_row("王芳", NEW_NAMESAKE))
    wb.save(path)
    before, audit = dump(db), _audit_count(db)
    preview = preview_roster(db, path=path, today=TODAY)
    assert (preview.valid, preview.to_create, preview.issues) == (2, 2, [])
    assert dump(db) == before and _audit_count(db) == audit
    report = import_roster(db, path=path, today=TODAY)
    assert len(report.created) == 2 and report.applied
    assert _audit_count(db) > audit
