"""The five-clear check: explicit "none" counts, blanks do not; state of mind needs a visit date."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assist_desktop.domain.five_clear import check_five_clear, is_complete, is_filled


def complete(**overrides):
    data = dict(
        family_situation="夫妻二人，一子在读",
        household_size=3,
        main_cause="laid_off",
        cause_account="企业改制后下岗",
        skills="无",
        able_to_work=False,
        employment_wishes="因病不能工作，不适用",
        state_of_mind="情绪稳定",
        last_visit_date=dt.date(2026, 10, 1),
    )
    data.update(overrides)
    return SimpleNamespace(**data)


def test_complete_file_is_all_clear_in_order():
    result = check_five_clear(complete(), [])
    assert result.all_clear
    assert [i.key for i in result.items] == ["family", "cause", "skills", "employment", "mind"]
    assert [i.label for i in result.items] == [
        "家庭状况清",
        "特困原因清",
        "技术特长清",
        "就业要求清",
        "思想状况清",
    ]
    assert result.missing_summary() == "五清齐全"


@pytest.mark.parametrize(
    "value, filled",
    [
        ("无", True),
        ("none", True),
        ("", False),
        ("   ", False),
        (None, False),
        ("-", False),
        ("/", False),
        ("？", False),
        ("无技能", True),
    ],
)
def test_blank_versus_explicit_none(value, filled):
    assert is_filled(value) is filled
    assert check_five_clear(complete(skills=value), []).item("skills").clear is filled


def test_state_of_mind_needs_a_visit_date():
    result = check_five_clear(complete(last_visit_date=None), [])
    mind = result.item("mind")
    assert not mind.clear and mind.missing == ["缺少入户走访日期"]
    assert not result.all_clear
    assert result.missing_summary() == "思想状况清：缺少入户走访日期"


def test_each_missing_item_is_named():
    result = check_five_clear(
        complete(
            family_situation=None,
            main_cause=None,
            cause_account=" ",
            able_to_work=None,
            employment_wishes=None,
            state_of_mind="",
        ),
        [],
    )
    missing = {i.key: i.missing for i in result.items}
    assert missing["family"] == ["缺少家庭状况说明"]
    assert missing["cause"] == ["缺少主要致困原因", "缺少致困情况说明（或次要致困原因）"]
    # the ability to work is not part of the clear (issue 8 item 3): only the wishes are asked for
    assert missing["employment"] == ["缺少就业要求（不适用请说明原因）"]
    assert missing["mind"] == ["缺少思想状况"]
    assert result.to_json()["all_clear"] is False
    assert result.to_json()["skills"]["clear"] is True


def test_members_beyond_household_size_are_flagged():
    members = [SimpleNamespace(name="李丽", relation="spouse"), SimpleNamespace(name="张明", relation="son")]
    assert check_five_clear(complete(household_size=3), members).item("family").clear
    family = check_five_clear(complete(household_size=2), members).item("family")
    assert not family.clear and "多于家庭人口数" in family.missing[0]


@given(
    family=st.sampled_from(["夫妻二人", "", None, "-"]),
    size=st.integers(0, 4),
    cause=st.sampled_from(["laid_off", None]),
    account=st.sampled_from(["下岗", " ", None]),
    secondary=st.sampled_from(["schooling", "", None]),
    skills=st.sampled_from(["无", "", None, "电工"]),
    able=st.sampled_from([True, False, None]),
    wishes=st.sampled_from(["保安", None, "/"]),
    mind=st.sampled_from(["稳定", None, ""]),
    visit=st.sampled_from([dt.date(2026, 1, 1), None]),
    n_members=st.integers(0, 4),
    member_name=st.sampled_from(["李丽", "", None]),
)
def test_quick_verdict_agrees_with_the_explained_check(
    family, size, cause, account, secondary, skills, able, wishes, mind, visit, n_members, member_name
):
    f = SimpleNamespace(
        family_situation=family,
        household_size=size,
        main_cause=cause,
        cause_account=account,
        secondary_causes=secondary,
        skills=skills,
        able_to_work=able,
        employment_wishes=wishes,
        state_of_mind=mind,
        last_visit_date=visit,
    )
    members = [SimpleNamespace(name=member_name, relation="son")] * n_members
    assert is_complete(f, members) == check_five_clear(f, members).all_clear


def test_the_cause_is_explained_by_an_account_or_by_the_other_causes():
    """Issue 8 item 3: 主要致困原因 with 次要致困原因 is a written cause record; one category word alone is not."""
    assert check_five_clear(complete(cause_account=None, secondary_causes="schooling"), []).item("cause").clear
    alone = check_five_clear(complete(cause_account=None, secondary_causes=""), []).item("cause")
    assert not alone.clear and alone.missing == ["缺少致困情况说明（或次要致困原因）"]
    assert check_five_clear(complete(cause_account="企业改制后下岗", secondary_causes=None), []).item("cause").clear


def test_employment_needs_the_wishes_not_a_guessed_ability():
    assert check_five_clear(complete(able_to_work=None), []).item("employment").clear
    assert not check_five_clear(complete(employment_wishes="  "), []).item("employment").clear
