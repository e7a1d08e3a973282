"""Lifecycle verbs: reevaluate, status, pair, pair-many, handover, coverage, due, close, override,
assist, visit, letter. All take the global --as-of (ctx.today) and --user (ctx.actor)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assist_desktop.cli.core import CliInputError, Ctx, parse_day
from assist_desktop.domain.enums import EventKind, FileStatus
from assist_desktop.domain.income import parts_words
from assist_desktop.domain.validation import format_fen


def register(sub: Any) -> None:
    p = sub.add_parser("reevaluate", help="按当前标准和日期重新评定全部档案")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reevaluate)

    p = sub.add_parser("status", help="一份档案的五清、类别及依据、状态、责任人和近期历史")
    p.add_argument("file_no")
    p.add_argument("--history", type=int, default=10, help="显示最近几条历史（默认 10）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("register", help="立即评定并登记一份档案（不能登记时说明原因）")
    p.add_argument("file_no")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_register)

    p = sub.add_parser("pair", help="确定一份档案的帮扶联系责任人")
    p.add_argument("file_no")
    p.add_argument("--person", required=True, help="责任人姓名或编号")
    p.add_argument("--unit", help="责任单位代码（默认：责任人所在工会）")
    p.add_argument("--note")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pair)

    p = sub.add_parser("pair-many", help="把多份档案交给同一责任人")
    p.add_argument("file_nos", nargs="+", metavar="FILE_NO")
    p.add_argument("--person", required=True)
    p.add_argument("--unit")
    p.add_argument("--note")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pair_many)

    p = sub.add_parser("handover", help="离开的干部把全部帮扶对象一次移交给另一人")
    p.add_argument("--from", dest="from_person", required=True)
    p.add_argument("--to", dest="to_person", required=True)
    p.add_argument("--keep-active", action="store_true", help="不把交出人标记为已离开")
    p.add_argument("--note")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handover)

    p = sub.add_parser("coverage", help="没有帮扶责任人的在档对象")
    p.add_argument("--limit", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("due", help="到期待办：走访、公示、回访、责任书、回头看、上报；复核任务（可能返困、收入资料过期、"
                               "拟注销）和程序下一步")
    p.add_argument(
        "--kind",
        action="append",
        choices=(
            "visit_overdue",
            "notice_ending",
            "follow_up_due",
            "letter_expiring",
            "review_due",
            "report_overdue",
            "retention_due",
            "review_reopen",
            "facts_stale",
            "cancel_proposal",
            "procedure_step",
            "no_responsible",
        ),
    )
    p.add_argument("--limit", type=int, help="每类最多列出几条")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("close", help="解困或注销（须写明理由）")
    p.add_argument("file_no")
    p.add_argument("--reason", required=True, help="relieved（解困）/ cancelled（注销）")
    p.add_argument("--detail", help="注销原因：death / transfer / misidentified / out_of_scope / other")
    p.add_argument("--note", required=True, help="书面理由")
    p.add_argument(
        "--below-lb-reason",
        dest="below_lb_reason",
        help="审核人理由：人均月收入低于低保标准仍予解困（须审核权限；否则低于低保标准不能解困）",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_close)

    p = sub.add_parser("override", help="审核人改定自动评定的状态或类别（须写明理由）")
    p.add_argument("file_no")
    p.add_argument("--status", help="found / ineligible / registered")
    p.add_argument("--category", help="deep / relative / accident")
    p.add_argument("--reason", required=True)
    p.add_argument("--until", type=parse_day, help="改定有效至（默认：下次全面复核）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_override)

    p = sub.add_parser("assist", help="帮扶记录")
    asub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pa = asub.add_parser("add", help="添加帮扶记录")
    pa.add_argument("file_no")
    pa.add_argument("--kind", required=True, help="living_relief / money / school_aid / …（或中文）")
    pa.add_argument("--amount", help="金额（元）")
    pa.add_argument("--fund", default="union", help="central / local / union / donation / none")
    pa.add_argument("--date", help="帮扶日期（默认今天）")
    pa.add_argument("--helper")
    pa.add_argument("--items")
    pa.add_argument("--note")
    pa.add_argument("--json", action="store_true")
    pa.set_defaults(func=cmd_assist_add)
    pl = asub.add_parser("list", help="列出帮扶记录")
    pl.add_argument("file_no")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_assist_list)

    p = sub.add_parser("visit", help="入户走访")
    vsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pv = vsub.add_parser("add", help="添加走访记录（可更新思想状况）")
    pv.add_argument("file_no")
    pv.add_argument("--visitor", required=True)
    pv.add_argument("--date", help="走访日期（默认今天）")
    pv.add_argument("--living")
    pv.add_argument("--needs")
    pv.add_argument("--explained")
    pv.add_argument("--state-of-mind", dest="state_of_mind")
    pv.add_argument("--json", action="store_true")
    pv.set_defaults(func=cmd_visit_add)
    pl = vsub.add_parser("list", help="列出走访记录")
    pl.add_argument("file_no")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_visit_list)

    p = sub.add_parser("letter", help="包保责任书")
    lsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = lsub.add_parser("add", help="起草责任书（与下一级工会或本工会干部）")
    pl.add_argument("--upper", help="上级工会代码（默认本工会）")
    pl.add_argument("--lower", help="下级工会代码")
    pl.add_argument("--person", help="本工会干部（姓名或编号）")
    pl.add_argument("--files", nargs="*", help="范围内的档案编号（默认：下级或干部的全部在档对象）")
    pl.add_argument("--goals", required=True)
    pl.add_argument("--measures", required=True)
    pl.add_argument("--start", required=True, type=parse_day)
    pl.add_argument("--end", required=True, type=parse_day)
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_letter_add)
    ps = lsub.add_parser("sign", help="签字")
    ps.add_argument("letter_no")
    ps.add_argument("--side", required=True, choices=("upper", "lower"))
    ps.add_argument("--signatory", required=True)
    ps.add_argument("--date", type=parse_day, help="签字日期（默认今天）")
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_letter_sign)
    pls = lsub.add_parser("list", help="列出责任书")
    pls.add_argument("--json", action="store_true")
    pls.set_defaults(func=cmd_letter_list)
    pg = lsub.add_parser("show", help="查看责任书")
    pg.add_argument("letter_no")
    pg.add_argument("--json", action="store_true")
    pg.set_defaults(func=cmd_letter_show)


# --- verbs -----------------------------------------------------------------------------------------


def summary_text(summary: Mapping[str, Any]) -> str:
    return (
        f"评定 {summary['evaluated']} 份，变化 {summary['changed']} 份：登记 {summary['registered']}，"
        f"调整类别 {summary['adjusted']}，未达标准 {summary['ineligible']}，进入观察 {summary['watch']}，"
        f"观察中断 {summary['watch_broken']}，进入公示 {summary['exit_notice']}，退档 {summary['closed']}，"
        f"重新入档 {summary['reopened']}"
    )


def cmd_reevaluate(ctx: Ctx) -> int:
    from assist_desktop.services.lifecycle import (
        UNATTENDED_BATCH_SECONDS,
        UNATTENDED_WAL_PAGES,
        reevaluate_all,
    )

    # no clerk waits on the verb's commits: batches sized by time and a longer WAL (each page written fewer times)
    summary = reevaluate_all(ctx.db, as_of=ctx.today, actor=ctx.actor, batch_seconds=UNATTENDED_BATCH_SECONDS,
                             wal_pages=UNATTENDED_WAL_PAGES)
    ctx.out({"ok": True, "as_of": ctx.today, "summary": summary}, lambda: summary_text(summary))
    return 0


def _reason(entry: Mapping[str, Any], lang: str) -> str:
    """A history entry's (or a pending change's) reason in the message language."""
    return str(entry.get("reason_en") or entry["reason"]) if lang == "en" else str(entry["reason"])


def status_text(r: Mapping[str, Any], as_of: Any = None, lang: str = "zh") -> str:
    from assist_desktop.services.catchup import actor_label

    lines = [
        f"{r['file_no']}  {r['name']}  {r['status_label']}"
        + (f"（{r['category_label']}）" if r["category_label"] else "")
        + (f"  自 {r['status_since']}" if r["status_since"] else "")
    ]
    lines.append(
        "五清："
        + "  ".join(
            f"{v['label']}{'✓' if v['clear'] else '✗'}"
            for k, v in r["five_clear"].items()
            if k != "all_clear"
        )
    )
    if not r["five_clear"]["all_clear"]:
        lines.append("  缺：" + r["five_clear_summary"])
    inc = r["income"]
    if inc:
        lines.append(
            f"人均月收入 {format_fen(inc['per_capita_fen'])}（家庭年收入 {format_fen(inc['annual_income_fen'])}"
            + parts_words(inc.get("income_parts"))
            + f"，刚性支出 {format_fen(inc['spending_fen'])}" + parts_words(inc.get("spending_parts"))
            + f"，{inc['members']} 人"
            + (f"，其中 {inc['imputed_members']} 人按最低工资计" if inc["imputed_members"] else "")
            + f"，收入情况截至 {inc['fact_as_of']}）"
        )
        lines.append(
            f"低保标准 {format_fen(inc['lb_fen'])}  相对困难线 {format_fen(inc['relative_line_fen'])}  "
            f"脱困线 {format_fen(inc['exit_line_fen'])}  最低工资 {format_fen(inc['mw_fen'])}"
        )
    if r["rule"]["reason"]:
        lines.append("依据：" + r["rule"]["reason"])
    if r["pending_reason"] and (r["status"] in ("found", "ineligible") or r.get("review_task")):
        lines.append(("待办：" if r.get("review_task") else "说明：") + r["pending_reason"])
    if r.get("note") and r.get("note") != r["rule"]["reason"]:
        lines.append("说明：" + r["note"])
    if r["watch_since"]:
        lines.append(f"收入观察自 {r['watch_since']}，已 {r['months_at_or_above']} 个月")
    if r["notice_until"] and r["status"] == FileStatus.EXIT_NOTICE:
        lines.append(f"脱困公示至 {r['notice_until']}")
    if r["closed_on"]:
        lines.append(
            f"退档 {r['closed_on']}（{r['close_reason']}{'/' + r['close_detail'] if r['close_detail'] else ''}）"
        )
    if r["override_until"]:
        lines.append(f"人工改定有效至 {r['override_until']}")
    resp = r["responsible"]
    lines.append(
        "帮扶责任人："
        + (f"{resp['name']}（{resp['unit'] or ''}）{resp['phone'] or ''}" if resp else "未安排")
    )
    if r["would_change"]:
        lines.append("待重新评定：" + "；".join(_reason(w, lang) for w in r["would_change"]))
    lines.append("近期历史：")
    for h in r["history"]:
        lines.append(f"  {h['occurred_on']}  {EventKind(h['kind']).label_for(lang)}  {_reason(h, lang)}  "
                     + (f"({actor_label(h['actor'], lang)})" if lang == "en" else f"（{actor_label(h['actor'])}）"))
    if not r["calendar_known"]:
        from assist_desktop.domain.workdays import unknown_year_warning

        lines.append("注意：" + (unknown_year_warning(as_of.year) if as_of is not None
                                else "本年度法定节假日安排未录入，请按国务院通知录入（holidays set）；录入前工作日按周一至周五计算"))
    return "\n".join(lines)


def cmd_status(ctx: Ctx) -> int:
    from assist_desktop.services.lifecycle import status_report

    report = status_report(ctx.db, file_no=ctx.args.file_no, as_of=ctx.today, history=ctx.args.history)
    ctx.out(report, lambda: status_text(report, ctx.today, ctx.lang))
    return 0


def cmd_register(ctx: Ctx) -> int:
    from assist_desktop.services.lifecycle import register_file

    report = register_file(ctx.db, file_no=ctx.args.file_no, as_of=ctx.today, actor=ctx.actor)
    ctx.out({"ok": True, **report}, lambda: status_text(report, lang=ctx.lang))
    return 0


def _pair_out(ctx: Ctx, result: Any) -> None:
    ctx.out(
        {"ok": True, **result.to_json()},
        lambda: (
            f"已把 {len(result.files)} 份档案交由 {result.person} 负责：{'、'.join(result.files) or '无'}"
            + (f"（{len(result.unchanged)} 份原本就由其负责）" if result.unchanged else "")
            + "".join(f"\n注意：{w}" for w in getattr(result, "warnings", ()))
        ),
    )


def cmd_pair(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import assign

    a = ctx.args
    _pair_out(
        ctx,
        assign(
            ctx.db,
            file_nos=[a.file_no],
            person=a.person,
            unit_code=a.unit,
            on=ctx.today,
            actor=ctx.actor,
            note=a.note,
        ),
    )
    return 0


def cmd_pair_many(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import assign

    a = ctx.args
    _pair_out(
        ctx,
        assign(
            ctx.db,
            file_nos=a.file_nos,
            person=a.person,
            unit_code=a.unit,
            on=ctx.today,
            actor=ctx.actor,
            note=a.note,
        ),
    )
    return 0


def cmd_handover(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import handover

    a = ctx.args
    result = handover(
        ctx.db,
        from_person=a.from_person,
        to_person=a.to_person,
        on=ctx.today,
        actor=ctx.actor,
        mark_left=not a.keep_active,
        note=a.note,
    )
    ctx.out(
        {"ok": True, "from": a.from_person, **result.to_json()},
        f"{a.from_person} 的 {len(result.files)} 份档案已移交给 {result.person}",
    )
    return 0


def cmd_coverage(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import coverage

    data = coverage(ctx.db, limit=ctx.args.limit)
    ctx.out(
        data,
        lambda: "\n".join(
            [
                f"在档对象 {data['active']} 户，已落实责任人 {data['covered']} 户，未落实 {data['uncovered']} 户"
            ]
            + [f"  {f['file_no']}  {f['name']}  {f['problem']}" for f in data["files"]]
        ),
    )
    return 0


def cmd_due(ctx: Ctx) -> int:
    from assist_desktop.services.due import KINDS, due_counts, due_items

    kinds = tuple(ctx.args.kind) if ctx.args.kind else KINDS
    items = due_items(ctx.db, as_of=ctx.today, kinds=kinds, limit_per_kind=ctx.args.limit)
    data = {"as_of": ctx.today, "counts": due_counts(items), "items": [i.to_json() for i in items]}
    ctx.out(
        data,
        lambda: "\n".join(
            [f"截至 {ctx.today} 待办 {len(items)} 项"]
            + [
                f"  {i.due_on}  {i.label}  {i.file_no or i.letter_no}  {i.name or ''}  {i.text}"
                for i in items
            ]
        ),
    )
    return 0


def cmd_close(ctx: Ctx) -> int:
    from assist_desktop.services.lifecycle import close_file

    a = ctx.args
    report = close_file(
        ctx.db,
        file_no=a.file_no,
        reason=a.reason,
        detail=a.detail,
        note=a.note,
        on=ctx.today,
        below_lb_reason=a.below_lb_reason,
        actor=ctx.actor,
    )
    ctx.out({"ok": True, **report}, f"{report['file_no']} closed: {_reason(report['history'][0], 'en')}"
            if ctx.lang == "en" else f"{report['file_no']} 已退档：{report['history'][0]['reason']}")
    return 0


def cmd_override(ctx: Ctx) -> int:
    from assist_desktop.services.lifecycle import override

    a = ctx.args
    report = override(
        ctx.db,
        file_no=a.file_no,
        status=a.status,
        category=a.category,
        reason=a.reason,
        until=a.until,
        on=ctx.today,
        actor=ctx.actor,
    )
    ctx.out({"ok": True, **report}, _reason(report["history"][0], ctx.lang))
    return 0


def cmd_assist_add(ctx: Ctx) -> int:
    from assist_desktop.services.assistance import add_assistance

    a = ctx.args
    rec = add_assistance(
        ctx.db,
        file_no=a.file_no,
        kind=a.kind,
        amount=a.amount,
        fund=a.fund,
        given_on=a.date,
        helper=a.helper,
        items=a.items,
        note=a.note,
        today=ctx.today,
        actor=ctx.actor,
    )
    ctx.out(
        {"ok": True, "record": rec.to_json()},
        f"已记录帮扶：{rec.file_no} {rec.kind} {format_fen(rec.amount_fen)}",
    )
    return 0


def cmd_assist_list(ctx: Ctx) -> int:
    from assist_desktop.services.assistance import list_assistance

    rows = [r.to_json(listed=True) for r in list_assistance(ctx.db, file_no=ctx.args.file_no)]
    ctx.out(
        {"records": rows},
        lambda: (
            "\n".join(
                f"{r['given_on']}  {r['kind']}  {format_fen(r['amount_fen'])}  {r['fund_source']}  {r['helper'] or ''}"
                for r in rows
            )
            or "（无帮扶记录）"
        ),
    )
    return 0


def cmd_visit_add(ctx: Ctx) -> int:
    from assist_desktop.services.assistance import add_visit

    a = ctx.args
    rec = add_visit(
        ctx.db,
        file_no=a.file_no,
        visitor=a.visitor,
        visited_on=a.date,
        living_situation=a.living,
        needs=a.needs,
        explained=a.explained,
        state_of_mind=a.state_of_mind,
        today=ctx.today,
        actor=ctx.actor,
    )
    ctx.out(
        {"ok": True, "visit": rec.to_json()},
        lambda: (
            f"已记录走访：{rec.file_no} {rec.visit.visited_on}"
            + ("（脱困后跟踪回访）" if rec.follow_up else "")
            + "".join(f"\n{e}" for e in rec.events)
        ),
    )
    return 0


def cmd_visit_list(ctx: Ctx) -> int:
    from assist_desktop.services.assistance import list_visits

    rows = [v.to_json() for v in list_visits(ctx.db, file_no=ctx.args.file_no)]
    ctx.out(
        {"visits": rows},
        lambda: (
            "\n".join(
                f"{r['visited_on']}  {r['visitor']}  {'回访' if r['follow_up'] else '走访'}  {r['state_of_mind'] or ''}"
                for r in rows
            )
            or "（无走访记录）"
        ),
    )
    return 0


def letter_text(x: Mapping[str, Any]) -> str:
    return (
        f"{x['letter_no']}  {x['upper']} → {x['lower']}  {x['period_start']}～{x['period_end']}  "
        f"{x['household_count']} 户  {'已签' if x['signed'] else '未签齐'}"
    )


def cmd_letter_add(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import add_letter

    a = ctx.args
    if a.lower and a.person:
        raise CliInputError("--lower 和 --person 只能指定一个")
    letter = add_letter(
        ctx.db,
        upper_code=a.upper,
        lower_code=a.lower,
        lower_person=a.person,
        file_nos=a.files,
        goals=a.goals,
        measures=a.measures,
        period_start=a.start,
        period_end=a.end,
        actor=ctx.actor,
    )
    ctx.out({"ok": True, "letter": letter}, lambda: "已起草责任书：" + letter_text(letter))
    return 0


def cmd_letter_sign(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import sign_letter

    a = ctx.args
    letter = sign_letter(
        ctx.db,
        letter_no=a.letter_no,
        side=a.side,
        signatory=a.signatory,
        on=a.date or ctx.today,
        actor=ctx.actor,
    )
    ctx.out({"ok": True, "letter": letter}, lambda: "已签字：" + letter_text(letter))
    return 0


def cmd_letter_list(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import list_letters

    rows = list_letters(ctx.db)
    ctx.out({"letters": rows}, lambda: "\n".join(letter_text(x) for x in rows) or "（无责任书）")
    return 0


def cmd_letter_show(ctx: Ctx) -> int:
    from assist_desktop.services.pairing import get_letter

    x = get_letter(ctx.db, letter_no=ctx.args.letter_no)
    ctx.out(
        x,
        lambda: "\n".join(
            [
                letter_text(x),
                f"目标：{x['goals']}",
                f"措施：{x['measures']}",
                f"上级签字：{x['upper_signatory'] or '未签'} {x['upper_signed_on'] or ''}",
                f"下级签字：{x['lower_signatory'] or '未签'} {x['lower_signed_on'] or ''}",
                "范围内档案：",
            ]
            + [f"  {f['file_no']}  {f['name']}" for f in x["files"]]
        ),
    )
    return 0
