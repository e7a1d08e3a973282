"""Print preview for any PDF the services produce: QtPdf renders the pages, Qt's preview dialog prints them.

The services make the PDF (ReportLab, fonts embedded); the window never lays out a printout itself. The
preview draws each page as an image at the printer's resolution (capped, so a 1,200 dpi printer does not
need half a gigabyte a page) onto the printer's full page, so paper and PDF look the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSettings, QSize, QSizeF
from PySide6.QtGui import QAction, QColor, QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QWidget

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


class PdfPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview over a PDF, with a "另存为PDF…" action in its toolbar.

    Args:
        data: the PDF bytes.
        title: the window title (what is being printed).
        suggested_name: the file name offered when saving.
    """

    def __init__(
        self, data: bytes, *, title: str, suggested_name: str = "打印.pdf", parent: QWidget | None = None
    ) -> None:
        self.data = data
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
        self.save_action.setToolTip(
            QCoreApplication.translate("print_preview", "把这份打印内容保存为 PDF 文件")
        )
        self.save_action.triggered.connect(lambda _checked=False: self.save_as())
        bar = self.findChild(QToolBar)
        if bar is not None:
            bar.addSeparator()
            bar.addAction(self.save_action)
        else:  # a Qt without the usual toolbar: the shortcut still works
            self.addAction(self.save_action)

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
        """Draw every page onto the printer (the preview widget's printer, or the real one)."""
        painter = QPainter()
        if not painter.begin(printer):
            return
        try:
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            # the preview records every page in memory (a QPicture); real printing streams page by page
            previewing = painter.paintEngine().type() == QPaintEngine.Type.Picture
            dpi = preview_dpi(self.document) if previewing else printer.resolution()
            self.pages_painted = 0
            for i, page in enumerate(self.pages_to_print(printer)):
                if i:
                    printer.newPage()
                image = render_page(self.document, page, dpi, compact=previewing)
                rect = QRectF(target)
                scale = min(rect.width() / image.width(), rect.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(
                    QRectF(rect.x() + (rect.width() - w) / 2, rect.y() + (rect.height() - h) / 2, w, h), image
                )
                self.pages_painted += 1
        finally:
            painter.end()

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


__all__ = ["PdfPreviewDialog", "load_pdf", "preview_dpi", "preview_pdf", "render_page", "MAX_RENDER_DPI"]
