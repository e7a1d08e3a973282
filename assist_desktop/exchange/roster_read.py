"""Reading a roster (花名册) into typed rows: sheets, the header row, cell values, limits.

Rows are read with python-calamine (.xlsx) or the csv module (UTF-8, UTF-8 with BOM or GBK); columns
are found by their Chinese headers in any order; extra columns are ignored. Every problem is reported
with the source file, the row number as the spreadsheet shows it, the column header and the reason.
Nothing here opens the database: checks against what is on record are the services' (services/roster.py).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import pickle
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
from assist_desktop.exchange.roster_xlsx import (
    CHUNK,
    Unsupported,
    check_plain,
    date_styles,
    iter_rows,
    shared_strings,
    workbook_epoch,
)

#: a cell as the cleaners receive it
Cell = str | int | float | bool | dt.date | None

_FORMULA = re.compile(r"^\s*[=@＝＠]|^\s*[+\-＋－].*[=(!|@A-Za-z＝（＠]|^[\t\r]")
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
#: the first characters of a stripped text that need the formula check (or the export's apostrophe)
_RISKY_START = frozenset("=+-@\t\r＝＋－＠'")

# --- limits (issue 8 item 7): each refusal names the limit; the sizes are checked before anything is parsed ---
#: data rows of one sheet (a roster of a whole city is far below; Excel's own maximum is 1,048,576)
MAX_ROWS = 200_000
#: columns of one sheet (the template has about 60)
MAX_COLUMNS = 256
#: the cells of the sheet's used area, rows × columns (the parser holds the whole area in memory)
MAX_CELLS = 12_000_000
#: characters in one cell: Excel's own limit (the longest roster text is 2,000 characters)
MAX_CELL_CHARS = 32_767
#: the parts of a workbook, uncompressed, as the zip directory declares them and as they really inflate
MAX_XLSX_UNCOMPRESSED = 400 << 20
#: one sheet's XML, uncompressed (a 2 MB .xlsx can inflate to gigabytes)
MAX_SHEET_XML = 300 << 20
#: the shared strings (every text of the workbook), uncompressed
MAX_STRINGS_XML = 150 << 20
#: a CSV file's size
MAX_CSV_BYTES = 150 << 20
#: kept for callers of the first release's name
MAX_CSV_FIELD = MAX_CELL_CHARS
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
    #: the row's cells under headers the 家庭成员 sheet does not know (header → text), in the sheet's order
    unknown_cells: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SheetColumns:
    """The headers of one sheet: those read into fields (as the template names them) and those not known."""

    recognised: tuple[str, ...] = ()
    unrecognised: tuple[str, ...] = ()

    def to_json(self) -> dict[str, list[str]]:
        return {"recognised": list(self.recognised), "unrecognised": list(self.unrecognised)}


@dataclass(frozen=True)
class RosterRow:
    """One household row: the file's fields by machine name (as clean_file_input takes them), not yet cleaned."""

    rownum: int
    data: Mapping[str, Cell]
    responsible: str | None = None  # 帮扶责任人, a checked name
    responsible_phone: str | None = None  # 责任人电话, a checked number
    union: str | None = None  # 所属工会, a code or name as written
    birth_date: dt.date | None = None  # 出生日期, read only for matching a row without an ID number
    members: tuple[MemberRow, ...] = ()
    cells: Mapping[str, Any] = field(default_factory=dict)  # header → the cell as the file holds it
    #: the row's cells under headers the roster does not know (header → text), in the sheet's order
    unknown_cells: Mapping[str, str] = field(default_factory=dict)

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
    columns: SheetColumns = SheetColumns()
    member_columns: SheetColumns | None = None  # None: no 家庭成员 sheet
    #: rows repeating an earlier row word for word (row, the earlier row, ID number): read once
    repeated: tuple[tuple[int, int, str], ...] = ()


@dataclass
class Table:
    """One sheet: (row number as the spreadsheet shows it, cell values) for every row, and formula cells.

    `rows` may be an iterator that reads the file as it goes (`roster_xlsx.iter_rows`, the CSV reader): then
    `formulas` grows as the rows come, each formula cell named before its row.
    """

    name: str
    rows: Iterable[tuple[int, list[Any]]]
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row number, column index)
    #: how many rows the sheet has (for progress; the last row number where only that is known)
    total: int | None = None


