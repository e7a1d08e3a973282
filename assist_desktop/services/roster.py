"""Rosters (花名册): import a roll of households, its dry run, the template and the roll of files.

Every row goes through the same services as the window (`services.files.create_file_in` / `update_file_in`,
then `services.pairing.assign_in` for 帮扶责任人), each row inside its own savepoint of one transaction. A row
the services refuse is rolled back to its savepoint and reported with what they said; the other rows go on.
The dry run (`preview_roster`) is the very same run, with the whole transaction rolled back at the end, so the
dry run and the import can never disagree. Without `accept_valid` a single bad row means nothing is written.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal, NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database, bulk_cache
from assist_desktop.db.models import (
    Cadre,
    HardshipFile,
    HouseholdMember,
    IncomeFact,
    RosterValueMap,
    UnionOrg,
    table_of,
)
from assist_desktop.domain import enums as E
from assist_desktop.domain.decisions import check_file_change, check_pairing_change, income_warnings
from assist_desktop.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from assist_desktop.domain.fields import field_label
from assist_desktop.domain.file_input import REQUIRED_ON_CREATE, clean_file_input, clean_members
from assist_desktop.domain.five_clear import check_five_clear
from assist_desktop.domain.income import settle_totals
from assist_desktop.exchange.roster import (
    MAIN_SHEET,
    MEMBER_SHEET,
    ErrorRow,
    MemberRow,
    RollEntry,
    RollMember,
    RosterIssue,
    RosterRow,
    RosterStream,
    SheetColumns,
    derived_clears,
    header_for,
    write_errors,
    write_roll,
    write_template,
)
from assist_desktop.exchange.roster_columns import HEADER_OF, MEMBER_HEADER_OF
from assist_desktop.exchange.roster_values import UnknownWord, map_row, mappable, merge_raw
from assist_desktop.exchange.snapshot import chunks
from assist_desktop.services.access import require
from assist_desktop.services.backup import auto_backup
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import get_option, home_union, sqlite_analyze
from assist_desktop.services.files import create_file_in, file_warnings, update_file_in
from assist_desktop.services.lifecycle import rule_options
from assist_desktop.services.pairing import assign_in
from assist_desktop.services.roster_bulk import BATCH, NewFiles, make_indexes_again, set_indexes_aside
from assist_desktop.services.roster_update import ChangedFiles
from assist_desktop.services.standards import all_standards
from assist_desktop.services.unions import find_cadre

Progress = Callable[[int, int], None]
#: above this many files the change set says "any file" rather than naming them
_NAMED_FILES = 500
_MEMBER_FIELD = re.compile(r"^members\[(\d+)\]\.(.+)$")


# --- read models ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterReport:
    """What a roster import (or its dry run) found and did."""

    source: str
    rows: int = 0
    valid: int = 0
    to_create: int = 0
    to_update: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    issues: list[RosterIssue] = field(default_factory=list)
    applied: bool = False
    changes: Changes = NOTHING
    unknown_values: list[UnknownValue] = field(default_factory=list)
    gaps: list[FiveClearGap] = field(default_factory=list)
    errors_out: Path | None = None  # the refused rows written back (--errors-out)
    refused_rows: int = 0
    #: rows imported whose incomes contradict each other (domain.decisions.income_warnings): never refused
    warnings: list[RosterIssue] = field(default_factory=list)
    columns: SheetColumns = SheetColumns()
    member_columns: SheetColumns | None = None
    kept_unknown_columns: bool = False  # the unrecognised columns' cells were kept in 备注
    duplicates: list[DuplicateRow] = field(default_factory=list)

    @property
    def has_unrecognised(self) -> bool:
        """Either sheet has columns the roster does not know."""
        return bool(self.columns.unrecognised) or (
            self.member_columns is not None and bool(self.member_columns.unrecognised))

    @property
    def bad_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.issues})

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": not self.issues or self.applied,
            "source": self.source,
            "rows": self.rows,
            "valid": self.valid,
            "bad_rows": self.bad_rows,
            "to_create": self.to_create,
            "to_update": self.to_update,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [i.to_json() for i in self.issues],
            "applied": self.applied,
            "unknown_values": [u.to_json() for u in self.unknown_values],
            "gaps": [g.to_json() for g in self.gaps],
            "errors_out": str(self.errors_out) if self.errors_out is not None else None,
            "refused_rows": self.refused_rows,
            "warnings": [i.to_json() for i in self.warnings],
            "columns": {
                **self.columns.to_json(),
                "kept_as_note": self.kept_unknown_columns and self.has_unrecognised,
                "member_sheet": self.member_columns.to_json() if self.member_columns is not None else None,
            },
            "duplicates": [d.to_json() for d in self.duplicates],
        }

    def summary(self) -> str:
        lines = [
            f"{self.source}：共 {self.rows} 行，有效 {self.valid} 行，有误 {self.bad_rows} 行"
            f"（新建 {self.to_create}，更新 {self.to_update}）"
        ]
        lines += [f"  {i.message()}" for i in self.issues]
        strange = list(self.columns.unrecognised)
        if self.member_columns is not None:
            strange += [f"{MEMBER_SHEET}·{h}" for h in self.member_columns.unrecognised]
        if strange:
            kept = "已作为备注保留" if self.kept_unknown_columns else "未导入；要作为备注保留请加 --keep-unknown-columns"
            lines.append(f"未识别的列（{kept}）：{'、'.join(strange)}")
        if self.duplicates:
            lines.append("同一户重复或已有档案（已报告，未重复建档）：")
            lines += [f"  {d.message()}" for d in self.duplicates]
        if self.unknown_values:
            lines.append("未识别的取值（已照原文保留，字段记为“其他”或留空；可用 roster map set 映射）：")
            lines += [f"  {u.column}“{u.value}”：{u.count} 行（第{'、'.join(map(str, u.rows[:20]))}行）"
                      for u in self.unknown_values]
        if self.gaps:
            lines.append(f"五清未齐、以“已发现”导入的 {len(self.gaps)} 户：")
            lines += [f"  第{g.row}行 {g.file_no}：{g.missing}" for g in self.gaps[:50]]
        if self.errors_out is not None:
            lines.append(f"有误的 {self.refused_rows} 行已写入 {self.errors_out}（改正后可直接再导入）")
        if self.warnings:
            lines.append(f"收入数据互相矛盾、请核对的 {len(self.warnings)} 处（已照填写导入）：")
            lines += [f"  {i.message()}" for i in self.warnings[:100]]
        if self.applied:
            lines.append(
                f"已导入：新建 {len(self.created)} 份，更新 {len(self.updated)} 份，"
                f"无变化 {len(self.unchanged)} 份"
            )
        else:
            lines.append("未写入数据库。")
        return "\n".join(lines)


@dataclass(frozen=True)
class UnknownValue:
    """A word a descriptive column used that no enumeration, synonym or mapping knew, with the rows using it."""

    field: str  # the mapping key (`roster map set` takes it or the column)
    column: str
    value: str
    rows: list[int]

    @property
    def count(self) -> int:
        return len(self.rows)

    def to_json(self) -> dict[str, Any]:
        return {"column": self.column, "field": self.field, "value": self.value, "count": self.count,
                "rows": self.rows}


@dataclass(frozen=True)
class DuplicateRow:
    """A household the roster names twice, or a person already on file in another role: reported, not duplicated.

    kind: `same_household` (two rows of one roster for one household: name and birth date, matched when the
    union matches by them), `member_is_head` (a member's ID number is another file's, or a row of this roster's),
    `head_is_member` (the row's ID number is a member of another file), `matched_by_name` (a row without a
    usable ID number matched a file by name and birth date).
    """

    kind: str
    row: int
    other_row: int | None = None
    file_no: str | None = None
    name: str = ""
    id_number: str | None = None
    identical: bool = False  # same_household: the row repeats the other one cell for cell (read once)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "row": self.row, "other_row": self.other_row, "file_no": self.file_no,
                "name": self.name, "id_number": self.id_number, "identical": self.identical}

    def message(self) -> str:
        where = f"第{self.row}行 {self.name}"
        if self.kind == "same_household" and self.identical:
            return f"{where}：与第{self.other_row}行完全相同（同一身份证号），只导入一次"
        if self.kind == "same_household":
            return f"{where}：与第{self.other_row}行是同一户（姓名、出生日期相同），未重复建档"
        if self.kind == "member_is_head":
            other = f"档案 {self.file_no}" if self.file_no else f"本表第{self.other_row}行"
            return f"{where}：家庭成员（身份证号 {self.id_number}）已是{other}的户主"
        if self.kind == "head_is_member":
            return f"{where}：本人（身份证号 {self.id_number}）已是档案 {self.file_no} 的家庭成员"
        return f"{where}：按姓名和出生日期对应到已有档案 {self.file_no}"


@dataclass(frozen=True)
class FiveClearGap:
    """A row imported as found (已发现): which of the five clears its columns left open."""

    row: int
    file_no: str
    missing: str

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "file_no": self.file_no, "missing": self.missing}


@dataclass(frozen=True)
class ValueMapping:
    """One entry of the union's own roster mapping."""

    field: str
    column: str
    value: str
    target: str
    target_label: str
    changes: Changes = NOTHING

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "column": self.column, "value": self.value, "target": self.target,
                "target_label": self.target_label}


