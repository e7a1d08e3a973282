"""Review decisions are entries of the file's history: where the higher level decides, and where the unit
imports the decision (once, however often the same results are imported)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from assist_desktop.db.models import HardshipFile, StatusEvent
from assist_desktop.services.exchange import (
    export_package,
    export_review,
    import_package,
    import_review,
    review_files,
)
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump

GRASSROOTS = "230102001"
FIRST, SECOND = f"{GRASSROOTS}-000001", f"{GRASSROOTS}-000002"
REVIEW_DAY = TODAY + dt.timedelta(days=3)


@pytest.fixture
def grassroots(db):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    create_file(
        db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY
    )
    return db


@pytest.fixture
def county(make_db, grassroots, tmp_path):
    county = make_db("230102", "南岗区总工会", "county", "2301")
    export_package(grassroots, out=tmp_path / "up.zip")
    import_package(county, path=tmp_path / "up.zip", today=TODAY)
    return county


def review_events(db):
    with db.reader() as s:
        q = (
            select(HardshipFile.file_no, StatusEvent)
            .join(HardshipFile, HardshipFile.id == StatusEvent.file_id)
            .where(StatusEvent.kind == "review")
            .order_by(HardshipFile.file_no, StatusEvent.recorded_at)
        )
        return [
            (no, e.occurred_on, e.reason, e.actor, e.to_status, json.loads(e.facts_json))
            for no, e in s.execute(q)
        ]


def test_the_higher_level_records_its_decisions(county):
    review_files(county, file_nos=[FIRST], decision="approve", actor="reviewer", on=REVIEW_DAY)
    review_files(
        county, file_nos=[SECOND], decision="return", reason="缺少走访记录", actor="reviewer", on=REVIEW_DAY
    )
    events = review_events(county)
    assert [(no, day, reason, actor) for no, day, reason, actor, _, _ in events] == [
        (FIRST, REVIEW_DAY, "上级工会审核通过", "reviewer"),
        (SECOND, REVIEW_DAY, "上级工会退回：缺少走访记录", "reviewer"),
    ]
    assert events[0][4] == "registered"  # the status is recorded, not changed
    assert events[0][5] == {"review_state": "approved", "reviewer_code": "230102"}
    # the same decision again changes nothing and writes no second entry
    before = dump(county)
    assert review_files(county, file_nos=[FIRST], decision="approve", actor="reviewer").changed == []
    assert dump(county) == before


def test_a_refused_review_writes_no_history(county):
    with pytest.raises(Exception, match="原因"):
        review_files(county, file_nos=[FIRST], decision="return")  # no reason
    assert review_events(county) == []


def test_the_unit_records_the_imported_decisions_once(county, grassroots, tmp_path):
    review_files(county, file_nos=[FIRST], decision="approve", actor="reviewer", on=REVIEW_DAY)
    review_files(county, file_nos=[SECOND], decision="return", reason="缺少走访记录", on=REVIEW_DAY)
    down = tmp_path / "down.zip"
    package_id = export_review(county, out=down, to=GRASSROOTS).package_id
    assert import_review(grassroots, path=down, dry_run=True).changed == [FIRST, SECOND]
    assert review_events(grassroots) == []  # a preview writes nothing
    got = import_review(grassroots, path=down, actor="clerk", on=REVIEW_DAY + dt.timedelta(days=1))
    assert sorted(got.changed) == [FIRST, SECOND]
    events = review_events(grassroots)
    assert [(no, reason, actor) for no, _, reason, actor, _, _ in events] == [
        (FIRST, "上级工会审核通过", "clerk"),
        (SECOND, "上级工会退回：缺少走访记录", "clerk"),
    ]
    assert events[0][1] == REVIEW_DAY + dt.timedelta(days=1)
    assert events[1][5] == {"package_id": package_id, "review_state": "returned", "reviewer_code": "230102"}
    # importing the same results twice changes nothing
    before = dump(grassroots)
    assert import_review(grassroots, path=down).changed == []
    assert dump(grassroots) == before
    # the returned file goes up again (submitted); the same old results imported once more set its state back
    # but do not write the entry a second time
    export_package(grassroots, out=tmp_path / "again.zip", full=True)
    assert import_review(grassroots, path=down).changed == [SECOND]
    assert len(review_events(grassroots)) == 2


def test_the_units_review_entry_does_not_undo_the_approval_upstairs(county, grassroots, tmp_path):
    from sqlalchemy import update

    review_files(county, file_nos=[FIRST], decision="approve", actor="reviewer")
    export_review(county, out=tmp_path / "down.zip", to=GRASSROOTS)
    import_review(grassroots, path=tmp_path / "down.zip")
    with grassroots.transaction() as s:  # the unit imports the results a day after the review
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        s.execute(update(StatusEvent).where(StatusEvent.kind == "review").values(recorded_at=later))
    export_package(grassroots, out=tmp_path / "up2.zip")
    import_package(county, path=tmp_path / "up2.zip", today=TODAY)
    with county.reader() as s:
        states = dict(s.execute(select(HardshipFile.file_no, HardshipFile.review_state)).all())
    assert states[FIRST] == "approved"
    assert [(no, actor) for no, _, _, actor, _, _ in review_events(county)] == [(FIRST, "reviewer")]


def test_a_real_change_below_after_the_results_still_goes_back_for_review(county, grassroots, tmp_path):
    """The echo is left out, not the file: a change the unit makes afterwards is taken (and reviewed again),
    and the higher level's own decision stays in the history beside the unit's new records."""
    from assist_desktop.services.files import update_file

    review_files(county, file_nos=[FIRST], decision="approve", actor="reviewer")
    export_review(county, out=tmp_path / "down.zip", to=GRASSROOTS)
    import_review(grassroots, path=tmp_path / "down.zip")
    update_file(grassroots, file_no=FIRST, changes={"phone": "13900000000"}, as_of=TODAY, actor="clerk")
    export_package(grassroots, out=tmp_path / "up2.zip")
    report = import_package(county, path=tmp_path / "up2.zip", today=TODAY)
    assert report.updated == [FIRST]
    with county.reader() as s:
        state, phone = s.execute(
            select(HardshipFile.review_state, HardshipFile.phone).where(HardshipFile.file_no == FIRST)
        ).one()
    assert (state, phone) == ("submitted", "13900000000")
    assert [(no, actor) for no, _, _, actor, _, _ in review_events(county)] == [(FIRST, "reviewer")]
