"""The print preview at its default size (900 px): every button on screen in zh and en; Qt's own dialogs in
Chinese; batch printing with progress and 取消 (to a PDF printer offscreen); 另存为PDF writes the same document."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QToolBar, QToolButton

from assist_desktop.services.prints import file_sheets, green_cards, print_batch
from assist_desktop.ui import i18n
from assist_desktop.ui.print_preview import PagePrinter, PdfPreviewDialog, load_pdf
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture(params=["zh", "en"])
def styled(request, qapp) -> Iterator[str]:
    """The window's look (style sheet and font, as at start-up) in each language."""
    from assist_desktop.app import install_font, install_style

    old_sheet = qapp.styleSheet()
    i18n.install_translations(qapp, request.param)
    install_font(qapp)
    install_style(qapp)
    try:
        yield request.param
    finally:
        qapp.setStyleSheet(old_sheet)
        i18n.install_translations(qapp, "zh")


def _on_screen(bar: QToolBar, action) -> bool:
    w = bar.widgetForAction(action)
    return w is not None and w.isVisible() and QRect(0, 0, bar.width(), bar.height()).contains(w.geometry())


def test_every_preview_button_is_on_screen_at_900_px(qtbot, demo_db, styled) -> None:
    dlg = PdfPreviewDialog(green_cards(demo_db, on=TODAY), title="绿卡")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg, timeout=30000)
    assert dlg.width() == 900
    bars = dlg.findChildren(QToolBar)
    assert {b.objectName() for b in bars} >= {"previewPrintBar", "previewViewBar"}
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    assert dlg.page_count() > 3
    qtbot.waitUntil(lambda: dlg.pages_painted == dlg.page_count(), timeout=30000)
    from PySide6.QtWidgets import QWidgetAction

    view = dlg.findChild(QToolBar, "previewViewBar")
    plain = [a for a in view.actions() if not a.isSeparator() and not a.objectName()
             and not isinstance(a, QWidgetAction)]  # zoom out, zoom in, first, previous, next, last
    plain[-1].trigger()  # the last page, then one back: first/previous and next/last all apply
    plain[-3].trigger()
    assert dlg.findChild(QPrintPreviewWidget).currentPage() == dlg.page_count() - 1
    actions = [(b, a) for b in bars for a in b.actions() if not a.isSeparator()]
    assert len(actions) >= 16  # print, page setup, save; fit ×2, zoom ×3, pages ×5, modes ×3
    for bar, action in actions:
        assert _on_screen(bar, action), (styled, action.text())
        assert action.isEnabled(), action.text()
    # no overflow menu that hides anything
    assert not any(b.isVisible() for b in dlg.findChildren(QToolButton) if b.objectName() == "qt_toolbar_ext_button")
    primary = dlg.findChild(QToolBar, "previewPrintBar")
    texts = [a.text() for a in primary.actions()]
    expected = {"zh": ["打印", "打印设置", "另存为PDF…"], "en": ["Print", "Page setup", "Save as PDF…"]}[styled]
    assert texts[0] == expected[0] and texts[1] == expected[1] and texts[2] in (expected[2], "另存为PDF…")
    assert dlg.print_action is primary.actions()[0] and dlg.setup_action is primary.actions()[1]
    assert view.geometry().top() >= primary.geometry().bottom()  # the view controls on the row below
    dlg.reject()


def test_qt_own_strings_are_chinese(qapp) -> None:
    i18n.install_translations(qapp, "zh")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："  # Qt's own catalogue
    assert QCoreApplication.translate("QFileDialog", "Detail View") == "详情视图"
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："  # our gaps catalogue
    dlg = QFileDialog(None, "选择")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {w.objectName(): w.text() for w in dlg.findChildren(QLabel)}
    assert labels.get("lookInLabel") == "查找范围(&L)：" and labels.get("fileTypeLabel") == "文件类型(&T)："
    assert labels.get("fileNameLabel") == "文件名称(&N)："
    dlg.deleteLater()


def _pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(72)
    printer.setFullPage(True)
    return printer


def test_batch_printing_stops_on_cancel_and_says_how_much_was_printed(qtbot, demo_db, tmp_path) -> None:
    batch = print_batch(demo_db, kind="sheet", file_nos=[], status="registered", on=TODAY)
    assert len(batch.file_nos) >= 5 and batch.pages > 6
    doc, _buf = load_pdf(batch.data)
    job = PagePrinter(doc, item_starts=batch.first_pages)
    stop_after = batch.first_pages[3]  # the first three sheets whole, then 取消
    job.page_printed.connect(lambda done, total: done == stop_after and job.cancel())
    outcome = job.print_to(_pdf_printer(tmp_path / "part.pdf"))
    assert outcome.cancelled and outcome.pages_done == stop_after and outcome.pages_total == batch.pages
    assert outcome.items_done == 3 and outcome.items_total == len(batch.file_nos)
    assert f"已打印 {stop_after} 页" in outcome.message() and "完整打印的有 3 份" in outcome.message()
    printed, _b = load_pdf((tmp_path / "part.pdf").read_bytes())
    assert printed.pageCount() == stop_after

    whole = PagePrinter(doc, item_starts=batch.first_pages).print_to(_pdf_printer(tmp_path / "all.pdf"))
    assert not whole.cancelled and whole.items_done == len(batch.file_nos) == whole.items_total


def test_batch_from_the_window_makes_the_pdf_as_a_cancellable_job_and_prints(qtbot, window, tmp_path) -> None:
    printing = window.printing
    dlg = printing.batch_print()
    assert dlg.only_selected.isChecked() == bool(dlg.selected) and not dlg.full_id.isEnabled()
    dlg.sheets.setChecked(True)
    assert dlg.full_id.isEnabled()
    dlg.reject()
    from PySide6.QtWidgets import QPushButton

    job = printing.start_batch("card", [], then="print")
    buttons = [b.text() for b in job.dialog.findChildren(QPushButton)] if job.dialog is not None else []
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert "取消" in buttons  # 取消 offered while the PDF is made
    qtbot.waitUntil(lambda: printing.last_print_dialog is not None, timeout=30000)
    printing.last_print_dialog.reject()
    outcome = printing.print_batch_to(printing.last_batch, _pdf_printer(tmp_path / "cards.pdf"), tell=False)
    assert outcome.pages_done == printing.last_batch.pages and outcome.items_done == len(printing.last_batch.file_nos)

    saved = tmp_path / "saved.pdf"
    printing.start_batch("card", [window.model.row_at(0).file_no], then="save", out=str(saved))
    qtbot.waitUntil(lambda: saved.exists(), timeout=30000)
    assert saved.read_bytes() == printing.last_batch.data


def test_cancelling_the_batch_job_keeps_nothing(qtbot, window) -> None:
    printing = window.printing
    before = printing.last_batch
    job = printing.start_batch("sheet", [], then="print")
    job.cancel()
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert printing.last_batch is before and printing.last_print_dialog is None


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_save_as_pdf_writes_the_previewed_document(qtbot, demo_db, tmp_path) -> None:
    from assist_desktop.services.search import search_files

    no = search_files(demo_db, status="registered", limit=1)[0].file_no
    data = file_sheets(demo_db, file_nos=[no], on=TODAY)
    dlg = PdfPreviewDialog(data, title="档案表")
    qtbot.addWidget(dlg)
    out = dlg.save_as(tmp_path / "sheet")
    assert out == tmp_path / "sheet.pdf" and out.read_bytes() == data
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "困难职工帮扶档案表" in text and no in text and "基层工会意见" in text
