"""The shortcuts of the decision's hot path (round 7) give exactly the plain answers, and nothing remembered is
ever another's: the reasons' remembered parts per lines and settings, the lines' JSON per Lines, the five clears
tested without the explanation, each reason's language built on its own, the common cases decided before
`_step`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from types import SimpleNamespace

import pytest

from assist_desktop.domain import lifecycle
from assist_desktop.domain.five_clear import check_five_clear, is_complete
from assist_desktop.domain.income import IncomeResult, per_capita
from assist_desktop.domain.lifecycle import DecisionContext, FileState, decide, replace
from assist_desktop.domain.rules import Lines, categorise, lines_of, no_accident_reason

from .test_rules import DAY, OPTS, STD, fact, household, monthly

TEXTS = (None, "", "  ", " - ", "\u3000", "\u3000-\u3000", "？", "无", "x")


def test_is_complete_is_check_five_clear_on_every_kind_of_text() -> None:
    members_cases = ((), (SimpleNamespace(name="李四", relation="spouse"),),
                     (SimpleNamespace(name=" / ", relation="spouse"),), (SimpleNamespace(name="李四", relation=None),))
    checked = 0
    for family, skills, account in itertools.product(TEXTS, TEXTS, TEXTS):
        for secondary, size, members in itertools.product(("", "illness_self"), (None, 0, 1, 3), members_cases):
            f = household(family_situation=family, skills=skills, cause_account=account,
                          secondary_causes=secondary, household_size=size)
            assert is_complete(f, members) is check_five_clear(f, members).all_clear, (family, skills, account)
            checked += 1
    for wishes, mind, visit, cause in itertools.product(TEXTS, TEXTS, (None, DAY), (None, "laid_off")):
        f = household(employment_wishes=wishes, state_of_mind=mind, last_visit_date=visit, main_cause=cause)
        assert is_complete(f) is check_five_clear(f).all_clear
    assert checked and is_complete(household()) and not is_complete(household(state_of_mind="\u3000"))


def _cat(pc: int, std: SimpleNamespace = STD, opts=OPTS, **kw: object):
    return categorise(household(**kw), per_capita(fact(DAY, monthly(pc)), [], std, DAY, opts),
                      fact(DAY, monthly(pc)), std, DAY, opts)


def test_remembered_reason_parts_follow_the_lines_and_the_settings() -> None:
    """The parts of a reason remembered per lines and boundary setting: each combination gets its own words."""
    raised = SimpleNamespace(**{**vars(STD), "lb_fen": 80_000})
    le = dataclasses.replace(OPTS, boundary_deep="le", boundary_relative="le")
    assert _cat(51_200).reason == "人均月收入 512.00 元，低于低保标准 720.00 元，认定为深度困难"
    assert _cat(51_200, raised).reason == "人均月收入 512.00 元，低于低保标准 800.00 元，认定为深度困难"
    assert _cat(51_200, opts=le).reason == "人均月收入 512.00 元，不高于低保标准 720.00 元，认定为深度困难"
    assert _cat(100_000).reason == (
        "人均月收入 1,000.00 元，不低于低保标准 720.00 元、低于相对困难线 1,440.00 元（低保标准的2倍），认定为相对困难")
    assert _cat(100_000, opts=le).reason == (
        "人均月收入 1,000.00 元，高于低保标准 720.00 元、不高于相对困难线 1,440.00 元（低保标准的2倍），认定为相对困难")
    assert _cat(100_000, raised).reason.startswith("人均月收入 1,000.00 元，不低于低保标准 800.00 元、低于相对困难线 1,600.00 元")
    assert _cat(150_000).reason == "人均月收入 1,500.00 元，不低于相对困难线 1,440.00 元，且无意外致困情形，未达到帮扶标准"
    assert _cat(150_000, opts=le).reason.startswith("人均月收入 1,500.00 元，高于相对困难线 1,440.00 元")
    legacy = dataclasses.replace(OPTS, category_scheme="legacy")
    assert _cat(51_200, opts=legacy).reason.endswith("，按旧类别体系认定为特困")


@pytest.mark.parametrize("pc, kw", [
    (51_200, {}), (100_000, {}), (150_000, {}), (150_000, {"accident_date": dt.date(2026, 3, 1)}),
    (300_000, {"accident_date": dt.date(2026, 3, 1)}), (150_000, {"accident_date": dt.date(2024, 3, 1)}),
    (150_000, {"accident_date": dt.date(2026, 7, 1)}), (30_000, {"private_car": True, "owns_multiple_homes": True}),
])
def test_each_language_of_a_reason_is_the_same_whichever_is_asked_first(pc: int, kw: dict[str, object]) -> None:
    zh_first, en_first = _cat(pc, **kw), _cat(pc, **kw)
    zh, en = zh_first.reason, zh_first.reason_en
    assert (en_first.reason_en, en_first.reason) == (en, zh)
    assert zh and en and zh != en and not any("\u4e00" <= ch <= "\u9fff" for ch in en)


def test_no_accident_reason_gives_both_languages() -> None:
    f = household(accident_date=dt.date(2024, 3, 1))
    fa = fact(DAY, monthly(150_000), costs=10_000)
    zh, en = no_accident_reason(f, per_capita(fa, [], STD, DAY, OPTS), fa, STD, DAY, OPTS)
    assert zh.startswith("意外发生于 2024-03-01，已超过12个月；本年度致困支出 100.00 元")
    assert en.startswith("the accident on 2024-03-01 is more than 12 months ago; hardship costs 100.00 are")


def test_the_lines_json_remembered_is_always_the_objects_own() -> None:
    income = per_capita(fact(DAY, monthly(60_000)), [], STD, DAY, OPTS)
    made = [Lines(lb, lb * 2, lb * 2, lb * 3, 208_000, DAY) for lb in range(70_000, 70_600)]  # more than it keeps
    for lines in made + made[:5]:
        got = lifecycle._facts_json(income, lines)
        assert {k: got[k] for k in lines.to_json()} == lines.to_json()
    assert lifecycle._facts_json(income, lines_of(STD))["lb_fen"] == 72_000


def test_event_income_parts_are_those_of_the_pairs() -> None:
    f = SimpleNamespace(
        as_of=DAY, household_size=2, household_annual_income_fen=100_000, unavoidable_spending_fen=5_000,
        hardship_costs_fen=0, income_wages_fen=60_000, income_pensions_fen=40_000, income_dibao_fen=None,
        income_transfers_fen=None, income_business_fen=None, spending_medical_fen=5_000,
        spending_schooling_fen=None, spending_other_fen=None,
    )
    full = SimpleNamespace(**{**vars(f), "income_dibao_fen": 0, "income_transfers_fen": 0, "income_business_fen": 0,
                              "spending_schooling_fen": 0, "spending_other_fen": 0})
    for source in (f, full):
        before_pairs = per_capita(source, [], STD, DAY, OPTS).to_json()
        got = per_capita(source, [], STD, DAY, OPTS)
        pairs = (dict(got.income_parts), dict(got.spending_parts))
        assert (before_pairs["income_parts"], before_pairs["spending_parts"]) == pairs
        assert got.to_json() == before_pairs
    assert per_capita(f, [], STD, DAY, OPTS).to_json()["income_parts"] == {"income_wages": 60_000,
                                                                          "income_pensions": 40_000}
    assert IncomeResult(1, 2, 3, 4, 5, 6, 7, DAY, (("income_wages", 5),)).to_json()["income_parts"] == {
        "income_wages": 5}


def test_replace_checks_every_field_name() -> None:
    s = FileState(status="registered", category="deep")
    assert replace(s, category="relative", watch_since=DAY) == dataclasses.replace(
        s, category="relative", watch_since=DAY)
    with pytest.raises(TypeError, match="'colour'"):
        replace(s, category="relative", colour="red")
    assert s.category == "deep"


REG = {"status": "registered", "category": "relative", "status_since": dt.date(2025, 1, 1)}


def test_the_common_cases_decided_early_keep_their_reasons_right() -> None:
    fresh = [fact(dt.date(2026, 5, 1), monthly(100_000))]
    # registered, nothing to change: a review task the rules no longer propose is cleared, another reason kept
    task = decide(household(**REG, ineligible_reason="收入资料已过期：旧的任务"), [], fresh, [STD], OPTS, DAY)
    assert task.after.ineligible_reason is None and task.after.status == "registered" and not task.events
    kept = decide(household(**REG, ineligible_reason="另有说明"), [], fresh, [STD], OPTS, DAY)
    assert kept.after.ineligible_reason == "另有说明" and kept.after == replace(kept.before, per_capita_monthly_fen=100_000)
    # at the exit line (1 x LB) but still relative hardship: registered, with the note why it is not watched
    low_exit = SimpleNamespace(**{**vars(STD), "exit_multiple_pct": 100})
    noted = decide(household(**REG), [], fresh, [low_exit], OPTS, DAY)
    assert noted.after.status == "registered" and "不进入脱困观察" in (noted.note or "")
    assert decide(household(**REG), [], fresh, [STD], OPTS, DAY).note is None
    # ineligible and still below the standard: the reason brought up to date, nothing else
    high = [fact(dt.date(2026, 5, 1), monthly(150_000))]
    old = decide(household(status="ineligible", ineligible_reason="人均月收入 1,499.00 元，旧"), [], high, [STD],
                 OPTS, DAY)
    assert old.after.status == "ineligible" and not old.events and old.note is None
    assert old.after.ineligible_reason == _cat(150_000).state_reason
    same = decide(household(status="ineligible", ineligible_reason=_cat(150_000).state_reason,
                            per_capita_monthly_fen=150_000), [], high, [STD], OPTS, DAY)
    assert same.after is same.before and not same.changed
    # a new standard that moves the lines but not the outcome leaves the file as it was: its pending reason names
    # the lines without their amounts (the history entry of the day it became ineligible keeps them)
    risen = SimpleNamespace(**{**vars(STD), "lb_fen": STD.lb_fen + 1_000})
    assert _cat(150_000, risen).reason != _cat(150_000).reason
    assert _cat(150_000, risen).state_reason == _cat(150_000).state_reason
    kept_on = decide(household(status="ineligible", ineligible_reason=_cat(150_000).state_reason,
                               per_capita_monthly_fen=150_000), [], high, [risen], OPTS, DAY)
    assert kept_on.after is kept_on.before and not kept_on.changed and not kept_on.events
    # ineligible, now within the standard: registered by the rules as before
    back = decide(household(status="ineligible", ineligible_reason="x"), [], fresh, [STD], OPTS, DAY)
    assert back.after.status == "registered" and [e.kind for e in back.events] == ["registered"]


def test_an_events_facts_are_those_of_facts_json_with_text() -> None:
    from assist_desktop.domain.history_text import with_text

    income = per_capita(fact(DAY, monthly(60_000)), [], STD, DAY, OPTS)
    lines = lines_of(STD)
    for rule, extra, args in (
        ("relative", {}, {"reason_en": "x", "steps": None}),
        (None, {"watch_since": DAY, "months": 6, "nothing": None}, {"since": DAY.isoformat()}),
        ("exit_after_notice", {"closed_on": DAY, "notice_until": None}, {}),
    ):
        got = lifecycle._event_facts(income, lines, rule, dict(extra), "code", dict(args))
        plain = with_text(lifecycle._facts_json(income, lines, rule=rule, **extra), "code", **args)
        assert list(got.items()) == list(plain.items())  # the same keys, values and order


def test_an_employment_start_is_never_skipped_by_the_common_case() -> None:
    """Below the exit line, a registered file is decided early only without employment starts: a start on or
    before the day begins the watch; one after the day does not."""
    fresh = [fact(dt.date(2026, 1, 1), monthly(100_000))]
    started = decide(household(**REG), [], fresh, [STD], OPTS, DAY, starts=[dt.date(2026, 3, 1)])
    assert started.after.status == "watch" and [e.rule for e in started.events] == ["employment_start"]
    assert started.after.watch_since == dt.date(2026, 3, 1)
    later = decide(household(**REG), [], fresh, [STD], OPTS, DAY, starts=[dt.date(2026, 7, 1)])
    assert later.after.status == "registered" and not later.events and later.note is None
    # a context of the pass changes nothing
    ctx = DecisionContext([STD], OPTS, DAY)
    again = decide(household(**REG), [], fresh, [STD], OPTS, DAY, starts=[dt.date(2026, 3, 1)], context=ctx)
    assert again.after == started.after and [e.reason for e in again.events] == [e.reason for e in started.events]
