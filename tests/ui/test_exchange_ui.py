"""Exchange from the window: export a package, preview and confirm or cancel an import, rosters, review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database
from assist_desktop.db.models import HardshipFile
from assist_desktop.services.exchange import export_package
from assist_desktop.services.files import count_files
from assist_desktop.services.keys import ensure_union_key
from assist_desktop.services.standards import set_standard
from assist_desktop.services.unions import init_union
from assist_desktop.ui import jobs
from assist_desktop.ui.exchange_dialogs import ImportPreviewDialog, RosterPreviewDialog
from tests.conftest import TODAY, valid_id
from tests.exchange.conftest import dump
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture(autouse=True)
def confirmed_senders(monkeypatch) -> list[tuple[str, str | None]]:
    """The user confirms every sender's fingerprint when asked (the tests of the question itself answer no);
    each question is recorded as (sender code, fingerprint)."""
    from assist_desktop.ui.exchange_actions import ExchangeActions

    asked: list[tuple[str, str | None]] = []

    def confirm(self, unknown) -> bool:
        asked.append((unknown.sender_code, unknown.fingerprint))
        return True

    monkeypatch.setattr(ExchangeActions, "confirm_sender", confirm)
    return asked


def _wait(qtbot, job) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert job.error is None, job.error


def _dialog(qtbot, ex, kind):
    qtbot.waitUntil(lambda: isinstance(ex.last_dialog, kind), timeout=30000)
    return ex.last_dialog


@pytest.fixture
def county(tmp_path: Path):
    """A county union's database (the level above the demo grassroots union), empty."""
    db = Database(f"sqlite:///{tmp_path / 'county.sqlite3'}")
    migrate.upgrade(db)
    init_union(db, code="230102", name="南岗区总工会", level="county", parent_code="2301")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    yield db
    db.dispose()


@pytest.fixture
def county_window(qtbot, county):
    from assist_desktop.ui.main_window import MainWindow

    w = MainWindow(county, today=TODAY, actor="county-clerk")
    qtbot.addWidget(w)
    yield w
    jobs.wait_for_jobs()


def _review_states(db) -> dict[str, str]:
    with db.reader() as s:
        return dict(s.execute(select(HardshipFile.file_no, HardshipFile.review_state)).all())


def test_export_dialog_writes_a_package_the_cli_imports(qtbot, window, tmp_path, capsys) -> None:
    from assist_desktop.cli import main

    ex = window.exchange
    assert "数据交换(&X)" in [a.text() for a in window.menuBar().actions()]
    assert not window.action("approve").isEnabled()  # a grassroots union has nobody below to review
    dlg = ex.export_package()
    assert dlg.code() == "230102" and dlg.incremental.isChecked()
    out = tmp_path / "up"
    dlg.path.edit.setText(str(out))
    dlg.accept()
    _wait(qtbot, ex.last_job)
    package = tmp_path / "up.zip"
    assert package.exists()
    total = count_files(window.db)
    assert f"档案 {total} 份" in ex.last_message
    assert set(_review_states(window.db).values()) == {"submitted"}

    county_db = tmp_path / "c.sqlite3"
    base = ["--db", str(county_db), "--as-of", "2026-11-20", "--user", "tester"]
    assert (
        main([*base, "init", "--union-code", "230102", "--union-name", "南岗区总工会", "--level", "county"])
        == 0
    )
    assert main([*base, "standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01"]) == 0
    capsys.readouterr()
    fingerprint = ensure_union_key(window.db).fingerprint
    assert main([*base, "import", str(package), "--json", "--trust-sender", fingerprint]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] and report["new"] == total and not report["conflicts"]


def test_import_preview_lists_new_files_cancel_writes_nothing_confirm_inserts(
    qtbot, demo_db, county, county_window, tmp_path
) -> None:
    package = tmp_path / "from-below.zip"
    export_package(demo_db, out=package, to="230102", full=True)
    expected = sorted(_review_states(demo_db))
    ex = county_window.exchange
    assert county_window.action("approve").isEnabled()
    before = dump(county)

    ex.import_package(str(package))
    dlg = _dialog(qtbot, ex, ImportPreviewDialog)
    listed = [dlg.files_table.item(r, 0).text() for r in range(dlg.files_table.rowCount())]
    assert sorted(listed) == expected
    assert {dlg.files_table.item(r, 1).text() for r in range(dlg.files_table.rowCount())} == {"新增"}
    assert dlg.conflicts_table.rowCount() == 0
    assert f"新增 {len(expected)} 份" in dlg.summary.text()
    dlg.cancel_button.click()
    jobs.wait_for_jobs()
    assert dump(county) == before

    ex.last_dialog = None
    ex.import_package(str(package))
    dlg = _dialog(qtbot, ex, ImportPreviewDialog)
    dlg.confirm_button.click()
    _wait(qtbot, ex.last_job)
    assert sorted(_review_states(county)) == expected
    assert county_window.model.rowCount() == len(expected)  # the list refreshed from the changed signal
    assert f"新增 {len(expected)} 份" in ex.last_message


