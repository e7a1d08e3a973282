"""Reports for the higher union: typed tables (title, filters, columns, rows, totals) that the command line
prints as JSON and `printing/reports.py` draws as PDF or writes as .xlsx — one function per report, so the
paper, the spreadsheet and `report NAME --json` always carry the same numbers.

Money is integer fen in every row (a column of kind "money"); text columns carry what people read (labels,
masked ID numbers). `REPORTS` names each report with its title.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.audit import bulk_audit
from assist_desktop.db.engine import Database
from assist_desktop.db.models import (
    AssistanceRecord,
    Cadre,
    EmploymentSupport,
    HardshipFile,
    HomeVisit,
    StatusEvent,
    UnionOrg,
)
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import FieldError, ValidationFailed
from assist_desktop.domain.fields import FILE_FIELD, FieldSpec
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES
from assist_desktop.domain.rules import SCHEME_CATEGORIES
from assist_desktop.domain.validation import mask_id_number
from assist_desktop.domain.workdays import add_workdays
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import get_option, home_union, work_calendar
from assist_desktop.services.due import KIND_LABELS, due_items
from assist_desktop.services.read_models import MappingView

ColumnKind = Literal["key", "text", "int", "money"]

#: report machine name → title (the verb `report NAME` and the dialog's choice)
REPORTS: dict[str, str] = {
    "roll": "困难职工花名册",
    "counts": "困难职工统计表",
    "movements": "困难职工档案变动情况表",
    "assistance": "帮扶资金物资发放统计表",
    "employment": "再就业帮扶情况统计表",
    "duties": "帮扶工作台账",
    "notice": "困难职工公示名单",
}
UNSET = "未填写"


@dataclass(frozen=True)
class Column:
    """One column: its key in a row's JSON, its printed heading and how its values read."""

    key: str
    label: str
    kind: ColumnKind = "text"

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "kind": self.kind}


@dataclass(frozen=True)
class FileRef:
    """A file behind a number (the movements' lists)."""

    file_no: str
    name: str

    def to_json(self) -> dict[str, str]:
        return {"file_no": self.file_no, "name": self.name}


@dataclass(frozen=True, eq=False)
class ReportTable(MappingView):
    """A report: what it is, for which union and period, under which filters; its rows and totals."""

    name: str
    title: str
    union_name: str
    date_from: dt.date | None
    date_to: dt.date | None
    filters: tuple[tuple[str, str], ...]  # (label, value as people read it)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None  # aligned with columns; the first text column says 合计
    details: dict[str, tuple[FileRef, ...]] = field(default_factory=dict)  # row key → the files counted
    notes: tuple[str, ...] = ()  # lines printed under the table
    changes: Changes = NOTHING

    @property
    def landscape(self) -> bool:
        return sum(1 for c in self.columns if c.kind != "key") > 7

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def value(self, row_key: str, column_key: str) -> Any:
        """The value in the row whose first column is `row_key`."""
        i = self.column(column_key)
        return next(r[i] for r in self.rows if r[0] == row_key)

    def to_json(self) -> dict[str, Any]:
        keys = [c.key for c in self.columns]
        return {
            "report": self.name,
            "title": self.title,
            "union": self.union_name,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "filters": dict(self.filters),
            "columns": [c.to_json() for c in self.columns],
            "rows": [dict(zip(keys, r, strict=True)) for r in self.rows],
            "totals": dict(zip(keys, self.totals, strict=True)) if self.totals is not None else None,
            "details": {k: [f.to_json() for f in v] for k, v in self.details.items()},
            "notes": list(self.notes),
        }


# --- helpers ------------------------------------------------------------------------------------------


def _label(enum: type[E.LabeledEnum], value: str | None) -> str:
    if not value:
        return ""
    try:
        return enum(value).label
    except ValueError:
        return value


def _parse(enum: type[E.LabeledEnum], text: str | None, field_name: str) -> str | None:
    try:
        parsed = enum.parse(text)
    except ValueError:
        raise ValidationFailed([FieldError(field_name, f"无此取值：{text}", f"unknown value: {text}")]) from None
    return parsed.value if parsed else None


