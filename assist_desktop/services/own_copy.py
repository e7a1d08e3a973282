"""A worker's own copy of the file (PIPL: the person's right to see and copy what is kept about them).

`own_copy` prints (PDF) or exports (JSON) one person's complete file for that person: every field of theirs in
full (the ID number and the bank account are their own), the household members' ID numbers masked (they belong
to other people), the history, assistance, visits and re-employment support. Each copy is a disclosure and is
recorded in the audit log (who handed it out, when, to whom) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from assist_desktop.db.audit import record_event
from assist_desktop.db.engine import Database
from assist_desktop.db.models import EmploymentSupport
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import FieldError, ValidationFailed
from assist_desktop.domain.field_display import field_rows, file_sections
from assist_desktop.domain.fields import FILE_FIELDS, MEMBER_FIELD, MEMBER_FIELDS, FieldSpec
from assist_desktop.domain.validation import format_fen
from assist_desktop.printing.own_copy import OwnCopyData, own_copy_pdf
from assist_desktop.services.access import require
from assist_desktop.services.changes import Changes
from assist_desktop.services.files import FileDetail, _detail, get_by_no

FORMAT = "assist-desktop-own-copy"
#: every field of the person shown in full (nothing of theirs is hidden from them)
_ALL_OF_THEIRS = tuple(f.name for f in FILE_FIELDS)
#: a member's fields in full except their ID number (another person's)
_MEMBERS_FULL = tuple(f.name for f in MEMBER_FIELDS if f.name != "id_number")


@dataclass(frozen=True)
class OwnCopy:
    """The copy written, and the disclosure recorded."""

    path: Path
    format: str  # pdf / json
    file_no: str
    person: str
    recipient: str
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {"ok": True, "path": str(self.path), "format": self.format, "file_no": self.file_no,
                "person": self.person, "recipient": self.recipient}


def _label(enum: type[E.LabeledEnum], value: str | None) -> str:
    if not value:
        return ""
    try:
        return enum(value).label
    except ValueError:
        return value


def _content(detail: FileDetail, supports: list[EmploymentSupport]) -> tuple[list[tuple[str, list[tuple[str, str]]]],
                                                                                list[tuple[str, list[str],
                                                                                           list[list[str]]]]]:
    f = detail.file
    sections = [(title, [(label, text) for _spec, label, text in rows])
                for _group, title, rows in file_sections(f, full=_ALL_OF_THEIRS)]
    sections.insert(0, ("档案概况", [
        ("档案状态", _label(E.FileStatus, f.status)), ("困难类别", _label(E.Category, f.category)),
        ("帮扶责任人", detail.responsible.name if detail.responsible else ""),
        ("所属工会", detail.union.name if detail.union else ""),
    ]))
    # two tables of members (every field, so the page stays readable): the main facts, then the rest
    first = [MEMBER_FIELD[n] for n in ("name", "relation", "id_number", "birth_date", "health", "status",
                                       "monthly_income")]
    rest = [MEMBER_FIELD["name"]] + [f for f in MEMBER_FIELDS if f not in first]

    def member_table(specs: list[FieldSpec]) -> tuple[list[str], list[list[str]]]:
        header = [spec.label("zh") for spec in specs]
        return header, [[text for _spec, _lb, text in field_rows(m, specs, full=_MEMBERS_FULL)]
                        for m in detail.members]

    member_header, members = member_table(first)
    other_header, others = member_table(rest)
    history = [[f"{e.occurred_on:%Y-%m-%d}", _label(E.EventKind, e.kind), e.reason, e.actor] for e in detail.events]
    assistance = [[f"{a.given_on:%Y-%m-%d}", _label(E.AssistanceKind, a.kind), format_fen(a.amount_fen),
                   _label(E.FundSource, a.fund_source), a.helper or "", a.items or a.note or ""]
                  for a in detail.assistance]
    visits = [[f"{v.visited_on:%Y-%m-%d}", v.visitor, v.living_situation or "", v.needs or "",
               v.explained or "", v.state_of_mind or ""] for v in detail.visits]
    support = [[f"{e.started_on:%Y-%m-%d}", f"{e.ended_on:%Y-%m-%d}" if e.ended_on else "",
                _label(E.EmploymentSupportKind, e.kind), e.detail or "", e.outcome or "",
                format_fen(e.amount_fen) if e.amount_fen else ""] for e in supports]
    tables = [
        ("家庭成员", member_header, members),
        ("家庭成员（其他情况）", other_header, others),
        ("档案历史", ["日期", "事项", "说明", "操作人"], history),
        ("帮扶记录", ["日期", "类型", "金额", "资金来源", "帮扶人", "内容"], assistance),
        ("入户走访", ["日期", "走访人", "生活状况", "需求", "政策宣讲", "思想状况"], visits),
        ("就业帮扶", ["开始", "结束", "类型", "内容", "结果", "金额"], support),
    ]
    return sections, tables


def own_copy(db: Database, *, file_no: str, out: str | os.PathLike[str], on: dt.date, recipient: str | None = None,
             actor: str = "system") -> OwnCopy:
    """Print (`out` ending .pdf) or export (.json) a person's complete file for that person, and record the
    disclosure in the audit log.

    Args:
        recipient: to whom the copy is handed (default: the person themself).
    Raises:
        NotFound: no such file.
        ValidationFailed: `out` is neither .pdf nor .json.
        DomainError: the signed-in role may not see full ID numbers.
    """
    require(db, actor, "full_id")
    path = Path(out)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("pdf", "json"):
        raise ValidationFailed([FieldError("out", "本人副本须为 .pdf 或 .json 文件", "the copy must be .pdf or .json")])
    with db.transaction(actor=actor, reason="own copy") as s:
        f = get_by_no(s, file_no)
        detail = _detail(s, f)
        supports = list(s.scalars(select(EmploymentSupport).where(col(EmploymentSupport.file_id) == f.id)
                                  .order_by(col(EmploymentSupport.started_on))))
        to_whom = (recipient or "").strip() or f"本人 {f.name}"
        sections, tables = _content(detail, supports)
        union_name = detail.union.name if detail.union else ""
        if kind == "pdf":
            data = own_copy_pdf(OwnCopyData(union_name=union_name, file_no=f.file_no, person=f.name,
                                            recipient=to_whom, printed_on=on, sections=sections, tables=tables))
        else:
            body = {
                "format": FORMAT, "version": 1, "file_no": f.file_no, "person": f.name, "union": union_name,
                "recipient": to_whom, "printed_on": on.isoformat(),
                "sections": [{"title": t, "fields": [{"label": k, "value": v} for k, v in rows]}
                             for t, rows in sections],
                "tables": [{"title": t, "columns": header, "rows": cells} for t, header, cells in tables],
            }
            data = (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        record_event(s, action="disclose", table_name="hardship_file", record_id=f.id, actor=actor,
                     reason=f"本人档案副本（{kind}）{f.file_no} 交给 {to_whom}")
        person, number = f.name, f.file_no
    return OwnCopy(path, kind, number, person, to_whom, Changes())


__all__ = ["FORMAT", "OwnCopy", "own_copy"]
