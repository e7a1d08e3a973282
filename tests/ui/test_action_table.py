"""The window is built from its action table: every menu in order with its actions, the toolbar, the shortcuts,
and who may use what (domain/permissions.py), for every role."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from assist_desktop.domain.enums import UserRole
from assist_desktop.domain.permissions import allowed
from assist_desktop.services.users import SignedIn
from assist_desktop.ui.main_window import ACTIONS, MENUS, MainWindow, Needs
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _entries(menu: QMenu) -> list[str]:
    """A menu's entries as written in the table: action keys, '|' for a line, '>title' for a submenu."""
    out = []
    for act in menu.actions():
        if act.isSeparator():
            out.append("|")
        elif isinstance(act.menu(), QMenu):
            out.append(">" + act.text())
        else:
            out.append(act.objectName().removeprefix("action_"))
    return out


def test_every_menu_in_the_clerks_order_with_its_actions(window) -> None:
    bar = [a.text() for a in window.menuBar().actions()]
    assert bar == ["档案(&F)", "帮扶(&A)", "包保(&B)", "评定(&R)", "打印(&P)", "数据交换(&X)", "设置(&S)", "帮助(&H)"]
    assert [m.key for m in MENUS if "/" not in m.key] == [
        "file", "care", "pairing", "review", "print", "exchange", "settings", "help",
    ]  # fmt: skip
    assert _entries(window.menus["file"]) == ["new", "edit", "|", "find", "refresh", "|", "quit"]
    assert _entries(window.menus["care"]) == ["assistance", "visit", "employment", "employment_outcome"]
    assert _entries(window.menus["pairing"]) == ["assign", "handover", "|", "coverage", "cadres", "letters"]
    assert _entries(window.menus["review"]) == [
        "standards", "reevaluate", "|", "register", "close", "override", "procedure_step", "|", "retention",
    ]  # fmt: skip
    assert _entries(window.menus["print"]) == ["print_cards", "print_sheet", "print_batch", "print_letter",
                                                "own_copy", "|", "reports"]
    assert _entries(window.menus["exchange"]) == [
        "export", "import", "|", "roster_import", "roster_template", "roster_export", "|", ">上级审核",
        "review_import",
    ]  # fmt: skip
    assert _entries(window.menus["exchange/higher"]) == ["approve", "return", "review_export"]
    assert _entries(window.menus["settings"]) == [">界面语言", "|", "union", "rule_settings", "|", "backup", "|",
                                                  "demo", "demo_remove", "|", "users"]
    assert _entries(window.menus["settings/language"]) == ["lang_zh", "lang_en"]
    assert _entries(window.menus["help"]) == ["about"]
    # every row of the table is in exactly one menu, once
    placed = [
        key
        for menu in window.menus.values()
        for key in _entries(menu)
        if key != "|" and not key.startswith(">")
    ]
    assert sorted(placed) == sorted(spec.key for spec in ACTIONS)


def test_toolbar_shortcuts_and_tips_come_from_the_table(window) -> None:
    on_bar = [a.objectName().removeprefix("action_") for a in window.toolbar.actions() if not a.isSeparator()]
    assert on_bar == [spec.key for spec in ACTIONS if spec.toolbar]
    assert on_bar[:3] == ["new", "edit", "refresh"]
    for spec in ACTIONS:
        act = window.action(spec.key)
        expected = QKeySequence(spec.shortcut) if spec.shortcut else QKeySequence()
        assert act.shortcut() == expected, spec.key
        assert act.property("permission") == spec.permission, spec.key
        assert act in window.findChildren(QAction)  # shortcuts work with the menus closed
    assert window.action("new").toolTip() == "新建档案 (Ctrl+N)"
    assert window.action("assistance").statusTip() == "为当前档案记录一次帮扶（类型、金额、资金来源）"


def test_triggering_an_action_calls_its_handler(window) -> None:
    from assist_desktop.ui.pairing_dialogs import CoverageDialog

    window.action("coverage").trigger()
    assert isinstance(window.care.last_dialog, CoverageDialog)
    window.action("print_sheet").trigger()
    assert window.printing.last_dialog is not None
    assert window.printing.last_dialog.file_no == window.current_file_no()


@pytest.mark.parametrize("role", [r.value for r in UserRole])
def test_each_role_sees_what_it_may_not_do_disabled_or_hidden(qtbot, demo_db, role) -> None:
    w = MainWindow(demo_db, today=TODAY, actor="os-user")
    qtbot.addWidget(w)
    w.apply_sign_in(SignedIn(f"{role}1", "王芳", role))
    assert w.current_file_no() is not None  # a registered file is shown: only the role takes actions away
    for spec in ACTIONS:
        act = w.action(spec.key)
        may = spec.permission is None or allowed(role, spec.permission)
        if not may or spec.needs is Needs.UNITS_BELOW:
            assert not act.isEnabled(), (role, spec.key)
        elif spec.needs is Needs.NOTHING or spec.needs is Needs.FILE:
            assert act.isEnabled(), (role, spec.key)
        assert act.isVisible() == (may or not spec.hide_if_forbidden), (role, spec.key)
    assert not w.menus["exchange/higher"].isEnabled()
    # the detail pane's care buttons follow their actions
    assert w.detail.care_buttons["visit"].isEnabled() == allowed(role, "record_assistance")
    # a forbidden action stays off when the row changes
    w.select_row(2)
    assert w.action("edit").isEnabled() == allowed(role, "edit_file")
    assert w.action("users").isVisible() == (role == "admin")
