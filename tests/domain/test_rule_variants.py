"""The local variants of the rules (DOMAIN.md §9), each a setting: boundaries, accident window, cost share,
the older tiers; the reasons name the real cause; the working-day calendar of the union."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import SimpleNamespace

from assist_desktop.domain.enums import Category
from assist_desktop.domain.income import RuleOptions, per_capita
from assist_desktop.domain.lifecycle import decide
from assist_desktop.domain.options import OPTIONS
from assist_desktop.domain.rules import categorise, scheme_categories
from assist_desktop.domain.workdays import (
    WorkCalendar,
    add_workdays,
    builtin_calendar,
    is_workday,
    sub_workdays,
    workdays_between,
    years_unknown,
)
from tests.domain.test_rules import DAY, OPTS, STD, fact, household, monthly


def cat(pc, opts=OPTS, std=STD, costs=0, annual=None, **kw):
    f = fact(DAY, monthly(pc) if annual is None else annual, costs=costs)
    return categorise(household(**kw), per_capita(f, [], std, DAY, opts), f, std, DAY, opts)


def test_deep_boundary_lt_or_le_at_exactly_lb():
    assert cat(72_000).category == "relative"  # default: deep only below LB
    le = replace(OPTS, boundary_deep="le")
    got = cat(72_000, le)
    assert got.category == "deep"
    assert got.reason == "人均月收入 720.00 元，不高于低保标准 720.00 元，认定为深度困难"
    assert cat(72_001, le).category == "relative"
    assert "高于低保标准 720.00 元、低于相对困难线" in cat(72_001, le).reason


def test_relative_and_accident_boundaries():
    assert cat(144_000).category is None
    rel = replace(OPTS, boundary_relative="le")
    got = cat(144_000, rel)
    assert got.category == "relative" and "不高于相对困难线 1,440.00 元" in got.reason
    assert cat(144_001, rel).category is None
    accident = dt.date(2026, 3, 1)
    assert cat(216_000, accident_date=accident).category is None
    acc = replace(OPTS, boundary_accident="le")
    got = cat(216_000, acc, accident_date=accident)
    assert got.category == "accident" and "不高于低保标准的3倍" in got.reason


def test_exit_boundary_ge_or_gt():
    start = dt.date(2026, 1, 5)
    facts = [fact(start, monthly(50_000)), fact(dt.date(2026, 2, 2), monthly(144_000))]
    for how, status in (("ge", "watch"), ("gt", "registered")):
        h = household()
        opts = replace(OPTS, boundary_exit=how)
        for day in (start, dt.date(2026, 2, 2)):
            d = decide(h, [], facts, [STD], opts, day)
            for k, v in d.after.as_dict().items():
                setattr(h, k, v)
        assert h.status == status, how


def test_accident_window_months_is_a_setting():
    accident = dt.date(2025, 3, 1)  # 15 months before DAY
    assert cat(150_000, accident_date=accident).category is None
    longer = replace(OPTS, accident_window_months=18)
    got = cat(150_000, longer, accident_date=accident)
    assert got.category == "accident" and "18个月内" in got.reason


def test_reason_names_an_accident_outside_the_window():
    got = cat(150_000, accident_date=dt.date(2025, 3, 1))
    assert "且无意外致困情形" not in got.reason
    assert "意外发生于 2025-03-01，已超过12个月" in got.reason
    assert "more than 12 months ago" in got.reason_en


def test_reason_names_income_above_three_times_lb():
    got = cat(300_000, accident_date=dt.date(2026, 3, 1))
    assert got.category is None
    assert "且无意外致困情形" not in got.reason
    assert "虽于 2026-03-01 遭受意外，但人均月收入不低于低保标准的3倍 2,160.00 元" in got.reason
    assert "3 x LB" in got.reason_en


def test_no_accident_and_no_costs_keeps_the_plain_reason():
    assert cat(300_000).reason == "人均月收入 3,000.00 元，不低于相对困难线 1,440.00 元，且无意外致困情形，未达到帮扶标准"


def test_cost_share_50_percent_names_the_share():
    annual = monthly(150_000)  # 5,400,000 fen a year for three people
    costs = annual * 60 // 100  # 60 % of the income
    assert cat(150_000, costs=costs).category is None  # the ACFTU 80 %
    not_met = cat(150_000, costs=costs)
    assert "占家庭年收入 54,000.00 元 的60.0%，未超过80%" in not_met.reason
    chongqing = SimpleNamespace(**{**vars(STD), "accident_cost_pct": 50})
    got = cat(150_000, std=chongqing, costs=costs)
    assert got.category == "accident" and got.rule == "accident_costs"
    assert "60.0%，超过50%" in got.reason and "above 50%" in got.reason_en
    exactly = cat(150_000, std=chongqing, costs=annual // 2)
    assert exactly.category is None, "the share must exceed 50 %, not equal it"


def test_legacy_tiers_map_from_the_rules():
    legacy = replace(OPTS, category_scheme="legacy")
    got = cat(50_000, legacy)
    assert (got.category, got.rule) == ("extreme", "legacy_extreme")
    assert got.reason == "人均月收入 500.00 元，低于低保标准 720.00 元，按旧类别体系认定为特困"
    assert cat(100_000, legacy).category == "hardship"
    assert cat(150_000, legacy, accident_date=dt.date(2026, 3, 1)).category == "hardship"
    alone = cat(100_000, legacy, special_groups="lone_retiree")
    assert alone.category == "elderly_alone" and "孤老退休职工" in alone.reason
    assert cat(100_000, legacy, work_status="retired", household_size=1).category == "elderly_alone"
    assert cat(300_000, legacy, special_groups="lone_retiree").category is None  # the standard still applies
    assert cat(50_000, OPTS, special_groups="lone_retiree").category == "deep"  # only under the legacy scheme
    assert [Category(c).label for c in scheme_categories("legacy")] == ["特困", "困难", "孤老"]


def test_scheme_change_is_an_adjustment():
    h = household()
    facts = [fact(DAY, monthly(50_000))]
    d = decide(h, [], facts, [STD], OPTS, DAY)
    for k, v in d.after.as_dict().items():
        setattr(h, k, v)
    d = decide(h, [], facts, [STD], replace(OPTS, category_scheme="legacy"), DAY + dt.timedelta(days=1))
    assert d.after.category == "extreme" and [e.kind for e in d.events] == ["adjusted"]
    assert "类别由深度困难调整为特困" in d.events[0].reason


# --- the working-day calendar ---------------------------------------------------------------------------------

#: the Spring Festival 2027 as a union would enter it (an invented schedule: Feb 5–13 off, Sunday Feb 14 worked)
SPRING_2027 = [(dt.date(2027, 2, 5) + dt.timedelta(days=k), "holiday", "春节") for k in range(9)] + [
    (dt.date(2027, 2, 14), "workday", "春节调休上班")
]


def test_builtin_calendar_agrees_with_chinese_calendar():
    cal = builtin_calendar()
    day = dt.date(2004, 1, 1)
    while day.year <= 2026:
        assert cal.is_workday(day) == is_workday(day), day
        day += dt.timedelta(days=3)
    assert cal.knows(2026) and not cal.knows(2027)


def test_union_calendar_counts_its_holidays_and_adds_years():
    cal = WorkCalendar.of(SPRING_2027, fallback=builtin_calendar())
    assert cal.knows(2027) and cal.knows(2026) and not cal.knows(2028)
    start = dt.date(2027, 2, 4)
    assert add_workdays(start, 5) == dt.date(2027, 2, 11)  # Mon–Fri: inside the holiday
    assert add_workdays(start, 5, cal) == dt.date(2027, 2, 18)
    assert workdays_between(start, dt.date(2027, 2, 18), cal) == 5
    assert sub_workdays(dt.date(2027, 2, 18), 5, cal) == start
    assert years_unknown(start, dt.date(2028, 1, 3), cal) == [2028]
    assert years_unknown(start, dt.date(2027, 3, 1)) == [2027]
    # the table wins over the built-in data for a year it has: a 2026 holiday taken out is a working day
    own = WorkCalendar.of([(dt.date(2026, 10, 8), "holiday", "本地")], fallback=builtin_calendar())
    assert not own.is_workday(dt.date(2026, 10, 8)) and own.is_workday(dt.date(2026, 10, 1))


def test_a_2027_exit_notice_ends_after_the_spring_festival_with_the_unions_schedule():
    start = dt.date(2026, 8, 3)
    facts = [fact(dt.date(2026, 7, 1), monthly(50_000)), fact(start, monthly(300_000))]
    for calendar, until in ((None, dt.date(2027, 2, 11)),
                            (WorkCalendar.of(SPRING_2027, fallback=builtin_calendar()), dt.date(2027, 2, 18))):
        opts = replace(OPTS, calendar=calendar)
        h = household()
        h.last_visit_date = dt.date(2026, 7, 1)  # entry rests on a fresh visit (docs/procedure.md)
        for day in (dt.date(2026, 7, 1), start, dt.date(2027, 2, 4)):
            d = decide(h, [], facts, [STD], opts, day)
            for k, v in d.after.as_dict().items():
                setattr(h, k, v)
        assert h.status == "exit_notice" and h.notice_until == until


def test_rule_options_carry_the_calendar():
    cal = WorkCalendar.of(SPRING_2027)
    opts = RuleOptions.from_lookup(lambda key: OPTIONS[key].default, calendar=cal)
    assert opts.calendar is cal and RuleOptions.defaults().calendar is None
