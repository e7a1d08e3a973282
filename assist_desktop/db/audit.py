"""The audit log: every ORM change to every record, written in the same transaction, as a hash chain.

Bulk paths (demo data, imports, re-evaluation) that bypass the ORM write their own audit rows through
`bulk_audit` / `append_rows` / `append_field_changes`; sign-in events through `record_event`. This module is the only writer of audit rows.

The chain: each row carries `prev_hash` (the `row_hash` of the row before it in id order, "" for the first) and
`row_hash` = SHA-256 over `canonical(row, prev_hash)` (a JSON array of the previous hash and the columns at, actor,
action, table_name, record_id, field, old_value, new_value, reason; `at` as naive UTC ISO text). A row changed,
deleted or slipped in with sqlite3 breaks the chain at that row (`services/verify.py` finds it). Hashes are computed
in Python in the same pass that builds the rows, chained in insertion order from the last row's hash.

Insert rows of `hardship_file` carry, in `new_value`, a JSON snapshot of the fields that `verify` compares with
the current rows (`CHECKED_FIELDS`), so a value changed behind the program's back is found even for a file that was
never edited.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from assist_desktop.db.models import AuditLog, table_of, utcnow

_SKIP_TABLES = {"audit_log", "sequence"}
_SKIP_FIELDS = {"updated_at", "row_version", "updated_by", "created_at", "created_by",
                # sign-in bookkeeping: the sign-in events themselves are audited (record_event)
                "failed_attempts", "locked_until"}
#: per audited table, the fields whose current value `verify` compares with the last audited one
CHECKED_FIELDS: dict[str, tuple[str, ...]] = {
    "hardship_file": ("name", "id_number", "bank_account", "status", "category"),
}
COLUMNS = ("at", "actor", "action", "table_name", "record_id", "field", "old_value", "new_value", "reason")
_STORED = (*COLUMNS, "prev_hash", "row_hash")
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

#: recorded as changed, never with their values
_SECRET_FIELDS = {"password_hash"}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 4000 else text[:3997] + "..."


def _record_id(obj: Any) -> str:
    state = inspect(obj)
    ident = state.identity or tuple(getattr(obj, c.key) for c in state.mapper.primary_key)
    return "/".join(str(i) for i in ident)


def _audit_rows(session: Session) -> list[dict[str, Any]]:
    actor = str(session.info.get("actor", "system"))[:50]
    reason = session.info.get("reason")
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in _SKIP_TABLES:
            continue
        rows.append(dict(at=now, actor=actor, action="insert", table_name=table, record_id=_record_id(obj),
                         field=None, old_value=None, new_value=_snapshot(table, obj.__dict__), reason=reason))
    for obj in session.dirty:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in _SKIP_TABLES or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key in _SKIP_FIELDS:
                continue
            hist = state.attrs[attr.key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _text(old) == _text(new):
                continue
            if attr.key in _SECRET_FIELDS:
                old, new = "******", "******（已更改）"
            rows.append(dict(at=now, actor=actor, action="update", table_name=table, record_id=_record_id(obj),
                             field=attr.key, old_value=_text(old), new_value=_text(new), reason=reason))
    for obj in session.deleted:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in _SKIP_TABLES:
            continue
        rows.append(dict(at=now, actor=actor, action="delete", table_name=table, record_id=_record_id(obj),
                         field=None, old_value=None, new_value=None, reason=reason))
    return rows


def _snapshot(table: str, values: Mapping[str, Any]) -> str | None:
    fields = CHECKED_FIELDS.get(table)
    if not fields:
        return None
    return json.dumps({f: _text(values.get(f)) for f in fields}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def utc_naive(at: dt.datetime) -> dt.datetime:
    """The stored (and hashed) form of a stamp: UTC without a zone (SQLite and PostgreSQL give it back alike)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at


def canonical(row: Mapping[str, Any], prev_hash: str) -> bytes:
    """The bytes a row's hash is taken over (a format: never change it without a migration re-chaining)."""
    at = row["at"]
    at_text = utc_naive(at).isoformat() if isinstance(at, dt.datetime) else str(at)
    get = row.get
    return _ENCODE([prev_hash, at_text, get("actor"), get("action"), get("table_name"), get("record_id"),
                    get("field"), get("old_value"), get("new_value"), get("reason")]).encode("utf-8")


