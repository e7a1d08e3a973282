"""Settings and holiday verbs: settings list|set, holidays list|set|remove.

Every number of the rules is a dated setting (services/settings.py): `settings set KEY VALUE --effective DATE`
records it from a date, after a preview of what it would move (`--preview` shows the preview only and writes
nothing); a second value for the same date is refused unless `--replace`. The money lines (lb, mw,
relative_multiple, exit_multiple, accident_multiple, accident_cost_ratio) are the dated standard's lines, as
`standards set` writes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from assist_desktop.cli.core import CliInputError, Ctx, parse_day


def register(sub: Any) -> None:
    p = sub.add_parser("settings", help="本工会的设置（每项带生效日期）：列出、设定")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = ssub.add_parser("list", help="列出全部设置项、某日生效的值和已登记的变更")
    pl.add_argument("--on", type=parse_day, help="按此日期列出生效的值（默认：今天）")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_settings_list)
    ps = ssub.add_parser(
        "set", help="设定某项自某日起生效的值（先预览影响；同一日期已有值时须加 --replace）",
        description="KEY 见 settings list；例如 watch_months 6、notice_workdays 5、boundary_deep lt|le、"
                    "boundary_exit ge|gt、accident_window_months 12、accident_cost_ratio 0.5、"
                    "category_scheme acftu|legacy、older_relative_rule 0|1、lb 760（元）",
    )
    ps.add_argument("key", metavar="KEY")
    ps.add_argument("value", metavar="VALUE")
    ps.add_argument("--effective", required=True, type=parse_day, help="生效日期（YYYY-MM-DD）")
    ps.add_argument("--replace", action="store_true", help="替换同一生效日期已登记的值")
    ps.add_argument("--preview", action="store_true", help="只预览会有多少档案变动，不保存")
    ps.add_argument("--note", help="依据（如文件号）")
    ps.add_argument("--no-reevaluate", action="store_true", help="只记录设置，不重新评定档案")
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_settings_set)

    p = sub.add_parser("holidays", help="法定节假日和调休上班日（工作日计算用）")
    hsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pl = hsub.add_parser("list", help="列出节假日表（某年）")
    pl.add_argument("--year", type=int)
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_holidays_list)
    ph = hsub.add_parser("set", help="录入一天：holiday（放假）或 workday（调休上班），按国务院通知")
    ph.add_argument("day", type=parse_day, metavar="DATE")
    ph.add_argument("kind", choices=("holiday", "workday"), metavar="holiday|workday")
    ph.add_argument("--name", help="节日名称，如 春节")
    ph.add_argument("--json", action="store_true")
    ph.set_defaults(func=cmd_holidays_set)
    pr = hsub.add_parser("remove", help="从节假日表删去一天")
    pr.add_argument("day", type=parse_day, metavar="DATE")
    pr.add_argument("--json", action="store_true")
    pr.set_defaults(func=cmd_holidays_remove)


def _dated_text(rows: list[dict[str, Any]]) -> str:
    return "，".join(f"{d['effective_on']} 起 {d['value']}" for d in rows)


def cmd_settings_list(ctx: Ctx) -> int:
    from assist_desktop.services.settings import list_settings

    on: dt.date = ctx.args.on or ctx.today
    views = list_settings(ctx.db, on=on)
    rows = [v.to_json() for v in views]

    def text() -> str:
        out = [f"{on.isoformat()} 生效的设置："]
        for v in rows:
            line = f"{v['key']:<24} {v['value'] if v['value'] is not None else '（未设定）':<8} {v['label']}"
            if v["since"]:
                line += f"（自 {v['since']} 起）"
            if v["future"]:
                line += f"；将变更：{_dated_text(v['future'])}"
            out.append(line)
        return "\n".join(out)

    ctx.out({"on": on.isoformat(), "settings": rows}, text)
    return 0


def cmd_settings_set(ctx: Ctx) -> int:
    from assist_desktop.cli.lifecycle_cmds import summary_text
    from assist_desktop.services import lifecycle
    from assist_desktop.services.settings import SameDateValue, label, preview_setting, set_setting

    a = ctx.args
    preview = preview_setting(ctx.db, key=a.key, value=a.value, effective=a.effective, today=ctx.today)
    if a.preview:
        ctx.out({"ok": True, "preview": preview.to_json()},
                lambda: f"{label(a.key)[0]}自 {a.effective} 起改为 {preview.value}（预览，未保存）：\n"
                        + preview.summary(ctx.lang))
        return 0
    try:
        change = set_setting(ctx.db, key=a.key, value=a.value, effective=a.effective, replace=a.replace,
                             note=a.note, actor=ctx.actor)
    except SameDateValue as exc:
        raise CliInputError(exc.message(ctx.lang)) from None
    result: dict[str, Any] = {"ok": True, "setting": change.to_json(), "preview": preview.to_json()}
    if not a.no_reevaluate and a.effective <= ctx.today and not change.changes.empty:
        result["reevaluation"] = lifecycle.reevaluate_all(ctx.db, as_of=ctx.today, actor=ctx.actor)

    def text() -> str:
        lines = [f"已设定 {label(a.key)[0]}：自 {a.effective} 起为 {change.value}"
                 + (f"（原为 {change.previous}）" if change.previous is not None else "")
                 + ("，替换了同日登记的值" if change.replaced else "")]
        if change.changes.empty:
            lines = [f"{label(a.key)[0]}自 {a.effective} 起本已为 {change.value}，未作改动"]
        lines.append("预览：" + preview.summary(ctx.lang))
        if "reevaluation" in result:
            lines.append("重新评定：" + summary_text(result["reevaluation"]))
        elif a.effective > ctx.today:
            lines.append(f"{a.effective} 起评定档案时适用")
        return "\n".join(lines)

    ctx.out(result, text)
    return 0


def cmd_holidays_list(ctx: Ctx) -> int:
    from assist_desktop.services.settings import holiday_year, list_holidays

    year = ctx.args.year
    if year is not None and not 1990 <= year <= 2200:
        raise CliInputError(f"年份无效：{year}")
    rows = [h.to_json() for h in list_holidays(ctx.db, year=year)]
    data: dict[str, Any] = {"holidays": rows}
    if year is not None:
        data["year"] = year
        data["known"] = holiday_year(ctx.db, year=year).known

    def text() -> str:
        kinds = {"holiday": "放假", "workday": "调休上班"}
        out = [f"{r['day']}  {kinds.get(r['kind'], r['kind'])}  {r['name'] or ''}"
               + ("" if r["source"] == "chinese-calendar" else "  （本工会录入）") for r in rows]
        if year is not None and not data["known"]:
            from assist_desktop.domain.workdays import unknown_year_warning

            out.append("注意：" + unknown_year_warning(year))
        return "\n".join(out) or "（节假日表为空）"

    ctx.out(data, text)
    return 0


def cmd_holidays_set(ctx: Ctx) -> int:
    from assist_desktop.services.settings import set_holiday

    a = ctx.args
    view = set_holiday(ctx.db, day=a.day, kind=a.kind, name=a.name, actor=ctx.actor)
    ctx.out({"ok": True, "holiday": view.to_json()},
            f"已录入 {view.day}：{'放假' if view.kind == 'holiday' else '调休上班'}{' ' + view.name if view.name else ''}")
    return 0


def cmd_holidays_remove(ctx: Ctx) -> int:
    from assist_desktop.services.settings import remove_holiday

    remove_holiday(ctx.db, day=ctx.args.day, actor=ctx.actor)
    ctx.out({"ok": True, "removed": ctx.args.day.isoformat()}, f"已从节假日表删去 {ctx.args.day}")
    return 0

