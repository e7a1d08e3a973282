"""Time moves by itself in the window: the lifecycle is caught up to today at start and at local midnight.

`TimeKeeper` (kept as `window.time_keeper`) runs `services.catchup.catch_up` off the GUI thread through the job
helper, emits what it changed on the application signal (the views refresh), and shows what moved in the status
bar and in a small non-modal notice (nothing when nothing moved). A single-shot timer is set to the next local
midnight; when it fires, the window's today moves on and the catch-up runs again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from assist_desktop.services.catchup import CatchUp, catch_up
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.jobs import Job
from assist_desktop.ui.signals import emit_result

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow

#: the timer fires this long after midnight (so the new day has surely begun on this computer's clock)
AFTER_MIDNIGHT_S = 5


def next_midnight_msecs(now: dt.datetime) -> int:
    """Milliseconds from `now` (local time) to just after the next local midnight (never less than a second)."""
    tomorrow = now.date() + dt.timedelta(days=1)
    target = dt.datetime.combine(tomorrow, dt.time(0, 0, AFTER_MIDNIGHT_S), tzinfo=now.tzinfo)
    return max(1000, int((target - now).total_seconds() * 1000))


class TimeKeeper(QObject):
    """The window's clock: the catch-up at start and at each midnight while the window is open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.timer = QTimer(self)
        self.timer.setObjectName("midnightTimer")
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.midnight)
        self.clock_day = dt.date.today()  # the computer's day when the window's today was last moved
        self.job: Job | None = None
        self.last_result: CatchUp | None = None
        self.notice: QMessageBox | None = None

    def start(self) -> Job:
        """At start: catch up now, and set the timer to the next midnight."""
        self.arm()
        return self.run()

    def arm(self, now: dt.datetime | None = None) -> int:
        msecs = next_midnight_msecs(now or dt.datetime.now())
        self.timer.start(msecs)
        return msecs

    def midnight(self) -> Job | None:
        """The timer's slot: a new day has begun (or the computer slept through some): today moves on."""
        day = dt.date.today()
        days = (day - self.clock_day).days
        self.arm()
        if days <= 0:  # fired early: wait for the real midnight
            return None
        self.clock_day = day
        self.w.set_today(self.w.today + dt.timedelta(days=days))
        return self.run()

    def run(self) -> Job:
        """Catch up to the window's today in the background."""
        db, today = self.w.db, self.w.today
        job = Job(lambda _progress: catch_up(db, today=today), title="", parent=self.w, show_dialog=False,
                  report_errors=False)
        job.succeeded.connect(emit_result)
        job.succeeded.connect(self.show)
        job.failed.connect(self._failed)
        self.job = job.start()
        return job

    def show(self, result: CatchUp) -> None:
        self.last_result = result
        lang = current_lang()
        text = result.summary(lang)
        if text:
            self.w.statusBar().showMessage(text, 30000)
        if not result.moved:
            return
        lines = "\n".join(result.lines(lang))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("到期事项已自动办理"),
                          self.tr("已按日期补办到 %1，%2 份档案有变化：").replace("%1", result.today.isoformat())
                          .replace("%2", str(result.changed)) + "\n" + lines,
                          QMessageBox.StandardButton.Ok, self.w)
        box.setObjectName("catchUpNotice")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_a: setattr(self, "notice", None))
        self.notice = box
        box.show()

    def _failed(self, exc: BaseException) -> None:
        self.w.statusBar().showMessage(self.tr("未能按日期补办到期事项：%1").replace("%1", str(exc)), 30000)
