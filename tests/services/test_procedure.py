"""Issue 10: the intake procedure as switchable steps, fresh facts, checked manual decisions, employment starting
the watch — scenario tests through the services (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assist_desktop.db.models import EmploymentSupport, HardshipFile, ProcedureStep
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services import reports as R
from assist_desktop.services.assistance import add_visit
from assist_desktop.services.common import set_option
from assist_desktop.services.due import TASK_KINDS, due_items
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import (
    close_file,
    confirm_cancellation,
    history,
    override,
    reevaluate_all,
    register_file,
    status_report,
)
from assist_desktop.services.pairing import assign
from assist_desktop.services.procedure import procedure_state, record_step
from assist_desktop.services.standards import set_standard
from assist_desktop.services.unions import add_cadre
from tests.conftest import complete_file_data

D = dt.date
FILE = "230102001-000001"


def options(db, **values):
    with db.transaction() as s:
        for k, v in values.items():
            set_option(s, k, v)


def status(db):
    with db.reader() as s:
        f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == FILE)).one()
        return f.status, f.category, f.close_reason, f.closed_on, f.ineligible_reason


def all_steps_on(db):
    options(db, step_application=1, step_home_visit=1, step_consent=1, step_income_check=1, step_notice=1,
            step_approval=1)


def with_cadre(db, day):
    add_cadre(db, name="赵敏", union_code="230102001", actor="clerk")
    assign(db, file_nos=[FILE], person="赵敏", on=day, actor="clerk")


# --- steps off: as before --------------------------------------------------------------------------------------


def test_with_all_steps_off_a_file_registers_at_once_and_steps_are_refused(db):
    create_file(db, data=complete_file_data(), as_of=D(2026, 11, 20))
    assert status(db)[:2] == ("registered", "deep")
    with pytest.raises(ValidationFailed) as err:
        record_step(db, file_no=FILE, step="application", on="2026-11-20", by="applicant", today=D(2026, 11, 20))
    assert "未启用" in str(err.value.errors[0].zh)


# --- steps on: application → visit → consent → check → notice (objection) → approval ----------------------------


def test_household_passes_every_intake_step_and_its_history_shows_each(db):
    all_steps_on(db)
    day = D(2026, 11, 2)
    create_file(db, data=complete_file_data(last_visit_date="2026-10-15"), as_of=day)
    # without a responsible person the file stays found, the reason named
    st = status(db)
    assert st[0] == "found" and st[4].startswith("尚未确定帮扶联系责任人")
    with_cadre(db, day)
    reevaluate_all(db, as_of=day)
    view = procedure_state(db, file_no=FILE, as_of=day)
    # the rules decide and show the category; the steps decide when it takes effect
    assert view.status == "found" and view.proposed_category == "deep" and view.proposal == "register"
    assert view.intake["next_step"] == "application" and view.review_task == "procedure_step"
    assert [i.kind for i in due_items(db, as_of=day, kinds=TASK_KINDS) if i.file_no == FILE] == ["procedure_step"]

    # out of order: refused, naming the step that comes first
    with pytest.raises(ValidationFailed) as err:
        record_step(db, file_no=FILE, step="consent", on=day, consent=True, today=day)
    assert "申请或推荐" in err.value.errors[0].zh

    record_step(db, file_no=FILE, step="application", on=day, by="applicant", by_name="张建国", today=day)
    record_step(db, file_no=FILE, step="home_visit", on=D(2026, 11, 3), by_name="赵敏", note="家中陈设简陋",
                today=D(2026, 11, 3))
    record_step(db, file_no=FILE, step="consent", on=D(2026, 11, 3), consent_file="scans/consent-001.pdf",
                today=D(2026, 11, 3))
    record_step(db, file_no=FILE, step="income_check", on=D(2026, 11, 4), result="pass", today=D(2026, 11, 4))
    view = record_step(db, file_no=FILE, step="notice", on=D(2026, 11, 5), today=D(2026, 11, 5))
    assert view.intake["waiting_until"] == D(2026, 11, 12)  # 5 working days
    # an objection recorded and answered, not upheld
    view = record_step(db, file_no=FILE, step="notice", on=D(2026, 11, 9), objection="邻居称其有私家车",
                       answer="经核实车辆为亲属所有", today=D(2026, 11, 9))
    assert view.intake["waiting_until"] == D(2026, 11, 12)  # the objection does not move the notice's end
    with pytest.raises(ValidationFailed):  # the notice has not ended
        record_step(db, file_no=FILE, step="approval", on=D(2026, 11, 10), result="pass", today=D(2026, 11, 10))
    assert status(db)[0] == "found"
    view = record_step(db, file_no=FILE, step="approval", on=D(2026, 11, 13), result="pass", level="union",
                       today=D(2026, 11, 13))
    assert view.status == "registered" and view.review_task is None
    assert status(db)[:2] == ("registered", "deep")
    registered = [e for e in history(db, file_no=FILE) if e["kind"] == "registered"]
    assert registered[0]["occurred_on"] == "2026-11-13"
    assert "经申请或推荐、入户调查、签署核对授权、核对结果、公示、审批" in registered[0]["reason"]
    shown = procedure_state(db, file_no=FILE, as_of=D(2026, 11, 13))
    assert [s.step for s in shown.steps] == [
        "application", "home_visit", "consent", "income_check", "notice", "notice", "approval"]
    texts = [s.text() for s in shown.steps]
    assert any("异议：邻居称其有私家车；答复：经核实车辆为亲属所有" in t for t in texts)
    assert any("授权书：scans/consent-001.pdf" in t for t in texts)
    # the investigation is a home visit like the others
    with db.reader() as s:
        assert s.get(HardshipFile, s.scalars(select(HardshipFile.id)).one()).last_visit_date == D(2026, 11, 3)


def test_an_upheld_objection_stops_the_intake_until_a_new_application(db):
    options(db, step_application=1, step_notice=1)
    day = D(2026, 11, 2)
    create_file(db, data=complete_file_data(), as_of=day)
    with_cadre(db, day)
    record_step(db, file_no=FILE, step="application", on=day, by="proposer", by_name="基层工会", today=day)
    record_step(db, file_no=FILE, step="notice", on=D(2026, 11, 3), objection="其子在外地经营企业雇有员工",
                upheld=True, today=D(2026, 11, 4))
    assert reevaluate_all(db, as_of=D(2026, 11, 20))["registered"] == 0
    st = status(db)
    assert st[0] == "found" and "公示未通过" in st[4] and "程序终止" in st[4]
    with pytest.raises(ValidationFailed):
        record_step(db, file_no=FILE, step="notice", on=D(2026, 11, 20), today=D(2026, 11, 20))
    record_step(db, file_no=FILE, step="application", on=D(2026, 11, 20), by="applicant", today=D(2026, 11, 20))
    assert procedure_state(db, file_no=FILE, as_of=D(2026, 11, 20)).intake["next_step"] == "notice"


def test_approval_at_the_parent_level_is_needed_when_the_union_says_so(db):
    options(db, step_approval=1, approval_level="parent")
    day = D(2026, 11, 2)
    create_file(db, data=complete_file_data(), as_of=day)
    with_cadre(db, day)
    record_step(db, file_no=FILE, step="approval", on=day, result="pass", level="union", today=day)
    assert status(db)[0] == "found"
    record_step(db, file_no=FILE, step="approval", on=D(2026, 11, 3), result="pass", level="parent",
                today=D(2026, 11, 3))
    assert status(db)[0] == "registered"


# --- fresh facts --------------------------------------------------------------------------------------------


def _closed_out_of_hardship(db):
    """A household out of hardship by 2026-12-09 (the watch walk of test_lifecycle_scenario)."""
    create_file(db, data=complete_file_data(last_visit_date="2026-05-20"), as_of=D(2026, 6, 1))
    update_file(db, file_no=FILE, changes={"household_annual_income": "60000"}, as_of=D(2026, 6, 1))
    reevaluate_all(db, as_of=D(2026, 12, 1))
    reevaluate_all(db, as_of=D(2026, 12, 9))
    assert status(db)[:3] == ("closed", "deep", "out_of_hardship")


def test_a_closed_file_with_stale_facts_is_not_reopened_by_a_new_lb_but_gets_a_review_task(db):
    _closed_out_of_hardship(db)
    # seven months later 低保 rises so far that the old income would be hardship again
    set_standard(db, lb="2000", mw="2300", effective="2027-07-01", today=D(2027, 7, 1))
    summary = reevaluate_all(db, as_of=D(2027, 7, 1))
    assert summary["reopened"] == 0
    st = status(db)
    assert st[0] == "closed" and st[4].startswith("可能返困，请复核")
    assert "最近的收入记录为 2026-06-01" in st[4] and "最近的入户走访为 2026-05-20" in st[4]
    items = [i for i in due_items(db, as_of=D(2027, 7, 1), kinds=TASK_KINDS) if i.file_no == FILE]
    assert [i.kind for i in items] == ["review_reopen"]
    report = status_report(db, file_no=FILE, as_of=D(2027, 7, 1))
    assert report["review_task"] == "review_reopen" and report["proposal"] == "reopen"
    # a fresh income fact alone is not enough: the visit is old too
    update_file(db, file_no=FILE, changes={"household_annual_income": "54000"}, as_of=D(2027, 7, 5))
    assert status(db)[0] == "closed"
    # the follow-up visit finds the household back in hardship: reopened on fresh facts
    add_visit(db, file_no=FILE, visitor="赵敏", visited_on="2027-07-06", today=D(2027, 7, 6))
    st = status(db)
    assert st[:2] == ("registered", "deep") and st[4] is None
    assert history(db, file_no=FILE)[-1]["kind"] == "reopened"
    assert [i.kind for i in due_items(db, as_of=D(2027, 7, 6)) if i.file_no == FILE and i.kind == "review_reopen"] \
        == []


def test_an_adjustment_on_stale_income_waits_for_a_fresh_record(db):
    create_file(db, data=complete_file_data(household_annual_income="28800", last_visit_date="2026-01-02"),
                as_of=D(2026, 1, 5))
    assert status(db)[:2] == ("registered", "relative")
    set_standard(db, lb="850", mw="2200", effective="2026-09-01", today=D(2026, 9, 1))
    assert reevaluate_all(db, as_of=D(2026, 9, 1))["adjusted"] == 0
    st = status(db)
    assert st[:2] == ("registered", "relative") and st[4].startswith("收入资料已过期")
    assert [i.kind for i in due_items(db, as_of=D(2026, 9, 1), kinds=TASK_KINDS) if i.file_no == FILE] == [
        "facts_stale"]
    update_file(db, file_no=FILE, changes={"household_annual_income": "28000"}, as_of=D(2026, 9, 2))
    st = status(db)
    assert st[:2] == ("registered", "deep") and st[4] is None


# --- manual decisions checked -------------------------------------------------------------------------------


def test_relief_below_lb_is_refused_unless_a_reviewer_writes_why(db):
    # 3 people, 25,919.64 元 a year: 719.99 元 a month with LB 720
    create_file(db, data=complete_file_data(household_annual_income="25919.64"), as_of=D(2026, 11, 20))
    assert status_report(db, file_no=FILE, as_of=D(2026, 11, 20))["income"]["per_capita_fen"] == 71_999
    with pytest.raises(DomainError) as err:
        close_file(db, file_no=FILE, reason="relieved", note="低保兜底", on=D(2026, 11, 20))
    assert "人均月收入 719.99 元 低于低保标准 720.00 元，不能解困" in err.value.zh
    assert status(db)[0] == "registered"
    report = close_file(db, file_no=FILE, reason="relieved", note="低保兜底", on=D(2026, 11, 20),
                        below_lb_reason="重病长期治疗，医疗救助持续兜底")
    assert report["close_reason"] == "relieved"
    assert "审核人理由：重病长期治疗" in history(db, file_no=FILE)[-1]["reason"]


def test_relief_at_lb_is_accepted(db):
    create_file(db, data=complete_file_data(household_annual_income="25920"), as_of=D(2026, 11, 20))
    assert close_file(db, file_no=FILE, reason="relieved", note="低保兜底", on=D(2026, 11, 20))["status"] == "closed"


def test_override_back_to_registered_clears_the_close_fields(db):
    create_file(db, data=complete_file_data(household_annual_income="25920"), as_of=D(2026, 11, 20))
    with_cadre(db, D(2026, 11, 20))
    close_file(db, file_no=FILE, reason="relieved", note="低保兜底", on=D(2026, 11, 20))
    report = override(db, file_no=FILE, status="registered", category="deep", reason="低保被取消",
                      on=D(2026, 11, 25))
    assert report["status"] == "registered"
    assert (report["close_reason"], report["closed_on"], report["close_detail"]) == (None, None, None)
    st = status(db)
    assert (st[0], st[2], st[3]) == ("registered", None, None)


def test_an_exclusion_on_a_registered_file_is_a_cancellation_proposal_counted_when_confirmed(db):
    create_file(db, data=complete_file_data(), as_of=D(2026, 11, 2))
    update_file(db, file_no=FILE, changes={"private_car": "是"}, as_of=D(2026, 11, 5))
    st = status(db)
    assert st[0] == "registered" and st[4].startswith("认定有误，拟注销") and "私家机动车" in st[4]
    assert [i.kind for i in due_items(db, as_of=D(2026, 11, 5), kinds=TASK_KINDS) if i.file_no == FILE] == [
        "cancel_proposal"]
    assert status_report(db, file_no=FILE, as_of=D(2026, 11, 5))["proposal"] == "cancel"
    with pytest.raises(ValidationFailed):
        confirm_cancellation(db, file_no=FILE, note="", on=D(2026, 11, 6))
    report = confirm_cancellation(db, file_no=FILE, note="核实拥有并经常使用私家车", on=D(2026, 11, 6))
    assert (report["status"], report["close_reason"], report["close_detail"]) == (
        "closed", "cancelled", "misidentified")
    assert status(db)[4] is None
    movements = R.movements(db, date_from=D(2026, 11, 1), date_to=D(2026, 11, 30))
    counted = {row[0]: row[2] for row in movements.rows}
    assert counted["cancelled"] == 1
    assert [f.file_no for f in movements.details["cancelled"]] == [FILE]
    # no second confirmation: there is no proposal on a closed file
    with pytest.raises(DomainError):
        confirm_cancellation(db, file_no=FILE, note="again", on=D(2026, 11, 7))


def test_a_person_cannot_register_a_file_without_a_responsible_person(db):
    create_file(db, data=complete_file_data(state_of_mind=None, last_visit_date=None), as_of=D(2026, 11, 2))
    assert status(db)[0] == "found"
    update_file(db, file_no=FILE, changes={"state_of_mind": "稳定", "last_visit_date": "2026-11-01"},
                as_of=D(2026, 11, 2))
    with db.transaction() as s:  # a file that could register, found as it was before the rules ran
        f = s.scalars(select(HardshipFile)).one()
        f.status, f.category = "found", None
    with pytest.raises(DomainError) as err:
        register_file(db, file_no=FILE, as_of=D(2026, 11, 3))
    assert "尚未确定帮扶联系责任人，不能登记" in err.value.zh
    assert status(db)[0] == "found"  # nothing was written
    with_cadre(db, D(2026, 11, 3))
    assert register_file(db, file_no=FILE, as_of=D(2026, 11, 3))["status"] == "registered"


# --- employment starts the watch ----------------------------------------------------------------------------


def test_a_placement_starts_the_watch_and_months_count_from_it(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    assert status(db)[:2] == ("registered", "deep")
    with db.transaction() as s:
        fid = s.scalars(select(HardshipFile.id)).one()
        s.add(EmploymentSupport(file_id=fid, kind="placement", started_on=D(2026, 3, 2), detail="物业公司保安"))
    reevaluate_all(db, as_of=D(2026, 3, 2))
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert (f.status, f.watch_since) == ("watch", D(2026, 3, 2))
    watch = history(db, file_no=FILE)[-1]
    assert watch["rule"] == "employment_start" and "自 2026-03-02 起安置就业" in watch["reason"]
    # income facts older than the start do not break the watch
    assert reevaluate_all(db, as_of=D(2026, 5, 1))["watch_broken"] == 0
    # six months on, but no income record after the start yet: no notice, a task to get one
    reevaluate_all(db, as_of=D(2026, 9, 2))
    st = status(db)
    assert st[0] == "watch" and st[4].startswith("收入资料已过期")
    # the fresh record after the start shows the income at or above the exit line: notice, counted from the start
    update_file(db, file_no=FILE, changes={"household_annual_income": "60000"}, as_of=D(2026, 9, 3))
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert (f.status, f.watch_since) == ("exit_notice", D(2026, 3, 2))


def test_a_placement_followed_by_low_income_breaks_the_watch(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with db.transaction() as s:
        fid = s.scalars(select(HardshipFile.id)).one()
        s.add(EmploymentSupport(file_id=fid, kind="public_post", started_on=D(2026, 3, 2)))
    reevaluate_all(db, as_of=D(2026, 3, 2))
    assert status(db)[0] == "watch"
    update_file(db, file_no=FILE, changes={"household_annual_income": "20000"}, as_of=D(2026, 4, 1))
    assert status(db)[0] == "registered"
    assert history(db, file_no=FILE)[-1]["kind"] == "watch_broken"


# --- exit steps ---------------------------------------------------------------------------------------------


def test_exit_waits_for_the_proposal_and_the_collective_decision(db):
    options(db, exit_step_proposal=1, exit_step_decision=1)
    create_file(db, data=complete_file_data(last_visit_date="2026-05-20"), as_of=D(2026, 6, 1))
    update_file(db, file_no=FILE, changes={"household_annual_income": "60000"}, as_of=D(2026, 6, 1))
    reevaluate_all(db, as_of=D(2026, 12, 1))
    st = status(db)
    assert st[0] == "watch" and "脱困申请或提议" in st[4]
    record_step(db, file_no=FILE, step="proposal", on=D(2026, 12, 2), by="proposer", by_name="赵敏",
                today=D(2026, 12, 2))
    assert status(db)[0] == "exit_notice"
    reevaluate_all(db, as_of=D(2026, 12, 10))
    st = status(db)
    assert st[0] == "exit_notice" and "集体研究决定" in st[4]
    record_step(db, file_no=FILE, step="decision", on=D(2026, 12, 11), result="pass", today=D(2026, 12, 11))
    st = status(db)
    assert st[:4] == ("closed", "deep", "out_of_hardship", D(2026, 12, 11))
    assert "集体研究决定" in history(db, file_no=FILE)[-1]["reason"]
    with db.reader() as s:
        assert len(s.scalars(select(ProcedureStep)).all()) == 2
