"""Printouts: gather a file's data, label it in Chinese, mask what the paper does not need, render with printing/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Cadre, HardshipFile, UnionOrg
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.five_clear import check_five_clear
from assist_desktop.domain.validation import format_fen, mask_account, mask_id_number
from assist_desktop.printing.card import CardData, cards_pdf
from assist_desktop.printing.sheet import SheetData, sheet_pdf
from assist_desktop.services.common import home_union
from assist_desktop.services.files import FileDetail, _detail, get_by_no

HOTLINE_SETTING = "12351"  # the national union hotline; a union may print its own centre's number


def _label(enum: type[E.LabeledEnum], value: str | None) -> str:
    if not value:
        return ""
    try:
        return enum(value).label
    except ValueError:
        return value


def _labels(enum: type[E.LabeledEnum], values: str | None) -> str:
    return "、".join(_label(enum, v) for v in (values or "").split(",") if v)


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _per_capita(f: HardshipFile) -> str:
    if f.per_capita_monthly_fen is not None:
        return format_fen(f.per_capita_monthly_fen)
    size = max(1, f.household_size)
    return format_fen(max(0, f.household_annual_income_fen - f.unavoidable_spending_fen) // size // 12)


def card_for(f: HardshipFile, *, union: UnionOrg, person: Cadre | None, on: dt.date) -> CardData:
    return CardData(
        file_no=f.file_no, name=f.name, sex=_label(E.Sex, f.sex), age=_age(f.birth_date, on),
        id_masked=mask_id_number(f.id_number), category=_label(E.Category, f.category) or "未定类别",
        status=_label(E.FileStatus, f.status), household_size=f.household_size, per_capita=_per_capita(f),
        main_cause=_label(E.Cause, f.main_cause) or "", employer=f.employer or "", address=f.address or "",
        phone=f.phone or "", responsible=person.name if person else "（未落实）",
        responsible_phone=(person.phone or "") if person else "", union_name=union.name, issued_on=on,
        hotline=HOTLINE_SETTING,
    )


def green_cards(db: Database, *, file_nos: Sequence[str] = (), status: str | None = None, on: dt.date,
                out: Path | None = None, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Green cards for the named files, or for every file in a status (e.g. all registered).

    Raises:
        NotFound: a named file does not exist.
        DomainError: nothing to print.
    """
    with db.reader() as s:
        union = home_union(s)
        if file_nos:
            files = [get_by_no(s, no) for no in file_nos]
        else:
            q = select(HardshipFile).order_by(HardshipFile.file_no)
            if status:
                q = q.where(HardshipFile.status == status)
            else:
                q = q.where(HardshipFile.status.in_([st.value for st in E.ACTIVE_STATUSES]))
            files = list(s.scalars(q))
        if not files:
            raise DomainError("没有可打印的档案", "no files to print")
        people = {c.id: c for c in s.scalars(select(Cadre).where(
            Cadre.id.in_({f.responsible_person_id for f in files if f.responsible_person_id})))}
        cards = [card_for(f, union=union, person=people.get(f.responsible_person_id or ""), on=on) for f in files]
    total = len(cards)
    data = cards_pdf(cards, progress=(lambda n: progress(n, total)) if progress else None)
    if out is not None:
        _write(out, data)
    return data


def _write(out: Path, data: bytes) -> None:
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)  # never a half-written PDF under the real name


