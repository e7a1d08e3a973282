"""A person's decisions (close, override, register) and the status report."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assist_desktop.db.models import HardshipFile, StatusEvent
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import (
    close_file,
    history,
    override,
    reevaluate_all,
    register_file,
    status_report,
)
from tests.conftest import complete_file_data

D = dt.date
FILE = "230102001-000001"


def test_incomplete_file_stays_found_and_status_says_what_is_missing(db):
    create_file(db, data=complete_file_data(state_of_mind="", last_visit_date=""), as_of=D(2026, 1, 5))
    report = status_report(db, file_no=FILE, as_of=D(2026, 1, 5))
    assert report["status"] == "found"
    assert report["five_clear"]["all_clear"] is False
    assert report["five_clear"]["mind"]["missing"] == ["缺少思想状况", "缺少入户走访日期"]
    assert report["pending_reason"].startswith("五清未齐，暂不能登记：思想状况清")
    assert report["income"]["per_capita_fen"] == 50_000 and report["income"]["lb_fen"] == 72_000
    with pytest.raises(DomainError, match="五清未齐"):
        register_file(db, file_no=FILE, as_of=D(2026, 1, 5))
    # filling the clear registers the file at once
    update_file(
        db,
        file_no=FILE,
        changes={"state_of_mind": "情绪稳定", "last_visit_date": "2026-01-04"},
        as_of=D(2026, 1, 6),
    )
    assert status_report(db, file_no=FILE, as_of=D(2026, 1, 6))["status"] == "registered"


def test_close_needs_a_reason_and_detail_and_is_not_undone_automatically(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with pytest.raises(ValidationFailed) as info:
        close_file(db, file_no=FILE, reason="cancelled", note=" ", on=D(2026, 2, 1))
    assert {e.field for e in info.value.errors} == {"detail", "note"}
    report = close_file(
        db,
        file_no=FILE,
        reason="cancelled",
        detail="死亡",
        note="本人于1月病故",
        on=D(2026, 2, 1),
        actor="reviewer",
    )
    assert (report["status"], report["close_reason"], report["close_detail"]) == (
        "closed",
        "cancelled",
        "death",
    )
    assert report["history"][0]["reason"] == "注销（死亡）：本人于1月病故"
    assert report["history"][0]["actor"] == "reviewer"
    assert reevaluate_all(db, as_of=D(2026, 3, 1))["changed"] == 0
    with pytest.raises(DomainError, match="已于 2026-02-01 退档"):
        close_file(db, file_no=FILE, reason="relieved", note="x", on=D(2026, 3, 1))


def test_override_needs_written_reason_holds_then_lapses(db):
    create_file(db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with pytest.raises(ValidationFailed, match="理由"):
        override(db, file_no=FILE, category="relative", reason="", on=D(2026, 1, 6))
    report = override(
        db,
        file_no=FILE,
        category="relative",
        reason="家属重病，实际支出远超申报",
        until=D(2026, 6, 30),
        on=D(2026, 1, 6),
        actor="reviewer",
    )
    assert report["category"] == "relative" and report["override_until"] == D(2026, 6, 30)
    text = report["history"][0]["reason"]
    assert text.startswith("人工改定：状态在档帮扶→在档帮扶，类别深度困难→相对困难；理由：家属重病")
    assert reevaluate_all(db, as_of=D(2026, 6, 30))["changed"] == 0  # the decision holds
    with db.reader() as s:
        assert s.scalar(select(HardshipFile.category)) == "relative"
    summary = reevaluate_all(db, as_of=D(2026, 7, 1))
    assert summary["adjusted"] == 1
    with db.reader() as s:
        f = s.scalars(select(HardshipFile)).one()
        assert (f.category, f.override_until) == ("deep", None)
        kinds = list(s.scalars(select(StatusEvent.kind).order_by(StatusEvent.recorded_at)))
    assert kinds == ["found", "registered", "override", "adjusted"]


def test_override_cannot_register_a_file_with_a_clear_missing(db):
    create_file(db, data=complete_file_data(skills="", last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    with pytest.raises(DomainError, match="技术特长清"):
        override(db, file_no=FILE, status="registered", category="deep", reason="领导批示", on=D(2026, 1, 6))


def test_no_standard_in_force_keeps_file_found(empty_db):
    from assist_desktop.services.unions import init_union

    init_union(empty_db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots")
    create_file(empty_db, data=complete_file_data(last_visit_date="2026-01-02"), as_of=D(2026, 1, 5))
    report = status_report(empty_db, file_no=FILE, as_of=D(2026, 1, 5))
    assert report["status"] == "found" and "没有生效的低保标准" in report["pending_reason"]
    assert report["income"] == {}
    assert len(history(empty_db, file_no=FILE)) == 1
