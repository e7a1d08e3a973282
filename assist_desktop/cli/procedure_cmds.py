"""Procedure verbs: `procedure show FILE` (where the file stands in its intake and exit steps), `procedure step FILE
STEP --on DATE …` (record one step), `procedure cancel FILE --note …` (a reviewer confirms a proposed cancellation,
认定有误). All take the global --as-of (ctx.today) and --user (ctx.actor)."""

from __future__ import annotations

from typing import Any

from assist_desktop.cli.core import Ctx
from assist_desktop.domain.options import EXIT_STEPS, INTAKE_STEPS
from assist_desktop.domain.procedure import STEP_LABELS

_STEP_HELP = "；".join(f"{k}（{v[0]}）" for k, v in STEP_LABELS.items())


def register(sub: Any) -> None:
    p = sub.add_parser("procedure", help="入档和退档程序：申请、入户调查、核对授权、核对、公示、审批；脱困提议、集体决定")
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    ps = psub.add_parser("show", help="一份档案的程序进度：规则认定的类别、下一步、已办步骤")
    ps.add_argument("file_no")
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_procedure_show)

    pt = psub.add_parser(
        "step",
        help="记录一个程序步骤（须是本会启用的步骤，按顺序办理；记录后立即重新评定）",
        description="步骤：" + _STEP_HELP,
    )
    pt.add_argument("file_no")
    pt.add_argument("step", choices=INTAKE_STEPS + EXIT_STEPS, metavar="STEP", help=_STEP_HELP)
    pt.add_argument("--on", required=True, help="办理日期（公示：开始日期，按入档公示工作日数计算期满日）")
    pt.add_argument("--by", choices=("applicant", "proposer", "reviewer"),
                    help="applicant（本人申请）/ proposer（联系人或基层工会推荐、提议）/ reviewer（审核人）")
    pt.add_argument("--by-name", dest="by_name", help="经办人姓名（入户调查：调查人，必填）")
    pt.add_argument("--result", choices=("pass", "fail"), help="核对结果、审批、集体决定：pass 通过 / fail 未通过")
    pt.add_argument("--level", choices=("union", "parent"), help="审批层级：union 本级工会 / parent 上级工会")
    pt.add_argument("--objection", help="公示期间收到的异议")
    pt.add_argument("--answer", help="对异议的答复")
    pt.add_argument("--upheld", action="store_true", help="异议成立（终止入档）")
    pt.add_argument("--consent", action="store_true", help="核对授权：确认已签署（无附件时）")
    pt.add_argument("--consent-file", dest="consent_file", help="核对授权：签署的授权书附件路径")
    pt.add_argument("--note")
    pt.add_argument("--json", action="store_true")
    pt.set_defaults(func=cmd_procedure_step)

    pc = psub.add_parser("cancel", help="审核人确认规则提出的注销建议（认定有误）")
    pc.add_argument("file_no")
    pc.add_argument("--note", required=True, help="书面理由")
    pc.add_argument("--json", action="store_true")
    pc.set_defaults(func=cmd_procedure_cancel)


def procedure_text(v: Any) -> str:
    lines = [f"{v.file_no}  {v.status_label}"
             + (f"  规则认定：{v.proposed_category_label}" if v.proposed_category_label else "")]
    if v.pending_reason and v.review_task:
        lines.append("待办：" + v.pending_reason)
    for name, label in (("intake", "入档程序"), ("exit", "退档程序")):
        state = v.intake if name == "intake" else v.exit
        if state["enabled"]:
            lines.append(f"{label}：" + state["summary"] + "（启用："
                         + "、".join(STEP_LABELS[s][0] for s in state["enabled"]) + "）")
    if v.steps:
        lines.append("已办步骤：")
        lines += ["  " + s.text() for s in v.steps]
    else:
        lines.append("尚无已办步骤")
    return "\n".join(lines)


def cmd_procedure_show(ctx: Ctx) -> int:
    from assist_desktop.services.procedure import procedure_state

    view = procedure_state(ctx.db, file_no=ctx.args.file_no, as_of=ctx.today)
    ctx.out(view, lambda: procedure_text(view))
    return 0


def cmd_procedure_step(ctx: Ctx) -> int:
    from assist_desktop.services.procedure import record_step

    a = ctx.args
    view = record_step(
        ctx.db, file_no=a.file_no, step=a.step, on=a.on, by=a.by, by_name=a.by_name, result=a.result,
        level=a.level, objection=a.objection, answer=a.answer, upheld=a.upheld, consent=a.consent,
        consent_file=a.consent_file, note=a.note, today=ctx.today, actor=ctx.actor,
    )
    ctx.out({"ok": True, **view.to_json()}, lambda: procedure_text(view))
    return 0


def cmd_procedure_cancel(ctx: Ctx) -> int:
    from assist_desktop.services.lifecycle import confirm_cancellation

    report = confirm_cancellation(ctx.db, file_no=ctx.args.file_no, note=ctx.args.note, on=ctx.today,
                                  actor=ctx.actor)
    entry = report["history"][0]
    ctx.out({"ok": True, **report}, f"{report['file_no']} cancelled (misidentified): {entry.get('reason_en') or entry['reason']}"
            if ctx.lang == "en" else f"{report['file_no']} 已注销（认定有误）：{entry['reason']}")
    return 0
