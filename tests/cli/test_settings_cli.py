"""settings list|set and holidays list|set|remove on the command line: every setting changed, dated, previewed,
same-date values replaced only with --replace; writes need credentials where the database has accounts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from assist_desktop.cli import main
from assist_desktop.db.engine import Database
from assist_desktop.db.models import DatedSetting, HardshipFile, Holiday, Standard
from tests.conftest import complete_file_data

FILE = "230102001-000001"

#: a value for every setting the issue names, other than its default
CHANGES = {
    "lb": "760", "mw": "2200", "relative_multiple": "1.8", "exit_multiple": "1.5", "accident_multiple": "2.5",
    "accident_cost_ratio": "0.5", "watch_months": "4", "notice_workdays": "7", "follow_up_months": "12",
    "visit_interval_months": "3", "accident_window_months": "18", "boundary_deep": "le",
    "boundary_relative": "le", "boundary_accident": "le", "boundary_exit": "gt", "freshness_months": "3",
    "older_relative_rule": "1", "category_scheme": "legacy", "cadre_load_max": "3",
}


@pytest.fixture
def cli(tmp_path, capsys):
    path = str(tmp_path / "cli.sqlite3")

    def run(*args, as_of="2026-01-05", user="clerk"):
        capsys.readouterr()
        code = main(["--db", path, "--as-of", as_of, "--user", user, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert run("init", "--union-code", "230102001", "--union-name", "哈尔滨锅炉厂工会", "--level", "grassroots")[0] == 0
    assert run("standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01")[0] == 0
    assert run("file", "add", *[f"{k}={v}" for k, v in complete_file_data(last_visit_date="2026-01-02").items()])[0] == 0
    run.path = path
    return run


def js(text):
    return json.loads(text)


def test_every_setting_is_set_through_the_cli_and_dated(cli):
    for key, value in CHANGES.items():
        code, out, err = cli("settings", "set", key, value, "--effective", "2026-03-01", "--json")
        assert code == 0, (key, err)
        data = js(out)
        assert data["setting"]["key"] == key and data["setting"]["effective_on"] == "2026-03-01"
        assert "reevaluation" not in data  # a later date: nothing re-evaluated today
    code, out, _ = cli("settings", "list", "--json")
    before = {s["key"]: s for s in js(out)["settings"]}
    code, out, _ = cli("settings", "list", "--json", "--on", "2026-03-01")
    after = {s["key"]: s for s in js(out)["settings"]}
    for key, value in CHANGES.items():
        shown = {"lb": "760.00", "mw": "2200.00"}.get(key, value)
        assert before[key]["value"] != after[key]["value"], key
        assert [f["value"] for f in before[key]["future"]] == [shown], key
        assert after[key]["value"] == shown and after[key]["since"] == "2026-03-01", key
    db = Database(f"sqlite:///{cli.path}")
    try:
        with db.reader() as s:
            keys = set(s.scalars(select(DatedSetting.key)))
            std = s.scalars(select(Standard).where(Standard.effective_on == dt.date(2026, 3, 1))).one()
    finally:
        db.dispose()
    assert keys == {k for k in CHANGES if k not in ("lb", "mw", "relative_multiple", "exit_multiple",
                                                    "accident_multiple", "accident_cost_ratio")}
    assert (std.lb_fen, std.mw_fen, std.relative_multiple_pct, std.exit_multiple_pct, std.accident_multiple_pct,
            std.accident_cost_pct) == (76_000, 220_000, 180, 150, 250, 50)
    code, out, _ = cli("settings", "list")
    assert "watch_months" in out and "将变更：2026-03-01 起 4" in out


def test_preview_writes_nothing_and_set_reevaluates_from_today(cli):
    code, out, _ = cli("settings", "set", "category_scheme", "legacy", "--effective", "2026-01-05", "--preview",
                       "--json")
    assert code == 0
    preview = js(out)["preview"]
    assert preview["moves"] == [{"from_status": "registered", "to_status": "registered", "from_category": "deep",
                                 "to_category": "extreme", "count": 1, "text": "1 户类别将由深度困难调整为特困"}]
    code, out, _ = cli("settings", "list", "--json")
    assert {s["key"]: s for s in js(out)["settings"]}["category_scheme"]["value"] == "acftu"
    code, out, _ = cli("settings", "set", "category_scheme", "legacy", "--effective", "2026-01-05")
    assert code == 0 and "预览：" in out and "1 户类别将由深度困难调整为特困" in out and "重新评定：" in out
    code, out, _ = cli("status", FILE, "--json")
    assert js(out)["category"] == "extreme" and js(out)["category_label"] == "特困"
    code, out, _ = cli("stats", "--json")
    assert js(out)["by_category"]["extreme"] == 1


def test_same_date_value_needs_replace(cli):
    assert cli("settings", "set", "watch_months", "5", "--effective", "2026-06-01")[0] == 0
    code, out, err = cli("settings", "set", "watch_months", "4", "--effective", "2026-06-01")
    assert code == 2 and "--replace" in err
    code, out, err = cli("settings", "set", "watch_months", "4", "--effective", "2026-06-01", "--replace", "--json")
    assert code == 0 and js(out)["setting"]["replaced"] is True
    code, out, err = cli("settings", "set", "watch_months", "x", "--effective", "2026-06-01")
    assert code == 2 and "整数" in err
    code, out, err = cli("settings", "set", "nonsense", "1", "--effective", "2026-06-01")
    assert code == 2 and "未知的设置项" in err


def test_standards_set_keeps_working_with_the_cost_share(cli):
    code, out, err = cli("standards", "set", "--lb", "760", "--mw", "2200", "--effective", "2026-01-01",
                         "--accident-cost-ratio", "0.5", "--json")
    assert code == 0, err
    assert js(out)["standard"]["accident_cost_ratio"] == 0.5
    code, out, err = cli("standards", "set", "--lb", "760", "--mw", "2200", "--effective", "2026-01-01",
                         "--accident-cost-ratio", "0.9")
    assert code == 2


def test_holidays_list_set_remove_and_the_2027_warning(cli):
    code, out, _ = cli("holidays", "list", "--year", "2026", "--json")
    data = js(out)
    assert data["known"] is True and {"day": "2026-10-01", "kind": "holiday", "name": "国庆节",
                                      "source": "chinese-calendar"} in data["holidays"]
    code, out, _ = cli("holidays", "list", "--year", "2027")
    assert "2027年节假日安排未录入，请按国务院通知录入（holidays set）" in out
    # the status of a file on a day of 2027 warns too
    code, out, _ = cli("status", FILE, as_of="2027-02-04")
    assert "注意：2027年节假日安排未录入，请按国务院通知录入（holidays set）" in out
    for day in ("2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
                "2027-02-12", "2027-02-13"):
        assert cli("holidays", "set", day, "holiday", "--name", "春节")[0] == 0
    code, out, _ = cli("holidays", "set", "2027-02-14", "workday", "--name", "春节调休上班", "--json")
    assert code == 0 and js(out)["holiday"] == {"day": "2027-02-14", "kind": "workday", "name": "春节调休上班",
                                               "source": "union"}
    code, out, _ = cli("holidays", "list", "--year", "2027", "--json")
    assert js(out)["known"] is True and len(js(out)["holidays"]) == 10
    code, out, _ = cli("status", FILE, as_of="2027-02-04")
    assert "节假日安排未录入" not in out
    assert cli("holidays", "remove", "2027-02-14")[0] == 0
    code, _out, err = cli("holidays", "remove", "2027-02-14")
    assert code == 2 and "没有" in err
    db = Database(f"sqlite:///{cli.path}")
    try:
        with db.reader() as s:
            assert s.get(Holiday, dt.date(2027, 2, 14)) is None
            assert s.scalars(select(HardshipFile.status)).one() == "registered"
    finally:
        db.dispose()


def test_writes_need_credentials_reads_do_not(cli, monkeypatch):
    monkeypatch.setenv("ASSIST_PASSWORD", "secret-pass-1")
    from assist_desktop.services.access import Actor
    from assist_desktop.services.users import add_user

    db = Database(f"sqlite:///{cli.path}")
    try:
        add_user(db, username="admin", display_name="管理员", password="secret-pass-1", role="admin")
        add_user(db, username="viewer", display_name="查看", password="secret-pass-1", role="viewer",
                 actor=Actor("admin", "admin"))
    finally:
        db.dispose()
    code, out, err = cli("settings", "list", user="viewer")
    assert code == 0
    code, out, err = cli("holidays", "list", "--year", "2026", user="viewer")
    assert code == 0
    code, out, err = cli("settings", "set", "watch_months", "4", "--effective", "2026-06-01", user="viewer")
    assert code == 2 and "无权" in err
    code, out, err = cli("holidays", "set", "2027-02-05", "holiday", user="viewer")
    assert code == 2 and "无权" in err
    code, out, err = cli("settings", "set", "watch_months", "4", "--effective", "2026-06-01", user="admin")
    assert code == 0, err
