"""The list's count for a filtered search: "at least" at once (the page's own matches), the exact count after."""

from __future__ import annotations

import threading

from assist_desktop.db.engine import Database
from assist_desktop.services import search
from assist_desktop.services.demo import build_demo
from assist_desktop.ui import file_table as ft
from tests.conftest import TODAY


def test_a_filtered_count_says_at_least_then_the_exact_count(qtbot, db: Database, monkeypatch) -> None:
    build_demo(db, files=450, seed=3, as_of=TODAY, actor="test", evaluate=False)
    status = search.search_files(db, query="", limit=1)[0].status
    query = next(q for q in ("w", "z", "l", "h", "y")
                 if search.count_matches(db, query=q, status=status) > 10)
    exact = search.count_matches(db, query=query, status=status)
    monkeypatch.setattr(search, "ESTIMATE_BUDGET", 5)  # a million files: more matches than the estimate reads
    release = threading.Event()
    real = ft.count_matches
    monkeypatch.setattr(ft, "count_matches", lambda *a, **k: release.wait(60) and real(*a, **k))
    model = ft.FileTableModel(db)
    model.PAGE = 3
    model.set_filter(query=query, status=status)
    assert model.rowCount() == 3
    changed: list[str] = []
    model.countChanged.connect(changed.append)
    shown = model.count_text()
    if db.is_sqlite:
        assert shown.startswith("≥") and 3 <= int(shown[1:]) <= exact
    else:
        assert shown == str(exact)
        return
    release.set()
    qtbot.waitUntil(lambda: changed == [str(exact)], timeout=30000)
    assert model.count_text() == str(exact)