def _period(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed([FieldError("date", "起始日期晚于截止日期", "the period starts after it ends")])


def _file_filters(s: Session, *, status: str | None, category: str | None, union: str | None,
                  query: str = "", dated: bool = False) -> tuple[list[Any], list[tuple[str, str]]]:
    """WHERE conditions on hardship_file as the file list filters, and the filters as printed. `dated`: the
    status and category are matched as of the period's end by `_period_files`, not here."""
    conds: list[Any] = []
    shown: list[tuple[str, str]] = []
    st = _parse(E.FileStatus, status, "status")
    if st:
        if not dated:
            conds.append(col(HardshipFile.status) == st)
        shown.append(("档案状态" if not dated else "期末档案状态", E.FileStatus(st).label))
    elif not dated:
        conds.append(col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES))
        shown.append(("档案状态", "在档帮扶对象"))
    else:
        shown.append(("档案状态", "期间内曾为在档帮扶对象"))
    cat = _parse(E.Category, category, "category")
    if cat:
        if not dated:
            conds.append(col(HardshipFile.category) == cat)
        shown.append(("困难类别" if not dated else "期末困难类别", E.Category(cat).label))
    if union:
        org = s.scalars(select(UnionOrg).where(col(UnionOrg.code) == union)).first()
        if org is None:
            raise ValidationFailed([FieldError("union_code", f"无此工会：{union}", f"no such union: {union}")])
        conds.append(col(HardshipFile.union_id) == org.id)
        shown.append(("所属工会", org.name))
    if query:
        from assist_desktop.services.search import backend_of, query_condition

        cond = query_condition(query, backend=backend_of(s))
        if cond is not None:
            conds.append(cond)
        shown.append(("查询", query))
    return conds, shown


def _in_period(column: Any, date_from: dt.date | None, date_to: dt.date | None) -> list[Any]:
    out = []
    if date_from:
        out.append(column >= date_from)
    if date_to:
        out.append(column <= date_to)
    return out


def _period_shown(date_from: dt.date | None, date_to: dt.date | None) -> list[tuple[str, str]]:
    if not date_from and not date_to:
        return []
    return [("统计期间", f"{date_from.isoformat() if date_from else '建档起'} 至 "
                         f"{date_to.isoformat() if date_to else '今'}")]


def mask_name(name: str | None) -> str:
    """张*丰: first and last character kept, the rest hidden; a two-character name keeps its first (张*)."""
    text = (name or "").strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


# --- a period for the roll and the counts --------------------------------------------------------------------


@dataclass(frozen=True)
class AsOf:
    """A file's status and category at the end of a period (from its history), and whether it was an
    assistance target (an active status) at any time in the period."""

    status: str
    category: str | None
    active_in_period: bool


