"""登录 and 账号管理 (services/users.py). Without accounts the program opens directly, as before."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.enums import UserRole
from assist_desktop.domain.errors import DomainError
from assist_desktop.services import users
from assist_desktop.services.changes import Changes
from assist_desktop.services.users import SignedIn
from assist_desktop.ui.i18n import current_lang, enum_label
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.service_form import ServiceForm, text_of
from assist_desktop.ui.widgets import EnumCombo


class LoginDialog(QDialog):
    """User name and password; a wrong pair gives one message and the dialog stays for a retry."""

    def __init__(self, db: Database, *, union_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.signed_in: SignedIn | None = None
        self.attempts = 0
        self.setWindowTitle(self.tr("登录"))
        self.setMinimumWidth(360)
        title = self.tr("绿卡帮扶档案")
        heading = QLabel(f"<h3>{title}</h3>" + (f"<p>{union_name}</p>" if union_name else ""))
        self.username = QLineEdit()
        self.username.setObjectName("loginUser")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setStyleSheet("color:#c0392b")
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.username.setFocus()

    def try_sign_in(self) -> bool:
        self.attempts += 1
        try:
            self.signed_in = users.sign_in(
                self.db, username=self.username.text().strip(), password=self.password.text()
            )
        except DomainError as exc:
            self.message.setText(exc.message(current_lang()))
            self.message.show()
            self.password.clear()
            self.password.setFocus()
            return False
        except StorageError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True


def sign_in_if_needed(db: Database, *, union_name: str = "") -> tuple[bool, SignedIn | None]:
    """(go on, who): with no accounts (True, None) at once; otherwise the 登录 dialog decides."""
    if not users.has_users(db):
        return True, None
    if not union_name:
        from assist_desktop.services.unions import get_home_union

        home = get_home_union(db)
        union_name = home.name if home else ""
    dlg = LoginDialog(db, union_name=union_name)
    if not dlg.exec():
        return False, None
    return True, dlg.signed_in


class AddUserDialog(ServiceForm):
    """A new account: user name, name, role, password (twice)."""

    changes_made = Changes(users=True)

    def __init__(
        self, db: Database, *, today: dt.date, actor: str, first: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.setWindowTitle(self.tr("新增账号"))
        self.username = self.add_field("username", self.tr("用户名 *"), QLineEdit())
        self.username.setPlaceholderText(self.tr("字母、数字或 _ . -，如 wangfang"))
        self.display_name = self.add_field("name", self.tr("姓名 *"), QLineEdit(), "display_name")
        self.role = self.add_field("role", self.tr("角色 *"), EnumCombo(UserRole, blank=None))
        self.role.set_value("clerk")
        self.password = self.add_field("password", self.tr("密码 *"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = self.add_field("password2", self.tr("再输一次 *"), QLineEdit())
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.set_intro(
            self.tr(
                "角色：管理员可做一切并管理账号；录入员录入档案、帮扶、包保；审核员复核、改定、退档；查看员只能查看。"
            )
        )
        if first:  # the first account manages the others: it must be an administrator
            self.role.set_value("admin")
            self.role.setEnabled(False)
            self.set_intro(
                self.tr("这是第一个账号，角色为管理员。建立后，程序每次启动都要登录，请记住用户名和密码。")
            )

    def save(self) -> bool:
        from assist_desktop.domain.errors import FieldError

        if self.password.text() != self.password2.text():
            self.clear_errors()
            self.show_errors([FieldError("password2", "两次输入的密码不一致", "the passwords differ")])
            return False
        return self.submit(
            lambda: users.add_user(
                self.db,
                username=text_of(self.username),
                display_name=text_of(self.display_name),
                password=self.password.text(),
                role=self.role.value() or "",
                actor=self.actor,
            )
        )


class ResetPasswordDialog(ServiceForm):
    """A new password for an account."""

    changes_made = Changes(users=True)

    def __init__(
        self, db: Database, *, username: str, today: dt.date, actor: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.username = username
        self.setWindowTitle(self.tr("重设密码 — %1").replace("%1", username))
        self.password = self.add_field("password", self.tr("新密码 *"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

    def save(self) -> bool:
        return self.submit(
            lambda: users.set_password(
                self.db, username=self.username, password=self.password.text(), actor=self.actor
            )
        )


class UsersDialog(QDialog):
    """账号管理 (administrators): the accounts, add one, reset a password."""

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.today, self.actor = db, today, actor
        self.setWindowTitle(self.tr("账号管理"))
        self.resize(560, 380)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("用户名"), self.tr("姓名"), self.tr("角色")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        add = QPushButton(self.tr("新增账号…"))
        reset = QPushButton(self.tr("重设密码…"))
        add.clicked.connect(self.add_user)
        reset.clicked.connect(self.reset_password)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(reset)
        row.addStretch(1)
        note = QLabel(self.tr("建立第一个账号后，程序启动时需要登录。请务必保留至少一个管理员账号。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        lay.addWidget(note)
        lay.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            accounts = users.list_users(self.db)
        except StorageError as exc:
            show_error(self, exc)
            return
        self.table.setRowCount(len(accounts))
        for r, u in enumerate(accounts):
            for c, v in enumerate((u.username, u.display_name, enum_label(UserRole, u.role))):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def _open(self, dlg: ServiceForm) -> ServiceForm:
        dlg.accepted.connect(self.refresh)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def add_user(self) -> ServiceForm:
        first = self.table.rowCount() == 0
        return self._open(
            AddUserDialog(self.db, today=self.today, actor=self.actor, first=first, parent=self)
        )

    def reset_password(self) -> ServiceForm | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return None
        return self._open(
            ResetPasswordDialog(
                self.db, username=item.text(), today=self.today, actor=self.actor, parent=self
            )
        )
