"""The 备份与恢复 dialog: back up now, restore from a file (after a confirmation naming its date and how many
files it holds), and the list of automatic backups (restore one of them the same way)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database
from assist_desktop.services.backup import (
    BackupInfo,
    BackupMade,
    Restored,
    backup_folder,
    backup_now,
    inspect_backup,
    list_backups,
    restore_backup,
)
from assist_desktop.ui.jobs import Job, run_job

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow

#: the kinds of automatic backup, as the list shows them
LABELS = {
    "daily": QT_TRANSLATE_NOOP("BackupDialog", "每日"),
    "pre-import": QT_TRANSLATE_NOOP("BackupDialog", "导入数据包前"),
    "pre-roster": QT_TRANSLATE_NOOP("BackupDialog", "导入花名册前"),
    "pre-upgrade": QT_TRANSLATE_NOOP("BackupDialog", "升级前"),
    "pre-restore": QT_TRANSLATE_NOOP("BackupDialog", "恢复前"),
    "manual": QT_TRANSLATE_NOOP("BackupDialog", "手动"),
}


def _local(when: dt.datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "?"


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


class BackupDialog(QDialog):
    """Back up now, restore from a file or an automatic backup, the list of automatic backups."""

    def __init__(self, db: Database, *, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.job: Job | None = None
        self.setObjectName("BackupDialog")
        self.setWindowTitle(self.tr("备份与恢复"))
        self.resize(820, 480)
        folder = backup_folder(db)
        where = str(db.sqlite_file) if db.sqlite_file is not None else db.url.split("@")[-1]
        self.info = QLabel(
            self.tr("数据库：%1\n自动备份文件夹：%2\n每天第一次启动时、每次导入和升级前自动备份；每类保留若干份，"
                    "最新一份完好的备份从不删除。").replace("%1", where)
            .replace("%2", str(folder) if folder else self.tr("（服务器数据库由服务器自身备份）")))
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("类别"), self.tr("档案数"), self.tr("大小"), self.tr("检查")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.backup_button = QPushButton(self.tr("立即备份…"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up)
        self.restore_file_button = QPushButton(self.tr("从文件恢复…"))
        self.restore_file_button.setObjectName("restoreFile")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.restore_selected_button = QPushButton(self.tr("用所选备份恢复…"))
        self.restore_selected_button.setObjectName("restoreSelected")
        self.restore_selected_button.clicked.connect(self.restore_selected)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_file_button, self.restore_selected_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("自动备份：")))
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.backups: list[BackupInfo] = []
        self.reload()

    # --- the list -------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.backups = list_backups(self._db)
        self.table.setRowCount(len(self.backups))
        for r, b in enumerate(self.backups):
            state = self.tr("完好") if b.good else self.tr("有问题：%1").replace("%1", b.integrity)
            cells = [_local(b.created_at), QCoreApplication.translate("BackupDialog", str(LABELS.get(b.label or "", b.label or ""))),
                     "?" if b.files is None else str(b.files), _size(b.size), state]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(b.path))
                self.table.setItem(r, c, item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        picked = self.table.selectionModel().hasSelection() and 0 <= row < len(self.backups)
        self.restore_selected_button.setEnabled(picked and self.backups[row].good)

    # --- back up now ----------------------------------------------------------------------------------------
    def back_up(self) -> None:
        start = str(Path.home() / f"assist-backup-{dt.date.today():%Y%m%d}.sqlite3")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("备份到"), start,
                                              self.tr("数据库备份 (*.sqlite3 *.dump);;所有文件 (*)"))
        if path:
            self.back_up_to(Path(path))

    def back_up_to(self, path: Path) -> Job:
        def done(made: BackupMade) -> None:
            QMessageBox.information(
                self, self.tr("备份完成"),
                self.tr("已备份到 %1（档案 %2 份，检查：%3）").replace("%1", str(made.info.path))
                .replace("%2", "?" if made.info.files is None else str(made.info.files))
                .replace("%3", made.info.integrity))

        self.job = run_job(lambda _p: backup_now(self._db, out=path, actor=self._actor), title=self.tr("正在备份…"),
                           parent=self, on_success=done)
        return self.job

    # --- restore --------------------------------------------------------------------------------------------
    def restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), str(Path.home()),
                                              self.tr("数据库备份 (*.sqlite3 *.dump);;所有文件 (*)"))
        if path:
            self.restore(Path(path))

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.backups):
            self.restore(self.backups[row].path)

    def confirmation(self, info: BackupInfo) -> str:
        """The question asked before a restore: the backup's date and how many files it holds."""
        return (self.tr("用备份 %1 恢复数据库？\n\n备份时间：%2\n其中档案：%3 份\n检查：%4\n\n"
                        "当前数据库的全部内容将被替换（替换前会自动保存一份副本）。")
                .replace("%1", str(info.path)).replace("%2", _local(info.created_at))
                .replace("%3", "?" if info.files is None else str(info.files))
                .replace("%4", self.tr("完好") if info.good else info.integrity))

    def ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("恢复数据库"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def restore(self, path: Path) -> Job | None:
        info = inspect_backup(path) if self._db.sqlite_file is not None else None
        if info is not None and not info.good:
            QMessageBox.warning(self, self.tr("不能用此文件恢复"),
                                self.tr("%1 不是完好的本程序备份：%2").replace("%1", str(path))
                                .replace("%2", info.integrity if info.integrity != "ok" else self.tr("版本不明")))
            return None
        text = self.confirmation(info) if info is not None else self.tr("用 %1 恢复服务器数据库？").replace("%1", str(path))
        if not self.ask(text):
            return None

        def done(result: Restored) -> None:
            self.reload()
            QMessageBox.information(self, self.tr("恢复完成"),
                                    self.tr("已恢复。被替换的数据库已保存为：%1").replace("%1", str(result.kept)))

        self.job = run_job(lambda _p: restore_backup(self._db, path=path, actor=self._actor),
                           title=self.tr("正在恢复…"), parent=self, on_success=done)
        return self.job


def open_backup_dialog(window: MainWindow) -> BackupDialog:
    """The 备份与恢复 action: the dialog, window-modal (never a blocking exec())."""
    dialog = BackupDialog(window.db, actor=window.actor, parent=window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
