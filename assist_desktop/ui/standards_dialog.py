"""The standards dialog: the dated 低保 standard (LB), minimum wage (MW), the multiples and the hardship-cost share.

Each line is also a dated setting of 设置 → 规则设置与节假日 (ui/settings_dialog.py), which previews a change first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.validation import fen_to_yuan_text
from assist_desktop.services.changes import Changes
from assist_desktop.services.standards import StandardView, list_standards, set_standard
from assist_desktop.ui.i18n import current_lang, money
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import emit_result
from assist_desktop.ui.widgets import MoneyEdit, mark_invalid


class StandardsDialog(QDialog):
    """Lists the standards; saving records a new one (the caller then re-evaluates the files)."""

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today, self._actor = db, today, actor
        self.saved: StandardView | None = None
        self.setWindowTitle(self.tr("低保标准与最低工资"))
        self.resize(640, 520)

        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("生效日期"),
                self.tr("低保标准（月/人）"),
                self.tr("最低工资（月）"),
                self.tr("相对困难线倍数"),
                self.tr("脱困线倍数"),
                self.tr("意外致困线倍数"),
                self.tr("致困支出比例"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        standards = list_standards(db)
        self.table.setRowCount(len(standards))
        for r, s in enumerate(reversed(standards)):
            for c, text in enumerate(
                (
                    s.effective_on.isoformat(),
                    money(s.lb_fen),
                    money(s.mw_fen),
                    f"{s.relative_multiple_pct / 100:g}",
                    f"{s.exit_multiple_pct / 100:g}",
                    f"{s.accident_multiple_pct / 100:g}",
                    f"{s.accident_cost_pct / 100:g}",
                )
            ):
                self.table.setItem(r, c, QTableWidgetItem(text))

        latest = standards[-1] if standards else None
        box = QGroupBox(self.tr("设定新标准"))
        form = QFormLayout(box)
        self.lb = MoneyEdit()
        self.mw = MoneyEdit()
        self.effective = QDateEdit()
        self.effective.setDisplayFormat("yyyy-MM-dd")
        self.effective.setCalendarPopup(True)
        self.effective.setDate(QDate(today.year, today.month, 1))
        self.relative = QLineEdit("2")
        self.exit = QLineEdit("2")
        self.accident = QLineEdit("3")
        self.cost_ratio = QLineEdit("0.8")
        for e in (self.relative, self.exit, self.accident, self.cost_ratio):
            e.setMaximumWidth(80)
        if latest is not None:
            self.lb.setText(fen_to_yuan_text(latest.lb_fen))
            self.mw.setText(fen_to_yuan_text(latest.mw_fen))
            self.relative.setText(f"{latest.relative_multiple_pct / 100:g}")
            self.exit.setText(f"{latest.exit_multiple_pct / 100:g}")
            self.accident.setText(f"{latest.accident_multiple_pct / 100:g}")
            self.cost_ratio.setText(f"{latest.accident_cost_pct / 100:g}")
        form.addRow(self.tr("低保标准（元/月/人）"), self.lb)
        form.addRow(self.tr("最低工资标准（元/月）"), self.mw)
        form.addRow(self.tr("生效日期"), self.effective)
        form.addRow(self.tr("相对困难线（低保标准的倍数）"), self.relative)
        form.addRow(self.tr("脱困线（低保标准的倍数）"), self.exit)
        form.addRow(self.tr("意外致困收入线（低保标准的倍数）"), self.accident)
        form.addRow(self.tr("致困支出须超过家庭年收入的比例（0.5–0.8）"), self.cost_ratio)
        self.fields = {
            "lb": self.lb,
            "mw": self.mw,
            "effective": self.effective,
            "relative_multiple": self.relative,
            "exit_multiple": self.exit,
            "accident_multiple": self.accident,
            "accident_cost_ratio": self.cost_ratio,
        }
        self.errors = QLabel()
        self.errors.setObjectName("errorText")
        self.errors.setWordWrap(True)
        self.errors.hide()
        note = QLabel(self.tr("保存后将按新标准重新评定全部档案，并列出类别和状态的变化。"))
        note.setObjectName("muted")
        note.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存并重新评定"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("已设定的标准（最新在上）")))
        lay.addWidget(self.table, 1)
        lay.addWidget(box)
        lay.addWidget(self.errors)
        lay.addWidget(note)
        lay.addWidget(buttons)
        self.lb.setFocus()

    def save(self) -> bool:
        for w in self.fields.values():
            mark_invalid(w, None)
        self.errors.hide()
        d = self.effective.date()
        try:
            self.saved = set_standard(
                self._db,
                lb=self.lb.text(),
                mw=self.mw.text(),
                effective=dt.date(d.year(), d.month(), d.day()),
                today=self._today,
                relative_multiple=self.relative.text().strip(),
                exit_multiple=self.exit.text().strip(),
                accident_multiple=self.accident.text().strip(),
                accident_cost_ratio=self.cost_ratio.text().strip(),
                actor=self._actor,
            )
        except ValidationFailed as exc:
            self._show(exc.errors)
            return False
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return False
        emit_result(self.saved, Changes(standards=True))
        self.accept()
        return True

    def _show(self, errors: list[FieldError]) -> None:
        lang = current_lang()
        for e in errors:
            w = self.fields.get(e.field)
            if w is not None:
                mark_invalid(w, e.message(lang))
        self.errors.setText("\n".join("• " + e.message(lang) for e in errors))
        self.errors.show()
