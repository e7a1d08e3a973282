"""指定责任人, 移交, 未落实责任人, 责任人管理 and 责任书: real rows written, bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import Cadre, HardshipFile, Pairing, PairingLetter
from assist_desktop.services.files import create_file
from assist_desktop.services.lifecycle import history
from assist_desktop.services.pairing import assign, coverage, list_letters
from assist_desktop.services.unions import add_cadre, list_cadres
from assist_desktop.ui.letters_dialog import LettersDialog, NewLetterDialog, SignLetterDialog
from assist_desktop.ui.pairing_dialogs import (
    AddCadreDialog,
    AssignDialog,
    CadresDialog,
    CoverageDialog,
    HandoverDialog,
)
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

NOS = ["230102001-000001", "230102001-000002", "230102001-000003"]


@pytest.fixture
def files(db):
    for k, first17 in enumerate(("23010219700315123", "23010219800101123", "23010219750505432")):
        create_file(
            db,
            data=complete_file_data(id_number=valid_id(first17), name=["张建国", "王芳", "李强"][k]),
            as_of=TODAY,
        )
    zhao = add_cadre(db, name="赵敏", phone="13900000001")
    qian = add_cadre(db, name="钱军")
    return {"nos": NOS, "zhao": zhao.id, "qian": qian.id}


def _persons(db) -> dict[str, str | None]:
    with db.reader() as s:
        return {f.file_no: f.responsible_person_id for f in s.scalars(select(HardshipFile))}


def _count(db, table) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(table)))


def test_assign_sets_the_person_for_several_files_and_writes_history(qtbot, db, files) -> None:
    dlg = AssignDialog(db, file_nos=NOS[:2], today=TODAY, actor="wangfang")
    qtbot.addWidget(dlg)
    assert "2" in dlg.intro.text()
    names = [dlg.person.itemText(i) for i in range(dlg.person.count())]
    assert any(n.startswith("赵敏") for n in names) and any(n.startswith("钱军") for n in names)
    dlg.person.set_value(files["zhao"])
    dlg.on.setDate(dt.date(2026, 11, 10))
    assert dlg.save() is True
    assert dlg.result_data.files == NOS[:2]
    persons = _persons(db)
    assert persons[NOS[0]] == persons[NOS[1]] == files["zhao"] and persons[NOS[2]] is None
    paired = [e for e in history(db, file_no=NOS[0]) if e["kind"] == "paired"]
    assert len(paired) == 1 and "赵敏" in paired[0]["reason"] and paired[0]["actor"] == "wangfang"
    with db.reader() as s:
        assert s.scalar(select(Pairing.start_on).where(Pairing.end_on.is_(None)).limit(1)) == dt.date(
            2026, 11, 10
        )


def test_assign_without_a_person_is_refused(qtbot, db, files) -> None:
    dlg = AssignDialog(db, file_nos=NOS, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.save() is False
    assert dlg.error_labels["person"].isVisible()
    assert set(_persons(db).values()) == {None} and _count(db, Pairing) == 0


def test_handover_moves_every_file_and_says_how_many(qtbot, db, files) -> None:
    assign(db, file_nos=NOS, person=files["zhao"], on=dt.date(2026, 11, 1))
    dlg = HandoverDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.giver.set_value(files["zhao"])
    dlg.taker.set_value(files["qian"])
    assert dlg.mark_left.isChecked()
    assert dlg.save() is True
    assert set(_persons(db).values()) == {files["qian"]}
    assert "3" in dlg.summary() and "钱军" in dlg.summary()
    assert [c.name for c in list_cadres(db)] == ["钱军"]  # 赵敏 marked as left


def test_handover_to_the_same_person_is_refused_with_nothing_moved(qtbot, db, files) -> None:
    assign(db, file_nos=NOS, person=files["zhao"], on=dt.date(2026, 11, 1))
    dlg = HandoverDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.giver.set_value(files["zhao"])
    dlg.taker.set_value(files["zhao"])
    assert dlg.save() is False
    assert dlg.message.isVisible() and "同一人" in dlg.message.text()
    assert set(_persons(db).values()) == {files["zhao"]}
    assert len(list_cadres(db)) == 2


def test_coverage_lists_uncovered_files_and_double_click_opens_one(qtbot, db, files) -> None:
    assign(db, file_nos=NOS[:1], person=files["zhao"], on=dt.date(2026, 11, 1))
    opened: list[str] = []
    dlg = CoverageDialog(db, on_open=opened.append)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 2
    assert "未落实 2 户" in dlg.summary.text()
    assert dlg.table.item(0, 0).text() == NOS[1]
    dlg.table.cellDoubleClicked.emit(1, 1)
    assert opened == [NOS[2]]


def test_cadres_dialog_adds_a_cadre_and_marks_one_left(qtbot, db, files) -> None:
    dlg = CadresDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 2
    add = dlg.add_cadre()
    assert isinstance(add, AddCadreDialog)
    add.name.setText("孙丽")
    add.phone.setText("123")
    assert add.save() is False and add.error_labels["phone"].isVisible()
    assert _count(db, Cadre) == 2
    add.phone.setText("13900000009")
    assert add.save() is True
    assert dlg.table.rowCount() == 3
    row = [dlg.table.item(r, 0).text() for r in range(3)].index("钱军")
    dlg.table.selectRow(row)
    assert dlg.mark_left(confirm=False) is True
    assert sorted(c.name for c in list_cadres(db)) == ["孙丽", "赵敏"]
    assert dlg.table.rowCount() == 2
    dlg.show_left.setChecked(True)
    assert dlg.table.rowCount() == 3


def test_new_letter_with_a_cadre_covers_their_files_and_is_signed(qtbot, db, files) -> None:
    assign(db, file_nos=NOS[:2], person=files["zhao"], on=dt.date(2026, 11, 1))
    letters = LettersDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(letters)
    assert letters.table.rowCount() == 0 and not letters.sign_button.isEnabled()
    dlg = letters.new_letter()
    assert isinstance(dlg, NewLetterDialog)
    dlg.person.set_value(files["zhao"])
    dlg.goals.setPlainText("在档户每半年走访一次")
    dlg.measures.setPlainText("逐户建立帮扶台账")
    assert dlg.save() is True
    [letter] = list_letters(db)
    assert letter["lower_person"] == "赵敏" and letter["household_count"] == 2
    assert [f["file_no"] for f in letter["files"]] == NOS[:2]
    assert (letter["period_start"], letter["period_end"]) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert letters.table.rowCount() == 1 and letters.sign_button.isEnabled()
    sign = letters.sign()
    assert isinstance(sign, SignLetterDialog) and sign.side_upper.isChecked()
    sign.signatory.setText("李主席")
    assert sign.save() is True
    sign2 = letters.sign()
    assert sign2.side_lower.isChecked()
    sign2.signatory.setText("赵敏")
    assert sign2.save() is True
    [letter] = list_letters(db)
    assert letter["signed"] and letter["upper_signatory"] == "李主席" and letter["lower_signed_on"] == TODAY
    assert not letters.sign_button.isEnabled()


def test_new_letter_refuses_missing_goals_and_a_bad_period(qtbot, db, files) -> None:
    dlg = NewLetterDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.save() is False and dlg.error_labels["person"].isVisible()
    dlg.person.set_value(files["qian"])
    dlg.measures.setPlainText("走访")
    dlg.end.setDate(dt.date(2025, 12, 31))
    assert dlg.save() is False
    assert {e.field for e in dlg.errors_shown} == {"goals", "period_end"}
    assert dlg.error_labels["goals"].isVisible() and dlg.error_labels["period_end"].isVisible()
    assert _count(db, PairingLetter) == 0


def test_coverage_service_agrees_with_the_dialog(qtbot, db, files) -> None:
    dlg = CoverageDialog(db)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == coverage(db)["uncovered"] == 3


def test_cadre_drop_down_is_searchable_by_name_and_pinyin_initials(qtbot, db, files) -> None:
    dlg = AssignDialog(db, file_nos=NOS[:1], today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    combo = dlg.person
    assert combo.isEditable() and combo.completer() is not None
    labels = combo.filter("zm")
    assert len(labels) == 1 and labels[0].startswith("赵敏")
    assert combo.value() == files["zhao"]
    assert [x[:2] for x in combo.filter("钱")] == ["钱军"] and combo.value() == files["qian"]
    assert combo.matches.stringList() == [combo.itemText(combo.findData(files["qian"]))]
    assert combo.filter("nobody") == []
    combo.set_value(None)
    assert combo.value() is None


def test_letter_dialog_offers_only_unions_one_level_below(qtbot, db, files) -> None:
    from assist_desktop.services.unions import add_union

    # a grassroots union's units are at its own level: a letter with them is refused, so none is offered
    add_union(db, code="23010200101", name="锅炉厂一车间工会", level="grassroots", parent_code="230102001")
    dlg = NewLetterDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    assert dlg.lower_union.count() == 1  # only （请选择）
    assert not dlg.to_union.isEnabled()


def test_letter_dialog_offers_the_county_its_grassroots_unions(qtbot, empty_db) -> None:
    from assist_desktop.services.unions import add_union, init_union

    init_union(empty_db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
    add_union(empty_db, code="230102001", name="锅炉厂工会", level="grassroots", parent_code="230102")
    add_union(empty_db, code="230102009", name="区属同级", level="county", parent_code="230102")
    dlg = NewLetterDialog(empty_db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    codes = [dlg.lower_union.itemData(i) for i in range(1, dlg.lower_union.count())]
    assert codes == ["230102001"] and dlg.to_union.isEnabled()


def test_letter_dialog_asks_before_esc_discards_typed_text(qtbot, db, files, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    dlg = NewLetterDialog(db, today=TODAY, actor="t")
    qtbot.addWidget(dlg)
    dlg.show()
    asked: list[bool] = []
    monkeypatch.setattr(NewLetterDialog, "confirm_discard", lambda self: asked.append(True) or False)
    dlg.goals.setPlainText("在档户每半年走访一次")
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert asked == [True] and dlg.isVisible()
    monkeypatch.setattr(NewLetterDialog, "confirm_discard", lambda self: asked.append(True) or True)
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dlg.isVisible()
