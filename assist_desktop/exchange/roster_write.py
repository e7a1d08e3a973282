"""Writing rosters (花名册) with openpyxl: the template (with drop-downs) and the roll of files, every text that a
spreadsheet could run as a formula neutralised. The rows come from the services as stored values (no database here).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from assist_desktop.domain import enums as E
from assist_desktop.domain.fields import FieldSpec
from assist_desktop.domain.validation import fen_to_yuan_text
from assist_desktop.exchange.roster_columns import (
    COLUMNS,
    ENUM_COLUMNS,
    FIELD_OF,
    MAIN_SHEET,
    MEMBER_COLUMNS,
    MEMBER_ENUMS,
    MEMBER_FIELD_OF,
    MEMBER_REQUIRED,
    MEMBER_SHEET,
    OPTIONS_SHEET,
    REQUIRED,
    TEXT_COLUMNS,
)
from assist_desktop.exchange.roster_read import _DANGEROUS_START, SAMPLE_MARK


@dataclass(frozen=True)
class RollEntry:
    """One file of the roll: its stored values by column name (machine values, money in fen) and who keeps it."""

    values: Mapping[str, Any]
    responsible: str | None = None
    responsible_phone: str | None = None
    union_code: str | None = None


@dataclass(frozen=True)
class ErrorRow:
    """A refused row to write back: its cells by header (as the file held them) and why it was refused."""

    cells: Mapping[str, Any]
    reason: str


#: the column beside the refused rows
ERROR_COLUMN = "错误原因"


@dataclass(frozen=True)
class RollMember:
    """One household member of the roll: the household's ID number and the member's stored values."""

    head_id_number: str | None
    values: Mapping[str, Any]


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


#: the template's sample rows (the reader skips a row whose 姓名 starts with 示例)
_SAMPLE: dict[str, Any] = {
    "姓名": f"{SAMPLE_MARK}：张建国", "身份证号": "230102197003151238", "性别": "男", "民族": "汉族",
    "手机号码": "13945678901", "家庭住址": "南岗区学府路1号", "工作单位": "哈尔滨锅炉厂", "单位性质": "国有企业",
    "所属行业": "制造业", "工作状态": "下岗", "健康状况": "良好", "婚姻状况": "已婚", "户口类型": "城镇",
    "本人月收入": 0, "家庭年总收入": 18000, "家庭人口": 3, "年度刚性支出": 0, "低保金额": 0, "住房类型": "自有住房",
    "主要致困原因": "下岗失业", "次要致困原因": "子女上学", "家庭情况": "夫妻二人，一子读高中", "技术特长": "车工",
    "就业意愿": "希望做保安", "思想状况": "情绪稳定", "走访日期": dt.date(2026, 10, 15), "帮扶责任人": "刘干部",
    "责任人电话": "13800000000", "致困情况说明": "企业改制后下岗，妻子患病", "有无劳动能力": "是",
}
_MEMBER_SAMPLE: dict[str, Any] = {
    "户主身份证号": "230102197003151238", "姓名": f"{SAMPLE_MARK}：张小明", "关系": "儿子", "健康状况": "良好",
    "人员身份": "在校学生", "月收入": 0,
}
GUIDE_SHEET = "填表说明"
_KIND_ZH = {"text": "文字", "money": "金额（元）", "date": "日期（如 2026-01-05）", "enum": "单选",
            "multi_enum": "多选（用顿号、逗号分隔）", "bool": "是/否", "int": "整数", "float": "数字"}
_SPECIAL_HELP = {
    "_responsible": ("文字", "帮扶责任人的姓名（本单位同名干部只能有一位）"),
    "_responsible_phone": ("文字", "帮扶责任人的手机号码"),
    "_union": ("文字", "所属工会的代码或名称（须已添加为下级单位）"),
    "_accident": ("文字", "意外事件：可以日期开头，如“2026-05-01 车祸受伤”"),
    "_head": ("文字", "户主（困难职工）的身份证号，须在花名册中"),
}


def _write_sample(ws: Any, columns: Sequence[tuple[str, str]], sample: Mapping[str, Any]) -> None:
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    for c, (header, _key) in enumerate(columns, start=1):
        value = sample.get(header)
        if value is None:
            continue
        cell = ws.cell(row=2, column=c, value=value)
        cell.font = Font(italic=True, color="808080")
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, str):
            cell.data_type = TYPE_STRING


def _guide_rows() -> list[list[str]]:
    from assist_desktop.exchange.roster_values import DECISIVE

    rows: list[list[str]] = []
    for sheet, columns, required, fields in (
        (MAIN_SHEET, COLUMNS, REQUIRED, FIELD_OF),
        (MEMBER_SHEET, MEMBER_COLUMNS, MEMBER_REQUIRED, MEMBER_FIELD_OF),
    ):
        for header, key in columns:
            spec = fields.get(header)
            if spec is None:
                kind, note = _SPECIAL_HELP.get(key, ("文字", ""))
                rows.append([sheet, header, "是" if header in required else "", kind, "", "", note])
                continue
            allowed = synonyms = ""
            if spec.enum is not None:
                allowed = "、".join(m.label for m in spec.enum)
                words = E.synonyms_of(spec.enum.__name__)
                synonyms = "；".join(
                    f"{_label(spec.enum, target)}：{'、'.join(ws)}" for target, ws in words.items()
                )
            note = ""
            if spec.enum is not None and sheet == MAIN_SHEET and spec.name in DECISIVE:
                note = "只接受可选值及其他写法，不认识的取值整行不导入"
            elif spec.enum is not None:
                note = "不认识的取值照原文保留、记为“其他”，可用“roster map set”映射"
            if spec.kind in ("money", "int", "date", "bool", "enum", "multi_enum") and header not in required:
                note = (note + "；" if note else "") + "“-”或“无”视为未填"
            if spec.derived:
                note = (note + "；" if note else "") + "可不填，由身份证号得出"
            rows.append([sheet, header, "是" if header in required else "", _KIND_ZH.get(spec.kind, spec.kind),
                         allowed, synonyms, note])
    return rows


def write_template(out: str | os.PathLike[str]) -> Path:
    """The roster template: the roster and member sheets with headers (required in red, with a 必填 note),
    drop-downs where a column is enumerated, a sample row (skipped on import), and a 填表说明 sheet listing every
    column with its allowed values and the other words accepted for them."""
    from openpyxl.styles import Alignment, Font

    wb, _opts, ranges = _workbook_with_options()
    ws = wb.active
    ws.title = MAIN_SHEET
    _setup_sheet(ws, COLUMNS, REQUIRED, ranges)
    _write_sample(ws, COLUMNS, _SAMPLE)
    ms = wb.create_sheet(MEMBER_SHEET, 1)
    _setup_sheet(ms, MEMBER_COLUMNS, MEMBER_REQUIRED, ranges, prefix="成员")
    _write_sample(ms, MEMBER_COLUMNS, _MEMBER_SAMPLE)
    guide = wb.create_sheet(GUIDE_SHEET, 2)
    guide.append(["工作表", "列名", "必填", "类型", "可选值", "其他写法（同义词）", "说明"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for row in _guide_rows():
        guide.append(row)
    for letter, width in zip("ABCDEFG", (14, 16, 6, 22, 50, 80, 50), strict=True):
        guide.column_dimensions[letter].width = width
    for row_cells in guide.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith(_DANGEROUS_START):
                cell.value = neutralise(cell.value)
    guide.append([])
    guide.append(["", f"第2行是示例（姓名以“{SAMPLE_MARK}”开头），导入时跳过；红色列名为必填列。"])
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


def _accident_cell(values: Mapping[str, Any]) -> str | None:
    day = values.get("accident_date")
    parts = (day.isoformat() if isinstance(day, dt.date) else "", values.get("accident_note") or "")
    return " ".join(p for p in parts if p) or None


def _cell_of(spec: FieldSpec, values: Mapping[str, Any]) -> Any:
    """A stored value as the roster shows it: labels for enumerations, yuan for money, 是/否 for yes/no."""
    value = values.get(spec.model_column)
    if value is None or value == "":
        return None
    if spec.kind == "multi_enum" and spec.enum is not None:
        return "、".join(_label(spec.enum, c) or c for c in str(value).split(",") if c) or None
    if spec.enum is not None:
        return _label(spec.enum, value)
    if spec.kind == "money":
        return _yuan(value)
    if spec.kind == "bool":
        return "是" if value else "否"
    return value


def roll_cells(entry: RollEntry) -> list[Any]:
    """One file as roster cells, in the order of COLUMNS."""
    values = entry.values
    special = {
        "_responsible": entry.responsible,
        "_responsible_phone": entry.responsible_phone,
        "_union": entry.union_code,
        "_accident": _accident_cell(values),
        "_birth_date": values.get("birth_date"),
    }
    return [special.get(key) if key in special else _cell_of(FIELD_OF[header], values) for header, key in COLUMNS]


def member_cells(member: RollMember) -> list[Any]:
    """One household member as cells of the 家庭成员 sheet, in the order of MEMBER_COLUMNS."""
    return [
        member.head_id_number if key == "_head" else _cell_of(MEMBER_FIELD_OF[header], member.values)
        for header, key in MEMBER_COLUMNS
    ]


def write_roll(
    out: str | os.PathLike[str],
    files: Iterable[RollEntry],
    members: Iterable[RollMember],
    *,
    rows: int = 0,
    member_rows: int = 0,
) -> Path:
    """The roll as .xlsx in the roster columns (so it can be edited and imported again), with the members sheet.

    Streamed: openpyxl's write-only mode writes each row as it comes, so `files` and `members` may be generators
    over a query and a roll of 100,000 files is written in bounded memory. `rows`/`member_rows` (when known) size
    the drop-down lists' ranges. Text is never a formula (written as a string cell, formula-like starts
    neutralised).
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(MAIN_SHEET)
    ms = wb.create_sheet(MEMBER_SHEET)
    opts = wb.create_sheet(OPTIONS_SHEET)
    opts.sheet_state = "hidden"
    ranges = _options_rows(opts)
    _stream_header(ws, COLUMNS, REQUIRED, ranges, rows=max(rows, MAX_LIST_ROWS) + 1)
    _stream_header(ms, MEMBER_COLUMNS, MEMBER_REQUIRED, ranges, prefix="成员",
                   rows=max(member_rows, MAX_LIST_ROWS) + 1)
    for entry in files:
        ws.append(_stream_cells(ws, roll_cells(entry)))
    for member in members:
        ms.append(_stream_cells(ms, member_cells(member)))
    return _save(wb, Path(out))


