"""A bug never prints record contents: the command line writes a report file with values redacted and says where."""

from __future__ import annotations

import re

from assist_desktop import bugreport
from assist_desktop.cli import main
from assist_desktop.services import stats as stats_service
from tests.conftest import TODAY

ID_NUMBER = "23010219700315123X"
BANK = "6222021001123456789"
PHONE = "13945678901"


def _boom(*_args, **_kwargs):
    raise RuntimeError(f"row of 张建国: id_number={ID_NUMBER} bank 6222 0210 0112 3456 789 account {BANK}, "
                       f"phone '{PHONE}', name='李秀英'")


def test_a_forced_exception_leaves_no_record_contents_on_stderr_or_in_the_report(db, monkeypatch, capsys):
    if not db.is_sqlite:
        return
    monkeypatch.setattr(stats_service, "stats", _boom)
    rc = main(["--db", str(db.sqlite_file), "--as-of", TODAY.isoformat(), "stats"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "Traceback" not in err and "Traceback" not in out
    match = re.search(r"程序出错，已写入错误报告：(\S+?)（", err)
    assert match, err
    report = bugreport.log_dir() / match.group(1).rsplit("/", 1)[-1]
    assert report.exists() and str(report.parent).startswith(str(bugreport.log_dir()))
    text = report.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError" in text and "_boom" in text
    for secret in (ID_NUMBER, ID_NUMBER[:17], BANK, "6222 0210", PHONE, "李秀英", "张建国"):
        assert secret not in text and secret not in err and secret not in out
    assert not re.search(r"\d{6,}", text.replace(str(report.parent), ""))


def test_json_callers_get_the_report_path(db, monkeypatch, capsys):
    if not db.is_sqlite:
        return
    import json

    monkeypatch.setattr(stats_service, "stats", _boom)
    rc = main(["--db", str(db.sqlite_file), "stats", "--json"])
    out, _err = capsys.readouterr()
    assert rc == 1
    [error] = json.loads(out)["errors"]
    assert error["kind"] == "bug" and error["report"] and ID_NUMBER not in out


def test_redaction_keeps_what_a_maintainer_needs():
    text = bugreport.redact("KeyError: 'household_size' at line 12 (file 230102001-000001, 3 rows)")
    assert "KeyError" in text and "'household_size'" in text and "line 12" in text and "3 rows" in text
    assert "230102001" not in text
    assert bugreport.redact('{"address": "哈尔滨市南岗区学府路1号", "kind": "x"}') == \
        '{"address": ' + bugreport.REDACTED + ', "kind": "x"}'
