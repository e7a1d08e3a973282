"""`print card|sheet|letter`: PDFs for the paper files (ID numbers masked unless the paper needs them)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assist_desktop.cli.core import CliInputError, Ctx


def register(sub: Any) -> None:
    p = sub.add_parser("print", help="打印：绿卡、档案表、责任书（生成 PDF）")
    psub = p.add_subparsers(dest="action", metavar="WHAT", required=True)
    pc = psub.add_parser("card", help="帮扶绿卡，每页4张（不写档案编号则打印全部在档帮扶对象）")
    pc.add_argument("file_nos", nargs="*", metavar="FILE_NO")
    pc.add_argument("--status", help="只打印此状态的档案（machine name）")
    pc.add_argument("--out", required=True, help="PDF 文件")
    pc.add_argument("--json", action="store_true")
    pc.set_defaults(func=cmd_print_card)
    ps = psub.add_parser("sheet", help="档案表")
    ps.add_argument("file_nos", nargs="+", metavar="FILE_NO")
    ps.add_argument("--full-id", action="store_true", help="打印完整身份证号（纸质档案用）")
    ps.add_argument("--preparer", help="填表人（默认登录账号的姓名、--user 或设置 preparer；从不用系统用户名）")
    ps.add_argument("--out", required=True)
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_print_sheet)
    pl = psub.add_parser("letter", help="包保责任书")
    pl.add_argument("letter_no")
    pl.add_argument("--out", required=True)
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_print_letter)


def _out(path: str) -> Path:
    out = Path(path)
    if out.suffix.lower() != ".pdf":
        raise CliInputError(f"输出文件应以 .pdf 结尾：{path}")
    if not out.parent.exists():
        raise CliInputError(f"文件夹不存在：{out.parent}")
    return out


def cmd_print_card(ctx: Ctx) -> int:
    from assist_desktop.services.prints import green_cards

    a: argparse.Namespace = ctx.args
    out = _out(a.out)
    data = green_cards(ctx.db, file_nos=a.file_nos, status=a.status, on=ctx.today, out=out)
    ctx.out({"ok": True, "out": str(out), "bytes": len(data)}, f"已生成绿卡：{out}")
    return 0


def cmd_print_sheet(ctx: Ctx) -> int:
    from assist_desktop.services.prints import file_sheets

    a = ctx.args
    out = _out(a.out)
    data = file_sheets(ctx.db, file_nos=a.file_nos, on=ctx.today, full_id=a.full_id, out=out,
                       actor=ctx.actor, preparer=a.preparer)
    ctx.out({"ok": True, "out": str(out), "bytes": len(data)}, f"已生成档案表：{out}")
    return 0


def cmd_print_letter(ctx: Ctx) -> int:
    from assist_desktop.services.prints import letter

    out = _out(ctx.args.out)
    data = letter(ctx.db, letter_no=ctx.args.letter_no, out=out)
    ctx.out({"ok": True, "out": str(out), "bytes": len(data)}, f"已生成责任书：{out}")
    return 0
