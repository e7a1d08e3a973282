"""The one background-job helper: a callable(progress) runs off the GUI thread with a progress dialog.

A job calls one service function (which opens its own transaction); widgets never hold a session.
`progress(done, total)` may be called from the worker as often as it likes; when the user cancels
a cancellable job the next call raises `JobCancelled`, which makes the service roll back.
Errors are shown in Chinese: ValidationFailed/DomainError with their own words, StorageError as an
environment problem, anything else as a program error with details.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from assist_desktop.db.engine import StorageError
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services.changes import Changes
from assist_desktop.ui.i18n import current_lang

Progress = Callable[..., None]

#: what a service call raises that the user can act on (shown in their words); anything else is a bug
SERVICE_ERRORS: tuple[type[Exception], ...] = (ValidationFailed, DomainError, StorageError)


class JobCancelled(Exception):
    """Raised inside the worker when the user cancelled; the service's transaction rolls back."""


def describe_error(exc: BaseException, details: str | None = None) -> tuple[str, str, str | None]:
    """(title, message, details) in the interface language for an exception from a service."""
    lang = current_lang()
    if isinstance(exc, ValidationFailed):
        return QCoreApplication.translate("jobs", "输入有误"), exc.summary(lang, limit=20), None
    if isinstance(exc, DomainError):
        return QCoreApplication.translate("jobs", "无法完成"), exc.message(lang), None
    if isinstance(exc, StorageError):
        return (
            QCoreApplication.translate("jobs", "数据库不可用"),
            QCoreApplication.translate(
                "jobs", "数据库暂时无法使用，数据没有写入。请检查磁盘空间、文件是否被其他程序占用，然后重试。"
            )
            + "\n\n"
            + str(exc),
            None,
        )
    # a bug: its message and traceback may quote record contents, so both are shown redacted, and the report
    # file (bugreport.py) is named
    from assist_desktop.bugreport import redact, report_for

    report = report_for(exc, where="window")
    return (
        QCoreApplication.translate("jobs", "程序错误"),
        QCoreApplication.translate(
            "jobs", "程序出现错误，本次操作没有完成，数据没有写入。请把下面的详细信息发给维护人员。"
        )
        + f"\n\n{type(exc).__name__}: {redact(str(exc))}"
        + ("\n\n" + QCoreApplication.translate("jobs", "已写入错误报告：%1").replace("%1", str(report))
           if report else ""),
        redact(details or "".join(traceback.format_exception(exc))),
    )


