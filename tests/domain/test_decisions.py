"""check_file_change and the pairing checks: every write rule of a file change, each on its own."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from assist_desktop.domain.decisions import (
    check_file_change,
    check_pairing_change,
    household_size_errors,
    namesake_errors,
)

D = dt.date
TODAY = D(2026, 3, 1)


def file(**overrides):
    data = dict(
        file_no="230102001-000001",
        name="张建国",
        id_number="230102197003151236",
        work_status="laid_off",
        status="registered",
        status_since=D(2026, 1, 5),
        family_situation="夫妻二人，一子在读",
        household_size=3,
        household_annual_income_fen=1_800_000,
        unavoidable_spending_fen=0,
        own_monthly_income_fen=0,
        dibao_monthly_fen=0,
        hardship_costs_fen=0,
        main_cause="laid_off",
        cause_account="企业改制后下岗",
        skills="无",
        able_to_work=False,
        employment_wishes="因病不能工作，不适用",
        state_of_mind="情绪稳定",
        last_visit_date=D(2026, 1, 2),
    )
    data.update(overrides)
    return SimpleNamespace(**data)


def member(name="李丽", relation="spouse"):
    return SimpleNamespace(name=name, relation=relation)


def fields(errors):
    return [e.field for e in errors]


def test_a_sound_change_passes():
    assert check_file_change(file(), {"phone": "13800000000"}, members=None, today=TODAY,
                             current_members=[member()], latest_fact_on=D(2026, 1, 5)) == []


def test_creating_checks_the_id_number_and_the_household_size():
    errors = check_file_change(None, {"household_size": 1}, members=[{"name": "李丽"}], today=TODAY,
                               id_taken_by="230102001-000007", row=4)
    assert fields(errors) == ["id_number", "household_size"]
    assert errors[0].zh == "已有档案（编号 230102001-000007）" and errors[0].row == 4
    assert errors[1].zh == "家庭人口（1）少于本人加家庭成员数（2）"
    assert check_file_change(None, {"household_size": 2}, members=[{"name": "李丽"}], today=TODAY) == []


def test_household_size_policy_refuses_below_members_plus_one():
    assert household_size_errors(2, 1) == []
    [error] = household_size_errors(2, 2)
    assert error.field == "household_size"
    assert error.zh == "家庭人口（2）少于本人加家庭成员数（3）"
    assert error.en == "(2) is less than the worker plus the listed members (3)"
    # on a change: the new members against the size on file, or the new size against the members on file
    assert fields(check_file_change(file(household_size=2), {}, members=[member(), member("张小")],
                                    today=TODAY)) == ["household_size"]
    assert fields(check_file_change(file(), {"household_size": 1}, members=None, today=TODAY,
                                    current_members=[member()])) == ["household_size"]


def test_required_fields_and_the_income_cannot_be_blanked():
    errors = check_file_change(file(), {"name": "", "household_size": None}, members=None, today=TODAY,
                               raw={"household_annual_income": " "})
    assert fields(errors) == ["name", "household_size", "household_annual_income"]
    assert errors[2].zh == "不能清空（没有收入请填 0）"
    # an income left out of the change is not blanked
    assert check_file_change(file(), {}, members=None, today=TODAY, raw={}) == []


def test_a_registered_file_must_stay_five_clear():
    errors = check_file_change(file(), {"skills": ""}, members=None, today=TODAY)
    assert fields(errors) == ["skills"]
    assert errors[0].zh.startswith("在档帮扶对象须保持五清，不能清空（技术特长清")
    # a file not yet registered may be blanked (it is simply not complete)
    assert check_file_change(file(status="found"), {"skills": ""}, members=None, today=TODAY) == []
    # members replaced by a nameless one blank the family clear
    errors = check_file_change(file(), {}, members=[member(name="")], today=TODAY)
    assert fields(errors) == ["family"]


def test_a_change_cannot_be_dated_before_the_latest_income_fact():
    errors = check_file_change(file(status_since=None), {"household_annual_income_fen": 1}, members=None,
                               today=D(2026, 2, 1), latest_fact_on=D(2026, 2, 10))
    assert fields(errors) == ["as_of"]
    assert "2026-02-10 的收入记录" in errors[0].zh
    # a change that is not about the economics is not held to the fact's date
    assert check_file_change(file(status_since=None), {"phone": "13800000000"}, members=None,
                             today=D(2026, 2, 1), latest_fact_on=D(2026, 2, 10)) == []


def test_a_change_cannot_be_dated_before_the_status_date():
    errors = check_file_change(file(status_since=D(2026, 2, 20)), {"phone": "13800000000"}, members=None,
                               today=D(2026, 2, 1))
    assert fields(errors) == ["as_of"]
    assert "档案当前状态自 2026-02-20 起" in errors[0].zh


def test_record_rules_wait_for_sound_input():
    # the dates are not judged while the input itself has errors (the clerk fixes those first)
    assert check_file_change(file(status_since=D(2026, 2, 20)), {"phone": "x"}, members=None,
                             today=D(2026, 2, 1), input_ok=False) == []


def test_pairing_refused_for_a_closed_file_and_before_the_current_pairing():
    [closed] = check_pairing_change(file(status="closed"), on=TODAY, current_start=None)
    assert closed.zh == "档案 230102001-000001 已退档，不能再安排帮扶责任人"
    [early] = check_pairing_change(file(), on=D(2026, 1, 1), current_start=D(2026, 2, 1))
    assert "现任责任人自 2026-02-01 起负责" in early.zh
    assert check_pairing_change(file(), on=D(2026, 2, 1), current_start=D(2026, 2, 1)) == []


def test_namesakes_cannot_be_told_apart():
    assert namesake_errors("王强", ["a"]) == []
    [error] = namesake_errors("王强", ["a", "b"], row=3)
    assert error.zh == "有2位在职责任人同名“王强”，请用编号指定" and error.row == 3


def test_members_as_cleaned_input_are_read_like_stored_members():
    # the service passes cleaned member input (mappings): a named member with a relation keeps the clear
    assert check_file_change(file(), {}, members=[{"name": "李丽", "relation": "spouse"}], today=TODAY) == []
    assert fields(check_file_change(file(), {}, members=[{"name": "", "relation": "spouse"}], today=TODAY)) == ["family"]