def _period_bounds(date_from: dt.date | None, date_to: dt.date | None,
                   today: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """None: no period (today's picture). Else (first, last): --to alone means the one day --to; --from alone
    runs to today."""
    if date_from is None and date_to is None:
        return None
    last = date_to or today or dt.date.today()
    first = date_from or last
    _period(first, last)
    return first, last


def _period_files(s: Session, files: list[tuple[str, str, str | None, dt.datetime]], first: dt.date,
                  last: dt.date) -> dict[str, AsOf]:
    """Each file's state over the period, from its history (`status_event` to/from columns).

    A file without any status history keeps its current status and category from the day it was created.
    Before its first status entry a file did not exist yet.
    """
    ids = [f[0] for f in files]
    timeline: dict[str, list[tuple[dt.date, str | None, str | None, str | None, str | None]]] = defaultdict(list)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        q = (select(col(StatusEvent.file_id), col(StatusEvent.occurred_on), col(StatusEvent.from_status),
                    col(StatusEvent.to_status), col(StatusEvent.from_category), col(StatusEvent.to_category))
             .where(col(StatusEvent.file_id).in_(chunk), col(StatusEvent.occurred_on) <= last)
             .order_by(col(StatusEvent.file_id), col(StatusEvent.occurred_on), col(StatusEvent.recorded_at)))
        for fid, on, fs, ts, fc, tc in s.execute(q):
            timeline[fid].append((on, fs, ts, fc, tc))
    out: dict[str, AsOf] = {}
    for fid, status, category, created in files:
        events = timeline.get(fid, [])
        with_status = [e for e in events if e[2]]
        if not with_status:
            if created.date() > last:
                continue
            active = status in ACTIVE_STATUS_VALUES
            out[fid] = AsOf(status, category, active)
            continue
        # the status on the period's first day, then every status it entered during the period
        start = None
        for on, _fs, ts, _fc, _tc in with_status:
            if on <= first:
                start = ts
        entered = [ts for on, _fs, ts, _fc, _tc in with_status if first < on <= last]
        if start is None and not entered and with_status[0][0] > first:
            continue  # not yet a file in the period (its first entry is after it ends)
        statuses = [x for x in (start, *entered) if x]
        at_end = with_status[-1][2] or status
        cat_at_end = category
        with_category = [e for e in events if e[4] is not None or e[3] is not None]
        if with_category:
            cat_at_end = with_category[-1][4]
        out[fid] = AsOf(at_end, cat_at_end, any(x in ACTIVE_STATUS_VALUES for x in statuses))
    return out


def _dated_selection(s: Session, conds: list[Any], *, status: str | None, category: str | None,
                     first: dt.date, last: dt.date) -> dict[str, AsOf]:
    """The files a dated roll or count covers: active at some time in the period (or, with a status, in that
    status at the period's end), with the category at the period's end."""
    st = _parse(E.FileStatus, status, "status")
    cat = _parse(E.Category, category, "category")
    rows = [(r[0], r[1], r[2], r[3]) for r in s.execute(
        select(col(HardshipFile.id), col(HardshipFile.status), col(HardshipFile.category),
               col(HardshipFile.created_at)).where(*conds))]
    states = _period_files(s, rows, first, last)
    return {fid: a for fid, a in states.items()
            if (a.status == st if st else a.active_in_period) and (cat is None or a.category == cat)}


# --- 花名册 ------------------------------------------------------------------------------------------------

ROLL_COLUMNS = (
    Column("file_no", "档案编号"), Column("name", "姓名"), Column("id_number_masked", "身份证号"),
    Column("employer", "工作单位"), Column("category", "困难类别"), Column("status", "档案状态"),
    Column("per_capita_fen", "人均月收入（元）", "money"), Column("main_cause", "主要致困原因"),
    Column("person", "帮扶责任人"),
)


def roll(db: Database, *, status: str | None = None, category: str | None = None, union: str | None = None,
         query: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None,
         today: dt.date | None = None) -> ReportTable:
    """花名册: every file the filters select (active files by default), in file-number order.

    Without a period it is today's picture: the files in an active status now, with the evaluated per-capita
    income (domain.income.household_income at the last evaluation) the list, the card and the sheet show.
    With a period (`date_from`/`date_to`; `date_to` alone is that one day): the files that were assistance
    targets at any time in the period — including those that left it during the period — with their status
    and category at the period's end from their history, and the per-capita income on the period's last day
    from the dated facts; `status`/`category` then match the state at the period's end (docs/reports.md).
    ID numbers are masked.

    Raises:
        ValidationFailed: an unknown status, category or union; a period that ends before it starts.
    """
    bounds = _period_bounds(date_from, date_to, today)
    with db.reader() as s:
        conds, shown = _file_filters(s, status=status, category=category, union=union, query=query,
                                     dated=bounds is not None)
        states: dict[str, AsOf] | None = None
        if bounds is not None:
            states = _dated_selection(s, conds, status=status, category=category, first=bounds[0],
                                      last=bounds[1])
            conds = [col(HardshipFile.id).in_(list(states))] if len(states) <= 30000 else conds
        q = (select(col(HardshipFile.id), col(HardshipFile.file_no), col(HardshipFile.name),
                    col(HardshipFile.id_number), col(HardshipFile.employer), col(HardshipFile.category),
                    col(HardshipFile.status), col(HardshipFile.per_capita_monthly_fen), col(HardshipFile.main_cause),
                    col(Cadre.name))
             .outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id))
             .where(*conds).order_by(col(HardshipFile.file_no)))
        found = [r for r in s.execute(q) if states is None or r[0] in states]
        per_capita: dict[str, int | None] = {r[0]: r[7] for r in found}
        if states is not None and bounds is not None:
            from assist_desktop.services.prints import per_capita_on

            ids = [r[0] for r in found]
            objects = [f for i in range(0, len(ids), 500)
                       for f in s.scalars(select(HardshipFile).where(col(HardshipFile.id).in_(ids[i:i + 500])))]
            per_capita = per_capita_on(s, objects, bounds[1])
        rows = []
        for fid, no, name, id_number, employer, cat, st, _pc, cause, person in found:
            if states is not None:
                st, cat = states[fid].status, states[fid].category
            rows.append((no, name, mask_id_number(id_number), employer or "", _label(E.Category, cat),
                         _label(E.FileStatus, st), per_capita[fid], _label(E.Cause, cause), person or ""))
        union_name = home_union(s).name
    totals = ("合计", f"{len(rows)}户", "", "", "", "", None, "", "")
    first, last = bounds if bounds is not None else (None, None)
    return ReportTable("roll", REPORTS["roll"], union_name, first, last,
                       (*_period_shown(first, last), *shown), ROLL_COLUMNS, tuple(rows), totals)


