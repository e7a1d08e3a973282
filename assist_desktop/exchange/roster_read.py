"""Reading a roster (花名册) into typed rows: sheets, the header row, cell values, limits.

Rows are read with python-calamine (.xlsx) or the csv module (UTF-8, UTF-8 with BOM or GBK); columns
are found by their Chinese headers in any order; extra columns are ignored. Every problem is reported
with the source file, the row number as the spreadsheet shows it, the column header and the reason.
Nothing here opens the database: checks against what is on record are the services' (services/roster.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assist_desktop.domain.errors import FieldError, ValidationFailed
from assist_desktop.domain.validation import check_name, check_phone, parse_date
from assist_desktop.exchange.roster_columns import (
    ALIASES,
    COLUMNS,
    FIELD_OF,
    MAIN_SHEET,
    MEMBER_ALIASES,
    MEMBER_COLUMNS,
    MEMBER_FIELD_OF,
    MEMBER_REQUIRED,
    MEMBER_SHEET,
    REQUIRED,
    TEXT_COLUMNS,
)

#: a cell as the cleaners receive it
Cell = str | int | float | bool | dt.date | None

_FORMULA = re.compile(r"^\s*[=@]|^\s*[+\-].*[=(!|@A-Za-z]|^[\t\r]")
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
#: a workbook whose parts inflate beyond this is refused before parsing (a small .xlsx can hold gigabytes)
MAX_XLSX_UNCOMPRESSED = 1 << 30
#: the longest CSV cell read (the longest roster text is 2,000 characters)
MAX_CSV_FIELD = 1 << 20
#: the template's sample row starts with this (it is never imported)
SAMPLE_MARK = "示例"


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


@dataclass(frozen=True)
class MemberRow:
    """One row of the 家庭成员 sheet: the member's fields by machine name (as clean_member_input takes them)."""

    rownum: int
    data: Mapping[str, Cell]
    cells: Mapping[str, Any] = field(default_factory=dict)  # header → the cell as the file holds it


@dataclass(frozen=True)
class RosterRow:
    """One household row: the file's fields by machine name (as clean_file_input takes them), not yet cleaned."""

    rownum: int
    data: Mapping[str, Cell]
    responsible: str | None = None  # 帮扶责任人, a checked name
    responsible_phone: str | None = None  # 责任人电话, a checked number
    union: str | None = None  # 所属工会, a code or name as written
    members: tuple[MemberRow, ...] = ()
    cells: Mapping[str, Any] = field(default_factory=dict)  # header → the cell as the file holds it

    @property
    def id_number(self) -> str:
        return str(self.data.get("id_number") or "")


@dataclass(frozen=True)
class RosterSheet:
    """A roster as read: its household rows and what the reading refused."""

    source: str
    rows: tuple[RosterRow, ...]
    issues: tuple[RosterIssue, ...]
    sheet: str = MAIN_SHEET
    orphans: tuple[MemberRow, ...] = ()  # member rows whose household is not in the roster


@dataclass
class Table:
    """One sheet: (row number as the spreadsheet shows it, cell values) for every row, and formula cells."""

    name: str
    rows: list[tuple[int, list[Any]]]
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row number, column index)


def _refuse(zh: str, en: str, source: str | None = None) -> ValidationFailed:
    return ValidationFailed([FieldError("file", zh, en, source=source)])


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
        raise _refuse(
            "CSV 文件编码无法识别（应为 UTF-8 或 GBK）", "the CSV encoding is neither UTF-8 nor GBK"
        ) from None