def _refuse(zh: str, en: str, source: str | None = None) -> ValidationFailed:
    return ValidationFailed([FieldError("file", zh, en, source=source)])


def _fits_file(path: Path, encoding: str) -> bool:
    """The file decodes in this encoding (read and checked in pieces)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as inp:
            while piece := inp.read(1 << 20):
                decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as inp:
        if inp.read(3) == b"\xef\xbb\xbf":
            return "utf-8-sig"
    if _fits_file(path, "utf-8"):
        return "utf-8"
    if _fits_file(path, "gb18030"):  # a superset of GBK, as Chinese Excel and WPS write it
        return "gb18030"
    raise _refuse("CSV 文件编码无法识别（应为 UTF-8 或 GBK）", "the CSV encoding is neither UTF-8 nor GBK")


def _csv_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], int]:
    """The CSV's rows, read from the file as they are asked for (the size and encoding are checked first)."""
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise _refuse(
            f"CSV 文件过大（{size >> 20} MB，上限 {MAX_CSV_BYTES >> 20} MB）",
            f"the CSV file is {size >> 20} MB (limit {MAX_CSV_BYTES >> 20} MB)",
            path.name,
        )
    encoding = _csv_encoding(path)
    return _csv_stream(path, encoding), _csv_row_count(path, encoding)


def _csv_row_count(path: Path, encoding: str) -> int:
    """The rows; refused before anything is imported: more rows or columns than the limits, a cell beyond
    Excel's limit."""
    n = 0
    for n, _row in _csv_stream(path, encoding):  # noqa: B007
        pass
    return n


def _csv_stream(path: Path, encoding: str) -> Iterator[tuple[int, list[Any]]]:
    # decoded as the reader goes (no whole decoded copy: a 50 MB cell is refused at its limit)
    with path.open("r", encoding=encoding, newline="") as stream:
        limit = csv.field_size_limit()
        csv.field_size_limit(MAX_CELL_CHARS)
        reader = csv.reader(stream)
        try:
            for i, r in enumerate(reader, start=1):
                if i > MAX_ROWS + 1:
                    raise _too_many_rows(path.name)
                if len(r) > MAX_COLUMNS:
                    raise _too_many_columns(path.name, len(r))
                csv.field_size_limit(limit)
                yield i, r
                csv.field_size_limit(MAX_CELL_CHARS)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _too_long_cell(path.name, reader.line_num) from None
            raise _refuse(
                f"CSV 文件第{reader.line_num}行无法读取（{exc}）",
                f"CSV line {reader.line_num} cannot be read ({exc})",
                path.name,
            ) from None
        finally:
            csv.field_size_limit(limit)


def _too_many_rows(source: str) -> ValidationFailed:
    return _refuse(
        f"行数超过上限 {MAX_ROWS:,} 行（请分成几个文件导入）",
        f"more than {MAX_ROWS:,} rows (split the roster into several files)",
        source,
    )


def _too_many_columns(source: str, n: int) -> ValidationFailed:
    return _refuse(
        f"列数 {n} 超过上限 {MAX_COLUMNS} 列", f"{n} columns: more than the limit of {MAX_COLUMNS}", source
    )


def _too_long_cell(source: str, row: int | None = None) -> ValidationFailed:
    where = f"第{row}行" if row else ""
    return _refuse(
        f"{where}有单元格超过 {MAX_CELL_CHARS:,} 个字符（Excel 单元格的上限），已拒绝整个文件",
        f"{'row ' + str(row) + ': ' if row else ''}a cell is longer than {MAX_CELL_CHARS:,} characters "
        "(Excel's own limit): the file is refused",
        source,
    )