# --- 统计表 ------------------------------------------------------------------------------------------------


def dimension(name: str) -> FieldSpec:
    """A registry field reports may group by: an enumeration, yes/no or a short text (a unit, a district…),
    never a sensitive one nor the name.

    Raises:
        ValidationFailed: no such field, or one that cannot be a dimension.
    """
    spec = FILE_FIELD.get(name)
    short_text = spec is not None and spec.kind == "text" and not spec.long and (spec.max_len or 0) <= 100 \
        and spec.name != "name"
    if spec is None or spec.sensitive or not (short_text or spec.kind in ("enum", "multi_enum", "bool")):
        raise ValidationFailed([FieldError("by", f"不能按此项统计：{name}", f"cannot count by: {name}")])
    return spec


def dimensions() -> tuple[FieldSpec, ...]:
    """Every registry field that can be a dimension of the statistics table."""
    out = []
    for spec in FILE_FIELD.values():
        try:
            out.append(dimension(spec.name))
        except ValidationFailed:
            continue
    return tuple(out)


def _dimension_values(spec: FieldSpec, value: Any) -> list[str]:
    if value is None or value == "":
        return [""]
    if spec.kind == "multi_enum":
        return [v for v in str(value).split(",") if v] or [""]
    if spec.kind == "bool":
        return ["yes" if value else "no"]
    return [str(value)]


def _value_label(spec: FieldSpec, key: str) -> str:
    if key == "":
        return UNSET
    if spec.kind == "bool":
        return "是" if key == "yes" else "否"
    if spec.enum is not None:
        return _label(spec.enum, key)
    return key


