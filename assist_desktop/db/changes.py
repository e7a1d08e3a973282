"""Change sequence numbers: which files changed, in the order their changes were committed, without clocks.

Every transaction that changes something a package carries (a file, its members, income facts, history
entries, pairing, assistance, visits or re-employment support) takes one number from the per-database counter
`sequence.change_seq` when it commits, and stamps every file it touched with it (`hardship_file.change_seq`).
The number is taken with `UPDATE … RETURNING` just before the commit, so the counter row stays locked until the
commit: numbers become visible in the order they were handed out, and a reader that sees counter value N sees
every file stamped N or lower. An incremental export therefore sends exactly the files above the receiver's
watermark and moves the watermark to the counter it read first (docs/exchange-format.md §4.3).

Tracking is automatic: the ORM's changes are seen in `before_flush`, UPDATE and DELETE statements run through
a session (`session.execute(update(HardshipFile)…)`) in `do_orm_execute` (the files they reach are read first,
with the statement's own WHERE clause); the bulk writer (db/bulk.py) reports the
files of the rows it writes through `touch_connection`. A path that stamps the rows itself (the package
import writes `change_seq` in the rows) says so with `stamped`, and the commit leaves them alone.
Changes to a file's local columns (`LOCAL_FILE_COLUMNS`: review state, receipt bookkeeping) do not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, event, insert, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from assist_desktop.db.models import HardshipFile, Sequence, table_of

COUNTER = "change_seq"

#: the tables whose rows belong to a file, and the column naming the file
FILE_SCOPED: dict[str, str] = {
    "hardship_file": "id",
    "household_member": "file_id",
    "income_fact": "file_id",
    "status_event": "file_id",
    "pairing": "file_id",
    "assistance_record": "file_id",
    "home_visit": "file_id",
    "employment_support": "file_id",
}

#: columns of a file that belong to this database, not to the file: changing them is not a change of the file
LOCAL_FILE_COLUMNS = frozenset(
    {"review_state", "review_note", "reported_at", "received_stamp", "received_seq", "received_from", "change_seq"}
)

_PENDING = "assist_change_pending"  # file ids touched in this transaction (session.info and connection.info)
_STAMPED = "assist_change_stamped"  # file ids already carrying this transaction's number
_SEQ = "assist_change_seq"  # this transaction's number, once taken
_SEQ_TX = "assist_change_seq_tx"  # the (nested) transaction it was taken in
_CONN = "assist_change_conn"
_CHUNK = 900


def install_change_tracking(session_class: type[Session]) -> None:
    """Attach the listeners to a session class (idempotent)."""
    for name, fn in (
        ("after_begin", _after_begin),
        ("before_flush", _before_flush),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
        ("do_orm_execute", _do_orm_execute),
        ("after_soft_rollback", _after_soft_rollback),
    ):
        if not event.contains(session_class, name, fn):
            event.listen(session_class, name, fn)


def touch_files(session: Session, ids: Iterable[str]) -> None:
    """Files changed by a write the listeners cannot see (a Core statement): stamped at commit."""
    _pending(session).update(ids)


def touch_connection(conn: Any, ids: Iterable[str]) -> None:
    """The same for a write on a session's connection (the bulk writer); a bare connection is ignored."""
    pending = conn.info.get(_PENDING) if isinstance(conn, Connection) else None
    if pending is not None:
        pending.update(ids)


def stamped(session: Session, ids: Iterable[str]) -> None:
    """These files were written with `transaction_seq(session)` already: the commit need not stamp them."""
    session.info.setdefault(_STAMPED, set()).update(ids)


def transaction_seq(session: Session) -> int:
    """This transaction's change number (taken now if not yet; the counter stays locked until the end)."""
    seq = session.info.get(_SEQ)
    if seq is None:
        seq = session.info[_SEQ] = _take(session.connection())
        session.info[_SEQ_TX] = session.get_nested_transaction() or session.get_transaction()
    return int(seq)


def watermark(conn: Any) -> int:
    """The highest change number committed (as this connection's snapshot sees it); 0 when none."""
    t = table_of(Sequence)
    value = conn.execute(select(t.c.next_value).where(t.c.name == COUNTER)).scalar()
    return int(value) - 1 if value is not None else 0


