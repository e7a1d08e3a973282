"""Start-up of the window: Qt application, language, font and style, database open and upgrade, first start.

`cli/core.py` calls `run_gui` for `assist-desktop` with no verb or with `gui`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from assist_desktop.db.engine import Database, StorageError, resolve_url, sqlite_path
from assist_desktop.resources import resource
from assist_desktop.ui.i18n import current_lang, install_translations, saved_lang

ENV_SMOKE_EXIT = "ASSIST_SMOKE_EXIT_MS"
CJK_FONT_FILE = "wqy-microhei.ttc"
EXIT_OK, EXIT_ENV = 0, 3


def ensure_application() -> QApplication:
    """The QApplication (created once), with the names QSettings uses."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("assist_desktop")
    app.setOrganizationDomain("assist-desktop.local")
    app.setApplicationName("assist_desktop")
    return app


def install_font(app: QApplication) -> str | None:
    """Register the bundled CJK font and keep it as the fallback family of the application font."""
    path = resource("fonts", CJK_FONT_FILE)
    if not path.exists():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    cjk = families[0]
    font = QFont(app.font())
    first = font.family()
    font.setFamilies([first, cjk] if first and first != cjk else [cjk])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return cjk


def install_style(app: QApplication) -> None:
    qss = resource("style.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    icon = resource("icons", "app.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def setup_application(lang: str = "zh") -> QApplication:
    """Application, translations (ours and Qt's), font and style sheet; `--lang en` wins over the saved choice."""
    app = ensure_application()
    chosen = "en" if lang.startswith("en") else (saved_lang() or "zh")
    install_translations(app, chosen)
    app.setApplicationDisplayName(QCoreApplication.translate("app", "绿卡帮扶档案"))
    install_font(app)
    install_style(app)
    return app


def open_database_for_gui(db_arg: str | None, parent: QWidget | None = None, *,
                          later: list[Callable[[], Any]] | None = None) -> Database | None:
    """Open and upgrade the database (a SQLite file is copied aside first); None after telling the user why.

    What grows with the database (the day's backup, `PRAGMA quick_check`) runs in background jobs: handed to
    `later` when given (the window starts them after its first paint), else started at once."""
    from sqlalchemy.exc import DBAPIError

    from assist_desktop.db import migrate, startup

    url = resolve_url(db_arg)
    db: Database | None = None
    try:
        # the window's first start makes the database; a file not ours or from a newer version is refused
        startup.check_before_open(url, create=True)
        file = sqlite_path(url)
        fresh = file is not None and (not file.exists() or file.stat().st_size == 0)
        db = Database(url)
        startup.check_revision(db)
        migrate.upgrade(db)
        after_open(db, parent, daily=not fresh, later=later)
        return db
    except startup.StartupRefused as exc:
        if db is not None:
            db.dispose()
        QMessageBox.critical(parent, QCoreApplication.translate("app", "无法打开数据库"),
                             exc.message(current_lang()))
        return None
    except (StorageError, DBAPIError, OSError) as exc:
        if db is not None:
            db.dispose()
        detail = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
        QMessageBox.critical(
            parent,
            QCoreApplication.translate("app", "无法打开数据库"),
            QCoreApplication.translate(
                "app",
                "无法打开或升级数据库，程序不能继续。\n\n数据库：%1\n原因：%2\n\n"
                "请检查文件是否存在、是否被其他程序占用、磁盘是否已满。升级前的数据库副本保存在数据库所在"
                "文件夹的 backups 子文件夹中。",
            )
            .replace("%1", url)
            .replace("%2", detail),
        )
        return None


def window_lock_path(url: str) -> Path:
    """The lock a window holds on its database: beside a SQLite file, in the data folder for a server."""
    file = sqlite_path(url)
    if file is not None:
        return file.with_name(file.name + ".window-lock")
    import hashlib

    from platformdirs import user_data_dir
    from sqlalchemy.engine import make_url

    tag = hashlib.sha256(make_url(url).render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(user_data_dir("assist_desktop", appauthor=False)) / f"server-{tag}.window-lock"


def acquire_window_lock(url: str, parent: QWidget | None = None, *, tell: bool = True) -> QLockFile | None:
    """Take the window's lock on the database at `url` (before it is opened, upgraded or backed up), or (another window of this machine has it) say so and return None.

    A lock left by a process that is gone is taken over (QLockFile checks the process id it records); the
    command line does not take this lock, so its verbs run while a window is open.
    """
    path = window_lock_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # never stale by age: only when its process has died
    if lock.tryLock(0):
        return lock
    info = lock.getLockInfo()
    pid = info[0] if isinstance(info, tuple) and info and isinstance(info[0], int) else None
    file = sqlite_path(url)
    where = str(file) if file is not None else url.split("@")[-1]
    if tell:
        QMessageBox.warning(
            parent, QCoreApplication.translate("app", "数据库已在另一个窗口中打开"),
            QCoreApplication.translate(
                "app", "此数据库已在本机的另一个窗口中打开（进程 %1）：\n%2\n\n请切换到那个窗口；同一数据库同时只能在一个窗口中使用。")
            .replace("%1", str(pid) if pid else "?").replace("%2", where))
    return None


def after_open(db: Database, parent: QWidget | None = None, *, daily: bool = True,
               later: list[Callable[[], Any]] | None = None) -> None:
    """What every start does (as the command line's `after_open`): work a killed process left half done (a
    re-evaluation, a demo build) is completed, and the user is told what was completed or could not be. What
    grows with the database never holds up the first paint: the day's first start backs the database up, every
    start checks the file (`PRAGMA quick_check`: seconds at a million files), and the completion of an
    interrupted re-evaluation (minutes at a million files) runs too — in background jobs, handed to `later` when
    given (the window starts them once painted); without a window the completion is done at once."""
    from assist_desktop.services.pending import has_abandoned, resume_pending

    work: list[Callable[[], Any]] = [lambda: start_quick_check(db, parent)]
    if daily:  # not for the database just created
        work.append(lambda: start_daily_backup(db, parent))
    if later is not None:
        if has_abandoned(db):  # one small query now; the work itself after the first paint
            work.insert(0, lambda: start_resume_pending(db, parent))
        later.extend(work)
        return
    for start in work:
        start()
    _tell_resumed(parent, resume_pending(db))


def _tell_resumed(parent: QWidget | None, resumed: Any) -> None:
    if resumed.completed or resumed.failed:
        QMessageBox.information(parent, QCoreApplication.translate("app", "上次中断的工作"),
                                resumed.message(current_lang()))


def start_resume_pending(db: Database, parent: QWidget | None = None) -> Any:
    """Work a killed process left half done (services.pending.resume_pending), completed in a background job; the
    user is told what was completed when it is done, and the window shows what it changed. Returns the job."""
    from assist_desktop.services.pending import resume_pending
    from assist_desktop.ui.jobs import Job
    from assist_desktop.ui.signals import emit_result

    job = Job(lambda _p: resume_pending(db), title="", parent=None, show_dialog=False, report_errors=False)
    if parent is not None and hasattr(parent, "statusBar"):
        parent.statusBar().showMessage(
            QCoreApplication.translate("app", "正在后台完成上次中断的工作（重新评定全部档案）……"), 30000)

    def done(resumed: Any) -> None:
        emit_result(resumed)
        _tell_resumed(parent, resumed)

    job.succeeded.connect(done)
    job.failed.connect(lambda exc: QMessageBox.warning(
        parent, QCoreApplication.translate("app", "上次中断的工作"), str(exc)))
    return job.start()


def start_quick_check(db: Database, parent: QWidget | None = None) -> Any:
    """`PRAGMA quick_check` (db/startup.py) as a background job: a damaged file is named in a message box soon
    after start, without the window waiting for a pass over the whole file. Returns the job (tests wait for it)."""
    from assist_desktop.db import startup
    from assist_desktop.ui.jobs import Job

    job = Job(lambda _p: startup.quick_check(db), title="", parent=None, show_dialog=False, report_errors=False)

    def failed(exc: object) -> None:
        QMessageBox.critical(parent, QCoreApplication.translate("app", "数据库文件已损坏"),
                             QCoreApplication.translate("app", "%1\n\n请先不要继续录入，并从备份中恢复数据库"
                                                        "（设置 → 备份与恢复）。").replace("%1", str(exc)))

    job.failed.connect(failed)
    return job.start()


def start_daily_backup(db: Database, parent: QWidget | None = None) -> Any:
    """The day's backup (services.backup.daily_backup) as a background job; a failure is said in a message box.
    Returns the job (tests wait for it); quitting waits for it (ui.jobs.wait_for_jobs)."""
    from assist_desktop.services.backup import daily_backup
    from assist_desktop.ui.jobs import Job

    job = Job(lambda _p: daily_backup(db), title="", parent=None, show_dialog=False, report_errors=False)

    def failed(exc: object) -> None:
        QMessageBox.warning(parent, QCoreApplication.translate("app", "未能完成每日备份"), str(exc))

    job.failed.connect(failed)
    return job.start()


def first_start(db: Database, *, today: dt.date, actor: str) -> tuple[bool, bool]:
    """When the database has no home union, ask for it. Returns (go on, build demo data)."""
    from assist_desktop.services.keys import ensure_union_key
    from assist_desktop.services.unions import get_home_union
    from assist_desktop.ui.first_start_dialog import FirstStartDialog

    if get_home_union(db) is not None:
        return True, False
    dlg = FirstStartDialog(db, today=today, actor=actor)
    if not dlg.exec():
        return False, False
    ensure_union_key(db, actor=actor)  # the union's key pair (services/keys.py)
    return True, dlg.wants_demo


def actor_name() -> str:
    try:
        return getpass.getuser()[:50]
    except (OSError, KeyError, ImportError):  # no login name in the environment nor the password database
        return "system"


def install_excepthook(parent: QWidget | None = None) -> None:
    """The one top-level catch of the window: an exception nobody handled (a bug, raised in a slot) is shown
    as a program error with its details, redacted, and written to a report file (bugreport.py) instead of a
    traceback on the terminal; the window stays open."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        from assist_desktop.bugreport import announce
        from assist_desktop.ui.jobs import show_error

        if not isinstance(exc, Exception):
            previous(kind, exc, tb)  # KeyboardInterrupt and the like: Python's own handling
            return
        # never the traceback on the terminal (it may quote record contents): a redacted report file, named
        announce(exc.with_traceback(tb), where="window", lang=current_lang())
        if QApplication.instance() is not None:
            show_error(parent, exc, "".join(traceback.format_exception(kind, exc, tb)))

    sys.excepthook = hook


#: a smoke run's state: whether its timer fired, and the local loop standing in for the main loop
_smoke: dict[str, Any] = {"fired": False, "loop": None}


def _smoke_exit() -> None:
    """Close every window (a modal dialog's own event loop included), then leave the main loop."""
    _smoke["fired"] = True
    from assist_desktop.ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        # a loaded machine may not have painted the first page yet: the start's background work (the catch-up,
        # the due list) is begun now, so a smoke run always checks the whole start; closing waits for it
        if isinstance(widget, MainWindow) and widget.isVisible():
            widget.start_work_after_paint()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    if _smoke["loop"] is not None:
        _smoke["loop"].quit()


def _main_loop(app: QApplication, smoke: bool) -> int:
    """The application's event loop. A smoke run (tests, the bundle's self-check) runs a local loop instead:
    QCoreApplication.exit() leaves Qt's "quit now" flag set for the rest of the process, and every later
    event loop — a test's wait for a background job — would then return at once without delivering anything."""
    if not smoke:
        return int(app.exec())
    if not _smoke["fired"]:
        loop = QEventLoop()
        _smoke["loop"] = loop
        try:
            loop.exec()
        finally:
            _smoke["loop"] = None
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    return 0


def run_gui(*, db_arg: str | None = None, as_of: dt.date | None = None, lang: str = "zh") -> int:
    """Open the window on the database from --db / ASSIST_DB / the data folder; returns the exit code."""
    app = setup_application(lang)
    smoke = os.environ.get(ENV_SMOKE_EXIT)
    smoke_run = bool(smoke and smoke.isdigit())
    if smoke_run:
        _smoke["fired"] = False
        QTimer.singleShot(int(smoke or 0), _smoke_exit)
    today = as_of or dt.date.today()
    actor = actor_name()
    lock = acquire_window_lock(resolve_url(db_arg))
    if lock is None:  # another window has this database: told, nothing opened
        return EXIT_ENV
    later: list[Callable[[], Any]] = []  # the background work of the start, begun once the window is painted
    db = open_database_for_gui(db_arg, later=later)
    if db is None:
        lock.unlock()
        return EXIT_ENV
    try:
        from assist_desktop.ui.login_dialog import sign_in_if_needed

        signed_ok, signed = sign_in_if_needed(db)  # only when the database has accounts
        if not signed_ok:
            return EXIT_OK
        if signed is not None:
            actor = signed.actor
        go_on, demo = first_start(db, today=today, actor=actor)
        if not go_on:
            return EXIT_OK
        from assist_desktop.ui.main_window import MainWindow

        window = MainWindow(db, today=today, actor=actor)
        if signed is not None:
            window.apply_sign_in(signed)
        install_excepthook(window)
        window.show()
        for start in later:
            window.after_first_paint(start)
        # the lifecycle caught up to today in the background (a pass over every file once a day), and at midnight
        window.after_first_paint(window.start_time_keeping)
        if demo:
            window.start_demo_job(500)
        return _main_loop(app, smoke_run)
    finally:
        from assist_desktop.ui.jobs import wait_for_jobs

        wait_for_jobs()
        db.dispose()
        lock.unlock()
