"""A roster sheet's rows streamed from the workbook's XML, one row at a time, in bounded memory.

python-calamine holds a sheet's whole used area (every cell of rows × columns) in memory before the first row
comes out: about 500 MB for 100,000 rows of the template's 81 columns. Here the sheet's XML part is inflated in
pieces and each `<row>` is turned into Python values as it comes, with the same values calamine gives (text,
float numbers, booleans, dates and times by the cells' number formats, ISO dates, error texts); merged ranges
are filled with their top-left value (their references are gathered by the limits' scan before this pass).
The shared strings are read once into a list (their size is limited before). Something this reader does not
understand (a namespace prefix, for instance) raises `Unsupported`: the caller then reads with calamine.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

#: the pieces the XML is inflated in
CHUNK = 1 << 20
_EPOCH = dt.datetime(1899, 12, 30)
#: day 0 of a workbook saved in the 1904 date system (older Mac Excel)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
#: a cell in one of the forms spreadsheet programs write most (groups 1-5), else any cell (groups 6-7)
_FAST_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?>(?:<v>([^<]*)</v>|<is><t>([^<]*)</t></is>)</c>'
    rb"|<c\b([^>]*?)(?:/>|>(.*?)</c>)",
    re.S,
)
_ROWNUM = re.compile(rb'\br="(\d+)"')
_IS = re.compile(rb"<is>(.*?)</is>", re.S)
_ATTR = re.compile(rb'([A-Za-z:]+)="([^"]*)"')
_REF = re.compile(rb"([A-Z]{1,3})(\d+)")
_V = re.compile(rb"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_T = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>|<t\s*/>", re.S)
_RPH = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_SI = re.compile(rb"<si>(.*?)</si>|<si\s*/>", re.S)
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#\d+|lt|gt|amp|quot|apos);")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
#: number formats Excel builds in that show a date (or a date and time), and those that show a time only
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58})
_BUILTIN_TIMES = frozenset({18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56})


class Unsupported(Exception):
    """The sheet's XML uses something this reader does not read (the caller falls back to calamine)."""


def check_plain(head: bytes) -> None:
    """The first piece of a sheet's XML is of the plain kind `iter_rows` reads (elements without a prefix).

    Raises:
        Unsupported: it is not.
    """
    if re.search(rb"<\w+:(?:worksheet|sheetData|row|c)\b", head) is not None:
        raise Unsupported("a namespace prefix")


def _entity(m: re.Match[str]) -> str:
    name = m[1]
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    return _NAMED[name]


def text_of(raw: bytes) -> str:
    """XML text content as Python text (entities and OOXML's `_xHHHH_` escapes undone)."""
    s = raw.decode("utf-8")
    if "&" in s:
        s = _ENTITY.sub(_entity, s)
    if "_x" in s:
        s = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), s)
    return s


def _runs(inner: bytes) -> str:
    """The text of a string item (<si> or <is>): its runs joined, phonetic runs left out."""
    if b"<rPh" in inner:
        inner = _RPH.sub(b"", inner)
    return "".join(text_of(m[1]) for m in _T.finditer(inner) if m[1] is not None)


def shared_strings(zf: zipfile.ZipFile, too_long: Callable[[], Exception], max_chars: int) -> list[str]:
    """Every shared string, in order; `too_long()` is raised for one longer than `max_chars`."""
    try:
        stream = zf.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    out: list[str] = []
    carry = b""
    limit = max_chars * 6 + 4096
    with stream:
        while True:
            chunk = stream.read(CHUNK)
            data = carry + chunk
            cut = len(data) if not chunk else data.rfind(b"<si")
            if cut < 0:
                cut = 0
            body, carry = data[:cut], data[cut:]
            if len(carry) > limit:
                raise too_long()
            for m in _SI.finditer(body):
                text = _runs(m[1]) if m[1] is not None else ""
                if len(text) > max_chars:
                    raise too_long()
                out.append(text)
            if not chunk:
                break
    return out


def _is_date_code(code: str) -> str | None:
    """'date', 'time' or None for a custom number format code."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code.split(";")[0]).lower()
    if "general" in plain and not re.search(r"[dy]", plain.replace("general", "")):
        return None
    if re.search(r"[dy]", plain) or ("m" in plain and "h" not in plain and "s" not in plain and ":" not in plain):
        return "date"
    if re.search(r"[hs]", plain):
        return "time"
    return None


def date_styles(zf: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index → 'date' or 'time', for the styles whose number format shows one."""
    try:
        xml = zf.read("xl/styles.xml").decode("utf-8", "replace")
    except KeyError:
        return {}
    if "<numFmt" in xml and re.search(r"<\w+:numFmt", xml) or re.search(r"<\w+:cellXfs", xml):
        raise Unsupported("prefixed styles")
    custom = {int(i): _is_date_code(_xml_text(c))
              for i, c in re.findall(r'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', xml)}
    custom.update({int(i): _is_date_code(_xml_text(c))
                   for c, i in re.findall(r'<numFmt\b[^>]*?formatCode="([^"]*)"[^>]*?numFmtId="(\d+)"', xml)})
    m = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", xml, re.S)
    out: dict[int, str] = {}
    if m is None:
        return out
    for k, xf in enumerate(re.findall(r"<xf\b[^>]*>", m[1])):
        fm = re.search(r'numFmtId="(\d+)"', xf)
        fid = int(fm[1]) if fm else 0
        kind = "date" if fid in _BUILTIN_DATES else "time" if fid in _BUILTIN_TIMES else custom.get(fid)
        if kind is not None:
            out[k] = kind
    return out


