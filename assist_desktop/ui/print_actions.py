"""The handlers of the window's 打印 menu: green cards, the file sheet, responsibility letters, each previewed.

`PrintActions` (kept as `window.printing`) holds what the print actions call; the window's action table
(ui/main_window.py ACTIONS) places them in the menu and the toolbar. Each handler asks what to print (a small window-modal dialog, never a blocking
exec()), makes the PDF as a job with the service, and opens the preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.services import pairing, prints
from assist_desktop.ui.file_table import FILE_NO_ROLE
from assist_desktop.ui.jobs import Job, show_error
from assist_desktop.ui.print_preview import PagePrinter, PdfPreviewDialog, PrintOutcome, load_pdf, preview_pdf

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow


def selected_file_nos(window: MainWindow) -> list[str]:
    """File numbers of the rows selected in the window's file table, in table order."""
    rows = sorted(window.table.selectionModel().selectedRows(), key=lambda i: i.row())
    return [str(i.data(FILE_NO_ROLE)) for i in rows if i.data(FILE_NO_ROLE)]


class CardScopeDialog(QDialog):
    """Green cards of the selected files, or of every active file."""

    def __init__(self, selected: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected = selected
        self.setWindowTitle(self.tr("打印绿卡"))
        lay = QVBoxLayout(self)
        self.only_selected = QRadioButton(self.tr("选中的档案（%1 份）").replace("%1", str(len(selected))))
        self.every_active = QRadioButton(self.tr("全部在档帮扶对象"))
        self.only_selected.setChecked(True)
        lay.addWidget(self.only_selected)
        lay.addWidget(self.every_active)
        hint = QLabel(self.tr("每页4张，可裁切后塑封。身份证号隐去中间部分。"))
        hint.setObjectName("muted")
        lay.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("预览并打印…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)

    def file_nos(self) -> list[str]:
        return list(self.selected) if self.only_selected.isChecked() else []


class SheetOptionsDialog(QDialog):
    """Which file, and whether the paper file gets the full ID number."""

    def __init__(self, file_no: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_no = file_no
        self.setWindowTitle(self.tr("打印档案表"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("档案：%1").replace("%1", label)))
        self.full_id = QCheckBox(self.tr("打印完整身份证号（纸质档案）"))
        self.full_id.setObjectName("fullIdCheck")
        self.full_id.setToolTip(
            self.tr("只在装入纸质档案时打印完整号码；其他用途请保持隐去中间部分，保护个人信息。")
        )
        lay.addWidget(self.full_id)
        hint = QLabel(self.tr("不勾选时，身份证号隐去中间部分（银行账号总是隐去）。"))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("预览并打印…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)


class LetterChoiceDialog(QDialog):
    """Choose one responsibility letter from the list."""

    def __init__(self, letters: Sequence[Mapping[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letters = letters
        self.setWindowTitle(self.tr("打印责任书"))
        self.resize(800, 360)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("选择要打印的包保责任书：")))
        self.table = QTableWidget(len(letters), 6)
        self.table.setObjectName("letterTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("责任书编号"),
                self.tr("上级（甲方）"),
                self.tr("下级（乙方）"),
                self.tr("户数"),
                self.tr("期限"),
                self.tr("签署"),
            ]
        )
        for r, x in enumerate(letters):
            signed = self.tr("双方已签") if x["signed"] else self.tr("未签全")
            period = f"{x['period_start']:%Y-%m-%d} — {x['period_end']:%Y-%m-%d}"
            for c, v in enumerate(
                [
                    x["letter_no"],
                    x["upper"] or "",
                    x["lower"] or "",
                    str(x["household_count"]),
                    period,
                    signed,
                ]
            ):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("预览并打印…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)
        if letters:
            self.table.selectRow(0)

    def letter_no(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.letters[rows[0].row()]["letter_no"] if rows else None


class BatchPrintDialog(QDialog):
    """Batch printing: cards or sheets, of the selected files or of every file the list shows; print or save."""

    def __init__(self, selected: list[str], listed: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected = selected
        self.setWindowTitle(self.tr("批量打印"))
        self.setMinimumWidth(440)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("打印什么：")))
        self.cards = QRadioButton(self.tr("帮扶绿卡（每页4张）"))
        self.sheets = QRadioButton(self.tr("档案表（每份档案从新的一页开始）"))
        self.cards.setChecked(True)
        kinds = QButtonGroup(self)
        for b in (self.cards, self.sheets):
            kinds.addButton(b)
            lay.addWidget(b)
        lay.addWidget(QLabel(self.tr("哪些档案：")))
        self.only_selected = QRadioButton(self.tr("选中的档案（%1 份）").replace("%1", str(len(selected))))
        self.everything_listed = QRadioButton(self.tr("列表中的全部档案（按当前检索和筛选，%1 份）").replace("%1", listed))
        scope = QButtonGroup(self)
        for b in (self.only_selected, self.everything_listed):
            scope.addButton(b)
            lay.addWidget(b)
        self.only_selected.setEnabled(bool(selected))
        (self.only_selected if selected else self.everything_listed).setChecked(True)
        self.full_id = QCheckBox(self.tr("档案表打印完整身份证号（纸质档案）"))
        self.full_id.setObjectName("batchFullIdCheck")
        lay.addWidget(self.full_id)
        self.full_id.setEnabled(False)
        self.sheets.toggled.connect(self.full_id.setEnabled)
        hint = QLabel(self.tr("先生成 PDF（可取消），再选择打印机和纸张；打印时也可随时取消，并告知已打印多少。"))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = buttons.addButton(self.tr("打印…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = buttons.addButton(self.tr("另存为PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.then = "print"
        self.print_button.clicked.connect(lambda: self._finish("print"))
        self.save_button.clicked.connect(lambda: self._finish("save"))
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)

    def _finish(self, then: str) -> None:
        self.then = then
        self.accept()

    def kind(self) -> str:
        return "sheet" if self.sheets.isChecked() else "card"

    def file_nos(self) -> list[str]:
        """The selected files, or [] for every file the list shows."""
        return list(self.selected) if self.only_selected.isChecked() else []


class PrintActions(QObject):
    """The print actions of one window; keeps the last job, dialog and preview for the window's tests."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_job: Job | None = None
        self.last_dialog: QDialog | None = None
        self.last_preview: PdfPreviewDialog | None = None
        self.last_batch: prints.PrintBatch | None = None
        self.last_outcome: PrintOutcome | None = None
        self.last_print_dialog: QPrintDialog | None = None
        self.last_printer: PagePrinter | None = None

    # --- context ---------------------------------------------------------------------------------
    @property
    def db(self) -> Database:
        return self.window.db

    @property
    def today(self) -> dt.date:
        return self.window.today

    def _keep(self, dlg: PdfPreviewDialog) -> None:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_preview = dlg
        dlg.destroyed.connect(lambda _o=None: self._forget(dlg))

    def _forget(self, dlg: PdfPreviewDialog) -> None:
        if self.last_preview is dlg:
            self.last_preview = None

    def _modal(self, dlg: QDialog) -> QDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_dialog = dlg
        dlg.open()
        return dlg

    # --- green cards -----------------------------------------------------------------------------
    def choose_cards(self) -> CardScopeDialog | Job:
        """With files selected, ask: those, or every active file; with none, print every active file."""
        nos = selected_file_nos(self.window)
        if not nos:
            return self.print_cards([])
        dlg = CardScopeDialog(nos, self.window)
        dlg.accepted.connect(lambda: self.print_cards(dlg.file_nos()))
        self._modal(dlg)
        return dlg

    def print_cards(self, file_nos: list[str] | None = None) -> Job:
        """Cards of the given (default: selected) files; with none selected, every active file."""
        nos = selected_file_nos(self.window) if file_nos is None else list(file_nos)
        db, today = self.db, self.today
        what = (
            self.tr("%1 份档案的绿卡").replace("%1", str(len(nos)))
            if nos
            else self.tr("全部在档帮扶对象的绿卡")
        )
        self.last_job = preview_pdf(
            self.window,
            lambda progress: prints.green_cards(db, file_nos=nos, on=today, progress=progress),
            title=self.tr("打印预览 — %1").replace("%1", what),
            busy=self.tr("正在生成%1……").replace("%1", what),
            suggested_name=f"绿卡_{today:%Y%m%d}.pdf",
            on_open=self._keep,
        )
        return self.last_job

    # --- file sheet ------------------------------------------------------------------------------
    def print_sheet(self, file_no: str | None = None) -> SheetOptionsDialog | None:
        """Ask about the full ID number for the current file; OK makes the sheet and opens the preview."""
        file_no = file_no or self.window.current_file_no()
        if not file_no:
            QMessageBox.information(self.window, self.tr("打印档案表"), self.tr("请先在列表中选择一份档案。"))
            return None
        label = file_no
        model = self.window.model
        r = model.row_of(file_no)
        found = model.row_at(r) if r >= 0 else None
        if found is not None:
            label = f"{file_no}（{found.name}）"
        dlg = SheetOptionsDialog(file_no, label, self.window)
        dlg.accepted.connect(lambda: self.start_sheet(dlg.file_no, full_id=dlg.full_id.isChecked()))
        self._modal(dlg)
        return dlg

    def start_sheet(self, file_no: str, *, full_id: bool) -> Job:
        db, today, actor = self.db, self.today, self.window.actor
        self.last_job = preview_pdf(
            self.window,
            lambda _progress: prints.file_sheets(db, file_nos=[file_no], on=today, full_id=full_id,
                                                 actor=actor),
            title=self.tr("打印预览 — 档案表 %1").replace("%1", file_no),
            busy=self.tr("正在生成档案表……"),
            suggested_name=f"档案表_{file_no}.pdf",
            on_open=self._keep,
        )
        return self.last_job

    # --- batches --------------------------------------------------------------------------------------
    def batch_print(self) -> BatchPrintDialog:
        """Ask what and which files; the PDF is made as a cancellable job, then printed or saved."""
        w = self.window
        nos = selected_file_nos(w)
        try:
            listed = str(w.model.total())
        except Exception:  # noqa: BLE001 - the count is only a hint in the dialog
            listed = "…"
        dlg = BatchPrintDialog(nos, listed, w)
        dlg.accepted.connect(lambda: self.start_batch(
            dlg.kind(), dlg.file_nos(), full_id=dlg.full_id.isChecked() and dlg.kind() == "sheet", then=dlg.then))
        self._modal(dlg)
        return dlg

    def start_batch(self, kind: str, file_nos: list[str], *, full_id: bool = False, then: str = "print",
                    out: str | None = None) -> Job:
        """Make the batch's PDF in a job with progress and 取消; then the print dialog, or saving to `out` (or
        a file the user chooses)."""
        w = self.window
        db, today, actor = self.db, self.today, w.actor
        query, status, category = w.search.text(), w.status_filter.value(), w.category_filter.value()
        what = self.tr("绿卡") if kind == "card" else self.tr("档案表")
        job = Job(
            lambda progress: prints.print_batch(
                db, kind=kind, file_nos=file_nos, query=query, status=status, category=category, on=today,
                full_id=full_id, actor=actor, progress=progress),
            title=self.tr("正在生成%1……").replace("%1", what), parent=w, cancellable=True,
        )
        job.succeeded.connect(lambda batch: self._batch_ready(batch, then, out))
        self.last_job = job.start()
        return job

    def _batch_ready(self, batch: prints.PrintBatch, then: str, out: str | None) -> None:
        self.last_batch = batch
        name = f"{'绿卡' if batch.kind == 'card' else '档案表'}_{self.today:%Y%m%d}.pdf"
        if then == "save":
            self.save_batch(batch, out, suggested_name=name)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setFullPage(True)
        printer.setDocName(name.removesuffix(".pdf"))
        dlg = QPrintDialog(printer, self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.accepted.connect(lambda: self.print_batch_to(batch, printer))
        self.last_print_dialog = dlg
        dlg.show()  # window-modal: the window stays responsive to its own jobs, never a nested exec()

    def print_batch_to(self, batch: prints.PrintBatch, printer: QPrinter, *, tell: bool = True) -> PrintOutcome:
        """Print the batch's pages (the range chosen in the print dialog) with progress and 取消, then say how
        many pages and whole cards or sheets went to the printer."""
        doc, _buf = load_pdf(batch.data, self)
        n = doc.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        pages = (range(first - 1, min(max(last, first), n))
                 if printer.printRange() == QPrinter.PrintRange.PageRange and first > 0 else range(n))
        self.last_printer = PagePrinter(doc, item_starts=batch.first_pages, parent=self)
        outcome = self.last_printer.print_to(printer, pages, progress_parent=self.window)
        self.last_outcome = outcome
        if tell:
            QMessageBox.information(
                self.window,
                self.tr("打印已取消") if outcome.cancelled else self.tr("打印完成"),
                outcome.message(),
            )
        return outcome

    def save_batch(self, batch: prints.PrintBatch, out: str | None = None, *, suggested_name: str) -> str | None:
        if out is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("另存为PDF"), suggested_name, self.tr("PDF 文件 (*.pdf)"))
            if not chosen:
                return None
            out = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        try:
            prints.write_pdf(Path(out), batch.data)
        except OSError as exc:
            QMessageBox.warning(self.window, self.tr("无法保存"), self.tr("文件没有保存：%1").replace("%1", str(exc)))
            return None
        return out

    # --- letters ---------------------------------------------------------------------------------
    def print_letter(self) -> LetterChoiceDialog | None:
        try:
            letters = pairing.list_letters(self.db)
        except StorageError as exc:
            show_error(self.window, exc)
            return None
        if not letters:
            QMessageBox.information(
                self.window, self.tr("打印责任书"), self.tr("还没有包保责任书。请先在“包保”中起草责任书。")
            )
            return None
        dlg = LetterChoiceDialog(letters, self.window)
        dlg.accepted.connect(lambda: (no := dlg.letter_no()) and self.start_letter(no))
        self._modal(dlg)
        return dlg

    def start_letter(self, letter_no: str) -> Job:
        db = self.db
        self.last_job = preview_pdf(
            self.window,
            lambda _progress: prints.letter(db, letter_no=letter_no),
            title=self.tr("打印预览 — 责任书 %1").replace("%1", letter_no),
            busy=self.tr("正在生成责任书……"),
            suggested_name=f"责任书_{letter_no}.pdf",
            on_open=self._keep,
        )
        return self.last_job


__all__ = [
    "BatchPrintDialog",
    "CardScopeDialog",
    "LetterChoiceDialog",
    "PrintActions",
    "SheetOptionsDialog",
    "selected_file_nos",
]