def _check_inflated_size(path: Path) -> None:
    """Refuse a workbook whose parts declare more than the limits (read from the zip directory only)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # calamine names the damage
    total = sum(info.file_size for info in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise _inflated(path.name, "Excel 文件", "the workbook", total, MAX_XLSX_UNCOMPRESSED)
    for info in infos:
        name = info.filename.lower()
        if name.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_XML:
            raise _inflated(path.name, "工作表", "a sheet", info.file_size, MAX_SHEET_XML)
        if name == "xl/sharedstrings.xml" and info.file_size > MAX_STRINGS_XML:
            raise _inflated(path.name, "共享文本", "the shared strings", info.file_size, MAX_STRINGS_XML)


def _inflated(source: str, zh: str, en: str, size: int, limit: int) -> ValidationFailed:
    return _refuse(
        f"{zh}解压后过大（{size >> 20} MB，上限 {limit >> 20} MB），疑似损坏或恶意文件，已拒绝",
        f"{en} inflates to {size >> 20} MB (limit {limit >> 20} MB): refused",
        source,
    )


@dataclass
class _SheetScan:
    """What one streaming pass over a sheet's XML found, before the parser holds it in memory."""

    max_row: int = 0
    max_col: int = 0
    formulas: set[tuple[int, int]] = field(default_factory=set)
    unplaced_formula: bool = False  # a formula cell without its reference (r="…")
    #: merged ranges (first row, first column, last row, last column), 0-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


_SCAN_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_SCAN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_SCAN_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_CHUNK = 1 << 20
#: a cell's XML longer than this cannot hold a cell within MAX_CELL_CHARS (6 bytes a character, and markup)
_MAX_CELL_XML = MAX_CELL_CHARS * 6 + 4096
#: the column letters of a cell's reference (the fast scan of a chunk without formulas)
_SCAN_COL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})\d')
#: a run of text without markup long enough to be a cell beyond MAX_CELL_CHARS (then every cell is measured)
_LONG_TEXT = re.compile(rb">[^<]{%d}" % MAX_CELL_CHARS)  # a text run starts after a tag's end
_LONG_START = re.compile(rb"[^<]{%d}" % MAX_CELL_CHARS)  # or at the start of a piece
_SCAN_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
#: merged ranges read from one sheet (a title row has one; thousands mean a sheet of another kind)
MAX_MERGES = 10_000


def _scan_sheet(zf: zipfile.ZipFile, member: str, source: str) -> _SheetScan:
    """Stream one sheet's XML: its real inflated size, its used area (rows × columns) and its formula cells.

    Raises:
        ValidationFailed: beyond a limit (the parser is never started on such a sheet).
    """
    scan = _SheetScan()
    size = 0
    carry = b""
    rows_seen = 0
    with zf.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            size += len(chunk)
            if size > MAX_SHEET_XML:
                raise _inflated(source, "工作表", "a sheet", size, MAX_SHEET_XML)
            data = carry + chunk
            # keep an incomplete cell (and a row tag cut in two) for the next chunk
            cut = len(data) if not chunk else max(data.rfind(b"<c "), data.rfind(b"<c>"), data.rfind(b"<row"),
                                                  data.rfind(b"<mergeCell"))
            if cut < 0:  # no cell starts here (filler, or the middle of one long cell's text)
                cut = max(0, len(data) - 64)
            body, carry = data[:cut], data[cut:]
            if len(carry) > _MAX_CELL_XML:
                raise _too_long_cell(source)
            for m in _SCAN_ROW.finditer(body):
                scan.max_row = max(scan.max_row, int(m[1]))
            rows_seen += body.count(b"<row")
            if b"<mergeCell" in body:
                for m in _SCAN_MERGE.finditer(body):
                    scan.merges.append((int(m[2]) - 1, _col_index(m[1].decode()), int(m[4]) - 1,
                                        _col_index(m[3].decode())))
                if len(scan.merges) > MAX_MERGES:
                    raise _refuse(f"合并单元格超过 {MAX_MERGES:,} 处，不像花名册", "too many merged ranges", source)
            if b"<f" not in body and _LONG_TEXT.search(body) is None and _LONG_START.match(body) is None:
                # no formula and no text run that could be an over-long cell: only the used columns matter
                letters = set(_SCAN_COL.findall(body))
                if letters:
                    scan.max_col = max(scan.max_col, max(_col_index(x.decode()) for x in letters) + 1)
                if not chunk:
                    break
                continue
            for m in _SCAN_CELL.finditer(body):
                ref = _SCAN_REF.search(m[1])
                inner = m[3] or b""
                if len(inner) > _MAX_CELL_XML:
                    raise _too_long_cell(source)
                if ref is None:
                    if b"<f" in inner:
                        scan.unplaced_formula = True
                    continue
                row, col = int(ref[2]), _col_index(ref[1].decode())
                scan.max_row = max(scan.max_row, row)
                scan.max_col = max(scan.max_col, col + 1)
                if b"<f" in inner:
                    scan.formulas.add((row, col))
            if not chunk:
                break
    scan.max_row = max(scan.max_row, rows_seen)
    if scan.max_row > MAX_ROWS + 1:
        raise _too_many_rows(source)
    if scan.max_col > MAX_COLUMNS:
        raise _too_many_columns(source, scan.max_col)
    if scan.max_row * max(scan.max_col, 1) > MAX_CELLS:
        raise _refuse(
            f"工作表的使用区域过大（{scan.max_row:,} 行 × {scan.max_col} 列，上限 {MAX_CELLS:,} 个单元格）",
            f"the sheet's used area is {scan.max_row:,} × {scan.max_col} (limit {MAX_CELLS:,} cells)",
            source,
        )
    return scan


