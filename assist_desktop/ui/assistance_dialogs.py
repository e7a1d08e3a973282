"""记录帮扶 / 记录走访 / 记录再就业帮扶: one dialog each, one service call each (services/assistance.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from assist_desktop.db.engine import Database
from assist_desktop.domain.enums import AssistanceKind, EmploymentSupportKind, FundSource
from assist_desktop.services import assistance
from assist_desktop.services.changes import Changes
from assist_desktop.ui.i18n import current_lang
from assist_desktop.ui.service_form import ServiceForm, date_edit, pydate, text_of
from assist_desktop.ui.widgets import EnumCombo, MoneyEdit, OptionalDateEdit, TriStateCombo


def _long(placeholder: str = "", height: int = 54) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _or_none(text: str) -> str | None:
    return text or None


class AssistanceDialog(ServiceForm):
    """记录帮扶: kind, date, amount (元, two decimals, checked exactly by the service), fund, helper, items, note."""

    changes_made = Changes.of_files(care=True)

    def __init__(
        self,
        db: Database,
        *,
        file_no: str,
        name: str = "",
        today: dt.date,
        actor: str,
        helper: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.file_no = file_no
        self.setWindowTitle(self.tr("记录帮扶 — %1").replace("%1", " ".join(x for x in (name, file_no) if x)))
        self.kind = self.add_field("kind", self.tr("帮扶类型 *"), EnumCombo(AssistanceKind, blank=None))
        self.given_on = self.add_field("given_on", self.tr("帮扶日期 *"), date_edit(today))
        self.amount = self.add_field("amount", self.tr("金额"), MoneyEdit())
        self.fund = self.add_field("fund_source", self.tr("资金来源 *"), EnumCombo(FundSource, blank=None))
        self.fund.set_value("union")
        self.helper = self.add_field("helper", self.tr("帮扶人"), QLineEdit())
        self.helper.setText(helper)
        self.items = self.add_field("items", self.tr("帮扶物品/内容"), _long(self.tr("如：米一袋、油一桶")))
        self.note = self.add_field("note", self.tr("备注"), _long())
        self.set_intro(self.tr("资金帮扶须填写金额（元，最多两位小数）；其他帮扶金额可不填。"))

    def save(self) -> bool:
        return self.submit(
            lambda: assistance.add_assistance(
                self.db,
                file_no=self.file_no,
                kind=self.kind.value() or "",
                amount=self.amount.text().strip() or None,
                fund=self.fund.value() or "",
                given_on=pydate(self.given_on),
                helper=_or_none(text_of(self.helper)),
                items=_or_none(text_of(self.items)),
                note=_or_none(text_of(self.note)),
                today=self.today,
                actor=self.actor,
            )
        )


class VisitDialog(ServiceForm):
    """记录走访: a home visit; its state of mind becomes the file's (the 思想状况清), its date the last visit."""

    changes_made = Changes.of_files(care=True)

    def __init__(
        self,
        db: Database,
        *,
        file_no: str,
        name: str = "",
        today: dt.date,
        actor: str,
        after_exit: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.file_no = file_no
        self.setWindowTitle(self.tr("记录走访 — %1").replace("%1", " ".join(x for x in (name, file_no) if x)))
        self.visited_on = self.add_field("visited_on", self.tr("走访日期 *"), date_edit(today))
        self.visitor = self.add_field("visitor", self.tr("走访人 *"), QLineEdit())
        self.living = self.add_field("living_situation", self.tr("生活状况"), _long())
        self.needs = self.add_field("needs", self.tr("主要需求"), _long())
        self.explained = self.add_field("explained", self.tr("宣讲的政策"), _long())
        self.state_of_mind = self.add_field(
            "state_of_mind", self.tr("思想状况"), _long(self.tr("态度与主要顾虑（填写后即为“思想状况清”）"))
        )
        # the service decides: a visit after an exit out of hardship is a follow-up visit; the box shows it
        self.follow_up = QCheckBox(self.tr("脱困后的跟踪回访"))
        self.follow_up.setChecked(after_exit)
        self.follow_up.setEnabled(False)
        self.follow_up.setToolTip(self.tr("档案已脱困退档时，走访自动记为跟踪回访（脱困后至少回访6个月）。"))
        self.add_field("follow_up", "", self.follow_up)
        self.set_intro(self.tr("走访会更新档案的“最近走访日期”；填写思想状况后，档案的思想状况清随之更新。"))

    def save(self) -> bool:
        return self.submit(
            lambda: assistance.add_visit(
                self.db,
                file_no=self.file_no,
                visitor=text_of(self.visitor),
                visited_on=pydate(self.visited_on),
                living_situation=_or_none(text_of(self.living)),
                needs=_or_none(text_of(self.needs)),
                explained=_or_none(text_of(self.explained)),
                state_of_mind=_or_none(text_of(self.state_of_mind)),
                today=self.today,
                actor=self.actor,
            )
        )


class EmploymentDialog(ServiceForm):
    """记录再就业帮扶: certificate, referral, training, loan, insurance subsidy, public-welfare post, placement or
    business start (the last three re-evaluate the file: the income watch may begin)."""

    changes_made = Changes.of_files(care=True)

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
        self.setWindowTitle(
            self.tr("记录再就业帮扶 — %1").replace("%1", " ".join(x for x in (name, file_no) if x))
        )
        self.kind = self.add_field(
            "kind", self.tr("帮扶方式 *"), EnumCombo(EmploymentSupportKind, blank=None)
        )
        self.started_on = self.add_field("started_on", self.tr("开始日期 *"), date_edit(today))
        self.ended_on = self.add_field("ended_on", self.tr("结束日期"), OptionalDateEdit())
        self.detail = self.add_field("detail", self.tr("内容"), _long(self.tr("如：推荐岗位、培训课程名称")))
        self.certificate = self.add_field("certificate", self.tr("证书"), QLineEdit())
        self.outcome = self.add_field("outcome", self.tr("结果"), QLineEdit())
        self.found_work = self.add_field("found_work", self.tr("是否就业"), TriStateCombo())
        self.amount = self.add_field("amount", self.tr("金额（贷款/补贴）"), MoneyEdit())
        self.lender = self.add_field("lender", self.tr("贷款机构"), QLineEdit())
        self.term = QSpinBox()
        self.term.setRange(0, 360)
        self.term.setSpecialValueText(self.tr("（未填）"))
        self.term.setSuffix(self.tr(" 个月"))
        self.add_field("term_months", self.tr("贷款期限"), self.term)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self, _index: int = 0) -> None:
        loan = self.kind.value() == "loan"
        for w in (self.lender, self.term):
            w.setEnabled(loan)
        value = self.kind.value()
        starts = value is not None and EmploymentSupportKind(value).starts_work
        self.set_intro(
            self.tr("岗位安置、公益性岗位和自主创业记为已就业，保存后按现行标准重新评定档案（收入达到脱困线的进入收入观察）。")
            if starts else ""
        )

    def save(self) -> bool:
        loan = self.kind.value() == "loan"
        return self.submit(
            lambda: assistance.add_employment_support(
                self.db,
                file_no=self.file_no,
                kind=self.kind.value() or "",
                started_on=pydate(self.started_on),
                ended_on=self.ended_on.value(),
                detail=_or_none(text_of(self.detail)),
                outcome=_or_none(text_of(self.outcome)),
                certificate=_or_none(text_of(self.certificate)),
                found_work=self.found_work.value(),
                amount=self.amount.text().strip() or None,
                lender=_or_none(text_of(self.lender)) if loan else None,
                term_months=(self.term.value() or None) if loan else None,
                today=self.today,
                actor=self.actor,
            )
        )


