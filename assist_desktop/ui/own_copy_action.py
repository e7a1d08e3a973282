"""本人档案副本 in the window: a worker's own copy of the file (PIPL), from the file's context menu or 打印."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from assist_desktop.ui.jobs import Job, run_job

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow


def open_own_copy(window: MainWindow, out: str | None = None, recipient: str | None = None) -> Job | None:
    """Ask where to save the current file's own copy (.pdf prints it, .json exports it), then write it in the
    background; the disclosure is recorded in the history by the service."""
    from assist_desktop.services.own_copy import own_copy

    file_no = window.current_file_no()
    if not file_no:
        QMessageBox.information(window, QCoreApplication.translate("OwnCopy", "本人档案副本"), QCoreApplication.translate("OwnCopy", "请先在列表中选择一份档案。"))
        return None
    if out is None:
        out, _filter = QFileDialog.getSaveFileName(
            window, QCoreApplication.translate("OwnCopy", "本人档案副本"), f"本人档案副本_{file_no}.pdf", QCoreApplication.translate("OwnCopy", "PDF 文件 (*.pdf);;JSON 文件 (*.json)")
        )
        if not out:
            return None
    db, today, actor = window.db, window.today, window.actor
    job = run_job(
        lambda _progress: own_copy(db, file_no=file_no, out=out, on=today, recipient=recipient, actor=actor),
        title=QCoreApplication.translate("OwnCopy", "正在生成本人档案副本……"),
        parent=window,
        on_success=lambda copy: window.statusBar().showMessage(
            QCoreApplication.translate("OwnCopy", "已生成 %1 的本人档案副本：%2（已记入历史记录）").replace("%1", copy.person).replace(
                "%2", str(copy.path)), 10000),
    )
    window.last_job = job
    return job


__all__ = ["open_own_copy"]
