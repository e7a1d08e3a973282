"""`employment add|list|update`: re-employment support (再就业帮扶) of a file — certificate, referral, training,
loan, insurance subsidy, public-welfare post, placement, business start — and what came of it.

A job start (placement, public-welfare post, business start) re-evaluates the file at once: the lifecycle rules
decide whether its income watch begins. All take the global --as-of (ctx.today) and --user (ctx.actor).
"""

from __future__ import annotations

import argparse
from typing import Any

from assist_desktop.cli.core import Ctx, parse_day
from assist_desktop.domain.enums import EmploymentSupportKind
from assist_desktop.domain.validation import format_fen

_YES = {"yes", "y", "是", "1", "true"}
_NO = {"no", "n", "否", "0", "false"}
_UNKNOWN = {"unknown", "未知", "-", ""}


def yes_no(text: str) -> bool | None:
    t = text.strip().lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    if t in _UNKNOWN:
        return None
    raise argparse.ArgumentTypeError(f"“{text}”应为 yes 或 no（是/否；unknown：未知）")


def _kinds() -> str:
    return " / ".join(f"{k.value}（{k.label}）" for k in EmploymentSupportKind)


def register(sub: Any) -> None:
    p = sub.add_parser("employment", help="再就业帮扶：优惠证、职业介绍、培训、贷款、社保补贴、公益性岗位、岗位安置、自主创业")
    esub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pa = esub.add_parser("add", help="添加再就业帮扶记录（岗位安置、公益性岗位、自主创业即重新评定档案）")
    pa.add_argument("file_no")
    pa.add_argument("--kind", required=True, help=_kinds() + "（或中文）")
    pa.add_argument("--on", dest="started_on", type=parse_day, help="开始日期（默认今天）")
    pa.add_argument("--ended-on", dest="ended_on", type=parse_day, help="结束日期")
    pa.add_argument("--detail", help="内容：岗位、单位、培训课程、政策")
    pa.add_argument("--outcome", help="结果")
    pa.add_argument("--found-work", dest="found_work", type=yes_no,
                    help="其后是否就业：yes / no（岗位安置、公益性岗位、自主创业默认 yes）")
    pa.add_argument("--amount", help="金额（元；贷款或补贴）")
    pa.add_argument("--lender", help="贷款机构")
    pa.add_argument("--term-months", dest="term_months", type=int, help="贷款期限（月）")
    pa.add_argument("--certificate", help="证书（培训所得证书、再就业优惠证编号）")
    pa.add_argument("--json", action="store_true")
    pa.set_defaults(func=cmd_employment_add)

    pl = esub.add_parser("list", help="列出一份档案的再就业帮扶记录，及每次培训后是否就业")
    pl.add_argument("file_no")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_employment_list)

    pu = esub.add_parser("update", help="补记结果：培训或介绍后是否就业、结果、结束日期、证书")
    pu.add_argument("record_id", metavar="ID", help="记录编号（employment list 列出；可只写前 8 位）")
    pu.add_argument("--found-work", dest="found_work", type=yes_no, default=argparse.SUPPRESS,
                    help="yes / no / unknown")
    pu.add_argument("--outcome", default=argparse.SUPPRESS)
    pu.add_argument("--ended-on", dest="ended_on", type=parse_day, default=argparse.SUPPRESS)
    pu.add_argument("--certificate", default=argparse.SUPPRESS)
    pu.add_argument("--detail", default=argparse.SUPPRESS)
    pu.add_argument("--json", action="store_true")
    pu.set_defaults(func=cmd_employment_update)


def _found(value: bool | None) -> str:
    return "" if value is None else ("其后就业" if value else "其后未就业")


def _line(r: Any) -> str:
    kind = EmploymentSupportKind(r.kind).label
    parts = [r.started_on.isoformat(), kind, r.detail or "", format_fen(r.amount_fen) if r.amount_fen else "",
             r.certificate or "", _found(r.found_work), r.outcome or "", f"[{r.id[:8]}]"]
    return "  ".join(p for p in parts if p)


def cmd_employment_add(ctx: Ctx) -> int:
    from assist_desktop.services.assistance import add_employment_support

    a = ctx.args
    rec = add_employment_support(
        ctx.db, file_no=a.file_no, kind=a.kind, started_on=a.started_on, ended_on=a.ended_on, detail=a.detail,
        outcome=a.outcome, certificate=a.certificate, found_work=a.found_work, amount=a.amount, lender=a.lender,
        term_months=a.term_months, today=ctx.today, actor=ctx.actor,
    )
    ctx.out({"ok": True, "record": rec.to_json(), "status": rec.status, "events": list(rec.events)},
            lambda: "已记录再就业帮扶：" + rec.file_no + "  " + _line(rec) + "".join(f"\n{e}" for e in rec.events))
    return 0


def cmd_employment_list(ctx: Ctx) -> int:
    from assist_desktop.services.assistance import list_employment_support, training_outcomes

    rows = list_employment_support(ctx.db, file_no=ctx.args.file_no)
    trainings = training_outcomes(rows)

    def text() -> str:
        if not rows:
            return "（无再就业帮扶记录）"
        lines = [_line(r) for r in rows]
        if trainings:
            worked = sum(1 for t in trainings if t.found_work)
            lines.append(f"培训 {len(trainings)} 次，其后就业 {worked} 次：")
            for t in trainings:
                after = (f"是（{t.job.started_on} {EmploymentSupportKind(t.job.kind).label}）" if t.job is not None
                         and t.training.found_work is None else {True: "是", False: "否", None: "未知"}[t.found_work])
                lines.append(f"  {t.training.started_on}  {t.training.detail or '培训'}  其后就业：{after}")
        return "\n".join(lines)

    ctx.out({"file_no": ctx.args.file_no, "records": [r.to_json() for r in rows],
             "trainings": [t.to_json() for t in trainings]}, text)
    return 0


def cmd_employment_update(ctx: Ctx) -> int:
    from assist_desktop.services.assistance import update_employment_support

    a = vars(ctx.args)
    given = {k: a[k] for k in ("found_work", "outcome", "ended_on", "certificate", "detail") if k in a}
    rec = update_employment_support(ctx.db, record_id=ctx.args.record_id, today=ctx.today, actor=ctx.actor,
                                    **given)
    ctx.out({"ok": True, "record": rec.to_json()}, lambda: "已更新：" + rec.file_no + "  " + _line(rec))
    return 0
