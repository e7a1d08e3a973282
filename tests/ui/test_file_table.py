"""The file list model: pages of 200, labels in Chinese, masked ID numbers, money as yuan."""

from __future__ import annotations

from assist_desktop.db.engine import Database
from assist_desktop.domain.validation import mask_id_number
from assist_desktop.services.demo import build_demo
from assist_desktop.services.search import search_files
from assist_desktop.ui import file_table as ft
from tests.conftest import TODAY


def test_pages_are_fetched_lazily(qtbot, db: Database) -> None:
    build_demo(db, files=450, seed=3, as_of=TODAY, actor="test", evaluate=False)
    model = ft.FileTableModel(db)
    model.refresh()
    assert model.rowCount() == 200
    assert model.canFetchMore()
    assert model.total() == 450
    model.fetchMore()
    assert model.rowCount() == 400
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    numbers = [model.index(r, ft.COL_FILE_NO).data(ft.FILE_NO_ROLE) for r in range(model.rowCount())]
    assert len(set(numbers)) == 450


def test_cells_show_labels_masked_ids_and_yuan(qtbot, demo_db: Database) -> None:
    model = ft.FileTableModel(demo_db)
    model.set_filter(status="registered")
    assert model.rowCount() > 0
    row = search_files(demo_db, status="registered", limit=1)[0]
    assert model.index(0, ft.COL_FILE_NO).data() == row.file_no
    assert model.index(0, ft.COL_STATUS).data() == "在档帮扶"
    assert model.index(0, ft.COL_STATUS).data(ft.RAW_ROLE) == "registered"
    assert model.index(0, ft.COL_CATEGORY).data() in ("深度困难", "相对困难", "意外致困")
    assert model.index(0, ft.COL_ID).data() == mask_id_number(row.id_number)
    assert "*" in model.index(0, ft.COL_ID).data()
    assert model.index(0, ft.COL_SEX).data() in ("男", "女")
    income = model.index(0, ft.COL_INCOME).data()
    assert income and "." in income
    assert model.headerData(ft.COL_NAME, ft.Qt.Orientation.Horizontal) == "姓名"
    for r in range(model.rowCount()):
        assert model.index(r, ft.COL_STATUS).data() == "在档帮扶"


def test_filter_by_category(qtbot, demo_db: Database) -> None:
    model = ft.FileTableModel(demo_db)
    model.set_filter(category="deep")
    assert model.rowCount() > 0
    assert {model.index(r, ft.COL_CATEGORY).data() for r in range(model.rowCount())} == {"深度困难"}


def test_the_count_never_blocks_an_estimate_first_then_the_exact_count(qtbot, db: Database, monkeypatch) -> None:
    import threading

    build_demo(db, files=450, seed=3, as_of=TODAY, actor="test", evaluate=False)
    release = threading.Event()
    real = ft.count_matches
    calls: list[int] = []

    def slow_count(*args, **kwargs):
        calls.append(threading.get_ident())
        release.wait(60)  # a scan over a million files
        return real(*args, **kwargs)

    monkeypatch.setattr(ft, "count_matches", slow_count)
    model = ft.FileTableModel(db)
    model.ESTIMATE_CAP = 100
    model.refresh()
    changed: list[str] = []
    model.countChanged.connect(changed.append)
    assert model.count_text() == ">100"  # at once, while the exact count waits
    assert changed == []
    release.set()
    qtbot.waitUntil(lambda: changed == ["450"], timeout=30000)
    assert model.count_text() == "450"
    assert calls and calls[0] != threading.get_ident()  # counted off the GUI thread


def test_a_stale_count_is_dropped_when_the_search_changes(qtbot, db: Database, monkeypatch) -> None:
    import threading

    build_demo(db, files=450, seed=3, as_of=TODAY, actor="test", evaluate=False)
    release = threading.Event()
    monkeypatch.setattr(ft, "count_matches", lambda *a, **k: release.wait(60) and 999)
    model = ft.FileTableModel(db)
    model.ESTIMATE_CAP = 100
    model.refresh()
    assert model.count_text() == ">100"
    job = model.count_job
    model.set_filter(query="不存在的名字")
    assert model.count_text() == "0"
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert model.count_text() == "0"


def test_an_empty_result_says_so_in_the_list(qtbot, window) -> None:
    window.search.setText("没有这个人")
    window.apply_search()
    assert window.model.rowCount() == 0
    note = window.empty_note.label
    assert not note.isHidden() and note.text() == "没有找到符合条件的档案"
    assert "找到 0 份" in window.count_label.text()
    window.search.setText("")
    window.apply_search()
    assert window.model.rowCount() > 0 and note.isHidden()
