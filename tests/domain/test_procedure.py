"""domain/procedure.py and the lifecycle's procedure gates, fresh facts, employment starts and the exit-line words."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import SimpleNamespace

from assist_desktop.domain.income import RuleOptions
from assist_desktop.domain.lifecycle import decide, pending_kind
from assist_desktop.domain.procedure import StepInput, check_step, state_of
from tests.domain.test_rules import STD, household, monthly, run
from tests.domain.test_rules import fact as income_fact

D = dt.date
OPTS = RuleOptions.defaults()
ALL = replace(OPTS, steps=frozenset({"application", "home_visit", "consent", "income_check", "notice", "approval"}))


def step(name, on, procedure="intake", result=None, notice_end=None, level=None):
    return SimpleNamespace(procedure=procedure, step=name, done_on=on, result=result, notice_end=notice_end,
                           level=level)


def test_the_next_step_follows_the_switched_on_steps_in_order():
    opts = replace(OPTS, steps=frozenset({"home_visit", "notice"}))
    assert state_of([], "intake", opts, D(2026, 6, 1)).next_step == "home_visit"
    steps = [step("home_visit", D(2026, 6, 1)), step("notice", D(2026, 6, 2), notice_end=D(2026, 6, 9))]
    waiting = state_of(steps, "intake", opts, D(2026, 6, 9))
    assert waiting.waiting_until == D(2026, 6, 9) and not waiting.complete
    assert state_of(steps, "intake", opts, D(2026, 6, 10)).complete
    assert not state_of([], "intake", OPTS, D(2026, 6, 1)).active


def test_a_failed_step_stops_the_round_until_the_first_step_again():
    steps = [step("application", D(2026, 6, 1)), step("home_visit", D(2026, 6, 2)),
             step("consent", D(2026, 6, 2)), step("income_check", D(2026, 6, 3), result="fail")]
    st = state_of(steps, "intake", ALL, D(2026, 6, 10))
    assert st.stopped is not None and "核对结果未通过" in st.summary()
    errors = check_step(StepInput("intake", "notice", D(2026, 6, 10)), steps, ALL)
    assert errors and "终止" in errors[0].zh
    assert check_step(StepInput("intake", "application", D(2026, 6, 10), by_role="applicant"), steps, ALL) == []
    again = [*steps, step("application", D(2026, 6, 10))]
    assert state_of(again, "intake", ALL, D(2026, 6, 10)).next_step == "home_visit"


def test_a_step_needs_its_own_fields_and_the_steps_before_it():
    assert check_step(StepInput("intake", "application", D(2026, 6, 1)), [], ALL)[0].field == "by"
    assert check_step(StepInput("intake", "home_visit", D(2026, 6, 1), by_name="赵敏"), [], ALL)[0].zh == \
        "须先完成“申请或推荐”"
    assert check_step(StepInput("intake", "consent", D(2026, 6, 1)), [step("application", D(2026, 6, 1)),
                      step("home_visit", D(2026, 6, 1))], ALL)[0].field == "consent"
    assert "未启用" in check_step(StepInput("intake", "approval", D(2026, 6, 1), result="pass"), [], OPTS)[0].zh
    assert check_step(StepInput("intake", "nap", D(2026, 6, 1)), [], ALL)[0].field == "step"


def test_parent_level_approval_counts_only_from_the_parent():
    opts = replace(OPTS, steps=frozenset({"approval"}), approval_level="parent")
    assert state_of([step("approval", D(2026, 6, 1), result="pass", level="union")], "intake", opts,
                    D(2026, 6, 2)).next_step == "approval"
    assert state_of([step("approval", D(2026, 6, 1), result="pass", level="parent")], "intake", opts,
                    D(2026, 6, 2)).complete


def test_decide_registers_only_when_the_steps_are_complete():
    h = household(responsible_person_id="c1")
    facts = [income_fact(D(2026, 6, 1), monthly(50_000))]
    opts = replace(OPTS, steps=frozenset({"application"}))
    d = decide(h, [], facts, [STD], opts, D(2026, 6, 1))
    assert d.after.status == "found" and d.pending == "procedure_step" and d.proposal == "register"
    assert d.category.category == "deep" and "拟登记为深度困难" in d.after.ineligible_reason
    d = decide(h, [], facts, [STD], opts, D(2026, 6, 1), steps=[step("application", D(2026, 6, 1))])
    assert d.after.status == "registered" and d.after.ineligible_reason is None
    # with steps on, no responsible person: the reason named
    d = decide(household(), [], facts, [STD], opts, D(2026, 6, 1), steps=[step("application", D(2026, 6, 1))])
    assert d.after.status == "found" and d.pending == "no_responsible"


def test_stale_facts_keep_a_found_file_found_with_a_review_task():
    h = household(last_visit_date=D(2025, 11, 1))  # seven months before
    d = decide(h, [], [income_fact(D(2026, 6, 1), monthly(50_000))], [STD], OPTS, D(2026, 6, 1))
    assert d.after.status == "found" and pending_kind(d.after.ineligible_reason) == "facts_stale"
    assert "最近的入户走访为 2025-11-01" in d.after.ineligible_reason
    # a visit record counts as well as the file's own date
    d = decide(h, [], [income_fact(D(2026, 6, 1), monthly(50_000))], [STD], OPTS, D(2026, 6, 1),
               visits=[D(2026, 5, 30)])
    assert d.after.status == "registered"


def test_an_exclusion_on_a_registered_file_proposes_a_cancellation_without_changing_it():
    h = household()
    run(h, [income_fact(D(2026, 6, 1), monthly(50_000))], [D(2026, 6, 1)])
    assert h.status == "registered"
    h.private_car = True
    d = decide(h, [], [income_fact(D(2026, 6, 1), monthly(50_000))], [STD], OPTS, D(2026, 6, 5))
    assert d.after.status == "registered" and d.proposal == "cancel" and not d.events
    assert d.after.ineligible_reason.startswith("认定有误，拟注销：不符合帮扶条件：拥有并经常使用私家机动车")


def test_with_exit_multiple_one_the_words_name_the_line_that_applies():
    std = SimpleNamespace(**{**vars(STD), "exit_multiple_pct": 100})
    h = household()
    facts = [income_fact(D(2026, 1, 5), monthly(50_000)), income_fact(D(2026, 2, 2), monthly(100_000))]
    out = run(h, facts, [D(2026, 1, 5), D(2026, 2, 2)], standards=(std,))
    adjusted = out[-1][1].events[0]
    assert adjusted.kind == "adjusted"
    assert "虽达到脱困线 720.00 元（低保标准的1倍），但仍属相对困难，不进入脱困观察" in adjusted.reason
    # staying there: the status says why it is not watched
    d = decide(h, [], facts, [std], OPTS, D(2026, 3, 1))
    assert not d.events and "不进入脱困观察" in d.note and "相对困难线 1,440.00 元" in d.note
    # at 1,500 元: watched, the words name both lines
    facts.append(income_fact(D(2026, 3, 2), monthly(150_000)))
    [(_, d)] = run(h, facts, [D(2026, 3, 2)], standards=(std,))
    watch = d.events[0]
    assert watch.kind == "watch"
    assert "达到脱困线 720.00 元（低保标准 720.00 元 的1倍），且不低于相对困难线 1,440.00 元、不再符合任何困难类别" in \
        watch.reason


def test_an_employment_start_begins_the_watch_that_old_facts_do_not_break():
    h = household()
    facts = [income_fact(D(2026, 1, 5), monthly(50_000))]
    run(h, facts, [D(2026, 1, 5)])
    d = decide(h, [], facts, [STD], OPTS, D(2026, 3, 2), starts=[D(2026, 3, 2)])
    assert d.after.status == "watch" and d.after.watch_since == D(2026, 3, 2)
    assert d.events[0].rule == "employment_start"
