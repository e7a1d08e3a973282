"""解困/注销 and 人工改定: a person's decisions over a file (services/lifecycle.py), each with a written reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPlainTextEdit, QRadioButton, QWidget

from assist_desktop.db.engine import Database
from assist_desktop.domain.enums import CancelDetail, Category, FileStatus
from assist_desktop.domain.transitions import OVERRIDE_STATUSES
from assist_desktop.services import lifecycle
from assist_desktop.ui.i18n import enum_label
from assist_desktop.ui.service_form import ServiceForm, date_edit, pydate, text_of
from assist_desktop.ui.widgets import EnumCombo, OptionalDateEdit


def _note(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(70)
    return edit


def _title(label: str, file_no: str, name: str) -> str:
    return f"{label} — {' '.join(x for x in (name, file_no) if x)}"


class CloseDialog(ServiceForm):
    """解困/注销: relieved or cancelled (with its detail), a required note, the date."""

    def __init__(
        self,
        db: Database,
        *,
        file_no: str,
        name: str = "",
        today: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.file_no = file_no
        self.setWindowTitle(_title(self.tr("解困/注销"), file_no, name))
        box = QWidget()
        bl = QHBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        self.relieved = QRadioButton(self.tr("解困"))
        self.relieved.setToolTip(
            self.tr("基本保障加持续帮扶已使家庭高于低保标准，虽未脱困，不再列为帮扶对象")
        )
        self.cancelled = QRadioButton(self.tr("注销"))
        self.cancelled.setToolTip(self.tr("死亡、迁出、认定有误或不在帮扶范围"))
        self.relieved.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.relieved)
        group.addButton(self.cancelled)
        bl.addWidget(self.relieved)
        bl.addWidget(self.cancelled)
        bl.addStretch(1)
        self.add_field("reason", self.tr("退档方式 *"), box)
        self.detail = self.add_field("detail", self.tr("注销原因"), EnumCombo(CancelDetail, blank=""))
        self.on = self.add_field("on", self.tr("退档日期 *"), date_edit(today))
        self.note = self.add_field("note", self.tr("理由 *"), _note(self.tr("写明依据，如：经入户核实……")))
        self.below_lb = self.add_field(
            "below_lb_reason",
            self.tr("审核人理由"),
            _note(self.tr("人均月收入低于低保标准仍予解困时，由审核人写明理由（否则不能解困）")),
        )
        self.cancelled.toggled.connect(self._reason_changed)
        self._reason_changed()
        self.set_intro(
            self.tr("退档后档案保留、可查，不再计入在档户；脱困由程序按收入观察和公示自动办理，不在此处。")
        )
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("退档"))

    def _reason_changed(self, _checked: bool = False) -> None:
        self.detail.setEnabled(self.cancelled.isChecked())
        self.below_lb.setEnabled(not self.cancelled.isChecked())

    def save(self) -> bool:
        cancelled = self.cancelled.isChecked()
        return self.submit(
            lambda: lifecycle.close_file(
                self.db,
                file_no=self.file_no,
                reason="cancelled" if cancelled else "relieved",
                detail=self.detail.value() if cancelled else None,
                note=text_of(self.note),
                on=pydate(self.on),
                below_lb_reason=None if cancelled else (text_of(self.below_lb) or None),
                actor=self.actor,
            )
        )


class OverrideDialog(ServiceForm):
    """人工改定: a status and/or category over the automatic one, with a required reason and an optional end."""

    _STATUSES = OVERRIDE_STATUSES

    def __init__(
        self,
        db: Database,
        *,
        file_no: str,
        name: str = "",
        status: str | None = None,
        category: str | None = None,
        today: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.file_no = file_no
        self.setWindowTitle(_title(self.tr("人工改定"), file_no, name))
        self.status = self.add_field(
            "status", self.tr("改定状态"), EnumCombo(FileStatus, blank=self.tr("（不改）"))
        )
        for member in FileStatus:  # only the statuses a person may set
            if member not in self._STATUSES:
                self.status.removeItem(self.status.findData(member.value))
        self.category = self.add_field(
            "category", self.tr("改定类别"), EnumCombo(Category, blank=self.tr("（不改）"))
        )
        self.until = self.add_field("until", self.tr("有效至"), OptionalDateEdit())
        self.until.setToolTip(self.tr("不填则到下次年度复核（回头看）为止"))
        self.reason = self.add_field("reason", self.tr("理由 *"), _note(self.tr("人工改定必须写明理由")))
        current = " / ".join(
            x
            for x in (
                enum_label(FileStatus, status),
                enum_label(Category, category),
            )
            if x
        )
        self.set_intro(
            self.tr("当前：%1。改定期间程序不自动调整该档案的状态和类别。").replace("%1", current or "—")
        )
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("改定"))

    def save(self) -> bool:
        return self.submit(
            lambda: lifecycle.override(
                self.db,
                file_no=self.file_no,
                status=self.status.value(),
                category=self.category.value(),
                reason=text_of(self.reason),
                until=self.until.value(),
                on=self.today,
                actor=self.actor,
            )
        )
