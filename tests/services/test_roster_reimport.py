"""Issue 8: a roll imported again over the files it made: unchanged rows take the fast path (no savepoint, no
service call, nothing written); changed rows go through the services; both report as the services would."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import AuditLog, HardshipFile, HouseholdMember, StatusEvent
from assist_desktop.exchange.roster import MAIN_SHEET, MEMBER_SHEET
from assist_desktop.services import roster as roster_service
from assist_desktop.services.roster import import_roster, preview_roster
from tests.conftest import TODAY, valid_id
from tests.exchange.conftest import dump

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因", "家庭情况", "技术特长", "就业意愿",
        "思想状况", "走访日期", "帮扶责任人", "住房类型", "本人月收入"]
IDS = [valid_id(f"230102197505{i + 10:02d}112") for i in range(12)]


def _book(path, *, income=lambda i: 18000, own=lambda i: 0, members=True):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    ws.append(HEAD)
    for i, number in enumerate(IDS):
        five = i % 4 != 3  # every fourth household leaves its five clears open (found, with the gap named)
        ws.append([f"王{'一二三四五六七八九十甲乙'[i]}", number, "下岗", income(i), 3, "下岗失业",
                   "夫妻二人，一子读高中" if five else None, "车工", "希望做保安", "情绪稳定",
                   dt.date(2026, 10, 15), "李帮扶" if i % 3 == 0 else None, "单位房" if i % 2 else "廉租房", own(i)])
    if members:
        ms = wb.create_sheet(MEMBER_SHEET)
        ms.append(["户主身份证号", "姓名", "关系", "月收入"])
        for number in IDS[:6]:
            ms.append([number, "刘丽", "配偶", 0])
    wb.save(path)
    return path


def _counts(db):
    with db.reader() as s:
        return (s.scalar(select(func.count()).select_from(AuditLog)),
                s.scalar(select(func.count()).select_from(StatusEvent)))


def test_the_same_roll_again_changes_nothing_and_takes_the_fast_path(db, tmp_path, monkeypatch):
    path = _book(tmp_path / "roll.xlsx", own=lambda i: 2000 if i == 1 else 0)  # row 3: its incomes contradict
    first = import_roster(db, path=path, today=TODAY)
    assert len(first.created) == len(IDS)
    before = dump(db)
    calls = []
    real = roster_service._RosterRun._row
    monkeypatch.setattr(roster_service._RosterRun, "_row", lambda self, *a, **k: calls.append(a) or real(self, *a, **k))
    again = import_roster(db, path=path, today=TODAY)
    assert calls == []  # no row went through the services
    assert sorted(again.unchanged) == sorted(first.created) and again.updated == [] and again.created == []
    assert dump(db) == before  # nothing written: no audit row, no history entry
    # what the services path reports for the same rows: the same warnings and five-clear gaps
    monkeypatch.setattr(roster_service._RosterRun, "_unchanged", lambda self, r, f, p: False)
    slow = preview_roster(db, path=path, today=TODAY)
    monkeypatch.undo()
    fast = preview_roster(db, path=path, today=TODAY)
    assert sorted(fast.unchanged) == sorted(slow.unchanged) == sorted(first.created)
    assert [w.to_json() for w in fast.warnings] == [w.to_json() for w in slow.warnings] != []
    assert [g.to_json() for g in fast.gaps] == [g.to_json() for g in slow.gaps] != []
    assert (fast.valid, fast.to_update, fast.to_create) == (slow.valid, slow.to_update, slow.to_create)


def test_changed_rows_of_a_roll_imported_again_are_updated_with_their_history(db, tmp_path):
    import_roster(db, path=_book(tmp_path / "roll.xlsx"), today=TODAY)
    audit, events = _counts(db)
    changed = _book(tmp_path / "changed.xlsx", income=lambda i: 9000 if i in (2, 7) else 18000)
    report = import_roster(db, path=changed, today=TODAY)
    assert len(report.updated) == 2 and len(report.unchanged) == len(IDS) - 2
    with db.reader() as s:
        incomes = {n: v for n, v in s.execute(select(HardshipFile.id_number, HardshipFile.household_annual_income_fen))}
        assert incomes[IDS[2]] == incomes[IDS[7]] == 900000 and incomes[IDS[0]] == 1800000
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 6  # members unchanged, not doubled
    audit2, events2 = _counts(db)
    assert audit2 > audit and events2 >= events


@pytest.mark.parametrize("what", ["member", "responsible", "mapped word"])
def test_a_row_differing_only_in_its_members_cadre_or_kept_word_is_not_taken_as_unchanged(db, tmp_path, what):
    path = _book(tmp_path / "roll.xlsx")
    import_roster(db, path=path, today=TODAY)
    wb = openpyxl.load_workbook(path)
    if what == "member":
        wb[MEMBER_SHEET].cell(row=2, column=4, value=500)  # the first member's monthly income
    elif what == "responsible":
        wb[MAIN_SHEET].cell(row=2, column=12, value="赵帮扶")
    else:
        wb[MAIN_SHEET].cell(row=2, column=13, value="筒子楼")  # a word no synonym knows: kept as raw text
    wb.save(path)
    report = import_roster(db, path=path, today=TODAY)
    assert len(report.updated) == 1 and len(report.unchanged) == len(IDS) - 1
