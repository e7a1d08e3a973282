"""First start: which union keeps this database, its standard, and (optionally) demo households."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.enums import UnionLevel
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.validation import parse_money_fen
from assist_desktop.services.standards import set_standard
from assist_desktop.services.unions import init_union, union_identity_errors
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.widgets import EnumCombo, MoneyEdit, clear_mark_on_change, mark_invalid


class FirstStartDialog(QDialog):
    """Sets the home union and its first standard; `wants_demo` says whether to build demo data next."""

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._today, self._actor = db, today, actor
        self.setWindowTitle(self.tr("首次使用：设定本工会"))
        self.setMinimumWidth(520)

        intro = QLabel(
            self.tr(
                "欢迎使用绿卡帮扶档案。请先填写保管本数据库的工会，以及当地的低保标准和最低工资。"
                "工会名称、上级工会代码和联系方式以后可以在“设置 → 本工会”中修改，标准可在“设置 → 低保标准”中修改。"
            )
        )
        intro.setWordWrap(True)

        union_box = QGroupBox(self.tr("本工会"))
        uf = QFormLayout(union_box)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("如：230102001"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：哈尔滨锅炉厂工会"))
        self.level = EnumCombo(UnionLevel, blank=None)
        self.parent_code = QLineEdit()
        self.parent_code.setPlaceholderText(self.tr("上报的接收方（省总工会不填）"))
        uf.addRow(self.tr("工会代码 *"), self.code)
        uf.addRow(self.tr("工会名称 *"), self.name)
        uf.addRow(self.tr("工会级别 *"), self.level)
        uf.addRow(self.tr("上级工会代码 *"), self.parent_code)

        std_box = QGroupBox(self.tr("当地标准"))
        sf = QFormLayout(std_box)
        self.lb = MoneyEdit()
        self.lb.setText("720")
        self.mw = MoneyEdit()
        self.mw.setText("2080")
        self.effective = QDateEdit()
        self.effective.setDisplayFormat("yyyy-MM-dd")
        self.effective.setCalendarPopup(True)
        self.effective.setDate(QDate(today.year, 1, 1))
        sf.addRow(self.tr("低保标准（元/月/人）"), self.lb)
        sf.addRow(self.tr("最低工资标准（元/月）"), self.mw)
        sf.addRow(self.tr("生效日期"), self.effective)

        self.demo = QCheckBox(self.tr("生成演示数据（500户，用于熟悉操作）"))
        self.demo.setChecked(False)
        demo_note = QLabel(self.tr("演示档案不会上报，可随时在“设置 → 删除演示数据”中一次删除。"))
        demo_note.setWordWrap(True)
        demo_note.setObjectName("muted")

        self.errors = QLabel()
        self.errors.setObjectName("errorText")
        self.errors.setWordWrap(True)
        self.errors.hide()
        self.fields = {
            "union_code": self.code,
            "union_name": self.name,
            "level": self.level,
            "parent_code": self.parent_code,
            "lb": self.lb,
            "mw": self.mw,
            "effective": self.effective,
        }

        for w in self.fields.values():
            clear_mark_on_change(w)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始使用"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(union_box)
        lay.addWidget(std_box)
        lay.addWidget(self.demo)
        lay.addWidget(demo_note)
        lay.addWidget(self.errors)
        lay.addWidget(buttons)
        self.code.setFocus()

    @property
    def wants_demo(self) -> bool:
        return self.demo.isChecked()

    def save(self) -> bool:
        """Record the union, then the standard (each idempotent, so a retry after an error is safe)."""
        for w in self.fields.values():
            mark_invalid(w, None)
        self.errors.hide()
        d = self.effective.date()
        problems = union_identity_errors(code=self.code.text(), name=self.name.text(),
                                         level=self.level.value(), parent_code=self.parent_code.text())
        for key, edit in (("lb", self.lb), ("mw", self.mw)):
            try:
                parse_money_fen(edit.text(), key, required=True)
            except ValidationFailed as exc:
                problems.extend(exc.errors)
        if problems:  # every problem at once, nothing written
            self._show(problems)
            return False
        try:
            init_union(
                self._db,
                code=self.code.text().strip(),
                name=self.name.text().strip(),
                level=self.level.value() or "",
                parent_code=self.parent_code.text().strip() or None,
                actor=self._actor,
            )
            set_standard(
                self._db,
                lb=self.lb.text(),
                mw=self.mw.text(),
                effective=dt.date(d.year(), d.month(), d.day()),
                today=self._today,
                actor=self._actor,
            )
        except ValidationFailed as exc:
            self._show(exc.errors)
            return False
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True

    def _show(self, errors: list[FieldError]) -> None:
        lang = current_lang()
        first: QWidget | None = None
        for e in errors:
            w = self.fields.get(e.field)
            if w is not None:
                mark_invalid(w, e.message(lang))
                first = first or w
        if first is not None:
            first.setFocus()
        self.errors.setText("\n".join("• " + e.message(lang) for e in errors))
        self.errors.show()
