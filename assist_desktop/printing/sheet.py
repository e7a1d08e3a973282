"""The file sheet (档案表): one household's whole file on A4, for the paper file that must match the electronic one.

The sheet is laid out by hand on the canvas, not by platypus: a batch of 1,000 sheets then costs little more
than drawing its text (benchmarks/bench_print.py). The layout is the form's: headed grids of label/value pairs
and headed tables, each cell's text wrapped to its width (never clipped); a heading always stands with its grid
or with the first rows of its table (a table that runs on repeats its heading row); the preparer's line and the
per-level opinion boxes (基层工会意见 / 上级工会意见, 签字、盖章、日期) close the sheet and are never split; every
page has "第 N 页 共 M 页" of its sheet.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from assist_desktop.printing.common import (
    FONT,
    GREEN,
    GREY,
    LIGHT_GREEN,
    FastText,
    Metrics,
    escape,
    metrics,
    rects,
    styles,
)

#: the opinion boxes of the form, one per level that signs the file
OPINION_BOXES = ("基层工会意见", "上级工会意见")


@dataclass
class SheetData:
    """A file as labelled text, ready to print (masking already applied by the caller)."""

    union_name: str
    file_no: str
    printed_on: dt.date
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    five_clear: list[tuple[str, bool, str]] = field(default_factory=list)
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    operator: str = ""  # 填表人: the signed-in account's display name or the union's preparer; "" leaves a line
    opinions: tuple[str, ...] = OPINION_BOXES


@dataclass(frozen=True)
class SheetPdf:
    """The PDF of a batch of sheets, with the page (0-based) where each sheet starts."""

    data: bytes
    first_pages: tuple[int, ...]
    pages: int


# --- geometry and type (the same sizes as the platypus styles in common.py) -----------------------------------
PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
WIDTH = PAGE_W - 2 * MARGIN
TOP = PAGE_H - MARGIN
BOTTOM = 15 * mm
LINE_COLOR = colors.HexColor("#b9d7c3")
BLACK = colors.black
PAD_X, PAD_Y = 4.0, 2.5
LABEL_W = 22 * mm


@dataclass(frozen=True)
class _Type:
    size: float
    leading: float
    color: colors.Color = BLACK


TITLE = _Type(17, 24)
SUBTITLE = _Type(9, 12, GREY)
HEADING = _Type(11.5, 16, GREEN)
LABEL = _Type(8, 11, GREY)
CELL = _Type(8.5, 11.5)
BASE = _Type(9.5, 13.5)
FOOT = _Type(7.5, 9, GREY)


# --- a page as drawing operations --------------------------------------------------------------------------
@dataclass
class _Page:
    fills: list[tuple[float, float, float, float, colors.Color]] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    texts: list[tuple[float, float, _Type, str]] = field(default_factory=list)


@dataclass
class _Cell:
    lines: list[str]
    kind: _Type
    width: float
    fill: colors.Color | None = None


class _Layout:
    """Places one sheet's blocks on pages, top to bottom."""

    def __init__(self, metrics: Metrics) -> None:
        self.m = metrics
        self.pages: list[_Page] = [_Page()]
        self.y = TOP

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = TOP

    def room(self) -> float:
        return self.y - BOTTOM

    def text(self, x: float, y: float, kind: _Type, text: str) -> None:
        if text:
            self.page.texts.append((x, y, kind, text))

    def centred(self, kind: _Type, text: str) -> None:
        for line in self.m.wrap(text, kind.size, WIDTH):
            self.y -= kind.leading
            self.text(MARGIN + (WIDTH - self.m.width(line, kind.size)) / 2, self.y + kind.leading - kind.size, kind,
                      line)

    # rows of cells -------------------------------------------------------------------------------------
    def cells(self, texts: Sequence[tuple[str, _Type, float, colors.Color | None]]) -> tuple[list[_Cell], float]:
        cells = [_Cell(self.m.wrap(t, kind.size, w - 2 * PAD_X), kind, w, fill) for t, kind, w, fill in texts]
        height = max(len(c.lines) * c.kind.leading for c in cells) + 2 * PAD_Y
        return cells, height

    def row(self, cells: list[_Cell], height: float) -> None:
        x = MARGIN
        top = self.y
        for c in cells:
            if c.fill is not None:
                self.page.fills.append((x, top - height, c.width, height, c.fill))
            self.page.boxes.append((x, top - height, c.width, height))
            y = top - PAD_Y - c.kind.size
            for line in c.lines:
                self.text(x + PAD_X, y, c.kind, line)
                y -= c.kind.leading
            x += c.width
        self.y -= height

    def heading(self, title: str) -> None:
        self.y -= 8  # space before
        self.y -= HEADING.leading
        self.text(MARGIN, self.y + HEADING.leading - HEADING.size, HEADING, title)
        self.y -= 3  # space after

    HEADING_H = 8 + 16 + 3

    def block(self, title: str, header: list[_Cell] | None, header_h: float, rows: list[tuple[list[_Cell], float]],
              keep_rows: int) -> None:
        """A heading and its rows: the heading stands with the header and the first `keep_rows` rows (all of
        them for a grid); rows that run past the page go on the next one under a repeated header."""
        first = self.HEADING_H + header_h + sum(h for _c, h in rows[:keep_rows])
        if first > self.room() and self.y < TOP:
            self.new_page()
        self.heading(title)
        if header is not None:
            self.row(header, header_h)
        for cells, h in rows:
            if h > self.room():
                self.new_page()
                if header is not None:
                    self.row(header, header_h)
            self.row(cells, h)