def test_import_preview_lists_conflicts_with_their_reason(qtbot, demo_db, county, county_window, tmp_path):
    package = tmp_path / "from-below.zip"
    export_package(demo_db, out=package, to="230102", full=True)
    ex = county_window.exchange
    ex.import_package(str(package))
    _dialog(qtbot, ex, ImportPreviewDialog).confirm_button.click()
    _wait(qtbot, ex.last_job)
    # the county edits one file after import; an older copy from below must not overwrite it
    from assist_desktop.services.files import update_file

    no = sorted(_review_states(county))[0]
    update_file(county, file_no=no, changes={"phone": "13800000000"}, as_of=TODAY, actor="county-clerk")
    again = tmp_path / "again.zip"
    export_package(demo_db, out=again, to="230102", full=True)
    ex.last_dialog = None
    ex.import_package(str(again))
    dlg = _dialog(qtbot, ex, ImportPreviewDialog)
    rows = [
        [dlg.conflicts_table.item(r, c).text() for c in range(4)]
        for r in range(dlg.conflicts_table.rowCount())
    ]
    assert [r[0] for r in rows] == [no]
    assert "保留本库版本" in rows[0][3]
    dlg.reject()


def test_a_refused_package_names_the_problem_and_writes_nothing(qtbot, window, tmp_path, monkeypatch) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(jobs, "show_error", lambda parent, exc, details=None: shown.append(exc))
    package = tmp_path / "own.zip"
    export_package(window.db, out=package, to="230102", full=True)
    before = dump(window.db)
    ex = window.exchange
    job = ex.import_package(str(package))
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert shown and "自己导出的数据包" in jobs.describe_error(shown[0])[1]
    assert ex.last_dialog is None
    assert dump(window.db) == before

    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    job = ex.import_package(str(broken))
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert len(shown) == 2 and "数据包" in jobs.describe_error(shown[1])[1]
    assert dump(window.db) == before


ROSTER_HEAD = (
    "姓名,身份证号,工作状态,家庭年总收入,家庭人口,主要致困原因,家庭情况,技术特长,就业意愿,思想状况,走访日期"
)


def _roster_row(name: str, number: str, income: str = "18000", cause: str = "下岗失业") -> str:
    return f"{name},{number},下岗,{income},3,{cause},夫妻二人，一子读高中,车工,希望做保安,情绪稳定,2026-10-15"


def test_roster_dialog_lists_bad_rows_and_imports_only_the_valid_ones(qtbot, window, tmp_path) -> None:
    good1, good2 = valid_id("23010219800101124"), valid_id("23010219750505123")
    rows = [
        _roster_row("王立新", good1),
        _roster_row("李坏号", "230102197003151230"),  # wrong check digit
        _roster_row("赵收入", valid_id("23010219690909123"), income="很多"),
        _roster_row("刘秀兰", good2),
    ]
    path = tmp_path / "花名册.csv"
    path.write_text("\r\n".join([ROSTER_HEAD, *rows]) + "\r\n", encoding="utf-8-sig")
    before_count = count_files(window.db)
    before = dump(window.db)
    ex = window.exchange

    ex.import_roster(str(path))
    dlg = _dialog(qtbot, ex, RosterPreviewDialog)
    assert dump(window.db) == before  # the check wrote nothing
    assert dlg.report.valid == 2 and dlg.report.bad_rows == 2
    table = dlg.issues_table
    issues = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert [i[:2] for i in issues] == [["3", "身份证号"], ["4", "家庭年总收入"]]
    assert all(i[2] for i in issues)
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["行号", "列", "原因"]
    assert dlg.import_button.text() == "只导入有效行"
    dlg.cancel_button.click()
    assert dump(window.db) == before

    ex.last_dialog = None
    ex.import_roster(str(path))
    dlg = _dialog(qtbot, ex, RosterPreviewDialog)
    dlg.import_button.click()
    _wait(qtbot, ex.last_job)
    assert count_files(window.db) == before_count + 2
    with window.db.reader() as s:
        numbers = set(s.scalars(select(HardshipFile.id_number)))
    assert good1 in numbers and good2 in numbers
    assert "新建 2 份" in ex.last_message


