"""The lifecycle's history entries in English: a text code and its parameters with each entry, rendered at display."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select, update

from assist_desktop.db.models import StatusEvent
from assist_desktop.domain.history_text import CODES, event_text, event_text_json
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import close_file, history, override, reevaluate_all, status_report
from tests.conftest import complete_file_data

D = dt.date
FILE = "230102001-000001"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _entries(db) -> list[dict]:
    return history(db, file_no=FILE)


def a_whole_life(db) -> list[dict]:
    """Registered, adjusted, watched, exit notice, closed: the rules' own entries."""
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    update_file(db, file_no=FILE, changes={"household_annual_income": "30000"}, as_of=D(2026, 1, 25))  # relative
    update_file(db, file_no=FILE, changes={"household_annual_income": "80000"}, as_of=D(2026, 2, 2))
    reevaluate_all(db, as_of=D(2026, 8, 3))
    reevaluate_all(db, as_of=D(2026, 9, 1))
    return _entries(db)


def test_every_entry_of_the_rules_has_a_code_and_english_without_chinese(db):
    entries = a_whole_life(db)
    kinds = [e["kind"] for e in entries]
    assert kinds[0] == "found"  # written by files.create_file: no code, a fixed text
    assert entries[0]["reason"] == "发现困难职工，建立档案" and entries[0]["reason_en"] == "Hardship found: file opened"
    for kind in ("registered", "adjusted", "watch", "exit_notice", "closed"):
        assert kind in kinds, kinds
    for e in entries[1:]:
        assert e["facts"]["text_code"] in CODES, e
        assert CJK.search(e["reason"]), e["reason"]  # the stored text stays Chinese
        assert e["reason_en"] and not CJK.search(e["reason_en"]), e["reason_en"]
    closed = next(e for e in entries if e["kind"] == "closed")
    assert "closed as out of hardship" in closed["reason_en"] and closed["reason_en"].startswith("The exit notice")
    assert closed["facts"]["notice_until"] in closed["reason_en"]
    exit_notice = next(e for e in entries if e["kind"] == "exit_notice")
    assert "yuan" in exit_notice["reason_en"] and "working days" in exit_notice["reason_en"]


def test_a_persons_decisions_in_english_keep_their_own_words(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    report = override(db, file_no=FILE, category="relative", reason="单位补助到年底", on=D(2026, 1, 6))
    entry = report["history"][0]
    assert entry["facts"]["text_code"] == "override"
    assert entry["reason_en"].startswith("Reviewer's override: status registered → registered, category deep hardship"
                                         " → relative hardship; reason: 单位补助到年底; holds until ")
    report = close_file(db, file_no=FILE, reason="cancelled", detail="死亡", note="本人于1月病故", on=D(2026, 2, 1))
    entry = report["history"][0]
    assert entry["reason"] == "注销（死亡）：本人于1月病故"  # unchanged
    assert entry["reason_en"] == "Cancelled (death): 本人于1月病故"


def test_old_entries_without_a_code_show_their_stored_text_in_every_language(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with db.transaction(actor="test") as s:  # as an entry written by the release before the codes
        s.execute(update(StatusEvent).values(facts_json=json.dumps({"per_capita_fen": 50000})))
    entries = _entries(db)
    registered = next(e for e in entries if e["kind"] == "registered")
    assert registered["reason_en"] == registered["reason"] and CJK.search(registered["reason"])
    with db.reader() as s:
        ev = s.scalars(select(StatusEvent).where(StatusEvent.kind == "registered")).one()
        assert event_text_json(ev.reason, ev.facts_json, "en") == ev.reason
        assert event_text_json(ev.reason, "not json", "en") == ev.reason
    # an unknown code (a newer version's) or broken parameters: the stored text
    assert event_text("原文", {"text_code": "from_the_future", "text_args": {}}, "en") == "原文"
    assert event_text("原文", {"text_code": "registered", "text_args": "x"}, "en") == "原文"
    assert event_text("原文", {"text_code": "registered", "text_args": {"reason_en": "r"}}, "zh") == "原文"


def test_status_in_english_on_the_command_line_and_json_keeps_its_fields(db, tmp_path):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    report = status_report(db, file_no=FILE, as_of=D(2026, 1, 5))
    entry = report["history"][0]
    assert set(entry) >= {"occurred_on", "kind", "kind_label", "rule", "from_status", "to_status", "from_category",
                          "to_category", "reason", "actor", "facts", "reason_en"}
    from assist_desktop.cli.lifecycle_cmds import status_text

    text = status_text(report.to_json() if hasattr(report, "to_json") else dict(report), lang="en")
    history_lines = text.split("近期历史：", 1)[1]
    assert "Registered" in history_lines and "Five clears complete" in history_lines
    assert "五清齐全" not in history_lines
    assert "五清齐全" in status_text(dict(report), lang="zh")


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_renders_without_chinese(code):
    args = {"reason_en": "per-capita income 500.00 below LB 720.00: deep hardship", "from_category": "deep",
            "to_category": "relative", "category": "deep", "per_capita_fen": 50000, "exit_line_fen": 144000,
            "lb_fen": 72000, "relative_line_fen": 144000, "exit_multiple": "2", "since": "2026-02-02",
            "start": "2026-02-02", "months": 6, "until": "2026-08-12", "workdays": 7, "notice_until": "2026-08-12",
            "decided_on": "2026-08-13", "follow_up_months": 6, "done_on": "2026-08-13", "close_reason": "relieved",
            "note": "note", "reason": "why", "from_status": "registered", "to_status": "ineligible",
            "steps": ["application", "home_visit"], "still_in_hardship": True, "in_notice": True}
    text = event_text("中文", {"text_code": code, "text_args": args}, "en")
    assert text != "中文" and not CJK.search(text), text


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_the_detail_panes_history_tab_shows_english_under_the_english_translator(qtbot, qapp, db):
    from assist_desktop.ui import i18n
    from assist_desktop.ui.detail_pane import DetailPane

    a_whole_life(db)
    try:
        assert i18n.install_translations(qapp, "en")
        pane = DetailPane(db, today=D(2026, 9, 1))
        qtbot.addWidget(pane)
        pane.show_file(FILE)
        table = pane.history_table
        rows = [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
                for r in range(table.rowCount())]
    finally:
        i18n.install_translations(qapp, "zh")
    by_kind = {r[1]: r for r in rows}
    assert "Registered" in by_kind and "Closed" in by_kind, list(by_kind)
    assert by_kind["Registered"][4].startswith("Five clears complete; per-capita income 500.00 below LB 720.00")
    assert "closed as out of hardship" in by_kind["Closed"][4]
    for r in rows:
        assert not CJK.search(r[4]), r
    # and in Chinese, the stored text
    pane = DetailPane(db, today=D(2026, 9, 1))
    qtbot.addWidget(pane)
    pane.show_file(FILE)
    texts = [pane.history_table.item(r, 4).text() for r in range(pane.history_table.rowCount())]
    assert any(t.startswith("五清齐全；") for t in texts)