#: the drop-down lists reach at least this many rows (rows added by hand below the roll keep them)
MAX_LIST_ROWS = 5000


def _stream_cells(ws: Any, values: Sequence[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING

    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = neutralise(value)
            if value.startswith("="):  # cannot happen after neutralise; a string cell all the same
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = TYPE_STRING
                value = cell
        # openpyxl writes any other text as a string cell (only a leading "=" makes a formula)
        out.append(value)
    return out


def _options_rows(opts: Any) -> dict[str, str]:
    """The hidden 选项 sheet, row by row (write-only mode), and each list's range."""
    from openpyxl.utils import get_column_letter

    lists: dict[str, list[str]] = {
        name: [m.label for m in enum]
        for name, enum in {**ENUM_COLUMNS, **{f"成员{k}": v for k, v in MEMBER_ENUMS.items()}}.items()
    }
    lists["残疾等级"] = ["1", "2", "3", "4"]
    lists["有无劳动能力"] = ["是", "否"]
    names = list(lists)
    ranges = {name: f"{OPTIONS_SHEET}!${get_column_letter(c)}$2:${get_column_letter(c)}${len(lists[name]) + 1}"
              for c, name in enumerate(names, start=1)}
    opts.append(names)
    for i in range(max(len(v) for v in lists.values())):
        opts.append([lists[n][i] if i < len(lists[n]) else None for n in names])
    return ranges


def _stream_header(ws: Any, columns: Sequence[tuple[str, str]], required: Sequence[str],
                   ranges: Mapping[str, str], *, prefix: str = "", rows: int) -> None:
    """What `_setup_sheet` does, for a write-only sheet: widths and drop-downs first, then the header row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header_cells = []
    for col, (header, _key) in enumerate(columns, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 22 if header in TEXT_COLUMNS else max(10, len(header) * 2 + 4)
        cell = WriteOnlyCell(ws, value=header)
        cell.font = Font(bold=True, color="C00000" if header in required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        if header in required:
            cell.comment = Comment("必填", "assist-desktop")
        header_cells.append(cell)
        key = prefix + header
        if key in ranges:
            dv = DataValidation(type="list", formula1=f"={ranges[key]}", allow_blank=True,
                                showErrorMessage=header != "次要致困原因")
            dv.error, dv.errorTitle = "请从下拉列表中选择", "无效的值"
            dv.add(f"{letter}2:{letter}{rows}")
            ws.data_validations.append(dv)
    ws.freeze_panes = "C2"
    ws.append(header_cells)


def write_errors(out: str | os.PathLike[str], rows: Sequence[ErrorRow], members: Sequence[ErrorRow]) -> Path:
    """The refused rows in the template's columns and formats (dates stay dates, long numbers stay text) with a
    错误原因 column, so the clerk fixes them in Excel and imports this file again (错误原因 is not read)."""
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    wb, _opts, ranges = _workbook_with_options()
    ws = wb.active
    ws.title = MAIN_SHEET
    ms = wb.create_sheet(MEMBER_SHEET, 1)
    for sheet, columns, required, prefix, items in (
        (ws, COLUMNS, REQUIRED, "", rows),
        (ms, MEMBER_COLUMNS, MEMBER_REQUIRED, "成员", members),
    ):
        _setup_sheet(sheet, columns, required, ranges, prefix=prefix, rows=max(len(items) + 1, 2))
        reason_col = len(columns) + 1
        head = sheet.cell(row=1, column=reason_col, value=ERROR_COLUMN)
        head.font = Font(bold=True, color="C00000")
        sheet.column_dimensions[head.column_letter].width = 60
        for r, item in enumerate(items, start=2):
            for c, (header, _key) in enumerate(columns, start=1):
                value = item.cells.get(header)
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r, column=c)
                if header in TEXT_COLUMNS and isinstance(value, (int, float)) and not isinstance(value, bool):
                    value = str(int(value)) if float(value).is_integer() else str(value)
                if isinstance(value, dt.datetime):
                    value = value.date()
                cell.value = neutralise(value)
                if isinstance(value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever the text
                    if header in TEXT_COLUMNS:
                        cell.number_format = "@"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
            note = sheet.cell(row=r, column=reason_col, value=neutralise(item.reason))
            note.data_type = TYPE_STRING
            note.font = Font(color="C00000")
    return _save(wb, Path(out))
