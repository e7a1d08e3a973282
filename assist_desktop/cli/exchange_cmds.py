"""Exchange verbs: export and import packages, review results, Excel/CSV rosters."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from assist_desktop.cli.core import EXIT_INPUT, CliInputError, Ctx

if TYPE_CHECKING:  # the exchange services are imported by their verbs only (start-up time of the other verbs)
    from assist_desktop.services.exchange_trust import UnknownSender


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="导出数据包（报送上级工会）")
    p.add_argument("--out", required=True, help="数据包文件（.zip）")
    p.add_argument("--to", help="接收工会代码（默认：上级工会）")
    p.add_argument("--full", action="store_true", help="全部档案（默认只导出上次报送以来的变化）")
    p.add_argument("--password-env", metavar="VAR", help="用环境变量 VAR 中的密码加密数据包")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="导入下级工会的数据包并合并（先校验、预览，全部写入或全部不写）")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="只校验和预览，不写入")
    p.add_argument("--trust-sender", metavar="FINGERPRINT",
                   help="首次收到某工会的数据包时，确认其公钥指纹（旧版无签名数据包：发送方工会代码）")
    p.add_argument("--password-env", metavar="VAR", help="加密数据包的密码所在的环境变量")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("review", help="上级审核：通过、退回，审核结果的导出和导入")
    rsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text in (("approve", "审核通过"), ("return", "退回（须写明原因）")):
        pa = rsub.add_parser(name, help=help_text)
        pa.add_argument("file_nos", nargs="+", metavar="FILE_NO")
        pa.add_argument("--reason")
        pa.add_argument("--json", action="store_true")
        pa.set_defaults(func=cmd_review_decide, decision=name)
    pe = rsub.add_parser("export", help="导出审核结果（发给下级工会）")
    pe.add_argument("--out", required=True)
    pe.add_argument("--to", required=True, help="下级工会代码")
    pe.add_argument("--json", action="store_true")
    pe.set_defaults(func=cmd_review_export)
    pi = rsub.add_parser("import", help="导入上级的审核结果")
    pi.add_argument("file")
    pi.add_argument("--dry-run", action="store_true")
    pi.add_argument("--trust-sender", metavar="FINGERPRINT", help="确认上级工会的公钥指纹（本库尚未记录时）")
    pi.add_argument("--json", action="store_true")
    pi.set_defaults(func=cmd_review_import)

    p = sub.add_parser("exchange", help="数据包往来记录")
    esub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = esub.add_parser("log", help="已发出和收到的数据包（收到的含发送方历史记录链的链头）")
    pl.add_argument("--limit", type=int, help="最多列出几条（最新的在前）")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_exchange_log)

    p = sub.add_parser("roster", help="花名册：Excel/CSV 导入、模板、导出")
    osub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pi = osub.add_parser("import", help="导入花名册（.xlsx 或 .csv；有错误行时默认全部不导入）")
    pi.add_argument("file")
    pi.add_argument("--dry-run", action="store_true", help="只校验，不写入")
    pi.add_argument("--accept-valid", action="store_true", help="有错误行时仍导入其余有效行")
    pi.add_argument("--errors-out", metavar="F.xlsx", help="把有误的行（附“错误原因”列）写入此文件，改正后可再导入")
    pi.add_argument("--keep-unknown-columns", action="store_true",
                    help="把本程序不认识的列的内容作为备注（“花名册其他列：列名：值”）保留；不加时只在报告中列出这些列")
    pi.add_argument("--json", action="store_true")
    pi.set_defaults(func=cmd_roster_import)
    pt = osub.add_parser("template", help="生成花名册模板（带下拉选项）")
    pt.add_argument("--out", required=True)
    pt.add_argument("--json", action="store_true")
    pt.set_defaults(func=cmd_roster_template)
    px = osub.add_parser("export", help="导出花名册（.xlsx）")
    px.add_argument("--out", required=True)
    px.add_argument("--json", action="store_true")
    px.set_defaults(func=cmd_roster_export)
    pm = osub.add_parser("map", help="本单位的花名册取值映射（如 所属行业 纺织 → 制造业）")
    msub = pm.add_subparsers(dest="map_action", metavar="ACTION", required=True)
    ms = msub.add_parser("set", help="把某列的某个写法映射为可选值")
    ms.add_argument("column", help="列名（如 所属行业、家庭成员.健康状况）或字段名")
    ms.add_argument("value", help="花名册里的写法")
    ms.add_argument("target", help="可选值（中文或英文名）")
    ms.add_argument("--json", action="store_true")
    ms.set_defaults(func=cmd_roster_map_set)
    ml = msub.add_parser("list", help="列出全部映射")
    ml.add_argument("--json", action="store_true")
    ml.set_defaults(func=cmd_roster_map_list)
    ma = msub.add_parser("adopt", help="采用下级工会随数据包发来的映射（一条，或不写列名时采用其全部本单位尚未映射的）")
    ma.add_argument("origin", metavar="UNION_CODE", help="发来映射的工会代码（roster map list 中的 origin）")
    ma.add_argument("column", nargs="?", help="列名或字段名")
    ma.add_argument("value", nargs="?", help="花名册里的写法")
    ma.add_argument("--json", action="store_true")
    ma.set_defaults(func=cmd_roster_map_adopt)
    mr = msub.add_parser("remove", help="删除一条映射")
    mr.add_argument("column")
    mr.add_argument("value")
    mr.add_argument("--json", action="store_true")
    mr.set_defaults(func=cmd_roster_map_remove)


def cmd_export(ctx: Ctx) -> int:
    from assist_desktop.services.exchange import export_package

    a = ctx.args
    result = export_package(
        ctx.db, out=a.out, to=a.to, full=a.full, actor=ctx.actor, password=_password(a.password_env)
    )
    kind = "全量" if result.full else f"增量（{result.since:%Y-%m-%d %H:%M:%S} 以来的变化）"
    ctx.out(
        result.to_json(),
        f"已导出{kind}数据包：{result.path}\n接收工会：{result.receiver}；"
        f"档案 {result.counts.get('hardship_file', 0)} 份\nSHA-256：{result.sha256}",
    )
    return 0


def cmd_import(ctx: Ctx) -> int:
    from assist_desktop.services.exchange import import_package
    from assist_desktop.services.exchange_trust import UnknownSender

    a = ctx.args
    try:
        report = import_package(
            ctx.db,
            path=a.file,
            today=ctx.today,
            actor=ctx.actor,
            dry_run=a.dry_run,
            trust_sender=a.trust_sender,
            password=_password(a.password_env),
        )
    except UnknownSender as exc:
        return _unknown_sender(ctx, exc)
    ctx.out(report.to_json(), report.summary)
    return 0


def _password(var: str | None) -> str | None:
    """The password in the environment variable `var` (never on the command line, where others can read it)."""
    if var is None:
        return None
    value = os.environ.get(var)
    if not value:
        raise CliInputError(f"环境变量 {var} 中没有密码")
    return value


def _unknown_sender(ctx: Ctx, exc: UnknownSender) -> int:
    """Exit 2 with the message; under --json the sender and the fingerprint to confirm as well."""
    print(("error: " if ctx.lang == "en" else "错误：") + exc.message(ctx.lang), file=sys.stderr)
    if ctx.args.json:
        ctx.out(
            {
                "ok": False,
                "errors": [{"field": None, "row": None, "source": None, "message": exc.zh, "message_en": exc.en,
                            "warning": False}],
                "unknown_sender": {"code": exc.sender_code, "name": exc.sender_name, "fingerprint": exc.fingerprint},
            }
        )
    return EXIT_INPUT


def cmd_review_decide(ctx: Ctx) -> int:
    from assist_desktop.services.exchange import review_files

    a = ctx.args
    result = review_files(ctx.db, file_nos=a.file_nos, decision=a.decision, reason=a.reason, actor=ctx.actor)
    word = "审核通过" if a.decision == "approve" else "退回"
    ctx.out(
        result.to_json(),
        f"{word}：{len(result.changed)} 份"
        + (f"（{len(result.unchanged)} 份原已如此）" if result.unchanged else ""),
    )
    return 0


def cmd_review_export(ctx: Ctx) -> int:
    from assist_desktop.services.exchange import export_review

    a = ctx.args
    result = export_review(ctx.db, out=a.out, to=a.to, actor=ctx.actor)
    ctx.out(result.to_json(), f"已导出审核结果 {len(result.changed)} 份：{result.path}")
    return 0


def cmd_review_import(ctx: Ctx) -> int:
    from assist_desktop.services.exchange import import_review
    from assist_desktop.services.exchange_trust import UnknownSender

    a = ctx.args
    try:
        result = import_review(ctx.db, path=a.file, actor=ctx.actor, dry_run=a.dry_run, trust_sender=a.trust_sender)
    except UnknownSender as exc:
        return _unknown_sender(ctx, exc)
    text = f"审核结果：更新 {len(result.changed)} 份，未变 {len(result.unchanged)} 份"
    if result.unknown:
        text += f"，本库没有的档案 {len(result.unknown)} 份（{'、'.join(result.unknown[:10])}）"
    ctx.out(result.to_json(), text + ("（预览，未写入）" if a.dry_run else ""))
    return 0


def cmd_roster_import(ctx: Ctx) -> int:
    from assist_desktop.services.roster import RosterRefused, import_roster, preview_roster

    a = ctx.args
    try:
        if a.dry_run:
            report = preview_roster(ctx.db, path=a.file, today=ctx.today, actor=ctx.actor, errors_out=a.errors_out,
                                    keep_unknown_columns=a.keep_unknown_columns)
        else:
            report = import_roster(
                ctx.db, path=a.file, today=ctx.today, actor=ctx.actor, accept_valid=a.accept_valid,
                errors_out=a.errors_out, keep_unknown_columns=a.keep_unknown_columns,
            )
    except RosterRefused as exc:
        report = exc.report
        # one line on stderr (the contract); the rows, each with row number, column and reason, on stdout
        print(f"错误：{report.source} 有 {report.bad_rows} 行有误，全部未导入"
              "（改正后重新导入，或加 --accept-valid 只导入有效行；各行问题见标准输出）", file=sys.stderr)
        if a.json:
            data = report.to_json()
            data["ok"] = False
            ctx.out(data)
        else:
            print("\n".join(i.message() for i in report.issues))
            if report.errors_out is not None:
                print(f"有误的 {report.refused_rows} 行已写入 {report.errors_out}（改正后可直接再导入）")
        return EXIT_INPUT
    ctx.out(report.to_json(), report.summary)
    if a.dry_run and report.issues:
        return EXIT_INPUT
    return 0


def cmd_roster_map_set(ctx: Ctx) -> int:
    from assist_desktop.services.roster_map import set_value_map

    a = ctx.args
    m = set_value_map(ctx.db, column=a.column, value=a.value, target=a.target, actor=ctx.actor)
    ctx.out({"ok": True, **m.to_json()}, f"已映射：{m.column}“{m.value}”→ {m.target_label}")
    return 0


def cmd_roster_map_list(ctx: Ctx) -> int:
    from assist_desktop.services.roster_map import list_received_maps, list_value_maps
    from assist_desktop.services.unions import get_home_union

    maps = list_value_maps(ctx.db)
    received = list_received_maps(ctx.db)
    home = get_home_union(ctx.db)
    origin = home.code if home is not None else None
    text = "\n".join(f"{m.column}\t{m.value}\t→ {m.target_label}" for m in maps) or "（没有映射）"
    if received:
        text += "\n下级工会发来的映射（roster map adopt 采用）：\n" + "\n".join(
            f"{m.origin}\t{m.column}\t{m.value}\t→ {m.target_label}{'（已采用）' if m.adopted else ''}"
            for m in received
        )
    # `mappings` are this union's own (the ones a roster import uses; their origin is this union), `received`
    # the unions' below as their packages brought them, each with its `origin`
    ctx.out({"ok": True, "mappings": [m.to_json() for m in maps], "origin": origin,
             "received": [m.to_json() for m in received]}, text)
    return 0


def cmd_roster_map_adopt(ctx: Ctx) -> int:
    from assist_desktop.services.roster_map import adopt_value_map

    a = ctx.args
    if (a.column is None) != (a.value is None):
        raise CliInputError("请同时写出列名和写法，或都不写（采用该工会全部尚未映射的）")
    adopted = adopt_value_map(ctx.db, origin=a.origin, column=a.column, value=a.value, actor=ctx.actor)
    ctx.out(adopted.to_json(),
            "\n".join(f"已采用：{m.column}“{m.value}”→ {m.target_label}" for m in adopted.mappings)
            or "没有可采用的映射")
    return 0


def cmd_exchange_log(ctx: Ctx) -> int:
    from assist_desktop.services.exchange import exchange_log

    entries = exchange_log(ctx.db, limit=ctx.args.limit)

    def text() -> str:
        lines = []
        for e in entries:
            head = e.to_json()["sender_chain_head"]
            lines.append(
                f"{e.at:%Y-%m-%d %H:%M}\t{'发出' if e.direction == 'out' else '收到'}\t{e.kind}\t"
                f"{e.counterpart_code or '—'}\t{e.package_id}"
                + (f"\t链头 {head['id']}:{head['hash'][:16]}" if head else "")
            )
        return "\n".join(lines) or "没有数据包往来记录"

    ctx.out({"ok": True, "entries": [e.to_json() for e in entries]}, text)
    return 0


def cmd_roster_map_remove(ctx: Ctx) -> int:
    from assist_desktop.services.roster_map import remove_value_map

    a = ctx.args
    remove_value_map(ctx.db, column=a.column, value=a.value, actor=ctx.actor)
    ctx.out({"ok": True, "column": a.column, "value": a.value}, f"已删除映射：{a.column}“{a.value}”")
    return 0


def cmd_roster_template(ctx: Ctx) -> int:
    from assist_desktop.services.roster import roster_template

    written = roster_template(out=ctx.args.out)
    ctx.out(written.to_json(), f"已生成花名册模板：{written.path}")
    return 0


def cmd_roster_export(ctx: Ctx) -> int:
    from assist_desktop.services.roster import export_roster

    result = export_roster(ctx.db, out=ctx.args.out)
    ctx.out(
        result.to_json(),
        f"已导出花名册：{result.path}（档案 {result.files} 份，家庭成员 {result.members} 人）",
    )
    return 0


__all__ = ["register", "argparse"]
