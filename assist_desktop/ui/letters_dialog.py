"""责任书: the responsibility letters (services.pairing: list_letters, add_letter, sign_letter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.enums import UnionLevel
from assist_desktop.domain.errors import FieldError
from assist_desktop.services import pairing, unions
from assist_desktop.services.changes import Changes
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.pairing_dialogs import CadreCombo
from assist_desktop.ui.service_form import ServiceForm, date_edit, pydate, text_of


def _d(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


class NewLetterDialog(ServiceForm):
    """新建责任书: with a lower union (one level down) or one of the home union's cadres."""

    changes_made = Changes(pairing=True)

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.setWindowTitle(self.tr("新建包保责任书"))
        self.setMinimumWidth(560)
        home = unions.get_home_union(db)
        self.set_intro(
            self.tr("甲方（上级）：%1。责任书逐级签订：与下一级工会，或与本工会的帮扶责任人。").replace(
                "%1", home.name if home else ""
            )
        )
        kind = QWidget()
        kl = QHBoxLayout(kind)
        kl.setContentsMargins(0, 0, 0, 0)
        self.to_union = QRadioButton(self.tr("下级工会"))
        self.to_person = QRadioButton(self.tr("责任人"))
        self.to_person.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.to_union)
        group.addButton(self.to_person)
        kl.addWidget(self.to_person)
        kl.addWidget(self.to_union)
        kl.addStretch(1)
        self.add_field("lower", self.tr("乙方类型"), kind)
        self.person = self.add_field(
            "person", self.tr("乙方责任人（本工会）"), CadreCombo(db, union_id=home.id if home else None)
        )
        self.lower_union = self.add_field("lower_code", self.tr("乙方工会"), self._lower_unions(db, home))
        self.goals = self.add_field(
            "goals", self.tr("目标 *"), self._long(self.tr("如：在档户每半年走访一次，年内脱困2户"))
        )
        self.measures = self.add_field(
            "measures", self.tr("措施 *"), self._long(self.tr("如：逐户建立帮扶台账，落实再就业援助"))
        )
        self.start = self.add_field("period_start", self.tr("期限起 *"), date_edit(dt.date(today.year, 1, 1)))
        self.end = self.add_field("period_end", self.tr("期限止 *"), date_edit(dt.date(today.year, 12, 31)))
        scope = QLabel(self.tr("包保档案：默认为乙方负责的全部在档户（下级工会：其所属各单位的在档户）。"))
        scope.setWordWrap(True)
        scope.setObjectName("muted")
        self.add_field("file_no", "", scope)
        self.to_union.toggled.connect(self._kind_changed)
        self._kind_changed()

    @staticmethod
    def _long(placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(60)
        return edit

    def _lower_unions(self, db: Database, home: Any) -> Any:
        """Only the parties a letter accepts: unions whose parent is this one and whose level is just below."""
        from PySide6.QtWidgets import QComboBox

        combo = QComboBox()
        combo.addItem(self.tr("（请选择）"), None)
        below = UnionLevel(home.level).rank - 1 if home is not None else -1
        for u in unions.list_unions(db):
            if home is not None and u.parent_code == home.code and UnionLevel(u.level).rank == below:
                combo.addItem(f"{u.name}（{u.code}）", u.code)
        if combo.count() == 1:
            self.to_union.setEnabled(False)
            self.to_union.setToolTip(self.tr("没有下一级工会：责任书只能与下一级工会或本工会的责任人签订。"))
        return combo

    def _kind_changed(self, _checked: bool = False) -> None:
        by_union = self.to_union.isChecked()
        self.lower_union.setEnabled(by_union)
        self.person.setEnabled(not by_union)

    def has_typed_text(self) -> bool:
        return bool(self.goals.toPlainText().strip() or self.measures.toPlainText().strip())

    def confirm_discard(self) -> bool:
        """Asked when Esc or 取消 would throw away typed goals or measures (tests replace it)."""
        answer = QMessageBox.question(
            self, self.tr("放弃填写"), self.tr("已填写的目标和措施尚未保存，确定放弃吗？")
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self.result() != QDialog.DialogCode.Accepted and self.has_typed_text() and not self.confirm_discard():
            return
        super().reject()

    def save(self) -> bool:
        by_union = self.to_union.isChecked()
        lower_code = self.lower_union.currentData() if by_union else None
        person = None if by_union else self.person.value()
        if not lower_code and not person:
            self.clear_errors()
            self.show_errors(
                [FieldError("lower_code" if by_union else "person", "请选择乙方", "choose the other party")]
            )
            return False
        return self.submit(
            lambda: pairing.add_letter(
                self.db,
                lower_code=lower_code,
                lower_person=person,
                goals=text_of(self.goals),
                measures=text_of(self.measures),
                period_start=pydate(self.start),
                period_end=pydate(self.end),
                actor=self.actor,
            )
        )


class SignLetterDialog(ServiceForm):
    """签字: one party's signatory and date."""

    changes_made = Changes(pairing=True)

    def __init__(
        self,
        db: Database,
        *,
        letter: Mapping[str, Any],
        today: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.letter_no = str(letter["letter_no"])
        self.setWindowTitle(self.tr("责任书签字 — %1").replace("%1", self.letter_no))
        side = QWidget()
        sl = QHBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        self.side_upper = QRadioButton(self.tr("甲方（%1）").replace("%1", str(letter.get("upper") or "")))
        self.side_lower = QRadioButton(self.tr("乙方（%1）").replace("%1", str(letter.get("lower") or "")))
        group = QButtonGroup(self)
        group.addButton(self.side_upper)
        group.addButton(self.side_lower)
        (self.side_lower if letter.get("upper_signed") else self.side_upper).setChecked(True)
        sl.addWidget(self.side_upper)
        sl.addWidget(self.side_lower)
        sl.addStretch(1)
        self.add_field("side", self.tr("签字方"), side)
        self.signatory = self.add_field("signatory", self.tr("签字人 *"), QLineEdit())
        self.on = self.add_field("on", self.tr("签字日期 *"), date_edit(today))

    def save(self) -> bool:
        return self.submit(
            lambda: pairing.sign_letter(
                self.db,
                letter_no=self.letter_no,
                side="upper" if self.side_upper.isChecked() else "lower",
                signatory=text_of(self.signatory),
                on=pydate(self.on),
                actor=self.actor,
            )
        )


class LettersDialog(QDialog):
    """The list of letters with 新建 and 签字."""

    def __init__(
        self,
        db: Database,
        *,
        today: dt.date,
        actor: str,
        may_edit: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.today, self.actor = db, today, actor
        self.letters: Sequence[Mapping[str, Any]] = []
        self.setWindowTitle(self.tr("包保责任书"))
        self.resize(900, 480)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("编号"),
                self.tr("甲方"),
                self.tr("乙方"),
                self.tr("户数"),
                self.tr("期限"),
                self.tr("甲方签字"),
                self.tr("乙方签字"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda *_a: self._show_current())
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton(self.tr("新建…"))
        self.sign_button = QPushButton(self.tr("签字…"))
        self.new_button.clicked.connect(self.new_letter)
        self.sign_button.clicked.connect(self.sign)
        self.may_edit = may_edit
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.sign_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 2)
        lay.addWidget(self.detail, 1)
        lay.addWidget(buttons)
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        try:
            self.letters = pairing.list_letters(self.db)
        except StorageError as exc:
            show_error(self, exc)
            return
        self.table.setRowCount(len(self.letters))
        for r, x in enumerate(self.letters):
            values = [
                x["letter_no"],
                x["upper"] or "",
                x["lower"] or "",
                str(x["household_count"]),
                f"{_d(x['period_start'])} — {_d(x['period_end'])}",
                f"{x['upper_signatory']} {_d(x['upper_signed_on'])}"
                if x["upper_signed"]
                else self.tr("未签"),
                f"{x['lower_signatory']} {_d(x['lower_signed_on'])}"
                if x["lower_signed"]
                else self.tr("未签"),
            ]
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()
        row = next((i for i, x in enumerate(self.letters) if x["letter_no"] == keep), len(self.letters) - 1)
        if row >= 0:
            self.table.selectRow(row)
        self._show_current()

    def current(self) -> Mapping[str, Any] | None:
        row = self.table.currentRow()
        return self.letters[row] if 0 <= row < len(self.letters) else None

    def _show_current(self) -> None:
        x = self.current()
        self.new_button.setEnabled(self.may_edit)
        self.sign_button.setEnabled(self.may_edit and x is not None and not x["signed"])
        if x is None:
            self.detail.setText(self.tr("还没有责任书。点“新建…”起草一份。"))
            return
        files = "、".join(f"{f['name']}（{f['file_no']}）" for f in x["files"][:12])
        if len(x["files"]) > 12:
            files += self.tr("等 %1 户").replace("%1", str(len(x["files"])))
        self.detail.setText(
            self.tr("目标：%1\n措施：%2\n包保档案：%3")
            .replace("%1", x["goals"])
            .replace("%2", x["measures"])
            .replace("%3", files or self.tr("（无）"))
        )

    def _open(self, dlg: ServiceForm) -> ServiceForm:
        dlg.accepted.connect(
            lambda: self.refresh(getattr(dlg.result_data, "get", lambda _k: None)("letter_no"))
        )
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def new_letter(self) -> ServiceForm:
        return self._open(NewLetterDialog(self.db, today=self.today, actor=self.actor, parent=self))

    def sign(self) -> ServiceForm | None:
        x = self.current()
        if x is None:
            return None
        return self._open(
            SignLetterDialog(self.db, letter=x, today=self.today, actor=self.actor, parent=self)
        )
