"""Retention: closed files are kept `retention_years` (a setting, 10 by default) after closing, then listed for
deletion and deleted only with a reviewer's approval, leaving a stub (DOMAIN.md §4 care duties, §9 yearly).

Deleting removes the file and every record hanging on it (members, income facts, history, pairing, letters'
scope, assistance, visits, re-employment support, and whatever table a later revision hangs on a file) in one
transaction; the search index follows through its triggers (db/search_index.py). What stays: a `file_stub` row
(file number, masked name, registered/closed dates, close reason, who deleted and approved it, when and why) and
the audit entries written through db/audit.py (the hash chain keeps its earlier rows: they are the record of
what was done).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

from assist_desktop.db.audit import bulk_audit
from assist_desktop.db.engine import Database
from assist_desktop.db.models import FileStub, HardshipFile, StatusEvent, table_of, utcnow
from assist_desktop.domain.enums import CloseReason, FileStatus
from assist_desktop.domain.errors import DomainError, NotFound, ValidationFailed
from assist_desktop.domain.validation import check_text
from assist_desktop.domain.workdays import add_months
from assist_desktop.services.access import require
from assist_desktop.services.changes import Changes
from assist_desktop.services.common import get_option
from assist_desktop.services.read_models import MappingView

#: the due-list kind of a file past its retention period (services/due.py lists it)
DUE_KIND = "retention_due"
DUE_LABEL = ("档案保存期满，待审核删除", "Retention period over: to be reviewed for deletion")


def retention_years(s: Session) -> int:
    return int(get_option(s, "retention_years"))


def kept_until(closed_on: dt.date, years: int) -> dt.date:
    """The day a file closed on `closed_on` has been kept `years` years (from then on it may be deleted)."""
    return add_months(closed_on, 12 * years)


@dataclass(frozen=True, eq=False)
class RetentionItem(MappingView):
    """A closed file past its retention period."""

    file_no: str
    name: str
    closed_on: dt.date
    close_reason: str | None
    close_reason_label: str
    kept_until: dt.date
    years: int


@dataclass(frozen=True, eq=False)
class StubView(MappingView):
    """What is left of a file deleted after its retention period."""

    file_no: str
    name_masked: str
    origin_union_code: str | None
    registered_on: dt.date | None
    closed_on: dt.date | None
    close_reason: str | None
    kept_until: dt.date | None
    deleted_on: dt.date
    deleted_by: str
    approved_by: str
    approved_at: dt.datetime
    reason: str

    @classmethod
    def of(cls, row: FileStub) -> StubView:
        return cls(row.file_no, row.name_masked, row.origin_union_code, row.registered_on, row.closed_on,
                   row.close_reason, row.kept_until, row.deleted_on, row.deleted_by, row.approved_by,
                   row.approved_at, row.reason)

    def sentence(self, lang: str = "zh") -> str:
        """The file's fate in one sentence (what `file show` / `status` of its number says)."""
        if lang.startswith("en"):
            return (f"file {self.file_no} was deleted under retention on {self.deleted_on} (approved by "
                    f"{self.approved_by}; closed {self.closed_on or '?'}); only its stub is kept")
        return (f"档案 {self.file_no}（{self.name_masked}）已于 {self.deleted_on} 按保存期满删除（经 {self.approved_by} "
                f"审核同意；退档 {self.closed_on or '不详'}），仅保留存根")


@dataclass(frozen=True, eq=False)
class FileDeleted(MappingView):
    """What `delete_expired_file` did: the stub left and how many rows of each table went."""

    stub: StubView
    removed: dict[str, int]
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {"stub": self.stub.to_json(), "removed": dict(self.removed)}


def _candidates(s: Session, *, today: dt.date, years: int, limit: int | None = None) -> list[RetentionItem]:
    # a few days' margin on the SQL cut-off (month ends), the exact test in Python
    cutoff = add_months(today, -12 * years) + dt.timedelta(days=3)
    q = (select(col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.closed_on),
                col(HardshipFile.close_reason))
         .where(col(HardshipFile.status) == FileStatus.CLOSED.value, col(HardshipFile.closed_on).is_not(None),
                col(HardshipFile.closed_on) <= cutoff)
         .order_by(col(HardshipFile.closed_on), col(HardshipFile.file_no)))
    out: list[RetentionItem] = []
    for r in s.execute(q):
        until = kept_until(r.closed_on, years)
        if until > today:
            continue
        label = CloseReason(r.close_reason).label if r.close_reason else ""
        out.append(RetentionItem(r.file_no, r.name, r.closed_on, r.close_reason, label, until, years))
        if limit is not None and len(out) >= limit:
            break
    return out


def past_retention(db: Database, *, today: dt.date, limit: int | None = None) -> list[RetentionItem]:
    """The closed files kept `retention_years` or longer on `today`, longest closed first."""
    with db.reader() as s:
        return _candidates(s, today=today, years=retention_years(s), limit=limit)


def due_items_in(s: Session, *, as_of: dt.date, limit: int | None = None) -> list[Any]:
    """The due list's "档案保存期满，待审核删除" items (services/due.py calls this inside its reader)."""
    from assist_desktop.services.due import DueItem

    years = retention_years(s)
    return [
        DueItem(DUE_KIND, item.kept_until,
                f"{item.closed_on.isoformat()} 退档（{item.close_reason_label}），保存 {years} 年至 "
                f"{item.kept_until.isoformat()} 期满，请审核后删除（保留存根）",
                item.file_no, None, item.name, None, True)
        for item in _candidates(s, today=as_of, years=years, limit=limit)
    ]


