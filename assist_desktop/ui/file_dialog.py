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

MONEY_KEYS = (
    "own_monthly_income",
    "household_annual_income",
    "unavoidable_spending",
    "dibao_monthly",
    "hardship_costs",
)
MEMBER_COLS = (
    "name",
    "relation",
    "id_number",
    "birth_date",
    "health",
    "status",
    "school",
    "school_year",
    "monthly_income",
    "able_to_work",
    "insurance",
)
MEMBER_ENUMS: dict[str, type[E.LabeledEnum]] = {
    "relation": E.Relation,
    "health": E.Health,
    "status": E.MemberStatus,
}
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
        self._build_basic()
        self._build_work()
        self._build_economy()
        self._build_members()
        self._build_five_clears()
        self._build_contacts()

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

    def _combo(self, form: QFormLayout, key: str, label: str, enum: type[E.LabeledEnum]) -> EnumCombo:
        combo = EnumCombo(enum)
        combo.setMaximumWidth(260)
        self._add(form, key, label, combo)
        return combo

    def _money(self, form: QFormLayout, key: str, label: str) -> MoneyEdit:
        money = MoneyEdit()
        self._add(form, key, label, money, focus=[money.edit])
        return money

    def _build_basic(self) -> None:
        f = self._page(self.tr("基本信息"))
        self._text(f, "name", self.tr("姓名 *"), width=240)
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
        self._add(f, "id_number", self.tr("身份证号 *"), id_edit, row_widget=row)
        id_edit.textChanged.connect(self._id_changed)
        self._id_changed("")
        self._text(f, "ethnicity", self.tr("民族"), width=160).setText(self.tr("汉族"))
        self._text(f, "phone", self.tr("手机号码"), placeholder="13900000000", width=240)
        self._text(f, "district", self.tr("所属区县"), width=240)
        self._text(f, "address", self.tr("家庭住址"))
        self._combo(f, "marital_status", self.tr("婚姻状况"), E.MaritalStatus)
        self._combo(f, "hukou_type", self.tr("户口类型"), E.HukouType)
        self._combo(f, "political_status", self.tr("政治面貌"), E.PoliticalStatus)
        self._combo(f, "model_worker_rank", self.tr("劳模级别"), E.ModelWorkerRank)
        groups = CheckList(E.SpecialGroup)
        self._add(f, "special_groups", self.tr("特殊群体"), groups, focus=groups.focus_widgets())

    def _build_work(self) -> None:
        f = self._page(self.tr("工作与健康"))
        self._text(f, "employer", self.tr("工作单位"))
        self._combo(f, "employer_type", self.tr("单位性质"), E.EmployerType)
        self._combo(f, "industry", self.tr("所属行业"), E.Industry)
        self._combo(f, "work_status", self.tr("工作状态 *"), E.WorkStatus)
        self._text(f, "education", self.tr("文化程度"), width=240)
        able = TriStateCombo()
        able.setMaximumWidth(160)
        self._add(f, "able_to_work", self.tr("有无劳动能力"), able)
        self._combo(f, "health", self.tr("健康状况"), E.Health)
        self._text(f, "illness", self.tr("所患疾病"), placeholder=self.tr("如：尿毒症、恶性肿瘤"))
        self._combo(f, "disability_type", self.tr("残疾类别"), E.DisabilityType)
        grade = QComboBox()
        grade.addItem(self.tr("（未填）"), None)
        for g in range(1, 5):
            grade.addItem(self.tr("%1级").replace("%1", str(g)), g)
        grade.setMaximumWidth(160)
        self._add(f, "disability_grade", self.tr("残疾等级"), grade)

    def _build_economy(self) -> None:
        f = self._page(self.tr("家庭经济"))
        size = QSpinBox()
        size.setRange(1, 30)
        size.setMaximumWidth(100)
        size.setSuffix(self.tr(" 人"))
        self._add(f, "household_size", self.tr("家庭人口 *"), size)
        self._money(f, "household_annual_income", self.tr("家庭年总收入 *"))
        self._money(f, "own_monthly_income", self.tr("本人月收入"))
        self._money(f, "unavoidable_spending", self.tr("年度刚性支出"))
        self._money(f, "dibao_monthly", self.tr("低保金额（月）"))
        self._combo(f, "housing_type", self.tr("住房类型"), E.HousingType)
        area = QLineEdit()
        area.setMaximumWidth(120)
        area_row = QWidget()
        h = QHBoxLayout(area_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(area)
        h.addWidget(QLabel("㎡"))
        h.addStretch(1)
        self._add(f, "housing_area", self.tr("住房面积"), area, row_widget=area_row)
        self._add(f, "accident_date", self.tr("意外事件日期"), OptionalDateEdit())
        self._text(f, "accident_note", self.tr("意外事件说明"))
        self._money(f, "hardship_costs", self.tr("年度致困支出"))
        for key, label in (
            ("owns_multiple_homes", self.tr("拥有两套以上住房")),
            ("business_with_employees", self.tr("经营雇工企业")),
            ("costly_private_schooling", self.tr("高收费择校或自费留学")),
            ("private_car", self.tr("拥有经常使用的私家车")),
        ):
            self._add(f, key, "", QCheckBox(label))
        hint = QLabel(self.tr("以上四项任一属实，按规定不能认定为困难职工。"))
        hint.setObjectName("muted")
        f.addRow("", hint)

    def _build_members(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        headers = [
            self.tr("姓名"),
            self.tr("关系"),
            self.tr("身份证号"),
            self.tr("出生日期"),
            self.tr("健康"),
            self.tr("身份"),
            self.tr("就读学校"),
            self.tr("年级"),
            self.tr("月收入（元）"),
            self.tr("有劳动能力"),
            self.tr("参保情况"),
        ]
        self.members = QTableWidget(0, len(MEMBER_COLS))
        self.members.setHorizontalHeaderLabels(headers)
        self.members.verticalHeader().setVisible(False)
        self.members.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        for col, width in enumerate((80, 90, 160, 95, 90, 100, 120, 60, 90, 80, 100)):
            self.members.setColumnWidth(col, width)
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

    def _build_five_clears(self) -> None:
        f = self._page(self.tr("五清"))
        self._long(
            f,
            "family_situation",
            self.tr("家庭状况清"),
            placeholder=self.tr("家庭成员、住房、参保、低保等情况"),
        )
        self._combo(f, "main_cause", self.tr("主要致困原因"), E.Cause)
        causes = CheckList(E.Cause, columns=3)
        self._add(
            f, "secondary_causes", self.tr("次要致困原因（至多3项）"), causes, focus=causes.focus_widgets()
        )
        self._long(f, "cause_account", self.tr("致困情况说明"))
        self._long(
            f, "skills", self.tr("技术特长清"), placeholder=self.tr("技能、证书、工作经历；没有请写“无”")
        )
        self._long(
            f,
            "employment_wishes",
            self.tr("就业要求清"),
            placeholder=self.tr("希望的工作、时间、地点、培训；不适用请说明原因"),
        )
        self._long(
            f, "state_of_mind", self.tr("思想状况清"), placeholder=self.tr("入户走访时观察到的态度和主要顾虑")
        )
        self._add(f, "last_visit_date", self.tr("走访日期"), OptionalDateEdit())

    def _build_contacts(self) -> None:
        f = self._page(self.tr("知情人与银行"))
        self._text(f, "first_informant", self.tr("第一知情人"), width=240)
        self._text(f, "first_reporter", self.tr("第一报告人"), width=240)
        self._text(f, "first_helper", self.tr("第一帮助人"), width=240)
        self._text(f, "bank_name", self.tr("开户银行"))
        self._text(f, "bank_account", self.tr("银行账号"), width=320)
        self._long(f, "note", self.tr("备注"))

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
            elif key == "able_to_work":
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
            if isinstance(widget, EnumCombo | TriStateCombo | OptionalDateEdit | CheckList):
                widget.set_value(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value or 1))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0) if value is not None else 0)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, MoneyEdit | QLineEdit):
                widget.setText("" if value is None else str(value))

    def _load(self, file_no: str) -> None:
        detail = file_service.get_file(self._db, file_no=file_no)
        f = detail.file
        data: dict[str, Any] = {}
        for key, widget in self.w.items():
            if key in MONEY_KEYS:
                data[key] = V.fen_to_yuan_text(getattr(f, f"{key}_fen"))
            elif key == "housing_area":
                data[key] = f"{f.housing_area_m2:g}" if f.housing_area_m2 is not None else ""
            elif key != "members":
                data[key] = getattr(f, key)
            if isinstance(widget, MoneyEdit) and data.get(key) == "0.00" and key != "household_annual_income":
                data[key] = ""
        self.set_values(data)
        self.file_no = f.file_no
        for m in detail.members:
            self.add_member_row(
                {
                    "name": m.name,
                    "relation": m.relation,
                    "id_number": m.id_number or "",
                    "birth_date": m.birth_date if not m.id_number else "",
                    "health": m.health,
                    "status": m.status,
                    "school": m.school or "",
                    "school_year": m.school_year or "",
                    "monthly_income": V.fen_to_yuan_text(m.monthly_income_fen)
                    if m.monthly_income_fen
                    else "",
                    "able_to_work": m.able_to_work,
                    "insurance": m.insurance or "",
                }
            )

    # --- saving ------------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Create or update through the service; on refusal show every error and keep the form open."""
        data = self.values()
        members = self.member_values()
        if int(data["household_size"]) < len(members) + 1:
            data["household_size"] = str(len(members) + 1)
        self.clear_errors()
        try:
            if self.file_no is None:
                detail = file_service.create_file(
                    self._db, data=data, members=members, as_of=self._today, actor=self._actor
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
                )
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

    def show_errors(self, errors: list[FieldError]) -> None:
        lang = current_lang()
        unique: dict[tuple[str, str], FieldError] = {}
        for err in errors:
            unique.setdefault((err.field, err.zh), err)
        errors = list(unique.values())
        self.error_list.clear()
        head = QListWidgetItem(self.tr("有 %1 处需要修改，未保存：").replace("%1", str(len(errors))))
        head.setFlags(Qt.ItemFlag.NoItemFlags)
        self.error_list.addItem(head)
        first: QWidget | None = None
        for err in errors:
            item = QListWidgetItem("• " + err.message(lang))
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