def _take(conn: Connection) -> int:
    t = table_of(Sequence)
    row = conn.execute(
        update(t).where(t.c.name == COUNTER).values(next_value=t.c.next_value + 1).returning(t.c.next_value)
    ).first()
    if row is None:  # a database made without the migration's counter row
        seq = table_of(HardshipFile).c.change_seq
        start = int(conn.execute(select(seq).order_by(seq.desc()).limit(1)).scalar() or 0) + 1
        conn.execute(insert(t).values(name=COUNTER, next_value=start + 1))
        return start
    return int(row[0]) - 1


def _pending(session: Session) -> set[str]:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = set()
    return pending  # type: ignore[no-any-return]


def _after_begin(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    pending = _pending(session)
    connection.info[_PENDING] = pending  # the bulk writer finds this transaction's set through its connection
    session.info[_CONN] = connection


def _file_of(obj: Any) -> str | None:
    table = getattr(obj, "__tablename__", None)
    column = FILE_SCOPED.get(table) if table else None
    if column is None:
        return None
    value = getattr(obj, column, None)
    return str(value) if value is not None else None


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    pending = _pending(session)
    for obj in session.new:
        fid = _file_of(obj)
        if fid is not None:
            pending.add(fid)
    for obj in session.deleted:
        fid = _file_of(obj)
        if fid is not None and not isinstance(obj, HardshipFile):
            pending.add(fid)
    for obj in session.dirty:
        fid = _file_of(obj)
        if fid is None or not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, HardshipFile):
            state = inspect(obj)
            if all(
                attr.key in LOCAL_FILE_COLUMNS or not state.attrs[attr.key].history.has_changes()
                for attr in state.mapper.column_attrs
            ):
                continue
        pending.add(fid)


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    stmt: Any = state.statement
    table = getattr(stmt, "table", None)
    name = getattr(table, "name", None)
    column = FILE_SCOPED.get(name) if isinstance(name, str) else None
    if table is None or column is None or (state.is_delete and name == "hardship_file"):
        return  # a deleted file is not exported any more
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if isinstance(params, dict) and params else []
    if state.is_update and name == "hardship_file":
        keys = {getattr(k, "key", None) or getattr(k, "name", None) or str(k) for k in (stmt._values or {})}
        keys |= {k for r in rows for k in r if k != "id"}
        if keys and keys <= LOCAL_FILE_COLUMNS:
            return
    session = state.session
    where = stmt.whereclause
    if where is None and rows and all(column in r for r in rows):
        _pending(session).update(str(r[column]) for r in rows)  # by primary key, as the parameters say
        return
    q = select(table.c[column]).distinct()
    if where is not None:
        q = q.where(where)
    _pending(session).update(str(v) for v in session.connection().execute(q).scalars() if v is not None)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # the commit's own flush comes after this hook: see its changes first
    pending = session.info.get(_PENDING)
    if not pending:
        return
    todo = sorted(pending - session.info.get(_STAMPED, set()))
    pending.clear()
    if not todo:
        return
    seq = transaction_seq(session)
    t = table_of(HardshipFile)
    conn = session.connection()
    stmt = update(t).where(t.c.id.in_(bindparam("ids", expanding=True))).values(change_seq=seq)
    for k in range(0, len(todo), _CHUNK):
        conn.execute(stmt, {"ids": todo[k : k + _CHUNK]})
    # the files loaded in this session show their new number too (nothing else changed on them)
    from sqlalchemy.orm.attributes import set_committed_value

    wanted = set(todo)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, HardshipFile) and obj.id in wanted:
            set_committed_value(obj, "change_seq", seq)


def _after_soft_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    """A savepoint rolled back undoes the counter's increment taken inside it (and on PostgreSQL releases its
    lock): the number must not be used, nor the rows said to carry it; the commit takes a fresh one."""
    tx = session.info.get(_SEQ_TX)
    while tx is not None:
        if tx is previous_transaction:
            session.info.pop(_SEQ, None)
            session.info.pop(_SEQ_TX, None)
            session.info.pop(_STAMPED, None)
            return
        tx = tx.parent


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_PENDING, None)
    session.info.pop(_STAMPED, None)
    session.info.pop(_SEQ, None)
    session.info.pop(_SEQ_TX, None)
    conn = session.info.pop(_CONN, None)
    if conn is not None and not conn.closed:
        conn.info.pop(_PENDING, None)


__all__ = [
    "COUNTER", "FILE_SCOPED", "LOCAL_FILE_COLUMNS", "install_change_tracking", "stamped", "touch_connection",
    "touch_files", "transaction_seq", "watermark",
]
