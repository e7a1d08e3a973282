"""包保: 指定责任人, 移交, 未落实责任人, 责任人管理 (services/pairing.py, services/unions.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.enums import CadreRole, FileStatus
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.pinyin import name_initials
from assist_desktop.services import pairing, unions
from assist_desktop.services.changes import Changes
from assist_desktop.ui.i18n import current_lang, enum_label
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.service_form import ServiceForm, date_edit, pydate, text_of
from assist_desktop.ui.signals import emit_result, listen
from assist_desktop.ui.widgets import EnumCombo


class CadreCombo(QComboBox):
    """Active cadres by name, their id as item data (names may repeat; the id is what the service gets).

    Searchable: type part of a name or its pinyin initials ("zm" for 赵敏) and the list narrows to the matches.
    """

    def __init__(
        self,
        db: Database,
        *,
        include_left: bool = False,
        union_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.addItem(self.tr("（请选择）"), None)
        names: dict[str, int] = {}
        cadres = [
            c
            for c in unions.list_cadres(db, include_left=include_left)
            if union_id is None or c.union_id == union_id
        ]
        for c in cadres:
            names[c.name] = names.get(c.name, 0) + 1
        self._keys: list[str] = [""]
        for c in cadres:
            text = c.name
            if names[c.name] > 1 or c.phone:
                text += f"（{c.phone or c.id[:8]}）"
            if not c.active:
                text += self.tr(" [已离开]")
            self.addItem(text, c.id)
            self._keys.append(f"{c.name} {name_initials(c.name)} {c.phone or ''}".lower())
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.matches = QStringListModel(self)
        self._match_ids: list[str] = []
        completer = QCompleter(self.matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated[QModelIndex].connect(self._picked)  # type: ignore[index]
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("输入姓名或拼音首字母查找"))
            line.textEdited.connect(self.filter)

    def filter(self, text: str) -> list[str]:
        """The cadres whose name, initials or phone contain `text`, offered in the pop-up; returns their labels."""
        needle = text.strip().lower()
        rows = [i for i in range(1, self.count()) if needle and needle in self._keys[i]]
        self._match_ids = [str(self.itemData(i)) for i in rows]
        labels = [self.itemText(i) for i in rows]
        self.matches.setStringList(labels)
        completer = self.completer()
        if completer is not None and labels and self.isVisible():
            completer.complete()
        if len(rows) == 1:
            self.setCurrentIndex(rows[0])
        return labels

    def _picked(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._match_ids):
            self.set_value(self._match_ids[index.row()])

    def value(self) -> str | None:
        index = self.currentIndex()
        if index > 0 and self.currentText() == self.itemText(index):
            return str(self.itemData(index))
        exact = self.findText(self.currentText().strip())
        return str(self.itemData(exact)) if exact > 0 else None

    def set_value(self, cadre_id: str | None) -> None:
        self.setCurrentIndex(max(0, self.findData(cadre_id)) if cadre_id else 0)


class UnitCombo(QComboBox):
    """Unions and units by name (blank: the cadre's own union)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("（责任人所在单位）"), None)
        for u in unions.list_unions(db):
            self.addItem(f"{u.name}（{u.code}）", u.code)

    def value(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None


class AssignDialog(ServiceForm):
    """指定责任人: one person (and unit) for one or many files, in one step."""

    changes_made = Changes.of_files(pairing=True)

    def __init__(
        self,
        db: Database,
        *,
        file_nos: Sequence[str],
        today: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.file_nos = list(file_nos)
        self.setWindowTitle(self.tr("指定帮扶联系责任人"))
        shown = "、".join(self.file_nos[:5]) + ("……" if len(self.file_nos) > 5 else "")
        self.set_intro(
            self.tr("为 %1 份档案指定帮扶联系责任人：%2")
            .replace("%1", str(len(self.file_nos)))
            .replace("%2", shown)
        )
        self.person = self.add_field("person", self.tr("责任人 *"), CadreCombo(db))
        self.unit = self.add_field("unit_code", self.tr("责任单位"), UnitCombo(db))
        self.on = self.add_field("on", self.tr("起始日期 *"), date_edit(today))
        self.note = self.add_field("note", self.tr("备注"), QLineEdit())

    def save(self) -> bool:
        person = self.person.value()
        if person is None:
            from assist_desktop.domain.errors import FieldError

            self.clear_errors()
            self.show_errors([FieldError("person", "请选择责任人", "choose a person")])
            return False
        return self.submit(
            lambda: pairing.assign(
                self.db,
                file_nos=self.file_nos,
                person=person,
                unit_code=self.unit.value(),
                on=pydate(self.on),
                actor=self.actor,
                note=text_of(self.note) or None,
            )
        )


class HandoverDialog(ServiceForm):
    """移交: every household of one cadre to another, in one step; says how many files moved."""

    changes_made = Changes.of_files(pairing=True) | Changes(unions=True)

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.setWindowTitle(self.tr("责任人工作移交"))
        self.set_intro(self.tr("把交出人负责的全部在档户一次移交给接收人；历史记录保留。"))
        self.giver = self.add_field("from_person", self.tr("交出人 *"), CadreCombo(db, include_left=True))
        self.taker = self.add_field("to_person", self.tr("接收人 *"), CadreCombo(db))
        self.on = self.add_field("on", self.tr("移交日期 *"), date_edit(today))
        self.mark_left = QCheckBox(self.tr("同时登记交出人已离开"))
        self.mark_left.setChecked(True)
        self.add_field("mark_left", "", self.mark_left)
        self.note = self.add_field("note", self.tr("说明"), QLineEdit())
        self.note.setPlaceholderText(self.tr("如：调离本单位"))

    def save(self) -> bool:
        from assist_desktop.domain.errors import FieldError

        giver, taker = self.giver.value(), self.taker.value()
        missing = [
            FieldError(k, "请选择", "choose a person")
            for k, v in (("from_person", giver), ("to_person", taker))
            if not v
        ]
        if missing:
            self.clear_errors()
            self.show_errors(missing)
            return False
        assert giver is not None and taker is not None
        ok = self.submit(
            lambda: pairing.handover(
                self.db,
                from_person=giver,
                to_person=taker,
                on=pydate(self.on),
                actor=self.actor,
                mark_left=self.mark_left.isChecked(),
                note=text_of(self.note) or None,
            )
        )
        return ok

    def summary(self) -> str:
        r = self.result_data
        if r is None:
            return ""
        return self.tr("已将 %1 份档案移交给 %2。").replace("%1", str(len(r.files))).replace("%2", r.person)


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(t: QTableWidget, rows: list[list[str]], data: list[object] | None = None) -> None:
    t.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            t.setItem(r, c, item)
    t.resizeColumnsToContents()


class CoverageDialog(QDialog):
    """未落实责任人: active files without a responsible person (or whose person left); double-click opens one."""

    openFile = Signal(str)

    def __init__(
        self, db: Database, *, on_open: Callable[[str], object] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("未落实帮扶联系责任人的档案"))
        self.resize(640, 460)
        self.summary = QLabel()
        self.table = _table([self.tr("档案编号"), self.tr("姓名"), self.tr("状态"), self.tr("问题")])
        self.table.cellDoubleClicked.connect(self._open)
        self.table.cellActivated.connect(self._open)
        if on_open is not None:
            self.openFile.connect(on_open)
        hint = QLabel(self.tr("双击一行打开该档案。"))
        hint.setObjectName("muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        listen(self, self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        # who covers which file: files come and go, people are assigned, cadres leave
        if self.isVisible() and (changes.files or changes.pairing or changes.unions):
            self.refresh()

    def refresh(self) -> None:
        try:
            data = pairing.coverage(self.db, limit=5000)
        except StorageError as exc:
            show_error(self, exc)
            return
        self.data = data
        self.summary.setText(
            self.tr("在档 %1 户，已落实 %2 户，未落实 %3 户。")
            .replace("%1", str(data["active"]))
            .replace("%2", str(data["covered"]))
            .replace("%3", str(data["uncovered"]))
        )
        rows = []
        for f in data["files"]:
            problem = f["problem"]
            if current_lang() == "en":
                problem = "responsible person has left" if f["left_person"] else "no responsible person"
            if f["left_person"]:
                problem += f"（{f['left_person']}）"
            rows.append([f["file_no"], f["name"], enum_label(FileStatus, f["status"]), problem])
        _fill(self.table, rows)

    def _open(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.openFile.emit(item.text())


class AddCadreDialog(ServiceForm):
    """A new cadre: name, union, role, title, phone (services.unions.add_cadre)."""

    changes_made = Changes(unions=True, pairing=True)

    def __init__(self, db: Database, *, today: dt.date, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.setWindowTitle(self.tr("新增责任人"))
        self.name = self.add_field("name", self.tr("姓名 *"), QLineEdit())
        self.union = self.add_field("union_code", self.tr("所在工会"), UnitCombo(db))
        self.union.setItemText(0, self.tr("（本工会）"))
        self.role = self.add_field("role", self.tr("身份"), EnumCombo(CadreRole, blank=None))
        self.role.set_value("cadre")
        self.title = self.add_field("title", self.tr("职务"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("手机号码"), QLineEdit())

    def save(self) -> bool:
        return self.submit(
            lambda: unions.add_cadre(
                self.db,
                name=text_of(self.name),
                union_code=self.union.value(),
                role=self.role.value() or "cadre",
                title=text_of(self.title) or None,
                phone=text_of(self.phone) or None,
                actor=self.actor,
            )
        )


class CadresDialog(QDialog):
    """责任人管理: the list of cadres (with those who left), add one, mark one as left."""

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
        self.setWindowTitle(self.tr("责任人管理"))
        self.resize(640, 440)
        self.show_left = QCheckBox(self.tr("显示已离开的"))
        self.show_left.toggled.connect(lambda _c: self.refresh())
        self.table = _table(
            [self.tr("姓名"), self.tr("身份"), self.tr("职务"), self.tr("手机号码"), self.tr("状态")]
        )
        self.add_button = QPushButton(self.tr("新增责任人…"))
        self.left_button = QPushButton(self.tr("登记离开…"))
        self.add_button.clicked.connect(self.add_cadre)
        self.left_button.clicked.connect(self.mark_left)
        for b in (self.add_button, self.left_button):
            b.setEnabled(may_edit)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.left_button)
        row.addStretch(1)
        row.addWidget(self.show_left)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        lay.addWidget(
            QLabel(self.tr("责任人离开前，请用“移交”把其负责的档案交给他人（移交时也可一并登记离开）。"))
        )
        lay.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            cadres = unions.list_cadres(self.db, include_left=self.show_left.isChecked())
        except StorageError as exc:
            show_error(self, exc)
            return
        rows = [
            [
                c.name,
                enum_label(CadreRole, c.role),
                c.title or "",
                c.phone or "",
                self.tr("在职") if c.active else self.tr("%1 离开").replace("%1", str(c.left_on or "")),
            ]
            for c in cadres
        ]
        _fill(self.table, rows, [c.id for c in cadres])

    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def add_cadre(self) -> AddCadreDialog:
        dlg = AddCadreDialog(self.db, today=self.today, actor=self.actor, parent=self)
        dlg.accepted.connect(self.refresh)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def mark_left(self, _checked: bool = False, *, confirm: bool = True) -> bool:
        cadre_id = self.selected_id()
        if cadre_id is None:
            return False
        item = self.table.item(self.table.currentRow(), 0)
        name = item.text() if item is not None else ""
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("登记离开"),
                self.tr("登记 %1 已于 %2 离开？其负责的档案将列入“未落实责任人”，请及时移交。")
                .replace("%1", name)
                .replace("%2", self.today.isoformat()),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            result = unions.cadre_left(self.db, person=cadre_id, on=self.today, actor=self.actor)
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return False
        emit_result(result, Changes(unions=True, pairing=True))
        self.refresh()
        return True
