"""The lifecycle verbs, run in-process with --db on a temporary file and --as-of driving the dates."""

from __future__ import annotations

import json

import pytest

from assist_desktop.cli import main
from tests.conftest import complete_file_data

FILE = "230102001-000001"


@pytest.fixture
def cli(tmp_path, capsys):
    path = str(tmp_path / "cli.sqlite3")

    def run(*args, as_of="2026-01-05", user="clerk"):
        capsys.readouterr()
        code = main(["--db", path, "--as-of", as_of, "--user", user, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert (
        run("init", "--union-code", "230102001", "--union-name", "哈尔滨锅炉厂工会", "--level", "grassroots")[
            0
        ]
        == 0
    )
    assert run("standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")[0] == 0
    fields = complete_file_data(last_visit_date="2026-01-02")
    assert run("file", "add", *[f"{k}={v}" for k, v in fields.items()])[0] == 0
    return run


def js(text):
    return json.loads(text)


def test_status_json_and_text(cli):
    code, out, _ = cli("status", FILE, "--json")
    assert code == 0
    data = js(out)
    assert data["status"] == "registered" and data["category"] == "deep"
    assert data["five_clear"]["all_clear"] is True and set(data["five_clear"]) >= {"family", "mind"}
    assert data["income"]["per_capita_fen"] == 50_000 and data["income"]["exit_line_fen"] == 144_000
    assert [h["kind"] for h in data["history"]] == ["registered", "found"]
    code, out, _ = cli("status", FILE)
    assert "在档帮扶（深度困难）" in out and "人均月收入 500.00 元" in out and "帮扶责任人：未安排" in out


def test_unknown_file_is_exit_2_with_one_line(cli):
    code, out, err = cli("status", "230102001-999999")
    assert code == 2 and err.strip() == "错误：没有档案编号为 230102001-999999 的档案"


def test_reevaluate_over_time_with_as_of(cli):
    assert cli("file", "update", FILE, "household_annual_income=60000", as_of="2026-02-02")[0] == 0
    code, out, _ = cli("reevaluate", "--json", as_of="2026-08-03")
    assert code == 0 and js(out)["summary"]["exit_notice"] == 1
    assert js(cli("reevaluate", "--json", as_of="2026-08-03")[1])["summary"]["changed"] == 0
    code, out, _ = cli("reevaluate", as_of="2026-08-11")
    assert "退档 1" in out
    assert js(cli("status", FILE, "--json", as_of="2026-08-11")[1])["close_reason"] == "out_of_hardship"


def test_pair_handover_coverage_and_due(cli):
    assert cli("cadre", "add", "--name", "赵敏")[0] == 0
    assert cli("cadre", "add", "--name", "钱军")[0] == 0
    assert js(cli("coverage", "--json")[1])["uncovered"] == 1
    code, out, _ = cli("pair", FILE, "--person", "赵敏", "--json")
    assert code == 0 and js(out)["files"] == [FILE]
    assert js(cli("coverage", "--json")[1])["uncovered"] == 0
    code, out, _ = cli("handover", "--from", "赵敏", "--to", "钱军", "--json", as_of="2026-03-01")
    assert code == 0 and js(out)["files"] == [FILE]
    assert js(cli("status", FILE, "--json")[1])["responsible"]["name"] == "钱军"
    code, out, _ = cli("pair-many", "--person", "赵敏", FILE)
    assert code == 2  # 赵敏 has left
    code, out, _ = cli("due", "--json", as_of="2026-07-02")
    data = js(out)
    assert code == 0 and data["counts"]["visit_overdue"] == 1
    assert data["items"][0]["file_no"] == FILE and data["items"][0]["kind"] == "visit_overdue"


def test_close_override_assist_visit_letter(cli):
    code, _, err = cli("override", FILE, "--category", "relative", "--reason", "")
    assert code == 2 and "理由" in err
    code, out, _ = cli("override", FILE, "--category", "relative", "--reason", "复核认定", "--json")
    assert code == 0 and js(out)["category"] == "relative"
    code, out, _ = cli(
        "assist", "add", FILE, "--kind", "money", "--amount", "500.50", "--fund", "union", "--json"
    )
    assert code == 0 and js(out)["record"]["amount_fen"] == 50_050
    code, out, _ = cli(
        "visit", "add", FILE, "--visitor", "赵敏", "--state-of-mind", "乐观", "--json", as_of="2026-01-20"
    )
    assert code == 0 and js(out)["visit"]["state_of_mind"] == "乐观"
    cli("cadre", "add", "--name", "赵敏")
    code, out, _ = cli(
        "letter",
        "add",
        "--person",
        "赵敏",
        "--files",
        FILE,
        "--goals",
        "走访",
        "--measures",
        "结对",
        "--start",
        "2026-01-01",
        "--end",
        "2026-12-31",
        "--json",
    )
    letter = js(out)["letter"]
    assert code == 0 and letter["household_count"] == 1
    code, out, _ = cli(
        "letter", "sign", letter["letter_no"], "--side", "lower", "--signatory", "赵敏", "--json"
    )
    assert code == 0 and js(out)["letter"]["lower_signed"] is True
    code, _, err = cli("close", FILE, "--reason", "cancelled", "--note", "迁往外省")
    assert code == 2 and "注销须说明原因" in err
    code, out, _ = cli(
        "close", FILE, "--reason", "cancelled", "--detail", "transfer", "--note", "迁往外省", "--json"
    )
    assert code == 0 and js(out)["status"] == "closed"
    assert "注销（迁出）：迁往外省" in cli("status", FILE)[1]
