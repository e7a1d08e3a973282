"""A worker's own copy of the file (本人档案副本, PIPL): the whole file printed for the person it is about.

Built like the file sheet (printing/sheet.py): labelled sections and tables, data in, PDF bytes out. The caller
decides what is shown: every field of the person in full (the ID number and the bank account are theirs), the
household members' ID numbers masked (they are other people's).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assist_desktop.printing.common import FONT, GREEN, GREY, LIGHT_GREEN, escape, styles
from assist_desktop.printing.sheet import _grid


@dataclass
class OwnCopyData:
    """One person's file as labelled text, ready to print (what is shown already decided by the caller)."""

    union_name: str
    file_no: str
    person: str
    recipient: str
    printed_on: dt.date
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)


NOTICE = ("根据《中华人民共和国个人信息保护法》，本人有权查阅、复制其个人信息。本副本载有工会帮扶档案中关于本人的"
          "全部信息；家庭成员的身份证号已部分隐藏。如发现信息有误，可向工会提出更正。")


def _table(header: list[str], rows: list[list[str]], width: float) -> Table:
    """A table whose columns are as wide as their longest text needs (an ID number stays on one line)."""
    st = styles()
    weights = []
    for k, h in enumerate(header):
        longest = max([len(h), *(len(r[k]) for r in rows if k < len(r))])
        weights.append(min(max(longest, 3), 20))
    total = sum(weights)
    data = [[Paragraph(escape(h), st["small"]) for h in header]]
    data += [[Paragraph(escape(v), st["cell"]) for v in row] for row in rows] or [
        [Paragraph("（无）", st["cell"])] + [""] * (len(header) - 1)]
    t = Table(data, colWidths=[width * w / total for w in weights], repeatRows=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b9d7c3")),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREEN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return t


def own_copy_pdf(data: OwnCopyData) -> bytes:
    """The person's own copy: a notice, every section of the file, then members, history, assistance, visits and
    re-employment support."""
    st = styles()
    buf = io.BytesIO()
    width = A4[0] - 30 * mm
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="本人档案副本", author="assist_desktop")
    story: list = [
        Paragraph("本人档案副本", st["title"]),
        Paragraph(escape(f"{data.union_name}　档案编号：{data.file_no}　本人：{data.person}　交付：{data.recipient}"
                         f"　日期：{data.printed_on:%Y年%m月%d日}"), st["subtitle"]),
        Spacer(0, 3 * mm),
        Paragraph(escape(NOTICE), st["small"]),
        Spacer(0, 2 * mm),
    ]
    for title, rows in data.sections:
        story.append(KeepTogether([Paragraph(escape(title), st["h2"]), _grid(rows, width)]))
    for title, header, cells in data.tables:
        story.append(Paragraph(escape(title), st["h2"]))
        story.append(_table(header, cells, width))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()


def _footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawString(15 * mm, 9 * mm, "本副本仅交本人，请妥善保管。")
    canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, f"第 {doc.page} 页")
    canvas.setStrokeColor(GREEN)
    canvas.line(15 * mm, 12 * mm, A4[0] - 15 * mm, 12 * mm)
    canvas.restoreState()


__all__ = ["OwnCopyData", "own_copy_pdf"]
