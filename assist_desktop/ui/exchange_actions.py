"""The handlers of the window's 数据交换 menu: packages between union levels, rosters, review results.

`ExchangeActions` (kept as `window.exchange`) holds what the exchange actions call; the window's action table
(ui/main_window.py ACTIONS) places them and decides who may use them. Every step that reads a file or writes the database runs as a job (ui/jobs.py);
an import is always checked and previewed first, and only 确认导入 writes, all of it in one transaction.
A refused package or roster shows the exchange module's own message, naming the problem.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.exchange.sealing import PasswordNeeded
from assist_desktop.services import exchange as xs
from assist_desktop.services import roster
from assist_desktop.services.changes import Changes
from assist_desktop.services.demo import demo_files_left_out
from assist_desktop.services.exchange_trust import UnknownSender
from assist_desktop.services.unions import check_receiver_code, get_home_union, list_unions, receiver_choices
from assist_desktop.ui.exchange_dialogs import (
    ExportPackageDialog,
    ImportPreviewDialog,
    ReturnReasonDialog,
    ReviewExportDialog,
    RosterPreviewDialog,
    ask_open,
    ask_save,
)
from assist_desktop.ui.jobs import Job, run_job, show_error
from assist_desktop.ui.print_actions import selected_file_nos

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow

ZIP_FILTER = "数据包 (*.zip)"
ROSTER_FILTER = "花名册 (*.xlsx *.csv);;Excel (*.xlsx);;CSV (*.csv)"
XLSX_FILTER = "Excel (*.xlsx)"


class ExchangeActions(QObject):
    """The exchange actions of one window; keeps the last job, dialog and message for tests and the user."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_job: Job | None = None
        self.last_dialog: QDialog | None = None
        self.last_message: str | None = None

    # --- context ---------------------------------------------------------------------------------
    @property
    def db(self) -> Database:
        return self.window.db

    @property
    def today(self) -> dt.date:
        return self.window.today

    @property
    def actor(self) -> str:
        return self.window.actor

    def _open(self, dlg: QDialog) -> QDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_dialog = dlg
        dlg.open()
        return dlg

    def _job(self, fn: Any, title: str, on_success: Any, *, changed: Changes | None = None) -> Job:
        self.last_job = run_job(fn, title=title, parent=self.window, on_success=on_success, changed=changed)
        return self.last_job

    def tell(self, title: str, text: str) -> None:
        """A result in words (non-blocking), also kept as `last_message` and shown in the status bar."""
        self.last_message = text
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.window.statusBar().showMessage(text.splitlines()[0], 10000)

    # --- packages --------------------------------------------------------------------------------
    def export_package(self) -> ExportPackageDialog:
        home = get_home_union(self.db)
        receiver = (home.parent_code or "") if home else ""
        code = home.code if home else "export"
        db = self.db
        choices = [(u.code, u.name) for u in receiver_choices(db)]
        demo = demo_files_left_out(db)
        dlg = ExportPackageDialog(
            receiver=receiver,
            default_name=f"数据包_{code}_{self.today:%Y%m%d}.zip",
            choices=choices,
            check=lambda typed: check_receiver_code(db, typed),
            demo_note=self.tr("本库中的 %1 份演示档案不会导出。").replace("%1", str(demo)) if demo else None,
            parent=self.window,
        )
        dlg.accepted.connect(lambda: self.start_export(**dlg.values()))
        self._open(dlg)
        return dlg

    def start_export(self, *, to: str, full: bool, out: str) -> Job:
        db, actor = self.db, self.actor

        def done(result: xs.ExportResult) -> None:
            kind = (
                self.tr("全量")
                if result.full
                else self.tr("增量（%1 以来的变化）").replace("%1", f"{result.since:%Y-%m-%d %H:%M}")
            )
            self.tell(
                self.tr("导出数据包"),
                self.tr("已导出%1数据包：%2\n接收工会：%3；档案 %4 份\n校验码 SHA-256：%5")
                .replace("%1", kind)
                .replace("%2", str(result.path))
                .replace("%3", result.receiver)
                .replace("%4", str(result.counts.get("hardship_file", 0)))
                .replace("%5", result.sha256)
                + (
                    "\n" + self.tr("演示档案 %1 份未导出。").replace("%1", str(result.skipped_demo))
                    if result.skipped_demo
                    else ""
                )
                + "\n"
                + (
                    self.tr("已加密给接收工会（只有它能打开）。")
                    if result.encrypted == "receiver_key"
                    else self.tr("已用密码加密。")
                    if result.encrypted == "password"
                    else self.tr("未加密：请经可靠途径传送。")
                )
                + "".join("\n" + w for w in result.warnings if "演示档案" not in w),
            )

        return self._job(
            lambda _p: xs.export_package(db, out=out, to=to, full=full, actor=actor),
            self.tr("正在导出数据包……"),
            done,
            changed=Changes(files=True, exchange=True),  # exported files are now 已上报
        )

    def import_package(
        self, path: str | None = None, trust_sender: str | None = None, password: str | None = None
    ) -> Job | None:
        """Check and preview a package (a job); the preview dialog then confirms or cancels.

        A first package from a sender whose key is not recorded asks the user to confirm its fingerprint
        (`confirm_sender`); confirmed, the package is checked again with it, and the key is recorded on import.
        A package encrypted to this union opens with its key; one sealed with a password asks for it
        (`ask_password`)."""
        path = path or ask_open(self.window, self.tr("选择数据包"), ZIP_FILTER)
        if not path:
            return None
        db, today = self.db, self.today

        def check(_p: Any) -> xs.MergeReport | UnknownSender | PasswordNeeded:
            try:
                return xs.preview_import(db, path=path, today=today, trust_sender=trust_sender, password=password)
            except (UnknownSender, PasswordNeeded) as exc:
                return exc  # not a failure: the user is asked below

        def preview(report: xs.MergeReport | UnknownSender | PasswordNeeded) -> None:
            if isinstance(report, UnknownSender):
                if self.confirm_sender(report):
                    self.import_package(path, trust_sender=report.fingerprint or report.sender_code,
                                        password=password)
                return
            if isinstance(report, PasswordNeeded):
                typed = self.ask_password()
                if typed:
                    self.import_package(path, trust_sender=trust_sender, password=typed)
                return
            dlg = ImportPreviewDialog(report, path=path, parent=self.window)
            dlg.accepted.connect(lambda: self.apply_package(path, trust_sender, password))
            self._open(dlg)

        return self._job(check, self.tr("正在校验数据包……"), preview)

    def confirm_sender(self, unknown: UnknownSender) -> bool:
        """Ask whether the sender's fingerprint matches the one it gave (on paper, by phone)."""
        if unknown.fingerprint is None:
            text = self.tr("此数据包由旧版程序导出，没有签名：无法确认真是工会 %1（%2）发来的。\n确认来源可靠并导入吗？")
        else:
            text = self.tr(
                "首次收到工会 %1（%2）的数据包。请与对方核对公钥指纹：\n\n%3\n\n指纹一致才可导入。指纹一致吗？"
            ).replace("%3", unknown.fingerprint)
        text = text.replace("%1", unknown.sender_code).replace("%2", unknown.sender_name)
        answer = QMessageBox.question(
            self.window,
            self.tr("确认发送方"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_password(self) -> str | None:
        """The password of a package sealed with one (None: cancelled)."""
        text, ok = QInputDialog.getText(
            self.window, self.tr("数据包密码"), self.tr("此数据包用密码加密，请输入发送方告知的密码："),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def apply_package(self, path: str, trust_sender: str | None = None, password: str | None = None) -> Job:
        db, today, actor = self.db, self.today, self.actor

        def done(report: xs.MergeReport) -> None:
            text = (
                self.tr("已导入数据包 %1：新增 %2 份，更新 %3 份，未变 %4 份，冲突 %5 份")
                .replace("%1", report.package_id)
                .replace("%2", str(len(report.new)))
                .replace("%3", str(len(report.updated)))
                .replace("%4", str(report.unchanged))
                .replace("%5", str(len(report.conflicts)))
            )
            self.tell(self.tr("导入数据包"), text)

        return self._job(
            lambda progress: xs.import_package(
                db, path=path, today=today, actor=actor, progress=progress, trust_sender=trust_sender,
                password=password,
            ),
            self.tr("正在导入数据包……"),
            done,
            changed=Changes(files=True, care=True, pairing=True, unions=True, exchange=True),
        )

    # --- rosters ---------------------------------------------------------------------------------
    def import_roster(self, path: str | None = None, *, keep_unknown: bool = False) -> Job | None:
        """Check every row first (a job, nothing written; cancellable); the dialog then imports the valid rows,
        maps unknown words and checks again, writes the refused rows as .xlsx, or cancels."""
        path = path or ask_open(self.window, self.tr("选择花名册"), ROSTER_FILTER)
        if not path:
            return None
        db, today, actor = self.db, self.today, self.actor

        def checked(report: roster.RosterReport) -> None:
            dlg = RosterPreviewDialog(report, path=path, parent=self.window)
            dlg.accepted.connect(lambda: self.apply_roster(path, keep_unknown=dlg.keep_unknown_columns()))
            dlg.remap_requested.connect(lambda: self.remap_roster(dlg))
            dlg.errors_out_requested.connect(lambda out: self.roster_errors_out(path, out))
            self._open(dlg)

        return self._roster_job(
            lambda progress: roster.preview_roster(db, path=path, today=today, actor=actor, progress=progress,
                                                   keep_unknown_columns=keep_unknown),
            self.tr("正在检查花名册……"),
            checked,
        )

    def _roster_job(self, fn: Any, title: str, on_success: Any, *, changed: Changes | None = None) -> Job:
        """A roster job with a Cancel button (the service's one transaction rolls back)."""
        self.last_job = run_job(fn, title=title, parent=self.window, on_success=on_success, changed=changed,
                                cancellable=True)
        return self.last_job

    def remap_roster(self, dlg: RosterPreviewDialog) -> Job | None:
        """Save the words mapped in the dialog (the union's own mapping, kept for next time), then check again."""
        from assist_desktop.services.roster_map import set_value_map

        try:
            for key, word, target in dlg.mappings():
                set_value_map(self.db, column=key, value=word, target=target, actor=self.actor)
        except ValidationFailed as exc:
            QMessageBox.warning(self.window, self.tr("导入花名册"), exc.summary())
            return None
        keep = dlg.keep_unknown_columns()
        dlg.done(QDialog.DialogCode.Rejected)
        return self.import_roster(dlg.path, keep_unknown=keep)

    def roster_errors_out(self, path: str, out: str) -> Job:
        """Write the refused rows (with 错误原因) to `out`, for the clerk to fix in Excel and import again."""
        db, today, actor = self.db, self.today, self.actor
        return self._roster_job(
            lambda progress: roster.preview_roster(db, path=path, today=today, actor=actor, progress=progress,
                                                   errors_out=out),
            self.tr("正在导出有误的行……"),
            lambda r: self.tell(
                self.tr("导入花名册"),
                self.tr("有误的 %1 行已写入 %2，改正后可直接再导入。")
                .replace("%1", str(r.refused_rows)).replace("%2", str(out)),
            ),
        )

    def apply_roster(self, path: str, *, keep_unknown: bool = False) -> Job:
        db, today, actor = self.db, self.today, self.actor

        def done(report: roster.RosterReport) -> None:
            text = (
                self.tr("已导入花名册 %1：新建 %2 份，更新 %3 份，无变化 %4 份")
                .replace("%1", report.source)
                .replace("%2", str(len(report.created)))
                .replace("%3", str(len(report.updated)))
                .replace("%4", str(len(report.unchanged)))
            )
            if report.bad_rows:
                text += "\n" + self.tr("有误的 %1 行未导入。").replace("%1", str(report.bad_rows))
            self.tell(self.tr("导入花名册"), text)

        return self._roster_job(
            lambda progress: roster.import_roster(
                db, path=path, today=today, actor=actor, accept_valid=True, progress=progress,
                keep_unknown_columns=keep_unknown,
            ),
            self.tr("正在导入花名册……"),
            done,
            changed=Changes.of_files(),
        )

    def roster_template(self, path: str | None = None) -> Job | None:
        path = path or ask_save(
            self.window, self.tr("保存花名册模板"), "困难职工花名册模板.xlsx", XLSX_FILTER
        )
        if not path:
            return None
        out = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        return self._job(
            lambda _p: roster.roster_template(out=out).path,
            self.tr("正在生成花名册模板……"),
            lambda written: self.tell(
                self.tr("下载花名册模板"), self.tr("已生成花名册模板：%1").replace("%1", str(written))
            ),
        )

    def export_roll(self, path: str | None = None) -> Job | None:
        name = f"困难职工花名册_{self.today:%Y%m%d}.xlsx"
        path = path or ask_save(self.window, self.tr("导出花名册"), name, XLSX_FILTER)
        if not path:
            return None
        out = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        db = self.db
        return self._job(
            lambda _p: roster.export_roster(db, out=out),
            self.tr("正在导出花名册……"),
            lambda r: self.tell(
                self.tr("导出花名册"),
                self.tr("已导出花名册：%1（档案 %2 份，家庭成员 %3 人）")
                .replace("%1", str(r.path))
                .replace("%2", str(r.files))
                .replace("%3", str(r.members)),
            ),
        )

    # --- review ----------------------------------------------------------------------------------
    def _selected_or_say(self) -> list[str]:
        nos = selected_file_nos(self.window)
        if not nos:
            QMessageBox.information(self.window, self.tr("上级审核"), self.tr("请先在列表中选择档案。"))
        return nos

    def approve_selected(self, file_nos: list[str] | None = None) -> Job | None:
        nos = file_nos if file_nos is not None else self._selected_or_say()
        if not nos:
            return None
        return self.start_review(nos, "approve", None)

    def return_selected(self, file_nos: list[str] | None = None) -> ReturnReasonDialog | None:
        nos = file_nos if file_nos is not None else self._selected_or_say()
        if not nos:
            return None
        dlg = ReturnReasonDialog(nos, self.window)
        dlg.accepted.connect(lambda: self.start_review(dlg.file_nos, "return", dlg.text()))
        self._open(dlg)
        return dlg

    def start_review(self, file_nos: list[str], decision: str, reason: str | None) -> Job:
        db, actor = self.db, self.actor
        word = self.tr("审核通过") if decision == "approve" else self.tr("退回")

        def done(result: xs.ReviewResult) -> None:
            text = self.tr("%1：%2 份").replace("%1", word).replace("%2", str(len(result.changed)))
            if result.unchanged:
                text += self.tr("（%1 份原已如此）").replace("%1", str(len(result.unchanged)))
            self.tell(self.tr("上级审核"), text)

        return self._job(
            lambda _p: xs.review_files(
                db, file_nos=file_nos, decision=decision, reason=reason, actor=actor
            ),
            self.tr("正在保存审核结果……"),
            done,
            changed=Changes.of_files(),
        )

    def export_review(self) -> ReviewExportDialog | None:
        try:
            home = get_home_union(self.db)
            unions = [
                (u.code, u.name)
                for u in list_unions(self.db)
                if home is not None and u.parent_code == home.code
            ]
        except StorageError as exc:
            show_error(self.window, exc)
            return None
        dlg = ReviewExportDialog(
            unions=unions, default_name=f"审核结果_{self.today:%Y%m%d}.zip", parent=self.window
        )
        dlg.accepted.connect(lambda: self.start_review_export(to=dlg.code(), out=dlg.path.path()))
        self._open(dlg)
        return dlg

    def start_review_export(self, *, to: str, out: str) -> Job:
        db, actor = self.db, self.actor
        out = out if out.lower().endswith(".zip") else out + ".zip"
        return self._job(
            lambda _p: xs.export_review(db, out=out, to=to, actor=actor),
            self.tr("正在导出审核结果……"),
            lambda r: self.tell(
                self.tr("导出审核结果"),
                self.tr("已导出审核结果 %1 份：%2")
                .replace("%1", str(len(r.changed)))
                .replace("%2", str(r.path)),
            ),
        )

    def import_review(self, path: str | None = None, trust_sender: str | None = None) -> Job | None:
        path = path or ask_open(self.window, self.tr("选择审核结果"), ZIP_FILTER)
        if not path:
            return None
        db, actor = self.db, self.actor

        def apply(_p: Any) -> xs.ReviewResult | UnknownSender:
            try:
                return xs.import_review(db, path=path, actor=actor, trust_sender=trust_sender)
            except UnknownSender as exc:
                return exc  # the parent's key is not recorded yet: the user is asked below

        def done(r: xs.ReviewResult | UnknownSender) -> None:
            if isinstance(r, UnknownSender):
                if self.confirm_sender(r):
                    self.import_review(path, trust_sender=r.fingerprint or r.sender_code)
                return
            text = (
                self.tr("审核结果：更新 %1 份，未变 %2 份")
                .replace("%1", str(len(r.changed)))
                .replace("%2", str(len(r.unchanged)))
            )
            if r.unknown:
                text += (
                    self.tr("，本库没有的档案 %1 份（%2）")
                    .replace("%1", str(len(r.unknown)))
                    .replace("%2", "、".join(r.unknown[:10]))
                )
            self.tell(self.tr("导入审核结果"), text)

        return self._job(
            apply,
            self.tr("正在导入审核结果……"),
            done,
            changed=Changes.of_files(),
        )


__all__ = ["ExchangeActions"]
