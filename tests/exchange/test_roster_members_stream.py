"""Issue 8: the 家庭成员 sheet is streamed like the roster sheet: a very large members sheet, its rows in any order,
is read in bounded memory (the member rows wait in a temporary SQLite table, not in Python objects) and each
household gets its members in sheet order, batch by batch."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import TODAY, valid_id

ROOT = Path(__file__).resolve().parents[2]
HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因"]
MEMBER_HEAD = ["户主身份证号", "姓名", "关系", "身份证号", "健康状况", "人员身份", "月收入", "走访记录"]
#: an unknown column's text on every member row, each different (kept as the row's unknown cell): 160 MB in all
LONG = "x" * 1000
PER_HOUSEHOLD = 8

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_WS = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _col(i: int) -> str:
    return chr(65 + i)


def _row(r: int, values: list[object]) -> str:
    cells = []
    for i, v in enumerate(values):
        ref = f"{_col(i)}{r}"
        if isinstance(v, int):
            cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
    return f'<row r="{r}">' + "".join(cells) + "</row>"


def _ids(n: int) -> list[str]:
    return [valid_id(f"2301021970{1 + k // 28000:02d}{1 + k // 1000 % 28:02d}{k % 1000:03d}") for k in range(n)]


def _workbook(path: Path, households: int, members: bool = True) -> Path:
    """Households with PER_HOUSEHOLD members each; the member rows shuffled (any order)."""
    ids = _ids(households)
    pairs = [(h, j) for h in range(households) for j in range(PER_HOUSEHOLD)] if members else []
    random.Random(3).shuffle(pairs)
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
          'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_WS}"/>'
          f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{_WS}"/></Types>')
    book = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="困难职工花名册" sheetId="1" r:id="rId1"/><sheet name="家庭成员" sheetId="2" r:id="rId2"/>'
            "</sheets></workbook>")
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>')
    start = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
                    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                    "</Relationships>")
        zf.writestr("xl/workbook.xml", book)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write((start + _row(1, HEAD)).encode())
            for h, number in enumerate(ids):
                out.write(_row(h + 2, ["张建国", number, "下岗", 18000, PER_HOUSEHOLD + 1, "下岗失业"]).encode())
            out.write(b"</sheetData></worksheet>")
        with zf.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as out:
            out.write((start + _row(1, MEMBER_HEAD)).encode())
            for r, (h, j) in enumerate(pairs, start=2):
                out.write(_row(r, [ids[h], f"成员{h}之{j}", "子女", "", "健康", "在校学生", 0, f"{r:07d}{LONG}"]).encode())
            out.write(b"</sheetData></worksheet>")
    return path


def _read(path: Path, limit_mb: int = 0) -> dict:
    """Read the roster batch by batch in a subprocess: what each household got, and the peak RSS."""
    code = f"""
import datetime as dt, json, resource
if {limit_mb}:
    resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} << 20, {limit_mb} << 20))
from pathlib import Path
from assist_desktop.exchange.roster import RosterStream
stream = RosterStream(Path({str(path)!r}), today=dt.date.fromisoformat({TODAY.isoformat()!r}))
out = {{"households": 0, "members": 0, "in_order": True, "own": True}}
for batch in stream.batches():
    for r in batch:
        out["households"] += 1
        out["members"] += len(r.members)
        rows = [m.rownum for m in r.members]
        out["in_order"] &= rows == sorted(rows)
        out["own"] &= all(str(m.data["name"]).startswith("成员") for m in r.members)
        out["own"] &= len({{str(m.data["name"]).split("之")[0] for m in r.members}}) <= 1
        out["own"] &= all(len(m.unknown_cells.get("走访记录", "")) == 1007 for m in r.members)
out["issues"] = len(stream.issues)
out["orphans"] = len(stream.orphans)
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            out["peak_mb"] = int(line.split()[1]) / 1024
print(json.dumps(out))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM and RLIMIT_AS as Linux counts them")
def test_a_very_large_members_sheet_in_any_order_is_read_in_bounded_memory(tmp_path):
    households = 20_000  # 160,000 member rows, shuffled
    big = _read(_workbook(tmp_path / "big.xlsx", households), limit_mb=640)
    assert big["households"] == households and big["members"] == households * PER_HOUSEHOLD, big
    assert big["in_order"] and big["own"] and big["issues"] == 0 and big["orphans"] == 0, big
    none = _read(_workbook(tmp_path / "none.xlsx", households, members=False))
    assert none["members"] == 0
    # the 160,000 member rows (their 1,000-character cells: 160 MB of text) add only about a batch to the peak
    assert big["peak_mb"] - none["peak_mb"] < 80, (big, none)
    print(f"members sheet of {households * PER_HOUSEHOLD:,} rows: peak {big['peak_mb']:.0f} MB "
          f"(without members {none['peak_mb']:.0f} MB)")


def test_member_rows_of_a_household_missing_from_the_roster_are_orphans_in_sheet_order(tmp_path):
    from assist_desktop.exchange.roster import MEMBER_SHEET, RosterStream

    path = _workbook(tmp_path / "small.xlsx", 3)
    with zipfile.ZipFile(path) as zf:
        sheet1 = zf.read("xl/worksheets/sheet1.xml").decode()
    # drop the last household's row: its 8 member rows have no household
    last = sheet1.rindex('<row r="4">')
    sheet1 = sheet1[:last] + "</sheetData></worksheet>"
    out = tmp_path / "orphans.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = sheet1.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename)
            dst.writestr(item, data)
    stream = RosterStream(out, today=TODAY)
    rows = [r for batch in stream.batches(size=1) for r in batch]
    assert len(rows) == 2 and [len(r.members) for r in rows] == [PER_HOUSEHOLD, PER_HOUSEHOLD]
    assert len(stream.orphans) == PER_HOUSEHOLD
    assert [m.rownum for m in stream.orphans] == sorted(m.rownum for m in stream.orphans)
    assert {str(m.data["name"]).split("之")[0] for m in stream.orphans} == {"成员2"}
    assert sum(1 for i in stream.issues if i.sheet == MEMBER_SHEET and "找不到户主" in i.zh) == PER_HOUSEHOLD