def _xml_text(s: str) -> str:
    return _ENTITY.sub(_entity, s)


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def workbook_epoch(zf: zipfile.ZipFile) -> dt.datetime:
    """Day 0 of the workbook's dates: 1899-12-30, or 1904-01-01 when it uses the 1904 date system."""
    try:
        book = zf.read("xl/workbook.xml")
    except KeyError:
        return _EPOCH
    return _EPOCH_1904 if re.search(rb'date1904="(?:1|true)"', book) else _EPOCH


def _number(text: bytes, kind: str | None, epoch: dt.datetime = _EPOCH) -> Any:
    value = float(text)
    if kind is None:
        return value
    if kind == "time" and 0 <= value < 1:
        seconds = round(value * 86400)
        return dt.time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    try:
        when = epoch + dt.timedelta(days=value)
    except OverflowError:
        return value
    if value == int(value):
        return when.date()  # a whole day, as calamine gives it
    return when.replace(microsecond=0) if when.microsecond else when


def iter_rows(
    zf: zipfile.ZipFile,
    member: str,
    strings: list[str],
    styles: dict[int, str],
    merges: list[tuple[int, int, int, int]],
    formulas: set[tuple[int, int]],
    epoch: dt.datetime = _EPOCH,
) -> Iterator[tuple[int, list[Any]]]:
    """(row number as the spreadsheet shows it, the row's values from column A) for every row the XML holds.

    A formula cell is added to `formulas` as (row number, column index). `merges` are (first row, first column,
    last row, last column), 0-based, as calamine gives them.

    Raises:
        Unsupported: the XML is not of the plain kind this reader reads.
    """
    tops: dict[tuple[int, int], Any] = {}  # a merged range's top-left value, once its row is read
    columns: dict[bytes, int] = {}  # column letters → index
    carry = b""
    last_row = 0
    with zf.open(member) as stream:
        head = stream.read(CHUNK)
        check_plain(head)
        pending: bytes | None = head
        while True:
            chunk = pending if pending is not None else stream.read(CHUNK)
            pending = None
            data = carry + chunk
            cut = len(data) if not chunk else data.rfind(b"<row")
            if cut < 0:
                cut = 0
            body, carry = data[:cut], data[cut:]
            for rm in _ROW.finditer(body):
                nm = _ROWNUM.search(rm[1])
                rownum = int(nm[1]) if nm is not None else last_row + 1
                last_row = rownum
                values: list[Any] = []
                inner = rm[2]
                if inner:
                    col = -1
                    value: Any
                    for letters, st, t, v, inline, ca, body_c in _FAST_CELL.findall(inner):
                        if letters:  # the plain forms: a value or one inline text run
                            col = columns.get(letters, -1)
                            if col < 0:
                                col = columns[letters] = _col_index(letters)
                            if v:
                                if not t or t == b"n":
                                    value = float(v) if not st or not styles else _number(v, styles.get(int(st)), epoch)
                                elif t == b"s":
                                    try:
                                        value = strings[int(v)]
                                    except (ValueError, IndexError):
                                        continue
                                elif t == b"b":
                                    value = v.strip() in (b"1", b"true")
                                elif t == b"d":
                                    try:
                                        value = dt.datetime.fromisoformat(text_of(v).rstrip("Z"))
                                    except ValueError:
                                        value = text_of(v)
                                else:  # str, e
                                    value = text_of(v)
                            elif inline and t == b"inlineStr":
                                value = inline.decode("utf-8")
                                if "&" in value or "_x" in value:
                                    value = text_of(inline)
                            else:
                                continue
                            if value == "":
                                continue
                            if col >= len(values):
                                values.extend([None] * (col + 1 - len(values)))
                            values[col] = value
                            continue
                        ref = _REF.search(ca) if b'r="' in ca else None
                        col = _col_index(ref[1]) if ref is not None else col + 1
                        if not body_c:
                            continue
                        cattrs = dict(_ATTR.findall(ca))
                        t = cattrs.get(b"t", b"n")
                        if b"<f" in body_c:
                            formulas.add((rownum, col))
                            if col >= len(values):
                                values.extend([None] * (col + 1 - len(values)))
                        value = None
                        if t == b"inlineStr":
                            im = _IS.search(body_c)
                            value = _runs(im[1]) if im is not None else None
                        else:
                            vm = _V.search(body_c)
                            if vm is not None:
                                v = vm[1]
                                if t == b"s":
                                    try:
                                        value = strings[int(v)]
                                    except (ValueError, IndexError):
                                        value = None
                                elif t == b"n":
                                    if v:
                                        s = cattrs.get(b"s")
                                        value = _number(v, styles.get(int(s)) if s is not None else None, epoch)
                                elif t == b"b":
                                    value = v.strip() in (b"1", b"true")
                                elif t == b"d":
                                    try:
                                        value = dt.datetime.fromisoformat(text_of(v).rstrip("Z"))
                                    except ValueError:
                                        value = text_of(v)
                                else:  # str (a formula's text), e (an error)
                                    value = text_of(v)
                        if value is None or value == "":
                            continue
                        if col >= len(values):
                            values.extend([None] * (col + 1 - len(values)))
                        values[col] = value
                if merges:
                    _fill_merged(rownum, values, merges, tops)
                yield rownum, values
            if not chunk:
                break


def _fill_merged(rownum: int, values: list[Any], merges: list[tuple[int, int, int, int]],
                 tops: dict[tuple[int, int], Any]) -> None:
    r = rownum - 1
    for r0, c0, r1, c1 in merges:
        if not r0 <= r <= r1:
            continue
        if r == r0:
            tops[(r0, c0)] = values[c0] if c0 < len(values) else None
        top = tops.get((r0, c0))
        if top is None:
            continue
        if c1 >= len(values):
            values.extend([None] * (c1 + 1 - len(values)))
        for c in range(c0, c1 + 1):
            values[c] = top