def show_error(parent: QWidget | None, exc: BaseException, details: str | None = None) -> None:
    """A message box for an error (modal)."""
    title, text, more = describe_error(exc, details)
    box = QMessageBox(
        QMessageBox.Icon.Critical if more else QMessageBox.Icon.Warning,
        title,
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    if more:
        box.setDetailedText(more)
    box.exec()


class _WorkerSignals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Worker(QRunnable):
    def __init__(
        self, fn: Callable[[Progress], Any], signals: _WorkerSignals, cancel: threading.Event
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.signals, self.cancel = fn, signals, cancel

    def run(self) -> None:
        def progress(done: int, total: int = 0, *_: Any) -> None:
            if self.cancel.is_set():
                raise JobCancelled()
            self.signals.progress.emit(int(done), int(total))

        try:
            result = self.fn(progress)
        except BaseException as exc:  # noqa: BLE001 - the one top-level catch: every failure goes to the GUI thread
            self._tell(self.signals.failed, exc, "".join(traceback.format_exception(exc)))
        else:
            self._tell(self.signals.succeeded, result)

    @staticmethod
    def _tell(signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the job's Qt objects were deleted meanwhile: nobody to tell
            signal.emit(*args)


_running: set[Job] = set()


class Job(QObject):
    """One piece of long work. Connect to `succeeded`/`failed`/`finished`, then `start()`.

    Args:
        fn: called in a worker thread with a `progress(done, total)` callable; returns the result.
        title: the progress dialog's label.
        cancellable: whether a Cancel button is offered (only for work that rolls back as a whole).
        show_dialog: False for headless use (tests of the helper itself).
        report_errors: show failures in a message box (default) or leave them to `failed` listeners.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        fn: Callable[[Progress], Any],
        *,
        title: str,
        parent: QWidget | None = None,
        cancellable: bool = False,
        show_dialog: bool = True,
        report_errors: bool = True,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._parent_widget = parent
        self._cancel = threading.Event()
        self._signals = _WorkerSignals()
        self._signals.progress.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_success)
        self._signals.failed.connect(self._on_failure)
        self._worker = _Worker(fn, self._signals, self._cancel)
        self.report_errors = report_errors
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.dialog: QProgressDialog | None = None
        self._updating = 0  # how deep inside the dialog's setValue (which may run the job's end re-entrantly)
        self._doomed: QProgressDialog | None = None
        if show_dialog:
            dlg = QProgressDialog(
                title, QCoreApplication.translate("jobs", "取消") if cancellable else "", 0, 0, parent
            )
            dlg.setWindowTitle(QCoreApplication.translate("jobs", "请稍候"))
            dlg.setWindowModality(Qt.WindowModality.WindowModal)
            dlg.setMinimumDuration(400)
            dlg.setAutoClose(False)
            dlg.setAutoReset(False)
            dlg.setMinimumWidth(360)
            if cancellable:
                dlg.canceled.connect(self.cancel)
            else:
                dlg.setCancelButton(None)
            self.dialog = dlg

    def start(self) -> Job:
        _running.add(self)
        if self.dialog is not None:
            self.dialog.setValue(0)
        QThreadPool.globalInstance().start(self._worker)
        return self

    def cancel(self) -> None:
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText(QCoreApplication.translate("jobs", "正在取消，已做的改动将全部撤销……"))

    def _alive(self) -> bool:
        """Whether this job's Qt object still exists: a job parented to a widget goes with it, and a worker's
        queued signal may arrive after (a window closed mid-job, a test's teardown); touching it then crashes."""
        if shiboken6.isValid(self):
            return True
        _running.discard(self)
        return False

    def _dialog_alive(self) -> bool:
        if self.dialog is not None and not shiboken6.isValid(self.dialog):
            self.dialog = None  # deleted with its parent window
        return self.dialog is not None

    def _on_progress(self, done: int, total: int) -> None:
        if not self._alive():
            return
        self.progressed.emit(done, total)
        dlg = self.dialog if self._dialog_alive() else None
        if dlg is not None and not self._cancel.is_set():
            # a modal QProgressDialog's setValue() processes events: the job's end may be delivered inside it,
            # and the dialog must outlive the call (deleted by _close only after it returns)
            # a depth, not a flag: the events processed inside setValue() may deliver the next progress signal,
            # whose own call must not mark the outer one as finished (the job's end would then delete the
            # dialog under the outer setValue(): a segfault seen in CI)
            self._updating += 1
            try:
                if total > 0:
                    dlg.setMaximum(total)
                    dlg.setValue(min(done, total))
                else:
                    dlg.setMaximum(0)
            finally:
                self._updating -= 1
            if self._updating:
                return  # the outermost call deletes a dialog the job's end left
            doomed, self._doomed = self._doomed, None
            if doomed is not None and shiboken6.isValid(doomed):
                shiboken6.delete(doomed)

    def _close(self) -> None:
        self.done = True
        if self._dialog_alive() and self.dialog is not None:
            # QProgressDialog shows itself after its minimum duration from a timer; an error box's own event loop
            # would let that timer fire and put the busy box over the message, hiding its 确定. reset() stops the
            # timer; the dialog is deleted now, not later (deferred deletes wait for the outer event loop).
            dlg, self.dialog = self.dialog, None
            dlg.reset()
            dlg.hide()
            dlg.setParent(None)
            if self._updating:
                self._doomed = dlg  # inside the dialog's own setValue(): deleted when that returns
            else:
                shiboken6.delete(dlg)
        _running.discard(self)

    def _on_success(self, result: Any) -> None:
        self.result = result
        if not self._alive():
            return
        self._close()
        self.succeeded.emit(result)
        self.finished.emit()

    def _on_failure(self, exc: BaseException, details: str) -> None:
        if not self._alive():
            self.error = exc
            return
        self._close()
        if isinstance(exc, JobCancelled):
            self.cancelled.emit()
            self.finished.emit()
            return
        self.error = exc
        if self.report_errors:
            show_error(self._parent_widget, exc, details)
        self.failed.emit(exc)
        self.finished.emit()


def run_job(
    fn: Callable[[Progress], Any],
    *,
    title: str,
    parent: QWidget | None = None,
    cancellable: bool = False,
    on_success: Callable[[Any], None] | None = None,
    changed: Changes | None = None,
    show_dialog: bool = True,
) -> Job:
    """Start a job; on success emit what it changed on the application signal, then call `on_success`.

    What changed is the result's own change set (a `Changes`, or a result with a `changes` field); `changed`
    is said instead for a service that does not return one.
    """
    from assist_desktop.ui.signals import emit_result

    job = Job(fn, title=title, parent=parent, cancellable=cancellable, show_dialog=show_dialog)
    job.succeeded.connect(lambda result: emit_result(result, changed))
    if changed is not None:
        # work done in several transactions may have committed some before the cancel (a demo build's files,
        # then their evaluation): the views read again what the job said it may change
        job.cancelled.connect(lambda: emit_result(None, changed))
    if on_success is not None:
        job.succeeded.connect(on_success)
    return job.start()


def wait_for_jobs(msecs: int = 30000) -> bool:
    """Let running jobs finish (on quit) so no transaction is cut off."""
    return QThreadPool.globalInstance().waitForDone(msecs)
