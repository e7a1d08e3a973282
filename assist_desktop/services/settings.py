"""The union's settings, each dated: list them, preview a change, set a value from a date; the holiday table.

Two kinds of setting share one interface (the settings screen, `settings list|set`):
- the settings of domain/options.py (watch months, notice working days, the boundaries, the category scheme…),
  stored as dated values in `dated_setting` (the undated `app_setting` value, or the default, is in force before
  the first dated one);
- the money lines of the dated standards (LB, MW, the relative, exit and accident multiples, the hardship-cost
  share), stored in the `standard` table as today (`standards set` keeps working): setting one of them from a date
  writes the standard of that date, its other lines copied from the standard in force then.

Saving a second value for a date that already has one is refused (`SameDateValue`) unless `replace=True`: the
window asks first. `preview_setting` says, before anything is written, how many files would move and where.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import DatedSetting, HardshipFile, Holiday, Standard, UnionOrg, table_of, utcnow
from assist_desktop.domain.enums import Category, FileStatus
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.income import RuleOptions
from assist_desktop.domain.options import OPTIONS
from assist_desktop.domain.validation import fen_to_yuan_text, parse_date, parse_money_fen
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import calendar_changed, options_on, work_calendar
from assist_desktop.services.standards import StandardView, all_standards, standard_on

# --- what each setting accepts -------------------------------------------------------------------------------

#: settings that take one of a few words
CHOICES: dict[str, tuple[str, ...]] = {
    "category_scheme": ("acftu", "legacy"),
    "boundary_deep": ("lt", "le"),
    "boundary_relative": ("lt", "le"),
    "boundary_accident": ("lt", "le"),
    "boundary_exit": ("ge", "gt"),
    "approval_level": ("union", "parent"),
}
#: switches (0 off, 1 on)
FLAGS = frozenset({"older_relative_rule", "require_responsible"} | {k for k in OPTIONS if k.startswith(
    ("step_", "exit_step_"))})
#: the allowed range of a number setting (others: 0..10000)
RANGES: dict[str, tuple[int, int]] = {
    "visit_interval_months": (1, 60),
    "watch_months": (1, 36),
    "notice_workdays": (1, 60),
    "entry_notice_workdays": (1, 60),
    "follow_up_months": (0, 60),
    "review_interval_months": (1, 60),
    "freshness_months": (1, 60),
    "accident_window_months": (1, 60),
    "cadre_load_max": (1, 1000),
    "retention_years": (1, 100),
    "working_age_min": (10, 30),
    "working_age_max_male": (40, 80),
    "working_age_max_female": (40, 80),
}


@dataclass(frozen=True)
class MoneyLine:
    """A line of the dated standard as a setting: its column and how its value is written."""

    key: str
    column: str
    zh: str
    en: str
    money: bool  # yuan (else a multiple or share, stored as %)
    low: int = 0  # bounds of a multiple or share, in %
    high: int = 0


MONEY_LINES: dict[str, MoneyLine] = {m.key: m for m in (
    MoneyLine("lb", "lb_fen", "低保标准（元/人·月）", "Minimum living standard LB (yuan per person a month)", True),
    MoneyLine("mw", "mw_fen", "最低工资标准（元/月）", "Minimum wage MW (yuan a month)", True),
    MoneyLine("relative_multiple", "relative_multiple_pct", "相对困难线（低保标准的倍数）",
              "Relative-hardship line (multiple of LB)", False, 100, 1000),
    MoneyLine("exit_multiple", "exit_multiple_pct", "脱困线（低保标准的倍数）", "Exit line (multiple of LB)", False,
              100, 1000),
    MoneyLine("accident_multiple", "accident_multiple_pct", "意外致困收入线（低保标准的倍数）",
              "Accident-caused income line (multiple of LB)", False, 100, 1000),
    MoneyLine("accident_cost_ratio", "accident_cost_pct", "意外致困：致困支出须超过家庭年收入的比例（0.5–0.8）",
              "Accident-caused: share of annual income the hardship costs must exceed (0.5–0.8)", False, 50, 80),
)}

#: every setting key, the money lines first
ALL_KEYS: tuple[str, ...] = (*MONEY_LINES, *OPTIONS)


def label(key: str) -> tuple[str, str]:
    """The Chinese and English label of a setting."""
    if key in MONEY_LINES:
        return MONEY_LINES[key].zh, MONEY_LINES[key].en
    return OPTIONS[key].zh, OPTIONS[key].en


def _unknown(key: str) -> DomainError:
    return DomainError(f"未知的设置项：{key}（settings list 列出全部设置项）",
                       f"unknown setting: {key} (settings list shows them all)")


def _bad(key: str, zh: str, en: str) -> ValidationFailed:
    return ValidationFailed([FieldError(key, zh, en)])


def parse_value(key: str, value: object) -> Any:
    """The stored form of a value for a setting (fen or % for the money lines), or ValidationFailed."""
    text = str(value).strip() if value is not None else ""
    if key in MONEY_LINES:
        line = MONEY_LINES[key]
        if line.money:
            fen = parse_money_fen(text, key, required=True)
            if not fen:
                raise _bad(key, "必须大于0", "must be greater than 0")
            return fen
        try:
            pct = Decimal(text) * 100
        except InvalidOperation:
            raise _bad(key, f"“{text}”不是数字", f"'{text}' is not a number") from None
        if pct != pct.to_integral_value() or not line.low <= pct <= line.high:
            raise _bad(key, f"应在{line.low / 100:g}到{line.high / 100:g}之间，最多两位小数",
                       f"must be between {line.low / 100:g} and {line.high / 100:g}")
        return int(pct)
    if key not in OPTIONS:
        raise _unknown(key)
    if key in CHOICES:
        if text not in CHOICES[key]:
            words = " / ".join(CHOICES[key])
            raise _bad(key, f"应为 {words}：{text}", f"must be one of {words}: {text}")
        return text
    option = OPTIONS[key]
    if not isinstance(option.default, int):
        if not text:
            raise _bad(key, "必须填写", "is required")
        return text[:2000]
    try:
        number = int(text)
    except ValueError:
        raise _bad(key, f"“{text}”不是整数", f"'{text}' is not a whole number") from None
    low, high = (0, 1) if key in FLAGS else RANGES.get(key, (0, 10000))
    if not low <= number <= high:
        raise _bad(key, f"应在{low}到{high}之间", f"must be between {low} and {high}")
    return number


def value_text(key: str, stored: Any) -> str:
    """A stored value as the screens and `settings list` show it (yuan for money, a multiple for %)."""
    if key in MONEY_LINES:
        line = MONEY_LINES[key]
        return fen_to_yuan_text(int(stored)) if line.money else f"{int(stored) / 100:g}"
    return str(stored)


# --- read models ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatedValue:
    """One dated value of a setting."""

    effective_on: dt.date
    value: str
    set_by: str
    set_at: dt.datetime | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {"effective_on": self.effective_on.isoformat(), "value": self.value, "set_by": self.set_by,
                "set_at": self.set_at.isoformat() if self.set_at else None, "note": self.note}


@dataclass(frozen=True)
class SettingView:
    """A setting with its value in force on `on`, since when, and its dated values (past and future)."""

    key: str
    zh: str
    en: str
    kind: str  # standard (a line of the dated standard) / option
    value: str | None  # in force on `on` (None: a money line with no standard yet)
    default: str | None
    since: dt.date | None  # the date the value in force took effect (None: since the beginning)
    on: dt.date
    dated: tuple[DatedValue, ...] = ()
    choices: tuple[str, ...] = ()

    @property
    def future(self) -> tuple[DatedValue, ...]:
        return tuple(d for d in self.dated if d.effective_on > self.on)

    @property
    def past(self) -> tuple[DatedValue, ...]:
        return tuple(d for d in self.dated if d.effective_on <= self.on)

    def label(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.zh, "label_en": self.en, "kind": self.kind, "value": self.value,
                "default": self.default, "since": self.since.isoformat() if self.since else None,
                "choices": list(self.choices),
                "future": [d.to_json() for d in self.future], "past": [d.to_json() for d in self.past]}


@dataclass(frozen=True)
class SettingChange:
    """What `set_setting` wrote."""

    key: str
    value: str
    effective_on: dt.date
    previous: str | None  # the value in force on that date before
    replaced: bool  # a value recorded for the same date was replaced
    changes: Changes = NOTHING

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "effective_on": self.effective_on.isoformat(),
                "previous": self.previous, "replaced": self.replaced}


class SameDateValue(DomainError):
    """A value for this setting is already recorded for this date: replacing it needs `replace=True`."""

    def __init__(self, key: str, day: dt.date, existing: str, new: str) -> None:
        zh, _en = label(key)
        super().__init__(
            f"{zh}已有自 {day.isoformat()} 起生效的值 {existing}；要改为 {new}，请确认替换（--replace）",
            f"{key} already has the value {existing} from {day.isoformat()}; to make it {new}, confirm the "
            "replacement (--replace)",
        )
        self.key, self.day, self.existing, self.new = key, day, existing, new


@dataclass(frozen=True)
class Move:
    """Files that would move from one (status, category) to another."""

    from_status: str
    to_status: str
    from_category: str | None
    to_category: str | None
    count: int

    def text(self, lang: str = "zh") -> str:
        n, en = self.count, lang.startswith("en")
        to, came = self.to_status, self.from_status
        if to == came:
            a = _cat(self.from_category, en)
            b = _cat(self.to_category, en)
            return (f"{n} file(s) would change category from {a} to {b}" if en
                    else f"{n} 户类别将由{a}调整为{b}")
        if to == FileStatus.REGISTERED:
            if came == FileStatus.CLOSED:
                zh, en_text = "重新入档", "be registered again"
            elif came in (FileStatus.WATCH, FileStatus.EXIT_NOTICE):
                zh, en_text = "中断观察、恢复在档帮扶", "leave the watch and be assisted again"
            else:
                zh, en_text = "登记入档", "be registered"
            zh += f"（{_cat(self.to_category, False)}）" if self.to_category else ""
        else:
            zh, en_text = _STATUS_MOVES.get(to, (f"变为{FileStatus(to).label}", f"become {to}"))
        return f"{n} file(s) would {en_text}" if en else f"{n} 户将{zh}"

    def to_json(self) -> dict[str, Any]:
        return {"from_status": self.from_status, "to_status": self.to_status, "from_category": self.from_category,
                "to_category": self.to_category, "count": self.count, "text": self.text()}


_STATUS_MOVES: dict[str, tuple[str, str]] = {
    FileStatus.WATCH: ("进入收入观察", "enter the income watch"),
    FileStatus.EXIT_NOTICE: ("进入脱困公示", "enter the exit notice"),
    FileStatus.CLOSED: ("脱困退档", "leave hardship (closed)"),
    FileStatus.INELIGIBLE: ("列为未达标准", "be found ineligible"),
}


def _cat(category: str | None, en: bool) -> str:
    if not category:
        return "no category" if en else "无类别"
    c = Category(category)
    return c.label_en if en else c.label


@dataclass(frozen=True)
class SettingPreview:
    """What re-evaluating every file as of `as_of` would do with the new value (`counts`, as
    lifecycle.reevaluate_all counts them) and without it (`baseline`); `moves` are the moves the new value makes:
    the files whose outcome with it differs from their outcome without it (time alone moves the others)."""

    key: str
    value: str
    effective_on: dt.date
    as_of: dt.date
    evaluated: int
    counts: dict[str, int]
    baseline: dict[str, int]
    moves: tuple[Move, ...]
    changes: Changes = NOTHING

    @property
    def moved(self) -> int:
        return sum(m.count for m in self.moves)

    def summary(self, lang: str = "zh") -> str:
        en = lang.startswith("en")
        if not self.moves:
            return (f"as of {self.as_of.isoformat()} no file would move" if en
                    else f"按 {self.as_of.isoformat()} 评定，没有档案会因此变动")
        head = (f"as of {self.as_of.isoformat()}: " if en else f"按 {self.as_of.isoformat()} 评定：")
        return head + ("; " if en else "；").join(m.text(lang) for m in self.moves)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "effective_on": self.effective_on.isoformat(),
                "as_of": self.as_of.isoformat(), "evaluated": self.evaluated, "counts": dict(self.counts),
                "baseline": dict(self.baseline), "moves": [m.to_json() for m in self.moves],
                "moved": self.moved, "summary": self.summary()}


# --- listing -------------------------------------------------------------------------------------------------


def list_settings(db: Database, *, on: dt.date | None = None) -> list[SettingView]:
    """Every setting: its label, the value in force on `on` (default today), since when, and its dated values."""
    day = on or dt.date.today()
    with db.reader() as s:
        return [_view(s, key, day, stds) for stds in [all_standards(s)] for key in ALL_KEYS]


def get_setting(db: Database, *, key: str, on: dt.date | None = None) -> SettingView:
    if key not in MONEY_LINES and key not in OPTIONS:
        raise _unknown(key)
    with db.reader() as s:
        return _view(s, key, on or dt.date.today(), all_standards(s))


def _view(s: Session, key: str, day: dt.date, standards: list[StandardView]) -> SettingView:
    zh, en = label(key)
    if key in MONEY_LINES:
        column = MONEY_LINES[key].column
        rows = list(s.scalars(select(Standard).order_by(col(Standard.effective_on))))
        dated = tuple(DatedValue(r.effective_on, value_text(key, getattr(r, column)), r.created_by, r.created_at,
                                 r.note) for r in rows)
        now = standard_on(s, day)
        default_pct = Standard.model_fields[column].default
        return SettingView(
            key, zh, en, "standard",
            value_text(key, getattr(now, column)) if now is not None else None,
            None if MONEY_LINES[key].money else value_text(key, default_pct),
            now.effective_on if now is not None else None, day, dated,
        )
    rows_d = list(s.scalars(select(DatedSetting).where(col(DatedSetting.key) == key)
                            .order_by(col(DatedSetting.effective_on))))
    dated = tuple(DatedValue(r.effective_on, r.value, r.set_by, r.set_at, r.note) for r in rows_d)
    in_force = [d for d in dated if d.effective_on <= day]
    current = options_on(s, day)[key]
    choices = CHOICES.get(key, ("0", "1") if key in FLAGS else ())
    return SettingView(key, zh, en, "option", str(current), str(OPTIONS[key].default),
                       in_force[-1].effective_on if in_force else None, day, dated, choices)


# --- setting -------------------------------------------------------------------------------------------------


def _permission(key: str) -> str:
    return "standards" if key in MONEY_LINES else "settings"


def _day(effective: object) -> dt.date:
    day = parse_date(effective, "effective", required=True, allow_future=True)
    assert day is not None
    return day


def set_setting(
    db: Database,
    *,
    key: str,
    value: object,
    effective: object,
    replace: bool = False,
    note: str | None = None,
    actor: str = "system",
) -> SettingChange:
    """Record a setting's value in force from `effective`.

    Re-evaluating the files is the caller's next step when the date has come (`lifecycle.reevaluate_all`);
    a later date takes effect when the lifecycle is evaluated on or after it.

    Raises:
        DomainError: an unknown key; a money line before any standard exists.
        SameDateValue: the date already has another value and `replace` is not set.
        ValidationFailed: a bad value or date.
    """
    if key not in MONEY_LINES and key not in OPTIONS:
        raise _unknown(key)
    require(db, actor, _permission(key))
    stored = parse_value(key, value)
    text = value_text(key, stored)
    day = _day(effective)
    with db.transaction(actor=actor, reason=note or f"setting {key}") as s:
        if key in MONEY_LINES:
            return _set_line(s, key, stored, text, day, replace=replace, note=note, actor=actor)
        previous = str(options_on(s, day)[key])
        row = s.scalars(select(DatedSetting).where(col(DatedSetting.key) == key,
                                                   col(DatedSetting.effective_on) == day)).first()
        replaced = False
        if row is not None:
            if row.value == text:
                return SettingChange(key, text, day, previous, False, NOTHING)
            if not replace:
                raise SameDateValue(key, day, row.value, text)
            row.value, row.set_by, row.set_at, row.note = text, str(actor), utcnow(), note
            replaced = True
        else:
            s.add(DatedSetting(key=key, effective_on=day, value=text, set_by=str(actor), note=note))
        s.flush()
        return SettingChange(key, text, day, previous, replaced, Changes(standards=True, settings=True))


def _set_line(s: Session, key: str, stored: int, text: str, day: dt.date, *, replace: bool, note: str | None,
              actor: str) -> SettingChange:
    column = MONEY_LINES[key].column
    now = standard_on(s, day)
    previous = value_text(key, getattr(now, column)) if now is not None else None
    row = s.scalars(select(Standard).where(col(Standard.effective_on) == day)).first()
    replaced = False
    if row is not None:
        old = getattr(row, column)
        if old == stored:
            return SettingChange(key, text, day, previous, False, NOTHING)
        earlier = s.scalars(select(Standard).where(col(Standard.effective_on) < day)
                            .order_by(col(Standard.effective_on).desc()).limit(1)).first()
        # the line has its own value for that date unless the standard of that date only carried it on
        if not replace and (earlier is None or getattr(earlier, column) != old):
            raise SameDateValue(key, day, value_text(key, old), text)
        replaced = earlier is None or getattr(earlier, column) != old
    else:
        if now is None:
            raise DomainError(f"{day.isoformat()}没有生效的低保标准：请先用 standards set 设定低保标准和最低工资",
                              f"no standard in force on {day}: set LB and MW with `standards set` first")
        row = Standard(effective_on=day, lb_fen=now.lb_fen, mw_fen=now.mw_fen,
                       relative_multiple_pct=now.relative_multiple_pct, exit_multiple_pct=now.exit_multiple_pct,
                       accident_multiple_pct=now.accident_multiple_pct, accident_cost_pct=now.accident_cost_pct)
        s.add(row)
    setattr(row, column, stored)
    row.note = note
    row.created_by = str(actor)
    s.flush()
    return SettingChange(key, text, day, previous, replaced, Changes(standards=True))


# --- preview -------------------------------------------------------------------------------------------------


def preview_setting(db: Database, *, key: str, value: object, effective: object, today: dt.date) -> SettingPreview:
    """How many files would move, and where, if the setting had `value` from `effective`: every file kept by this
    union decided (domain.lifecycle.decide, nothing written) as of max(effective, today), as re-evaluation then
    decides them, with the new value and with the settings as they are.

    Raises:
        DomainError: an unknown key. ValidationFailed: a bad value or date.
    """
    from assist_desktop.services.lifecycle import SUMMARY_KEYS, _read_and_decide, rule_options

    if key not in MONEY_LINES and key not in OPTIONS:
        raise _unknown(key)
    stored = parse_value(key, value)
    text = value_text(key, stored)
    day = _day(effective)
    as_of = max(day, today)
    with db.reader() as s:
        standards = all_standards(s)
        opts = rule_options(s, as_of)
        if key in MONEY_LINES:
            new_standards = _with_line(standards, MONEY_LINES[key].column, stored, day)
            new_opts = opts
        else:
            new_standards = standards
            later = s.scalars(select(DatedSetting).where(
                col(DatedSetting.key) == key, col(DatedSetting.effective_on) > day,
                col(DatedSetting.effective_on) <= as_of)).first()
            values = options_on(s, as_of)
            if later is None:
                values[key] = OPTIONS[key].parse(text)
            new_opts = RuleOptions.from_lookup(values.__getitem__, calendar=work_calendar(s))
        home_id = s.scalar(select(col(UnionOrg.id)).where(col(UnionOrg.is_home).is_(True)))
        conn = s.connection()
        t = table_of(HardshipFile)
        counts: dict[str, int] = dict.fromkeys(SUMMARY_KEYS, 0)
        baseline: dict[str, int] = dict.fromkeys(SUMMARY_KEYS, 0)
        moves: Counter[tuple[str, str, str | None, str | None]] = Counter()
        last_id, evaluated = "", 0
        while True:
            where = [t.c.id > last_id]
            if home_id is not None:
                where.append(t.c.union_id == home_id)
            rows, changed = _read_and_decide(conn, where, 2000, new_standards, new_opts, as_of)
            if not rows:
                break
            _count(counts, changed)
            ids = [r.id for r in rows]
            _, base = _read_and_decide(conn, [t.c.id.in_(ids)], None, standards, opts, as_of)
            _count(baseline, base)
            # the moves this value makes: files whose outcome differs from the outcome without it
            with_it = {row.id: d for row, d in changed}
            without = {row.id: d for row, d in base}
            for fid in with_it.keys() | without.keys():
                before = (with_it.get(fid) or without[fid]).before
                a = with_it[fid].after if fid in with_it else before
                b = without[fid].after if fid in without else before
                if (a.status, a.category) != (b.status, b.category):
                    moves[(before.status, a.status, before.category, a.category)] += 1
            evaluated += len(rows)
            last_id = rows[-1].id
    for counted in (counts, baseline):
        counted["evaluated"] = evaluated
        counted["unchanged"] = evaluated - counted["changed"]
    ordered = sorted(moves.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0], kv[0][3] or "", kv[0][2] or ""))
    return SettingPreview(key, text, day, as_of, evaluated, counts, baseline,
                          tuple(Move(k[0], k[1], k[2], k[3], n) for k, n in ordered))


def _count(counts: dict[str, int], changed: list[tuple[Any, Any]]) -> None:
    for _row, decision in changed:
        counts["changed"] += 1
        for ev in decision.events:
            counts[ev.kind] = counts.get(ev.kind, 0) + 1


def _with_line(standards: list[StandardView], column: str, stored: int, day: dt.date) -> list[StandardView]:
    """The standards with the line `column` set to `stored` from `day` (as _set_line would write them)."""
    out = [s for s in standards if s.effective_on != day]
    same = [s for s in standards if s.effective_on == day]
    base = same[0] if same else next((s for s in reversed(standards) if s.effective_on <= day), None)
    if base is None:
        return list(standards)
    values: dict[str, Any] = {"effective_on": day, column: stored}
    out.append(replace(base, **values))
    return sorted(out, key=lambda s: s.effective_on)


# --- the holiday table ---------------------------------------------------------------------------------------

HOLIDAY_KINDS = {"holiday": ("放假", "holiday"), "workday": ("调休上班", "working day")}


@dataclass(frozen=True)
class HolidayView:
    day: dt.date
    kind: str  # holiday / workday
    name: str | None
    source: str  # chinese-calendar / union
    changes: Changes = field(default=NOTHING, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "kind": self.kind, "name": self.name, "source": self.source}


@dataclass(frozen=True)
class HolidayYear:
    """The calendar of a year: its days off and worked weekend days, and whether the year is known."""

    year: int
    known: bool
    days: tuple[HolidayView, ...]

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "known": self.known, "days": [d.to_json() for d in self.days]}


def list_holidays(db: Database, *, year: int | None = None) -> list[HolidayView]:
    """The rows of the holiday table (of one year), in date order."""
    with db.reader() as s:
        q = select(Holiday).order_by(col(Holiday.day))
        if year is not None:
            q = q.where(col(Holiday.day) >= dt.date(year, 1, 1), col(Holiday.day) <= dt.date(year, 12, 31))
        return [HolidayView(h.day, h.kind, h.name, h.source) for h in s.scalars(q)]


def holiday_year(db: Database, *, year: int) -> HolidayYear:
    with db.reader() as s:
        known = work_calendar(s).knows(year)
    return HolidayYear(year, known, tuple(list_holidays(db, year=year)))


def unknown_years(db: Database, *, start: dt.date, end: dt.date) -> list[int]:
    """The years from `start` to `end` whose holiday arrangement the union's calendar does not know."""
    with db.reader() as s:
        cal = work_calendar(s)
    return [y for y in range(start.year, end.year + 1) if not cal.knows(y)]


