"""The roster check in the window: unknown words mapped in place (remembered, checked again), the refused rows
written back as .xlsx, the unrecognised columns listed and kept as a note when ticked, cancel."""

from __future__ import annotations

import threading

import openpyxl
import pytest
from sqlalchemy import select

from assist_desktop.db.models import HardshipFile, RosterValueMap
from assist_desktop.ui import exchange_dialogs, jobs
from assist_desktop.ui.exchange_dialogs import RosterPreviewDialog
from tests.conftest import valid_id
from tests.exchange.conftest import dump
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

HEAD = "姓名,身份证号,工作状态,家庭年总收入,家庭人口,主要致困原因,所属行业,户籍派出所"
ID_A, ID_B, ID_C = (valid_id(f"230102198{k}0101124") for k in (1, 2, 3))


def _csv(tmp_path, rows):
    path = tmp_path / "花名册.csv"
    path.write_text("\r\n".join([HEAD, *rows]) + "\r\n", encoding="utf-8")
    return path


def _wait(qtbot, job):
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert job.error is None, job.error


def _dialog(qtbot, ex, old=None):
    qtbot.waitUntil(lambda: isinstance(ex.last_dialog, RosterPreviewDialog) and ex.last_dialog is not old,
                    timeout=30000)
    return ex.last_dialog


def test_an_unknown_word_is_mapped_in_the_dialog_and_the_check_shows_it_mapped(qtbot, window, tmp_path):
    path = _csv(tmp_path, [f"王立新,{ID_A},下岗,18000,3,下岗失业,火星产业,和兴派出所",
                           f"李秀兰,{ID_B},下岗,18000,3,下岗失业,火星产业,",
                           f"赵刚,{ID_C},下岗,很多,3,下岗失业,纺织,"])
    ex = window.exchange
    before = dump(window.db)
    ex.import_roster(str(path))
    dlg = _dialog(qtbot, ex)
    table = dlg.unknown_table
    assert table.rowCount() == 1 and not table.isHidden()
    assert [table.item(0, c).text() for c in range(3)] == ["所属行业", "火星产业", "2"]
    box = table.cellWidget(0, 3)
    assert not dlg.remap_button.isEnabled()
    box.setCurrentIndex(box.findText("制造业"))
    assert dlg.mappings() == [("industry", "火星产业", "manufacturing")] and dlg.remap_button.isEnabled()
    assert "未识别的列：户籍派出所" in dlg.columns_label.text()
    assert dump(window.db) == before
    dlg.remap_button.click()
    again = _dialog(qtbot, ex, dlg)
    with window.db.reader() as s:  # remembered for next time
        m = s.get(RosterValueMap, ("industry", "火星产业"))
        assert m is not None and m.target == "manufacturing"
    assert again.unknown_table.isHidden() and again.report.unknown_values == []
    assert again.report.valid == 2 and again.report.bad_rows == 1
    # the refused row, written back from the window
    out = tmp_path / "有误.xlsx"
    exchange_dialogs_ask = exchange_dialogs.ask_save
    try:
        exchange_dialogs.ask_save = lambda *_a, **_k: str(out)
        again.errors_out_button.click()
    finally:
        exchange_dialogs.ask_save = exchange_dialogs_ask
    _wait(qtbot, ex.last_job)
    ws = openpyxl.load_workbook(out)["困难职工花名册"]
    values = [c.value for c in ws[2]]
    assert "赵刚" in values and any("家庭年总收入" in str(v) for v in values if v)
    assert "1 行已写入" in ex.last_message
    # tick: the unknown column is kept as a note; import the valid rows
    again.keep_unknown.setChecked(True)
    again.import_button.click()
    _wait(qtbot, ex.last_job)
    with window.db.reader() as s:
        got = {f.id_number: f for f in s.scalars(select(HardshipFile).where(HardshipFile.id_number.in_([ID_A, ID_B])))}
    assert got[ID_A].industry == "manufacturing" and got[ID_A].note == "花名册其他列：户籍派出所：和兴派出所"
    assert got[ID_B].note is None
    jobs.wait_for_jobs()


def test_the_roster_jobs_can_be_cancelled_and_write_nothing(qtbot, window, tmp_path, monkeypatch):
    from assist_desktop.ui import exchange_actions

    seen = {}
    real = exchange_actions.run_job
    release = threading.Event()

    def spy(fn, **kw):
        seen["cancellable"] = kw.get("cancellable")

        def held(progress):
            release.wait(60)  # until the test has cancelled (the bound only keeps a broken test from hanging)
            return fn(progress)

        return real(held, **kw)

    monkeypatch.setattr(exchange_actions, "run_job", spy)
    path = _csv(tmp_path, [f"王立新,{ID_A},下岗,18000,3,下岗失业,纺织,"])
    before = dump(window.db)
    job = window.exchange.apply_roster(str(path))
    assert seen["cancellable"] is True
    cancelled: list[bool] = []
    job.cancelled.connect(lambda: cancelled.append(True))
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert cancelled == [True] and job.error is None and job.result is None
    assert dump(window.db) == before