class EmploymentOutcomeDialog(ServiceForm):
    """记录就业结果: what came of a training or referral later (found work, the outcome, the end, the certificate)."""

    changes_made = Changes.of_files(care=True)

    def __init__(
        self,
        db: Database,
        *,
        record: assistance.EmploymentSupportView,
        name: str = "",
        today: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, today=today, actor=actor, parent=parent)
        self.record = record
        kind = EmploymentSupportKind(record.kind).label_for(current_lang())
        self.setWindowTitle(
            self.tr("记录就业结果 — %1").replace("%1", " ".join(x for x in (name, record.file_no) if x))
        )
        self.set_intro(
            self.tr("%1 %2 %3").replace("%1", record.started_on.isoformat()).replace("%2", kind)
            .replace("%3", record.detail or "")
        )
        self.found_work = self.add_field("found_work", self.tr("其后是否就业"), TriStateCombo())
        self.found_work.set_value(record.found_work)
        self.outcome = self.add_field("outcome", self.tr("结果"), QLineEdit(record.outcome or ""))
        self.ended_on = self.add_field("ended_on", self.tr("结束日期"), OptionalDateEdit())
        self.ended_on.set_value(record.ended_on)
        self.certificate = self.add_field("certificate", self.tr("证书"), QLineEdit(record.certificate or ""))

    def save(self) -> bool:
        return self.submit(
            lambda: assistance.update_employment_support(
                self.db,
                record_id=self.record.id,
                found_work=self.found_work.value(),
                outcome=_or_none(text_of(self.outcome)),
                ended_on=self.ended_on.value(),
                certificate=_or_none(text_of(self.certificate)),
                today=self.today,
                actor=self.actor,
            )
        )
