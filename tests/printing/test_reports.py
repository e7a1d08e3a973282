"""Reports on paper: the labels, the numbers of `--json`, the totals, masked IDs, page sizes and counts."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from sqlalchemy import select
from sqlmodel import col

from assist_desktop.db.models import HardshipFile
from assist_desktop.domain.validation import format_fen
from assist_desktop.printing.reports import report_pdf
from assist_desktop.services import reports as R
from tests.conftest import TODAY
from tests.services.test_reports import populate

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def render(tmp_path, table, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(report_pdf(table.to_json(), preparer="李丽", printed_on=TODAY))
    return path, pages(path), info(path)


@pytest.fixture
def data(db):
    return populate(db)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_frame(texts: list[str], meta: dict[str, str], title: str, *, notice: bool = False) -> None:
    assert int(meta["Pages"]) == len(texts)
    assert title in squash(texts[0])
    assert ("公示单位：哈尔滨锅炉厂工会" if notice else "填报单位：哈尔滨锅炉厂工会") in squash(texts[0])
    for n, page in enumerate(texts, 1):
        assert f"第{n}页共{len(texts)}页" in squash(page)
    last = squash(texts[-1])
    assert "哈尔滨锅炉厂工会（盖章）" in last
    if notice:  # posted, not filed: the seal and the day, no preparer
        assert "2026年11月20日" in last.split("（盖章）")[-1] and "填表人" not in last
    else:
        assert "填表人：李丽" in last and "负责人（签字）" in last and "填表日期：2026年11月20日" in last


def test_roll_pdf(db, data, tmp_path):
    table = R.roll(db)
    path, texts, meta = render(tmp_path, table, "roll")
    check_frame(texts, meta, "困难职工花名册")
    assert meta["Page size"].strip().startswith("841.89 x 595.276")  # A4 landscape: nine columns
    whole = squash("".join(texts))
    for label in ("档案编号", "身份证号", "工作单位", "困难类别", "档案状态", "人均月收入", "主要致困原因", "帮扶责任人"):
        assert label in whole
    for row in table.to_json()["rows"]:
        assert squash(f"{row['file_no']}{row['name']}{row['id_number_masked']}") in whole
        assert format_fen(row["per_capita_fen"], unit=False) in whole
    assert f"合计{len(table.rows)}户" in whole
    for page in texts:  # the heading row on every page that carries rows
        if "230102001-" in page:
            assert "档案编号" in page and "帮扶责任人" in squash(page)
    with db.reader() as s:
        ids = list(s.scalars(select(col(HardshipFile.id_number))))
    assert not any(i in whole for i in ids)


def test_counts_pdf_numbers_and_totals(db, data, tmp_path):
    table = R.counts(db, by="main_cause")
    path, texts, meta = render(tmp_path, table, "counts")
    check_frame(texts, meta, "困难职工统计表")
    assert meta["Page size"].strip().startswith("595.276 x 841.89")  # portrait
    lines = [line.split() for line in texts[0].splitlines()]
    for row in [*table.rows, table.totals]:
        assert [row[1], *(str(v) for v in row[2:])] in lines


def test_movements_pdf_lists_behind_the_numbers_keep_their_headings(db, data, tmp_path):
    table = R.movements(db, date_from=None, date_to=TODAY)
    path, texts, meta = render(tmp_path, table, "movements")
    check_frame(texts, meta, "困难职工档案变动情况表")
    whole = squash("".join(texts))
    assert "解困（1户）" in whole and "注销（1户）" in whole
    assert f"新认定建档（{table.value('registered', 'households')}户）" in whole
    for ref in table.details["registered"]:
        assert ref.file_no in whole
    for page in texts:  # a heading of a list never stands alone at the foot of a page
        body = [squash(x) for x in page.splitlines() if x.strip()][:-1]  # without the page number
        assert not re.search(r"户）$", body[-1]) or "序号" in body[-1]


def test_assistance_and_employment_pdfs(db, data, tmp_path):
    table = R.assistance(db, date_from=None, date_to=TODAY)
    path, texts, meta = render(tmp_path, table, "assistance")
    check_frame(texts, meta, "帮扶资金物资发放统计表")
    assert meta["Page size"].strip().startswith("841.89")
    total = table.to_json()["totals"]
    assert format_fen(total["amount_fen"], unit=False) in texts[0]
    first = squash(texts[0])
    for label in ("帮扶类型", "中央专项资", "地方财政资", "工会经费·", "社会捐赠·", "合计·次数", "合计·户数", "合计·金额"):
        assert label in first  # headings wrap inside their cells
    lines = [line.split() for line in texts[0].splitlines()]
    for row in table.to_json()["rows"]:
        line = next(x for x in lines if x and x[0] == row["kind"])
        assert line[-3:] == [str(row["times"]), str(row["households"]), format_fen(row["amount_fen"], unit=False)]
    table = R.employment(db, date_from=dt.date(2026, 1, 1), date_to=TODAY)
    path, texts, meta = render(tmp_path, table, "employment")
    check_frame(texts, meta, "再就业帮扶情况统计表")
    assert ["技能培训", "2", "2", "1", "0.00"] in [line.split() for line in texts[0].splitlines()]


def test_duties_pdf(db, data, tmp_path):
    table = R.duties(db, date_from=dt.date(2026, 1, 1), date_to=TODAY)
    path, texts, meta = render(tmp_path, table, "duties")
    check_frame(texts, meta, "帮扶工作台账")
    whole = squash("".join(texts))
    assert "入户走访逾期" in whole and "包保户数" in whole
    for row in table.rows:
        assert row[1] in whole


def test_notice_pdf_never_shows_an_id_or_a_full_name(db, data, tmp_path):
    table = R.notice(db, kind="register", date_from=None, date_to=TODAY, start_on=TODAY)
    path, texts, meta = render(tmp_path, table, "notice")
    check_frame(texts, meta, "困难职工建档公示名单", notice=True)
    assert len(texts) >= 1
    whole = squash("".join(texts))
    with db.reader() as s:
        people = list(s.execute(select(col(HardshipFile.name), col(HardshipFile.id_number))))
    assert not any(i in whole for _, i in people)
    for row in table.rows:
        assert row[1] in whole
    assert "公示期：2026年11月20日至2026年11月27日" in whole
    assert "0451-86000000" in whole and "红军街1号" in whole
    full = {n for n, _ in people if len(n) >= 2}
    listed = {r[1] for r in table.rows}
    assert all("*" in m for m in listed) and not any(n in listed for n in full)


def test_a_long_table_repeats_its_heading_row_on_every_page(tmp_path):
    cols = [{"key": "file_no", "label": "档案编号", "kind": "text"}, {"key": "name", "label": "姓名", "kind": "text"},
            {"key": "per_capita_fen", "label": "人均月收入（元）", "kind": "money"}]
    rows = [{"file_no": f"230102001-{i:06d}", "name": "张*丰", "per_capita_fen": 50_000 + i} for i in range(1, 121)]
    table = {"title": "困难职工花名册", "union": "哈尔滨锅炉厂工会", "filters": {}, "columns": cols, "rows": rows,
             "totals": {"file_no": "合计", "name": "120户", "per_capita_fen": None}, "notes": []}
    path = tmp_path / "long.pdf"
    path.write_bytes(report_pdf(table, preparer="李丽", printed_on=TODAY))
    texts, meta = pages(path), info(path)
    check_frame(texts, meta, "困难职工花名册")
    assert len(texts) >= 3
    for page in texts:
        if "230102001-" in page:
            assert "档案编号" in page and "人均月收入" in page
    whole = "".join(texts)
    assert all(f"230102001-{i:06d}" in whole for i in range(1, 121)) and "500.01" in whole and "501.20" in whole