def row_hash(row: Mapping[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(row, prev_hash)).hexdigest()


def _head(conn: Connection) -> str:
    """The hash of the last audit row ("" for none), after taking the chain's lock on PostgreSQL."""
    if conn.dialect.name == "postgresql":
        # one writer of the chain at a time: the next statement then sees the last committed row
        conn.execute(text("SELECT pg_advisory_xact_lock(74657)"))
    t = table_of(AuditLog)
    last = conn.execute(select(t.c.row_hash).order_by(t.c.id.desc()).limit(1)).first()
    return (last[0] or "") if last is not None else ""


def _chain(rows: list[dict[str, Any]], prev: str) -> str:
    for row in rows:
        at = row["at"]
        row["at"] = at.astimezone(dt.UTC) if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
        row["actor"] = str(row["actor"])[:50]
        row["prev_hash"] = prev
        prev = row["row_hash"] = row_hash(row, prev)
    return prev


def append_rows(conn: Connection, rows: Sequence[Mapping[str, Any]], *, batch: int = 5000) -> None:
    """Write audit rows (dicts with the keys of COLUMNS) at the end of the chain, in this order."""
    if not rows:
        return
    prev = _head(conn)
    for start in range(0, len(rows), batch):
        chunk = [dict(r) for r in rows[start:start + batch]]
        prev = _chain(chunk, prev)
        _insert(conn, chunk)


def append_field_changes(conn: Connection, changes: Sequence[tuple[str, str, str | None, str | None]], *,
                         table: str, at: dt.datetime, actor: str, reason: str | None,
                         action: str = "update") -> None:
    """Write audit rows for fields a bulk update changed, at the end of the chain, in this order: `changes` are
    (record id, field, old text, new text) tuples, the values already as `_text` makes them.

    The rows, hashes and chain are exactly those `append_rows` writes for dicts with these values and the given
    stamp, actor, action, table and reason (a test compares them), made without a dict per row: the part of the
    canonical text that every row of the call shares is encoded once, and the texts through the JSON encoder's
    own string function (a value that repeats, a status or a date, is encoded once)."""
    if not changes:
        return
    at = at.astimezone(dt.UTC) if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    actor = str(actor)[:50]
    middle = "," + ",".join(_ENCODE(x) for x in (utc_naive(at).isoformat(), actor, action, table)) + ","
    tail = "," + _ENCODE(reason) + "]"
    memo: dict[str | None, str] = {None: "null"}

    def enc(value: str | None) -> str:
        try:
            return memo[value]
        except KeyError:
            text = memo[value] = encode_basestring(str(value))  # None is in the memo already
            return text

    sha = hashlib.sha256
    from assist_desktop.db.bulk import BulkWriter

    writer = BulkWriter(conn)
    prev = _head(conn)
    for start in range(0, len(changes), 5000):
        rows = []
        for rid, field, old, new in changes[start:start + 5000]:
            h = sha(f'["{prev}"{middle}{encode_basestring(rid)},{enc(field)},{enc(old)},{enc(new)}{tail}'
                    .encode()).hexdigest()
            rows.append((at, actor, action, table, rid, field, old, new, reason, prev, h))
            prev = h
        writer.insert("audit_log", _STORED, rows)


def _insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    from assist_desktop.db.bulk import BulkWriter

    BulkWriter(conn).insert("audit_log", _STORED, [tuple(r.get(c) for c in _STORED) for r in rows])


def record_event(session: Session, *, action: str, table_name: str, record_id: str, actor: str,
                 reason: str | None = None) -> None:
    """An event that changes no audited value (sign-in, failure, lock-out) in the audit log."""
    append_rows(session.connection(), [dict(at=utcnow(), actor=actor, action=action[:8], table_name=table_name,
                                            record_id=record_id[:80], field=None, old_value=None, new_value=None,
                                            reason=reason)])


def install_audit(session_class: type[Session]) -> None:
    """Attach the audit writer (and the change-sequence tracking of db/changes.py) to a session class
    (idempotent)."""
    from assist_desktop.db.changes import install_change_tracking

    install_change_tracking(session_class)
    if event.contains(session_class, "before_flush", _before_flush):
        return
    event.listen(session_class, "before_flush", _before_flush)


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    rows = _audit_rows(session)
    if rows:
        append_rows(session.connection(), rows)


def bulk_audit(session: Session, table: str, records: Iterable[str | Mapping[str, Any]], *,
               action: str = "insert", actor: str = "system", reason: str | None = None,
               batch: int = 5000) -> None:
    """Audit rows for records written by a bulk Core insert or update.

    `records` are record ids, or the inserted rows themselves (dicts with an "id"): then an insert row carries the
    snapshot of the checked fields, as the ORM path does.
    """
    now = utcnow()
    conn = session.connection()
    at = now.astimezone(dt.UTC) if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)
    actor = str(actor)[:50]
    # every row of one call shares its stamp, actor, action, table and reason: their part of the canonical text
    # (`canonical`) is encoded once; the hash is the same as `row_hash` makes (tests/exchange/test_roster_bulk.py)
    middle = "," + ",".join(_ENCODE(x) for x in (utc_naive(at).isoformat(), actor, action, table)) + ","
    tail = "," + _ENCODE(reason) + "]"
    prev: str | None = None
    chunk: list[tuple[Any, ...]] = []
    sha = hashlib.sha256
    encode = _ENCODE

    def flush() -> None:
        nonlocal prev, chunk
        if prev is None:
            prev = _head(conn)
        p = prev
        rows = []
        for rid, snap in chunk:
            h = sha(f'["{p}"{middle}{encode(rid)},null,null,{encode(snap)}{tail}'.encode()).hexdigest()
            rows.append((at, actor, action, table, rid, None, None, snap, reason, p, h))
            p = h
        prev = p
        from assist_desktop.db.bulk import BulkWriter

        BulkWriter(conn).insert("audit_log", _STORED, rows)
        chunk = []

    for rec in records:
        if isinstance(rec, str):
            chunk.append((rec, None))
        else:
            chunk.append((str(rec["id"]), _snapshot(table, rec) if action == "insert" else None))
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()


def audit_updates(session: Session, table: str, changes: Iterable[tuple[str, str, Any, Any]], *,
                  actor: str = "system", reason: str | None = None) -> int:
    """Audit rows for fields changed by a bulk Core update: `changes` are (record id, field, old, new), written as
    the ORM's flush writes them (the skipped bookkeeping fields left out, a value whose text is the same left out,
    a secret field without its values). Returns the rows written."""
    now = utcnow()
    actor = str(actor)[:50]
    rows: list[dict[str, Any]] = []
    for rid, name, old, new in changes:
        if name in _SKIP_FIELDS or _text(old) == _text(new):
            continue
        old_text, new_text = _text(old), _text(new)
        if name in _SECRET_FIELDS:
            old_text, new_text = "******", "******（已更改）"
        rows.append(dict(at=now, actor=actor, action="update", table_name=table, record_id=str(rid), field=name,
                         old_value=old_text, new_value=new_text, reason=reason))
    append_rows(session.connection(), rows)
    return len(rows)