def counts(db: Database, *, by: str = "main_cause", status: str | None = None, category: str | None = None,
           union: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
           today: dt.date | None = None) -> ReportTable:
    """统计表: files (active by default) by category × a registry field, with row and column totals.

    With a period the files are the dated roll's (active at some time in the period; the category at the
    period's end); the field is the file's value now (the registry keeps no history of it).

    A multi-choice field (special groups) counts a household once under each of its values, so its rows
    may add up to more than the households; the totals row then counts households (each once).

    Raises:
        ValidationFailed: a field that cannot be a dimension, or an unknown filter value.
    """
    spec = dimension(by)
    bounds = _period_bounds(date_from, date_to, today)
    with db.reader() as s:
        # the ACFTU categories, and the older tiers when the union uses them (setting category_scheme)
        cats = list(SCHEME_CATEGORIES["acftu"])
        if get_option(s, "category_scheme") == "legacy":
            cats += SCHEME_CATEGORIES["legacy"]
        conds, shown = _file_filters(s, status=status, category=category, union=union, dated=bounds is not None)
        column = getattr(HardshipFile, spec.model_column)
        counted: Iterable[tuple[Any, str | None, int]]
        if bounds is None:
            q = select(col(column), col(HardshipFile.category), func.count()).where(*conds).group_by(
                col(column), col(HardshipFile.category))
            counted = s.execute(q).tuples()
        else:
            states = _dated_selection(s, conds, status=status, category=category, first=bounds[0],
                                      last=bounds[1])
            values = s.execute(select(col(HardshipFile.id), col(column)).where(*conds))
            counted = [(value, states[fid].category, 1) for fid, value in values if fid in states]
        grid: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        by_cat: dict[str, int] = defaultdict(int)
        for value, cat, n in counted:
            ckey = cat or ""
            by_cat[ckey] += int(n)
            for key in _dimension_values(spec, value):
                grid[key][ckey] += int(n)
        union_name = home_union(s).name
    cats += [c.value for c in E.Category if c.value in by_cat and c.value not in cats]
    show_uncat = any(grid[k].get("", 0) for k in grid)
    cat_keys = cats + ([""] if show_uncat else [])
    columns = (Column("key", "取值", "key"), Column("value", spec.zh),
               *(Column(c or "uncategorised", _label(E.Category, c) or "未定类别", "int") for c in cat_keys),
               Column("total", "合计", "int"))
    if spec.enum is not None:
        order = [m.value for m in spec.enum]
    elif spec.kind == "bool":
        order = ["yes", "no"]
    else:
        order = []
    keys = [k for k in order if k in grid] + sorted(k for k in grid if k not in order and k) + \
        ([""] if "" in grid else [])
    rows = tuple(
        (k, _value_label(spec, k), *(grid[k].get(c, 0) for c in cat_keys), sum(grid[k].values())) for k in keys
    )
    totals = ("", "合计", *(by_cat.get(c, 0) for c in cat_keys), sum(by_cat.values()))
    notes = ("一户可属多个取值，各行之和可大于合计户数；合计行按户计。",) if spec.kind == "multi_enum" else ()
    first, last = bounds if bounds is not None else (None, None)
    return ReportTable("counts", REPORTS["counts"], union_name, first, last,
                       (("统计项目", spec.zh), *_period_shown(first, last), *shown), columns, rows, totals,
                       notes=notes)


# --- 变动情况表 --------------------------------------------------------------------------------------------

MOVEMENTS: tuple[tuple[str, str], ...] = (
    ("registered", "新认定建档"),
    ("adjusted", "调整困难类别"),
    ("exit_notice", "进入脱困公示"),
    ("out_of_hardship", "脱困退档"),
    ("relieved", "解困"),
    ("cancelled", "注销"),
    ("reopened", "重新建档"),
)


def _movement(kind: str, rule: str | None, facts: str, file_reason: str | None) -> str | None:
    if kind in ("registered", "adjusted", "exit_notice", "reopened"):
        return kind
    if kind != "closed":
        return None
    if rule == "exit_after_notice":
        return "out_of_hardship"
    import json

    try:
        reason = json.loads(facts or "{}").get("close_reason")
    except ValueError:
        reason = None
    return str(reason or file_reason or "out_of_hardship")


def movements(db: Database, *, date_from: dt.date | None, date_to: dt.date | None) -> ReportTable:
    """变动情况表: the status history of a period, each kind of transition counted once per file, with the
    files behind each number.

    Raises:
        ValidationFailed: the period starts after it ends.
    """
    _period(date_from, date_to)
    with db.reader() as s:
        q = (select(col(StatusEvent.kind), col(StatusEvent.rule), col(StatusEvent.facts_json),
                    col(HardshipFile.close_reason), col(HardshipFile.id), col(HardshipFile.file_no),
                    col(HardshipFile.name))
             .join(HardshipFile, col(HardshipFile.id) == col(StatusEvent.file_id))
             .where(*_in_period(col(StatusEvent.occurred_on), date_from, date_to))
             .order_by(col(HardshipFile.file_no)))
        seen: dict[str, dict[str, FileRef]] = {k: {} for k, _ in MOVEMENTS}
        for kind, rule, facts, reason, fid, file_no, name in s.execute(q):
            key = _movement(kind, rule, facts, reason)
            if key in seen:
                seen[key].setdefault(fid, FileRef(file_no, name))
        union_name = home_union(s).name
    columns = (Column("key", "变动", "key"), Column("movement", "变动情况"), Column("households", "户数", "int"))
    rows = tuple((k, label, len(seen[k])) for k, label in MOVEMENTS)
    details = {k: tuple(seen[k].values()) for k, _ in MOVEMENTS}
    totals = ("", "合计（户次）", sum(r[2] for r in rows))
    return ReportTable("movements", REPORTS["movements"], union_name, date_from, date_to,
                       tuple(_period_shown(date_from, date_to)), columns, rows, totals, details)


