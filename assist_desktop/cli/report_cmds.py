"""`report NAME`: the reports for the higher union (roll, counts, movements, assistance, employment, duties)
and the public-notice lists, as text, `--json`, or a PDF / .xlsx file (`--out`)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from assist_desktop.cli.core import CliInputError, Ctx


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def register(sub: Any) -> None:
    from assist_desktop.services.reports import REPORTS

    p = sub.add_parser("report", help="报表：花名册、统计表、变动情况、帮扶资金物资、再就业帮扶、工作台账、公示名单")
    p.add_argument("name", choices=tuple(REPORTS), metavar="NAME",
                   help="roll 花名册 / counts 统计表 / movements 变动情况表 / assistance 帮扶资金物资表 / "
                        "employment 再就业帮扶表 / duties 工作台账 / notice 公示名单")
    p.add_argument("--from", dest="date_from", type=_date,
                   help="统计期间起（YYYY-MM-DD）；roll、counts 给出期间时统计期间内曾在档的档案")
    p.add_argument("--to", dest="date_to", type=_date,
                   help="统计期间止（默认今天）；roll、counts 只给 --to 时为该日在档的档案，状态、类别为期末的")
    p.add_argument("--status", help="档案状态（roll、counts；默认在档帮扶对象）")
    p.add_argument("--category", help="困难类别（roll、counts）")
    p.add_argument("--union", help="只含此工会代码保管的档案（roll、counts）")
    p.add_argument("--query", default="", help="检索词，同档案列表（roll）")
    p.add_argument("--by", default="main_cause", help="统计项目：登记项目的字段名（counts；默认 main_cause）")
    p.add_argument("--kind", choices=("register", "exit"), default="register", help="公示名单：建档或退出（notice）")
    p.add_argument("--start", type=_date, help="公示开始日期（notice；默认今天）")
    p.add_argument("--days", type=int, help="公示工作日数（notice；默认为设置 notice_workdays，5 个工作日）")
    p.add_argument("--preparer", help="填表人（默认登录账号的姓名或设置 preparer）")
    p.add_argument("--out", help="输出文件：.pdf 或 .xlsx（公示名单生成 PDF 即记录公示开始）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)


def _out(path: str | None) -> Path | None:
    if path is None:
        return None
    out = Path(path)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise CliInputError(f"输出文件应以 .pdf 或 .xlsx 结尾：{path}")
    if not out.parent.exists():
        raise CliInputError(f"文件夹不存在：{out.parent}")
    return out


def build(ctx: Ctx, *, record: bool = False) -> Any:
    from assist_desktop.services import reports as R

    a = ctx.args
    to = a.date_to or ctx.today
    # the roll and the counts: today's picture, or with --from/--to the files active at some time in the period
    # with their state at its end (docs/reports.md)
    if a.name == "roll":
        return R.roll(ctx.db, status=a.status, category=a.category, union=a.union, query=a.query,
                      date_from=a.date_from, date_to=a.date_to, today=ctx.today)
    if a.name == "counts":
        return R.counts(ctx.db, by=a.by, status=a.status, category=a.category, union=a.union,
                        date_from=a.date_from, date_to=a.date_to, today=ctx.today)
    if a.name == "movements":
        return R.movements(ctx.db, date_from=a.date_from, date_to=to)
    if a.name == "assistance":
        return R.assistance(ctx.db, date_from=a.date_from, date_to=to)
    if a.name == "employment":
        return R.employment(ctx.db, date_from=a.date_from, date_to=to)
    if a.name == "duties":
        return R.duties(ctx.db, date_from=a.date_from, date_to=to)
    return R.notice(ctx.db, kind=a.kind, date_from=a.date_from, date_to=to, start_on=a.start or ctx.today,
                    workdays=a.days, record=record, actor=ctx.actor)


def _text(table: Any) -> str:
    from assist_desktop.printing.reports import cell_text

    shown = [i for i, c in enumerate(table.columns) if c.kind != "key"]
    lines = [table.title, "  ".join(f"{k}：{v}" for k, v in table.filters)]
    lines.append("\t".join(table.columns[i].label for i in shown))
    for r in [*table.rows, *([table.totals] if table.totals is not None else [])]:
        lines.append("\t".join(cell_text(table.columns[i].kind, r[i]) for i in shown))
    lines += list(table.notes)
    return "\n".join(line for line in lines if line)


def cmd_report(ctx: Ctx) -> int:
    from assist_desktop.printing.reports import report_pdf, report_xlsx

    a = ctx.args
    out = _out(a.out)
    # a notice list printed (a PDF) starts its notice period: recorded; a spreadsheet or the screen does not
    table = build(ctx, record=out is not None and out.suffix.lower() == ".pdf" and a.name == "notice")
    data: dict[str, Any] = table.to_json()
    if out is not None:
        from assist_desktop.services.prints import preparer_name

        preparer = preparer_name(ctx.db, actor=ctx.actor, preparer=a.preparer)
        if out.suffix.lower() == ".pdf":
            blob = report_pdf(data, preparer=preparer, printed_on=ctx.today)
        else:
            blob = report_xlsx(data, preparer=preparer, printed_on=ctx.today)
        part = out.with_name(out.name + ".part")
        part.write_bytes(blob)
        part.replace(out)
        data = {**data, "ok": True, "out": str(out), "bytes": len(blob)}
        ctx.out(data, f"已生成{table.title}：{out}")
        return 0
    ctx.out(data, lambda: _text(table))
    return 0