def test_roster_without_bad_rows_offers_import(qtbot, window, tmp_path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(
        ROSTER_HEAD + "\r\n" + _roster_row("王立新", valid_id("23010219800101124")) + "\r\n", "utf-8"
    )
    ex = window.exchange
    ex.import_roster(str(path))
    dlg = _dialog(qtbot, ex, RosterPreviewDialog)
    assert dlg.import_button.text() == "导入" and dlg.import_button.isEnabled()
    assert dlg.issues_table.isHidden()
    dlg.reject()


def test_template_and_roll_are_written(qtbot, window, tmp_path) -> None:
    import openpyxl

    ex = window.exchange
    _wait(qtbot, ex.roster_template(str(tmp_path / "模板")))
    assert openpyxl.load_workbook(tmp_path / "模板.xlsx").sheetnames[0] == "困难职工花名册"
    _wait(qtbot, ex.export_roll(str(tmp_path / "roll.xlsx")))
    ws = openpyxl.load_workbook(tmp_path / "roll.xlsx")["困难职工花名册"]
    assert ws.max_row == count_files(window.db) + 1


def test_review_return_needs_a_reason_and_results_go_down(qtbot, demo_db, county, county_window, tmp_path):
    package = tmp_path / "from-below.zip"
    export_package(demo_db, out=package, to="230102", full=True)
    ex = county_window.exchange
    ex.import_package(str(package))
    _dialog(qtbot, ex, ImportPreviewDialog).confirm_button.click()
    _wait(qtbot, ex.last_job)
    first, second = sorted(_review_states(county))[:2]

    _wait(qtbot, ex.approve_selected([first]))
    dlg = ex.return_selected([second])
    assert not dlg.ok_button.isEnabled()
    dlg.reason.setPlainText("家庭收入缺少证明材料")
    assert dlg.ok_button.isEnabled()
    dlg.accept()
    _wait(qtbot, ex.last_job)
    states = _review_states(county)
    assert states[first] == "approved" and states[second] == "returned"

    exp = ex.export_review()
    assert exp.code() == "" or exp.code() == "230102001"
    exp.receiver.setEditText("230102001")
    exp.path.edit.setText(str(tmp_path / "review.zip"))
    exp.accept()
    _wait(qtbot, ex.last_job)
    assert "2 份" in ex.last_message

    from assist_desktop.ui.main_window import MainWindow

    below = MainWindow(demo_db, today=TODAY, actor="clerk")
    qtbot.addWidget(below)
    down = below.exchange
    _wait(qtbot, down.import_review(str(tmp_path / "review.zip")))
    _wait(qtbot, down.last_job)  # the county's key was asked for once, then the results were imported
    states = _review_states(demo_db)
    assert states[first] == "approved" and states[second] == "returned"
    assert "更新 2 份" in down.last_message


def test_review_state_shows_in_the_file_table_and_the_detail_pane(qtbot, window, tmp_path) -> None:
    from assist_desktop.ui import file_table as ft

    model = window.model
    assert model.headerData(ft.COL_REVIEW, Qt.Orientation.Horizontal) == "上报审核"
    labels = {model.index(r, ft.COL_REVIEW).data() for r in range(model.rowCount())}
    assert labels == {"未上报"}
    assert model.index(0, ft.COL_REVIEW).data(ft.RAW_ROLE) == "local"
    assert "未上报" in window.detail.overview.toPlainText()

    ex = window.exchange
    _wait(qtbot, ex.start_export(to="230102", full=True, out=str(tmp_path / "up.zip")))
    qtbot.waitUntil(lambda: model.index(0, ft.COL_REVIEW).data() == "已上报", timeout=30000)
    assert {model.index(r, ft.COL_REVIEW).data() for r in range(model.rowCount())} == {"已上报"}
    assert "已上报" in window.detail.overview.toPlainText()


def test_returned_file_shows_the_reason_in_the_detail_pane(qtbot, demo_db, county, county_window, tmp_path):
    from assist_desktop.ui import file_table as ft

    export_package(demo_db, out=tmp_path / "p.zip", to="230102", full=True)
    ex = county_window.exchange
    ex.import_package(str(tmp_path / "p.zip"))
    _dialog(qtbot, ex, ImportPreviewDialog).confirm_button.click()
    _wait(qtbot, ex.last_job)
    county_window.select_row(0)
    no = county_window.current_file_no()
    assert county_window.model.index(0, ft.COL_REVIEW).data() == "已上报"
    _wait(qtbot, ex.start_review([no], "return", "缺少收入证明"))
    qtbot.waitUntil(
        lambda: county_window.model.index(county_window.model.row_of(no), ft.COL_REVIEW).data() == "已退回",
        timeout=30000,
    )
    county_window.select_file(no)
    assert "已退回：缺少收入证明" in county_window.detail.overview.toPlainText()
    _wait(qtbot, ex.start_review([no], "approve", None))
    qtbot.waitUntil(
        lambda: county_window.model.index(county_window.model.row_of(no), ft.COL_REVIEW).data() == "已审核",
        timeout=30000,
    )


def test_export_receiver_is_a_known_union_or_a_union_code_never_a_path(qtbot, window, tmp_path) -> None:
    ex = window.exchange
    dlg = ex.export_package()
    items = [dlg.receiver.itemData(i) for i in range(dlg.receiver.count())]
    assert items and items[0] == "230102"  # the parent first, then the other known unions
    assert "230102001" not in items  # never the union itself
    dlg.path.edit.setText(str(tmp_path / "up"))
    dlg.receiver.setEditText(str(tmp_path / "up.zip"))
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted and ex.last_job is None
    assert "工会代码" in dlg.error.text()
    asked: list[str] = []
    dlg.confirm_unknown = lambda code: asked.append(code) or False  # type: ignore[method-assign]
    dlg.receiver.setEditText("230199")
    dlg.accept()
    assert asked == ["230199"] and dlg.result() != dlg.DialogCode.Accepted
    dlg.confirm_unknown = lambda code: True  # type: ignore[method-assign]
    dlg.accept()
    assert dlg.values()["to"] == "230199"
    _wait(qtbot, ex.last_job)
    assert "230199" in ex.last_message


def test_export_says_demo_households_are_left_out(qtbot, window, tmp_path) -> None:
    from assist_desktop.services.files import create_file
    from tests.conftest import complete_file_data

    create_file(window.db, data=complete_file_data(), as_of=TODAY, actor="clerk")
    ex = window.exchange
    dlg = ex.export_package()
    assert not dlg.demo_note.isHidden() and "60 份演示档案不会导出" in dlg.demo_note.text()
    dlg.reject()
    _wait(qtbot, ex.start_export(to="230102", full=True, out=str(tmp_path / "up.zip")))
    assert "档案 1 份" in ex.last_message and "演示档案 60 份未导出" in ex.last_message


def test_an_unknown_senders_fingerprint_is_asked_no_writes_nothing_yes_records_the_key(
    qtbot, demo_db, county, county_window, tmp_path, monkeypatch, confirmed_senders
) -> None:
    from assist_desktop.db.models import UnionKey
    from assist_desktop.ui.exchange_actions import ExchangeActions

    package = tmp_path / "first.zip"
    export_package(demo_db, out=package, to="230102", full=True)
    fingerprint = ensure_union_key(demo_db).fingerprint
    ex = county_window.exchange
    monkeypatch.setattr(ExchangeActions, "confirm_sender", lambda self, unknown: asked.append(unknown) and False)
    asked: list = []
    before = dump(county)
    _wait(qtbot, ex.import_package(str(package)))
    assert [(u.sender_code, u.fingerprint) for u in asked] == [("230102001", fingerprint)]
    assert ex.last_dialog is None and dump(county) == before  # answered no: no preview, nothing written
    monkeypatch.undo()
    monkeypatch.setattr(ExchangeActions, "confirm_sender", lambda self, unknown: True)
    _wait(qtbot, ex.import_package(str(package)))
    qtbot.waitUntil(lambda: isinstance(ex.last_dialog, ImportPreviewDialog), timeout=30000)
    ex.last_dialog.accept()
    _wait(qtbot, ex.last_job)
    with county.reader() as s:
        key = s.get(UnionKey, "230102001")
        assert key is not None and key.fingerprint == fingerprint
        assert s.scalar(select(HardshipFile.id).limit(1)) is not None


def test_a_password_sealed_package_asks_for_the_password_then_previews(
    qtbot, demo_db, county, county_window, confirmed_senders, tmp_path, monkeypatch
):
    from assist_desktop.ui.exchange_actions import ExchangeActions

    sealed = tmp_path / "sealed.zip"
    result = export_package(demo_db, out=sealed, to="230102", full=True, password="对的密码")
    assert result.encrypted == "password"
    asked: list[int] = []

    def ask(self):
        asked.append(1)
        return "对的密码"

    monkeypatch.setattr(ExchangeActions, "ask_password", ask)
    ex = county_window.exchange
    ex.import_package(str(sealed))
    assert count_files(county) == 0
    dlg = _dialog(qtbot, ex, ImportPreviewDialog)
    assert asked == [1] and confirmed_senders  # the sender was confirmed, then the password asked
    dlg.confirm_button.click()
    _wait(qtbot, ex.last_job)
    assert count_files(county) == count_files(demo_db)
