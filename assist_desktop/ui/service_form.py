"""A small dialog base for the care dialogs: a form whose fields show the service's errors beside them.

Each dialog calls ONE service function when the clerk presses OK. A `ValidationFailed` puts each
reason in red under its field (and a red border on the field) and leaves the dialog open; a
`DomainError` is shown in the dialog's own message line; nothing has been written in either case.
After a successful call the application signal says what changed and the dialog closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.fields import field_label
from assist_desktop.services.changes import Changes
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import emit_result
from assist_desktop.ui.widgets import mark_invalid

W = TypeVar("W", bound=QWidget)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setDate(qdate(day))
    return edit


class ServiceForm(QDialog):
    """A form dialog: `add_field` rows, then `submit(call)` with one service call.

    Attributes:
        result_data: what the service returned after a successful save (None before).
        errors_shown: the field errors shown by the last refused save (tests read it).
    """

    #: what the application signal carries after a save, when the service's result does not say it itself
    changes_made: Changes = Changes.of_files()

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.today, self.actor = db, today, actor
        self.result_data: Any = None
        self.errors_shown: list[FieldError] = []
        self.fields: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.setMinimumWidth(480)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setStyleSheet("color:#c0392b")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.form)
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, key: str, label: str, widget: W, *aliases: str) -> W:
        """A row: the widget with a (hidden) red reason under it; `aliases` are other field names it answers for."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        err = QLabel()
        err.setObjectName("fieldError")
        err.setStyleSheet("color:#c0392b")
        err.setWordWrap(True)
        err.hide()
        lay.addWidget(err)
        self.form.addRow(label, box)
        for name in (key, *aliases):
            self.fields[name] = widget
            self.error_labels[name] = err
        return widget

    # --- errors ------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.errors_shown = []
        for w in set(self.fields.values()):
            mark_invalid(w, None)
        for label in set(self.error_labels.values()):
            label.clear()
            label.hide()
        self.message.clear()
        self.message.hide()

    def show_errors(self, errors: list[FieldError]) -> None:
        lang = current_lang()
        self.errors_shown = list(errors)
        loose: list[str] = []
        first: QWidget | None = None
        for e in errors:
            widget = self.fields.get(e.field)
            label = self.error_labels.get(e.field)
            reason = e.en if lang.startswith("en") else e.zh
            if widget is None or label is None:
                loose.append(e.message(lang))
                continue
            mark_invalid(widget, reason)
            label.setText((label.text() + "；" if label.text() else "") + reason)
            label.show()
            first = first or widget
        if loose:
            self.show_message("\n".join(loose))
        if first is not None:
            first.setFocus()
        self._fit()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self._fit()

    def _fit(self) -> None:
        """Grow to make room for the reasons just shown (a shown dialog does not grow by itself)."""
        self.body.activate()
        wanted = self.sizeHint().height()
        if wanted > self.height():
            self.resize(self.width(), wanted)

    # --- saving -------------------------------------------------------------------------------------
    def submit(self, call: Callable[[], Any]) -> bool:
        """Run one service call; on success emit the change and accept, else show why and stay open."""
        self.clear_errors()
        try:
            self.result_data = call()
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return False
        except DomainError as exc:
            self.show_message(exc.message(current_lang()))
            return False
        except StorageError as exc:  # the environment's fault: a message box (a bug goes to the excepthook)
            show_error(self, exc)
            return False
        emit_result(self.result_data, self.changes_made)
        self.accept()
        return True

    def save(self) -> bool:  # pragma: no cover - each dialog overrides it
        raise NotImplementedError


def required(field: str, value: str, label: str | None = None) -> FieldError | None:
    """A refusal for a blank field the service would refuse too (checked before the call, same words)."""
    if value.strip():
        return None
    name = label or field_label(field, current_lang())
    return FieldError(field, f"{name}必须填写", f"{name} is required")


def text_of(widget: Any) -> str:
    """Text of a QLineEdit or QPlainTextEdit, stripped."""
    getter = getattr(widget, "toPlainText", None) or widget.text
    return str(getter()).strip()


def align_top(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label
