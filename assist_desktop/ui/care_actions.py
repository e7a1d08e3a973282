"""The care handlers of the main window: assistance and visits, pairing, letters, register/close/override, accounts.

`CareActions` (kept as `window.care`) holds what the window's care actions call; the window's action table
(ui/main_window.py ACTIONS) places them in menus and the toolbar and decides who may use them. Every handler
calls one service function through its dialog; the dialogs emit the application signal, and the views refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from assist_desktop.db.engine import StorageError
from assist_desktop.domain.enums import FileStatus
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services import lifecycle
from assist_desktop.services.changes import Changes
from assist_desktop.ui import file_table as ft
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import emit_changes, emit_result

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow


class CareActions(QObject):
    """The care handlers for one main window (`window.care`); keeps the last dialog and message for tests."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.last_dialog: QWidget | None = None
        self.last_message: QMessageBox | None = None

    # --- what is chosen -------------------------------------------------------------------------------
    def may(self, permission: str) -> bool:
        return self.w.may(permission)

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
        helper = self.w.signed_in.display_name if self.w.signed_in is not None else ""
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
        dlg = EmploymentDialog(self.w.db, **args, **self._common())
        dlg.accepted.connect(lambda: self._employment_saved(dlg.result_data))
        return self._show(dlg)

    def _employment_saved(self, record: Any) -> None:
        """After a job start, what the re-evaluation did (the watch beginning) in the status bar."""
        events: tuple[str, ...] = tuple(getattr(record, "events", None) or ())
        if events:
            self._status("；".join(events))

    def record_employment_outcome(self) -> Any | None:
        """记录就业结果 for the record chosen in the 再就业 tab (the newest training without a result otherwise)."""
        from assist_desktop.services.assistance import list_employment_support
        from assist_desktop.ui.assistance_dialogs import EmploymentOutcomeDialog

        args = self._file_args()
        if args is None or not self._allowed("record_assistance"):
            return None
        try:
            records = list_employment_support(self.w.db, file_no=args["file_no"])
        except (DomainError, StorageError) as exc:
            show_error(self.w, exc)
            return None
        chosen = self.w.detail.selected_employment_id()
        record = next((r for r in records if r.id == chosen), None)
        if record is None:
            open_ones = [r for r in records if r.kind in ("training", "referral") and r.found_work is None]
            record = open_ones[-1] if open_ones else None
        if record is None:
            self.w.detail.setCurrentWidget(self.w.detail.employment_page)
            return self._inform(self.tr("记录就业结果"),
                                self.tr("请先在“再就业”页选中一条再就业帮扶记录。"), warning=True)
        return self._show(EmploymentOutcomeDialog(self.w.db, record=record, name=args["name"], **self._common()))

    def retention(self) -> Any:
        """保存期满档案: the list of closed files past retention; deleting is for reviewers and administrators."""
        from assist_desktop.ui.retention_dialog import RetentionDialog

        return self._show(RetentionDialog(self.w.db, may_delete=self.may("review"), **self._common()))

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

    def register(self) -> Mapping[str, Any] | None:
        """立即评定: one service call, quick, so directly; the outcome in the status bar or a message."""
        file_no = self.w.current_file_no()
        if file_no is None or not self._allowed("edit_file"):
            return None
        try:
            report = lifecycle.register_file(
                self.w.db, file_no=file_no, as_of=self.w.today, actor=self.w.actor
            )
        except DomainError as exc:
            emit_changes(Changes.of_files(file_no))  # the evaluation may have recorded why (建档中/未达标准)
            self._inform(self.tr("不能登记"), exc.message(current_lang()), warning=True)
            return None
        except (ValidationFailed, StorageError) as exc:
            show_error(self.w, exc)
            return None
        emit_result(report, Changes.of_files(file_no))
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