# --- 帮扶资金物资表 ----------------------------------------------------------------------------------------


def assistance(db: Database, *, date_from: dt.date | None, date_to: dt.date | None) -> ReportTable:
    """帮扶资金物资表: assistance given in a period by kind × fund source — households (each once) and 元.

    Raises:
        ValidationFailed: the period starts after it ends.
    """
    _period(date_from, date_to)
    funds = [f.value for f in E.FundSource]
    with db.reader() as s:
        q = (select(col(AssistanceRecord.kind), col(AssistanceRecord.fund_source), col(AssistanceRecord.file_id),
                    col(AssistanceRecord.amount_fen))
             .where(*_in_period(col(AssistanceRecord.given_on), date_from, date_to)))
        files: dict[tuple[str, str], set[str]] = defaultdict(set)
        fen: dict[tuple[str, str], int] = defaultdict(int)
        times: dict[str, int] = defaultdict(int)
        for kind, fund, fid, amount in s.execute(q):
            for k in ((kind, fund), (kind, "*"), ("*", fund), ("*", "*")):
                files[k].add(fid)
                fen[k] += int(amount or 0)
            times[kind] += 1
            times["*"] += 1
        union_name = home_union(s).name
    columns: list[Column] = [Column("key", "帮扶类型", "key"), Column("kind", "帮扶类型")]
    for f in funds:
        label = E.FundSource(f).label
        columns += [Column(f"{f}_households", f"{label}·户数", "int"), Column(f"{f}_fen", f"{label}·金额", "money")]
    columns += [Column("times", "合计·次数", "int"), Column("households", "合计·户数", "int"),
                Column("amount_fen", "合计·金额", "money")]

    def line(kind: str, label: str) -> tuple[Any, ...]:
        cells: list[Any] = [kind if kind != "*" else "", label]
        for f in funds:
            cells += [len(files.get((kind, f), ())), fen.get((kind, f), 0)]
        return (*cells, times.get(kind, 0), len(files.get((kind, "*"), ())), fen.get((kind, "*"), 0))

    kinds = [k.value for k in E.AssistanceKind] + sorted(
        {k for k, _ in files if k != "*" and k not in {m.value for m in E.AssistanceKind}})
    rows = tuple(line(k, _label(E.AssistanceKind, k)) for k in kinds if (k, "*") in files)
    return ReportTable("assistance", REPORTS["assistance"], union_name, date_from, date_to,
                       tuple(_period_shown(date_from, date_to)), tuple(columns), rows, line("*", "合计"),
                       notes=("金额单位：元；户数按户计，同一户多次帮扶计一户。",))


# --- 再就业帮扶表 ------------------------------------------------------------------------------------------


def employment(db: Database, *, date_from: dt.date | None, date_to: dt.date | None) -> ReportTable:
    """再就业帮扶表: re-employment support begun in a period by kind — times, households, households that found
    work after it, loans and subsidies in 元.

    Raises:
        ValidationFailed: the period starts after it ends.
    """
    _period(date_from, date_to)
    with db.reader() as s:
        q = (select(col(EmploymentSupport.kind), col(EmploymentSupport.file_id), col(EmploymentSupport.found_work),
                    col(EmploymentSupport.amount_fen))
             .where(*_in_period(col(EmploymentSupport.started_on), date_from, date_to)))
        times: dict[str, int] = defaultdict(int)
        files: dict[str, set[str]] = defaultdict(set)
        found: dict[str, set[str]] = defaultdict(set)
        fen: dict[str, int] = defaultdict(int)
        for kind, fid, found_work, amount in s.execute(q):
            for k in (kind, "*"):
                times[k] += 1
                files[k].add(fid)
                fen[k] += int(amount or 0)
                if found_work:
                    found[k].add(fid)
        union_name = home_union(s).name
    columns = (Column("key", "帮扶方式", "key"), Column("kind", "帮扶方式"), Column("times", "次数", "int"),
               Column("households", "户数", "int"), Column("found_work", "其中实现就业（户）", "int"),
               Column("amount_fen", "贷款及补贴金额", "money"))

    def line(kind: str, label: str) -> tuple[Any, ...]:
        return (kind if kind != "*" else "", label, times.get(kind, 0), len(files.get(kind, ())),
                len(found.get(kind, ())), fen.get(kind, 0))

    rows = tuple(line(k.value, k.label) for k in E.EmploymentSupportKind)
    return ReportTable("employment", REPORTS["employment"], union_name, date_from, date_to,
                       tuple(_period_shown(date_from, date_to)), columns, rows, line("*", "合计"),
                       notes=("实现就业：培训、职业介绍等帮扶后记录为已就业的户数。",))


