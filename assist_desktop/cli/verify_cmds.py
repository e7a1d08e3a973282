"""`verify`: check the database file, the hash chain of the history and the records against it."""

from __future__ import annotations

import argparse
from typing import Any

from assist_desktop.cli.core import EXIT_INPUT, Ctx


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "verify", help="检查数据库文件、历史记录的校验链，以及档案与历史记录是否一致（有问题时退出码 2）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)


def cmd_verify(ctx: Ctx) -> int:
    from assist_desktop.services.verify import verify

    report = verify(ctx.db)

    def text() -> str:
        head = (f"历史记录 {report.audit_rows} 条，核对档案 {report.records_checked} 份，"
                f"数据库文件检查：{report.integrity}")
        if report.ok:
            return head + "\n未发现问题"
        lines = [head, f"发现 {len(report.problems)} 个问题，第一个："]
        lines += [f"  {p.message if ctx.lang != 'en' else p.message_en}" for p in report.problems[:20]]
        return "\n".join(lines)

    ctx.out(report.to_json(), text)
    return 0 if report.ok else EXIT_INPUT
