"""Reports and public-notice lists on paper (ReportLab) and in Excel (openpyxl), from a report's JSON
(`services.reports.ReportTable.to_json()`): the same columns, rows and totals in both.

A PDF has the title, the union, the period and filters, the table (its heading row repeated on every page,
the totals row shaded), the notes, for the movements the list of files behind each number (each heading kept
with its list), the preparer (填表人), the date and signature lines, and "第 N 页 共 M 页" on every page.
Tables with more than seven columns are printed on A4 landscape.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assist_desktop.domain.validation import format_fen
from assist_desktop.printing.common import FONT, GREY, LIGHT_GREEN, escape, register_fonts, styles

GRID = colors.HexColor("#9cbfa8")
TOTAL_BG = colors.HexColor("#f1f1f1")


def cell_text(kind: str, value: Any) -> str:
    """A cell as printed: money in 元 with two decimals (no unit: the heading or the notes say 元)."""
    if value is None:
        return ""
    if kind == "money" and isinstance(value, int):
        return format_fen(value, unit=False)
    return str(value)


def _shown(columns: Sequence[Mapping[str, str]]) -> list[Mapping[str, str]]:
    return [c for c in columns if c["kind"] != "key"]


def _lines(table: Mapping[str, Any]) -> list[list[str]]:
    cols = _shown(table["columns"])
    out = [[cell_text(c["kind"], row[c["key"]]) for c in cols] for row in table["rows"]]
    if table.get("totals") is not None:
        out.append([cell_text(c["kind"], table["totals"][c["key"]]) for c in cols])
    return out


def is_landscape(table: Mapping[str, Any]) -> bool:
    return len(_shown(table["columns"])) > 7


def _widths(header: list[str], body: list[list[str]], numeric: list[bool], total: float) -> list[float]:
    """Widths from the longest text of each column (a long heading wraps after five characters); text columns
    keep their width, number columns give way when the table would be wider than the page."""
    def size(text: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)

    need = []
    for i, h in enumerate(header):
        longest = max([size(r[i]) for r in body] or [0.0])
        need.append(max(longest, min(size(h), 5.0), 2.5) * 9.0 + 14)
    fixed = sum(n for n, num in zip(need, numeric, strict=True) if not num)
    flexible = sum(n for n, num in zip(need, numeric, strict=True) if num)
    if fixed + flexible <= total:
        scale = total / (fixed + flexible)
        return [n * scale for n in need]
    shrink = max(total - fixed, 0.3 * flexible) / flexible if flexible else 1.0
    out = [n * shrink if num else n for n, num in zip(need, numeric, strict=True)]
    scale = total / sum(out)
    return [n * scale for n in out]


class _Numbered(Canvas):
    """A canvas that writes "第 N 页 共 M 页" once the number of pages is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for page in self._pages:
            self.__dict__.update(page)
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            width = self._pagesize[0]
            self.drawCentredString(width / 2, 9 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            super().showPage()
        super().save()


def _day(day: dt.date) -> str:
    return f"{day:%Y年%m月%d日}"


def report_pdf(table: Mapping[str, Any], *, preparer: str, printed_on: dt.date) -> bytes:
    """One report or notice list as PDF bytes."""
    register_fonts()
    st = styles()
    page = landscape(A4) if is_landscape(table) else A4
    margin = 15 * mm
    width = page[0] - 2 * margin
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=14 * mm,
                            bottomMargin=16 * mm, title=table["title"], author="assist_desktop")
    cols = _shown(table["columns"])
    header = [c["label"] for c in cols]
    body = _lines(table)
    head_style = st["cell"].clone("head", alignment=1)
    num_style = st["cell"].clone("num", alignment=2)
    data: list[list[Any]] = [[Paragraph(escape(h), head_style) for h in header]]
    for line in body:
        data.append([Paragraph(escape(v), num_style if c["kind"] in ("int", "money") else st["cell"])
                     for c, v in zip(cols, line, strict=True)])
    grid = Table(data, colWidths=_widths(header, body, [c["kind"] in ("int", "money") for c in cols], width), repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREEN),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if table.get("totals") is not None:
        style.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG))
    grid.setStyle(TableStyle(style))
    notice = table.get("report") == "notice"
    meta = [f"{'公示单位' if notice else '填报单位'}：{table['union']}"] + [f"{k}：{v}" for k, v in table["filters"].items()]
    story: list[Any] = [
        Paragraph(escape(table["title"]), st["title"]),
        Paragraph(escape("；".join(meta)), st["subtitle"]),
        Spacer(0, 4 * mm),
        grid,
        Spacer(0, 2 * mm),
        *[Paragraph(escape(n), st["base"]) for n in table.get("notes", [])],
    ]
    labels = {r["key"]: r.get("movement", r["key"]) for r in table["rows"] if "key" in r}
    for key, files in (table.get("details") or {}).items():
        if not files:
            continue
        rows: list[list[Any]] = [["序号", "档案编号", "姓名"]]
        rows += [[str(i), Paragraph(escape(f["file_no"]), st["cell"]), Paragraph(escape(f["name"]), st["cell"])]
                 for i, f in enumerate(files, 1)]  # a long name wraps in its cell
        t = Table(rows, colWidths=[18 * mm, 60 * mm, 40 * mm], repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5), ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                               ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREEN), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        head = Paragraph(escape(f"{labels.get(key, key)}（{len(files)}户）"), st["h2"])
        # the heading never stays alone at a page's foot; a list longer than a page runs on (heading row repeated)
        story.append(KeepTogether([head, t]))
    sign = Table([[Paragraph(escape(f"填表人：{preparer}"), st["base"]),
                   Paragraph("审核人（签字）：____________", st["base"])],
                  [Paragraph("负责人（签字）：____________", st["base"]),
                   Paragraph(escape(f"填表日期：{_day(printed_on)}"), st["base"])]],
                 colWidths=[width / 2] * 2)
    sign.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 5), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    seal = Paragraph(escape(f"{table['union']}（盖章）"), st["base"].clone("seal", alignment=2))
    if notice:  # a list to post: the union's seal and the day, no preparer's boxes
        day = Paragraph(escape(_day(printed_on)), st["base"].clone("day", alignment=2))
        story += [Spacer(0, 10 * mm), KeepTogether([seal, Spacer(0, 3 * mm), day])]
    else:
        story += [Spacer(0, 8 * mm), KeepTogether([sign, Spacer(0, 6 * mm), seal])]
    doc.build(story, canvasmaker=_Numbered)
    return buf.getvalue()