def sheet_for(detail: FileDetail, *, on: dt.date, full_id: bool) -> SheetData:
    f = detail.file
    ident = f.id_number if full_id else mask_id_number(f.id_number)
    five = check_five_clear(f, detail.members)
    sections = [
        ("基本情况", [
            ("姓名", f.name), ("性别", _label(E.Sex, f.sex)),
            ("身份证号", ident), ("出生日期", f"{f.birth_date:%Y-%m-%d}（{_age(f.birth_date, on)}岁）"),
            ("民族", f.ethnicity or ""), ("政治面貌", _label(E.PoliticalStatus, f.political_status)),
            ("联系电话", f.phone or ""), ("所属区县", f.district or ""),
            ("家庭住址", f.address or ""), ("户口类型", _label(E.HukouType, f.hukou_type)),
            ("婚姻状况", _label(E.MaritalStatus, f.marital_status)), ("特殊群体", _labels(E.SpecialGroup, f.special_groups)),
        ]),
        ("工作与健康", [
            ("工作单位", f.employer or ""), ("单位性质", _label(E.EmployerType, f.employer_type)),
            ("所属行业", _label(E.Industry, f.industry)), ("工作状态", _label(E.WorkStatus, f.work_status)),
            ("健康状况", _label(E.Health, f.health)), ("所患疾病", f.illness or ""),
            ("残疾情况", (_label(E.DisabilityType, f.disability_type) +
                      (f" {f.disability_grade}级" if f.disability_grade else "")).strip()),
            ("劳模级别", _label(E.ModelWorkerRank, f.model_worker_rank)),
        ]),
        ("家庭经济", [
            ("家庭人口", f"{f.household_size}人"), ("人均月收入", _per_capita(f)),
            ("家庭年总收入", format_fen(f.household_annual_income_fen)),
            ("年度刚性支出", format_fen(f.unavoidable_spending_fen)),
            ("本人月收入", format_fen(f.own_monthly_income_fen)), ("低保金额（月）", format_fen(f.dibao_monthly_fen)),
            ("住房", f"{_label(E.HousingType, f.housing_type)} {f.housing_area_m2 or ''}㎡".strip()),
            ("开户银行/账号", f"{f.bank_name or ''} {mask_account(f.bank_account)}".strip()),
        ]),
        ("困难认定", [
            ("档案状态", _label(E.FileStatus, f.status)), ("困难类别", _label(E.Category, f.category)),
            ("主要致困原因", _label(E.Cause, f.main_cause)), ("次要致困原因", _labels(E.Cause, f.secondary_causes)),
            ("致困情况说明", f.cause_account or ""), ("帮扶责任人", detail.responsible.name if detail.responsible else ""),
            ("第一知情人", f.first_informant or ""), ("第一报告人", f.first_reporter or ""),
            ("第一帮助人", f.first_helper or ""),
            ("建档日期", f"{detail.events[0].occurred_on:%Y-%m-%d}" if detail.events else f"{f.created_at:%Y-%m-%d}"),
        ]),
        ("五清内容", [
            ("家庭情况", f.family_situation or ""), ("技术特长", f.skills or ""),
            ("文化程度", f.education or ""), ("劳动能力", {True: "有", False: "无"}.get(f.able_to_work, "")),  # type: ignore[arg-type]
            ("就业意愿", f.employment_wishes or ""), ("思想状况", f.state_of_mind or ""),
            ("最近走访", f"{f.last_visit_date:%Y-%m-%d}" if f.last_visit_date else ""),
        ]),
    ]
    members = [[m.name, _label(E.Relation, m.relation), f"{m.birth_date:%Y-%m-%d}" if m.birth_date else "",
                _label(E.Health, m.health), _label(E.MemberStatus, m.status) + (f" {m.school}" if m.school else ""),
                format_fen(m.monthly_income_fen)] for m in detail.members]
    assistance = [[f"{a.given_on:%Y-%m-%d}", _label(E.AssistanceKind, a.kind), format_fen(a.amount_fen),
                   _label(E.FundSource, a.fund_source), a.helper or "", a.items or a.note or ""]
                  for a in detail.assistance]
    visits = [[f"{v.visited_on:%Y-%m-%d}", v.visitor, v.living_situation or "", v.needs or "",
               v.state_of_mind or ""] for v in detail.visits]
    history = [[f"{e.occurred_on:%Y-%m-%d}", _label(E.EventKind, e.kind), e.reason, e.actor] for e in detail.events]
    return SheetData(
        union_name=detail.union.name if detail.union else "", file_no=f.file_no, printed_on=on, sections=sections,
        five_clear=[(i.label, i.clear, "；".join(i.missing)) for i in five.items],
        tables=[("家庭成员", ["姓名", "关系", "出生日期", "健康", "身份/学校", "月收入"], members),
                ("帮扶记录", ["日期", "类型", "金额", "资金来源", "帮扶人", "内容"], assistance),
                ("入户走访", ["日期", "走访人", "生活状况", "需求", "思想状况"], visits),
                ("档案历史", ["日期", "事项", "说明", "操作人"], history)],
    )


def file_sheets(db: Database, *, file_nos: Sequence[str], on: dt.date, full_id: bool = False,
                out: Path | None = None) -> bytes:
    """The file sheet of each named file (ID numbers masked unless `full_id`, for the paper file).

    Raises:
        NotFound: a named file does not exist.
    """
    with db.reader() as s:
        sheets = [sheet_for(_detail(s, get_by_no(s, no)), on=on, full_id=full_id) for no in file_nos]
    if not sheets:
        raise DomainError("没有可打印的档案", "no files to print")
    data = sheet_pdf(sheets)
    if out is not None:
        _write(out, data)
    return data


def letter(db: Database, *, letter_no: str, out: Path | None = None) -> bytes:
    """A responsibility letter, with its scope and signatures.

    Raises:
        NotFound: no such letter.
    """
    from assist_desktop.printing.letter import letter_pdf
    from assist_desktop.services.pairing import get_letter

    data = letter_pdf(get_letter(db, letter_no=letter_no))
    if out is not None:
        _write(out, data)
    return data


__all__ = ["letter", "green_cards", "file_sheets", "card_for", "sheet_for"]
