"""设置 → 本工会: the home union's identity (name, parent code, contact) and the unions it sends exports to."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.enums import UnionLevel
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.services.unions import add_union, get_home_union, list_unions, update_home_union
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.jobs import show_error
from assist_desktop.ui.signals import emit_result
from assist_desktop.ui.widgets import EnumCombo, clear_mark_on_change, mark_invalid


class UnionDialog(QDialog):
    """Edits the home union (code and level stay: they name the files) and adds known receiving unions."""

    def __init__(self, db: Database, *, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.setWindowTitle(self.tr("本工会"))
        self.resize(720, 560)
        home = get_home_union(db)
        if home is None:
            raise DomainError("尚未设定本工会", "the home union is not set yet")

        ident = QGroupBox(self.tr("本工会信息"))
        form = QFormLayout(ident)
        lang = current_lang()
        self.code_label = QLabel(home.code)
        self.level_label = QLabel(UnionLevel(home.level).label_for(lang))
        self.name = QLineEdit(home.name)
        self.parent_code = QLineEdit(home.parent_code or "")
        self.parent_code.setPlaceholderText(self.tr("上报的接收方（省总工会不填）"))
        self.phone = QLineEdit(home.contact_phone or "")
        self.address = QLineEdit(home.address or "")
        form.addRow(self.tr("工会代码"), self.code_label)
        form.addRow(self.tr("工会级别"), self.level_label)
        form.addRow(self.tr("工会名称 *"), self.name)
        form.addRow(self.tr("上级工会代码"), self.parent_code)
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.tr("地址"), self.address)
        note = QLabel(self.tr("工会代码和级别决定档案编号，不能修改；如需更换请使用新的数据库。"))
        note.setObjectName("muted")
        note.setWordWrap(True)
        form.addRow(note)
        self.fields: dict[str, QWidget] = {
            "union_name": self.name, "parent_code": self.parent_code, "contact_phone": self.phone,
            "union_address": self.address,
        }
        for w in self.fields.values():
            clear_mark_on_change(w)

        known = QGroupBox(self.tr("已知工会（导出时可选作接收方）"))
        kl = QVBoxLayout(known)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("工会代码"), self.tr("工会名称"), self.tr("级别")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        kl.addWidget(self.table)
        add_row = QHBoxLayout()
        self.new_code = QLineEdit()
        self.new_code.setPlaceholderText(self.tr("代码"))
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("名称"))
        self.new_level = EnumCombo(UnionLevel, blank=None)
        self.new_level.set_value("county")
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.clicked.connect(self.add_receiver)
        add_row.addWidget(self.new_code, 2)
        add_row.addWidget(self.new_name, 3)
        add_row.addWidget(self.new_level, 1)
        add_row.addWidget(self.add_button)
        kl.addLayout(add_row)
        for w in (self.new_code, self.new_name):
            clear_mark_on_change(w)

        self.errors = QLabel()
        self.errors.setObjectName("errorText")
        self.errors.setWordWrap(True)
        self.errors.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(ident)
        lay.addWidget(known, 1)
        lay.addWidget(self.errors)
        lay.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        lang = current_lang()
        others = [u for u in list_unions(self._db) if not u.is_home]
        self.table.setRowCount(len(others))
        for r, u in enumerate(others):
            for c, text in enumerate((u.code, u.name, UnionLevel(u.level).label_for(lang))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)

    def save(self) -> bool:
        """Write the identity; every problem is shown at once, next to its field."""
        self._clear()
        try:
            changes = update_home_union(
                self._db, name=self.name.text(), parent_code=self.parent_code.text(),
                contact_phone=self.phone.text(), address=self.address.text(), actor=self._actor,
            )
        except ValidationFailed as exc:
            self._show(exc.errors)
            return False
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return False
        emit_result(changes)
        self._fill()
        self.accept()
        return True

    def add_receiver(self) -> bool:
        self._clear()
        try:
            view = add_union(self._db, code=self.new_code.text(), name=self.new_name.text(),
                             level=self.new_level.value() or "", actor=self._actor)
        except ValidationFailed as exc:
            self._show(exc.errors, {"union_code": self.new_code, "union_name": self.new_name})
            return False
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return False
        emit_result(view)
        self.new_code.clear()
        self.new_name.clear()
        self._fill()
        return True

    def _clear(self) -> None:
        for w in (*self.fields.values(), self.new_code, self.new_name):
            mark_invalid(w, None)
        self.errors.hide()

    def _show(self, errors: list[FieldError], fields: dict[str, QWidget] | None = None) -> None:
        lang = current_lang()
        where = fields or self.fields
        for e in errors:
            w = where.get(e.field)
            if w is not None:
                mark_invalid(w, e.message(lang))
        self.errors.setText("\n".join("• " + e.message(lang) for e in errors))
        self.errors.show()


__all__ = ["UnionDialog"]
