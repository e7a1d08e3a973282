"""Small input widgets shared by the dialogs: enumeration combos, money and optional-date fields."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from assist_desktop.domain.enums import LabeledEnum
from assist_desktop.ui.i18n import current_lang

_BLANK_DATE = QDate(1900, 1, 1)


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Red border (style sheet `[invalid="true"]`) and the reason as tooltip; None clears it."""
    targets = [widget]
    inner = getattr(widget, "edit", None)
    if isinstance(inner, QWidget):
        targets.append(inner)
    for target in targets:
        target.setProperty("invalid", message is not None)
        target.setToolTip(message or "")
        style = target.style()
        style.unpolish(target)
        style.polish(target)
        target.update()


def clear_mark_on_change(widget: QWidget) -> None:
    """Once the user changes a field marked invalid, its red border and reason go (the next save re-checks)."""

    def clear(*_args: object) -> None:
        if widget.property("invalid"):
            mark_invalid(widget, None)

    for name in ("textChanged", "currentIndexChanged", "dateChanged", "toggled"):
        signal = getattr(widget, name, None)
        if signal is not None and hasattr(signal, "connect"):
            signal.connect(clear)
            return


class EnumCombo(QComboBox):
    """Labels shown, machine names as item data; an optional blank first item (data None)."""

    def __init__(
        self, enum: type[LabeledEnum], *, blank: str | None = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.enum = enum
        if blank is not None:
            self.addItem(blank or self.tr("（未填）"), None)
        lang = current_lang()
        for member in enum:
            self.addItem(member.label_for(lang), member.value)

    def value(self) -> str | None:
        data = self.currentData()
        return str(data) if data is not None else None

    def set_value(self, value: str | None) -> None:
        self.setCurrentIndex(self.findData(value) if value is not None else 0)


class TriStateCombo(QComboBox):
    """Yes / no / not stated, for facts where a blank must not be read as 'no'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("（未填）"), None)
        self.addItem(self.tr("是"), True)
        self.addItem(self.tr("否"), False)

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex({None: 0, True: 1, False: 2}[value])


class MoneyEdit(QWidget):
    """An amount in yuan typed as text, with the unit after it; the service parses it to fen."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9,，.]{0,16}")))
        self.edit.setPlaceholderText("0.00")
        self.edit.setMaximumWidth(160)
        self.edit.textChanged.connect(self.textChanged)
        unit = QLabel(self.tr("元"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addWidget(unit)
        lay.addStretch(1)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.edit.setText(text)


class OptionalDateEdit(QDateEdit):
    """A QDateEdit whose lowest value means 'not stated' (shown blank)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setMinimumDate(_BLANK_DATE)
        self.setSpecialValueText(self.tr("（未填）"))
        self.setDate(_BLANK_DATE)

    def value(self) -> dt.date | None:
        d = self.date()
        return None if d == _BLANK_DATE else dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else _BLANK_DATE)
        if value is not None:
            self.calendarWidget().setSelectedDate(self.date())


class CheckList(QWidget):
    """Several enumeration members as checkboxes in a grid; value is a list of machine names."""

    def __init__(self, enum: type[LabeledEnum], *, columns: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enum = enum
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        lang = current_lang()
        for i, member in enumerate(enum):
            box = QCheckBox(member.label_for(lang))
            self.boxes[member.value] = box
            grid.addWidget(box, i // columns, i % columns)

    def value(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.isChecked()]

    def set_value(self, values: list[str] | str | None) -> None:
        if isinstance(values, str):
            values = [v for v in values.split(",") if v]
        chosen = set(values or [])
        for k, b in self.boxes.items():
            b.setChecked(k in chosen)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.boxes.values())