def _check_strings(zf: zipfile.ZipFile, source: str) -> None:
    """The shared strings really inflate within their limit (the zip directory can lie)."""
    try:
        stream = zf.open("xl/sharedStrings.xml")
    except KeyError:
        return
    size = 0
    with stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_STRINGS_XML:
                raise _inflated(source, "共享文本", "the shared strings", size, MAX_STRINGS_XML)


def read_tables(path: Path) -> tuple[Table, Table | None]:
    """The roster sheet (the first, or the one named 困难职工花名册) and the optional 家庭成员 sheet."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, total = _csv_rows(path)
        return Table(MAIN_SHEET, rows, total=total), None
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
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise _refuse(
            f"无法读取 Excel 文件（{exc}）", f"cannot read the workbook ({exc})", path.name
        ) from None
    main_name = MAIN_SHEET if MAIN_SHEET in names else names[0]
    wanted = [main_name] + ([MEMBER_SHEET] if MEMBER_SHEET in names and main_name != MEMBER_SHEET else [])
    scans = _scan_sheets(path, wanted)
    try:
        streamed = _streamed_tables(path, wanted, scans)
    except Unsupported:
        streamed = None
    if streamed is not None:
        wb.close()
        return streamed[0], (streamed[1] if len(wanted) > 1 else None)
    main = _calamine_table(wb, main_name, scans.get(main_name, _SheetScan()).formulas, path.name)
    members = (
        _calamine_table(wb, MEMBER_SHEET, scans.get(MEMBER_SHEET, _SheetScan()).formulas, path.name)
        if len(wanted) > 1
        else None
    )
    return main, members


def _streamed_tables(path: Path, wanted: Sequence[str], scans: Mapping[str, _SheetScan]) -> list[Table] | None:
    """The wanted sheets as tables whose rows are read from the XML as they are asked for (`roster_xlsx`).

    Raises:
        Unsupported: a sheet's XML is of a kind the streaming reader does not read (read with calamine).
    """
    try:
        with zipfile.ZipFile(path) as zf:
            members = _sheet_members(zf)
            if any(name not in members for name in wanted):
                return None
            styles = date_styles(zf)
            epoch = workbook_epoch(zf)
            strings = shared_strings(zf, lambda: _too_long_cell(path.name), MAX_CELL_CHARS)
            for name in wanted:  # the first piece of each sheet, checked for what this reader reads
                with zf.open(members[name]) as part:
                    check_plain(part.read(CHUNK))
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    out: list[Table] = []
    for name in wanted:
        scan = scans.get(name, _SheetScan())
        formulas = set(scan.formulas)
        rows = _xlsx_rows(path, members[name], strings, styles, scan.merges, formulas, epoch)
        out.append(Table(name, rows, formulas, scan.max_row))
    return out


def _xlsx_rows(path: Path, member: str, strings: list[str], styles: dict[int, str],
               merges: list[tuple[int, int, int, int]], formulas: set[tuple[int, int]],
               epoch: dt.datetime) -> Iterator[tuple[int, list[Any]]]:
    with zipfile.ZipFile(path) as zf:
        yield from iter_rows(zf, member, strings, styles, merges, formulas, epoch)


def _scan_sheets(path: Path, wanted: Sequence[str]) -> dict[str, _SheetScan]:
    """Every wanted sheet scanned (`_scan_sheet`) and the shared strings measured, before the parser reads them."""
    out: dict[str, _SheetScan] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            members = _sheet_members(zf)
            _check_strings(zf, path.name)
            for name in wanted:
                member = members.get(name)
                if member is None:
                    continue
                scan = _scan_sheet(zf, member, path.name)
                if scan.unplaced_formula:
                    raise _refuse(
                        f"工作表“{name}”含有公式：请全选后“粘贴为数值”再导入",
                        f"sheet {name} holds formulas: paste as values first",
                        path.name,
                    )
                out[name] = scan
    except (KeyError, zipfile.BadZipFile, OSError):
        return out
    return out


def _sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part in the zip."""
    book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    names = set(zf.namelist())
    out: dict[str, str] = {}
    for name, rid in re.findall(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', book):
        target = targets.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if member in names:
            out[_xml_unescape(name)] = member
    return out


def _calamine_table(wb: Any, name: str, formulas: set[tuple[int, int]], source: str) -> Table:
    sheet = wb.get_sheet_by_name(name)
    values = sheet.to_python(skip_empty_area=False)
    for r, row in enumerate(values, start=1):
        for cell in row:
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise _too_long_cell(source, r)
    # merged cells: calamine gives the value only in the top-left cell; fill the whole range with it
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if r0 >= len(values) or c0 >= len(values[r0]):
            continue
        top = values[r0][c0]
        for r in range(r0, min(r1, len(values) - 1) + 1):
            for c in range(c0, min(c1, len(values[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    values[r][c] = top
    return Table(name, [(i, list(r)) for i, r in enumerate(values, start=1)], formulas, len(values))


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
    rows: Iterator[tuple[int, list[Any]]], wanted: Sequence[str], aliases: Mapping[str, str]
) -> tuple[int, dict[str, int]] | None:
    """The header row among the first 20 rows (its row number, header → column); the rows after it are left
    in `rows`."""
    for _k, (rownum, cells) in zip(range(20), rows, strict=False):
        heads = [aliases.get(h, h) for h in (_norm_header(c) for c in cells)]
        if all(w in heads for w in wanted[:2]):
            mapping: dict[str, int] = {}
            for col, h in enumerate(heads):
                if h and h not in mapping:
                    mapping[h] = col
            return rownum, mapping
    return None


def _cell_text(value: Any, header: str) -> tuple[Any, str | None]:
    """A cell as a value for the cleaners; the second item is a refusal reason (or None)."""
    if value is None:
        return None, None
    if type(value) is str:  # most cells: checked first
        return _text_cell(value)
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
    return _text_cell(str(value))


def _text_cell(value: str) -> tuple[Any, str | None]:
    text = value.strip()
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
    unknown: dict[str, str] = field(default_factory=dict)


#: headers that are no field yet not "unrecognised": the error column --errors-out writes (its own file re-imported)
_IGNORED_HEADERS = frozenset({"错误原因"})


#: what clerks write in an optional cell for "nothing" (text cells keep them: "无" is a stated none there)
_NOTHING = frozenset({"-", "--", "—", "——", "－", "/", "／", "\\"})
_NONE_WORDS = frozenset({"无", "没有", "暂无"})
_TEXT_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")


def _understood(value: Any, header: str, *, required: bool, members: bool) -> Any:
    """Text dates as dates (2026-1-5, 2026/01/05, 2026年1月5日); "-" in an optional non-text cell as blank, and
    "无" too where it is not an answer (a yes/no column, or a value of the enumeration)."""
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
        if spec.kind == "bool":
            return value  # 有无劳动能力 “无” is an answer: no
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
    seen: list[SheetColumns] | None = None,
) -> Iterator[_Raw]:
    """The sheet's rows after its header row, read as they are asked for; the header's problems are in `issues`
    (and its columns in `seen`) when this returns."""
    rows = iter(table.rows)
    found = _find_header(rows, [h for h, _ in columns if h in required], aliases)
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
        return iter(())
    header_row, mapping = found
    missing = [h for h in required if h not in mapping]
    for h in missing:
        issues.append(RosterIssue(source, sheet, header_row, h, "缺少必填列", "required column is missing"))
    if missing:
        return iter(())
    members = columns is MEMBER_COLUMNS
    name_col = mapping.get("姓名")
    # the columns this sheet has, in the template's order: (header, key, index, required)
    present = [(h, key, mapping[h], h in required) for h, key in columns if h in mapping]
    known = {h for h, _k in columns}
    strange = [(h, c) for h, c in sorted(mapping.items(), key=lambda hc: hc[1])
               if h not in known and h not in _IGNORED_HEADERS]
    if seen is not None:
        seen.append(SheetColumns(tuple(h for h, _k, _c, _r in present), tuple(h for h, _c in strange)))
    return _raw_rows(rows, table.formulas, present, strange, name_col, members, source, sheet, issues)


def _raw_rows(
    rows: Iterator[tuple[int, list[Any]]],
    formulas: set[tuple[int, int]],
    present: Sequence[tuple[str, str, int, bool]],
    strange: Sequence[tuple[str, int]],
    name_col: int | None,
    members: bool,
    source: str,
    sheet: str,
    issues: list[RosterIssue],
) -> Iterator[_Raw]:
    # per column: (header, key, index, required, an extra's key, a text as written is the value)
    columns = []
    for header, key, col, is_required in present:
        spec = (MEMBER_FIELD_OF if members else FIELD_OF).get(header)
        columns.append((header, key, col, is_required, key[0] == "_", spec is None or spec.kind == "text"))
    for rownum, cells in rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # blank rows are skipped
        name_cell = cells[name_col] if name_col is not None and name_col < len(cells) else None
        if isinstance(name_cell, str) and name_cell.strip().startswith(SAMPLE_MARK):
            continue  # the template's sample row (its 姓名 starts with 示例)
        data: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        kept: dict[str, Any] = {}
        width = len(cells)
        for header, key, col, is_required, hidden, plain in columns:
            if col >= width:
                continue
            cell = cells[col]
            if (cell is None or cell == "") and not formulas:
                (extra if hidden else data)[key] = None  # a blank cell: nothing to keep or check
                continue
            if type(cell) is str and len(cell) > MAX_CELL_CHARS:  # rich-text runs can add up past the scan's check
                raise _too_long_cell(source, rownum)
            if type(cell) is str and not formulas:  # most cells: plain text (checked here, without the detours)
                text = cell.strip()
                kept[header] = cell
                if text and text[0] not in _RISKY_START:
                    if not plain:
                        text = _understood(text, header, required=is_required, members=members)
                        if isinstance(text, dt.date):
                            kept[header] = text
                    (extra if hidden else data)[key] = text
                    continue
                if not text:
                    (extra if hidden else data)[key] = None
                    continue
            if cell not in (None, ""):
                kept[header] = cell  # as the file holds it (a text date becomes a date below)
            if formulas and (rownum, col) in formulas:
                # refused like a text formula, cached value or not (the value is the formula's, not the clerk's)
                issues.append(
                    RosterIssue(
                        source,
                        sheet,
                        rownum,
                        header,
                        "单元格是公式" + ("且没有计算结果" if cells[col] in (None, "") else "")
                        + "，已拒绝：请“粘贴为数值”后再导入",
                        "the cell is a formula: paste as values",
                    )
                )
                continue
            value, problem = _cell_text(cell, header)
            if problem:
                issues.append(RosterIssue(source, sheet, rownum, header, problem, "refused cell value"))
                continue
            value = _understood(value, header, required=is_required, members=members)
            if isinstance(value, dt.date):
                kept[header] = value
            (extra if hidden else data)[key] = value
        unknown: dict[str, str] = {}
        for h, c in strange:
            if c < width and cells[c] not in (None, ""):
                text, problem = _cell_text(cells[c], h)
                if problem is None and text not in (None, ""):
                    unknown[h] = str(text)
        yield _Raw(rownum, data, extra, kept, unknown)


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


class _MemberStore:
    """The member rows of a roster, by the head's ID number, in a private temporary SQLite database (on disk,
    removed when closed): written in chunks as the sheet is read, taken back for a batch of households, the rows
    no household took listed at the end. Python holds only the chunk being written."""

    CHUNK = 2000

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._keys: dict[str, str] = {}  # the field names and headers, one object each (as the reader made them)

    def _load(self, blob: bytes) -> MemberRow:
        rownum, data, cells, unknown = pickle.loads(blob)  # noqa: S301 (written by this process, just before)
        keys = self._keys
        return MemberRow(rownum, {keys.setdefault(k, k): v for k, v in data},
                         {keys.setdefault(k, k): v for k, v in cells}, {keys.setdefault(k, k): v for k, v in unknown})

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            # "": a temporary database on disk, deleted when closed; read by whichever thread runs the import
            self._db = sqlite3.connect("", check_same_thread=False)
            self._db.execute("CREATE TABLE m (head TEXT NOT NULL, rownum INTEGER NOT NULL, used INTEGER NOT NULL "
                             "DEFAULT 0, row BLOB NOT NULL)")
        return self._db

    def fill(self, rows: Iterable[tuple[str, MemberRow]]) -> None:
        chunk: list[tuple[str, int, bytes]] = []
        conn = self._conn()
        for head, m in rows:
            row = (m.rownum, tuple(m.data.items()), tuple(m.cells.items()), tuple(m.unknown_cells.items()))
            chunk.append((head, m.rownum, pickle.dumps(row, pickle.HIGHEST_PROTOCOL)))
            if len(chunk) >= self.CHUNK:
                conn.executemany("INSERT INTO m (head, rownum, row) VALUES (?, ?, ?)", chunk)
                chunk = []
        if chunk:
            conn.executemany("INSERT INTO m (head, rownum, row) VALUES (?, ?, ?)", chunk)
        conn.execute("CREATE INDEX m_head ON m (head, rownum)")

    def take(self, heads: Iterable[str]) -> dict[str, list[MemberRow]]:
        """The member rows of these heads (in sheet order), marked as taken."""
        if self._db is None:
            return {}
        wanted = sorted(set(heads))
        out: dict[str, list[MemberRow]] = {}
        for k in range(0, len(wanted), 500):
            part = wanted[k : k + 500]
            marks = ",".join("?" * len(part))
            for head, blob in self._db.execute(
                f"SELECT head, row FROM m WHERE used = 0 AND head IN ({marks}) ORDER BY head, rownum", part
            ):
                out.setdefault(head, []).append(self._load(blob))
            self._db.execute(f"UPDATE m SET used = 1 WHERE head IN ({marks})", part)
        return out

    def left(self) -> Iterator[tuple[str, MemberRow]]:
        """The rows no household took, in sheet order; the store is closed when they have been read."""
        if self._db is None:
            return
        try:
            for head, blob in self._db.execute("SELECT head, row FROM m WHERE used = 0 ORDER BY rownum"):
                yield head, self._load(blob)
        finally:
            self._db.close()
            self._db = None


def _cells_key(cells: Mapping[str, Any]) -> int:
    """A hash of a row's cells: compared only between rows with one ID number (a second row with that number and
    the same hash repeats the first word for word)."""
    return hash(tuple(cells.items()))


class RosterStream:
    """A roster being read: its columns and member rows at once, its household rows in batches as they are read.

    `issues`, `repeated` and `rows_read` grow as the batches are read; `orphans` (member rows whose household
    is not in the roster) and their issues are complete when the last batch has been read. Only what the
    checks need is kept of rows already read (ID numbers, a digest of the cells): the rows themselves are
    the caller's, batch by batch.
    """

    def __init__(self, path: Path, *, today: dt.date) -> None:
        self.source = path.name
        self.today = today
        main, member_table = read_tables(path)
        self.sheet = main.name
        self.issues: list[RosterIssue] = []
        seen: list[SheetColumns] = []
        self._raws = _read_rows(main, COLUMNS, REQUIRED, self.source, self.issues, ALIASES, seen)
        self.columns = seen[0] if seen else SheetColumns()
        self.member_columns: SheetColumns | None = None
        #: the member rows by the head's ID number as written (the sheet is streamed first into a temporary
        #: SQLite table, so that a members sheet of any size takes bounded memory; taken back batch by batch)
        self._members = _MemberStore()
        self.member_issue_rows: set[int] = set()  # member rows the reading refused something of
        if member_table is not None:
            member_seen: list[SheetColumns] = []
            before = len(self.issues)
            member_raws = _read_rows(member_table, MEMBER_COLUMNS, MEMBER_REQUIRED, self.source, self.issues,
                                     MEMBER_ALIASES, member_seen)
            self._members.fill(
                (str(m.extra.get("_head") or "").strip().upper(), MemberRow(m.rownum, m.data, m.cells, m.unknown))
                for m in member_raws
            )
            self.member_columns = member_seen[0] if member_seen else SheetColumns()
            self.member_issue_rows = {i.row for i in self.issues[before:] if i.sheet == MEMBER_SHEET}
        self.repeated: list[tuple[int, int, str]] = []
        self.repeated_names: dict[int, str] = {}  # a repeated row's 姓名 (the row it repeats has the same)
        self.total = max((main.total or 0) - 1, 0)  # the data rows at most (for progress)
        self.orphans: list[MemberRow] = []
        self.rows_read = 0
        self._numbers: dict[str, int] = {}
        self._first_cells: dict[str, int] = {}
        self._done = False

    def batches(self, size: int = 2000) -> Iterator[list[RosterRow]]:
        """The household rows, `size` at a time, each with its member rows; once only."""
        raws: list[_Raw] = []
        for r in self._raws:
            raws.append(r)
            if len(raws) >= size:
                batch = self._rows(raws)
                raws = []
                if batch:
                    yield batch
        batch = self._rows(raws)
        self._finish()
        if batch:
            yield batch

    def _rows(self, raws: list[_Raw]) -> list[RosterRow]:
        """A batch of household rows with their members (taken from the store for the whole batch at once)."""
        if not raws:
            return []
        heads = {str(r.data.get("id_number") or "").strip().upper() for r in raws}
        found = self._members.take(h for h in heads if h and h not in self._numbers)
        out = []
        for r in raws:
            row = self._row(r, found)
            if row is not None:
                out.append(row)
        return out

    def _row(self, r: _Raw, found: dict[str, list[MemberRow]]) -> RosterRow | None:
        source, sheet, issues = self.source, self.sheet, self.issues
        number = str(r.data.get("id_number") or "").strip().upper()
        members: list[MemberRow] = []
        if number:
            r.data["id_number"] = number
            first = self._numbers.get(number)
            if first is not None:
                if _cells_key(r.cells) == self._first_cells[number]:
                    self.repeated.append((r.rownum, first, number))  # the same household twice, word for word
                    self.repeated_names[r.rownum] = str(r.data.get("name") or "")
                    return None
                issues.append(RosterIssue(source, sheet, r.rownum, "身份证号", f"与第{first}行身份证号重复（{number}）",
                                          f"same ID number as row {first}"))
            else:
                self._numbers[number] = r.rownum
                self._first_cells[number] = _cells_key(r.cells)
                members = found.pop(number, [])
        self.rows_read += 1
        acc, problem = _accident(r.extra.get("_accident"), self.today)
        if problem:
            issues.append(RosterIssue(source, sheet, r.rownum, "意外事件", problem, "bad accident date"))
        r.data.update(acc)
        name, phone = _responsible(r, source, sheet, issues)
        born = r.extra.get("_birth_date")
        if isinstance(born, str):
            dm = _TEXT_DATE.match(born)
            try:
                born = dt.date(int(dm[1]), int(dm[2]), int(dm[3])) if dm else None
            except ValueError:
                born = None
        union = r.extra.get("_union")
        return RosterRow(
            r.rownum,
            r.data,
            responsible=name,
            responsible_phone=phone,
            union=str(union).strip() if union not in (None, "") else None,
            birth_date=born if isinstance(born, dt.date) else None,
            members=tuple(members),
            cells=r.cells,
            unknown_cells=r.unknown,
        )

    def _finish(self) -> None:
        """The member rows left over have no household in the roster."""
        if self._done:
            return
        self._done = True
        for head, m in self._members.left():
            self.orphans.append(m)
            self.issues.append(RosterIssue(self.source, MEMBER_SHEET, m.rownum, "户主身份证号",
                                           f"在花名册中找不到户主（身份证号 {head}）",
                                           "the head of household is not in the roster"))


def read_roster(path: Path, *, today: dt.date) -> RosterSheet:
    """The household rows of a roster with their member rows, and every problem found in the file itself.

    What the file alone shows is checked here (headers, cell values, formulas, two rows with one ID number,
    members without their household, 意外事件's date, the responsible person's name and phone); the fields
    themselves are cleaned once, by the services that write them. The rows are all held in memory: an import
    reads them in batches instead (`RosterStream`).

    Raises:
        ValidationFailed: the file cannot be read at all (type, encoding, damage, size).
    """
    stream = RosterStream(path, today=today)
    rows = [r for batch in stream.batches() for r in batch]
    return RosterSheet(
        stream.source,
        tuple(rows),
        tuple(stream.issues),
        stream.sheet,
        tuple(stream.orphans),
        stream.columns,
        stream.member_columns,
        tuple(stream.repeated),
    )