# --- 工作台账 ----------------------------------------------------------------------------------------------

DUTY_KINDS = ("visit_overdue", "notice_ending", "follow_up_due", "review_due", "report_overdue")
NO_PERSON = "未落实责任人"


def duties(db: Database, *, date_from: dt.date | None, date_to: dt.date) -> ReportTable:
    """工作台账: per responsible person, the households paired, the visits and follow-up visits done in the
    period, and the duties overdue on its last day (services/due.py: visits, notices, follow-ups, the yearly
    review, changes not reported).

    Raises:
        ValidationFailed: the period starts after it ends.
    """
    _period(date_from, date_to)
    items = [i for i in due_items(db, as_of=date_to, kinds=DUTY_KINDS) if i.overdue]
    with db.reader() as s:
        person = func.coalesce(col(Cadre.name), NO_PERSON)
        paired = dict(s.execute(
            select(person, func.count()).select_from(HardshipFile)
            .outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id))
            .where(col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES)).group_by(person)).all())
        visits: dict[tuple[str, bool], int] = defaultdict(int)
        q = (select(person, col(HomeVisit.follow_up), func.count()).select_from(HomeVisit)
             .join(HardshipFile, col(HardshipFile.id) == col(HomeVisit.file_id))
             .outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id))
             .where(*_in_period(col(HomeVisit.visited_on), date_from, date_to))
             .group_by(person, col(HomeVisit.follow_up)))
        for name, follow_up, n in s.execute(q):
            visits[(str(name), bool(follow_up))] += int(n)
        union_name = home_union(s).name
    overdue: dict[tuple[str, str], int] = defaultdict(int)
    for i in items:
        overdue[(i.person or NO_PERSON, i.kind)] += 1
    people = sorted({str(p) for p in paired} | {p for p, _ in visits} | {p for p, _ in overdue},
                    key=lambda p: (p == NO_PERSON, p))
    columns = (Column("key", "责任人", "key"), Column("person", "帮扶责任人"), Column("households", "包保户数", "int"),
               Column("visits", "入户走访（次）", "int"), Column("follow_ups", "跟踪回访（次）", "int"),
               *(Column(k, KIND_LABELS[k][0], "int") for k in DUTY_KINDS), Column("overdue", "逾期合计", "int"))

    def line(p: str) -> tuple[Any, ...]:
        late = [overdue.get((p, k), 0) for k in DUTY_KINDS]
        return (p, p, int(paired.get(p, 0)), visits.get((p, False), 0), visits.get((p, True), 0), *late, sum(late))

    rows = tuple(line(p) for p in people)
    totals = ("", "合计", *(sum(r[i] for r in rows) for i in range(2, len(columns))))
    shown = [*_period_shown(date_from, date_to), ("逾期截至", date_to.isoformat())]
    return ReportTable("duties", REPORTS["duties"], union_name, date_from, date_to, tuple(shown), columns, rows,
                       totals, notes=("逾期事项按统计期末日计，见“待办事项”。",))


# --- 公示名单 ----------------------------------------------------------------------------------------------

NOTICE_KINDS = {"register": "困难职工建档公示名单", "exit": "困难职工退出公示名单"}


