"""The care actions in the main window: assistance and visits, pairing, letters, close/override, sign-in roles.

`install_care_actions(window)` (one line in MainWindow) adds the menus, the buttons above the detail
pane's 帮扶记录/走访 tab and the toolbar entries; `apply_sign_in(window, signed)` (app start) makes the
signed-in user the actor of every change and disables what the role may not do. Every action calls one
service function through its dialog; the dialogs emit the application signal, and the views refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.domain.enums import EmploymentSupportKind, FileStatus, UserRole
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.validation import format_fen
from assist_desktop.services import lifecycle
from assist_desktop.services.assistance import EmploymentSupportView, list_employment_support
from assist_desktop.services.users import SignedIn
from assist_desktop.ui import file_table as ft
from assist_desktop.ui.i18n import current_lang, enum_label
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import FILES, app_signals, listen

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow

#: the QAction property naming the permission (domain/permissions.py) an action needs
PERMISSION = "permission"

#: the window's own actions and the permission each needs (others may tag theirs with PERMISSION)
WINDOW_ACTIONS = {
    "act_new": "edit_file",
    "act_edit": "edit_file",
    "act_standards": "standards",
    "act_reevaluate": "standards",
    "act_demo": "settings",
}

#: the exchange module's actions (window.exchange) and the permission each needs
EXCHANGE_ACTIONS = {
    "act_export": "export",
    "act_import": "import",
    "act_roster_import": "import",
    "act_roster_export": "export",
    "act_approve": "review",
    "act_return": "review",
    "act_review_export": "review",
    "act_review_import": "import",
    "act_roster_template": "import",  # a blank roster is only of use to whoever may import it
}

#: the print module's actions (window.printing) and the permission each needs
PRINT_ACTIONS = {
    "act_cards": "print",
    "act_sheet": "print",
    "act_letter": "print",
}


class CareActions(QObject):
    """The actions, their dialogs and who may use them, for one main window (`window.care`)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.signed_in: SignedIn | None = None
        self.last_dialog: QWidget | None = None
        # (attribute, text, slot, permission, needs a file, tip)
        self.act_assistance = self._action(
            self.tr("记录帮扶…"),
            self.record_assistance,
            "record_assistance",
            True,
            self.tr("为当前档案记录一次帮扶（类型、金额、资金来源）"),
        )
        self.act_visit = self._action(
            self.tr("记录走访…"),
            self.record_visit,
            "record_assistance",
            True,
            self.tr("为当前档案记录一次入户走访（更新思想状况和最近走访日期）"),
        )
        self.act_employment = self._action(
            self.tr("记录再就业帮扶…"),
            self.record_employment,
            "record_assistance",
            True,
            self.tr("再就业优惠证、职业介绍、培训、小额贷款、社保补贴、公益性岗位"),
        )
        self.act_assign = self._action(
            self.tr("指定责任人…"),
            self.assign,
            "pair",
            True,
            self.tr("为选中的档案（可多选）指定帮扶联系责任人"),
        )
        self.act_handover = self._action(
            self.tr("移交…"), self.handover, "pair", False, self.tr("把一位责任人负责的全部档案移交给另一位")
        )
        self.act_coverage = self._action(
            self.tr("未落实责任人…"),
            self.coverage,
            "view",
            False,
            self.tr("列出没有帮扶联系责任人（或责任人已离开）的在档户"),
        )
        self.act_cadres = self._action(
            self.tr("责任人管理…"), self.cadres, "view", False, self.tr("责任人名单，新增、登记离开")
        )
        self.act_letters = self._action(
            self.tr("包保责任书…"), self.letters, "view", False, self.tr("责任书的起草与签字")
        )
        self.act_register = self._action(
            self.tr("立即评定"),
            self.register,
            "edit_file",
            True,
            self.tr("按现行标准评定当前档案，五清齐全且达到标准即登记在档"),
        )
        self.act_close = self._action(
            self.tr("解困/注销…"),
            self.close_file,
            "close_file",
            True,
            self.tr("解困或注销当前档案（须写明理由）"),
        )
        self.act_override = self._action(
            self.tr("人工改定…"),
            self.override,
            "override",
            True,
            self.tr("以书面理由改定当前档案的状态或类别"),
        )
        self.act_users = self._action(
            self.tr("账号管理…"),
            self.manage_users,
            "users",
            False,
            self.tr("登录账号：新增、设定角色、重设密码"),
        )

    def _action(
        self, text: str, slot: Callable[[], Any], permission: str, needs_file: bool, tip: str
    ) -> QAction:
        act = QAction(text, self.w)
        act.setStatusTip(tip)
        act.setToolTip(tip)
        act.setProperty(PERMISSION, permission)
        act.setProperty("needsFile", needs_file)
        act.triggered.connect(lambda _c=False: slot())
        return act

    @property
    def own_actions(self) -> list[QAction]:
        return [
            self.act_assistance,
            self.act_visit,
            self.act_employment,
            self.act_assign,
            self.act_handover,
            self.act_coverage,
            self.act_cadres,
            self.act_letters,
            self.act_register,
            self.act_close,
            self.act_override,
            self.act_users,
        ]

    # --- installing -----------------------------------------------------------------------------------
    def install(self) -> None:
        w = self.w
        menu_bar = w.menuBar()
        care = QMenu(self.tr("帮扶(&A)"), w)
        care.addActions([self.act_assistance, self.act_visit, self.act_employment])
        pairing_menu = QMenu(self.tr("包保(&B)"), w)
        pairing_menu.addActions([self.act_assign, self.act_handover])
        pairing_menu.addSeparator()
        pairing_menu.addActions([self.act_coverage, self.act_cadres, self.act_letters])
        before = self._menu_of(getattr(w, "act_about", None))
        for m in (care, pairing_menu):
            if before is not None:
                menu_bar.insertMenu(before.menuAction(), m)
            else:
                menu_bar.addMenu(m)
        review = self._menu_of(getattr(w, "act_reevaluate", None))
        if review is None:
            review = QMenu(self.tr("评定(&R)"), w)
            menu_bar.addMenu(review)
        review.addSeparator()
        review.addActions([self.act_register, self.act_close, self.act_override])
        settings = self._menu_of(getattr(w, "act_demo", None)) or care
        settings.addSeparator()
        settings.addAction(self.act_users)
        tb = w.findChild(QToolBar, "mainToolBar")
        if tb is not None:
            tb.addSeparator()
            tb.addActions([self.act_assistance, self.act_visit, self.act_assign])
        self._install_detail_buttons()
        w.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        w.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_enabled())
        w.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_enabled())
        w.table.selectionModel().currentRowChanged.connect(lambda *_a: self.refresh_employment())
        listen(w, self._on_changed)
        for owner, table in (
            (w, WINDOW_ACTIONS),
            (getattr(w, "exchange", None), EXCHANGE_ACTIONS),
            (getattr(w, "printing", None), PRINT_ACTIONS),
        ):
            for name, permission in table.items():
                act = getattr(owner, name, None)
                if isinstance(act, QAction) and act.property(PERMISSION) is None:
                    act.setProperty(PERMISSION, permission)
        for act in w.findChildren(QAction):
            # a forbidden action stays disabled whoever enables it later (the window enables 修改 per row)
            act.enabledChanged.connect(
                lambda on, act=act: on and not self.may_action(act) and act.setEnabled(False)
            )
        self.update_enabled()
        self.refresh_employment()

    @staticmethod
    def _menu_of(action: QAction | None) -> QMenu | None:
        if action is None:
            return None
        for obj in action.associatedObjects():
            if isinstance(obj, QMenu):
                return obj
        return None

    def _install_detail_buttons(self) -> None:
        """A row of buttons above the assistance and visit tables in the detail pane."""
        detail = self.w.detail
        page = None
        for i in range(detail.count()):
            candidate = detail.widget(i)
            if candidate is not None and candidate.isAncestorOf(detail.assistance_table):
                page = candidate
                break
        self.detail_buttons = QWidget()
        self.detail_buttons.setObjectName("careButtons")
        row = QHBoxLayout(self.detail_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for key, act in (
            ("assistance", self.act_assistance),
            ("visit", self.act_visit),
            ("employment", self.act_employment),
        ):
            b = QPushButton(act.text().rstrip("…"))
            b.setToolTip(act.toolTip())
            b.clicked.connect(act.trigger)
            act.enabledChanged.connect(b.setEnabled)
            self.buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        layout = page.layout() if page is not None else None
        if layout is not None and hasattr(layout, "insertWidget"):
            layout.insertWidget(0, self.detail_buttons)
        else:
            detail.setCornerWidget(self.detail_buttons, Qt.Corner.TopRightCorner)
        self._install_employment_table(page)

    def _install_employment_table(self, page: QWidget | None) -> None:
        """再就业帮扶 below 帮扶记录 and 入户走访 on the same tab (the detail pane does not list them)."""
        self.employment_table = QTableWidget(0, 6)
        t = self.employment_table
        t.setObjectName("employmentTable")
        t.setHorizontalHeaderLabels(
            [
                self.tr("开始日期"),
                self.tr("帮扶方式"),
                self.tr("内容"),
                self.tr("证书"),
                self.tr("是否就业"),
                self.tr("结果"),
            ]
        )
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setAlternatingRowColors(True)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setStretchLastSection(True)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(QLabel("<b>" + self.tr("再就业帮扶") + "</b>"))
        lay.addWidget(t)
        split = page.findChild(QSplitter) if page is not None else None
        if split is not None:
            split.addWidget(box)
        elif page is not None and (page_layout := page.layout()) is not None:
            page_layout.addWidget(box)
        self._employment_of: str | None = None

    def refresh_employment(self, *, force: bool = False) -> None:
        file_no = self.w.current_file_no()
        if file_no == self._employment_of and not force:
            return
        self._employment_of = file_no
        rows: list[EmploymentSupportView] = []
        if file_no is not None:
            try:
                rows = list_employment_support(self.w.db, file_no=file_no)
            except Exception:  # the file vanished or the database is busy: the detail pane says so already
                rows = []
        yes, no = self.tr("是"), self.tr("否")
        t = self.employment_table
        t.setRowCount(len(rows))
        for r, x in enumerate(reversed(rows)):  # newest first, as the other two tables
            values = [
                x.started_on.isoformat() if x.started_on else "",
                enum_label(EmploymentSupportKind, x.kind),
                " ".join(
                    v for v in (x.detail, format_fen(x.amount_fen) if x.amount_fen else "") if v
                ),
                x.certificate or "",
                {True: yes, False: no}.get(x.found_work, "") if x.found_work is not None else "",
                x.outcome or "",
            ]
            for c, v in enumerate(values):
                t.setItem(r, c, QTableWidgetItem(v))

    # --- who may do what ------------------------------------------------------------------------------
    def may(self, action: str) -> bool:
        return self.signed_in is None or self.signed_in.may(action)

    def may_action(self, act: QAction) -> bool:
        permission = act.property(PERMISSION)
        return not permission or self.may(str(permission))

    def selected_file_nos(self) -> list[str]:
        rows = self.w.table.selectionModel().selectedRows()
        nos = [r.data(ft.FILE_NO_ROLE) for r in sorted(rows, key=lambda r: r.row())]
        nos = [n for n in nos if n]
        if not nos:
            current = self.w.current_file_no()
            nos = [current] if current else []
        return nos

    def current_file(self) -> Any | None:
        """The file shown in the detail pane (the HardshipFile row the files service loaded), if any."""
        file_no = self.w.current_file_no()
        d = self.w.detail.detail
        if file_no is None or d is None or d.file.file_no != file_no:
            return None
        return d.file

    def _on_changed(self, _what: str) -> None:
        # the window reloads the list and the detail on the same signal, maybe after this slot: look again then
        self.update_enabled()
        QTimer.singleShot(0, self, self.update_enabled)
        self.refresh_employment(force=True)

    def update_enabled(self) -> None:
        f = self.current_file()
        has_file = self.w.current_file_no() is not None
        closed = f is not None and f.status == FileStatus.CLOSED
        own = set(self.own_actions)
        for act in self.w.findChildren(QAction):
            if act.property(PERMISSION) is None:
                continue
            if act not in own:
                # the window's and the other modules' actions keep their own enabling; a role only takes away
                if not self.may_action(act):
                    act.setEnabled(False)
                continue
            ok = self.may_action(act)
            if act.property("needsFile"):
                ok = ok and has_file
            if act in (self.act_close, self.act_override, self.act_assign, self.act_register):
                ok = ok and not closed
            act.setEnabled(ok)
        # without accounts anyone at this computer may create the first (an administrator); after that, admins only
        self.act_users.setVisible(self.may("users"))

    def apply_sign_in(self, signed: SignedIn | None) -> None:
        """The signed-in user becomes the actor of every change; what the role may not do is disabled."""
        self.signed_in = signed
        if signed is not None:
            self.w.actor = signed.username
            role = UserRole(signed.role).label_for(current_lang())
            self.user_label = QLabel(
                self.tr("当前用户：%1（%2）").replace("%1", signed.display_name).replace("%2", role)
            )
            self.user_label.setObjectName("userLabel")
            self.w.statusBar().addPermanentWidget(self.user_label)
        self.update_enabled()

    # --- opening dialogs ------------------------------------------------------------------------------
    def _show(self, dlg: QDialog) -> Any:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dlg
        dlg.open()  # window-modal, no nested event loop (tests drive the returned dialog)
        return dlg

    def _file_args(self) -> dict[str, Any] | None:
        file_no = self.w.current_file_no()
        if file_no is None:
            return None
        f = self.current_file()
        return {"file_no": file_no, "name": f.name if f is not None else ""}

    def _common(self) -> dict[str, Any]:
        return {"today": self.w.today, "actor": self.w.actor, "parent": self.w}

    def _allowed(self, permission: str) -> bool:
        # actions are disabled already; this guards programmatic calls (tests, shortcuts)
        return self.may(permission)

    def record_assistance(self) -> Any | None:
        from assist_desktop.ui.assistance_dialogs import AssistanceDialog

        args = self._file_args()
        if args is None or not self._allowed("record_assistance"):
            return None
        helper = self.signed_in.display_name if self.signed_in is not None else ""
        return self._show(AssistanceDialog(self.w.db, **args, helper=helper, **self._common()))

    def record_visit(self) -> Any | None:
        from assist_desktop.ui.assistance_dialogs import VisitDialog

        args = self._file_args()
        if args is None or not self._allowed("record_assistance"):
            return None
        f = self.current_file()
        after_exit = f is not None and f.status == FileStatus.CLOSED and f.close_reason == "out_of_hardship"
        return self._show(VisitDialog(self.w.db, **args, after_exit=after_exit, **self._common()))

    def record_employment(self) -> Any | None:
        from assist_desktop.ui.assistance_dialogs import EmploymentDialog

        args = self._file_args()
        if args is None or not self._allowed("record_assistance"):
            return None
        return self._show(EmploymentDialog(self.w.db, **args, **self._common()))

    def assign(self) -> Any | None:
        from assist_desktop.ui.pairing_dialogs import AssignDialog

        nos = self.selected_file_nos()
        if not nos or not self._allowed("pair"):
            return None
        dlg = AssignDialog(self.w.db, file_nos=nos, **self._common())
        dlg.accepted.connect(lambda: self._status(self._assign_text(dlg.result_data)))
        return self._show(dlg)

    def _assign_text(self, result: Any) -> str:
        if result is None:
            return ""
        return (
            self.tr("已为 %1 份档案指定责任人 %2（%3 份原已是该责任人）")
            .replace("%1", str(len(result.files)))
            .replace("%2", result.person)
            .replace("%3", str(len(result.unchanged)))
        )

    def handover(self) -> Any | None:
        from assist_desktop.ui.pairing_dialogs import HandoverDialog

        if not self._allowed("pair"):
            return None
        dlg = HandoverDialog(self.w.db, **self._common())
        dlg.accepted.connect(lambda: self._inform(self.tr("移交完成"), dlg.summary()))
        return self._show(dlg)

    def coverage(self) -> Any:
        from assist_desktop.ui.pairing_dialogs import CoverageDialog

        return self._show(CoverageDialog(self.w.db, on_open=self.w.select_file, parent=self.w))

    def cadres(self) -> Any:
        from assist_desktop.ui.pairing_dialogs import CadresDialog

        return self._show(CadresDialog(self.w.db, may_edit=self.may("pair"), **self._common()))

    def letters(self) -> Any:
        from assist_desktop.ui.letters_dialog import LettersDialog

        return self._show(LettersDialog(self.w.db, may_edit=self.may("pair"), **self._common()))

    def close_file(self) -> Any | None:
        from assist_desktop.ui.lifecycle_dialogs import CloseDialog

        args = self._file_args()
        if args is None or not self._allowed("close_file"):
            return None
        return self._show(CloseDialog(self.w.db, **args, **self._common()))

    def override(self) -> Any | None:
        from assist_desktop.ui.lifecycle_dialogs import OverrideDialog

        args = self._file_args()
        if args is None or not self._allowed("override"):
            return None
        f = self.current_file()
        return self._show(
            OverrideDialog(
                self.w.db,
                **args,
                status=f.status if f is not None else None,
                category=f.category if f is not None else None,
                **self._common(),
            )
        )

    def register(self) -> dict[str, Any] | None:
        """立即评定: one service call, quick, so directly; the outcome in the status bar or a message."""
        file_no = self.w.current_file_no()
        if file_no is None or not self._allowed("edit_file"):
            return None
        try:
            report = lifecycle.register_file(
                self.w.db, file_no=file_no, as_of=self.w.today, actor=self.w.actor
            )
        except DomainError as exc:
            app_signals().changed.emit(FILES)  # the evaluation may have recorded why (建档中/未达标准)
            self._inform(self.tr("不能登记"), exc.message(current_lang()), warning=True)
            return None
        except Exception as exc:
            show_error(self.w, exc)
            return None
        app_signals().changed.emit(FILES)
        self._status(
            self.tr("%1 已登记在档：%2")
            .replace("%1", file_no)
            .replace("%2", report.get("category_label") or "")
        )
        return report

    def manage_users(self) -> Any | None:
        from assist_desktop.ui.login_dialog import UsersDialog

        if not self._allowed("users"):
            return None
        return self._show(UsersDialog(self.w.db, **self._common()))

    # --- telling -----------------------------------------------------------------------------------------
    def _status(self, text: str) -> None:
        if text:
            self.w.statusBar().showMessage(text, 10000)

    def _inform(self, title: str, text: str, *, warning: bool = False) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
            title,
            text,
            QMessageBox.StandardButton.Ok,
            self.w,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        self._status(text)
        box.open()
        return box


def install_care_actions(window: MainWindow) -> CareActions:
    """Add the care actions to the window (called once, from MainWindow)."""
    care = CareActions(window)
    window.care = care  # type: ignore[attr-defined]
    care.install()
    return care


def apply_sign_in(window: MainWindow, signed: SignedIn | None) -> None:
    """After 登录: the user's name is the actor of every change; forbidden actions are disabled."""
    care: CareActions | None = getattr(window, "care", None)
    if care is None:
        care = install_care_actions(window)
    care.apply_sign_in(signed)
