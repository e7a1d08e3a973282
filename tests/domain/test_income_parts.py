"""Income that adds up: the totals are the sums of their parts, per-capita income follows the total, an older
record with only a total evaluates as before, and contradicting incomes give warnings naming the fields."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from assist_desktop.domain.decisions import check_file_change, income_warnings
from assist_desktop.domain.file_input import clean_file_input
from assist_desktop.domain.income import (
    ALL_PARTS,
    INCOME_PARTS,
    SPENDING_PARTS,
    RuleOptions,
    income_basis,
    income_total,
    per_capita,
    settle_totals,
)
from tests.conftest import TODAY

STD = SimpleNamespace(effective_on=dt.date(2025, 1, 1), lb_fen=72000, mw_fen=208000, relative_multiple_pct=200,
                      exit_multiple_pct=200, accident_multiple_pct=300, accident_cost_pct=80)
OPTS = RuleOptions()
fens = st.integers(0, 10**9)
maybe_fen = st.none() | fens


def _fact(**values):
    base = dict(as_of=TODAY, household_size=3, household_annual_income_fen=0, unavoidable_spending_fen=0,
                hardship_costs_fen=0)
    base.update(values)
    return SimpleNamespace(**base)


def test_the_registry_declares_five_components_and_three_categories():
    assert INCOME_PARTS == ("income_wages_fen", "income_pensions_fen", "income_dibao_fen", "income_transfers_fen",
                            "income_business_fen")
    assert SPENDING_PARTS == ("spending_medical_fen", "spending_schooling_fen", "spending_other_fen")
    assert set(ALL_PARTS) == set(INCOME_PARTS) | set(SPENDING_PARTS)


@given(st.lists(maybe_fen, min_size=5, max_size=5))
def test_income_total_is_the_sum_of_the_given_parts(parts):
    given_parts = [p for p in parts if p is not None]
    assert income_total(parts) == (sum(given_parts) if given_parts else None)


@given(st.lists(maybe_fen, min_size=5, max_size=5), st.lists(maybe_fen, min_size=3, max_size=3),
       st.integers(1, 8))
def test_components_make_the_total_and_per_capita_follows_it(income, spending, size):
    values = {c: v for c, v in zip(INCOME_PARTS + SPENDING_PARTS, income + spending, strict=True)}
    settled, derived = settle_totals(None, values, raw={})
    income_sum, spending_sum = income_total(income), income_total(spending)
    if income_sum is None:
        assert "household_annual_income_fen" not in settled and "household_annual_income" not in derived
    else:
        assert settled["household_annual_income_fen"] == income_sum and "household_annual_income" in derived
    if spending_sum is not None:
        assert settled["unavoidable_spending_fen"] == spending_sum
    fact = _fact(household_size=size, household_annual_income_fen=settled.get("household_annual_income_fen", 0),
                 unavoidable_spending_fen=settled.get("unavoidable_spending_fen", 0),
                 **{c: settled.get(c) for c in ALL_PARTS})
    result = per_capita(fact, [], STD, TODAY, OPTS)
    net = (income_sum or 0) - (spending_sum or 0)
    assert result.per_capita_fen == max(0, net) // (size * 12)
    assert dict(result.income_parts) == {c.removesuffix("_fen"): v
                                         for c, v in zip(INCOME_PARTS, income, strict=True) if v is not None}


def test_an_older_record_with_only_a_total_evaluates_as_before():
    old = _fact(household_annual_income_fen=1800000, unavoidable_spending_fen=240000)  # no part attributes at all
    new = _fact(household_annual_income_fen=1800000, unavoidable_spending_fen=240000, **dict.fromkeys(ALL_PARTS))
    a, b = per_capita(old, [], STD, TODAY, OPTS), per_capita(new, [], STD, TODAY, OPTS)
    assert a.per_capita_fen == b.per_capita_fen == (1800000 - 240000) // 36
    assert a.income_parts == b.income_parts == ()
    assert income_basis(a.to_json()) == "（家庭年收入 18,000.00 元 − 刚性支出 2,400.00 元）÷ 3 人 ÷ 12 个月"


def test_a_given_total_stands_and_a_changed_part_recomputes_it():
    before = SimpleNamespace(household_annual_income_fen=1500000, income_wages_fen=1200000, income_dibao_fen=300000,
                             **{c: None for c in ALL_PARTS if c not in ("income_wages_fen", "income_dibao_fen")})
    settled, derived = settle_totals(before, {"income_dibao_fen": 360000}, raw={"income_dibao": "3600"})
    assert settled["household_annual_income_fen"] == 1560000 and derived == {"household_annual_income"}
    settled, derived = settle_totals(before, {"household_annual_income_fen": 2000000},
                                     raw={"household_annual_income": "20000"})
    assert settled["household_annual_income_fen"] == 2000000 and derived == set()
    # only a total, no parts anywhere: as today
    settled, derived = settle_totals(None, {"household_annual_income_fen": 600000}, raw={"household_annual_income": "6000"})
    assert settled == {"household_annual_income_fen": 600000} and derived == set()


def test_the_total_is_not_required_when_its_components_are_given():
    raw = {"name": "张建国", "id_number": "230102197003151238", "work_status": "下岗", "household_size": "2",
           "income_wages": "12000", "income_dibao": ""}
    values, errors = clean_file_input(raw, today=TODAY)
    assert errors == [] and values["income_wages_fen"] == 1200000 and values["income_dibao_fen"] is None
    values, _ = settle_totals(None, values, raw)
    assert values["household_annual_income_fen"] == 1200000
    _, errors = clean_file_input({**raw, "income_wages": ""}, today=TODAY)
    assert [e.field for e in errors] == ["household_annual_income"]


def test_blanking_the_total_beside_components_is_their_sum_not_a_refusal():
    before = SimpleNamespace(household_size=2, status="found", status_since=TODAY, household_annual_income_fen=600000)
    after = {"household_annual_income_fen": 0, "income_wages_fen": 500000}
    raw = {"household_annual_income": "", "income_wages": "5000"}
    refused = check_file_change(before, after, members=None, today=TODAY, raw=raw)
    assert [e.field for e in refused] == ["household_annual_income"]
    assert check_file_change(before, after, members=None, today=TODAY, raw=raw,
                             totals_from_parts={"household_annual_income"}) == []


def _file(**values):
    base = dict(household_annual_income_fen=0, own_monthly_income_fen=0, dibao_monthly_fen=0,
                unavoidable_spending_fen=0, **dict.fromkeys(ALL_PARTS))
    base.update(values)
    return SimpleNamespace(**base)


def test_the_workers_monthly_3000_beside_an_annual_6000_is_a_warning_naming_both_fields():
    warnings = income_warnings(_file(household_annual_income_fen=600000, own_monthly_income_fen=300000), [])
    assert [(w.field, w.warning) for w in warnings] == [("own_monthly_income", True)]
    text = warnings[0].message()
    assert text.startswith("本人月收入：") and "家庭年总收入" in text
    assert "3,000.00 元 × 12 = 36,000.00 元" in text and "6,000.00 元" in text
    assert "household annual income" in warnings[0].message("en")
    assert income_warnings(_file(household_annual_income_fen=3600000, own_monthly_income_fen=300000), []) == []


def test_the_members_incomes_are_added_up_with_the_workers():
    members = [{"monthly_income_fen": 100000}, SimpleNamespace(monthly_income_fen=80000)]
    file = _file(household_annual_income_fen=3000000, own_monthly_income_fen=100000)  # 2800 × 12 = 33600 > 30000
    warnings = income_warnings(file, members)
    assert [w.field for w in warnings] == ["household_annual_income"]
    assert "家庭成员月收入合计 1,800.00 元" in warnings[0].zh and "33,600.00 元" in warnings[0].zh
    assert income_warnings(_file(household_annual_income_fen=3360000, own_monthly_income_fen=100000), members) == []


def test_dibao_above_the_income_and_parts_that_do_not_add_up():
    file = _file(household_annual_income_fen=600000, dibao_monthly_fen=80000, income_wages_fen=10000,
                 unavoidable_spending_fen=100000, spending_medical_fen=50000)
    fields = [w.field for w in income_warnings(file, [])]
    assert fields == ["dibao_monthly", "household_annual_income", "unavoidable_spending"]
    added_up = _file(household_annual_income_fen=1560000, income_wages_fen=1200000, income_dibao_fen=360000,
                     dibao_monthly_fen=30000, unavoidable_spending_fen=100000, spending_medical_fen=100000)
    assert income_warnings(added_up, []) == []


def test_the_explanation_lists_the_components():
    fact = _fact(household_annual_income_fen=1560000, income_wages_fen=1200000, income_dibao_fen=360000,
                 unavoidable_spending_fen=200000, spending_medical_fen=200000)
    text = income_basis(per_capita(fact, [], STD, TODAY, OPTS).to_json())
    assert "家庭年收入 15,600.00 元（工资性收入 12,000.00 + 低保金收入 3,600.00）" in text
    assert "刚性支出 2,000.00 元（医疗支出 2,000.00）" in text and "÷ 3 人 ÷ 12 个月" in text
    assert "Wages 12,000.00" in income_basis(per_capita(fact, [], STD, TODAY, OPTS).to_json(), "en")
