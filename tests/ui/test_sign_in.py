"""登录 and 账号管理: a wrong password is refused with one message; accounts are added and reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from assist_desktop.services.access import Actor
from assist_desktop.services.users import add_user, list_users, sign_in
from assist_desktop.ui.login_dialog import AddUserDialog, LoginDialog, UsersDialog, sign_in_if_needed
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def accounts(db):
    add_user(db, username="wangfang", display_name="王芳", password="secret123", role="clerk")
    return db


def test_no_accounts_opens_without_asking(db) -> None:
    assert sign_in_if_needed(db) == (True, None)


def test_wrong_password_gives_one_message_and_allows_a_retry(qtbot, accounts) -> None:
    dlg = LoginDialog(accounts)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.username, "wangfang")
    qtbot.keyClicks(dlg.password, "wrong-pass1")
    assert dlg.try_sign_in() is False
    assert dlg.isVisible() and dlg.signed_in is None
    assert dlg.message.isVisible() and dlg.message.text() == "用户名或密码不正确"
    assert dlg.password.text() == ""
    dlg.username.setText("nobody")
    qtbot.keyClicks(dlg.password, "secret123")
    assert dlg.try_sign_in() is False and dlg.message.text() == "用户名或密码不正确"
    dlg.username.setText("wangfang")
    qtbot.keyClicks(dlg.password, "secret123")
    assert dlg.try_sign_in() is True
    assert dlg.result() == dlg.DialogCode.Accepted
    assert (dlg.signed_in.username, dlg.signed_in.role) == ("wangfang", "clerk")


def test_sign_in_if_needed_shows_the_dialog_when_accounts_exist(qtbot, accounts) -> None:
    def answer() -> None:
        from PySide6.QtWidgets import QApplication

        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
        dlg.username.setText("wangfang")
        dlg.password.setText("secret123")
        dlg.try_sign_in()

    QTimer.singleShot(0, answer)
    ok, who = sign_in_if_needed(accounts)
    assert ok and who is not None and who.display_name == "王芳"


def test_cancelled_sign_in_does_not_go_on(qtbot, accounts) -> None:
    def cancel() -> None:
        from PySide6.QtWidgets import QApplication

        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
        dlg.reject()

    QTimer.singleShot(0, cancel)
    assert sign_in_if_needed(accounts) == (False, None)


def test_admin_adds_an_account_and_resets_a_password(qtbot, accounts) -> None:
    dlg = UsersDialog(accounts, today=TODAY, actor=Actor("admin", "admin"))
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 2).text() == "录入员"
    add = dlg.add_user()
    assert isinstance(add, AddUserDialog)
    add.username.setText("lisi")
    add.display_name.setText("李四")
    add.role.set_value("viewer")
    add.password.setText("short")
    add.password2.setText("short")
    assert add.save() is False and add.error_labels["password"].isVisible()
    add.password.setText("longer1234")
    assert add.save() is False and add.error_labels["password2"].isVisible()
    add.password2.setText("longer1234")
    assert add.save() is True
    assert [(u.username, u.role) for u in list_users(accounts)] == [("lisi", "viewer"), ("wangfang", "clerk")]
    assert dlg.table.rowCount() == 2
    dlg.table.selectRow(1)
    reset = dlg.reset_password()
    reset.password.setText("newpass999")
    assert reset.save() is True
    assert sign_in(accounts, username="wangfang", password="newpass999").username == "wangfang"


def test_a_taken_user_name_is_refused(qtbot, accounts) -> None:
    add = AddUserDialog(accounts, today=TODAY, actor=Actor("admin", "admin"))
    qtbot.addWidget(add)
    add.show()
    add.username.setText("wangfang")
    add.display_name.setText("王芳")
    add.password.setText("secret1234")
    add.password2.setText("secret1234")
    assert add.save() is False
    assert add.message.isVisible() and "已被使用" in add.message.text()
    assert len(list_users(accounts)) == 1


def test_app_start_signs_in_and_the_user_is_the_actor(qtbot, accounts, monkeypatch) -> None:
    if not accounts.is_sqlite:
        pytest.skip("the whole start-up under a timer is exercised on SQLite; PostgreSQL sign-in is the same service")
    from PySide6.QtWidgets import QApplication

    from assist_desktop import app

    def answer() -> None:
        dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()), None)
        if dlg is None:  # the database is still opening (PostgreSQL takes longer): look again shortly
            QTimer.singleShot(20, answer)
            return
        dlg.username.setText("wangfang")
        dlg.password.setText("wrong0000")
        assert dlg.try_sign_in() is False
        dlg.password.setText("secret123")
        dlg.try_sign_in()

    seen: list[tuple[str, bool, bool]] = []
    from assist_desktop.ui.main_window import MainWindow

    original = MainWindow.apply_sign_in

    def record(window, signed) -> None:
        original(window, signed)
        seen.append(
            (window.actor, window.action("handover").isEnabled(), window.action("override").isEnabled())
        )

    monkeypatch.setattr(MainWindow, "apply_sign_in", record)
    monkeypatch.setenv(app.ENV_SMOKE_EXIT, "4000")  # generous: sign-in hashes twice, PostgreSQL is slower to open
    QTimer.singleShot(0, answer)
    url = accounts.url
    accounts.dispose()
    assert app.run_gui(db_arg=url, as_of=TODAY) == 0
    assert seen == [("wangfang", True, False)]  # a clerk may hand over but not override


def test_the_first_account_is_an_administrator(qtbot, db) -> None:
    dlg = UsersDialog(db, today=TODAY, actor="os-user")
    qtbot.addWidget(dlg)
    add = dlg.add_user()
    assert add.role.value() == "admin" and not add.role.isEnabled()
    add.username.setText("admin")
    add.display_name.setText("李主席")
    add.password.setText("admin2026")
    add.password2.setText("admin2026")
    assert add.save() is True
    assert [(u.username, u.role) for u in list_users(db)] == [("admin", "admin")]
    second = dlg.add_user()
    assert second.role.isEnabled() and second.role.value() == "clerk"


def test_the_dialog_says_when_an_account_is_locked(qtbot, accounts) -> None:
    dlg = LoginDialog(accounts)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.username.setText("wangfang")
    for _ in range(5):
        dlg.password.setText("wrong-pass1")
        assert dlg.try_sign_in() is False
    dlg.password.setText("secret123")  # the right password, but too late
    assert dlg.try_sign_in() is False and dlg.signed_in is None
    assert "已锁定" in dlg.message.text() and "后再试" in dlg.message.text()
