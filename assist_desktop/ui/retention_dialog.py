"""保存期满档案: closed files past their retention period, deleted one at a time by a reviewer (a stub stays).

The list and the stubs come from services/retention.py; 删除… asks the reason (the confirmation) and calls
`delete_expired_file`, which checks the role itself. Only reviewers and administrators see the button enabled.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services.retention import (
    FileDeleted,
    RetentionItem,
    StubView,
    delete_expired_file,
    list_stubs,
    past_retention,
)
from assist_desktop.ui.i18n import enum_label
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import emit_result


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()


class RetentionDialog(QDialog):
    """The files past retention (待审核删除) and the stubs of those deleted (已删除存根)."""

    def __init__(self, db: Database, *, today: dt.date, actor: str, may_delete: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.today, self.actor, self.may_delete = db, today, actor, may_delete
        self.items: list[RetentionItem] = []
        self.stubs: list[StubView] = []
        self.last_deleted: FileDeleted | None = None
        self.setWindowTitle(self.tr("保存期满档案"))
        self.resize(760, 420)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.files_table = _table([self.tr("档案编号"), self.tr("姓名"), self.tr("退档日期"), self.tr("退档原因"),
                                   self.tr("保存至")])
        self.files_table.setObjectName("retentionTable")
        self.stubs_table = _table([self.tr("档案编号"), self.tr("姓名"), self.tr("退档日期"), self.tr("删除日期"),
                                   self.tr("审核人"), self.tr("理由")])
        self.stubs_table.setObjectName("stubTable")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.files_table, self.tr("待审核删除"))
        self.tabs.addTab(self.stubs_table, self.tr("已删除（存根）"))
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        if not may_delete:
            self.delete_button.setToolTip(self.tr("只有审核人或管理员可以删除"))
        self.files_table.itemSelectionChanged.connect(self._update_enabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        try:
            self.items = past_retention(self.db, today=self.today)
            self.stubs = list_stubs(self.db)
        except StorageError as exc:
            show_error(self, exc)
            return
        years = self.items[0].years if self.items else None
        text = self.tr("截至 %1，保存期满、待审核删除的退档档案 %2 份。").replace("%1", self.today.isoformat()) \
            .replace("%2", str(len(self.items)))
        if years is not None:
            text += self.tr("（退档后保存 %1 年）").replace("%1", str(years))
        text += " " + self.tr("删除后档案的全部记录一并删除，只保留存根（档案编号、日期、理由）和审计记录。")
        self.intro.setText(text)
        _fill(self.files_table, [[i.file_no, i.name, i.closed_on.isoformat(),
                                  enum_label(E.CloseReason, i.close_reason), i.kept_until.isoformat()]
                                 for i in self.items])
        _fill(self.stubs_table, [[s.file_no, s.name_masked, s.closed_on.isoformat() if s.closed_on else "",
                                  s.deleted_on.isoformat(), s.approved_by, s.reason] for s in self.stubs])
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.delete_button.setEnabled(self.may_delete and self.selected() is not None)

    def selected(self) -> RetentionItem | None:
        row = self.files_table.currentRow()
        rows = self.files_table.selectionModel().selectedRows()
        if not rows or row < 0 or row >= len(self.items):
            return None
        return self.items[row]

    def ask_reason(self, item: RetentionItem) -> str | None:
        """The confirmation: the reason for deleting (None: cancelled). Tests replace it."""
        text, ok = QInputDialog.getText(
            self, self.tr("删除保存期满档案"),
            self.tr("删除档案 %1 %2（%3 退档，保存至 %4）？\n档案的全部记录将一并删除，只保留存根。\n请写明删除理由：")
            .replace("%1", item.file_no).replace("%2", item.name).replace("%3", item.closed_on.isoformat())
            .replace("%4", item.kept_until.isoformat()),
        )
        return text if ok else None

    def delete_selected(self, reason: str | None = None) -> FileDeleted | None:
        item = self.selected()
        if item is None or not self.may_delete:
            return None
        if reason is None:
            reason = self.ask_reason(item)
            if reason is None:
                return None
        try:
            done = delete_expired_file(self.db, file_no=item.file_no, reason=reason, today=self.today,
                                       actor=self.actor)
        except (ValidationFailed, DomainError, StorageError) as exc:
            show_error(self, exc)
            return None
        self.last_deleted = done
        emit_result(done)
        self.reload()
        return done
