"""设置 → 规则设置与节假日: every number of the rules as a dated setting, and the holiday table.

The rules page lists each setting with its label, the value in force today and its dated changes. Changing a value
asks for the date it takes effect, shows what it would move first ("N 户将进入收入观察…", services/settings.py
preview_setting), and asks before replacing a value already recorded for that date. A value in force from today or
earlier re-evaluates the files when the dialog closes (the caller runs it as a job).

The holiday page shows a year's holidays and worked weekend days (seeded from chinese-calendar; a later year the
union enters from the State Council's notice), with adding and removing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.domain.workdays import unknown_year_warning
from assist_desktop.services import settings as S
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import emit_changes

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow

COL_LABEL, COL_KEY, COL_VALUE, COL_SINCE, COL_CHANGES = range(5)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class SettingsDialog(QDialog):
    """The rules' settings (dated) and the holiday table."""

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today, self._actor = db, today, actor
        #: the values saved in this dialog; those in force by today need a re-evaluation (`needs_reevaluation`)
        self.saved: list[S.SettingChange] = []
        self.last_preview: S.SettingPreview | None = None
        self.setWindowTitle(self.tr("规则设置与节假日"))
        self.resize(980, 680)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._rules_page(), self.tr("规则设置"))
        self.tabs.addTab(self._holiday_page(), self.tr("节假日"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)
        self.reload()
        self.load_year(today.year)

    # --- the rules page ------------------------------------------------------------------------------------

    def _rules_page(self) -> QWidget:
        page = QWidget()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("设置项"), self.tr("键"), self.tr("现行值"), self.tr("生效自"), self.tr("已登记的变更")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        for c in (COL_KEY, COL_VALUE, COL_SINCE):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHANGES, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL_CHANGES, 240)
        self.table.itemSelectionChanged.connect(self._selected)

        box = QGroupBox(self.tr("修改所选设置"))
        form = QFormLayout(box)
        self.key_label = QLabel("—")
        self.key_label.setWordWrap(True)
        self.value_edit = QLineEdit()
        self.value_choice = QComboBox()
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.value_choice, 1)
        self.value_choice.hide()
        self.effective = QDateEdit()
        self.effective.setDisplayFormat("yyyy-MM-dd")
        self.effective.setCalendarPopup(True)
        self.effective.setDate(_qdate(self._today))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("依据，如上级文件号（可不填）"))
        form.addRow(self.tr("设置项"), self.key_label)
        form.addRow(self.tr("新值"), value_row)
        form.addRow(self.tr("生效日期"), self.effective)
        form.addRow(self.tr("依据"), self.note)
        self.preview_text = QLabel()
        self.preview_text.setWordWrap(True)
        self.preview_text.setObjectName("muted")
        self.preview_button = QPushButton(self.tr("预览影响"))
        self.save_button = QPushButton(self.tr("保存…"))
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.preview_text)
        for w in (self.preview_button, self.save_button):
            w.setEnabled(False)

        lay = QVBoxLayout(page)
        intro = QLabel(self.tr("每项设置都带生效日期：新值自生效日起适用，此前的评定仍按原值。"
                               "保存前先预览会有多少档案变动。"))
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(box)
        return page

    def reload(self) -> None:
        """Fill the table from list_settings (keeping the selected key)."""
        key = self.current_key()
        self.views = {v.key: v for v in S.list_settings(self._db, on=self._today)}
        lang = current_lang()
        self.table.setRowCount(len(self.views))
        since_text, done_text = self.tr("%1 起 %2"), self.tr("（已生效）")
        for r, v in enumerate(self.views.values()):
            changes = "；".join(
                since_text.replace("%1", d.effective_on.isoformat()).replace("%2", d.value)
                + ("" if d.effective_on > self._today else done_text)
                for d in v.dated[-6:]
            )
            for c, text in enumerate((v.label(lang), v.key, v.value or self.tr("（未设定）"),
                                      v.since.isoformat() if v.since else self.tr("一直"), changes)):
                item = QTableWidgetItem(text)
                if c == COL_CHANGES and v.future:
                    item.setForeground(Qt.GlobalColor.darkBlue)
                self.table.setItem(r, c, item)
        if key is not None:
            self.select_key(key)

    def current_key(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), COL_KEY)
        return item.text() if item is not None else None

    def select_key(self, key: str) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, COL_KEY)
            if item is not None and item.text() == key:
                self.table.selectRow(r)
                return

    def _selected(self) -> None:
        key = self.current_key()
        enabled = key is not None
        for w in (self.preview_button, self.save_button):
            w.setEnabled(enabled)
        self.preview_text.clear()
        if key is None:
            self.key_label.setText("—")
            return
        view = self.views[key]
        self.key_label.setText(f"{view.label(current_lang())}（{key}）")
        if view.choices:
            self.value_choice.clear()
            for choice in view.choices:
                self.value_choice.addItem(choice, choice)
            self.value_choice.setCurrentIndex(max(0, self.value_choice.findData(view.value)))
            self.value_choice.show()
            self.value_edit.hide()
        else:
            self.value_edit.setText(view.value or "")
            self.value_edit.show()
            self.value_choice.hide()

    def value(self) -> str:
        if self.value_choice.isVisible() or (self.value_choice.count() and self.value_edit.isHidden()):
            return str(self.value_choice.currentData())
        return self.value_edit.text().strip()

    def set_value(self, text: str) -> None:
        """Type a new value (tests and the keyboard alike)."""
        if self.value_edit.isHidden():
            self.value_choice.setCurrentIndex(self.value_choice.findData(text))
        else:
            self.value_edit.setText(text)

    def preview(self) -> S.SettingPreview | None:
        key = self.current_key()
        if key is None:
            return None
        try:
            got = S.preview_setting(self._db, key=key, value=self.value(), effective=_pydate(self.effective.date()),
                                    today=self._today)
        except (ValidationFailed, DomainError, StorageError) as exc:
            self.preview_text.setText(exc.summary(current_lang()) if isinstance(exc, ValidationFailed)
                                      else exc.message(current_lang()))
            return None
        self.last_preview = got
        self.preview_text.setText(got.summary(current_lang()))
        return got

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace it)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> S.SettingChange | None:
        """Preview, ask, save; ask again before replacing a same-date value."""
        key = self.current_key()
        got = self.preview()
        if key is None or got is None:
            return None
        view = self.views[key]
        day = got.effective_on
        question = (self.tr("自 %1 起把“%2”由 %3 改为 %4？").replace("%1", day.isoformat())
                    .replace("%2", view.label(current_lang())).replace("%3", view.value or "—")
                    .replace("%4", got.value) + "\n\n" + got.summary(current_lang()))
        if not self.confirm(self.tr("修改设置"), question):
            return None
        note = self.note.text().strip() or None
        try:
            try:
                change = S.set_setting(self._db, key=key, value=got.value, effective=day, note=note,
                                       actor=self._actor)
            except S.SameDateValue as same:
                text = (self.tr("%1 起已登记的值为 %2。替换为 %3？").replace("%1", day.isoformat())
                        .replace("%2", same.existing).replace("%3", same.new))
                if not self.confirm(self.tr("替换同日的值"), text):
                    return None
                change = S.set_setting(self._db, key=key, value=got.value, effective=day, replace=True, note=note,
                                       actor=self._actor)
        except (ValidationFailed, DomainError, StorageError) as exc:
            show_error(self, exc)
            return None
        self.saved.append(change)
        emit_changes(change.changes)
        self.reload()
        self.preview_text.setText(self.tr("已保存。") + " " + got.summary(current_lang()))
        return change

    @property
    def needs_reevaluation(self) -> bool:
        """A value saved here is in force by today: the files are to be re-evaluated."""
        return any(c.effective_on <= self._today and not c.changes.empty for c in self.saved)

    # --- the holiday page ---------------------------------------------------------------------------------

    def _holiday_page(self) -> QWidget:
        page = QWidget()
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(self._today.year)
        self.year.valueChanged.connect(self.load_year)
        self.year_state = QLabel()
        self.year_state.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年份")))
        top.addWidget(self.year)
        top.addWidget(self.year_state, 1)
        self.holidays = QTableWidget(0, 4)
        self.holidays.setHorizontalHeaderLabels([self.tr("日期"), self.tr("类型"), self.tr("名称"), self.tr("来源")])
        self.holidays.verticalHeader().setVisible(False)
        self.holidays.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.holidays.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.holidays.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        box = QGroupBox(self.tr("录入一天（按国务院办公厅节假日安排通知）"))
        form = QHBoxLayout(box)
        self.holiday_day = QDateEdit()
        self.holiday_day.setDisplayFormat("yyyy-MM-dd")
        self.holiday_day.setCalendarPopup(True)
        self.holiday_day.setDate(_qdate(self._today))
        self.holiday_kind = QComboBox()
        self.holiday_kind.addItem(self.tr("放假"), "holiday")
        self.holiday_kind.addItem(self.tr("调休上班"), "workday")
        self.holiday_name = QLineEdit()
        self.holiday_name.setPlaceholderText(self.tr("名称，如 春节"))
        add = QPushButton(self.tr("录入"))
        add.clicked.connect(self.add_holiday)
        self.remove_button = QPushButton(self.tr("删除所选"))
        self.remove_button.clicked.connect(self.remove_selected)
        for w in (self.holiday_day, self.holiday_kind, self.holiday_name):
            form.addWidget(w)
        form.addWidget(add)
        form.addStretch(1)
        form.addWidget(self.remove_button)
        lay = QVBoxLayout(page)
        lay.addLayout(top)
        lay.addWidget(self.holidays, 1)
        lay.addWidget(box)
        return page

    def load_year(self, year: int) -> None:
        got = S.holiday_year(self._db, year=year)
        kinds = {"holiday": self.tr("放假"), "workday": self.tr("调休上班")}
        sources = {"chinese-calendar": self.tr("国务院安排（内置）"), "union": self.tr("本工会录入")}
        self.holidays.setRowCount(len(got.days))
        for r, d in enumerate(got.days):
            for c, text in enumerate((d.day.isoformat(), kinds.get(d.kind, d.kind), d.name or "",
                                      sources.get(d.source, d.source))):
                self.holidays.setItem(r, c, QTableWidgetItem(text))
        if got.known:
            self.year_state.setText(self.tr("%1年节假日安排已录入：放假 %2 天，调休上班 %3 天").replace("%1", str(year))
                                    .replace("%2", str(sum(d.kind == "holiday" for d in got.days)))
                                    .replace("%3", str(sum(d.kind == "workday" for d in got.days))))
            self.year_state.setObjectName("muted")
        else:
            self.year_state.setText("⚠ " + unknown_year_warning(year, current_lang()))
            self.year_state.setObjectName("errorText")
        self.year_state.style().unpolish(self.year_state)
        self.year_state.style().polish(self.year_state)
        if self.holiday_day.date().year() != year:
            self.holiday_day.setDate(QDate(year, 1, 1))

    def add_holiday(self) -> S.HolidayView | None:
        day = _pydate(self.holiday_day.date())
        try:
            view = S.set_holiday(self._db, day=day, kind=str(self.holiday_kind.currentData()),
                                 name=self.holiday_name.text().strip() or None, actor=self._actor)
        except (ValidationFailed, DomainError, StorageError) as exc:
            show_error(self, exc)
            return None
        emit_changes(view.changes)
        if self.year.value() != day.year:
            self.year.setValue(day.year)  # loads it
        else:
            self.load_year(day.year)
        self.holiday_day.setDate(_qdate(day + dt.timedelta(days=1)))
        return view

    def remove_selected(self) -> bool:
        rows = sorted({i.row() for i in self.holidays.selectedIndexes()})
        if not rows:
            return False
        items = [self.holidays.item(r, 0) for r in rows]
        days = [dt.date.fromisoformat(i.text()) for i in items if i is not None]
        try:
            for day in days:
                emit_changes(S.remove_holiday(self._db, day=day, actor=self._actor))
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return False
        finally:
            self.load_year(self.year.value())
        return True


def open_settings_dialog(window: MainWindow) -> SettingsDialog:
    """设置 → 规则设置与节假日: window-modal; on closing, a value in force by today re-evaluates the files."""
    dialog = SettingsDialog(window.db, today=window.today, actor=window.actor, parent=window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(_result: int) -> None:
        if dialog.needs_reevaluation:
            window.reevaluate_all(title=window.tr("设置已修改，正在重新评定全部档案……"))

    dialog.finished.connect(finished)
    dialog.show()
    return dialog