def report_xlsx(table: Mapping[str, Any], *, preparer: str, printed_on: dt.date) -> bytes:
    """The same table as an .xlsx workbook: title and filters, one header row, the rows, the totals row;
    money as numbers in 元 (two decimals). The movements' files behind each number on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = table["title"][:31]
    cols = _shown(table["columns"])
    n = len(cols)
    ws.append([table["title"]])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(n, 1))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(["；".join([f"填报单位：{table['union']}"] + [f"{k}：{v}" for k, v in table["filters"].items()])])
    ws.append([c["label"] for c in cols])
    header_row = ws.max_row
    for i in range(1, n + 1):
        cell = ws.cell(header_row, i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F5EC")
        cell.alignment = Alignment(horizontal="center", wrap_text=True)

    def values(row: Mapping[str, Any]) -> list[Any]:
        out: list[Any] = []
        for c in cols:
            v = row[c["key"]]
            out.append(v / 100 if c["kind"] == "money" and isinstance(v, int) else v)
        return out

    for row in table["rows"]:
        ws.append(values(row))
    if table.get("totals") is not None:
        ws.append(values(table["totals"]))
        for i in range(1, n + 1):
            ws.cell(ws.max_row, i).font = Font(bold=True)
    for i, c in enumerate(cols, 1):
        if c["kind"] == "money":
            for r in range(header_row + 1, ws.max_row + 1):
                ws.cell(r, i).number_format = "#,##0.00"
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(40, len(c["label"]) * 2 + 2))
    for note in table.get("notes", []):
        ws.append([note])
    ws.append([f"填表人：{preparer}", None, f"填表日期：{printed_on.isoformat()}"])
    details = {k: v for k, v in (table.get("details") or {}).items() if v}
    if details:
        labels = {r["key"]: r.get("movement", r["key"]) for r in table["rows"] if "key" in r}
        ds = wb.create_sheet("明细")
        ds.append(["变动情况", "档案编号", "姓名"])
        for key, files in details.items():
            for f in files:
                ds.append([labels.get(key, key), f["file_no"], f["name"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
