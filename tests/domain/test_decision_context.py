"""The per-pass DecisionContext and the shortcuts of the decision's hot path give exactly the plain answers.

A context is built once per pass for (standards, options, day); `decide` must never give the answer of another
pass when a context is reused for another day, other options or other standards.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
from types import SimpleNamespace

from assist_desktop.domain.five_clear import check_five_clear, is_complete
from assist_desktop.domain.income import IncomeResult, RuleOptions, per_capita
from assist_desktop.domain.lifecycle import Decision, DecisionContext, FileState, decide
from assist_desktop.domain.rules import exclusions_of, yuan
from assist_desktop.domain.validation import format_fen

from .test_rules import DAY, OPTS, STD, fact, household, monthly


def outcome(d: Decision) -> tuple[object, ...]:
    """Everything a decision says (its category by rule and reason: CategoryDecision has no equality)."""
    cat = d.category
    return (d.before, d.after, d.events, d.income, d.lines, d.note, d.pending, d.proposal, d.procedure, d.changed,
            None if cat is None else (cat.category, cat.rule, cat.reason, cat.reason_en, tuple(cat.exclusions)))


def a_file(**kw: object) -> SimpleNamespace:
    return household(**kw)


FACTS = [fact(dt.date(2026, 5, 1), monthly(60_000))]


def test_a_context_reused_for_another_day_gives_that_days_answer() -> None:
    f = a_file(last_visit_date=dt.date(2026, 5, 1))
    ctx = DecisionContext([STD], OPTS, DAY)
    on_day = decide(f, [], FACTS, [STD], OPTS, DAY, context=ctx)
    assert on_day.after.status == "registered"  # the facts are fresh on DAY
    later = DAY + dt.timedelta(days=400)
    reused = decide(f, [], FACTS, [STD], OPTS, later, context=ctx)
    plain = decide(f, [], FACTS, [STD], OPTS, later)
    assert outcome(reused) == outcome(plain)
    assert reused.after.status == "found" and reused.pending == "facts_stale"  # not the day's registration
    assert "已超过6个月" in (reused.after.ineligible_reason or "")
    assert not ctx.fits([STD], OPTS, later) and ctx.fits([STD], OPTS, DAY)


def test_a_context_reused_for_other_options_gives_their_answer() -> None:
    f = a_file(last_visit_date=dt.date(2026, 1, 15))
    facts = [fact(dt.date(2026, 1, 15), monthly(60_000))]
    ctx = DecisionContext([STD], OPTS, DAY)
    assert decide(f, [], facts, [STD], OPTS, DAY, context=ctx).after.status == "registered"
    strict = dataclasses.replace(OPTS, freshness_months=3)  # the same day, facts now too old
    reused = decide(f, [], facts, [STD], strict, DAY, context=ctx)
    assert outcome(reused) == outcome(decide(f, [], facts, [STD], strict, DAY))
    assert reused.pending == "facts_stale" and "已超过3个月" in (reused.after.ineligible_reason or "")
    assert not ctx.fits([STD], strict, DAY)
    # equal options (a new object with the same values) fit: they give the same answers
    assert ctx.fits([STD], dataclasses.replace(OPTS), DAY)


def test_a_context_reused_for_other_standards_gives_their_answer() -> None:
    f = a_file(last_visit_date=dt.date(2026, 5, 1))
    facts = [fact(dt.date(2026, 5, 1), monthly(76_000))]
    ctx = DecisionContext([STD], OPTS, DAY)
    assert decide(f, [], facts, [STD], OPTS, DAY, context=ctx).after.category == "relative"
    raised = SimpleNamespace(**{**vars(STD), "effective_on": dt.date(2026, 5, 1), "lb_fen": 80_000})
    standards = [STD, raised]  # LB 800: 760 a month is now deep hardship
    reused = decide(f, [], facts, standards, OPTS, DAY, context=ctx)
    assert outcome(reused) == outcome(decide(f, [], facts, standards, OPTS, DAY))
    assert reused.after.category == "deep" and reused.lines is not None and reused.lines.lb_fen == 80_000
    assert not ctx.fits(standards, OPTS, DAY)
    # no standard in force on the day: the note of the plain path, not the context's standard
    early = dt.date(2024, 6, 1)
    none = decide(f, [], FACTS, [STD], OPTS, early, context=ctx)
    assert none.note == decide(f, [], FACTS, [STD], OPTS, early).note and "没有生效的低保标准" in (none.note or "")


def test_one_context_for_many_files_keeps_each_files_own_texts() -> None:
    """The texts remembered per pass (what is too old) are per dates, not per the first file that asked."""
    ctx = DecisionContext([STD], OPTS, DAY)
    old_fact = decide(a_file(), [], [fact(dt.date(2025, 6, 1), monthly(60_000))], [STD], OPTS, DAY, context=ctx)
    no_visit = decide(a_file(last_visit_date=None, family_situation="夫妻二人"), [],
                      [fact(dt.date(2025, 7, 1), monthly(60_000))], [STD], OPTS, DAY, context=ctx)
    fresh_fact = decide(a_file(last_visit_date=dt.date(2025, 1, 1)), [], FACTS, [STD], OPTS, DAY, context=ctx)
    for d, f, facts in (
        (old_fact, a_file(), [fact(dt.date(2025, 6, 1), monthly(60_000))]),
        (fresh_fact, a_file(last_visit_date=dt.date(2025, 1, 1)), FACTS),
    ):
        assert outcome(d) == outcome(decide(f, [], facts, [STD], OPTS, DAY))
    assert "最近的收入记录为 2025-06-01" in (old_fact.after.ineligible_reason or "")
    assert "最近的收入记录" not in (fresh_fact.after.ineligible_reason or "")
    assert "最近的入户走访为 2025-01-01" in (fresh_fact.after.ineligible_reason or "")
    assert no_visit.after.status == "found"  # five clears missing (no visit date): not a stale-facts task


def test_income_parts_made_when_asked_equal_the_eager_ones() -> None:
    f = SimpleNamespace(
        as_of=DAY, household_size=2, household_annual_income_fen=100_000, unavoidable_spending_fen=5_000,
        hardship_costs_fen=0, income_wages_fen=60_000, income_pensions_fen=40_000, income_dibao_fen=None,
        income_transfers_fen=None, income_business_fen=None, spending_medical_fen=5_000,
        spending_schooling_fen=None, spending_other_fen=None,
    )
    got = per_capita(f, [], STD, DAY, OPTS)
    eager = IncomeResult(got.per_capita_fen, 100_000, 5_000, 2, 0, 0, STD.mw_fen, DAY,
                         (("income_wages", 60_000), ("income_pensions", 40_000)), (("spending_medical", 5_000),))
    assert got == eager and repr(got) == repr(eager) and hash(got) == hash(eager)
    assert got.to_json() == eager.to_json()
    assert dataclasses.asdict(got) == dataclasses.asdict(eager)
    assert pickle.loads(pickle.dumps(got)) == eager and copy.copy(per_capita(f, [], STD, DAY, OPTS)) == eager
    # read when made: a part changed afterwards does not change the result
    later = per_capita(f, [], STD, DAY, OPTS)
    f.income_wages_fen = 1
    assert later.income_parts == (("income_wages", 60_000), ("income_pensions", 40_000))
    # a fact without part columns (an older record): no parts, as before
    bare = per_capita(fact(DAY, 120_000), [], STD, DAY, OPTS)
    assert bare.income_parts == () and bare.spending_parts == ()
    assert IncomeResult(1, 2, 3, 4, 5, 6, 7, DAY).income_parts == ()


def test_decision_start_is_the_plain_decision() -> None:
    s = FileState(status="registered", category="deep")
    made, plain = Decision.start(s), Decision(s, s)
    assert made == plain and list(vars(made)) == list(vars(plain)) and made.events is not Decision.start(s).events


def test_yuan_is_format_fen() -> None:
    for fen in [*range(-1_005, 1_005), 72_000, 99_999_999, 123_456_789_012, -123_456_789, True]:
        assert yuan.__wrapped__(fen) == format_fen(fen)


def test_partial_objects_read_as_before() -> None:
    """The one-read shortcuts fall back to reading attribute by attribute (missing: None / False)."""
    bare = SimpleNamespace(private_car=True)
    assert [e[0] for e in exclusions_of(bare)] == ["private_car"]
    assert exclusions_of(SimpleNamespace()) == []
    assert is_complete(SimpleNamespace(household_size=1)) is False
    full = household()
    assert is_complete(full) is check_five_clear(full).all_clear is True
    assert is_complete(household(skills=" - ")) is False


def test_the_batch_path_and_a_rule_options_default_agree() -> None:
    """The same context for every file of a pass, as _read_and_decide gives it, and none at all: the same."""
    opts = RuleOptions.defaults()
    ctx = DecisionContext([STD], opts, DAY)
    for pc in (30_000, 72_000, 150_000, 200_000):
        for kw in ({}, {"accident_date": dt.date(2026, 3, 1)}, {"private_car": True},
                   {"status": "registered", "category": "relative", "status_since": dt.date(2025, 1, 1)},
                   {"status": "closed", "close_reason": "out_of_hardship", "closed_on": dt.date(2025, 12, 1)}):
            f = a_file(last_visit_date=dt.date(2026, 5, 1), **kw)
            facts = [fact(dt.date(2026, 5, 1), monthly(pc))]
            assert outcome(decide(f, [], facts, [STD], opts, DAY, context=ctx)) == outcome(
                decide(f, [], facts, [STD], opts, DAY))