class RosterCancelled(DomainError):
    """The import was cancelled (from the window) before it committed: nothing was written."""

    def __init__(self) -> None:
        super().__init__("导入已取消，未写入任何数据", "the import was cancelled: nothing was written")


class RosterRefused(ValidationFailed):
    """Bad rows and no permission to import only the valid ones: nothing was written."""

    def __init__(self, report: RosterReport) -> None:
        self.report = report
        super().__init__([i.field_error() for i in report.issues])


@dataclass(frozen=True)
class RosterTemplate:
    """The template written."""

    path: Path

    def to_json(self) -> dict[str, Any]:
        return {"ok": True, "path": str(self.path)}


@dataclass(frozen=True)
class RollExport:
    """The roll written: where, and how many files and members it holds."""

    path: Path
    files: int
    members: int

    def to_json(self) -> dict[str, Any]:
        return {"ok": True, "path": str(self.path), "files": self.files, "members": self.members}


# --- use cases ------------------------------------------------------------------------------------------


def preview_roster(
    db: Database,
    *,
    path: str | os.PathLike[str],
    today: dt.date,
    actor: str = "system",
    progress: Progress | None = None,
    errors_out: str | os.PathLike[str] | None = None,
    keep_unknown_columns: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> RosterReport:
    """The dry run: every row checked as the import checks it, nothing written; the report says what was found.
    With `errors_out`, the refused rows are written there as .xlsx (see `import_roster`).

    Raises:
        ValidationFailed: the file cannot be read at all.
    """
    require(db, actor, "import")
    return _run(db, Path(path), today=today, actor=actor, apply=False, accept_valid=False, progress=progress,
                errors_out=errors_out, keep_unknown_columns=keep_unknown_columns, cancelled=cancelled)


def import_roster(
    db: Database,
    *,
    path: str | os.PathLike[str],
    today: dt.date,
    actor: str = "system",
    accept_valid: bool = False,
    progress: Progress | None = None,
    errors_out: str | os.PathLike[str] | None = None,
    keep_unknown_columns: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> RosterReport:
    """Import a roster in one transaction; all rows or (without `accept_valid`) none.

    New households are checked in the reading pass and written in batches (`services.roster_bulk`); a row whose
    ID number is on file goes through the services (`update_file_in`, `assign_in`) inside a savepoint. With
    `keep_unknown_columns`, the cells of columns the roster does not know are kept in the file's 备注 as
    "列名：值" lines under “花名册其他列”. `cancelled()` is asked between rows: when it says yes the transaction
    rolls back and `RosterCancelled` is raised (nothing written).

    A row whose ID number is already on file updates that file (dated `today`; blank cells leave fields
    as they are) and the file is re-evaluated; other rows create files (re-evaluated likewise).
    `progress(done, total)` is called as rows are written (for the window's job helper). With `errors_out`, the
    refused rows (and the member rows of those households) are written there in the template's columns with a
    错误原因 column, also when the import is refused as a whole; fixed, that file imports as any roster.

    Raises:
        RosterRefused: some rows are bad and `accept_valid` is not set (nothing is written).
        ValidationFailed: the file cannot be read at all.
    """
    require(db, actor, "import")
    auto_backup(db, label="pre-roster")  # services/backup.py: a checked copy before every import
    return _run(
        db, Path(path), today=today, actor=actor, apply=True, accept_valid=accept_valid, progress=progress,
        errors_out=errors_out, keep_unknown_columns=keep_unknown_columns, cancelled=cancelled,
    )


def roster_template(*, out: str | os.PathLike[str]) -> RosterTemplate:
    """Write the empty roster: both sheets with their headers (required in red) and drop-down lists."""
    return RosterTemplate(write_template(out))


def export_roster(db: Database, *, out: str | os.PathLike[str], progress: Progress | None = None) -> RollExport:
    """Write the roll of every file (and the members) as .xlsx in the roster columns.

    Streamed: the files and the members are read by two queries in batches and each row is written as it comes
    (openpyxl write-only), so the roll of 100,000 files takes bounded memory; the look-ups (unions, cadres) are
    read once. `progress(done, total)` is called every 1,000 files.
    """
    ft, mt = table_of(HardshipFile), table_of(HouseholdMember)
    with db.reader() as s:
        conn = s.connection().execution_options(stream_results=True, yield_per=_EXPORT_BATCH)
        unions = {uid: code for uid, code in s.execute(select(col(UnionOrg.id), col(UnionOrg.code)))}
        cadres = {
            cid: (name, phone)
            for cid, name, phone in s.execute(select(col(Cadre.id), col(Cadre.name), col(Cadre.phone)))
        }
        n_files = int(s.scalar(select(func.count()).select_from(ft)) or 0)
        n_members = int(s.scalar(select(func.count()).select_from(mt)) or 0)
        counts = [0, 0]

        def files() -> Iterator[RollEntry]:
            for row in conn.execute(select(ft).order_by(ft.c.file_no)):
                values = row._mapping
                person = cadres.get(values["responsible_person_id"] or "", (None, None))
                counts[0] += 1
                if progress is not None and counts[0] % 1000 == 0:
                    progress(counts[0], n_files)
                yield RollEntry(dict(values), person[0], person[1], unions.get(values["union_id"]))

        def members() -> Iterator[RollMember]:
            q = (select(mt, ft.c.id_number.label("_head_id"))
                 .join(ft, ft.c.id == mt.c.file_id)
                 .order_by(ft.c.file_no, mt.c.sort_order))
            for row in conn.execute(q):
                counts[1] += 1
                yield RollMember(row._mapping["_head_id"], dict(row._mapping))

        written = write_roll(out, files(), members(), rows=n_files, member_rows=n_members)
    if progress is not None:
        progress(n_files, n_files)
    return RollExport(written, counts[0], counts[1])


#: rows fetched at a time by the streamed roll
_EXPORT_BATCH = 2000


# --- the run --------------------------------------------------------------------------------------------


def _run(
    db: Database,
    path: Path,
    *,
    today: dt.date,
    actor: str,
    apply: bool,
    accept_valid: bool,
    progress: Progress | None,
    errors_out: str | os.PathLike[str] | None = None,
    keep_unknown_columns: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> RosterReport:
    if not path.exists():
        raise ValidationFailed([FieldError("file", f"找不到文件 {path}", f"file not found: {path}")])
    sheet = RosterStream(path, today=today)  # the file's limits are checked here, before a row is read
    with _fewer_collections(), db.transaction(actor=actor, reason=f"roster {path.name}") as s, \
            bulk_cache(s, ROSTER_CACHE_KIB):
        _begin_for_savepoints(s)
        run = _RosterRun(s, sheet, today=today, actor=actor, apply=apply, reason=f"roster {path.name}",
                         keep_unknown=keep_unknown_columns, keep_refused=errors_out is not None)
        aside = set_indexes_aside(s) if apply else []  # an import into an empty database: made once at the end
        report = run.write_all(progress, cancelled)
        if errors_out is not None:
            count = _write_refused(run.refused_rows, sheet.orphans, report.issues, Path(errors_out))
            report = replace(report, errors_out=Path(errors_out), refused_rows=count)
        if not apply:
            s.rollback()
            return report
        if report.issues and not accept_valid:
            raise RosterRefused(report)  # the transaction rolls back: nothing is written
        s.flush()
        make_indexes_again(s, aside)
        sqlite_analyze(s)
        return replace(report, applied=True, changes=run.changes())


#: the page cache of a roster's transaction: half the bulk writes' 256 MiB. A 100,000-row import into an empty
#: database (440 MB written) peaked at 562 MB resident with 256 MiB, 423 MB with 128 MiB, in about the same time
#: (its random-order index pages, ID numbers and ids, fit in either); the issue asks under 500 MB
ROSTER_CACHE_KIB = 128 * 1024


#: the youngest generation's collection threshold during a roster's pass (Python's default is 700 allocations)
GC_YOUNG_THRESHOLD = 20_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector run less often for the length of the pass: a roster row makes and keeps many
    small objects (a batch of 2,000 checked files waits for its write), and with the default threshold the
    collector ran about a thousand times per 10,000 rows, each time walking the objects kept (0.3-1.6 s of a
    3.4-7.5 s import of 10,000 rows, against 0.1-0.16 s with this threshold: measured with gc.callbacks, see
    docs/benchmarks.md). Nothing is left uncollected (the collector still runs, every 20,000 allocations), and
    the thresholds are put back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_YOUNG_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _birth_of(r: RosterRow) -> dt.date | None:
    """The row's birth date: from its ID number, else its 出生日期 column."""
    number = r.id_number
    if len(number) == 18 and number[6:14].isdigit():
        try:
            return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return r.birth_date
    return r.birth_date


#: the heading of the unrecognised columns' cells kept in 备注
EXTRA_NOTE_HEAD = "花名册其他列"


#: the heading of a member's unrecognised cells (the 家庭成员 sheet's), followed by the member's name
EXTRA_MEMBER_NOTE_HEAD = "花名册家庭成员其他列"


def with_extra_note(current: object, cells: Mapping[str, str], limit: int = 2000, *,
                    head: str = EXTRA_NOTE_HEAD) -> str:
    """备注 with the unrecognised columns' cells ("花名册其他列：列名：值；…"), once: a note that already holds them
    is returned as it is (a roster imported again adds nothing)."""
    extra = f"{head}：" + "；".join(f"{h}：{v}" for h, v in cells.items())
    base = str(current).strip() if current not in (None, "") else ""
    if extra in base:
        return base
    text = f"{base}\n{extra}" if base else extra
    return text[:limit]


def _members_differ(current: Sequence[HouseholdMember], cleaned: list[dict[str, Any]]) -> bool:
    """As `services.files.update_file_in` compares them: the members would be written anew."""
    if len(current) != len(cleaned):
        return True
    return any(getattr(row, k) != v for row, new in zip(current, cleaned, strict=True) for k, v in new.items())


def _has_unknown_cells(r: RosterRow) -> bool:
    return bool(r.unknown_cells) or any(m.unknown_cells for m in r.members)


def _extra_notes(current: object, r: RosterRow) -> str:
    """备注 with the row's unrecognised cells and, one line each, its members' (the household member has no
    备注 of its own: "花名册家庭成员其他列：姓名：列名：值；…"), each kept once."""
    note = with_extra_note(current, r.unknown_cells) if r.unknown_cells else str(current or "").strip()
    for m in r.members:
        if m.unknown_cells:
            name = str(m.data.get("name") or "").strip()
            note = with_extra_note(note, m.unknown_cells, head=f"{EXTRA_MEMBER_NOTE_HEAD}：{name}")
    return note


def _write_refused(refused: Sequence[RosterRow], orphans: Sequence[MemberRow], issues: Sequence[RosterIssue],
                   out: Path) -> int:
    """Write the refused household rows (with their member rows) and orphan member rows; the count of households.

    `refused` holds the rows the run kept because something of them was refused (the others are not held)."""
    by_row: dict[tuple[bool, int], list[RosterIssue]] = {}
    for i in issues:
        by_row.setdefault((i.sheet == MEMBER_SHEET, i.row), []).append(i)

    def reason(key: tuple[bool, int]) -> str:
        return "；".join(f"{i.column}：{i.zh}" for i in by_row.get(key, []))

    rows: list[ErrorRow] = []
    members: list[ErrorRow] = []
    for r in refused:
        own = reason((False, r.rownum))
        theirs = [f"家庭成员表第{m.rownum}行 {reason((True, m.rownum))}" for m in r.members if (True, m.rownum) in by_row]
        if not own and not theirs:
            continue
        rows.append(ErrorRow(r.cells, "；".join([own, *theirs] if own else theirs)))
        members += [ErrorRow(m.cells, reason((True, m.rownum))) for m in r.members]
    members += [ErrorRow(m.cells, reason((True, m.rownum))) for m in orphans]
    write_errors(out, rows, members)
    return len(rows)


def _begin_for_savepoints(s: Session) -> None:
    """Open the database transaction now, so that each row's SAVEPOINT nests inside it.

    Python's sqlite3 driver begins a transaction only before a write; a SAVEPOINT issued first would become
    the outermost transaction and its RELEASE would commit (a dry run would then write). PostgreSQL's driver
    begins before any statement.
    """
    conn = s.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not getattr(raw, "in_transaction", True):
            conn.exec_driver_sql("BEGIN")


class _RowRefused(Exception):
    """The services refused a row: its savepoint is rolled back."""


@dataclass(frozen=True)
class _Prepared:
    """A row of a file on record, cleaned and checked once for the fast paths (`_RosterRun._prepare`)."""

    values: dict[str, Any]
    cleaned: list[dict[str, Any]] | None  # the row's members, when it lists any
    current: list[Any]  # the file's members on record
    raw_values: Any  # the file's kept raw words with the row's merged in
    cadre: Cadre | None


class _RosterRun:
    """One pass over a roster's rows, each written through the services inside its own savepoint."""

    def __init__(self, s: Session, sheet: RosterStream, *, today: dt.date, actor: str, apply: bool = True,
                 reason: str = "roster", keep_unknown: bool = False, keep_refused: bool = False) -> None:
        self.s, self.sheet, self.today, self.actor = s, sheet, today, actor
        self.keep_unknown = keep_unknown
        self.match_name_birth = bool(get_option(s, "roster_match_name_birth"))
        self.updating: set[int] = set()  # rows that update a file on record
        self.seen_people: dict[tuple[str, dt.date], int] = {}  # (name, birth date) → the first row (setting on)
        self.duplicates: list[DuplicateRow] = []  # found row by row (the matching)
        self.people: list[DuplicateRow] = []  # heads who are members elsewhere, found batch by batch
        self.keep_refused = keep_refused
        self.refused_rows: list[RosterRow] = []  # for errors-out: only the rows something was refused of
        self.heads: dict[str, int] = {}  # the roster's heads' ID numbers → their row
        self.member_of: dict[str, list[tuple[int, str]]] = {}  # a member's ID number → (row, head's name)
        self.valid = 0
        self.valid_updating = 0
        self._read_mark = 0  # sheet.issues taken into self.issues so far
        standards = all_standards(s)
        self.new_files = NewFiles(s, today, actor, standards, rule_options(s), reason, apply)
        self.changed_files = ChangedFiles(s, today, actor, standards, rule_options(s, today), reason, apply)
        self.issues: list[RosterIssue] = []
        self.home = home_union(s)
        self.existing: dict[str, HardshipFile] = {}
        self.unions: dict[str, UnionOrg | None] = {}
        self.union_names: dict[str, str] = {}
        self.no_cadre: set[str] = set()  # names of no active cadre (asked once)
        self._cadre_index: dict[str, list[Cadre]] | None = None  # the cadres on record by name (read once)
        self._cadre_ids: dict[str, Cadre] = {}
        self._new_numbers: list[str] = []  # file numbers of the new files kept, in roster order
        self.union_map: dict[tuple[str, str], str] = {
            (m.field_name, m.raw_value): m.target for m in s.scalars(select(RosterValueMap))
        }
        self.unknown: dict[tuple[str, str, str], list[int]] = {}
        self._unknown_rows: dict[tuple[str, str, str], set[int]] = {}
        self.gaps: list[FiveClearGap] = []
        self.warnings: list[RosterIssue] = []
        self._row_warnings: list[RosterIssue] = []  # the row being written; kept when the row is
        self.cadres: dict[str, Cadre] = {}  # only cadres of rows that were kept
        self.created: list[str] = []
        self.updated: list[str] = []
        self.unchanged: list[str] = []
        self.file_ids: list[str] = []
        self.paired = False
        self.new_cadres = False
        self.bad_from_reading: set[int] = set()  # rows of the batch the reading already refused
        self.batch_members: dict[str, list[HouseholdMember]] = {}  # the batch's files on record: their members
        self.batch_latest: dict[str, dt.date] = {}  # … and the date of their latest income fact
    # -- the pass ---------------------------------------------------------------------------------------

    def write_all(self, progress: Progress | None, cancelled: Callable[[], bool] | None = None) -> RosterReport:
        total = self.sheet.total
        done = 0
        for batch in self.sheet.batches(BATCH):
            self._begin_batch(batch)
            mark = len(self.issues)
            for r in batch:
                if done % 500 == 0:
                    if cancelled is not None and cancelled():
                        raise RosterCancelled
                    if progress is not None:
                        progress(done, max(total, done))
                done += 1
                on_file = self._on_file(r)
                if on_file is False:
                    continue  # refused by the matching (named in the issues)
                prepared = self._prepare(r, on_file) if on_file is not None else None
                if on_file is not None and prepared is not None and (
                        self._unchanged(r, on_file, prepared) or self._bulk_update(r, on_file, prepared)):
                    self.valid += 1
                    self.valid_updating += 1
                    continue
                if self._row(r, on_file) if on_file is not None else self._new_row(r):
                    self.valid += 1
                    self.valid_updating += r.rownum in self.updating
            self.changed_files.flush()
            if self.keep_refused:
                self._keep_refused(batch, mark)
        self._take_reading_issues()
        self._people_on_record()
        self.new_files.flush()
        self.created += self._new_numbers
        self.file_ids += self.new_files.written
        if progress is not None:
            progress(done, done)
        return self._report()

    def _take_reading_issues(self) -> list[RosterIssue]:
        new = self.sheet.issues[self._read_mark :]
        self._read_mark = len(self.sheet.issues)
        self.issues.extend(new)
        return new

    def _begin_batch(self, batch: list[RosterRow]) -> None:
        """Before a batch's rows: what the reading refused of them, the files they update, the people check."""
        new = self._take_reading_issues()
        self.bad_from_reading = {i.row for i in new if i.sheet != MEMBER_SHEET}
        bad_members = self.sheet.member_issue_rows
        if bad_members:
            self.bad_from_reading |= {r.rownum for r in batch if any(m.rownum in bad_members for m in r.members)}
        self.existing = {}
        numbers = sorted({r.id_number for r in batch if r.id_number})
        for part in chunks(numbers):
            for f in self.s.scalars(select(HardshipFile).where(col(HardshipFile.id_number).in_(part))):
                self.existing[f.id_number] = f
        # what the fast path for unchanged rows compares (read once per batch, not per row)
        self.batch_members = {}
        self.batch_latest = {}
        ids = sorted(f.id for f in self.existing.values())
        for part in chunks(ids):
            for m in self.s.scalars(select(HouseholdMember).where(col(HouseholdMember.file_id).in_(part))
                                    .order_by(col(HouseholdMember.file_id), col(HouseholdMember.sort_order))):
                self.batch_members.setdefault(m.file_id, []).append(m)
            latest = (select(col(IncomeFact.file_id), func.max(col(IncomeFact.as_of)))
                      .where(col(IncomeFact.file_id).in_(part)).group_by(col(IncomeFact.file_id)))
            self.batch_latest.update({fid: day for fid, day in self.s.execute(latest)})
        self.changed_files.begin_batch(ids)
        self._check_people(batch)

    def _prepare(self, r: RosterRow, f: HardshipFile) -> _Prepared | None:
        """A row whose file is on record, cleaned and checked once for both fast paths (`_unchanged`,
        `_bulk_update`): the checks and values of `services.files.update_file_in` and `services.pairing.assign_in`
        on the file, members and latest fact date read for the batch. None sends the row through the services
        (`_row`), which then say what changes or what they refuse: whatever would be refused, a cell the reading
        refused, a changed ID number, a responsible person who is new or not the file's (a pairing is written by
        `assign_in`)."""
        if r.rownum in self.bad_from_reading:
            return None  # the services name the rest of the row; the row is refused
        data = {k: v for k, v in r.data.items() if v not in (None, "")}
        if self.keep_unknown and _has_unknown_cells(r):
            data["note"] = _extra_notes(data.get("note") or f.note, r)
        data, raw, replaced = self._map_values(r, data)
        data.update(derived_clears(data, on_file=f))
        union: UnionOrg | None = None
        if r.union is not None:
            union = self._union(r.union)
            if union is None:
                return None
        members = [self._map_member(i, m, raw, replaced) for i, m in enumerate(r.members, start=1)]
        values, errors = clean_file_input(data, today=self.today, creating=False, row=r.rownum)
        if errors:
            return None
        values, derived = settle_totals(f, values, data)
        cleaned: list[dict[str, Any]] | None = None
        if members:
            cleaned, errors = clean_members(members, today=self.today, row=r.rownum)
            if errors:
                return None
        if "id_number" in values and values["id_number"] != f.id_number:
            return None
        current = self.batch_members.get(f.id, [])
        if check_file_change(f, values, members=cleaned, today=self.today, current_members=current,
                             latest_fact_on=self.batch_latest.get(f.id), id_taken_by=None, raw=data,
                             input_ok=True, row=r.rownum, totals_from_parts=derived):
            return None
        cadre: Cadre | None = None
        if r.responsible is not None:
            try:
                cadre = self._known_cadre(r.responsible)
            except DomainError:
                return None
            if cadre is None:
                return None  # a new cadre would be made
            unit_id = union.id if union is not None else cadre.union_id
            if (f.responsible_person_id, f.responsible_unit_id) != (cadre.id, unit_id):
                return None
        new_raw = merge_raw(f.raw_values, raw, replaced=replaced, members=bool(r.members))
        return _Prepared(values, cleaned, current, new_raw, cadre)

    def _remember_cadre(self, r: RosterRow, p: _Prepared) -> None:
        if p.cadre is not None and r.responsible is not None:
            self.cadres[r.responsible] = p.cadre

    def _unchanged(self, r: RosterRow, f: HardshipFile, p: _Prepared) -> bool:
        """The fast path of a prepared row: True when it would change nothing of its file (the same values,
        members, kept words and responsible person), so it is reported unchanged without a savepoint or the
        services."""
        for key, value in p.values.items():
            if key == "household_annual_income_fen" and value is None:
                value = 0
            if getattr(f, key) != value:
                return False
        if p.cleaned is not None and _members_differ(p.current, p.cleaned):
            return False
        if p.raw_values != f.raw_values:
            return False
        self._remember_cadre(r, p)
        self.warnings += [self._issue(r.rownum, header_for(w.field), w.zh, w.en)
                          for w in income_warnings(f, p.current, row=r.rownum)]
        if f.status == E.FileStatus.FOUND.value:
            result = check_five_clear(f, p.current)
            if not result.all_clear:
                self.gaps.append(FiveClearGap(r.rownum, f.file_no, result.missing_summary()))
        self.unchanged.append(f.file_no)
        return True

    def _bulk_update(self, r: RosterRow, f: HardshipFile, p: _Prepared) -> bool:
        """A changed prepared row, decided here and queued for the batch's bulk write (`services.roster_update`);
        False sends the row through the services (`_row`) instead (e.g. a change of the name initials alone)."""
        differ = p.cleaned is not None and _members_differ(p.current, p.cleaned)
        change = self.changed_files.plan(f, p.values, members=p.cleaned, current=p.current, members_differ=differ,
                                         raw_values=p.raw_values, row=r.rownum)
        if change is None:
            return False
        self.changed_files.add(change)
        self._remember_cadre(r, p)
        self.warnings += [self._issue(r.rownum, header_for(w.field), w.zh, w.en) for w in change.warnings]
        if change.five_clear is not None and not change.five_clear.all_clear:
            self.gaps.append(FiveClearGap(r.rownum, f.file_no, change.five_clear.missing_summary()))
        self.updated.append(f.file_no)
        self.file_ids.append(f.id)
        return True

    def _keep_refused(self, batch: list[RosterRow], mark: int) -> None:
        """Hold the batch's rows something was refused of (for errors-out); the others are let go."""
        rows = {i.row for i in self.issues[mark:] if i.sheet != MEMBER_SHEET} | self.bad_from_reading
        member_rows = {i.row for i in self.issues[mark:] if i.sheet == MEMBER_SHEET} | self.sheet.member_issue_rows
        for r in batch:
            if r.rownum in rows or any(m.rownum in member_rows for m in r.members):
                self.refused_rows.append(r)

    def _on_file(self, r: RosterRow) -> HardshipFile | Literal[False] | None:
        """The file a row updates: by ID number; with the union's setting, a row without one by name and birth
        date. False: the row is refused by the matching (an ambiguous match, the same person twice)."""
        name = str(r.data.get("name") or "").strip()
        born = _birth_of(r)
        if self.match_name_birth and name and born is not None:
            first = self.seen_people.get((name, born))
            if first is not None:
                self.duplicates.append(DuplicateRow("same_household", r.rownum, first, name=name,
                                                    id_number=r.id_number or None))
                self.issues.append(self._issue(
                    r.rownum, "姓名", f"与第{first}行姓名、出生日期相同，疑为同一户：请核对后只留一行",
                    f"same name and birth date as row {first}: the same household?"))
                return False
            self.seen_people[(name, born)] = r.rownum
        if r.id_number:
            f = self.existing.get(r.id_number)
            if f is not None:
                self.updating.add(r.rownum)
            return f
        if not (self.match_name_birth and name and born is not None):
            return None  # refused as a new file without its ID number
        found = list(self.s.scalars(
            select(HardshipFile).where(col(HardshipFile.name) == name, col(HardshipFile.birth_date) == born).limit(2)
        ))
        if len(found) > 1:
            self.issues.append(self._issue(
                r.rownum, "身份证号", f"没有身份证号，且有多份档案姓名为{name}、出生日期为{born.isoformat()}：请填写身份证号",
                "no ID number, and several files have this name and birth date"))
            return False
        if not found:
            return None
        self.updating.add(r.rownum)
        self.duplicates.append(DuplicateRow("matched_by_name", r.rownum, file_no=found[0].file_no, name=name,
                                            id_number=found[0].id_number))
        return found[0]

    def _check_people(self, batch: list[RosterRow]) -> None:
        """A batch's heads who are already a member of another file (reported, nothing refused); its members'
        ID numbers are gathered for `_people_on_record`."""
        heads: dict[str, RosterRow] = {}
        for r in batch:
            if r.id_number:
                heads[r.id_number] = r
                self.heads.setdefault(r.id_number, r.rownum)
            for m in r.members:
                number = str(m.data.get("id_number") or "").strip().upper()
                if number and number != r.id_number:
                    self.member_of.setdefault(number, []).append((r.rownum, str(r.data.get("name") or "")))
        for part in chunks(sorted(heads)):
            q = (select(col(HouseholdMember.id_number), col(HardshipFile.file_no), col(HardshipFile.id_number))
                 .join(HardshipFile, col(HardshipFile.id) == col(HouseholdMember.file_id))
                 .where(col(HouseholdMember.id_number).in_(part)))
            for member_number, file_no, head in self.s.execute(q):
                if head != member_number and member_number is not None:
                    row = heads[member_number]
                    self.people.append(DuplicateRow("head_is_member", row.rownum, file_no=file_no,
                                                    name=str(row.data.get("name") or ""), id_number=member_number))

    def _people_on_record(self) -> list[DuplicateRow]:
        """Members who are already the head of a file (on record, or a row of this roster), once all rows are
        read: reported, nothing refused."""
        on_record: dict[str, str] = {}
        for part in chunks(sorted(n for n in self.member_of if n not in self.heads)):
            for number, file_no in self.s.execute(
                select(col(HardshipFile.id_number), col(HardshipFile.file_no))
                .where(col(HardshipFile.id_number).in_(part))
            ):
                on_record[number] = file_no
        out: list[DuplicateRow] = []
        for number, rows in self.member_of.items():
            for rownum, name in rows:
                if number in self.heads:
                    out.append(DuplicateRow("member_is_head", rownum, self.heads[number], name=name,
                                            id_number=number))
                elif number in on_record:
                    out.append(DuplicateRow("member_is_head", rownum, file_no=on_record[number], name=name,
                                            id_number=number))
        self.people = out + self.people
        return out

    def _new_row(self, r: RosterRow) -> bool:
        """A household not on file: checked without writing, queued for the next batch when nothing of it is
        refused (`services.roster_bulk`)."""
        # a blank cell of a new file is its default (as the ORM's insert of a None): only required ones are kept,
        # so that their absence is named
        given = {k: v for k, v in r.data.items() if not (v is None or v == "") or k in REQUIRED_ON_CREATE}
        if self.keep_unknown and _has_unknown_cells(r):
            given["note"] = _extra_notes(given.get("note"), r)
        data, raw, replaced = self._map_values(r, given)
        data.update(derived_clears(data, on_file=None))
        refused: list[RosterIssue] = []
        union = self._row_union(r, refused)
        members = [self._map_member(i, m, raw, replaced) for i, m in enumerate(r.members, start=1)]
        new, errors = self.new_files.check(data, members, union=union or self.home, rownum=r.rownum)
        refused += self._from_errors(r, errors)
        known: Cadre | None = None
        if r.responsible is not None and new is not None:
            try:
                known = self._known_cadre(r.responsible)
            except DomainError as exc:
                refused.append(self._issue(r.rownum, "帮扶责任人", exc.zh, exc.en))
            state = SimpleNamespace(status=new.row["status"])
            refused += [
                self._issue(r.rownum, "帮扶责任人", e.zh, e.en)
                for e in check_pairing_change(state, on=self.today, current_start=None, file_no="",
                                              row=r.rownum)
            ]
        if refused or new is None:
            self.issues.extend(refused)
            return False
        if r.rownum in self.bad_from_reading:
            return False
        if r.responsible is not None:
            # a new cadre is made only for a row that is kept (written with the batch: the writer flushes first)
            cadre = known
            if cadre is None:
                cadre = Cadre(name=r.responsible, union_id=self.home.id, phone=r.responsible_phone)
                self.s.add(cadre)
            self.cadres[r.responsible] = cadre
            self.new_cadres = self.new_cadres or known is None
            unit_id = union.id if union is not None else cadre.union_id
            unit_name = union.name if union is not None else self._union_name(cadre.union_id)
            new.pairing = (cadre.id, unit_id, f"确定帮扶联系责任人：{cadre.name}（{unit_name}）；花名册导入")
            new.row.update(responsible_person_id=cadre.id, responsible_unit_id=unit_id)
            self.paired = True
        new.row["raw_values"] = merge_raw(None, raw, replaced=replaced, members=bool(r.members))
        number = self.new_files.add(new)  # numbered only now: a refused row takes no number
        self.warnings += [self._issue(r.rownum, header_for(w.field), w.zh, w.en) for w in new.warnings]
        if new.found and not new.five_clear.all_clear:
            self.gaps.append(FiveClearGap(r.rownum, number, new.five_clear.missing_summary()))
        self._new_numbers.append(number)
        return True

    def _row_union(self, r: RosterRow, refused: list[RosterIssue]) -> UnionOrg | None:
        if r.union is None:
            return None
        union = self._union(r.union)
        if union is None:
            refused.append(
                self._issue(r.rownum, "所属工会", f"没有代码或名称为“{r.union}”的工会（请先添加下级单位）",
                            "no such union: add it first")
            )
        return union

    def _union_name(self, union_id: str | None) -> str:
        if not union_id:
            return ""
        if union_id not in self.union_names:
            u = self.s.get(UnionOrg, union_id)
            self.union_names[union_id] = u.name if u is not None else ""
        return self.union_names[union_id]

    def _row(self, r: RosterRow, on_file: HardshipFile | None = None) -> bool:
        """Write one row inside a savepoint; keep it only when no one refused anything of it."""
        pending: dict[str, tuple[Cadre, bool]] = {}  # this row's cadres, and whether each is new
        self._row_warnings = []
        savepoint = self.s.begin_nested()
        try:
            outcome = self._write(r, pending, on_file)
        except _RowRefused:
            savepoint.rollback()
            return False
        if r.rownum in self.bad_from_reading:
            savepoint.rollback()  # written only to hear what the services say of the rest of the row
            return False
        savepoint.commit()
        self.warnings.extend(self._row_warnings)
        self.cadres.update({name: cadre for name, (cadre, _new) in pending.items()})
        self.new_cadres = self.new_cadres or any(new for _cadre, new in pending.values())
        kind, f, paired = outcome
        self.paired = self.paired or paired
        if kind == "unchanged" and not paired:
            self.unchanged.append(f.file_no)
            return True
        (self.created if kind == "created" else self.updated).append(f.file_no)
        self.file_ids.append(f.id)
        return True

    def _write(self, r: RosterRow, pending: dict[str, tuple[Cadre, bool]],
               on_file: HardshipFile | None = None) -> tuple[str, HardshipFile, bool]:
        # on a file already on record a blank cell leaves the field as it is
        data = dict(r.data) if on_file is None else {k: v for k, v in r.data.items() if v not in (None, "")}
        if self.keep_unknown and _has_unknown_cells(r):
            current = data.get("note") or (on_file.note if on_file is not None else None)
            data["note"] = _extra_notes(current, r)
        data, raw, replaced = self._map_values(r, data)
        data.update(derived_clears(data, on_file=on_file))
        refused: list[RosterIssue] = []
        union: UnionOrg | None = None
        if r.union is not None:
            union = self._union(r.union)
            if union is None:
                refused.append(
                    self._issue(
                        r.rownum,
                        "所属工会",
                        f"没有代码或名称为“{r.union}”的工会（请先添加下级单位）",
                        "no such union: add it first",
                    )
                )
        members = [self._map_member(i, m, raw, replaced) for i, m in enumerate(r.members, start=1)]
        try:
            if on_file is None:
                f = create_file_in(
                    self.s,
                    data=data,
                    members=members,
                    as_of=self.today,
                    actor=self.actor,
                    union_code=union.code if union is not None else None,
                    source="roster",
                    row=r.rownum,
                )
                kind = "created"
            else:
                f = on_file
                changed = update_file_in(
                    self.s,
                    f,
                    changes=data,
                    as_of=self.today,
                    actor=self.actor,
                    source="roster",
                    row=r.rownum,
                    members=members or None,
                )
                kind = "updated" if changed else "unchanged"
        except ValidationFailed as exc:
            self._refuse(refused + self._from_errors(r, exc.errors))
        except DomainError as exc:
            self._refuse([*refused, self._issue(r.rownum, "整行", exc.zh, exc.en)])
        new_raw = merge_raw(f.raw_values, raw, replaced=replaced, members=bool(r.members))
        if new_raw != f.raw_values:
            f.raw_values = new_raw
            if kind == "unchanged":
                kind = "updated"
        self._row_warnings = [
            self._issue(r.rownum, header_for(w.field), w.zh, w.en) for w in file_warnings(self.s, f, row=r.rownum)
        ]
        if f.status == E.FileStatus.FOUND.value:
            on_record = self.s.scalars(
                select(HouseholdMember).where(col(HouseholdMember.file_id) == f.id)
            ).all()
            result = check_five_clear(f, on_record)
            if not result.all_clear:
                self.gaps.append(FiveClearGap(r.rownum, f.file_no, result.missing_summary()))
        paired = False
        if r.responsible is not None:
            try:
                cadre = self._cadre(r.responsible, r.responsible_phone, pending)
                paired = assign_in(
                    self.s, f, cadre, unit=union, on=self.today, actor=self.actor, note="花名册导入"
                )
            except DomainError as exc:
                refused.append(self._issue(r.rownum, "帮扶责任人", exc.zh, exc.en))
        if refused:
            self._refuse(refused)
        return kind, f, paired

    def _map_values(self, r: RosterRow, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], set[str]]:
        """The row's descriptive words mapped (unknown ones noted), the words kept, and the fields it gave."""
        mapped = map_row(data, headers=HEADER_OF, union_map=self.union_map)
        self._note(mapped.unknown, r.rownum)
        replaced = {k for k, v in data.items() if v not in (None, "") and mappable(k)}
        return mapped.data, dict(mapped.raw), replaced

    def _map_member(self, i: int, m: MemberRow, raw: dict[str, str], replaced: set[str]) -> dict[str, Any]:
        mapped = map_row(m.data, headers=MEMBER_HEADER_OF, union_map=self.union_map, members=True)
        self._note(mapped.unknown, m.rownum)
        raw.update({f"members[{i}].{k.removeprefix('member.')}": v for k, v in mapped.raw.items()})
        return mapped.data

    def _note(self, words: list[UnknownWord], rownum: int) -> None:
        for w in words:
            key = (w.field, w.column, w.value)
            seen = self._unknown_rows.setdefault(key, set())
            if rownum not in seen:  # a set beside the list: a word of 50,000 rows is noted in constant time
                seen.add(rownum)
                self.unknown.setdefault(key, []).append(rownum)

    def _refuse(self, issues: list[RosterIssue]) -> NoReturn:
        self.issues.extend(issues)
        raise _RowRefused

    # -- what the services said, as cells -----------------------------------------------------------------

    def _issue(self, rownum: int, column: str, zh: str, en: str, sheet: str | None = None) -> RosterIssue:
        return RosterIssue(self.sheet.source, sheet or self.sheet.sheet, rownum, column, zh, en)

    def _from_errors(self, r: RosterRow, errors: Sequence[FieldError]) -> list[RosterIssue]:
        out: list[RosterIssue] = []
        for e in errors:
            member = _MEMBER_FIELD.match(e.field)
            if member is not None and 0 < int(member[1]) <= len(r.members):
                # a member's field: shown on the member's own row of the 家庭成员 sheet, without the
                # "家庭成员第i人…" the window needs (the row already says which member)
                i, name = int(member[1]), member[2]
                zh = e.zh.removeprefix(f"家庭成员第{i}人{field_label(name)}：")
                en = e.en.removeprefix(f"member {i} {name}: ")
                out.append(
                    self._issue(r.members[i - 1].rownum, header_for(name, members=True), zh, en, MEMBER_SHEET)
                )
            elif e.field == "as_of":
                # the import's date is before the record: shown under the income (a dated fact) or the ID
                out.append(
                    self._issue(r.rownum, "家庭年总收入" if "收入" in e.zh else "身份证号", e.zh, e.en)
                )
            else:
                out.append(self._issue(r.rownum, header_for(e.field), e.zh, e.en))
        return out

    # -- look-ups a roster needs ------------------------------------------------------------------------

    def _union(self, key: str) -> UnionOrg | None:
        """所属工会: a union by its code, else by its name."""
        if key not in self.unions:
            self.unions[key] = (
                self.s.scalars(select(UnionOrg).where(col(UnionOrg.code) == key)).first()
                or self.s.scalars(select(UnionOrg).where(col(UnionOrg.name) == key)).first()
            )
        return self.unions[key]

    def _find_cadre(self, ref: str) -> Cadre | None:
        """`services.unions.find_cadre` over the cadres read once (the roll's hundreds of names cost one query).

        Raises:
            DomainError: two or more active cadres share the name.
        """
        if self._cadre_index is None:
            with self.s.no_autoflush:
                every = list(self.s.scalars(select(Cadre)))
            self._cadre_ids = {c.id: c for c in every}
            self._cadre_index = {}
            for c in every:
                self._cadre_index.setdefault(c.name, []).append(c)
        if ref in self._cadre_ids:
            return self._cadre_ids[ref]
        matches = sorted(self._cadre_index.get(ref, []), key=lambda c: not c.active)
        active = [c for c in matches if c.active]
        if len(active) > 1:
            raise DomainError(f"有{len(active)}位在职责任人同名“{ref}”，请用编号指定",
                              f"{len(active)} active people are called {ref}: use the id")
        return matches[0] if matches else None

    def _known_cadre(self, name: str) -> Cadre | None:
        """The active cadre of that name already known (None: a new one would be made).

        Raises:
            DomainError: two or more active cadres share the name.
        """
        if name in self.cadres:
            return self.cadres[name]
        if name in self.no_cadre:
            return None
        found = self._find_cadre(name)
        if found is not None and found.active:
            return found
        self.no_cadre.add(name)  # asked once: a new cadre is made for the first row kept that names them
        return None

    def _cadre(self, name: str, phone: str | None, pending: dict[str, tuple[Cadre, bool]]) -> Cadre:
        """帮扶责任人: the one active cadre of that name (`services.unions.find_cadre`), or a new cadre of this union.

        Raises:
            DomainError: two or more active cadres share the name (find_cadre's refusal).
        """
        if name in self.cadres:
            return self.cadres[name]
        if name in pending:
            return pending[name][0]
        try:
            found: Cadre | None = find_cadre(self.s, name)
        except NotFound:
            found = None
        if found is not None and found.active:
            pending[name] = (found, False)
            return found
        cadre = Cadre(name=name, union_id=self.home.id, phone=phone)  # a cadre who left is not brought back
        self.s.add(cadre)
        self.s.flush()
        pending[name] = (cadre, True)
        return cadre

    # -- the report -------------------------------------------------------------------------------------

    def _report(self) -> RosterReport:
        seen: set[tuple[str | None, int, str]] = set()
        unique: list[RosterIssue] = []
        for i in self.issues:  # a refused cell is not also reported as blank
            if (i.sheet, i.row, i.column) not in seen:
                seen.add((i.sheet, i.row, i.column))
                unique.append(i)
        unique.sort(key=lambda i: (i.sheet == MEMBER_SHEET, i.row))
        to_update = self.valid_updating
        repeated = [
            DuplicateRow("same_household", row, other, name=self.sheet.repeated_names.get(row, ""), id_number=number,
                         identical=True)
            for row, other, number in self.sheet.repeated
        ]
        return RosterReport(
            columns=self.sheet.columns,
            member_columns=self.sheet.member_columns,
            kept_unknown_columns=self.keep_unknown,
            duplicates=[*repeated, *self.people, *self.duplicates],
            source=self.sheet.source,
            rows=self.sheet.rows_read,
            valid=self.valid,
            to_create=self.valid - to_update,
            to_update=to_update,
            created=list(self.created),
            updated=list(self.updated),
            unchanged=list(self.unchanged),
            issues=unique,
            unknown_values=[
                UnknownValue(key, column, value, rows)
                for (key, column, value), rows in sorted(self.unknown.items(), key=lambda kv: (kv[0][1], -len(kv[1])))
            ],
            gaps=list(self.gaps),
            warnings=list(self.warnings),
        )

    def changes(self) -> Changes:
        ids = self.file_ids if len(self.file_ids) <= _NAMED_FILES else []
        if not self.file_ids:
            return Changes(unions=self.new_cadres)
        return Changes.of_files(*ids, pairing=self.paired) | Changes(unions=self.new_cadres)


__all__ = [
    "MAIN_SHEET",
    "FiveClearGap",
    "RollExport",
    "RosterCancelled",
    "RosterRefused",
    "DuplicateRow",
    "with_extra_note",
    "RosterReport",
    "RosterTemplate",
    "UnknownValue",
    "ValueMapping",
    "export_roster",
    "import_roster",
    "preview_roster",
    "roster_template",
]
