"""The entry and edit form of a hardship file (新建档案 / 修改档案).

Every check is the domain's: the form only gathers what the clerk typed (money as yuan text,
enumerations as machine names) and hands it to `services.files.create_file` / `update_file`.
On ValidationFailed each refused field gets a red border and the list above names them all;
nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database
from assist_desktop.domain import enums as E
from assist_desktop.domain import validation as V
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.fields import (
    FILE_FIELDS,
    GROUPS,
    MEMBER_FIELD,
    MEMBER_FIELDS,
    TOTALS,
    group_fields,
    parts_of,
)
from assist_desktop.domain.file_input import file_to_input, member_to_input
from assist_desktop.services import files as file_service
from assist_desktop.services.changes import Changes
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import app_signals
from assist_desktop.ui.widgets import (
    CheckList,
    EnumCombo,
    MoneyEdit,
    OptionalDateEdit,
    TriStateCombo,
    mark_invalid,
)

#: the household-member table's columns: every member field of the registry
MEMBER_COLS = tuple(f.name for f in MEMBER_FIELDS)
MEMBER_ENUMS: dict[str, type[E.LabeledEnum]] = {
    f.name: f.enum for f in MEMBER_FIELDS if f.kind == "enum" and f.enum is not None
}
#: yes/no fields that are never unknown (a checkbox, the label beside it)
_CHECKBOX_BOOLS = frozenset(f.name for f in FILE_FIELDS if f.kind == "bool" and f.group == "economy") | {
    "relief_target"
}
#: money fields whose 0 is shown blank (an unrequired amount nobody entered; a part's blank is None, its 0 is 0)
_BLANK_ZERO = frozenset(f.name for f in FILE_FIELDS if f.kind == "money" and not f.required and not f.nullable)


class OpenEnumCombo(EnumCombo):
    """An enumeration whose older files may hold free text: an unknown stored value is shown as written."""

    def set_value(self, value: str | None) -> None:
        if value is not None and value != "" and self.findData(value) < 0:
            self.addItem(value, value)
        super().set_value(value or None)


_MEMBER_FIELD = re.compile(r"^members\[(\d+)\]\.(\w+)$")


class FileDialog(QDialog):
    """New file when `file_no` is None, else edit that file. After `accept()`, `file_no` names it."""

    def __init__(
        self,
        db: Database,
        *,
        today: dt.date,
        actor: str,
        file_no: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self._actor = actor
        self.file_no = file_no
        self.w: dict[str, QWidget] = {}
        self._page_of: dict[str, int] = {}
        self._order: list[QWidget] = []
        self._total_hint: dict[str, QLabel] = {}
        self._loading = False
        self._warned_state: tuple[Any, ...] | None = None  # the form as it was when its warnings were shown
        self.setWindowTitle(
            self.tr("新建档案") if file_no is None else self.tr("修改档案 %1").replace("%1", file_no)
        )
        self.resize(860, 680)

        self.error_list = QListWidget()
        self.error_list.setObjectName("errorList")
        self.error_list.setMaximumHeight(110)
        self.error_list.hide()
        self.error_list.itemActivated.connect(self._focus_error)
        self.error_list.itemClicked.connect(self._focus_error)

        self.tabs = QTabWidget()
        for group, zh, en in GROUPS:
            self._build_group(group, en if current_lang() == "en" else zh)
            if group == "economy":
                self._build_members()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存 (Ctrl+S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.activated.connect(self.save)

        lay = QVBoxLayout(self)
        lay.addWidget(self.error_list)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.buttons)

        for a, b in zip(self._order, self._order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._wire_totals()

        if file_no is not None:
            self._load(file_no)
        self._snapshot = self._state()
        self.w["name"].setFocus()

    # --- building --------------------------------------------------------------------------------------
    def _page(self, title: str) -> QFormLayout:
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        self.tabs.addTab(scroll, title)
        return form

    def _add(
        self,
        form: QFormLayout,
        key: str,
        label: str,
        widget: QWidget,
        *,
        row_widget: QWidget | None = None,
        focus: list[QWidget] | None = None,
    ) -> QWidget:
        self.w[key] = widget
        self._page_of[key] = self.tabs.count() - 1
        form.addRow(label, row_widget or widget)
        self._order.extend(focus or [widget.focusProxy() or widget])
        return widget

    def _text(
        self, form: QFormLayout, key: str, label: str, *, placeholder: str = "", width: int = 0
    ) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        if width:
            edit.setMaximumWidth(width)
        self._add(form, key, label, edit)
        return edit

    def _long(self, form: QFormLayout, key: str, label: str, *, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64)
        self._add(form, key, label, edit)
        return edit

    def _combo(
        self, form: QFormLayout, key: str, label: str, enum: type[E.LabeledEnum], *, open_enum: bool = False
    ) -> EnumCombo:
        combo = OpenEnumCombo(enum) if open_enum else EnumCombo(enum)
        combo.setMaximumWidth(260)
        self._add(form, key, label, combo)
        return combo

    def _money(self, form: QFormLayout, key: str, label: str) -> MoneyEdit:
        money = MoneyEdit()
        self._add(form, key, label, money, focus=[money.edit])
        return money

    def _build_group(self, group: str, title: str) -> None:
        """One tab of the form: a row per registry field of the group, the widget chosen by the field's kind."""
        f = self._page(title)
        lang = current_lang()
        for spec in group_fields(group):
            if spec.derived:
                continue  # sex and birth date come from the ID number (shown beside it)
            label = spec.label(lang) + (" *" if spec.required else "")
            if spec.name == "id_number":
                self._id_row(f, label)
            elif spec.kind == "text" and spec.long:
                self._long(f, spec.name, label, placeholder=self._hint_of(spec.name))
            elif spec.kind == "text":
                width = 0 if (spec.max_len or 0) > 60 else 240 if (spec.max_len or 0) > 20 else 160
                edit = self._text(f, spec.name, label, placeholder=self._hint_of(spec.name), width=width)
                if spec.name == "ethnicity":
                    edit.setText(self.tr("汉族"))
            elif spec.kind == "money" and spec.part_of:
                part = self._money(f, spec.name, "　" + label)  # a part of the total above it, indented
                part.edit.setPlaceholderText(self.tr("未填"))  # blank: not given (0 is an amount)
            elif spec.kind == "money":
                self._money(f, spec.name, label)
                if spec.name in TOTALS:
                    hint = QLabel()
                    hint.setObjectName("muted")
                    self._total_hint[spec.name] = hint
                    f.addRow("", hint)
            elif spec.kind == "date":
                self._add(f, spec.name, label, OptionalDateEdit())
            elif spec.kind == "enum":
                assert spec.enum is not None
                self._combo(f, spec.name, label, spec.enum, open_enum=spec.open_enum)
            elif spec.kind == "multi_enum":
                assert spec.enum is not None
                checks = CheckList(spec.enum, columns=3)
                if spec.max_len:
                    label += self.tr("（至多%1项）").replace("%1", str(spec.max_len))
                self._add(f, spec.name, label, checks, focus=checks.focus_widgets())
            elif spec.kind == "bool" and spec.name in _CHECKBOX_BOOLS:
                self._add(f, spec.name, "", QCheckBox(label))
            elif spec.kind == "bool":
                tri = TriStateCombo()
                tri.setMaximumWidth(160)
                self._add(f, spec.name, label, tri)
            elif spec.name == "household_size":
                size = QSpinBox()
                size.setRange(spec.minimum or 1, spec.maximum or 30)
                size.setMaximumWidth(100)
                size.setSuffix(self.tr(" 人"))
                self._add(f, spec.name, label, size)
            elif spec.name == "disability_grade":
                grade = QComboBox()
                grade.addItem(self.tr("（未填）"), None)
                for g in range(spec.minimum or 1, (spec.maximum or 4) + 1):
                    grade.addItem(self.tr("%1级").replace("%1", str(g)), g)
                grade.setMaximumWidth(160)
                self._add(f, spec.name, label, grade)
            elif spec.kind in ("int", "float"):
                edit = QLineEdit()
                edit.setMaximumWidth(120)
                row = QWidget()
                h = QHBoxLayout(row)
                h.setContentsMargins(0, 0, 0, 0)
                h.addWidget(edit)
                if spec.name == "housing_area":
                    h.addWidget(QLabel("㎡"))
                h.addStretch(1)
                self._add(f, spec.name, label, edit, row_widget=row)
            if spec.name == "private_car":
                hint = QLabel(self.tr("以上四项任一属实，按规定不能认定为困难职工。"))
                hint.setObjectName("muted")
                f.addRow("", hint)

    # --- totals and their parts, computed as they are typed ------------------------------------------------
    def _wire_totals(self) -> None:
        for total in TOTALS:
            for part in parts_of(total):
                widget = self.w[part.name]
                assert isinstance(widget, MoneyEdit)
                widget.textChanged.connect(lambda _text, t=total: self._part_changed(t))
            self._show_total_hint(total)

    def _parts_sum(self, total: str) -> int | None:
        """The sum of the parts typed (fen); None when none is typed or one is not an amount."""
        given: list[str] = []
        for part in parts_of(total):
            widget = self.w[part.name]
            assert isinstance(widget, MoneyEdit)
            if widget.text().strip():
                given.append(widget.text().strip())
        if not given:
            return None
        try:
            return sum(V.parse_money_fen(g, total) or 0 for g in given)
        except ValidationFailed:
            return None

    def _part_changed(self, total: str) -> None:
        if not self._loading:
            fen = self._parts_sum(total)
            widget = self.w[total]
            assert isinstance(widget, MoneyEdit)
            if fen is not None:
                widget.setText(V.fen_to_yuan_text(fen))
        self._show_total_hint(total)

    def _show_total_hint(self, total: str) -> None:
        hint = self._total_hint.get(total)
        if hint is None:
            return
        fen = self._parts_sum(total)
        if fen is None:
            hint.setText(self.tr("填写下列分项时，合计自动计算；只知总数时可直接填写"))
        else:
            hint.setText(self.tr("= 下列分项之和 %1 元").replace("%1", V.format_fen(fen, unit=False)))

    def _hint_of(self, key: str) -> str:
        hints = {
            "phone": "13900000000",
            "illness": self.tr("如：尿毒症、恶性肿瘤"),
            "family_situation": self.tr("家庭成员、住房、参保、低保等情况"),
            "skills": self.tr("技能、证书、工作经历；没有请写“无”"),
            "employment_wishes": self.tr("希望的工作、时间、地点、培训；不适用请说明原因"),
            "state_of_mind": self.tr("入户走访时观察到的态度和主要顾虑"),
            "hukou_region_code": self.tr("6位行政区划代码，如230102"),
        }
        return hints.get(key, "")

    def _id_row(self, f: QFormLayout, label: str) -> None:
        id_edit = QLineEdit()
        id_edit.setMaxLength(18)
        id_edit.setMinimumWidth(210)
        id_edit.setMaximumWidth(240)
        id_edit.setPlaceholderText(self.tr("18位身份证号"))
        self.id_hint = QLabel()
        self.id_hint.setObjectName("idHint")
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(id_edit)
        h.addWidget(self.id_hint, 1)
        self._add(f, "id_number", label, id_edit, row_widget=row)
        id_edit.textChanged.connect(self._id_changed)
        self._id_changed("")

    def _build_members(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        lang = current_lang()
        headers = [
            f.label(lang) + (self.tr("（元）") if f.kind == "money" else "") for f in MEMBER_FIELDS
        ]
        self.members = QTableWidget(0, len(MEMBER_COLS))
        self.members.setHorizontalHeaderLabels(headers)
        self.members.verticalHeader().setVisible(False)
        self.members.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        widths = {"id_number": 160, "school": 120, "insurance": 100, "name": 80, "school_year": 60}
        for col, key in enumerate(MEMBER_COLS):
            self.members.setColumnWidth(col, widths.get(key, 90))
        add = QPushButton(self.tr("添加成员"))
        remove = QPushButton(self.tr("删除选中成员"))
        add.clicked.connect(lambda: self.add_member_row())
        remove.clicked.connect(self._remove_member)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        note = QLabel(self.tr("本人以外的家庭成员；填写身份证号时出生日期和性别由号码得出。"))
        note.setObjectName("muted")
        lay.addWidget(note)
        lay.addWidget(self.members, 1)
        lay.addLayout(buttons)
        self.tabs.addTab(page, self.tr("家庭成员"))
        self.w["members"] = self.members
        self._page_of["members"] = self.tabs.count() - 1
        self._order += [self.members, add, remove]

    # --- members table ---------------------------------------------------------------------------------
    def add_member_row(self, values: dict[str, Any] | None = None) -> int:
        values = values or {}
        row = self.members.rowCount()
        self.members.insertRow(row)
        for col, key in enumerate(MEMBER_COLS):
            if key in MEMBER_ENUMS:
                combo = EnumCombo(MEMBER_ENUMS[key])
                combo.set_value(values.get(key))
                self.members.setCellWidget(row, col, combo)
            elif MEMBER_FIELD[key].kind == "bool":
                tri = TriStateCombo()
                tri.set_value(values.get(key))
                self.members.setCellWidget(row, col, tri)
            else:
                value = values.get(key)
                if isinstance(value, dt.date):
                    value = value.isoformat()
                self.members.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))
        self.members.setCurrentCell(row, 0)
        return row

    def _remove_member(self) -> None:
        rows = sorted(
            {i.row() for i in self.members.selectedIndexes()} | {self.members.currentRow()}, reverse=True
        )
        for row in rows:
            if row >= 0:
                self.members.removeRow(row)

    def member_values(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for row in range(self.members.rowCount()):
            m: dict[str, Any] = {}
            for col, key in enumerate(MEMBER_COLS):
                cell = self.members.cellWidget(row, col)
                if isinstance(cell, EnumCombo | TriStateCombo):
                    m[key] = cell.value()
                else:
                    item = self.members.item(row, col)
                    m[key] = item.text().strip() if item is not None else ""
            if any(v not in (None, "") for v in m.values()):
                out.append(m)
        return out

    # --- the ID number, as it is typed ------------------------------------------------------------------
    def _id_changed(self, text: str) -> None:
        number = text.strip().upper()
        if not number:
            self._hint(self.tr("出生日期和性别将由身份证号得出"), "muted")
            return
        if len(number) < 18:
            self._hint(self.tr("已输入%1位，共18位").replace("%1", str(len(number))), "muted")
            return
        try:
            V.check_id_number(number, today=self._today)
        except ValidationFailed as exc:
            self._hint("✗ " + exc.errors[0].message(current_lang()), "bad")
            return
        born, sex = V.birth_date_from_id(number), V.sex_from_id(number)
        text = (
            self.tr("出生日期 %1，%2")
            .replace("%1", born.isoformat())
            .replace("%2", sex.label_for(current_lang()))
        )
        warnings = V.id_number_warnings(number)
        self._hint(
            "✓ " + text + ("（" + warnings[0] + "）" if warnings and current_lang() == "zh" else ""), "good"
        )

    def _hint(self, text: str, kind: str) -> None:
        self.id_hint.setText(text)
        self.id_hint.setProperty("kind", kind)
        self.id_hint.style().unpolish(self.id_hint)
        self.id_hint.style().polish(self.id_hint)

    # --- values ---------------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the clerk typed, as machine names and yuan text (the service cleans it)."""
        out: dict[str, Any] = {}
        for key, widget in self.w.items():
            if key == "members":
                continue
            if isinstance(widget, EnumCombo | TriStateCombo | OptionalDateEdit | CheckList):
                value: Any = widget.value()
                if isinstance(value, dt.date):
                    value = value.isoformat()
                if isinstance(widget, EnumCombo) and value is None:
                    value = ""
                if isinstance(widget, TriStateCombo) and value is None:
                    value = ""
                if isinstance(widget, OptionalDateEdit) and value is None:
                    value = ""
                out[key] = value
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[key] = str(widget.value())
            elif isinstance(widget, QComboBox):
                data = widget.currentData()
                out[key] = "" if data is None else str(data)
            elif isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText().strip()
            elif isinstance(widget, MoneyEdit | QLineEdit):
                out[key] = widget.text().strip()
        return out

    def _state(self) -> tuple[Any, ...]:
        return (repr(sorted(self.values().items())), repr(self.member_values()))

    def is_dirty(self) -> bool:
        return self._state() != self._snapshot

    def set_values(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            widget = self.w.get(key)
            if widget is None:
                continue
            if isinstance(widget, OptionalDateEdit):
                widget.set_value(dt.date.fromisoformat(value) if isinstance(value, str) and value else value or None)
            elif isinstance(widget, EnumCombo | TriStateCombo | CheckList):
                widget.set_value(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value or 1))
            elif isinstance(widget, QComboBox):
                wanted = int(value) if isinstance(value, str) and value.isdigit() else value
                widget.setCurrentIndex(max(widget.findData(wanted), 0) if value not in (None, "") else 0)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, MoneyEdit | QLineEdit):
                widget.setText("" if value is None else str(value))

    def _load(self, file_no: str) -> None:
        detail = file_service.get_file(self._db, file_no=file_no)
        f = detail.file
        data = file_to_input(f)
        for key in _BLANK_ZERO:
            if data.get(key) == "0.00":
                data[key] = ""
        self._loading = True  # the stored total stands as stored (it may disagree with its parts: a warning)
        try:
            self.set_values(data)
        finally:
            self._loading = False
        for total in TOTALS:
            self._show_total_hint(total)
        self.file_no = f.file_no
        for m in detail.members:
            values = member_to_input(m)
            if values.get("monthly_income") == "0.00":
                values["monthly_income"] = ""
            self.add_member_row(values)

    # --- saving ------------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Create or update through the service; on refusal show every error and keep the form open."""
        data = self.values()
        members = self.member_values()
        # income warnings stop the first save; saving the same form again saves it (a clerk may know better)
        stop = self._warned_state != self._state()
        self.clear_errors()
        try:
            if self.file_no is None:
                detail = file_service.create_file(
                    self._db, data=data, members=members, as_of=self._today, actor=self._actor,
                    stop_on_warnings=stop,
                )
            else:
                detail = file_service.update_file(
                    self._db,
                    file_no=self.file_no,
                    changes=data,
                    members=members,
                    as_of=self._today,
                    actor=self._actor,
                    reason="window edit",
                    stop_on_warnings=stop,
                )
        except file_service.IncomeWarnings as exc:
            self._warned_state = self._state()
            self.show_errors(exc.errors, warnings=True)
            return False
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return False
        except DomainError as exc:
            show_error(self, exc)
            return False
        except Exception as exc:  # StorageError or a bug: the job helper's words
            show_error(self, exc)
            return False
        self.file_no = detail.file.file_no
        self._snapshot = self._state()
        app_signals().changed.emit(Changes.of_files(self.file_no))
        self.accept()
        return True

    def clear_errors(self) -> None:
        self.error_list.clear()
        self.error_list.hide()
        for widget in self.w.values():
            if widget.property("invalid"):
                mark_invalid(widget, None)
        for i in range(self.tabs.count()):
            self.tabs.tabBar().setTabTextColor(i, QColor())
        for row in range(self.members.rowCount()):
            for col in range(self.members.columnCount()):
                item = self.members.item(row, col)
                if item is not None:
                    item.setBackground(QColor(0, 0, 0, 0))

    def widget_for(self, field: str) -> QWidget | None:
        if field in ("sex", "birth_date"):
            field = "id_number"
        if _MEMBER_FIELD.match(field):
            field = "members"
        return self.w.get(field)

    def show_errors(self, errors: list[FieldError], *, warnings: bool = False) -> None:
        """List the refused fields (or, `warnings`, the income warnings of a save held back), each a jump to
        its field."""
        lang = current_lang()
        unique: dict[tuple[str, str], FieldError] = {}
        for err in errors:
            unique.setdefault((err.field, err.zh), err)
        errors = list(unique.values())
        self.error_list.clear()
        if warnings:
            text = self.tr("有 %1 处收入数据互相矛盾，请核对；确认无误请再按保存：")
        else:
            text = self.tr("有 %1 处需要修改，未保存：")
        head = QListWidgetItem(text.replace("%1", str(len(errors))))
        head.setFlags(Qt.ItemFlag.NoItemFlags)
        self.error_list.addItem(head)
        first: QWidget | None = None
        for err in errors:
            item = QListWidgetItem(("⚠ " if err.warning else "• ") + err.message(lang))
            item.setData(Qt.ItemDataRole.UserRole, err.field)
            self.error_list.addItem(item)
            widget = self.widget_for(err.field)
            if widget is None:
                continue
            first = first or widget
            message = err.message(lang)
            mark_invalid(widget, message)
            key = next(k for k, v in self.w.items() if v is widget)
            self.tabs.tabBar().setTabTextColor(self._page_of[key], QColor("#c0392b"))
            m = _MEMBER_FIELD.match(err.field)
            if m:
                row = int(m.group(1)) - 1
                col = MEMBER_COLS.index(m.group(2)) if m.group(2) in MEMBER_COLS else 0
                cell = self.members.item(row, col)
                if cell is not None:
                    cell.setBackground(QColor("#f8d7d3"))
                    cell.setToolTip(message)
        self.error_list.show()
        if first is not None:
            self._focus_widget(first)

    def _focus_error(self, item: QListWidgetItem) -> None:
        field = item.data(Qt.ItemDataRole.UserRole)
        widget = self.widget_for(field) if field else None
        if widget is not None:
            self._focus_widget(widget)

    def _focus_widget(self, widget: QWidget) -> None:
        key = next((k for k, v in self.w.items() if v is widget), None)
        if key is not None:
            self.tabs.setCurrentIndex(self._page_of[key])
        (widget.focusProxy() or widget).setFocus()

    # --- leaving ---------------------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("放弃修改？"),
            self.tr("填写的内容尚未保存，确定要关闭吗？"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.isVisible() and self.is_dirty() and not self.confirm_discard():
            return
        super().reject()
