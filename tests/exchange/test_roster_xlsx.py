"""The streaming sheet reader (exchange/roster_xlsx.py) gives the values python-calamine gives, row by row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from assist_desktop.exchange.roster_read import read_tables


def _calamine(path: Path, name: str) -> dict[int, list]:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    ref = sheet.to_python(skip_empty_area=False)
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        for r in range(r0, min(r1, len(ref) - 1) + 1):
            for c in range(c0, min(c1, len(ref[r]) - 1) + 1):
                ref[r][c] = ref[r0][c0]
    return {i: _trim(row) for i, row in enumerate(ref, start=1) if _trim(row)}


def _trim(row) -> list:
    out = [None if v == "" else v for v in row]
    while out and out[-1] is None:
        out.pop()
    return out


def _odd_book(path: Path) -> Path:
    wb = openpyxl.Workbook()  # shared strings, styles with number formats, merged cells
    ws = wb.active
    ws.title = "困难职工花名册"
    ws.append(["南岗区困难职工花名册"])
    ws.merge_cells("A1:H1")
    ws.append(["姓名", "身份证号", "走访日期", "家庭年总收入", "是否", "时间", "备注", "公式"])
    ws.append(["张&三<x>", "230102197003151238", dt.date(2026, 1, 5), 18000.5, True, dt.time(8, 30), "a\nb",
               "=1+2"])
    ws.append([])
    ws.append(["李四", 230102197003151238, dt.datetime(2026, 1, 5, 10, 30), 3, False, None, "_x000D_", None])
    ws["C6"] = 45000
    ws["C6"].number_format = "yyyy年m月d日"
    ws["D6"] = 0.5
    ws["D6"].number_format = "0.00%"
    ws.merge_cells("A7:B8")
    ws["A7"] = "merged"
    members = wb.create_sheet("家庭成员")
    members.append(["户主身份证号", "姓名", "关系"])
    members.append(["230102197003151238", "李丽", "配偶"])
    wb.save(path)
    return path


def _write_only_book(path: Path) -> Path:
    wb = openpyxl.Workbook(write_only=True)  # inline strings, as the benchmark's roster
    ws = wb.create_sheet("困难职工花名册")
    ws.append(["姓名", "身份证号", "走访日期", "家庭人口"])
    for i in range(50):
        ws.append([f"王{i}", f"2301021970031512{i:02d}", dt.date(2026, 1, 1) + dt.timedelta(days=i), i % 5 or None])
    wb.save(path)
    return path


def test_streamed_rows_are_calamines_values(tmp_path):
    for path in (_odd_book(tmp_path / "odd.xlsx"), _write_only_book(tmp_path / "wo.xlsx")):
        main, members = read_tables(path)
        for table in (main, members):
            if table is None:
                continue
            assert not isinstance(table.rows, list)  # streamed, not read whole
            got = {n: _trim(v) for n, v in table.rows if _trim(v)}
            ref = _calamine(path, table.name)
            # calamine's area ends at its last value; a merged range below it is filled here too
            assert {k: v for k, v in got.items() if k <= max(ref)} == ref, (path.name, table.name)
    main, _members = read_tables(tmp_path / "odd.xlsx")
    rows = dict(main.rows)
    assert rows[3][:3] == ["张&三<x>", "230102197003151238", dt.date(2026, 1, 5)]
    assert rows[6][2] == dt.date(2023, 3, 15) and rows[1][7] == "南岗区困难职工花名册"
    assert rows[8][:2] == ["merged", "merged"]
    assert (3, 7) in main.formulas  # the formula cell is named (its value is not taken)


def test_a_workbook_in_the_1904_date_system_gives_the_same_dates(tmp_path):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    path = tmp_path / "mac.xlsx"
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "困难职工花名册"
    ws.append(["姓名", "走访日期"])
    ws.append(["王一", dt.date(2026, 10, 15)])
    wb.save(path)
    main, _members = read_tables(path)
    got = {n: _trim(v) for n, v in main.rows if _trim(v)}
    assert got[2] == ["王一", dt.date(2026, 10, 15)]
    assert got == _calamine(path, "困难职工花名册")
