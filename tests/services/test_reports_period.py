"""The roll and the counts over a period: the files that were assistance targets at any time in it, with their
status and category at its end, checked against the history itself and against `report --json`."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pytest
from sqlalchemy import select
from sqlmodel import col

from assist_desktop.cli import main
from assist_desktop.db.models import HardshipFile, StatusEvent
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES
from assist_desktop.services import reports as R
from tests.conftest import TODAY

CLOSED_ON = dt.date(2026, 12, 10)  # after the demo's registrations (on or before TODAY)
END = dt.date(2026, 12, 31)

ACTIVE = set(ACTIVE_STATUS_VALUES)


def expected(db, first: dt.date, last: dt.date) -> dict[str, tuple[str, str | None]]:
    """file_no → (status, category) at `last`, for files active at some time in [first, last], read from the
    history with plain Python (no code shared with the service)."""
    with db.reader() as s:
        files = {f.id: f for f in s.scalars(select(HardshipFile))}
        events = defaultdict(list)
        for e in s.scalars(select(StatusEvent).order_by(col(StatusEvent.occurred_on), col(StatusEvent.recorded_at))):
            events[e.file_id].append(e)
    out = {}
    for fid, f in files.items():
        history = [e for e in events[fid] if e.to_status and e.occurred_on <= last]
        if not history:
            continue
        at_first = [e.to_status for e in history if e.occurred_on <= first]
        during = [e.to_status for e in history if first < e.occurred_on <= last]
        if (at_first and at_first[-1] in ACTIVE) or any(x in ACTIVE for x in during):
            cats = [e for e in events[fid] if e.occurred_on <= last and (e.to_category or e.from_category)]
            out[f.file_no] = (history[-1].to_status, cats[-1].to_category if cats else f.category)
    return out


@pytest.fixture
def data(db):
    """40 demo households registered by TODAY; one relieved and one cancelled on CLOSED_ON."""
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.lifecycle import close_file

    build_demo(db, files=40, seed=3, as_of=TODAY)
    with db.reader() as s:
        nos = list(s.scalars(select(col(HardshipFile.file_no)).where(col(HardshipFile.status) == "registered")
                             .order_by(col(HardshipFile.file_no)).limit(2)))
    close_file(db, file_no=nos[0], reason="relieved", note="低保兜底后生活有保障", on=CLOSED_ON)
    close_file(db, file_no=nos[1], reason="cancelled", detail="death", note="本人去世", on=CLOSED_ON)
    return {"relieved": nos[0], "cancelled": nos[1]}


def _labels(table) -> dict[str, tuple[str, str]]:
    return {r["file_no"]: (r["status"], r["category"]) for r in table.to_json()["rows"]}


def test_a_period_roll_counts_who_was_helped_in_it_including_those_who_left(db, data) -> None:
    first = dt.date(2026, 12, 1)
    table = R.roll(db, date_from=first, date_to=END)
    want = expected(db, first, END)
    got = _labels(table)
    assert set(got) == set(want) and len(got) > 20
    assert data["relieved"] in got and data["cancelled"] in got  # left during the period, still on its roll
    assert got[data["relieved"]][0] == "已退档"
    today_roll = {r[0] for r in R.roll(db).rows}
    assert data["relieved"] not in today_roll and today_roll <= set(got)
    from assist_desktop.domain import enums as E

    for no, (status, category) in want.items():
        assert got[no] == (E.FileStatus(status).label, E.Category(category).label if category else ""), no
    assert table.to_json()["from"] == "2026-12-01" and table.to_json()["to"] == END.isoformat()
    assert dict(table.filters)["统计期间"] == f"2026-12-01 至 {END.isoformat()}"


def test_to_alone_is_the_roll_of_that_day(db, data) -> None:
    day = CLOSED_ON - dt.timedelta(days=1)
    got = _labels(R.roll(db, date_to=day))
    assert set(got) == set(expected(db, day, day))
    assert got[data["relieved"]][0] == "在档帮扶"  # still registered the day before it closed
    assert set(_labels(R.roll(db, date_to=dt.date(2020, 1, 1)))) == set()  # before any file existed


def test_status_and_category_filters_match_the_state_at_the_periods_end(db, data) -> None:
    closed = R.roll(db, status="closed", date_from=dt.date(2026, 12, 1), date_to=END)
    assert {r[0] for r in closed.rows} == {data["relieved"], data["cancelled"]}
    before = R.roll(db, status="closed", date_to=CLOSED_ON - dt.timedelta(days=1))
    assert before.rows == ()
    deep = R.roll(db, category="deep", date_from=dt.date(2026, 12, 1), date_to=END)
    assert {r[4] for r in deep.rows} == {"深度困难"}
    with pytest.raises(ValidationFailed):
        R.roll(db, date_from=TODAY, date_to=dt.date(2026, 1, 1))


def test_period_counts_count_the_period_roll(db, data) -> None:
    first = dt.date(2026, 12, 1)
    roll = R.roll(db, date_from=first, date_to=END)
    table = R.counts(db, by="main_cause", date_from=first, date_to=END)
    total = table.column("total")
    assert table.totals is not None and table.totals[total] == len(roll.rows)
    by_label = defaultdict(int)
    for r in roll.rows:
        by_label[r[4]] += 1
    for c in table.columns:
        if c.kind == "int" and c.key != "total":
            assert table.totals[table.column(c.key)] == by_label.get(c.label, 0), c.label
    assert sum(r[total] for r in table.rows) == len(roll.rows)
    # without a period: today's picture, unchanged
    assert R.counts(db).totals[total] == len(R.roll(db).rows) < len(roll.rows)


def test_report_json_on_the_command_line_gives_the_same_numbers(db, data, tmp_path, capsys) -> None:
    url = str(db.engine.url).removeprefix("sqlite:///")
    if not url or url == str(db.engine.url):
        pytest.skip("a file database is needed for the command line")

    def run(*args: str) -> dict:
        capsys.readouterr()
        assert main(["--db", url, "--as-of", END.isoformat(), *args, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    first = "2026-12-01"
    roll = run("report", "roll", "--from", first, "--to", END.isoformat())
    assert roll == R.roll(db, date_from=dt.date(2026, 12, 1), date_to=END).to_json()
    counts = run("report", "counts", "--from", first)  # --to defaults to today (--as-of)
    assert counts["totals"]["total"] == len(roll["rows"])
    assert counts == R.counts(db, date_from=dt.date(2026, 12, 1), date_to=END).to_json()
    day = run("report", "roll", "--to", (CLOSED_ON - dt.timedelta(days=1)).isoformat())
    assert data["relieved"] in {r["file_no"] for r in day["rows"]}
