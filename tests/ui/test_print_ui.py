"""Printing from the window: the PDF preview (QtPdf pages), 另存为PDF, cards, the file sheet, letters."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from PySide6.QtGui import QImage

from assist_desktop.domain import enums as E
from assist_desktop.services.prints import green_cards
from assist_desktop.services.search import count_matches
from assist_desktop.ui.print_preview import PdfPreviewDialog, render_page
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _active(db) -> int:
    return sum(count_matches(db, query="", status=s.value, category=None) for s in E.ACTIVE_STATUSES)


def _ink(image: QImage) -> int:
    """How many sampled pixels are not paper-white."""
    return sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if image.pixelColor(x, y).lightness() < 200
    )


def _text(dlg: PdfPreviewDialog) -> str:
    return "\n".join(dlg.document.getAllText(p).text() for p in range(dlg.page_count()))


def _wait_preview(qtbot, printing) -> PdfPreviewDialog:
    qtbot.waitUntil(lambda: printing.last_preview is not None, timeout=30000)
    return printing.last_preview


def test_preview_loads_every_page_of_the_card_pdf(qtbot, demo_db) -> None:
    active = _active(demo_db)
    assert active > 8
    data = green_cards(demo_db, on=TODAY)
    dlg = PdfPreviewDialog(data, title="绿卡")
    qtbot.addWidget(dlg)
    dlg.open()
    qtbot.waitUntil(lambda: dlg.pages_painted > 0, timeout=30000)
    assert dlg.document.pageCount() == math.ceil(active / 4)
    assert dlg.pages_painted == dlg.page_count()
    image = render_page(dlg.document, 0, 72)
    assert image.width() == 595 and image.height() == 842  # A4 at 72 dpi
    assert _ink(image) > 500  # the green header bars, text and QR codes, not a blank page
    blank = QImage(image.size(), QImage.Format.Format_RGB32)
    blank.fill(0xFFFFFFFF)
    assert _ink(blank) == 0
    dlg.reject()


def test_save_as_pdf_writes_the_bytes(qtbot, demo_db, tmp_path) -> None:
    data = green_cards(demo_db, on=TODAY)
    dlg = PdfPreviewDialog(data, title="绿卡")
    qtbot.addWidget(dlg)
    assert dlg.save_action.text() == "另存为PDF…"
    out = dlg.save_as(tmp_path / "cards")
    assert out == tmp_path / "cards.pdf" and out.read_bytes() == data


def test_print_cards_of_the_selected_files_from_the_window(qtbot, window) -> None:
    printing = window.printing
    titles = [a.text() for a in window.menuBar().actions()]
    assert "打印(&P)" in titles and titles[-1].startswith("帮助")
    nos = [window.model.row_at(r).file_no for r in range(3)]
    window.table.selectRow(0)
    window.table.selectionModel().select(
        window.model.index(1, 0),
        window.table.selectionModel().SelectionFlag.Select | window.table.selectionModel().SelectionFlag.Rows,
    )
    from assist_desktop.ui.print_actions import selected_file_nos

    assert selected_file_nos(window) == nos[:2]
    scope = printing.choose_cards()
    assert scope.file_nos() == nos[:2]
    scope.accept()
    dlg = _wait_preview(qtbot, printing)
    assert dlg.page_count() == 1
    text = _text(dlg)
    assert nos[0] in text and nos[1] in text and nos[2] not in text
    dlg.reject()


def test_print_sheet_with_the_full_id_number_only_when_asked(qtbot, window) -> None:
    printing = window.printing
    window.select_row(0)
    row = window.model.row_at(0)
    dlg = printing.print_sheet()
    assert dlg.file_no == row.file_no and not dlg.full_id.isChecked()
    dlg.accept()
    masked = _wait_preview(qtbot, printing)
    assert row.id_number not in _text(masked).replace(" ", "")
    masked.reject()
    qtbot.waitUntil(lambda: printing.last_preview is None, timeout=30000)

    dlg = printing.print_sheet()
    dlg.full_id.setChecked(True)
    dlg.accept()
    full = _wait_preview(qtbot, printing)
    assert row.id_number in _text(full).replace(" ", "")
    full.reject()


def test_print_letter_chosen_from_the_list(qtbot, window) -> None:
    from assist_desktop.services.pairing import add_letter
    from assist_desktop.services.unions import add_cadre

    person = add_cadre(window.db, name="赵敏", phone="13945678901").name
    letter = add_letter(
        window.db,
        lower_person=person,
        goals="每季度入户走访一次",
        measures="结对帮扶，送岗位",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    printing = window.printing
    chooser = printing.print_letter()
    assert chooser.table.rowCount() == 1 and chooser.letter_no() == letter["letter_no"]
    chooser.accept()
    dlg = _wait_preview(qtbot, printing)
    assert dlg.page_count() >= 1 and "责任书" in _text(dlg)
    dlg.reject()


def test_printing_draws_every_page_or_the_chosen_range(qtbot, demo_db, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from assist_desktop.ui.print_preview import load_pdf

    dlg = PdfPreviewDialog(green_cards(demo_db, on=TODAY), title="绿卡")
    qtbot.addWidget(dlg)

    def print_to(name: str, pages: tuple[int, int] | None = None) -> int:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / name))
        printer.setResolution(150)
        if pages:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*pages)
        dlg.paint(printer)
        doc, _buf = load_pdf((tmp_path / name).read_bytes())
        assert _ink(render_page(doc, 0, 50)) > 100
        return doc.pageCount()

    assert print_to("all.pdf") == dlg.page_count() == dlg.pages_painted
    assert print_to("two.pdf", (2, 3)) == 2
