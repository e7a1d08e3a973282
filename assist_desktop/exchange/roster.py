"""Excel/CSV rosters (花名册): read a roll of households, validate every row, write all valid rows or none;
write the template (with drop-downs) and the roll (with spreadsheet-formula injection neutralised).

Rows are read with python-calamine (.xlsx) or the csv module (UTF-8, UTF-8 with BOM or GBK); columns
are found by their Chinese headers in any order; extra columns are ignored. Every problem is reported
with the source file, the row number as the spreadsheet shows it, the column header and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Cadre, HardshipFile, HouseholdMember, IncomeFact, Pairing, UnionOrg
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.fields import field_label
from assist_desktop.domain.file_input import clean_file_input, clean_member_input
from assist_desktop.domain.validation import (
    check_name,
    check_phone,
    fen_to_yuan_text,
    parse_date,
)
from assist_desktop.exchange.snapshot import chunks
from assist_desktop.services.common import home_union

MAIN_SHEET = "困难职工花名册"
MEMBER_SHEET = "家庭成员"
OPTIONS_SHEET = "选项"

#: (header, key): key is the machine field of domain/file_input.py, or a roster-only key starting with "_"
COLUMNS: tuple[tuple[str, str], ...] = (
    ("姓名", "name"),
    ("身份证号", "id_number"),
    ("性别", "sex"),
    ("民族", "ethnicity"),
    ("手机号码", "phone"),
    ("家庭住址", "address"),
    ("工作单位", "employer"),
    ("单位性质", "employer_type"),
    ("所属行业", "industry"),
    ("工作状态", "work_status"),
    ("健康状况", "health"),
    ("残疾类别", "disability_type"),
    ("残疾等级", "disability_grade"),
    ("婚姻状况", "marital_status"),
    ("户口类型", "hukou_type"),
    ("本人月收入", "own_monthly_income"),
    ("家庭年总收入", "household_annual_income"),
    ("家庭人口", "household_size"),
    ("年度刚性支出", "unavoidable_spending"),
    ("低保金额", "dibao_monthly"),
    ("住房类型", "housing_type"),
    ("主要致困原因", "main_cause"),
    ("次要致困原因", "secondary_causes"),
    ("家庭情况", "family_situation"),
    ("技术特长", "skills"),
    ("就业意愿", "employment_wishes"),
    ("思想状况", "state_of_mind"),
    ("走访日期", "last_visit_date"),
    ("帮扶责任人", "_responsible"),
    ("责任人电话", "_responsible_phone"),
    ("所属工会", "_union"),
    ("第一知情人", "first_informant"),
    ("意外事件", "_accident"),
    # optional five-clear columns, added last so that templates filled in by position keep working
    ("致困情况说明", "cause_account"),
    ("有无劳动能力", "able_to_work"),
)
REQUIRED = ("姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因")
MEMBER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("户主身份证号", "_head"),
    ("姓名", "name"),
    ("关系", "relation"),
    ("身份证号", "id_number"),
    ("健康状况", "health"),
    ("人员身份", "status"),
    ("月收入", "monthly_income"),
)
MEMBER_REQUIRED = ("户主身份证号", "姓名", "关系")
ENUM_COLUMNS: dict[str, type[E.LabeledEnum]] = {
    "性别": E.Sex,
    "单位性质": E.EmployerType,
    "所属行业": E.Industry,
    "工作状态": E.WorkStatus,
    "健康状况": E.Health,
    "残疾类别": E.DisabilityType,
    "婚姻状况": E.MaritalStatus,
    "户口类型": E.HukouType,
    "住房类型": E.HousingType,
    "主要致困原因": E.Cause,
    "次要致困原因": E.Cause,
}
MEMBER_ENUMS: dict[str, type[E.LabeledEnum]] = {
    "关系": E.Relation,
    "健康状况": E.Health,
    "人员身份": E.MemberStatus,
}
TEXT_COLUMNS = ("身份证号", "手机号码", "责任人电话", "户主身份证号")  # kept as text in spreadsheets
_FORMULA = re.compile(r"^\s*[=@]|^\s*[+\-].*[=(!|@A-Za-z]|^[\t\r]")
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RosterIssue:
    """One refused cell or row."""

    source: str
    sheet: str | None
    row: int
    column: str
    zh: str
    en: str

    def field_error(self) -> FieldError:
        where = self.source if not self.sheet or self.sheet == MAIN_SHEET else f"{self.source}[{self.sheet}]"
        return FieldError(self.column, self.zh, self.en, row=self.row, source=where)

    def message(self) -> str:
        return self.field_error().message()

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.zh,
            "message_en": self.en,
        }


@dataclass
class RosterReport:
    """What a roster import found and did."""

    source: str
    rows: int = 0
    valid: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    issues: list[RosterIssue] = field(default_factory=list)
    applied: bool = False
    to_create: int = 0
    to_update: int = 0

    @property
    def bad_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.issues})

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": not self.issues or self.applied,
            "source": self.source,
            "rows": self.rows,
            "valid": self.valid,
            "bad_rows": self.bad_rows,
            "to_create": self.to_create,
            "to_update": self.to_update,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [i.to_json() for i in self.issues],
            "applied": self.applied,
        }

    def summary(self) -> str:
        lines = [
            f"{self.source}：共 {self.rows} 行，有效 {self.valid} 行，有误 {self.bad_rows} 行"
            f"（新建 {self.to_create}，更新 {self.to_update}）"
        ]
        lines += [f"  {i.message()}" for i in self.issues]
        if self.applied:
            lines.append(
                f"已导入：新建 {len(self.created)} 份，更新 {len(self.updated)} 份，"
                f"无变化 {len(self.unchanged)} 份"
            )
        else:
            lines.append("未写入数据库。")
        return "\n".join(lines)


class RosterRefused(ValidationFailed):
    """Bad rows and no permission to import only the valid ones: nothing was written."""

    def __init__(self, report: RosterReport) -> None:
        self.report = report
        super().__init__([i.field_error() for i in report.issues])


# --- reading --------------------------------------------------------------------------------------------


@dataclass
class Table:
    """One sheet: (row number as the spreadsheet shows it, cell values) for every row, and formula cells."""

    name: str
    rows: list[tuple[int, list[Any]]]
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row number, column index)


def _decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a superset of GBK, as Chinese Excel and WPS write it
    except UnicodeDecodeError:
        raise ValidationFailed(
            [
                FieldError(
                    "file",
                    "CSV 文件编码无法识别（应为 UTF-8 或 GBK）",
                    "the CSV encoding is neither UTF-8 nor GBK",
                )
            ]
        ) from None


def read_tables(path: Path) -> tuple[Table, Table | None]:
    """The roster sheet (the first, or the one named 困难职工花名册) and the optional 家庭成员 sheet."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = _decode_csv(path.read_bytes())
        rows = [(i, list(r)) for i, r in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)]
        return Table(MAIN_SHEET, rows), None
    if suffix not in (".xlsx", ".xlsm"):
        raise ValidationFailed(
            [
                FieldError(
                    "file",
                    f"不支持的文件类型 {suffix}（请用 .xlsx 或 .csv）",
                    f"unsupported file type {suffix} (use .xlsx or .csv)",
                    source=path.name,
                )
            ]
        )
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for damaged files
        raise ValidationFailed(
            [
                FieldError(
                    "file",
                    f"无法读取 Excel 文件（{exc}）",
                    f"cannot read the workbook ({exc})",
                    source=path.name,
                )
            ]
        ) from None
    names = list(wb.sheet_names)
    main_name = MAIN_SHEET if MAIN_SHEET in names else names[0]
    formulas = _formula_cells(path)
    main = _calamine_table(wb, main_name, formulas.get(main_name, set()))
    members = (
        _calamine_table(wb, MEMBER_SHEET, formulas.get(MEMBER_SHEET, set()))
        if MEMBER_SHEET in names and main_name != MEMBER_SHEET
        else None
    )
    return main, members


