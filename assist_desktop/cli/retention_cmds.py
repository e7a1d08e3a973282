"""`retention list|delete`: closed files past their retention period (retention_years after closing, 10 by default)
and their deletion with a reviewer's approval, which leaves a stub (file number, dates, reason) and audit entries."""

from __future__ import annotations

from typing import Any

from assist_desktop.cli.core import Ctx


def register(sub: Any) -> None:
    p = sub.add_parser("retention", help="档案保存期：列出保存期满的退档档案；经审核删除（保留存根）")
    rsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = rsub.add_parser("list", help="列出保存期满、待审核删除的退档档案，及已删除档案的存根")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_retention_list)
    pd = rsub.add_parser("delete", help="删除一份保存期满的退档档案（须审核人或管理员；保留存根和审计记录）")
    pd.add_argument("file_no")
    pd.add_argument("--reason", required=True, help="删除理由（记入存根和审计记录）")
    pd.add_argument("--json", action="store_true")
    pd.set_defaults(func=cmd_retention_delete)


def cmd_retention_list(ctx: Ctx) -> int:
    from assist_desktop.services.retention import list_stubs, past_retention

    items = past_retention(ctx.db, today=ctx.today)
    stubs = list_stubs(ctx.db)
    data = {"as_of": ctx.today, "files": [i.to_json() for i in items], "deleted": [s.to_json() for s in stubs]}

    def text() -> str:
        lines = [f"截至 {ctx.today} 保存期满、待审核删除的退档档案 {len(items)} 份"]
        lines += [f"  {i.file_no}  {i.name}  {i.closed_on} 退档（{i.close_reason_label}）  保存至 {i.kept_until}"
                  for i in items]
        if stubs:
            lines.append(f"已删除（保留存根）{len(stubs)} 份：")
            lines += [f"  {s.file_no}  {s.name_masked}  {s.deleted_on} 删除  审核：{s.approved_by}  {s.reason}"
                      for s in stubs]
        return "\n".join(lines)

    ctx.out(data, text)
    return 0


def cmd_retention_delete(ctx: Ctx) -> int:
    from assist_desktop.services.retention import delete_expired_file

    done = delete_expired_file(ctx.db, file_no=ctx.args.file_no, reason=ctx.args.reason, today=ctx.today,
                               actor=ctx.actor)
    total = sum(done.removed.values())
    ctx.out({"ok": True, **done.to_json()},
            lambda: f"{done.stub.sentence('zh')}；共删除 {total} 条记录")
    return 0