def calendar_warnings(db: Database, *, start: dt.date, end: dt.date, lang: str = "zh") -> list[str]:
    """The warnings for the years of a period the calendar does not know (the notice dialog, `status`)."""
    from assist_desktop.domain.workdays import unknown_year_warning

    return [unknown_year_warning(y, lang) for y in unknown_years(db, start=start, end=end)]


def notice_calendar_warnings(db: Database, *, start: dt.date, key: str = "notice_workdays",
                             lang: str = "zh") -> list[str]:
    """The warnings for a notice posted on `start` (lasting the setting `key` in working days) that reaches a year
    whose holidays are not entered: the notice dialogs show them."""
    from assist_desktop.domain.workdays import add_workdays, unknown_year_warning

    with db.reader() as s:
        cal = work_calendar(s)
        days = int(options_on(s, start)[key])
    end = add_workdays(start, max(days, 1), cal)
    return [unknown_year_warning(y, lang) for y in range(start.year, end.year + 1) if not cal.knows(y)]


def set_holiday(db: Database, *, day: object, kind: str, name: str | None = None,
                actor: str = "system") -> HolidayView:
    """Enter a day of the State Council's schedule: a holiday, or a weekend day worked in exchange (调休).

    Raises:
        ValidationFailed: a bad date or kind.
    """
    require(db, actor, "settings")
    when = _day(day)
    if kind not in HOLIDAY_KINDS:
        raise _bad("kind", f"应为 holiday（放假）或 workday（调休上班）：{kind}", f"must be holiday or workday: {kind}")
    with db.transaction(actor=actor, reason=f"holiday {when.isoformat()}") as s:
        row = s.get(Holiday, when)
        if row is None:
            row = Holiday(day=when, kind=kind, name=(name or None), source="union", set_by=str(actor))
            s.add(row)
        else:
            row.kind, row.source, row.set_by, row.set_at = kind, "union", str(actor), utcnow()
            if name is not None:
                row.name = name or None
        s.flush()
        view = HolidayView(row.day, row.kind, row.name, row.source, Changes(standards=True, settings=True))
    calendar_changed()
    return view


