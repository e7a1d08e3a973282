"""The issue's walk: found → registered (deep) → adjusted (relative) → watch → registered → watch →
exit_notice → closed → registered again, with dates driven by as_of and the history text checked."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from assist_desktop.db.models import HardshipFile, StatusEvent
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import history, reevaluate_all, status_report, status_report_in
from tests.conftest import complete_file_data

D = dt.date
FILE = "230102001-000001"


def state(db):
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        return f.status, f.category


def last_events(db, n=1):
    return history(db, file_no=FILE)[-n:]


def income(db, day, yearly):
    update_file(db, file_no=FILE, changes={"household_annual_income": yearly}, as_of=day, actor="clerk")


def test_household_walks_the_whole_lifecycle(db):
    # found → registered (deep): 18,000 元 a year for 3 people = 500 元 a month, under LB 720
    create_file(db, data=complete_file_data(last_visit_date="2025-12-20"), as_of=D(2026, 1, 5), actor="clerk")
    assert state(db) == ("registered", "deep")
    found, registered = last_events(db, 2)
    assert found["kind"] == "found" and found["reason"] == "发现困难职工，建立档案"
    assert registered["kind"] == "registered" and registered["rule"] == "deep"
    assert registered["reason"] == (
        "五清齐全；人均月收入 500.00 元，低于低保标准 720.00 元，认定为深度困难，登记为在档帮扶对象"
    )
    assert registered["facts"]["per_capita_fen"] == 50_000 and registered["facts"]["lb_fen"] == 72_000

    # income rises to 1,000 元 a month: adjusted to relative hardship, not exited
    income(db, D(2026, 2, 2), "36000")
    assert state(db) == ("registered", "relative")
    [adjusted] = last_events(db)
    assert adjusted["kind"] == "adjusted" and adjusted["occurred_on"] == "2026-02-02"
    assert adjusted["reason"].endswith("认定为相对困难，类别由深度困难调整为相对困难")
    assert (adjusted["from_category"], adjusted["to_category"]) == ("deep", "relative")

    # 1,500 元 a month, at or above the exit line 1,440: income watch from the date it was true
    income(db, D(2026, 3, 2), "54000")
    assert state(db) == ("watch", "relative")
    [watch] = last_events(db)
    assert watch["kind"] == "watch" and watch["rule"] == "exit_line"
    assert "人均月收入 1,500.00 元，达到脱困线 1,440.00 元" in watch["reason"]
    assert "自 2026-03-02 起进入收入观察" in watch["reason"]

    # back under the line: registered again, the watch broken
    income(db, D(2026, 5, 4), "36000")
    assert state(db) == ("registered", "relative")
    [broken] = last_events(db)
    assert broken["kind"] == "watch_broken"
    assert broken["reason"].startswith("收入观察期间人均月收入 1,000.00 元，低于脱困线 1,440.00 元")

    # above again from 1 June: a new watch, counted afresh
    income(db, D(2026, 6, 1), "60000")
    assert state(db) == ("watch", "relative")
    assert "自 2026-06-01 起进入收入观察" in last_events(db)[0]["reason"]

    # the passing of time: not yet 6 months on 30 November; notice on 1 December for 5 working days
    assert reevaluate_all(db, as_of=D(2026, 11, 30))["changed"] == 0
    summary = reevaluate_all(db, as_of=D(2026, 12, 1))
    assert summary["exit_notice"] == 1 and summary["changed"] == 1
    assert state(db) == ("exit_notice", "relative")
    [notice] = last_events(db)
    assert notice["reason"] == (
        "自 2026-06-01 起连续6个月人均月收入不低于脱困线 1,440.00 元（现为 1,666.66 元），"
        "予以脱困公示5个工作日，至 2026-12-08 止"
    )
    assert reevaluate_all(db, as_of=D(2026, 12, 1))["changed"] == 0  # idempotent
    assert reevaluate_all(db, as_of=D(2026, 12, 8))["changed"] == 0  # notice still running

    # notice over: closed, out of hardship
    summary = reevaluate_all(db, as_of=D(2026, 12, 9))
    assert summary["closed"] == 1
    assert state(db) == ("closed", "relative")
    [closed] = last_events(db)
    assert closed["kind"] == "closed" and closed["rule"] == "exit_after_notice"
    assert closed["reason"].startswith("脱困公示至 2026-12-08 期满，人均月收入 1,666.66 元仍不低于脱困线")
    report = status_report(db, file_no=FILE, as_of=D(2026, 12, 9))
    assert report["close_reason"] == "out_of_hardship" and report["closed_on"] == D(2026, 12, 9)

    # hardship returns: found at a visit, registered again on the fresh income, the history kept
    # (issue 10: re-entry needs an income record and a home visit within the freshness window)
    from assist_desktop.services.assistance import add_visit

    add_visit(db, file_no=FILE, visitor="赵敏", visited_on="2027-02-26", today=D(2027, 2, 26), actor="clerk")
    assert state(db) == ("closed", "relative")
    income(db, D(2027, 3, 1), "18000")
    assert state(db) == ("registered", "deep")
    [reopened] = last_events(db)
    assert reopened["kind"] == "reopened"
    assert reopened["reason"].startswith("退档后困难再现：人均月收入 500.00 元，低于低保标准 720.00 元")
    kinds = [e["kind"] for e in history(db, file_no=FILE)]
    assert kinds == [
        "found",
        "registered",
        "adjusted",
        "watch",
        "watch_broken",
        "watch",
        "exit_notice",
        "closed",
        "reopened",
    ]
    with db.reader() as s:
        facts = [
            json.loads(x)
            for x in s.scalars(select(StatusEvent.facts_json).where(StatusEvent.kind != "found"))
        ]
    assert all("exit_line_fen" in f and "per_capita_fen" in f for f in facts)


def test_new_higher_lb_reevaluates_every_file_and_reports_transitions(db):
    from assist_desktop.services.standards import set_standard
    from tests.conftest import valid_id

    day = D(2026, 1, 5)
    # 800 元 a month: relative at LB 720; 1,000 元 then 1,500 元: watch at exit line 1,440; 3,000 元: ineligible
    create_file(
        db, data=complete_file_data(household_annual_income="28800", last_visit_date="2026-01-02"), as_of=day
    )
    create_file(
        db,
        data=complete_file_data(
            id_number=valid_id("23010219800101123"),
            name="王芳",
            household_annual_income="36000",
            last_visit_date="2026-01-02",
        ),
        as_of=day,
    )
    create_file(
        db,
        data=complete_file_data(
            id_number=valid_id("23010219750505432"),
            name="李强",
            household_annual_income="108000",
            last_visit_date="2026-01-02",
        ),
        as_of=day,
    )
    update_file(
        db, file_no="230102001-000002", changes={"household_annual_income": "54000"}, as_of=D(2026, 3, 2)
    )
    with db.reader() as s:
        assert dict(s.execute(select(HardshipFile.name, HardshipFile.status)).all()) == {
            "张建国": "registered",
            "王芳": "watch",
            "李强": "ineligible",
        }
    set_standard(db, lb="850", mw="2200", effective="2026-04-01", today=D(2026, 4, 1))
    with db.reader() as s:
        untouched = s.execute(select(HardshipFile.updated_at, HardshipFile.change_seq, HardshipFile.row_version)
                              .where(HardshipFile.name == "李强")).one()
    summary = reevaluate_all(db, as_of=D(2026, 4, 1))
    # 李强 stays ineligible for the same reason: his pending reason names the line, not its amount, so the new
    # standard leaves his file as it was (not a change of it: no new change number, the next export leaves it out)
    assert summary == {
        "evaluated": 3,
        "changed": 2,
        "unchanged": 1,
        "registered": 0,
        "adjusted": 1,
        "ineligible": 0,
        "watch": 0,
        "watch_broken": 1,
        "exit_notice": 0,
        "closed": 0,
        "reopened": 0,
        "raced": 0,
    }
    with db.reader() as s:
        rows = dict(s.execute(select(HardshipFile.name, HardshipFile.category)).all())
        assert rows["张建国"] == "deep" and rows["王芳"] == "relative"
        n = s.scalar(
            select(func.count()).select_from(StatusEvent).where(StatusEvent.occurred_on == D(2026, 4, 1))
        )
    assert n == 2
    with db.reader() as s:
        reason = s.scalar(select(HardshipFile.ineligible_reason).where(HardshipFile.name == "李强"))
    assert reason == "人均月收入 3,000.00 元，不低于相对困难线，且无意外致困情形，未达到帮扶标准"
    with db.reader() as s:
        assert s.execute(select(HardshipFile.updated_at, HardshipFile.change_seq, HardshipFile.row_version)
                         .where(HardshipFile.name == "李强")).one() == untouched
        # what the detail pane and `status` show beside it: the rule's reason of the day, with the new line
        report = status_report_in(s, s.scalars(select(HardshipFile).where(HardshipFile.name == "李强")).one(),
                                  as_of=D(2026, 4, 1))
    assert "相对困难线 1,700.00 元" in report.rule["reason"] and report.pending_reason == reason
    assert reevaluate_all(db, as_of=D(2026, 4, 1))["changed"] == 0