def _grid_rows(lay: _Layout, rows: Sequence[tuple[str, str]]) -> list[tuple[list[_Cell], float]]:
    half = WIDTH / 2
    out = []
    pairs = list(rows)
    for i in range(0, len(pairs), 2):
        spec: list[tuple[str, _Type, float, colors.Color | None]] = []
        for label, value in pairs[i:i + 2]:
            spec += [(label, LABEL, LABEL_W, LIGHT_GREEN), (value or "—", CELL, half - LABEL_W, None)]
        while len(spec) < 4:
            spec += [("", LABEL, LABEL_W, LIGHT_GREEN), ("", CELL, half - LABEL_W, None)]
        out.append(lay.cells(spec))
    return out


def _column_widths(header: Sequence[str], body: Sequence[Sequence[str]], total: float) -> list[float]:
    """Widths in proportion to each column's longest text (between 4 and 24 characters)."""
    def size(text: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)

    weights = []
    for k, h in enumerate(header):
        longest = max([size(h)] + [size(r[k]) for r in body if k < len(r)])
        weights.append(min(24.0, max(4.0, longest)))
    scale = total / sum(weights)
    return [w * scale for w in weights]


def _table_rows(lay: _Layout, header: list[str], body: list[list[str]]) -> tuple[list[_Cell], float,
                                                                              list[tuple[list[_Cell], float]]]:
    widths = _column_widths(header, body, WIDTH)
    head, head_h = lay.cells([(h, LABEL, w, LIGHT_GREEN) for h, w in zip(header, widths, strict=True)])
    if not body:
        return head, head_h, [lay.cells([("（无）", CELL, WIDTH, None)])]
    rows = [lay.cells([(v, CELL, w, None) for v, w in zip(r, widths, strict=True)]) for r in body]
    return head, head_h, rows


def _signatures(lay: _Layout, sheet: SheetData) -> None:
    """The preparer's line and one opinion box per level, side by side, kept on one page."""
    box_h = 34 * mm
    need = 10 + BASE.leading + 6 + box_h
    if need > lay.room():
        lay.new_page()
    lay.y -= 10
    lay.y -= BASE.leading
    who = sheet.operator or "____________"
    lay.text(MARGIN, lay.y + BASE.leading - BASE.size, BASE, f"填表人：{who}")
    day = f"填表日期：{sheet.printed_on:%Y年%m月%d日}"
    lay.text(MARGIN + WIDTH - lay.m.width(day, BASE.size), lay.y + BASE.leading - BASE.size, BASE, day)
    lay.y -= 6
    boxes = list(sheet.opinions) or []
    if not boxes:
        return
    w = WIDTH / len(boxes)
    top = lay.y
    for i, title in enumerate(boxes):
        x = MARGIN + i * w
        lay.page.boxes.append((x, top - box_h, w, box_h))
        lay.page.fills.append((x, top - 7 * mm, w, 7 * mm, LIGHT_GREEN))
        lay.page.lines.append((x, top - 7 * mm, x + w, top - 7 * mm))
        lay.text(x + PAD_X + 2, top - 5 * mm, CELL, title)
        sign = "签字：__________　（盖章）"
        lay.text(x + PAD_X + 2, top - box_h + 11 * mm, CELL, sign)
        date = "年　　月　　日"
        lay.text(x + w - PAD_X - 4 - lay.m.width(date, CELL.size), top - box_h + 4 * mm, CELL, date)
    lay.y -= box_h


def layout_sheet(sheet: SheetData, widths: Metrics | None = None) -> list[_Page]:
    """One sheet's pages, ready to draw."""
    lay = _Layout(widths or metrics())
    lay.centred(TITLE, "困难职工帮扶档案表")
    lay.y -= 4
    lay.centred(SUBTITLE, f"{sheet.union_name}　档案编号：{sheet.file_no}　打印日期：{sheet.printed_on:%Y年%m月%d日}")
    lay.y -= 4 * mm
    for title, rows in sheet.sections:
        grid = _grid_rows(lay, rows)
        lay.block(title, None, 0.0, grid, keep_rows=len(grid))
    if sheet.five_clear:
        body = [[label, "✓ 清" if clear else "✗ 未清", missing or ""] for label, clear, missing in sheet.five_clear]
        head, head_h, rows5 = _table_rows(lay, ["项目", "结论", "缺少的内容"], body)
        lay.block("五清情况", head, head_h, rows5, keep_rows=len(rows5))
    for title, header, cells in sheet.tables:
        head, head_h, trows = _table_rows(lay, header, cells)
        lay.block(title, head, head_h, trows, keep_rows=min(3, len(trows)))
    _signatures(lay, sheet)
    return lay.pages


