"""Print preview for any PDF the services produce: QtPdf renders the pages, Qt's preview dialog prints them.

The services make the PDF (ReportLab, fonts embedded); the window never lays out a printout itself. The
preview draws each page as an image at the printer's resolution (capped, so a 1,200 dpi printer does not
need half a gigabyte a page) onto the printer's full page, so paper and PDF look the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QRectF,
    QSettings,
    QSize,
    QSizeF,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStyle,
    QToolBar,
    QWidget,
)

from assist_desktop.ui.jobs import Job, Progress, run_job

#: no page is rasterised finer than this (laser printers report 600–1,200 dpi; 300 is sharp on paper)
MAX_RENDER_DPI = 300
#: the preview keeps every page image in memory: finest resolution, and the budget for all pages together
PREVIEW_DPI = 120
PREVIEW_BUDGET_BYTES = 256 * 1024 * 1024
LAST_DIR_KEY = "print/last_dir"


def load_pdf(data: bytes, parent: Any = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over the bytes (the buffer must live as long as the document).

    Raises:
        ValueError: the bytes are not a readable PDF.
    """
    doc = QPdfDocument(parent)
    buf = QBuffer(parent)
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
        raise ValueError(f"not a readable PDF: {doc.error()}")
    return doc, buf


def preview_dpi(doc: QPdfDocument) -> int:
    """The preview's resolution: sharp for a few pages, coarser for hundreds (all pages stay in memory)."""
    points = doc.pagePointSize(0)
    square_inches = max(1.0, points.width() / 72 * points.height() / 72)
    per_page = PREVIEW_BUDGET_BYTES / max(1, doc.pageCount()) / 2  # 16-bit pixels
    return max(36, min(PREVIEW_DPI, int((per_page / square_inches) ** 0.5)))


def render_page(doc: QPdfDocument, page: int, dpi: int, *, compact: bool = False) -> QImage:
    """One page as an opaque image at `dpi` (white paper, not the transparent background QtPdf gives).

    `compact` gives 16-bit pixels, half the memory, for the preview.
    """
    points = doc.pagePointSize(page)
    dpi = max(36, min(int(dpi), MAX_RENDER_DPI))
    size = QSize(max(1, round(points.width() / 72 * dpi)), max(1, round(points.height() / 72 * dpi)))
    raw = doc.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB16 if compact else QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, raw)
    painter.end()
    return image


@dataclass(frozen=True)
class PrintOutcome:
    """What reached the printer: pages, and whole items (cards, sheets) when the document says where each starts."""

    pages_done: int
    pages_total: int
    items_done: int | None = None
    items_total: int | None = None
    cancelled: bool = False

    def message(self) -> str:
        pages = (
            QCoreApplication.translate("print_preview", "已打印 %1 页，共 %2 页。")
            .replace("%1", str(self.pages_done))
            .replace("%2", str(self.pages_total))
        )
        if self.items_total is not None and self.items_done is not None:
            pages += (
                QCoreApplication.translate("print_preview", "完整打印的有 %1 份，共 %2 份。")
                .replace("%1", str(self.items_done))
                .replace("%2", str(self.items_total))
            )
        if self.cancelled:
            pages += QCoreApplication.translate("print_preview", "其余已取消。")
        return pages


def whole_items(item_starts: Sequence[int], pages_total: int, pages_done: int) -> int:
    """How many items (each starting on its page in `item_starts`, 0-based) are wholly on the first pages."""
    ends = [*item_starts[1:], pages_total]
    done = 0
    for start, nxt in zip(item_starts, ends, strict=True):
        last = max(start, nxt - 1)  # several items on one page all end on that page
        if last < pages_done:
            done += 1
    return done


