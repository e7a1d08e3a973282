"""`report NAME`: --json prints the service's table; --out writes the same numbers to PDF or .xlsx."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.cli import main
from assist_desktop.db.engine import Database
from assist_desktop.db.models import AuditLog
from assist_desktop.services import reports as R
from assist_desktop.services.stats import stats
from tests.conftest import TODAY
from tests.services.test_reports import populate


@pytest.fixture
def cli(tmp_path, capsys):
    path = tmp_path / "cli.sqlite3"
    db = Database(f"sqlite:///{path}")

    def run(*args, as_of=TODAY.isoformat()):
        capsys.readouterr()
        code = main(["--db", str(path), "--as-of", as_of, "--user", "李丽", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert run("init", "--union-code", "230102001", "--union-name", "哈尔滨锅炉厂工会", "--level", "grassroots")[0] == 0
    assert run("standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")[0] == 0
    run.data = populate(db)  # type: ignore[attr-defined]
    run.db = db  # type: ignore[attr-defined]
    yield run
    db.dispose()


def test_json_is_the_service_table(cli):
    db = cli.db
    code, out, _ = cli("report", "roll", "--json")
    assert code == 0 and json.loads(out) == R.roll(db).to_json()
    code, out, _ = cli("report", "counts", "--by", "industry", "--json")
    j = json.loads(out)
    assert j == R.counts(db, by="industry").to_json()
    code, out, _ = cli("stats", "--by", "industry", "--json")
    st = json.loads(out)
    assert j["totals"]["total"] == st["active"]
    assert {r["key"]: r["total"] for r in j["rows"]} == {k: v for k, v in st["by_industry"].items() if v}
    code, out, _ = cli("report", "assistance", "--json")
    assert json.loads(out)["totals"]["amount_fen"] == stats(db).assistance_total_fen
    code, out, _ = cli("report", "movements", "--from", "2026-11-01", "--json")
    j = json.loads(out)
    assert {r["key"]: r["households"] for r in j["rows"]}["relieved"] == 1
    assert j["details"]["relieved"] == [{"file_no": cli.data["relieved"], "name": j["details"]["relieved"][0]["name"]}]


def test_text_output_and_bad_input(cli, tmp_path):
    code, out, _ = cli("report", "counts", "--by", "main_cause")
    assert code == 0 and "困难职工统计表" in out and "主要致困原因" in out and "合计" in out
    assert cli("report", "counts", "--by", "id_number")[0] == 2
    assert cli("report", "roll", "--out", str(tmp_path / "x.txt"))[0] == 2
    assert cli("report", "movements", "--from", "2026-12-01", "--to", "2026-01-01")[0] == 2
    assert cli("report", "roll", "--status", "nonsense")[0] == 2


def test_xlsx_holds_the_same_table(cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "roll.xlsx"
    code, text, _ = cli("report", "roll", "--out", str(out), "--json")
    assert code == 0 and json.loads(text)["out"] == str(out)
    j = R.roll(cli.db).to_json()
    ws = load_workbook(out).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "困难职工花名册"
    header = rows[2]
    assert header == [c["label"] for c in j["columns"]]
    body = rows[3:3 + len(j["rows"])]
    assert [r[0] for r in body] == [r["file_no"] for r in j["rows"]]
    assert [round(r[6] * 100) for r in body] == [r["per_capita_fen"] for r in j["rows"]]
    assert rows[3 + len(j["rows"])][:2] == ["合计", f"{len(j['rows'])}户"]
    ids = "".join(str(c) for r in rows for c in r)
    with cli.db.reader() as s:
        from assist_desktop.db.models import HardshipFile

        assert not any(i in ids for i in s.scalars(select(col(HardshipFile.id_number))))
    out2 = tmp_path / "assistance.xlsx"
    assert cli("report", "assistance", "--out", str(out2))[0] == 0
    ws = load_workbook(out2).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    total = next(r for r in rows if r[0] == "合计")
    assert round(total[-1] * 100) == stats(cli.db).assistance_total_fen


def test_printing_a_notice_records_it(cli, tmp_path):
    def recorded():
        with cli.db.reader() as s:
            return s.scalar(select(func.count()).select_from(AuditLog).where(col(AuditLog.action) == "notice"))

    assert cli("report", "notice", "--kind", "exit", "--from", "2026-11-01", "--json")[0] == 0
    assert recorded() == 0
    assert cli("report", "notice", "--kind", "exit", "--from", "2026-11-01", "--out", str(tmp_path / "n.xlsx"))[0] == 0
    assert recorded() == 0  # a spreadsheet is not a posted notice
    code, out, _ = cli("report", "notice", "--kind", "exit", "--from", "2026-11-01", "--out", str(tmp_path / "n.pdf"))
    assert code == 0 and (tmp_path / "n.pdf").exists() and recorded() == 2
