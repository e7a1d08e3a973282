"""`file own-copy`: a worker's own copy of the file (PIPL), as PDF or JSON, recorded as a disclosure."""

from __future__ import annotations

import argparse
from typing import Any

from assist_desktop.cli.core import Ctx


def register(sub: Any) -> None:
    parser = sub.choices["file"]
    fsub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    p = fsub.add_parser("own-copy", help="本人档案副本：打印或导出某人的完整档案交给本人（记入历史记录）")
    p.add_argument("file_no", metavar="FILE", help="档案编号或身份证号")
    p.add_argument("--out", required=True, help="F.pdf（打印）或 F.json（导出）")
    p.add_argument("--to", dest="recipient", help="交给谁（默认：本人）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_file_own_copy)


def cmd_file_own_copy(ctx: Ctx) -> int:
    from assist_desktop.services.own_copy import own_copy

    a = ctx.args
    copy = own_copy(ctx.db, file_no=a.file_no, out=a.out, on=ctx.today, recipient=a.recipient, actor=ctx.actor)
    ctx.out(copy.to_json(), f"已生成 {copy.person} 的本人档案副本：{copy.path}（交给 {copy.recipient}，已记入历史记录）")
    return 0


__all__ = ["register"]
