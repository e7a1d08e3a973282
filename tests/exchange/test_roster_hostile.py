"""Issue 8 item 7: hostile rosters are refused with a clear message, bounded memory and the database unchanged.

Each file is built here (small on disk) and read in a subprocess whose peak RSS is measured (VmHWM; on a system
without /proc, resource.getrusage).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import TODAY, valid_id
from tests.exchange.conftest import dump

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因"]
ID1 = "230102197003151238"
MEMORY_LIMIT_MB = 500
ROOT = Path(__file__).resolve().parents[2]

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
       '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
       'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
       'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
         '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="困难职工花名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
              'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
              'Target="sharedStrings.xml"/></Relationships>')
_SHEET_START = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                'spreadsheetml/2006/main"><sheetData>')
_SHEET_END = "</sheetData></worksheet>"


def _col(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(65 + rem) + out
    return out


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    return '<row r="1">' + "".join(_inline(f"{_col(i)}1", h) for i, h in enumerate(HEAD)) + "</row>"


def _good_row(r: int, income: str = "<v>18000</v>") -> str:
    cells = [_inline(f"A{r}", "张建国"), _inline(f"B{r}", ID1), _inline(f"C{r}", "下岗"), f'<c r="D{r}">{income}</c>',
             f'<c r="E{r}"><v>3</v></c>', _inline(f"F{r}", "下岗失业")]
    return f'<row r="{r}">' + "".join(cells) + "</row>"


def _xlsx(path: Path, sheet_parts, strings: str | None = None) -> Path:
    """A minimal workbook; `sheet_parts` is an iterable of XML text pieces of the sheet, streamed into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _BOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        zf.writestr("xl/sharedStrings.xml", strings or (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" count="0" uniqueCount="0"></sst>'))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            for part in sheet_parts:
                out.write(part.encode())
    return path


def _run(db_url: str, path: Path, address_limit_mb: int = 0) -> dict:
    """Import `path` in a subprocess; its outcome (refusal text) and peak RSS in MB. With `address_limit_mb`, the
    subprocess may not grow its address space beyond it (RLIMIT_AS): a reader that needed more would fail there
    with a MemoryError, not with the clean refusal."""
    code = f"""
import datetime as dt, json, resource, sys
if {address_limit_mb}:
    resource.setrlimit(resource.RLIMIT_AS, ({address_limit_mb} << 20, {address_limit_mb} << 20))
from assist_desktop.db.engine import Database
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.services.roster import RosterRefused, import_roster
db = Database({db_url!r})
out = {{}}
try:
    report = import_roster(db, path={str(path)!r}, today=dt.date.fromisoformat({TODAY.isoformat()!r}))
    out["outcome"] = "imported"
    out["created"] = len(report.created)
except RosterRefused as exc:
    out["outcome"] = "rows refused"
    out["messages"] = [i.zh for i in exc.report.issues]
except ValidationFailed as exc:
    out["outcome"] = "file refused"
    out["messages"] = [e.zh for e in exc.errors]
# Linux keeps ru_maxrss across fork + exec (the parent's high-water mark would count), so the peak of this
# process's own memory is VmHWM where /proc has it; getrusage elsewhere
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                out["peak_mb"] = int(line.split()[1]) / 1024
except OSError:
    pass
print(json.dumps(out, ensure_ascii=False))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def sqlite_db(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the subprocess opens the SQLite file")
    return db


def _refused(sqlite_db, path: Path, *words: str, address_limit_mb: int = 0) -> dict:
    before = dump(sqlite_db)
    got = _run(sqlite_db.engine.url.render_as_string(hide_password=False), path, address_limit_mb)
    assert got["outcome"] == "file refused", got
    text = "；".join(got["messages"])
    assert all(w in text for w in words), text
    assert got["peak_mb"] < MEMORY_LIMIT_MB, got
    assert dump(sqlite_db) == before
    print(f"{path.name}: refused, peak RSS {got['peak_mb']:.0f} MB")
    return got


def test_a_sheet_xml_bomb_is_refused_from_the_zip_directory(sqlite_db, tmp_path):
    filler = "<!--" + " " * (1 << 20) + "-->"  # 1 MB of markup that compresses to about 1 kB
    path = _xlsx(tmp_path / "bomb.xlsx", [_SHEET_START, _header_row(), *([filler] * 400), _SHEET_END])
    assert path.stat().st_size < 3 << 20
    _refused(sqlite_db, path, "解压后过大", "上限")


def test_a_huge_used_area_is_refused_before_parsing(sqlite_db, tmp_path):
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _xlsx(tmp_path / "area.xlsx", [_SHEET_START, _header_row(), _good_row(2), far, _SHEET_END])
    _refused(sqlite_db, path, "上限")


def test_1048576_rows_are_refused(sqlite_db, tmp_path):
    def rows():
        yield _SHEET_START
        yield _header_row()
        for start in range(2, 1_048_577, 10_000):
            yield "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
                          for r in range(start, min(start + 10_000, 1_048_577)))
        yield _SHEET_END

    path = _xlsx(tmp_path / "rows.xlsx", rows())
    _refused(sqlite_db, path, "行数超过上限")
    csv_path = tmp_path / "rows.csv"
    with csv_path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEAD) + "\n")
        out.write("a,1\n" * 1_048_575)
    _refused(sqlite_db, csv_path, "行数超过上限")


def test_a_50_mb_cell_is_refused_in_csv_and_xlsx(sqlite_db, tmp_path):
    csv_path = tmp_path / "cell.csv"
    with csv_path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEAD) + "\n")
        out.write(f"张建国,{ID1},下岗,18000,3,")
        for _ in range(50):
            out.write("x" * (1 << 20))
        out.write("\n")
    _refused(sqlite_db, csv_path, "超过 32,767 个字符")
    big = "x" * (50 << 20)
    inline = _xlsx(tmp_path / "inline.xlsx", [_SHEET_START, _header_row(), _good_row(2),
                                               f'<row r="3">{_inline("A3", big)}</row>', _SHEET_END])
    _refused(sqlite_db, inline, "超过 32,767 个字符")
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
               f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{big}</t></si></sst>')
    shared = _xlsx(tmp_path / "shared.xlsx", [_SHEET_START, _header_row(), _good_row(2),
                                               '<row r="3"><c r="A3" t="s"><v>0</v></c></row>', _SHEET_END], strings)
    assert shared.stat().st_size < 1 << 20
    _refused(sqlite_db, shared, "超过 32,767 个字符")


def test_formula_cells_with_cached_values_are_refused_like_text_formulas(sqlite_db, tmp_path):
    path = _xlsx(tmp_path / "formula.xlsx", [
        _SHEET_START, _header_row(),
        _good_row(2, income="<f>9000*2</f><v>18000</v>"),  # a formula with its cached value
        _good_row(3).replace("张建国", "＝HYPERLINK(1)").replace(ID1, valid_id("23010219800101124")),
        _SHEET_END,
    ])
    before = dump(sqlite_db)
    got = _run(sqlite_db.engine.url.render_as_string(hide_password=False), path)
    assert got["outcome"] == "rows refused", got
    assert any("公式" in m and "粘贴为数值" in m for m in got["messages"]), got
    assert any("公式注入" in m for m in got["messages"]), got  # the fullwidth ＝
    assert dump(sqlite_db) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux counts it")
def test_hostile_rosters_are_refused_within_a_hard_address_space_limit(sqlite_db, tmp_path):
    """The refusals above, in a process that cannot have more than 640 MB of address space at all (the program
    and its libraries take about 150 MB): reading never holds a sheet, a cell or the strings whole."""
    limit = 640
    filler = "<!--" + " " * (1 << 20) + "-->"
    bomb = _xlsx(tmp_path / "bomb.xlsx", [_SHEET_START, _header_row(), *([filler] * 400), _SHEET_END])
    _refused(sqlite_db, bomb, "解压后过大", address_limit_mb=limit)
    big = "x" * (50 << 20)
    inline = _xlsx(tmp_path / "inline.xlsx", [_SHEET_START, _header_row(), _good_row(2),
                                               f'<row r="3">{_inline("A3", big)}</row>', _SHEET_END])
    _refused(sqlite_db, inline, "超过 32,767 个字符", address_limit_mb=limit)
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
               f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{big}</t></si></sst>')
    shared = _xlsx(tmp_path / "shared.xlsx", [_SHEET_START, _header_row(), _good_row(2),
                                               '<row r="3"><c r="A3" t="s"><v>0</v></c></row>', _SHEET_END], strings)
    _refused(sqlite_db, shared, "超过 32,767 个字符", address_limit_mb=limit)
    csv_path = tmp_path / "cell.csv"
    with csv_path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEAD) + "\n")
        out.write(f"张建国,{ID1},下岗,18000,3,")
        for _ in range(50):
            out.write("x" * (1 << 20))
        out.write("\n")
    _refused(sqlite_db, csv_path, "超过 32,767 个字符", address_limit_mb=limit)
    # and a roster that is fine imports within the same limit
    good = _xlsx(tmp_path / "good.xlsx", [_SHEET_START, _header_row(), _good_row(2), _SHEET_END])
    got = _run(sqlite_db.engine.url.render_as_string(hide_password=False), good, limit)
    assert got["outcome"] == "imported" and got["created"] == 1, got


def test_a_cell_of_rich_text_runs_adding_up_past_the_limit_is_refused(sqlite_db, tmp_path):
    from assist_desktop.domain.errors import ValidationFailed
    from assist_desktop.services.roster import import_roster

    run = "<r><t>" + "x" * 20_000 + "</t></r>"  # each run below the scan's check, the cell above Excel's limit
    path = _xlsx(tmp_path / "runs.xlsx", [_SHEET_START, _header_row(), _good_row(2),
                                           f'<row r="3"><c r="A3" t="inlineStr"><is>{run}{run}</is></c></row>',
                                           _SHEET_END])
    before = dump(sqlite_db)
    with pytest.raises(ValidationFailed) as info:
        import_roster(sqlite_db, path=path, today=TODAY)
    assert "超过 32,767 个字符" in info.value.errors[0].zh
    assert dump(sqlite_db) == before
