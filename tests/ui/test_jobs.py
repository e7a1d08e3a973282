"""The background-job helper: progress, results, errors in Chinese, cancellation."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from assist_desktop.db.engine import StorageError
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.services.changes import Changes
from assist_desktop.services.files import count_files
from assist_desktop.ui import jobs
from assist_desktop.ui.signals import app_signals
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@dataclass(frozen=True)
class Reported:
    """A service read model that carries what it changed."""

    changes: Changes


def test_job_reports_progress_and_finishes(qtbot) -> None:
    worker_threads: list[int] = []

    def work(progress):
        worker_threads.append(threading.get_ident())
        for i in range(1, 6):
            progress(i, 5)
        return "done"

    seen: list[tuple[int, int]] = []
    job = jobs.Job(work, title="test")
    job.progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(job.finished, timeout=30000):
        job.start()
    assert job.result == "done"
    assert seen == [(i, 5) for i in range(1, 6)]
    assert worker_threads and worker_threads[0] != threading.get_ident()
    assert job.dialog is None


def test_job_error_is_reported_in_chinese(qtbot, monkeypatch) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(jobs, "show_error", lambda parent, exc, details=None: shown.append(exc))

    def work(progress):
        raise DomainError("本数据库已属于工会 X", "belongs to X")

    job = jobs.Job(work, title="test")
    with qtbot.waitSignal(job.failed, timeout=30000):
        job.start()
    assert isinstance(job.error, DomainError)
    assert shown == [job.error]


def test_describe_error_kinds() -> None:
    title, text, more = jobs.describe_error(
        ValidationFailed([FieldError("phone", "不是有效的手机号", "bad")])
    )
    assert title == "输入有误" and "手机号码" in text and more is None
    title, text, more = jobs.describe_error(DomainError("不能登记", "cannot"))
    assert text == "不能登记" and more is None
    title, text, more = jobs.describe_error(StorageError("数据库正被其他程序占用"))
    assert title == "数据库不可用" and "占用" in text and more is None
    title, text, more = jobs.describe_error(ZeroDivisionError("x"))
    assert title == "程序错误" and more and "ZeroDivisionError" in more


@pytest.mark.parametrize(
    ("result", "fallback", "expected"),
    [
        (Changes(standards=True), Changes.of_files(), Changes(standards=True)),  # the service's own word wins
        (Reported(Changes.of_files("F-1")), None, Changes.of_files("F-1")),  # a read model with `changes`
        ({"files": 3}, Changes.of_files(), Changes.of_files()),  # an old-style result: the caller's word
        ("written", None, None),  # nothing said, nothing emitted
        (Changes(), Changes.of_files(), None),  # an empty change set is not announced
    ],
)
def test_run_job_emits_what_the_service_changed(qtbot, result, fallback, expected) -> None:
    emitted: list[object] = []
    app_signals().changed.connect(emitted.append)
    try:
        job = jobs.run_job(lambda _p: result, title="t", changed=fallback, show_dialog=False)
        qtbot.waitUntil(lambda: job.done, timeout=30000)
    finally:
        app_signals().changed.disconnect(emitted.append)
    assert emitted == ([] if expected is None else [expected])


def test_listen_refuses_a_string_notice(qtbot) -> None:
    from PySide6.QtCore import QObject

    from assist_desktop.ui.signals import listen

    owner = QObject()
    got: list[Changes] = []
    listen(owner, got.append)
    app_signals().changed.emit(Changes(unions=True))
    assert got == [Changes(unions=True)]
    with qtbot.captureExceptions() as caught:  # raised inside the slot, so Qt hands it to pytest-qt
        app_signals().changed.emit("files")
    assert len(caught) == 1 and isinstance(caught[0][1], TypeError)
    assert "carries a Changes" in str(caught[0][1]) and got == [Changes(unions=True)]
    owner.deleteLater()


def test_the_busy_box_never_stays_above_an_error_message(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen: list[list[QProgressDialog]] = []

    def error_box(_parent, _exc, _details=None) -> None:
        qtbot.wait(700)  # the message box's own event loop runs past the busy box's 400 ms delay
        seen.append([w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()])

    monkeypatch.setattr(jobs, "show_error", error_box)

    def fail(_progress):
        raise DomainError("数据包已损坏", "the package is damaged")

    job = jobs.run_job(fail, title="正在校验数据包……", parent=parent)
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert job.done and seen == [[]]


def test_a_job_ending_inside_its_dialogs_progress_update_deletes_the_dialog_only_after(qtbot):
    """A modal QProgressDialog's setValue() processes events, so the job's end can be delivered inside it: the
    dialog must outlive that call (deleting it there crashed the process), and go right after."""
    import shiboken6

    from assist_desktop.ui.jobs import Job

    job = Job(lambda _p: 1, title="正在处理……", show_dialog=True)
    dlg = job.dialog
    assert dlg is not None
    alive_inside: list[bool] = []

    def ending_inside(_value: int) -> None:
        job._close()  # what the nested event loop delivering the job's success does
        alive_inside.append(shiboken6.isValid(dlg))

    dlg.setValue = ending_inside  # type: ignore[method-assign]
    job._on_progress(1, 2)
    assert alive_inside == [True]
    assert job.dialog is None and not shiboken6.isValid(dlg)


def test_a_progress_update_delivered_inside_another_keeps_the_dialog_until_the_outer_one_returns(qtbot):
    """The events processed inside setValue() may deliver the next progress signal, and the job's end inside that:
    the inner update must not mark the outer one finished (the dialog was deleted under the outer setValue():
    a segfault in CI)."""
    import shiboken6

    from assist_desktop.ui.jobs import Job

    job = Job(lambda _p: 1, title="正在处理……", show_dialog=True)
    dlg = job.dialog
    assert dlg is not None
    seen: list[tuple[str, bool]] = []

    def nested(value: int) -> None:
        if value == 1:  # the outer update: the next progress arrives inside it, then the job's end
            job._on_progress(2, 3)
            job._close()
            seen.append(("outer after the end", shiboken6.isValid(dlg)))
        else:
            seen.append(("inner", shiboken6.isValid(dlg)))

    dlg.setValue = nested  # type: ignore[method-assign]
    job._on_progress(1, 3)
    assert seen == [("inner", True), ("outer after the end", True)]
    assert job.dialog is None and not shiboken6.isValid(dlg)  # deleted once the outermost call returned


def _held_demo(monkeypatch, window, *, phase: str) -> tuple[threading.Event, threading.Event]:
    """The window's demo build, held at its first progress report of `phase` ("write": the households' one
    transaction; "evaluate": the evaluation after it, in transactions of its own) until the test releases it."""
    from assist_desktop.services import lifecycle
    from assist_desktop.ui import main_window

    started, release = threading.Event(), threading.Event()

    def held(progress):
        def slow(done, total):
            started.set()
            release.wait(60)  # until the test has cancelled; the bound only keeps a broken test from hanging
            progress(done, total)
        return slow

    if phase == "write":
        real_build = main_window.build_demo
        monkeypatch.setattr(main_window, "build_demo",
                            lambda db, *, progress, **kw: real_build(db, progress=held(progress), **kw))
    else:
        real_pass = lifecycle.reevaluate_all

        def reevaluate_all(db, *, progress=None, **kw):
            return real_pass(db, progress=held(progress) if progress else None, **kw)
        monkeypatch.setattr(lifecycle, "reevaluate_all", reevaluate_all)
    return started, release


@pytest.mark.parametrize("phase", ["write", "evaluate"])
def test_a_demo_build_cancelled_shows_what_it_wrote(qtbot, window, demo_db, monkeypatch, phase) -> None:
    """Cancelled while writing: nothing is in, and the window says so. Cancelled while evaluating: the households
    are in, the list shows them at once (the cancelled job says what it may have changed), and the window says
    they will be evaluated at the next start."""
    window.apply_search()
    qtbot.waitUntil(lambda: "数据库共 60 份" in window.count_label.text(), timeout=30000)
    started, release = _held_demo(monkeypatch, window, phase=phase)
    job = window.start_demo_job(30)
    cancelled: list[bool] = []
    job.cancelled.connect(lambda: cancelled.append(True))
    assert started.wait(60)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=30000)
    assert cancelled == [True] and job.error is None
    message = window.statusBar().currentMessage()
    if phase == "write":
        assert count_files(demo_db) == 60
        assert "没有写入任何档案" in message
    else:
        assert count_files(demo_db) == 90
        assert "尚未全部评定" in message and "下次启动" in message
        qtbot.waitUntil(lambda: "数据库共 90 份" in window.count_label.text(), timeout=30000)