def _calamine_table(wb: Any, name: str, formulas: set[tuple[int, int]]) -> Table:
    sheet = wb.get_sheet_by_name(name)
    values = sheet.to_python(skip_empty_area=False)
    # merged cells: calamine gives the value only in the top-left cell; fill the whole range with it
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if r0 >= len(values) or c0 >= len(values[r0]):
            continue
        top = values[r0][c0]
        for r in range(r0, min(r1, len(values) - 1) + 1):
            for c in range(c0, min(c1, len(values[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    values[r][c] = top
    return Table(name, [(i, list(r)) for i, r in enumerate(values, start=1)], formulas)


_CELL_REF = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?<!/)>(?:(?!</c>).)*?<f[ >/]', re.S)


def _formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Cells holding a formula, by sheet name (calamine gives only their cached values)."""
    out: dict[str, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            targets = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
            targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
            for name, rid in re.findall(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', book):
                target = targets.get(rid, "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                if member not in zf.namelist():
                    continue
                xml = zf.read(member)
                if b"<f" not in xml:
                    continue
                cells = set()
                for col, row in _CELL_REF.findall(xml):
                    cells.add((int(row), _col_index(col.decode())))
                out[_xml_unescape(name)] = cells
    except (KeyError, zipfile.BadZipFile, OSError):
        return out
    return out


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _norm_header(value: Any) -> str:
    return re.sub(r"[\s*＊]", "", str(value or ""))


def _find_header(table: Table, wanted: Sequence[str]) -> tuple[int, dict[str, int]] | None:
    for idx, (_rownum, cells) in enumerate(table.rows[:20]):
        heads = [_norm_header(c) for c in cells]
        if all(w in heads for w in wanted[:2]):
            mapping: dict[str, int] = {}
            for col, h in enumerate(heads):
                if h and h not in mapping:
                    mapping[h] = col
            return idx, mapping
    return None


def _cell_text(value: Any, header: str) -> tuple[Any, str | None]:
    """A cell as a value for the cleaners; the second item is a refusal reason (or None)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, float):
        if header in TEXT_COLUMNS:
            if not value.is_integer():
                return None, "应为文本，不能是小数"
            text = str(int(value))
            if header.endswith("身份证号") and len(text) >= 16:
                return None, (
                    "被 Excel 存成了数字，末几位可能已丢失：请把该列设为“文本”后重新输入"
                    if len(text) == 18
                    else "被 Excel 存成了数字：请把该列设为“文本”后重新输入"
                )
            return text, None
        return (int(value) if value.is_integer() else value), None
    if isinstance(value, int):
        return (str(value) if header in TEXT_COLUMNS else value), None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (dt.time, dt.timedelta)):
        return None, "不是有效的值（时间）"
    text = str(value).strip()
    if not text:
        return None, None
    if text.startswith("'") and text[1:2] in _DANGEROUS_START:
        text = text[1:]  # our own export's neutralising apostrophe
    if _FORMULA.match(text):
        return None, f"“{text[:20]}”以公式符号开头，疑似公式注入，已拒绝（请删除开头的 = + - @）"
    return text, None


@dataclass
class _Row:
    rownum: int
    data: dict[str, Any]
    extra: dict[str, Any]
    members: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _read_rows(
    table: Table,
    columns: Sequence[tuple[str, str]],
    required: Sequence[str],
    source: str,
    issues: list[RosterIssue],
) -> list[_Row]:
    found = _find_header(table, [h for h, _ in columns if h in required])
    sheet = table.name
    if found is None:
        issues.append(
            RosterIssue(
                source,
                sheet,
                1,
                "表头",
                f"找不到表头行（应含“{required[0]}”“{required[1]}”等列）",
                f"no header row with {required[0]} and {required[1]}",
            )
        )
        return []
    idx, mapping = found
    header_row = table.rows[idx][0]
    for h in required:
        if h not in mapping:
            issues.append(
                RosterIssue(source, sheet, header_row, h, "缺少必填列", "required column is missing")
            )
    if any(i.row == header_row and i.sheet == sheet for i in issues):
        return []
    out: list[_Row] = []
    for rownum, cells in table.rows[idx + 1 :]:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # blank rows are skipped
        data: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for header, key in columns:
            col = mapping.get(header)
            if col is None or col >= len(cells):
                continue
            if (rownum, col) in table.formulas and cells[col] in (None, ""):
                issues.append(
                    RosterIssue(
                        source,
                        sheet,
                        rownum,
                        header,
                        "单元格是公式且没有计算结果：请“粘贴为数值”后再导入",
                        "the cell is a formula without a value: paste as values",
                    )
                )
                continue
            value, problem = _cell_text(cells[col], header)
            if problem:
                issues.append(RosterIssue(source, sheet, rownum, header, problem, "refused cell value"))
                continue
            (extra if key.startswith("_") else data)[key] = value
        out.append(_Row(rownum, data, extra))
    return out


# --- validation and import ------------------------------------------------------------------------------

_HEADER_OF = {key: header for header, key in COLUMNS}
_HEADER_OF.update(accident_date="意外事件", accident_note="意外事件")
_MEMBER_HEADER_OF = {key: header for header, key in MEMBER_COLUMNS}


def _header_for(field_name: str, members: bool = False) -> str:
    base = field_name.split(".")[-1]
    table = _MEMBER_HEADER_OF if members else _HEADER_OF
    return table.get(base) or table.get(base.removesuffix("_fen")) or field_label(base)


def _issues_from(
    errors: Iterable[FieldError], source: str, sheet: str, rownum: int, members: bool = False
) -> list[RosterIssue]:
    return [RosterIssue(source, sheet, rownum, _header_for(e.field, members), e.zh, e.en) for e in errors]


def _accident(text: Any, today: dt.date) -> tuple[dict[str, Any], str | None]:
    """意外事件: free text, optionally starting with its date ("2026-05-01 车祸受伤")."""
    if text in (None, ""):
        return {}, None
    if isinstance(text, dt.date):
        return {"accident_date": text}, None
    m = re.match(r"^\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)\s*[，,;；:：]?\s*(.*)$", str(text))
    out: dict[str, Any] = {"accident_note": str(text)[:500]}
    if m:
        try:
            day = parse_date(
                m.group(1)
                .replace("/", "-")
                .replace(".", "-")
                .replace("年", "-")
                .replace("月", "-")
                .rstrip("日"),
                "accident_date",
                today=today,
            )
        except ValidationFailed as exc:
            return {}, exc.errors[0].zh
        out = {"accident_date": day, "accident_note": (m.group(2) or str(text))[:500]}
    return out, None


# --- five clears from a roster row and the write phase's refusals, found during validation ---------------

#: 就业意愿 texts that say the person cannot work (checked first) and ones that say they can or wish to
_UNABLE = ("无劳动能力", "没有劳动能力", "丧失劳动能力", "不能工作")
_ABLE = ("有劳动能力",)
_WISH = ("希望", "愿意", "想从事", "求职")
_NEGATED = re.compile(r"[不没无未](?:太|很|大)?(?:希望|愿意|想从事|求职)")


def restate_causes(main_cause: str | None, secondary_causes: str | None) -> str | None:
    """致困情况说明 restating a row's causes (machine names in, labels out), marked as taken from the roster."""
    if not main_cause:
        return None
    text = f"主要致困原因：{_label(E.Cause, main_cause)}"
    secondary = [c for c in (secondary_causes or "").split(",") if c]
    if secondary:
        text += f"；次要致困原因：{'、'.join(_label(E.Cause, c) or c for c in secondary)}"
    return text + "（据花名册）"


def able_to_work_from_wishes(wishes: Any) -> bool | None:
    """有无劳动能力 where 就业意愿 says it explicitly; None (left blank) where it does not."""
    if wishes is None:
        return None
    text = str(wishes).replace("有无劳动能力", "")  # the question itself says nothing
    if any(w in text for w in _UNABLE):
        return False
    if any(w in text for w in _ABLE):
        return True
    # a wish to work, not a negated one ("不愿意工作" says nothing of the ability)
    if any(w in text for w in _WISH) and not _NEGATED.search(text):
        return True
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _derived_clears(
    data: Mapping[str, Any], values: Mapping[str, Any], on_file: HardshipFile | None
) -> dict[str, Any]:
    """cause_account and able_to_work for a row that leaves them blank (a restatement, never a guess).

    On an existing file only a blank field is filled, or an account this roster rule wrote itself is
    restated anew when the causes change; what a clerk wrote is kept.
    """
    out: dict[str, Any] = {}
    if _blank(data.get("cause_account")):
        main = values.get("main_cause") or (on_file.main_cause if on_file is not None else None)
        secondary = values.get("secondary_causes", on_file.secondary_causes if on_file is not None else None)
        text = restate_causes(main, secondary)
        current = on_file.cause_account if on_file is not None else None
        ours = on_file is not None and current == restate_causes(on_file.main_cause, on_file.secondary_causes)
        if text and text != current and (on_file is None or _blank(current) or ours):
            out["cause_account"] = text
    if _blank(data.get("able_to_work")) and (on_file is None or on_file.able_to_work is None):
        wishes = data.get("employment_wishes")
        if _blank(wishes) and on_file is not None:
            wishes = on_file.employment_wishes
        able = able_to_work_from_wishes(wishes)
        if able is not None:
            out["able_to_work"] = able
    return out


_CLEAR_COLUMN = {
    "family": "家庭情况",
    "cause": "致困情况说明",
    "skills": "技术特长",
    "employment": "就业意愿",
    "mind": "思想状况",
}
Problem = tuple[str, str, str]  # column, Chinese reason, English reason


def _write_problems(
    s: Session, r: _Row, on_file: HardshipFile | None, values: Mapping[str, Any], today: dt.date
) -> list[Problem]:
    """What services.files would refuse when writing this (otherwise valid) row."""
    from types import SimpleNamespace

    from assist_desktop.domain.enums import ACTIVE_STATUSES
    from assist_desktop.domain.five_clear import check_five_clear
    from assist_desktop.services.files import ECON_COLUMNS

    out: list[Problem] = []
    new_members = None
    if r.members:
        new_members = []
        for _n, m in r.members:
            cleaned, errs = clean_member_input(m, today=today)
            if errs:
                return out  # the member rows are reported already
            new_members.append(cleaned)
    current: Sequence[Any] = ()
    if on_file is not None:
        current = s.scalars(select(HouseholdMember).where(HouseholdMember.file_id == on_file.id)).all()
    members = new_members if new_members is not None else list(current)
    size = values.get("household_size") or (on_file.household_size if on_file is not None else None)
    if isinstance(size, int) and size < len(members) + 1:
        out.append(
            (
                "家庭人口",
                f"家庭人口（{size}）少于本人加家庭成员数（{len(members) + 1}）",
                f"({size}) is less than the worker plus the listed members ({len(members) + 1})",
            )
        )
        return out
    if on_file is None:
        return out
    if on_file.status in {st.value for st in ACTIVE_STATUSES}:
        before = check_five_clear(on_file, current)
        after_file = SimpleNamespace(**{**on_file.model_dump(), **values})
        after_members = [SimpleNamespace(**m) for m in new_members] if new_members is not None else current
        after = check_five_clear(after_file, after_members)
        if before.all_clear and not after.all_clear:
            out += [
                (
                    _CLEAR_COLUMN[item.key],
                    f"在档帮扶对象须保持五清，不能清空（{item.label}：{'；'.join(item.missing)}）",
                    f"a registered file must stay five-clear ({item.label_en}: cannot be blanked)",
                )
                for item in after.items
                if not item.clear
            ]
            return out
    econ = new_members is not None or any(
        k in ECON_COLUMNS and getattr(on_file, k) != v for k, v in values.items()
    )
    latest = s.scalar(select(func.max(IncomeFact.as_of)).where(IncomeFact.file_id == on_file.id))
    if econ and latest is not None and today < latest:
        out.append(
            (
                "家庭年总收入",
                f"档案已有 {latest.isoformat()} 的收入记录，不能以更早日期（{today.isoformat()}）导入变化",
                f"the file already has income facts as of {latest}; the import is dated {today}",
            )
        )
    elif on_file.status_since is not None and today < on_file.status_since:
        out.append(
            (
                "身份证号",
                f"档案当前状态自 {on_file.status_since.isoformat()} 起，不能以更早日期（{today.isoformat()}）导入",
                f"the file's status dates from {on_file.status_since}; the import is dated {today}",
            )
        )
    return out


def _active_cadres(s: Session, name: str, cache: dict[str, list[Cadre]]) -> list[Cadre]:
    if name not in cache:
        cache[name] = list(
            s.scalars(
                select(Cadre).where(Cadre.name == name, Cadre.active.is_(True)).order_by(Cadre.created_at)
            )
        )
    return cache[name]


def _pairing_problems(
    s: Session,
    name: str,
    on_file: HardshipFile | None,
    union: UnionOrg | None,
    home: UnionOrg,
    today: dt.date,
    cache: dict[str, list[Cadre]],
) -> list[Problem]:
    """What services.pairing.assign_in would refuse for this row's 帮扶责任人."""
    same = _active_cadres(s, name, cache)
    if len(same) > 1:
        return [
            (
                "帮扶责任人",
                f"有{len(same)}位在职责任人同名“{name}”，无法确定是哪一位（请先在责任人中区分后再导入）",
                f"{len(same)} active people are called {name}",
            )
        ]
    if on_file is None:
        return []
    cadre = same[0] if same else None
    unit_id = union.id if union is not None else (cadre.union_id if cadre is not None else home.id)
    if (
        cadre is not None
        and on_file.responsible_person_id == cadre.id
        and on_file.responsible_unit_id == unit_id
    ):
        return []  # already so: nothing to write
    if on_file.status == "closed":
        return [("帮扶责任人", "档案已退档，不能安排帮扶责任人", "the file is closed: no responsible person")]
    latest = s.scalar(
        select(func.max(Pairing.start_on)).where(Pairing.file_id == on_file.id, Pairing.end_on.is_(None))
    )
    if latest is not None and today < latest:
        return [
            (
                "帮扶责任人",
                f"现任责任人自 {latest.isoformat()} 起负责，新的安排不能早于该日期",
                f"the current pairing started on {latest}; a new one cannot start earlier",
            )
        ]
    return []


def _resolve_union(s: Session, value: Any, cache: dict[str, UnionOrg | None]) -> UnionOrg | None:
    key = str(value).strip()
    if key not in cache:
        cache[key] = (
            s.scalars(select(UnionOrg).where(UnionOrg.code == key)).first()
            or s.scalars(select(UnionOrg).where(UnionOrg.name == key)).first()
        )
    return cache[key]


def _validate(
    s: Session, path: Path, today: dt.date, report: RosterReport
) -> tuple[list[_Row], dict[str, HardshipFile | None]]:
    source = path.name
    main, member_table = read_tables(path)
    issues = report.issues
    rows = _read_rows(main, COLUMNS, REQUIRED, source, issues)
    member_rows = (
        _read_rows(member_table, MEMBER_COLUMNS, MEMBER_REQUIRED, source, issues)
        if member_table is not None
        else []
    )
    report.rows = len(rows)
    numbers: dict[str, int] = {}
    for r in rows:
        number = str(r.data.get("id_number") or "").strip().upper()
        if not number:
            continue
        r.data["id_number"] = number
        if number in numbers:
            issues.append(
                RosterIssue(
                    source,
                    main.name,
                    r.rownum,
                    "身份证号",
                    f"与第{numbers[number]}行身份证号重复（{number}）",
                    f"same ID number as row {numbers[number]}",
                )
            )
        else:
            numbers[number] = r.rownum
    existing: dict[str, HardshipFile | None] = {}
    keys = sorted(numbers)
    for part in chunks(keys):
        for f in s.scalars(select(HardshipFile).where(HardshipFile.id_number.in_(part))):
            existing[f.id_number] = f
    by_number = {str(r.data.get("id_number") or ""): r for r in rows}
    for m in member_rows:
        head = str(m.extra.get("_head") or "").strip().upper()
        owner = by_number.get(head)
        if owner is None:
            issues.append(
                RosterIssue(
                    source,
                    MEMBER_SHEET,
                    m.rownum,
                    "户主身份证号",
                    f"在花名册中找不到户主（身份证号 {head}）",
                    "the head of household is not in the roster",
                )
            )
            continue
        _, errs = clean_member_input(m.data, today=today, row=m.rownum)
        issues.extend(_issues_from(errs, source, MEMBER_SHEET, m.rownum, members=True))
        owner.members.append((m.rownum, m.data))
    unions: dict[str, UnionOrg | None] = {}
    home = home_union(s)
    cadres: dict[str, list[Cadre]] = {}
    for r in rows:
        on_file = existing.get(r.data.get("id_number", ""))
        acc, problem = _accident(r.extra.get("_accident"), today)
        if problem:
            issues.append(RosterIssue(source, main.name, r.rownum, "意外事件", problem, "bad accident date"))
        r.data.update(acc)
        data = r.data if on_file is None else {k: v for k, v in r.data.items() if v not in (None, "")}
        values, errs = clean_file_input(
            data, today=today, creating=on_file is None, row=r.rownum, source=source
        )
        issues.extend(_issues_from(errs, source, main.name, r.rownum))
        derived = _derived_clears(data, values, on_file)
        data.update(derived)
        values.update(derived)
        union: UnionOrg | None = None
        if r.extra.get("_union") not in (None, ""):
            union = _resolve_union(s, r.extra["_union"], unions)
            if union is None:
                issues.append(
                    RosterIssue(
                        source,
                        main.name,
                        r.rownum,
                        "所属工会",
                        f"没有代码或名称为“{r.extra['_union']}”的工会（请先添加下级单位）",
                        "no such union: add it first",
                    )
                )
        person = r.extra.get("_responsible")
        person_ok = person not in (None, "")
        if person_ok:
            try:
                check_name(person, "responsible")
            except ValidationFailed as exc:
                person_ok = False
                issues.append(
                    RosterIssue(source, main.name, r.rownum, "帮扶责任人", exc.errors[0].zh, exc.errors[0].en)
                )
        try:
            check_phone(r.extra.get("_responsible_phone"), "responsible_phone")
        except ValidationFailed as exc:
            issues.append(
                RosterIssue(source, main.name, r.rownum, "责任人电话", exc.errors[0].zh, exc.errors[0].en)
            )
        if not errs:
            # what the write phase would refuse for this row, found now so that --dry-run shows it and
            # --accept-valid imports the other rows (the write phase never aborts the whole import)
            found = _write_problems(s, r, on_file, values, today)
            if person_ok:
                found += _pairing_problems(s, str(person).strip(), on_file, union, home, today, cadres)
            issues.extend(RosterIssue(source, main.name, r.rownum, col, zh, en) for col, zh, en in found)
        r.data = data
    seen: set[tuple[str | None, int, str]] = set()
    unique: list[RosterIssue] = []
    for i in issues:  # a refused cell is not also reported as blank
        if (i.sheet, i.row, i.column) not in seen:
            seen.add((i.sheet, i.row, i.column))
            unique.append(i)
    issues[:] = sorted(unique, key=lambda i: (i.sheet == MEMBER_SHEET, i.row))
    bad = {i.row for i in issues if i.sheet == main.name}
    bad |= {
        r.rownum
        for r in rows
        if any(i.sheet == MEMBER_SHEET and i.row in {n for n, _ in r.members} for i in issues)
    }
    valid = [r for r in rows if r.rownum not in bad]
    report.valid = len(valid)
    report.to_update = sum(1 for r in valid if r.data.get("id_number") in existing)
    report.to_create = report.valid - report.to_update
    return valid, existing


def import_roster(
    db: Database,
    *,
    path: str | os.PathLike[str],
    today: dt.date,
    actor: str = "system",
    dry_run: bool = False,
    accept_valid: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RosterReport:
    """Import a roster: every row is validated first, then all valid rows are written in one transaction.

    A row whose ID number is already on file updates that file (dated `today`; blank cells leave fields
    as they are) and the file is re-evaluated; other rows create files (re-evaluated likewise).
    `progress(done, total)` is called as rows are written (for the window's job helper).

    Raises:
        RosterRefused: some rows are bad and `accept_valid` is not set (nothing is written).
        ValidationFailed: the file cannot be read at all.
    """
    path = Path(path)
    report = RosterReport(source=path.name)
    if not path.exists():
        raise ValidationFailed([FieldError("file", f"找不到文件 {path}", f"file not found: {path}")])
    with db.transaction(actor=actor, reason=f"roster {path.name}") as s:
        home = home_union(s)
        valid, existing = _validate(s, path, today, report)
        if dry_run:
            s.rollback()
            return report
        if report.issues and not accept_valid:
            raise RosterRefused(report)
        _apply(s, valid, existing, home, today, actor, report, progress)
        report.applied = True
    return report


def _apply(
    s: Session,
    rows: list[_Row],
    existing: Mapping[str, HardshipFile | None],
    home: UnionOrg,
    today: dt.date,
    actor: str,
    report: RosterReport,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    unions: dict[str, UnionOrg | None] = {}
    cadres: dict[str, Cadre] = {}
    for done, r in enumerate(rows):
        if progress is not None and done % 50 == 0:
            progress(done, len(rows))
        members = [m for _, m in r.members]
        union = (
            _resolve_union(s, r.extra["_union"], unions) if r.extra.get("_union") not in (None, "") else None
        )
        try:
            _write_row(s, r, members, union, existing, home, today, actor, report, cadres)
        except (DomainError, ValidationFailed) as exc:
            # validation should have found this: refuse the whole roster (nothing is written) naming the row,
            # rather than abort with an error that names no row
            if isinstance(exc, ValidationFailed):
                err = exc.errors[0]
                column, zh, en = _header_for(err.field), err.zh, err.en
            else:
                column, zh, en = "整行", exc.zh, exc.en or exc.zh
            report.issues.append(RosterIssue(report.source, MAIN_SHEET, r.rownum, column, zh, en))
            report.applied = False
            raise RosterRefused(report) from exc
    s.flush()
    if progress is not None:
        progress(len(rows), len(rows))


def _write_row(
    s: Session,
    r: _Row,
    members: list[dict[str, Any]],
    union: UnionOrg | None,
    existing: Mapping[str, HardshipFile | None],
    home: UnionOrg,
    today: dt.date,
    actor: str,
    report: RosterReport,
    cadres: dict[str, Cadre],
) -> None:
    from assist_desktop.services.files import create_file_in, update_file_in
    from assist_desktop.services.pairing import assign_in

    f = existing.get(r.data.get("id_number", ""))
    if f is None:
        f = create_file_in(
            s,
            data=r.data,
            members=members,
            as_of=today,
            actor=actor,
            union_code=union.code if union else None,
            source="roster",
            row=r.rownum,
        )
        report.created.append(f.file_no)
    else:
        changed = update_file_in(
            s,
            f,
            changes=r.data,
            as_of=today,
            actor=actor,
            source="roster",
            row=r.rownum,
            members=members or None,
        )
        (report.updated if changed else report.unchanged).append(f.file_no)
    person = r.extra.get("_responsible")
    if person not in (None, ""):
        cadre = _cadre(s, str(person).strip(), r.extra.get("_responsible_phone"), home, cadres)
        if (
            assign_in(s, f, cadre, unit=union, on=today, actor=actor, note="花名册导入")
            and f.file_no in report.unchanged
        ):
            report.unchanged.remove(f.file_no)
            report.updated.append(f.file_no)


def _cadre(s: Session, name: str, phone: Any, home: UnionOrg, cache: dict[str, Cadre]) -> Cadre:
    if name in cache:
        return cache[name]
    cadre = s.scalars(
        select(Cadre).where(Cadre.name == name, Cadre.active.is_(True)).order_by(Cadre.created_at)
    ).first()
    if cadre is None:
        cadre = Cadre(name=name, union_id=home.id, phone=check_phone(phone, "responsible_phone"))
        s.add(cadre)
        s.flush()
    cache[name] = cadre
    return cadre


# --- writing: template and roll -------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def _workbook_with_options() -> tuple[Any, Any, dict[str, str]]:
    from openpyxl import Workbook

    wb = Workbook()
    opts = wb.create_sheet(OPTIONS_SHEET)
    opts.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    lists: dict[str, list[str]] = {
        name: [m.label for m in enum]
        for name, enum in {**ENUM_COLUMNS, **{f"成员{k}": v for k, v in MEMBER_ENUMS.items()}}.items()
    }
    lists["残疾等级"] = ["1", "2", "3", "4"]
    lists["有无劳动能力"] = ["是", "否"]
    for col, (name, labels) in enumerate(lists.items(), start=1):
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(col)
        opts.cell(row=1, column=col, value=name)
        for i, label in enumerate(labels, start=2):
            opts.cell(row=i, column=col, value=label)
        ranges[name] = f"{OPTIONS_SHEET}!${letter}$2:${letter}${len(labels) + 1}"
    return wb, opts, ranges


def _setup_sheet(
    ws: Any,
    columns: Sequence[tuple[str, str]],
    required: Sequence[str],
    ranges: Mapping[str, str],
    prefix: str = "",
    rows: int = 5000,
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for col, (header, _key) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True, color="C00000" if header in required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(10, len(header) * 2 + 4)
        if header in required:
            cell.comment = Comment("必填", "assist-desktop")
        if header in TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"
            ws.column_dimensions[letter].width = 22
        key = prefix + header
        if key in ranges:
            dv = DataValidation(
                type="list",
                formula1=f"={ranges[key]}",
                allow_blank=True,
                showErrorMessage=header != "次要致困原因",
            )
            dv.error, dv.errorTitle = "请从下拉列表中选择", "无效的值"
            dv.add(f"{letter}2:{letter}{rows}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "C2"


def write_template(out: str | os.PathLike[str]) -> Path:
    """The roster template: the roster and member sheets with headers (required in red) and drop-downs."""
    wb, _opts, ranges = _workbook_with_options()
    ws = wb.active
    ws.title = MAIN_SHEET
    _setup_sheet(ws, COLUMNS, REQUIRED, ranges)
    ms = wb.create_sheet(MEMBER_SHEET, 1)
    _setup_sheet(ms, MEMBER_COLUMNS, MEMBER_REQUIRED, ranges, prefix="成员")
    return _save(wb, Path(out))


def _save(wb: Any, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _label(enum: type[E.LabeledEnum], value: str | None) -> str | None:
    if not value:
        return None
    try:
        return enum(value).label
    except ValueError:
        return value


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen_to_yuan_text(fen))


def roll_rows(s: Session) -> tuple[list[list[Any]], list[list[Any]]]:
    """The roll of every file in the roster columns, and the member rows."""
    unions = {uid: code for uid, code in s.execute(select(UnionOrg.id, UnionOrg.code))}
    cadres = {cid: (name, phone) for cid, name, phone in s.execute(select(Cadre.id, Cadre.name, Cadre.phone))}
    enum_of = {key: ENUM_COLUMNS[h] for h, key in COLUMNS if h in ENUM_COLUMNS}
    main: list[list[Any]] = []
    numbers: dict[str, str] = {}
    for f in s.scalars(select(HardshipFile).order_by(HardshipFile.file_no)):
        numbers[f.id] = f.id_number
        person = cadres.get(f.responsible_person_id or "", (None, None))
        row: list[Any] = []
        for _header, key in COLUMNS:
            if key in enum_of and key != "secondary_causes":
                value: Any = _label(enum_of[key], getattr(f, key))
            elif key == "secondary_causes":
                value = "、".join(_label(E.Cause, c) or c for c in f.secondary_causes.split(",") if c) or None
            elif key in (
                "own_monthly_income",
                "household_annual_income",
                "unavoidable_spending",
                "dibao_monthly",
            ):
                value = _yuan(getattr(f, f"{key}_fen"))
            elif key == "able_to_work":
                value = {True: "是", False: "否"}.get(f.able_to_work)  # type: ignore[arg-type]
            elif key == "_responsible":
                value = person[0]
            elif key == "_responsible_phone":
                value = person[1]
            elif key == "_union":
                value = unions.get(f.union_id)
            elif key == "_accident":
                value = (
                    " ".join(
                        p
                        for p in (
                            (f.accident_date.isoformat() if f.accident_date else ""),
                            f.accident_note or "",
                        )
                        if p
                    )
                    or None
                )
            else:
                value = getattr(f, key)
            row.append(value)
        main.append(row)
    members: list[list[Any]] = []
    q = select(HouseholdMember).order_by(HouseholdMember.file_id, HouseholdMember.sort_order)
    for m in s.scalars(q):
        members.append(
            [
                numbers.get(m.file_id),
                m.name,
                _label(E.Relation, m.relation),
                m.id_number,
                _label(E.Health, m.health),
                _label(E.MemberStatus, m.status),
                _yuan(m.monthly_income_fen),
            ]
        )
    return main, members


def export_roll(db: Database, *, out: str | os.PathLike[str]) -> dict[str, Any]:
    """Write the roll of files (and members) as .xlsx in the roster columns; formula-like texts neutralised."""
    from openpyxl.cell.cell import TYPE_STRING

    with db.reader() as s:
        main, members = roll_rows(s)
    wb, _opts, ranges = _workbook_with_options()
    ws = wb.active
    ws.title = MAIN_SHEET
    _setup_sheet(ws, COLUMNS, REQUIRED, ranges, rows=max(len(main) + 1, 2))
    ms = wb.create_sheet(MEMBER_SHEET, 1)
    _setup_sheet(ms, MEMBER_COLUMNS, MEMBER_REQUIRED, ranges, prefix="成员", rows=max(len(members) + 1, 2))
    for sheet, rows in ((ws, main), (ms, members)):
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c)
                cell.value = neutralise(value)
                if isinstance(value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever the text
    _save(wb, Path(out))
    return {"ok": True, "path": str(out), "files": len(main), "members": len(members)}