def _csv_rows(path: Path) -> list[tuple[int, list[Any]]]:
    text = _decode_csv(path.read_bytes())
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CSV_FIELD)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        return [(i, list(r)) for i, r in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise _refuse(
            f"CSV 文件第{reader.line_num}行无法读取（{exc}）",
            f"CSV line {reader.line_num} cannot be read ({exc})",
            path.name,
        ) from None
    finally:
        csv.field_size_limit(limit)


def _check_inflated_size(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond MAX_XLSX_UNCOMPRESSED (read from the zip directory)."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # calamine names the damage
    if total > MAX_XLSX_UNCOMPRESSED:
        raise _refuse(
            f"Excel 文件解压后过大（{total // (1 << 20)} MB），疑似损坏或恶意文件",
            f"the workbook inflates to {total // (1 << 20)} MB: refused",
            path.name,
        )


def read_tables(path: Path) -> tuple[Table, Table | None]:
    """The roster sheet (the first, or the one named 困难职工花名册) and the optional 家庭成员 sheet."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return Table(MAIN_SHEET, _csv_rows(path)), None
    if suffix not in (".xlsx", ".xlsm"):
        raise _refuse(
            f"不支持的文件类型 {suffix}（请用 .xlsx 或 .csv）",
            f"unsupported file type {suffix} (use .xlsx or .csv)",
            path.name,
        )
    from python_calamine import CalamineWorkbook

    _check_inflated_size(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for damaged files
        raise _refuse(
            f"无法读取 Excel 文件（{exc}）", f"cannot read the workbook ({exc})", path.name
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


def _find_header(
    table: Table, wanted: Sequence[str], aliases: Mapping[str, str]
) -> tuple[int, dict[str, int]] | None:
    for idx, (_rownum, cells) in enumerate(table.rows[:20]):
        heads = [aliases.get(h, h) for h in (_norm_header(c) for c in cells)]
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
class _Raw:
    rownum: int
    data: dict[str, Any]
    extra: dict[str, Any]
    cells: dict[str, Any]


#: what clerks write in an optional cell for "nothing" (text cells keep them: "无" is a stated none there)
_NOTHING = frozenset({"-", "--", "—", "——", "－", "/", "／", "\\"})
_NONE_WORDS = frozenset({"无", "没有", "暂无"})
_TEXT_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")


def _understood(value: Any, header: str, *, required: bool, members: bool) -> Any:
    """Text dates as dates (2026-1-5, 2026/01/05, 2026年1月5日); "-" or "无" in an optional non-text cell as blank."""
    if not isinstance(value, str):
        return value
    spec = (MEMBER_FIELD_OF if members else FIELD_OF).get(header)
    if spec is None:
        return value
    if spec.kind == "date":
        m = _TEXT_DATE.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return value  # the cleaners name the bad date
    if required or spec.kind == "text":
        return value
    if value in _NOTHING:
        return None
    if value in _NONE_WORDS:
        if spec.enum is not None:
            try:
                spec.enum.parse(value)  # 无 is a value of some enumerations (劳模级别, 医保状况)
                return value
            except ValueError:
                return None
        return None
    return value


def _read_rows(
    table: Table,
    columns: Sequence[tuple[str, str]],
    required: Sequence[str],
    source: str,
    issues: list[RosterIssue],
    aliases: Mapping[str, str],
) -> list[_Raw]:
    found = _find_header(table, [h for h, _ in columns if h in required], aliases)
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
    missing = [h for h in required if h not in mapping]
    for h in missing:
        issues.append(RosterIssue(source, sheet, header_row, h, "缺少必填列", "required column is missing"))
    if missing:
        return []
    out: list[_Raw] = []
    members = columns is MEMBER_COLUMNS
    for rownum, cells in table.rows[idx + 1 :]:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # blank rows are skipped
        first = next((c for c in cells if c not in (None, "")), None)
        if isinstance(first, str) and first.strip().startswith(SAMPLE_MARK):
            continue  # the template's sample row
        data: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        kept: dict[str, Any] = {}
        for header, key in columns:
            col = mapping.get(header)
            if col is None or col >= len(cells):
                continue
            if cells[col] not in (None, ""):
                kept[header] = cells[col]  # as the file holds it (a text date becomes a date below)
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
            value = _understood(value, header, required=header in required, members=members)
            if isinstance(value, dt.date):
                kept[header] = value
            (extra if key.startswith("_") else data)[key] = value
        out.append(_Raw(rownum, data, extra, kept))
    return out


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


def _responsible(
    raw: _Raw, source: str, sheet: str, issues: list[RosterIssue]
) -> tuple[str | None, str | None]:
    """帮扶责任人 and 责任人电话, checked as a name and a phone number."""
    person = raw.extra.get("_responsible")
    name: str | None = None
    if person not in (None, ""):
        try:
            name = check_name(person, "responsible")
        except ValidationFailed as exc:
            issues.append(
                RosterIssue(source, sheet, raw.rownum, "帮扶责任人", exc.errors[0].zh, exc.errors[0].en)
            )
    phone: str | None = None
    try:
        phone = check_phone(raw.extra.get("_responsible_phone"), "responsible_phone")
    except ValidationFailed as exc:
        issues.append(
            RosterIssue(source, sheet, raw.rownum, "责任人电话", exc.errors[0].zh, exc.errors[0].en)
        )
    return name, phone


def read_roster(path: Path, *, today: dt.date) -> RosterSheet:
    """The household rows of a roster with their member rows, and every problem found in the file itself.

    What the file alone shows is checked here (headers, cell values, formulas, two rows with one ID number,
    members without their household, 意外事件's date, the responsible person's name and phone); the fields
    themselves are cleaned once, by the services that write them.

    Raises:
        ValidationFailed: the file cannot be read at all (type, encoding, damage, size).
    """
    source = path.name
    main, member_table = read_tables(path)
    issues: list[RosterIssue] = []
    raws = _read_rows(main, COLUMNS, REQUIRED, source, issues, ALIASES)
    member_raws = (
        _read_rows(member_table, MEMBER_COLUMNS, MEMBER_REQUIRED, source, issues, MEMBER_ALIASES)
        if member_table is not None
        else []
    )
    numbers: dict[str, int] = {}
    for r in raws:
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
    members: dict[int, list[MemberRow]] = {}
    orphans: list[MemberRow] = []
    for m in member_raws:
        head = str(m.extra.get("_head") or "").strip().upper()
        if head not in numbers:
            orphans.append(MemberRow(m.rownum, m.data, m.cells))
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
        members.setdefault(numbers[head], []).append(MemberRow(m.rownum, m.data, m.cells))
    rows: list[RosterRow] = []
    for r in raws:
        acc, problem = _accident(r.extra.get("_accident"), today)
        if problem:
            issues.append(RosterIssue(source, main.name, r.rownum, "意外事件", problem, "bad accident date"))
        r.data.update(acc)
        name, phone = _responsible(r, source, main.name, issues)
        union = r.extra.get("_union")
        rows.append(
            RosterRow(
                r.rownum,
                r.data,
                responsible=name,
                responsible_phone=phone,
                union=str(union).strip() if union not in (None, "") else None,
                members=tuple(members.get(r.rownum, ())),
                cells=r.cells,
            )
        )
    return RosterSheet(source, tuple(rows), tuple(issues), main.name, tuple(orphans))