def _draw(c: Canvas, page: _Page, footer: tuple[str, str]) -> None:
    by_color: dict[int, tuple[colors.Color, list[tuple[float, float, float, float]]]] = {}
    for x, y, w, h, fill in page.fills:
        by_color.setdefault(id(fill), (fill, []))[1].append((x, y, w, h))
    for fill, boxes in by_color.values():
        c.setFillColor(fill)
        c.addLiteral(rects(boxes, "f"))
    c.setStrokeColor(LINE_COLOR)
    c.setLineWidth(0.4)
    lines = [f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for x1, y1, x2, y2 in page.lines]
    if page.boxes or lines:
        c.addLiteral(rects(page.boxes, "\n".join([*lines, "S"])))
    c.setStrokeColor(GREEN)
    c.line(MARGIN, 12 * mm, PAGE_W - MARGIN, 12 * mm)
    t = FastText(c)
    texts = [*page.texts, (MARGIN, 9 * mm, FOOT, footer[0]),
             (PAGE_W - MARGIN - metrics().width(footer[1], FOOT.size), 9 * mm, FOOT, footer[1])]
    texts.sort(key=lambda item: (id(item[2].color), item[2].size))  # few colour and size changes
    for x, y, kind, text in texts:
        t.font(kind.size)
        t.color(kind.color)
        t.at(x, y, text)
    t.draw(c)


def sheet_document(sheets: Sequence[SheetData], *, progress: Callable[[int, int], None] | None = None) -> SheetPdf:
    """One or more file sheets, each starting on a new page; `progress(done, total)` after each sheet."""
    widths = metrics()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle("困难职工档案表")
    c.setAuthor("assist_desktop")
    firsts: list[int] = []
    page_no = 0
    for k, sheet in enumerate(sheets, start=1):
        pages = layout_sheet(sheet, widths)
        firsts.append(page_no)
        for n, page in enumerate(pages, start=1):
            _draw(c, page, ("本档案含个人敏感信息，仅供工会帮扶工作使用，不得外传。",
                            f"档案编号 {sheet.file_no}　第 {n} 页 共 {len(pages)} 页"))
            c.showPage()
            page_no += 1
        if progress:
            progress(k, len(sheets))
    if not sheets:
        c.showPage()
        page_no = 1
    c.save()
    return SheetPdf(buf.getvalue(), tuple(firsts), page_no)


def sheet_pdf(sheets: Sequence[SheetData], *, progress: Callable[[int, int], None] | None = None) -> bytes:
    """One or more file sheets as PDF bytes."""
    return sheet_document(sheets, progress=progress).data


# --- platypus helpers for other documents that show a file's fields (the own copy, letters) ----------------
def _grid(rows: list[tuple[str, str]], width: float) -> Table:
    st = styles()
    cells = []
    pairs = list(rows)
    for i in range(0, len(pairs), 2):
        line: list[object] = []
        for label, value in pairs[i:i + 2]:
            line += [Paragraph(escape(label), st["small"]), Paragraph(escape(value) or "—", st["cell"])]
        while len(line) < 4:
            line += ["", ""]
        cells.append(line)
    col = width / 2
    t = Table(cells, colWidths=[22 * mm, col - 22 * mm, 22 * mm, col - 22 * mm])
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, LINE_COLOR),
        ("BACKGROUND", (0, 0), (0, -1), LIGHT_GREEN),
        ("BACKGROUND", (2, 0), (2, -1), LIGHT_GREEN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return t


def _table(header: list[str], rows: list[list[str]], width: float) -> Table:
    st = styles()
    data: list[list[object]] = [[Paragraph(escape(h), st["small"]) for h in header]]
    data += [[Paragraph(escape(v), st["cell"]) for v in row] for row in rows] or [
        [Paragraph("（无）", st["cell"])] + [""] * (len(header) - 1)]
    t = Table(data, colWidths=[width / len(header)] * len(header), repeatRows=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, LINE_COLOR),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREEN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return t


def _footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    """The platypus documents' footer (letters): the notice and the page number."""
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawString(15 * mm, 9 * mm, "本档案含个人敏感信息，仅供工会帮扶工作使用，不得外传。")
    canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, f"第 {doc.page} 页")
    canvas.setStrokeColor(GREEN)
    canvas.line(15 * mm, 12 * mm, A4[0] - 15 * mm, 12 * mm)
    canvas.restoreState()
