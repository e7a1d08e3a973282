"""Re-employment in the lifecycle: a job start re-evaluates the file; training → job outcomes; outcomes later."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from assist_desktop.db.models import EmploymentSupport, HardshipFile, IncomeFact, StatusEvent
from assist_desktop.domain.enums import JOB_START_KINDS, EmploymentSupportKind
from assist_desktop.domain.errors import NotFound, ValidationFailed
from assist_desktop.services import lifecycle
from assist_desktop.services.assistance import (
    add_employment_support,
    list_employment_support,
    training_outcomes,
    update_employment_support,
)
from assist_desktop.services.files import create_file, get_file
from tests.conftest import TODAY, complete_file_data

FILE = "230102001-000001"


@pytest.fixture
def registered(db):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    return db


def test_the_new_kinds_and_their_labels():
    assert EmploymentSupportKind("placement").label == "岗位安置"
    assert EmploymentSupportKind("business_start").label_en == "Business start"
    assert EmploymentSupportKind.parse("安置就业") is EmploymentSupportKind.PLACEMENT
    assert EmploymentSupportKind.parse("自主创业") is EmploymentSupportKind.BUSINESS_START
    assert {k.value for k in JOB_START_KINDS} == {"placement", "public_post", "business_start"}


@pytest.mark.parametrize("kind", ["placement", "public_post", "business_start"])
def test_a_job_start_re_evaluates_the_file_in_the_same_transaction(registered, monkeypatch, kind):
    seen: list[tuple[str, dt.date, str]] = []
    real = lifecycle.evaluate_in

    def spy(s, f, *, as_of, actor):
        # the record is already in the session the evaluation sees
        assert s.scalars(select(EmploymentSupport).where(EmploymentSupport.file_id == f.id)).first() is not None
        seen.append((f.file_no, as_of, actor))
        return real(s, f, as_of=as_of, actor=actor)

    monkeypatch.setattr(lifecycle, "evaluate_in", spy)
    rec = add_employment_support(registered, file_no=FILE, kind=kind, detail="社区岗位", today=TODAY, actor="王芳")
    assert seen == [(FILE, TODAY, "王芳")]
    assert rec.found_work is True and rec.status == "registered" and rec.changes.files


def test_training_does_not_re_evaluate(registered, monkeypatch):
    calls: list[object] = []
    monkeypatch.setattr(lifecycle, "evaluate_in", lambda *a, **k: calls.append(a) or [])
    rec = add_employment_support(registered, file_no=FILE, kind="training", today=TODAY)
    assert calls == [] and rec.found_work is None and rec.events == ()


def test_a_placement_with_a_raised_income_moves_the_file_at_once(registered):
    # the wage of the new job is on file already (written behind the lifecycle's back: nothing re-evaluated it)
    with registered.transaction() as s:
        s.execute(update(IncomeFact).values(household_annual_income_fen=6_000_000))
        s.execute(update(HardshipFile).values(household_annual_income_fen=6_000_000))
    assert get_file(registered, file_no=FILE).file.status == "registered"
    rec = add_employment_support(registered, file_no=FILE, kind="placement", detail="物业保安", today=TODAY)
    with registered.reader() as s:
        kinds = [e.kind for e in s.scalars(select(StatusEvent).order_by(StatusEvent.recorded_at))]
    assert rec.status == "watch" and kinds[-1] == "watch" and rec.events


def test_update_records_the_outcome_later(registered):
    rec = add_employment_support(registered, file_no=FILE, kind="training", detail="电工培训",
                                 started_on="2026-03-01", today=TODAY)
    done = update_employment_support(registered, record_id=rec.id[:8], found_work=True, outcome="已上岗",
                                     ended_on="2026-04-30", certificate="电工证", today=TODAY)
    assert (done.found_work, done.outcome, done.certificate, done.ended_on) == (
        True, "已上岗", "电工证", dt.date(2026, 4, 30))
    assert done.changes.care
    again = update_employment_support(registered, record_id=rec.id, outcome=None, today=TODAY)
    assert again.outcome is None and again.found_work is True and again.certificate == "电工证"
    with pytest.raises(NotFound):
        update_employment_support(registered, record_id="nonexistent", found_work=False, today=TODAY)
    with pytest.raises(ValidationFailed) as err:
        update_employment_support(registered, record_id=rec.id, ended_on="2026-01-01", today=TODAY)
    assert err.value.errors[0].field == "ended_on"
    with pytest.raises(ValidationFailed):
        update_employment_support(registered, record_id=rec.id, outcome="长" * 501, today=TODAY)


def test_each_training_shows_whether_work_followed(registered):
    add_employment_support(registered, file_no=FILE, kind="training", detail="电工", started_on="2026-01-10",
                           today=TODAY)
    add_employment_support(registered, file_no=FILE, kind="training", detail="家政", started_on="2026-06-01",
                           found_work=False, today=TODAY)
    add_employment_support(registered, file_no=FILE, kind="placement", detail="物业", started_on="2026-03-01",
                           today=TODAY)
    add_employment_support(registered, file_no=FILE, kind="training", detail="面点", started_on="2026-09-01",
                           today=TODAY)
    outcomes = training_outcomes(list_employment_support(registered, file_no=FILE))
    assert [(o.training.detail, o.found_work, o.job.detail if o.job else None) for o in outcomes] == [
        ("电工", True, "物业"), ("家政", False, None), ("面点", None, None)]
    assert outcomes[0].to_json()["job"]["kind"] == "placement"