class PagePrinter(QObject):
    """Paints a PDF's pages onto a printer one by one; a progress dialog with 取消 for real printing.

    `page_printed(done, total)` is emitted after each page (tests cancel from it). Cancelling stops after the
    current page; the pages already painted go to the printer, and the outcome says how many.
    """

    page_printed = Signal(int, int)

    def __init__(
        self, document: QPdfDocument, *, item_starts: Sequence[int] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.item_starts = tuple(item_starts) if item_starts is not None else None
        self.pages_done = 0
        self.previewing = False
        self.progress: QProgressDialog | None = None
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def print_to(
        self, printer: QPrinter, pages: Sequence[int] | None = None, *, progress_parent: QWidget | None = None
    ) -> PrintOutcome:
        pages = list(range(self.document.pageCount()) if pages is None else pages)
        painter = QPainter()
        self.pages_done = 0
        if not painter.begin(printer):
            return PrintOutcome(0, len(pages), cancelled=True)
        try:
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            # the preview records every page in memory (a QPicture); real printing streams page by page
            self.previewing = painter.paintEngine().type() == QPaintEngine.Type.Picture
            dpi = preview_dpi(self.document) if self.previewing else printer.resolution()
            if not self.previewing and len(pages) > 1:
                self.progress = QProgressDialog(
                    QCoreApplication.translate("print_preview", "正在打印……"),
                    QCoreApplication.translate("print_preview", "取消"),
                    0,
                    len(pages),
                    progress_parent,
                )
                self.progress.setWindowTitle(QCoreApplication.translate("print_preview", "打印"))
                self.progress.setWindowModality(Qt.WindowModality.WindowModal)
                self.progress.setMinimumDuration(300)
                self.progress.canceled.connect(self.cancel)
            for i, page in enumerate(pages):
                if self._cancelled:
                    break
                if i:
                    printer.newPage()
                image = render_page(self.document, page, dpi, compact=self.previewing)
                scale = min(target.width() / image.width(), target.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(
                    QRectF(target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2, w, h),
                    image,
                )
                self.pages_done += 1
                self.page_printed.emit(self.pages_done, len(pages))
                if self.progress is not None:
                    self.progress.setLabelText(
                        QCoreApplication.translate("print_preview", "正在打印第 %1 页，共 %2 页……")
                        .replace("%1", str(self.pages_done))
                        .replace("%2", str(len(pages)))
                    )
                    self.progress.setValue(self.pages_done)  # a modal progress dialog processes events here
        finally:
            painter.end()
            if self.progress is not None:
                self.progress.reset()
                self.progress.hide()
                self.progress.deleteLater()
                self.progress = None
        whole = pages == list(range(self.document.pageCount()))
        items = self.item_starts if whole and self.item_starts else None
        return PrintOutcome(
            self.pages_done,
            len(pages),
            whole_items(items, len(pages), self.pages_done) if items else None,
            len(items) if items else None,
            self._cancelled and self.pages_done < len(pages),
        )


class PdfPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview over a PDF, with a "另存为PDF…" action in its toolbar.

    Args:
        data: the PDF bytes.
        title: the window title (what is being printed).
        suggested_name: the file name offered when saving.
    """

    def __init__(
        self,
        data: bytes,
        *,
        title: str,
        suggested_name: str = "打印.pdf",
        item_starts: Sequence[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.data = data
        self.item_starts = tuple(item_starts) if item_starts is not None else None
        self.last_outcome: PrintOutcome | None = None
        self.suggested_name = suggested_name
        self.pdf_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.document, self._buffer = load_pdf(data)
        self._fit_printer_to_pdf()
        super().__init__(self.pdf_printer, parent)
        self.document.setParent(self)
        self._buffer.setParent(self)
        self.setWindowTitle(title)
        self.resize(900, 760)
        self.pages_painted = 0
        self.paintRequested.connect(self.paint)
        self.save_action = QAction(QCoreApplication.translate("print_preview", "另存为PDF…"), self)
        self.save_action.setObjectName("savePdfAction")
        self.save_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.save_action.setToolTip(
            QCoreApplication.translate("print_preview", "把这份打印内容保存为 PDF 文件")
        )
        self.save_action.triggered.connect(lambda _checked=False: self.save_as())
        self.print_action, self.setup_action = self._arrange_toolbars()

    def _arrange_toolbars(self) -> tuple[QAction | None, QAction | None]:
        """Print, page setup and 另存为PDF on a row of their own with their names; the view controls below.

        Qt's one toolbar is wider than 900 px once the window's style gives its buttons padding, and its
        overflow button then hides Print and Page setup (PLATFORM.md). The orientation buttons go: the PDF
        fixes each page's orientation, and the printer is fitted to it.
        """
        view = self.findChild(QToolBar)
        if view is None:  # a Qt without the usual toolbar: the shortcut still works
            self.addAction(self.save_action)
            return None, None
        view.setObjectName("previewViewBar")
        actions = [a for a in view.actions() if not a.isSeparator()]
        # Qt's toolbar ends with page setup and print; its only checkable unnamed actions are the orientations
        named = [a for a in actions if not a.objectName()]
        setup_action: QAction | None = named[-2] if len(named) >= 2 else None
        print_action: QAction | None = named[-1] if len(named) >= 2 else None
        for orientation in [a for a in named if a.isCheckable()]:
            view.removeAction(orientation)
        window = view.parentWidget()
        primary = QToolBar(window)
        primary.setObjectName("previewPrintBar")
        primary.setMovable(False)
        primary.setFloatable(False)
        primary.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        view.setMovable(False)
        view.setFloatable(False)
        for moved in (print_action, setup_action):  # Qt's own texts, translated by Qt's catalogue
            if moved is not None:
                view.removeAction(moved)
                primary.addAction(moved)
        primary.addAction(self.save_action)
        if isinstance(window, QMainWindow):
            window.insertToolBar(view, primary)
            window.insertToolBarBreak(view)
        self._drop_stray_separators(view)
        return print_action, setup_action

    @staticmethod
    def _drop_stray_separators(bar: QToolBar) -> None:
        """No separator first, last or after another one (left where actions were moved away)."""
        kept: list[QAction] = []
        for a in bar.actions():
            if a.isSeparator() and (not kept or kept[-1].isSeparator()):
                bar.removeAction(a)
            else:
                kept.append(a)
        if kept and kept[-1].isSeparator():
            bar.removeAction(kept[-1])

    def page_count(self) -> int:
        return self.document.pageCount()

    def _fit_printer_to_pdf(self) -> None:
        points = self.document.pagePointSize(0)
        landscape = points.width() > points.height()
        portrait = QSizeF(min(points.width(), points.height()), max(points.width(), points.height()))
        self.pdf_printer.setPageSize(
            QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        )
        self.pdf_printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        self.pdf_printer.setFullPage(True)  # the PDF has its own margins
        self.pdf_printer.setDocName(self.suggested_name.removesuffix(".pdf"))

    def pages_to_print(self, printer: QPrinter) -> range:
        """0-based pages in the range the user chose in the print dialog (all by default)."""
        n = self.document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        if printer.printRange() == QPrinter.PrintRange.PageRange and first > 0:
            return range(first - 1, min(max(last, first), n))
        return range(n)

    def paint(self, printer: QPrinter) -> None:
        """Draw the chosen pages onto the printer: the preview widget's (all pages, in memory), or the real one
        (page by page, with a progress dialog and 取消 for more than one page)."""
        pages = self.pages_to_print(printer)
        job = PagePrinter(self.document, item_starts=self.item_starts, parent=self)
        self.last_outcome = job.print_to(printer, pages, progress_parent=self)
        self.pages_painted = job.pages_done
        if self.last_outcome.cancelled and not job.previewing:
            QMessageBox.information(
                self, QCoreApplication.translate("print_preview", "打印已取消"), self.last_outcome.message()
            )

    def save_as(self, path: str | Path | None = None) -> Path | None:
        """Write the PDF bytes to a file the user chooses (or to `path`); returns where, or None."""
        if path is None:
            start = Path(str(QSettings().value(LAST_DIR_KEY, str(Path.home())))) / self.suggested_name
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                QCoreApplication.translate("print_preview", "另存为PDF"),
                str(start),
                QCoreApplication.translate("print_preview", "PDF 文件 (*.pdf)"),
            )
            if not chosen:
                return None
            path = chosen
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        try:
            tmp = out.with_name(out.name + ".part")
            tmp.write_bytes(self.data)
            tmp.replace(out)
        except OSError as exc:
            QMessageBox.warning(
                self,
                QCoreApplication.translate("print_preview", "无法保存"),
                QCoreApplication.translate("print_preview", "文件没有保存：%1").replace("%1", str(exc)),
            )
            return None
        QSettings().setValue(LAST_DIR_KEY, str(out.parent))
        return out


def preview_pdf(
    parent: QWidget | None,
    make: Callable[[Progress], bytes],
    *,
    title: str,
    busy: str,
    suggested_name: str,
    on_open: Callable[[PdfPreviewDialog], None] | None = None,
) -> Job:
    """Generate a PDF as a job (with the service's progress), then open the preview window-modal.

    Args:
        make: called in the worker with `progress(done, total)`; returns the PDF bytes.
        title: the preview's window title.
        busy: the progress dialog's text while the PDF is made.
        on_open: called with the dialog once it is shown (the window keeps it; tests drive it).
    """

    def show(data: bytes) -> None:
        try:
            dlg = PdfPreviewDialog(data, title=title, suggested_name=suggested_name, parent=parent)
        except ValueError as exc:
            QMessageBox.warning(parent, QCoreApplication.translate("print_preview", "无法预览"), str(exc))
            return
        dlg.open()
        if on_open is not None:
            on_open(dlg)

    return run_job(make, title=busy, parent=parent, on_success=show)


__all__ = ["PagePrinter", "PdfPreviewDialog", "PrintOutcome", "whole_items", "load_pdf", "preview_dpi", "preview_pdf", "render_page", "MAX_RENDER_DPI"]