def find_stub(s: Session, file_no: str) -> FileStub | None:
    return s.scalars(select(FileStub).where(col(FileStub.file_no) == file_no)).first()


def get_stub(db: Database, *, file_no: str) -> StubView | None:
    """The stub of a deleted file number (None: no file of that number was deleted)."""
    with db.reader() as s:
        row = find_stub(s, file_no)
        return StubView.of(row) if row is not None else None


def list_stubs(db: Database) -> list[StubView]:
    """Every stub, most recently deleted first."""
    with db.reader() as s:
        rows = s.scalars(select(FileStub).order_by(col(FileStub.deleted_at).desc(), col(FileStub.file_no)))
        return [StubView.of(r) for r in rows]


def not_found(s: Session, file_no: str) -> NotFound:
    """The refusal for a file number that names no file: it says so when the file was deleted under retention."""
    stub = find_stub(s, file_no)
    if stub is not None:
        view = StubView.of(stub)
        return NotFound(view.sentence("zh"), view.sentence("en"))
    return NotFound(f"没有档案编号为 {file_no} 的档案", f"no file numbered {file_no}")


def _child_tables(parent: Table) -> list[tuple[Table, str]]:
    """Tables with a foreign key to `parent`, and the column holding it."""
    out = []
    for t in SQLModel.metadata.sorted_tables:
        if t is parent:
            continue
        for fk in t.foreign_keys:
            if fk.column.table is parent and fk.parent.table is t:
                out.append((t, fk.parent.name))
    return out


def _delete_rows(s: Session, table: Table, column: str, keys: list[Any], removed: dict[str, int], *,
                 actor: str, reason: str) -> None:
    """Delete the rows of `table` whose `column` is in `keys`, their own children first, with audit rows."""
    if not keys:
        return
    conn = s.connection()
    pk = list(table.primary_key.columns)
    rows = conn.execute(select(*pk).where(table.c[column].in_(keys))).all()
    if not rows:
        return
    if len(pk) == 1:
        ids = [r[0] for r in rows]
        for child, child_col in _child_tables(table):
            _delete_rows(s, child, child_col, ids, removed, actor=actor, reason=reason)
    conn.execute(delete(table).where(table.c[column].in_(keys)))
    removed[table.name] = removed.get(table.name, 0) + len(rows)
    bulk_audit(s, table.name, ["/".join(str(v) for v in r) for r in rows], action="delete", actor=actor,
               reason=reason)


def delete_expired_file(db: Database, *, file_no: str, reason: str, today: dt.date,
                        actor: str = "system") -> FileDeleted:
    """Delete a closed file past its retention period, with the approval of the reviewer or administrator
    doing it: the file and every record hanging on it go in one transaction, a stub and audit entries stay.

    Raises:
        DomainError: the actor is not a reviewer or administrator (with accounts), the file is not closed, or
            its retention period has not ended.
        ValidationFailed: no reason.
        NotFound: no such file (or it was deleted already: the message says when).
    """
    require(db, actor, "review")
    try:
        why = check_text(reason, "reason", required=True, max_len=500)
    except ValidationFailed:
        raise ValidationFailed([*_reason_required()]) from None
    assert why is not None
    from assist_desktop.services.files import get_by_no
    from assist_desktop.services.reports import mask_name

    files_t = table_of(HardshipFile)
    with db.transaction(actor=actor, reason=f"retention: {why}"[:500]) as s:
        f = get_by_no(s, file_no)
        if f.status != FileStatus.CLOSED.value or f.closed_on is None:
            raise DomainError(f"档案 {f.file_no} 尚未退档，不能按保存期满删除",
                              f"file {f.file_no} is not closed: it cannot be deleted under retention")
        years = retention_years(s)
        until = kept_until(f.closed_on, years)
        if until > today:
            raise DomainError(f"档案 {f.file_no} 于 {f.closed_on} 退档，须保存 {years} 年至 {until}，现在不能删除",
                              f"file {f.file_no} closed on {f.closed_on} is kept {years} years, until {until}")
        registered_on = s.scalar(select(func.min(col(StatusEvent.occurred_on)))
                                 .where(col(StatusEvent.file_id) == f.id,
                                        col(StatusEvent.to_status) == FileStatus.REGISTERED.value))
        now = utcnow()
        stub = FileStub(file_no=f.file_no, name_masked=mask_name(f.name)[:50], origin_union_code=f.origin_union_code,
                        registered_on=registered_on, closed_on=f.closed_on, close_reason=f.close_reason,
                        close_detail=f.close_detail, kept_until=until, deleted_on=today, deleted_at=now,
                        deleted_by=str(actor)[:50], approved_by=str(actor)[:50], approved_at=now, reason=why)
        file_id = f.id
        s.expunge(f)
        s.add(stub)
        s.flush()  # the stub's insert is audited by the session (db/audit.py)
        removed: dict[str, int] = {}
        audit_reason = f"retention: {why}"[:500]
        _delete_rows(s, files_t, "id", [file_id], removed, actor=str(actor), reason=audit_reason)
        return FileDeleted(StubView.of(stub), removed,
                           Changes(files=True, file_ids=frozenset({file_id}), care=True, pairing=True))


def _reason_required() -> list[Any]:
    from assist_desktop.domain.errors import FieldError

    return [FieldError("reason", "须写明删除理由", "a reason for the deletion is required")]
