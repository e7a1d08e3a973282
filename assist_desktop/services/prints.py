"""Printouts: gather a file's data, label it in Chinese, mask what the paper does not need, render with printing/."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import (
    AssistanceRecord,
    Cadre,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeFact,
    StatusEvent,
    UnionOrg,
    UserAccount,
)
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.field_display import file_sections
from assist_desktop.domain.five_clear import check_five_clear
from assist_desktop.domain.income import RuleOptions, StandardLike, household_income
from assist_desktop.domain.validation import format_fen, mask_id_number
from assist_desktop.printing.card import CardData, cards_pdf
from assist_desktop.printing.sheet import SheetData, sheet_document, sheet_pdf
from assist_desktop.services.access import Actor, require
from assist_desktop.services.common import get_option, home_union
from assist_desktop.services.files import FileDetail, get_by_no
from assist_desktop.services.standards import StandardView, all_standards

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


def per_capita_fen(f: HardshipFile, members: Sequence[HouseholdMember], facts: Sequence[IncomeFact],
                   standards: Sequence[StandardView], opts: RuleOptions, on: dt.date) -> int | None:
    """Per-capita monthly income on `on` by the domain's one computation (`domain.income.household_income`,
    imputed members included), as the detail pane and `status` show it; the last evaluated number when no fact
    or no standard is in force."""
    facts = sorted(facts, key=lambda x: (x.as_of, x.recorded_at))
    result = household_income(facts, members, cast(Sequence[StandardLike], standards), on, opts)
    return f.per_capita_monthly_fen if result is None else result.per_capita_fen


def _per_capita_text(fen: int | None) -> str:
    return format_fen(fen) if fen is not None else "尚未评定"


def _per_capita_of(s: Session, files: Sequence[HardshipFile], on: dt.date) -> dict[str, int | None]:
    """Per-capita income of many files, reading their members and facts in two queries."""
    ids = [f.id for f in files]
    members: dict[str, list[HouseholdMember]] = defaultdict(list)
    facts: dict[str, list[IncomeFact]] = defaultdict(list)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for m in s.scalars(select(HouseholdMember).where(col(HouseholdMember.file_id).in_(chunk))
                           .order_by(col(HouseholdMember.sort_order))):
            members[m.file_id].append(m)
        for x in s.scalars(select(IncomeFact).where(col(IncomeFact.file_id).in_(chunk))):
            facts[x.file_id].append(x)
    standards = all_standards(s)
    opts = RuleOptions.from_lookup(lambda key: get_option(s, key))
    return {f.id: per_capita_fen(f, members[f.id], facts[f.id], standards, opts, on) for f in files}


def per_capita_on(s: Session, files: Sequence[HardshipFile], on: dt.date) -> dict[str, int | None]:
    """Per-capita monthly income of many files on a day, from their dated facts (the reports' dated roll)."""
    return _per_capita_of(s, files, on)


def card_for(f: HardshipFile, *, union: UnionOrg, person: Cadre | None, on: dt.date,
             per_capita_monthly_fen: int | None = None) -> CardData:
    return CardData(
        file_no=f.file_no, name=f.name, sex=_label(E.Sex, f.sex), age=_age(f.birth_date, on),
        id_masked=mask_id_number(f.id_number), category=_label(E.Category, f.category) or "未定类别",
        status=_label(E.FileStatus, f.status), household_size=f.household_size,
        per_capita=_per_capita_text(f.per_capita_monthly_fen if per_capita_monthly_fen is None
                                    else per_capita_monthly_fen),
        main_cause=_label(E.Cause, f.main_cause) or "", employer=f.employer or "", address=f.address or "",
        phone=f.phone or "", responsible=person.name if person else "（未落实）",
        responsible_phone=(person.phone or "") if person else "", union_name=union.name, issued_on=on,
        hotline=HOTLINE_SETTING,
    )


def card_data(db: Database, *, file_nos: Sequence[str] = (), status: str | None = None,
              on: dt.date) -> list[CardData]:
    """What the green cards of the named files (or of every file in a status; default every active one) show.

    Raises:
        NotFound: a named file does not exist.
        DomainError: nothing to print.
    """
    with db.reader() as s:
        union = home_union(s)
        if file_nos:
            files = _files_by_no(s, file_nos)
        else:
            q = select(HardshipFile).order_by(col(HardshipFile.file_no))
            if status:
                q = q.where(col(HardshipFile.status) == status)
            else:
                q = q.where(col(HardshipFile.status).in_([st.value for st in E.ACTIVE_STATUSES]))
            files = list(s.scalars(q))
        if not files:
            raise DomainError("没有可打印的档案", "no files to print")
        people = {c.id: c for c in s.scalars(select(Cadre).where(
            col(Cadre.id).in_({f.responsible_person_id for f in files if f.responsible_person_id})))}
        pcs = _per_capita_of(s, files, on)
        return [card_for(f, union=union, person=people.get(f.responsible_person_id or ""), on=on,
                         per_capita_monthly_fen=pcs[f.id]) for f in files]


def _files_by_no(s: Session, file_nos: Sequence[str]) -> list[HardshipFile]:
    """The named files in the order named, read in chunks (not one query a file).

    Raises:
        NotFound: a named file does not exist.
    """
    found: dict[str, HardshipFile] = {}
    unique = list(dict.fromkeys(file_nos))
    for chunk in (unique[i:i + 500] for i in range(0, len(unique), 500)):
        for f in s.scalars(select(HardshipFile).where(col(HardshipFile.file_no).in_(chunk))):
            found[f.file_no] = f
    missing = [no for no in unique if no not in found]
    if missing:
        get_by_no(s, missing[0])  # raises NotFound in the service's own words
    return [found[no] for no in file_nos]


def green_cards(db: Database, *, file_nos: Sequence[str] = (), status: str | None = None, on: dt.date,
                out: Path | None = None, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Green cards for the named files, or for every file in a status (e.g. all registered).

    Raises:
        NotFound: a named file does not exist.
        DomainError: nothing to print.
    """
    cards = card_data(db, file_nos=file_nos, status=status, on=on)
    total = len(cards)
    data = cards_pdf(cards, progress=(lambda n: progress(n, total)) if progress else None)
    if out is not None:
        _write(out, data)
    return data


def write_pdf(out: Path, data: bytes) -> None:
    """Write a PDF beside its final name and rename it into place (never a half-written file)."""
    _write(out, data)


def _write(out: Path, data: bytes) -> None:
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)  # never a half-written PDF under the real name


#: the sheet's own names for some of the editor's groups (the paper form's headings)
_SHEET_TITLES = {"basic": "基本情况", "five_clear": "五清内容"}


def sheet_for(detail: FileDetail, *, on: dt.date, full_id: bool,
              per_capita_monthly_fen: int | None = None, operator: str = "",
              actor_names: Mapping[str, str] | None = None) -> SheetData:
    """The printed sheet of a file: every registry field by the editor's groups (sensitive fields masked, the
    ID number in full only with `full_id`; the phone in full, the paper file needs it), then the assessment."""
    f = detail.file
    full = ("phone", "id_number") if full_id else ("phone",)
    five = check_five_clear(f, detail.members)
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for group, title, rows in file_sections(f, full=full):
        title = _SHEET_TITLES.get(group, title)
        texts = []
        for spec, label, text in rows:
            if spec.name == "birth_date" and f.birth_date:
                text = f"{text}（{_age(f.birth_date, on)}岁）"
            texts.append((label, text))
        sections.append((title, texts))
    sections.insert(0, ("困难认定", [
        ("档案状态", _label(E.FileStatus, f.status)), ("困难类别", _label(E.Category, f.category)),
        ("人均月收入", _per_capita_text(per_capita_monthly_fen if per_capita_monthly_fen is not None
                                         else f.per_capita_monthly_fen)),
        ("帮扶责任人", detail.responsible.name if detail.responsible else ""),
        ("建档日期", f"{detail.events[0].occurred_on:%Y-%m-%d}" if detail.events else f"{f.created_at:%Y-%m-%d}"),
    ]))
    members = [[m.name, _label(E.Relation, m.relation), f"{m.birth_date:%Y-%m-%d}" if m.birth_date else "",
                _label(E.Health, m.health), _label(E.MemberStatus, m.status) + (f" {m.school}" if m.school else ""),
                format_fen(m.monthly_income_fen)] for m in detail.members]
    assistance = [[f"{a.given_on:%Y-%m-%d}", _label(E.AssistanceKind, a.kind), format_fen(a.amount_fen),
                   _label(E.FundSource, a.fund_source), a.helper or "", a.items or a.note or ""]
                  for a in detail.assistance]
    visits = [[f"{v.visited_on:%Y-%m-%d}", v.visitor, v.living_situation or "", v.needs or "",
               v.state_of_mind or ""] for v in detail.visits]
    names = actor_names or {}
    history = [[f"{e.occurred_on:%Y-%m-%d}", _label(E.EventKind, e.kind), e.reason, names.get(e.actor, e.actor)]
               for e in detail.events]
    return SheetData(
        union_name=detail.union.name if detail.union else "", file_no=f.file_no, printed_on=on, sections=sections,
        operator=operator,
        five_clear=[(i.label, i.clear, "；".join(i.missing)) for i in five.items],
        tables=[("家庭成员", ["姓名", "关系", "出生日期", "健康", "身份/学校", "月收入"], members),
                ("帮扶记录", ["日期", "类型", "金额", "资金来源", "帮扶人", "内容"], assistance),
                ("入户走访", ["日期", "走访人", "生活状况", "需求", "思想状况"], visits),
                ("档案历史", ["日期", "事项", "说明", "操作人"], history)],
    )


def _machine_names() -> set[str]:
    """Names that are no person's: the OS account the program runs under, root, the program itself."""
    import contextlib
    import getpass

    names = {"", "root", "system", "administrator"}
    with contextlib.suppress(Exception):  # no login name: nothing more to exclude
        names.add(getpass.getuser().lower())
    return names


def operator_name(s: Session, actor: str | None, preparer: str | None = None) -> str:
    """Who is named as 填表人 on paper: the preparer asked for; the signed-in account's display name; a name
    given with `--user` (without accounts); the union's `preparer` setting; never the OS user or root ("" leaves
    a line to sign by hand)."""
    if preparer:
        return preparer
    if isinstance(actor, Actor):
        return actor.display_name
    if actor:
        account = s.scalar(select(UserAccount).where(col(UserAccount.username) == str(actor)))
        if account is not None:
            return account.display_name
        if str(actor).lower() not in _machine_names():
            return str(actor)
    return str(get_option(s, "preparer") or "")


def preparer_name(db: Database, *, actor: str | None, preparer: str | None = None) -> str:
    """`operator_name` in its own read session (reports, the CLI)."""
    with db.reader() as s:
        return operator_name(s, actor, preparer)


def _actor_names(s: Session, actors: set[str], fallback: str) -> dict[str, str]:
    """History actors as printed: accounts by display name; the OS user or root as the union's preparer (or a
    dash), so "root" never appears on paper; other names as recorded."""
    names = {a.username: a.display_name for a in s.scalars(
        select(UserAccount).where(col(UserAccount.username).in_(actors)))} if actors else {}
    machine = _machine_names()
    return {a: names.get(a, (fallback or "—") if a.lower() in machine else a) for a in actors}


def _details(s: Session, files: Sequence[HardshipFile]) -> list[FileDetail]:
    """The details of many files in a few queries per table (chunks of 500), not seven queries a file."""
    ids = [f.id for f in files]
    grouped: dict[type, dict[str, list[Any]]] = {}
    plan: list[tuple[type, Any, Any]] = [
        (HouseholdMember, col(HouseholdMember.file_id), [col(HouseholdMember.sort_order)]),
        (StatusEvent, col(StatusEvent.file_id), [col(StatusEvent.occurred_on), col(StatusEvent.recorded_at)]),
        (IncomeFact, col(IncomeFact.file_id), [col(IncomeFact.as_of)]),
        (AssistanceRecord, col(AssistanceRecord.file_id), [col(AssistanceRecord.given_on).desc()]),
        (HomeVisit, col(HomeVisit.file_id), [col(HomeVisit.visited_on).desc()]),
    ]
    for model, key, order in plan:
        by_file: dict[str, list[Any]] = defaultdict(list)
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            rows: list[Any] = list(s.scalars(select(model).where(key.in_(chunk)).order_by(*order)))
            for row in rows:
                by_file[row.file_id].append(row)
        grouped[model] = by_file
    unions = {u.id: u for u in s.scalars(select(UnionOrg).where(col(UnionOrg.id).in_({f.union_id for f in files})))}
    cadre_ids = {f.responsible_person_id for f in files if f.responsible_person_id}
    cadres = {c.id: c for c in s.scalars(select(Cadre).where(col(Cadre.id).in_(cadre_ids)))} if cadre_ids else {}
    return [FileDetail(f, grouped[HouseholdMember][f.id], grouped[StatusEvent][f.id], grouped[IncomeFact][f.id],
                       unions.get(f.union_id), cadres.get(f.responsible_person_id or ""),
                       grouped[AssistanceRecord][f.id], grouped[HomeVisit][f.id]) for f in files]


def sheet_data(db: Database, *, file_nos: Sequence[str], on: dt.date, full_id: bool = False,
               actor: str | None = None, preparer: str | None = None) -> list[SheetData]:
    """What the file sheets of the named files show (ID numbers masked unless `full_id`).

    Raises:
        NotFound: a named file does not exist.
        DomainError: `full_id` asked by an account whose role may not see full ID numbers; nothing to print.
    """
    if full_id:
        require(db, actor, "full_id")
    with db.reader() as s:
        details = _details(s, _files_by_no(s, file_nos))
        standards = all_standards(s)
        opts = RuleOptions.from_lookup(lambda key: get_option(s, key))
        operator = operator_name(s, actor, preparer)
        actors = _actor_names(s, {e.actor for d in details for e in d.events},
                              str(get_option(s, "preparer") or ""))
        sheets = [sheet_for(d, on=on, full_id=full_id, operator=operator, actor_names=actors,
                            per_capita_monthly_fen=per_capita_fen(d.file, d.members, d.facts, standards, opts, on))
                  for d in details]
    if not sheets:
        raise DomainError("没有可打印的档案", "no files to print")
    return sheets


def file_sheets(db: Database, *, file_nos: Sequence[str], on: dt.date, full_id: bool = False,
                out: Path | None = None, actor: str | None = None, preparer: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> bytes:
    """The file sheet of each named file (ID numbers masked unless `full_id`, for the paper file).

    Raises:
        NotFound: a named file does not exist.
        DomainError: `full_id` asked by an account whose role may not see full ID numbers.
    """
    sheets = sheet_data(db, file_nos=file_nos, on=on, full_id=full_id, actor=actor, preparer=preparer)
    data = sheet_pdf(sheets, progress=progress)
    if out is not None:
        _write(out, data)
    return data


@dataclass(frozen=True)
class PrintBatch:
    """A batch of cards or sheets as one PDF, with the page (0-based) where each file's card or sheet starts."""

    kind: str  # "card" or "sheet"
    data: bytes
    file_nos: tuple[str, ...]
    first_pages: tuple[int, ...]
    pages: int


BATCH_KINDS = ("card", "sheet")


def matching_file_nos(db: Database, *, query: str = "", status: str | None = None,
                      category: str | None = None) -> list[str]:
    """Every file number the list shows for this search and filter, in the list's order."""
    from assist_desktop.services.search import search_in

    out: list[str] = []
    with db.reader() as s:
        while True:
            rows = search_in(s, query=query, status=status, category=category, offset=len(out), limit=2000)
            out += [r.file_no for r in rows]
            if len(rows) < 2000:
                return out


def print_batch(db: Database, *, kind: str, file_nos: Sequence[str] = (), query: str = "",
                status: str | None = None, category: str | None = None, on: dt.date, full_id: bool = False,
                actor: str | None = None, progress: Callable[[int, int], None] | None = None) -> PrintBatch:
    """The cards or sheets of the named files, or of every file the list shows for a search and filter, as
    one PDF; `progress(done, total)` after each file (a job's progress raises to cancel, and nothing is kept).

    Raises:
        NotFound: a named file does not exist.
        DomainError: nothing to print; an unknown kind; `full_id` not allowed for the account.
    """
    if kind not in BATCH_KINDS:
        raise DomainError(f"不能批量打印：{kind}", f"cannot print in batches: {kind}")
    nos = list(file_nos) or matching_file_nos(db, query=query, status=status, category=category)
    if not nos:
        raise DomainError("没有可打印的档案", "no files to print")
    if kind == "card":
        cards = card_data(db, file_nos=nos, on=on)
        total = len(cards)
        data = cards_pdf(cards, progress=(lambda n: progress(n, total)) if progress else None)
        return PrintBatch(kind, data, tuple(nos), tuple(i // 4 for i in range(total)), -(-total // 4))
    sheets = sheet_data(db, file_nos=nos, on=on, full_id=full_id, actor=actor)
    doc = sheet_document(sheets, progress=progress)
    return PrintBatch(kind, doc.data, tuple(nos), doc.first_pages, doc.pages)


def letter(db: Database, *, letter_no: str, out: Path | None = None) -> bytes:
    """A responsibility letter, with its scope, signatures and the key fingerprints of the unions that sign it
    (as recorded here: each level compares the other's on paper with what its program shows).

    Raises:
        NotFound: no such letter.
    """
    from assist_desktop.printing.letter import letter_pdf
    from assist_desktop.services.keys import list_keys
    from assist_desktop.services.pairing import get_letter

    read = get_letter(db, letter_no=letter_no)
    keys = {k.union_code: k.fingerprint for k in list_keys(db)}
    fingerprints = {side: keys[code] for side, code in (("upper", read.get("upper_code")),
                                                        ("lower", read.get("lower_code"))) if code and code in keys}
    data = letter_pdf(read, fingerprints=fingerprints)
    if out is not None:
        _write(out, data)
    return data


__all__ = ["BATCH_KINDS", "PrintBatch", "card_data", "matching_file_nos", "operator_name", "preparer_name", "print_batch", "sheet_data",
           "card_for", "file_sheets", "green_cards", "letter", "per_capita_fen", "sheet_for"]
