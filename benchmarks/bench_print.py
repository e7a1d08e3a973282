"""Printing: 1,000 green cards and 1,000 file sheets by the program's path, beside bare ReportLab in the same run.

    .venv/bin/python benchmarks/bench_print.py [--files 1000] [--db /tmp/bench.sqlite3] [--profile cards|sheets]

The program's path is the service the window and `print card|sheet` call (`services.prints.green_cards`,
`services.prints.file_sheets`): read the files from the database, label and mask them, lay them out, draw.
The limit is bare ReportLab: one `Canvas` drawing the very same strings (every text the program's PDF holds,
taken from the program's own data objects) with `drawString` in the same registered CJK font, one line each,
as many to a page as the program's pages hold, with page compression as the program uses — no layout, no
database. Both write a PDF into memory. Benchmarks are not tests: nothing here asserts a time.

`run(db_path, report)` is what benchmarks/run.py calls with its demo database (the first 1,000 files).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import Database  # noqa: E402

AS_OF = dt.date(2026, 11, 20)


def _timed(fn: Callable[[], Any], repeat: int = 2) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def bare_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """Every string drawn with drawString in the registered font, one line each, page by page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from assist_desktop.printing.common import FONT, register_fonts

    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    for strings in pages:
        y = A4[1] - 30
        c.setFont(FONT, 9)
        for text in strings:
            c.drawString(30, y, text)
            y -= 0.1  # the lines overlap on purpose: the count of strings, not the paper, is what is drawn
        c.showPage()
    c.save()
    return buf.getvalue()


def card_strings(cards: Sequence[Any]) -> list[list[str]]:
    """The strings of the program's cards, four cards to a page (the labels, values and footer lines)."""
    pages: list[list[str]] = []
    for i, card in enumerate(cards):
        if i % 4 == 0:
            pages.append([])
        pages[-1] += ["困难职工帮扶绿卡", card.union_name, "档案编号", card.file_no, "姓　　名",
                      f"{card.name}　{card.sex}　{card.age}岁", "身份证号", card.id_masked, "困难类别",
                      f"{card.category}（{card.status}）", "家庭人口",
                      f"{card.household_size}人　人均月收入 {card.per_capita}", "致困原因", card.main_cause,
                      "工作单位", card.employer, "家庭住址", card.address, "联系电话", card.phone, "帮扶责任人",
                      f"{card.responsible}　{card.responsible_phone}", f"发卡日期：{card.issued_on:%Y年%m月%d日}",
                      f"帮扶热线：{card.hotline}", "凭此卡可到工会困难职工帮扶中心", "申请救助、职业介绍、法律援助。"]
    return pages


def sheet_strings(sheets: Sequence[Any], pages_per_sheet: float) -> list[list[str]]:
    """The strings of the program's sheets, spread over as many pages as the program's PDF has."""
    pages: list[list[str]] = []
    for sheet in sheets:
        strings = ["困难职工帮扶档案表", f"{sheet.union_name}　档案编号：{sheet.file_no}"]
        for title, rows in sheet.sections:
            strings.append(title)
            for label, value in rows:
                strings += [label, value]
        for label, _clear, missing in sheet.five_clear:
            strings += [label, missing]
        for title, header, cells in sheet.tables:
            strings.append(title)
            strings += header
            for row in cells:
                strings += row
        strings += ["填表人", "基层工会意见", "上级工会意见", "签字（盖章）", "年　月　日"]
        n = max(1, round(pages_per_sheet))
        step = -(-len(strings) // n)
        pages += [strings[i:i + step] for i in range(0, len(strings), step)]
    return pages


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", pdf))  # ReportLab writes page objects uncompressed


def run(db_path: str, report: list[dict[str, Any]], files: int = 1000, profile: str | None = None) -> None:
    from sqlalchemy import select
    from sqlmodel import col

    from assist_desktop.db.models import HardshipFile
    from assist_desktop.services import prints

    db = Database(f"sqlite:///{db_path}")
    with db.reader() as s:
        nos = list(s.scalars(select(col(HardshipFile.file_no)).order_by(col(HardshipFile.file_no)).limit(files)))
    n = len(nos)

    # the strings come from the program's own data objects, so both sides draw exactly the same text
    cards = prints.card_data(db, file_nos=nos, on=AS_OF)
    sheets = prints.sheet_data(db, file_nos=nos, on=AS_OF)

    def program_cards() -> bytes:
        return prints.green_cards(db, file_nos=nos, on=AS_OF)

    def program_sheets() -> bytes:
        return prints.file_sheets(db, file_nos=nos, on=AS_OF)

    if profile:
        target = program_cards if profile == "cards" else program_sheets
        prof = cProfile.Profile()
        prof.runcall(target)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        return

    t_cards, pdf_cards = _timed(program_cards)
    card_pages = card_strings(cards)
    t_bare_cards, _ = _timed(lambda: bare_pdf(card_pages))
    report.append({"name": f"print {n:,} green cards ({_pages(pdf_cards):,} pages)", "seconds": t_cards,
                   "limit_name": "bare ReportLab drawString of the same strings, same font",
                   "limit_seconds": t_bare_cards, "rows": n})

    t_sheets, pdf_sheets = _timed(program_sheets)
    sheet_pages = sheet_strings(sheets, _pages(pdf_sheets) / max(1, n))
    t_bare_sheets, _ = _timed(lambda: bare_pdf(sheet_pages))
    report.append({"name": f"print {n:,} file sheets ({_pages(pdf_sheets):,} pages)", "seconds": t_sheets,
                   "limit_name": "bare ReportLab drawString of the same strings, same font",
                   "limit_seconds": t_bare_sheets, "rows": n})
    db.dispose()


def _demo(path: Path, files: int) -> None:
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    init_union(db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=AS_OF)
    build_demo(db, files=files, seed=1, as_of=AS_OF, batch=10000)
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--db", help="an existing demo database (default: a fresh one in a temp folder)")
    parser.add_argument("--profile", choices=["cards", "sheets"], help="cProfile the program's path instead")
    args = parser.parse_args()
    report: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "print.sqlite3"
        if not args.db:
            _demo(path, args.files)
        run(str(path), report, files=args.files, profile=args.profile)
    for r in report:
        print(f"{r['name']:<44} {r['seconds']:8.3f} s   bare {r['limit_seconds']:8.3f} s   "
              f"{r['seconds'] / r['limit_seconds']:4.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
