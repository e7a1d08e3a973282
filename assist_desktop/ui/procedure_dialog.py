"""程序步骤: record one step of the current file's intake or exit procedure (services/procedure.record_step).

The dialog shows where the file stands (the category the rules propose, the next step, the steps done) and
offers the step that comes next; the fields of the chosen step are enabled, the others greyed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from assist_desktop.db.engine import Database
from assist_desktop.domain.options import EXIT_STEPS, INTAKE_STEPS
from assist_desktop.domain.procedure import STEP_LABELS
from assist_desktop.services import procedure
from assist_desktop.ui.service_form import ServiceForm, date_edit, pydate, text_of

if TYPE_CHECKING:
    from assist_desktop.ui.main_window import MainWindow

#: the fields each step uses (the others are greyed)
_FIELDS = {
    "application": {"by", "by_name", "note"},
    "home_visit": {"by_name", "note"},
    "consent": {"consent", "consent_file", "note"},
    "income_check": {"result", "note"},
    "notice": {"objection", "answer", "upheld", "note"},
    "approval": {"result", "level", "by_name", "note"},
    "proposal": {"by", "by_name", "note"},
    "decision": {"result", "note"},
}


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    return box


def _text(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(54)
    return edit


class ProcedureStepDialog(ServiceForm):
    """One step of the intake (申请 … 审批) or exit (提议, 集体决定) procedure, with its own fields."""

    def __init__(
        self,
        db: Database,
        *,
        file_no: str,
        name: str = "",
        today: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.file_no = file_no
        self.setWindowTitle(self.tr("程序步骤") + f" — {' '.join(x for x in (name, file_no) if x)}")
        view = procedure.procedure_state(db, file_no=file_no, as_of=today)
        self.view = view
        enabled = [("intake", s) for s in view.intake["enabled"]] + [("exit", s) for s in view.exit["enabled"]]
        self.step = self.add_field("step", self.tr("步骤 *"), QComboBox())
        for proc, step in enabled:
            label = STEP_LABELS[step][0]
            self.step.addItem(("入档：" if proc == "intake" else "退档：") + label, step)
        following = view.intake["next_step"] or view.exit["next_step"]
        if following is not None and self.step.findData(following) >= 0:
            self.step.setCurrentIndex(self.step.findData(following))
        self.on = self.add_field("on", self.tr("办理日期 *"), date_edit(today))
        self.by = self.add_field("by", self.tr("申请方式"), _combo([
            ("applicant", self.tr("本人申请")), ("proposer", self.tr("推荐或提议")), ("reviewer", self.tr("审核人"))]))
        self.by_name = self.add_field("by_name", self.tr("经办人"), QLineEdit())
        self.by_name.setPlaceholderText(self.tr("入户调查须写明调查人"))
        self.consent = self.add_field("consent", self.tr("核对授权"), QCheckBox(self.tr("已签署家庭经济状况核对授权")))
        self.consent_file = self.add_field("consent_file", self.tr("授权书附件"), QLineEdit())
        self.consent_file.setPlaceholderText(self.tr("扫描件的路径（可不填，勾选已签署即可）"))
        self.result_box = self.add_field("result", self.tr("结果"), _combo([
            ("pass", self.tr("通过")), ("fail", self.tr("未通过"))]))
        self.level = self.add_field("level", self.tr("审批层级"), _combo([
            ("union", self.tr("本级工会")), ("parent", self.tr("上级工会"))]))
        self.objection = self.add_field("objection", self.tr("异议"), _text(self.tr("公示期间收到的异议（无则不填）")))
        self.answer = self.add_field("answer", self.tr("答复"), _text(self.tr("对异议的答复")))
        self.upheld = self.add_field("upheld", self.tr("异议成立"), QCheckBox(self.tr("异议成立，终止入档")))
        self.note = self.add_field("note", self.tr("备注"), _text(""))
        self.step.currentIndexChanged.connect(self._step_changed)
        self._step_changed()
        summary = [view.status_label]
        if view.proposed_category_label:
            summary.append(self.tr("规则认定：%1").replace("%1", view.proposed_category_label))
        if view.intake["enabled"]:
            summary.append(self.tr("入档程序：%1").replace("%1", view.intake["summary"]))
        if view.exit["enabled"]:
            summary.append(self.tr("退档程序：%1").replace("%1", view.exit["summary"]))
        if not enabled:
            summary.append(self.tr("本会未启用任何程序步骤（设置 step_* / exit_step_*），档案按规则自动登记和退档"))
            self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(False)
        self.set_intro("；".join(summary))
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("记录"))

    def _step_changed(self, _index: int = 0) -> None:
        used = _FIELDS.get(self.current_step() or "", set())
        for key in ("by", "by_name", "consent", "consent_file", "result", "level", "objection", "answer", "upheld"):
            self.fields[key].setEnabled(key in used)

    def current_step(self) -> str | None:
        value = self.step.currentData(Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def save(self) -> bool:
        step = self.current_step()
        if step is None:
            return False
        used = _FIELDS.get(step, set())

        def given(key: str, value: str | None) -> str | None:
            return value if key in used and value else None

        return self.submit(
            lambda: procedure.record_step(
                self.db,
                file_no=self.file_no,
                step=step,
                procedure="exit" if step in EXIT_STEPS and step not in INTAKE_STEPS else "intake",
                on=pydate(self.on),
                by=given("by", self.by.currentData()),
                by_name=given("by_name", self.by_name.text().strip()),
                result=given("result", self.result_box.currentData()),
                level=given("level", self.level.currentData()),
                objection=given("objection", text_of(self.objection)),
                answer=given("answer", text_of(self.answer)),
                upheld="upheld" in used and self.upheld.isChecked(),
                consent="consent" in used and self.consent.isChecked(),
                consent_file=given("consent_file", self.consent_file.text().strip()),
                note=text_of(self.note) or None,
                today=self.today,
                actor=self.actor,
            )
        )


def open_procedure_dialog(window: MainWindow) -> ProcedureStepDialog | None:
    """The 程序步骤 action: the dialog for the current file, window-modal."""
    file_no = window.current_file_no()
    if file_no is None:
        return None
    dialog = ProcedureStepDialog(window.db, file_no=file_no, today=window.today, actor=window.actor, parent=window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
