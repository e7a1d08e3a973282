"""The file sheet (档案表): one household's whole file on A4, for the paper file that must match the electronic one."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assist_desktop.printing.common import FONT, GREEN, GREY, LIGHT_GREEN, escape, styles


@dataclass
class SheetData:
    """A file as labelled text, ready to print (masking already applied by the caller)."""

    union_name: str
    file_no: str
    printed_on: dt.date
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    five_clear: list[tuple[str, bool, str]] = field(default_factory=list)
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)


def _grid(rows: list[tuple[str, str]], width: float) -> Table:
    st = styles()
    cells = []
    pairs = list(rows)
    for i in range(0, len(pairs), 2):
        line = []
        for label, value in pairs[i:i + 2]:
            line += [Paragraph(escape(label), st["small"]), Paragraph(escape(value) or "—", st["cell"])]
        while len(line) < 4:
            line += ["", ""]
        cells.append(line)
    col = width / 2
    t = Table(cells, colWidths=[22 * mm, col - 22 * mm, 22 * mm, col - 22 * mm])
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b9d7c3")),
        ("BACKGROUND", (0, 0), (0, -1), LIGHT_GREEN),
        ("BACKGROUND", (2, 0), (2, -1), LIGHT_GREEN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return t


def _table(header: list[str], rows: list[list[str]], width: float) -> Table:
    st = styles()
    data = [[Paragraph(escape(h), st["small"]) for h in header]]
    data += [[Paragraph(escape(v), st["cell"]) for v in row] for row in rows] or [
        [Paragraph("（无）", st["cell"])] + [""] * (len(header) - 1)]
    t = Table(data, colWidths=[width / len(header)] * len(header), repeatRows=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b9d7c3")),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREEN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return t


def sheet_pdf(sheets: list[SheetData]) -> bytes:
    """One or more file sheets, each starting on a new page."""
    st = styles()
    buf = io.BytesIO()
    width = A4[0] - 30 * mm
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="困难职工档案表", author="assist_desktop")
    story: list = []
    for k, sheet in enumerate(sheets):
        if k:
            from reportlab.platypus import PageBreak

            story.append(PageBreak())
        story.append(Paragraph("困难职工帮扶档案表", st["title"]))
        story.append(Paragraph(escape(f"{sheet.union_name}　档案编号：{sheet.file_no}　打印日期："
                                      f"{sheet.printed_on:%Y年%m月%d日}"), st["subtitle"]))
        story.append(Spacer(0, 4 * mm))
        for title, rows in sheet.sections:
            story.append(KeepTogether([Paragraph(escape(title), st["h2"]), _grid(rows, width)]))
        if sheet.five_clear:
            rows5 = [[label, "✓ 清" if clear else "✗ 未清", missing or ""] for label, clear, missing in sheet.five_clear]
            story.append(KeepTogether([Paragraph("五清情况", st["h2"]),
                                       _table(["项目", "结论", "缺少的内容"], rows5, width)]))
        for title, header, cells in sheet.tables:
            story.append(Paragraph(escape(title), st["h2"]))
            story.append(_table(header, cells, width))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()


def _footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawString(15 * mm, 9 * mm, "本档案含个人敏感信息，仅供工会帮扶工作使用，不得外传。")
    canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, f"第 {doc.page} 页")
    canvas.setStrokeColor(GREEN)
    canvas.line(15 * mm, 12 * mm, A4[0] - 15 * mm, 12 * mm)
    canvas.restoreState()
