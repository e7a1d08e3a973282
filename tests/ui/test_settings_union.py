"""设置 → 本工会 edits the union's identity and its known receivers; 设置 → 删除演示数据 empties the demo."""

from __future__ import annotations

import pytest

from assist_desktop.services.files import count_files
from assist_desktop.services.unions import get_home_union, list_unions
from assist_desktop.ui.union_dialog import UnionDialog
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _menu_texts(window, key: str) -> list[str]:
    menu = window.menus[key]
    return [a.text() for a in menu.actions()]


def test_settings_menu_offers_the_union_page_and_demo_removal(window) -> None:
    texts = _menu_texts(window, "settings")
    assert "本工会…" in texts and "删除演示数据…" in texts


def test_union_page_saves_name_parent_phone_address(qtbot, window, demo_db) -> None:
    dlg = window.edit_union()
    assert isinstance(dlg, UnionDialog)
    assert dlg.code_label.text() == "230102001" and dlg.parent_code.text() == "230102"
    dlg.name.setText("哈尔滨锅炉厂有限公司工会")
    dlg.parent_code.setText("230103")
    dlg.phone.setText("0451-82345678")
    dlg.address.setText("哈尔滨市香坊区三大动力路")
    assert dlg.save() is True
    home = get_home_union(demo_db)
    assert home is not None
    assert (home.name, home.parent_code, home.contact_phone, home.address) == (
        "哈尔滨锅炉厂有限公司工会", "230103", "0451-82345678", "哈尔滨市香坊区三大动力路")
    qtbot.waitUntil(lambda: "哈尔滨锅炉厂有限公司工会" in window.windowTitle(), timeout=30000)


def test_union_page_shows_every_error_and_clears_a_fixed_field(qtbot, db) -> None:
    dlg = UnionDialog(db, actor="t")
    qtbot.addWidget(dlg)
    dlg.name.setText("")
    dlg.parent_code.setText("")
    dlg.phone.setText("12")
    assert dlg.save() is False
    for w in (dlg.name, dlg.parent_code, dlg.phone):
        assert w.property("invalid") is True
    assert "工会名称" in dlg.errors.text() and "联系电话" in dlg.errors.text()
    qtbot.keyClicks(dlg.phone, "3")
    assert dlg.phone.property("invalid") is False
    home = get_home_union(db)
    assert home is not None and home.name == "哈尔滨锅炉厂工会"


def test_union_page_adds_a_known_receiver(qtbot, db) -> None:
    dlg = UnionDialog(db, actor="t")
    qtbot.addWidget(dlg)
    before = dlg.table.rowCount()
    qtbot.keyClicks(dlg.new_code, "2301")
    dlg.new_name.setText("哈尔滨市总工会")
    dlg.new_level.set_value("city")
    assert dlg.add_receiver() is True
    assert dlg.table.rowCount() == before + 1
    assert "2301" in {u.code for u in list_unions(db)}
    codes = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
    assert "2301" in codes


def test_remove_demo_data_from_the_menu(qtbot, window, demo_db) -> None:
    assert count_files(demo_db) == 60
    job = window.remove_demo_data(confirm=False)
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert job.error is None
    assert count_files(demo_db) == 0
    qtbot.waitUntil(lambda: window.model.total() == 0, timeout=30000)
