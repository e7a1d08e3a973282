"""The background-job helper: progress, results, errors in Chinese, cancellation."""

from __future__ import annotations

import threading

import pytest

from assist_desktop.db.engine import StorageError
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.services.files import count_files
from assist_desktop.ui import jobs
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


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
    with qtbot.waitSignal(job.finished, timeout=5000):
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
    with qtbot.waitSignal(job.failed, timeout=5000):
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


def test_cancelled_demo_job_writes_nothing(qtbot, window, demo_db) -> None:
    started = threading.Event()
    release = threading.Event()
    from assist_desktop.services.demo import build_demo

    def work(progress):
        def slow(done, total):
            started.set()
            release.wait(5)
            progress(done, total)

        return build_demo(demo_db, files=30, seed=99, as_of=window.today, actor="t", batch=10, progress=slow)

    job = jobs.Job(work, title="demo", parent=window, cancellable=True)
    cancelled: list[bool] = []
    job.cancelled.connect(lambda: cancelled.append(True))
    job.start()
    assert started.wait(5)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert cancelled == [True]
    assert count_files(demo_db) == 60
