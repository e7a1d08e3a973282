"""list_employment_support: what the window's 再就业帮扶 table shows."""

from __future__ import annotations

import datetime as dt

from assist_desktop.services.assistance import add_employment_support, list_employment_support
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data


def test_list_employment_support_oldest_first(db) -> None:
    create_file(db, data=complete_file_data(), as_of=TODAY)
    no = "230102001-000001"
    add_employment_support(db, file_no=no, kind="loan", started_on="2026-05-01", amount="30000", today=TODAY)
    add_employment_support(db, file_no=no, kind="certificate", started_on="2026-02-01", today=TODAY)
    added = add_employment_support(db, file_no=no, kind="training", started_on="2026-06-01", found_work=True,
                                   today=TODAY)
    assert added.changes.files and added.changes.care and not added.changes.pairing
    rows = list_employment_support(db, file_no=no)
    assert rows[-1] == added and rows[-1].file_no == no and rows[-1].found_work is True
    rows = rows[:-1]
    assert [(r.kind, r.started_on, r.amount_fen) for r in rows] == [
        ("certificate", dt.date(2026, 2, 1), 0),
        ("loan", dt.date(2026, 5, 1), 3000000),
    ]