def _notice_rows(s: Session, kind: str, date_from: dt.date | None, date_to: dt.date | None
                 ) -> list[tuple[str, str, str, str, str]]:
    """(file id, file no, name, employer, category or exit reason) of the files to post, once each."""
    if kind == "register":
        wanted = (E.EventKind.REGISTERED.value, E.EventKind.REOPENED.value)
    else:
        wanted = (E.EventKind.EXIT_NOTICE.value, E.EventKind.CLOSED.value)
    q = (select(col(StatusEvent.kind), col(StatusEvent.rule), col(StatusEvent.facts_json),
                col(StatusEvent.to_category), col(HardshipFile.close_reason), col(HardshipFile.id),
                col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.employer),
                col(HardshipFile.category))
         .join(HardshipFile, col(HardshipFile.id) == col(StatusEvent.file_id))
         .where(col(StatusEvent.kind).in_(wanted), *_in_period(col(StatusEvent.occurred_on), date_from, date_to))
         .order_by(col(HardshipFile.file_no), col(StatusEvent.occurred_on)))
    out: dict[str, tuple[str, str, str, str, str]] = {}
    for ev_kind, rule, facts, to_cat, close_reason, fid, file_no, name, employer, category in s.execute(q):
        if kind == "register":
            what = _label(E.Category, to_cat or category)
        elif ev_kind == E.EventKind.EXIT_NOTICE.value:
            what = "脱困"
        else:
            reason = _movement(ev_kind, rule, facts, close_reason)
            if reason == "out_of_hardship":
                continue  # posted when its exit notice began
            what = _label(E.CloseReason, reason)
        out.setdefault(fid, (fid, file_no, name, employer or "", what))
    return list(out.values())


def notice(db: Database, *, kind: str, date_from: dt.date | None, date_to: dt.date | None, start_on: dt.date,
           workdays: int | None = None, record: bool = False, actor: str = "system") -> ReportTable:
    """公示名单: the registrations or the exits of a period, ready to post — names partly masked (张*丰), unit,
    category or exit reason, the union's contact for objections and the notice period (from `start_on`,
    `workdays` working days; by default the setting `notice_workdays`). Never an ID number.

    With `record`, the start of the notice period is recorded for each file listed: one audit row per file
    (action `notice`, reason naming the list and the period) — the notice has been printed or posted.

    Raises:
        ValidationFailed: an unknown kind or a period that starts after it ends.
    """
    if kind not in NOTICE_KINDS:
        raise ValidationFailed([FieldError("kind", f"公示名单应为 register 或 exit：{kind}",
                                           f"kind must be register or exit: {kind}")])
    _period(date_from, date_to)
    with (db.transaction(actor=actor, reason="notice") if record else db.reader()) as s:
        if workdays is None:
            workdays = int(get_option(s, "notice_workdays", start_on))
        workdays = max(workdays, 1)
        # that many full working days after the posting day, by the union's holiday table
        end_on = add_workdays(start_on, workdays, work_calendar(s))
        found = _notice_rows(s, kind, date_from, date_to)
        home = home_union(s)
        period = f"{start_on:%Y年%m月%d日}至{end_on:%Y年%m月%d日}"
        changes = NOTHING
        if record and found:
            bulk_audit(s, "hardship_file", (r[0] for r in found), action="notice", actor=actor,
                       reason=f"{NOTICE_KINDS[kind]}公示期{start_on.isoformat()}至{end_on.isoformat()}")
            changes = Changes.of_files(*(r[0] for r in found))
        union_name = home.name
        contact = "；".join(x for x in (f"电话 {home.contact_phone}" if home.contact_phone else "",
                                        f"地址 {home.address}" if home.address else "") if x)
    columns = (Column("no", "序号", "int"), Column("name", "姓名"), Column("employer", "工作单位"),
               Column("category" if kind == "register" else "reason", "困难类别" if kind == "register" else "退出原因"))
    rows = tuple((i, mask_name(r[2]), r[3], r[4]) for i, r in enumerate(found, 1))
    notes = (
        f"公示期：{period}（{workdays}个工作日）。",
        f"对公示名单如有异议，请于公示期内向{union_name}反映。",
        *((f"联系方式：{contact}。",) if contact else ()),
    )
    shown = (*_period_shown(date_from, date_to), ("公示期", period))
    return ReportTable("notice", NOTICE_KINDS[kind], union_name, date_from, date_to, shown, columns, rows,
                       ("合计", f"{len(rows)}人", "", ""), notes=notes, changes=changes)


def report_names() -> Iterable[str]:
    return REPORTS.keys()
