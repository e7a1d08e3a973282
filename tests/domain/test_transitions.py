"""A person's decisions as pure functions: close, override, register, and the override's hold."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.domain.five_clear import check_five_clear
from assist_desktop.domain.income import RuleOptions
from assist_desktop.domain.lifecycle import FileState
from assist_desktop.domain.transitions import (
    MANUAL_CLOSE_REASONS,
    OVERRIDE_STATUSES,
    check_close_request,
    check_override_request,
    decide_close,
    decide_override,
    decide_register,
    override_hold,
    override_in_force,
)

D = dt.date
ON = D(2026, 3, 1)
OPTS = RuleOptions()
WATCHING = FileState(status="watch", category="relative", status_since=D(2026, 1, 1), watch_since=D(2026, 1, 1),
                     per_capita_monthly_fen=150_000)


def clears(all_clear=True):
    f = SimpleNamespace(family_situation="夫妻二人", household_size=2, main_cause="laid_off", cause_account="下岗",
                        skills="无", able_to_work=False, employment_wishes="不适用",
                        state_of_mind="稳定" if all_clear else "", last_visit_date=D(2026, 1, 2))
    return check_five_clear(f, [])


def test_the_allowed_targets_are_named_once():
    assert [r.value for r in MANUAL_CLOSE_REASONS] == ["relieved", "cancelled"]
    assert [s.value for s in OVERRIDE_STATUSES] == ["found", "ineligible", "registered"]


def test_close_request_needs_a_manual_reason_a_detail_for_cancelling_and_a_note():
    request, errors = check_close_request(reason="out_of_hardship", detail=None, note="")
    assert request is None and [e.field for e in errors] == ["reason", "note"]
    _, errors = check_close_request(reason="cancelled", detail=None, note="迁出")
    assert [e.field for e in errors] == ["detail"]
    _, errors = check_close_request(reason="cancelled", detail="搬家", note="迁出")
    assert errors[0].zh.startswith("“搬家”不是注销原因")
    request, errors = check_close_request(reason="注销", detail="迁出", note="  迁往外地 ")
    assert errors == [] and request is not None
    assert (request.reason.value, request.detail.value, request.note) == ("cancelled", "transfer", "迁往外地")


def test_close_decides_the_columns_and_the_history_entry():
    request, _ = check_close_request(reason="relieved", detail=None, note="低保兜底")
    # (issue 10: relief needs the per-capita income at or above LB, so the numbers are given)
    decision = decide_close(replace_state(override_until=D(2026, 6, 1)), request, file_no="F1", on=ON,
                            per_capita_fen=72_000, lb_fen=72_000)
    assert decision.allowed
    assert decision.columns == {"status": "closed", "close_reason": "relieved", "close_detail": None,
                                "closed_on": ON, "status_since": ON, "watch_since": None, "notice_until": None,
                                "override_until": None}
    ev = decision.event
    assert (ev.kind, ev.from_status, ev.to_status, ev.occurred_on) == ("closed", "watch", "closed", ON)
    assert ev.reason == "解困：低保兜底"


def test_relief_below_lb_or_without_numbers_is_refused_unless_a_reviewer_writes_why():
    request, _ = check_close_request(reason="relieved", detail=None, note="低保兜底")
    refused = decide_close(replace_state(), request, file_no="F1", on=ON, per_capita_fen=71_999, lb_fen=72_000)
    assert not refused.allowed and "719.99 元 低于低保标准 720.00 元" in refused.refusal.zh
    assert not decide_close(replace_state(), request, file_no="F1", on=ON).allowed
    request, _ = check_close_request(reason="relieved", detail=None, note="低保兜底", below_lb_reason="大病兜底")
    allowed = decide_close(replace_state(), request, file_no="F1", on=ON, per_capita_fen=71_999, lb_fen=72_000)
    assert allowed.allowed and "审核人理由：大病兜底" in allowed.event.reason
    # a cancellation does not look at the income
    request, _ = check_close_request(reason="cancelled", detail="death", note="去世")
    assert decide_close(replace_state(), request, file_no="F1", on=ON, per_capita_fen=10, lb_fen=72_000).allowed


def test_a_closed_file_cannot_be_closed_again():
    request, _ = check_close_request(reason="relieved", detail=None, note="x")
    decision = decide_close(replace_state(status="closed", closed_on=D(2026, 2, 1)), request, file_no="F1", on=ON)
    assert not decision.allowed and decision.columns == {} and decision.event is None
    with pytest.raises(DomainError, match="已于 2026-02-01 退档"):
        decision.raise_if_refused()


def test_override_request_checks_its_input():
    _, errors = check_override_request(status="closed", category="nonsense", reason=" ", until=D(2026, 1, 1), on=ON)
    assert [e.field for e in errors] == ["reason", "status", "category", "until"]
    _, errors = check_override_request(status=None, category=None, reason="x", until=None, on=ON)
    assert [e.field for e in errors] == ["status"]


def test_override_holds_until_the_next_yearly_review_unless_given():
    assert override_hold(ON, None, OPTS) == D(2027, 3, 1)
    assert override_hold(ON, D(2026, 5, 1), OPTS) == D(2026, 5, 1)
    held = replace_state(override_until=D(2026, 5, 1))
    assert override_in_force(held, D(2026, 5, 1)) and not override_in_force(held, D(2026, 5, 2))


def test_override_to_ineligible_leaves_the_watch_and_records_the_reason():
    request, _ = check_override_request(status="ineligible", category=None, reason="有两套住房", until=None, on=ON)
    decision = decide_override(WATCHING, request, five_clear=clears(), opts=OPTS, on=ON)
    assert decision.allowed
    c = decision.columns
    assert (c["status"], c["category"], c["status_since"], c["watch_since"]) == ("ineligible", None, ON, None)
    assert c["override_until"] == D(2027, 3, 1) and c["ineligible_reason"] == "有两套住房"
    assert decision.event.reason.startswith("人工改定：状态收入观察→未达标准")


def test_override_to_registered_needs_the_five_clears_and_a_category():
    request, _ = check_override_request(status="registered", category="deep", reason="复核", until=None, on=ON)
    refused = decide_override(replace_state(status="found", category=None), request, five_clear=clears(False),
                              opts=OPTS, on=ON)
    with pytest.raises(DomainError, match="五清未齐"):
        refused.raise_if_refused()
    request, _ = check_override_request(status="registered", category=None, reason="复核", until=None, on=ON)
    no_category = decide_override(replace_state(status="found", category=None), request, five_clear=clears(),
                                  opts=OPTS, on=ON)
    with pytest.raises(ValidationFailed, match="须指定困难类别"):
        no_category.raise_if_refused()


def test_a_closed_file_cannot_be_overridden():
    request, _ = check_override_request(status=None, category="deep", reason="x", until=None, on=ON)
    decision = decide_override(replace_state(status="closed"), request, five_clear=clears(), opts=OPTS, on=ON)
    assert isinstance(decision.refusal, DomainError) and "已退档" in decision.refusal.zh


def test_register_is_allowed_only_in_an_active_status():
    assert decide_register(replace_state(status="registered"), file_no="F1").allowed
    refused = decide_register(replace_state(status="found", ineligible_reason="五清未齐"), file_no="F1")
    assert refused.refusal is not None and refused.refusal.zh == "档案 F1 不能登记：五清未齐"
    assert decide_register(replace_state(status="ineligible"), file_no="F1").refusal.zh == "档案 F1 不能登记：未达标准"


def replace_state(**changes):
    from assist_desktop.domain.lifecycle import replace

    return replace(WATCHING, **changes)