def remove_holiday(db: Database, *, day: object, actor: str = "system") -> Changes:
    """Take a day out of the holiday table (it is then an ordinary day: Monday–Friday working).

    Raises:
        DomainError: the day is not in the table.
    """
    require(db, actor, "settings")
    when = _day(day)
    with db.transaction(actor=actor, reason=f"holiday removed {when.isoformat()}") as s:
        row = s.get(Holiday, when)
        if row is None:
            raise DomainError(f"节假日表中没有 {when.isoformat()}", f"{when.isoformat()} is not in the holiday table")
        s.delete(row)
        s.flush()
    calendar_changed()
    return Changes(standards=True, settings=True)


def _group_by_year(rows: list[HolidayView]) -> dict[int, list[HolidayView]]:
    out: dict[int, list[HolidayView]] = defaultdict(list)
    for r in rows:
        out[r.day.year].append(r)
    return out


def years_in_table(db: Database) -> list[int]:
    """The years the holiday table has rows for."""
    return sorted(_group_by_year(list_holidays(db)))


__all__ = [
    "ALL_KEYS", "DatedValue", "HolidayView", "HolidayYear", "MONEY_LINES", "Move", "SameDateValue",
    "SettingChange", "SettingPreview", "SettingView", "calendar_warnings", "get_setting", "holiday_year", "label",
    "list_holidays", "list_settings", "notice_calendar_warnings", "parse_value", "preview_setting", "remove_holiday", "set_holiday",
    "set_setting", "unknown_years", "value_text", "years_in_table",
]
