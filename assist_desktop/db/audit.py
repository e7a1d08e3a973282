"""The audit log: every ORM change to every record, written in the same transaction.

Bulk paths (demo data, imports) that bypass the ORM write their own audit rows through `bulk_audit`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from assist_desktop.db.models import AuditLog, table_of, utcnow

_SKIP_TABLES = {"audit_log", "sequence"}
_SKIP_FIELDS = {"updated_at", "row_version", "updated_by", "created_at", "created_by"}
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
    actor = session.info.get("actor", "system")
    reason = session.info.get("reason")
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in _SKIP_TABLES:
            continue
        rows.append(dict(at=now, actor=actor, action="insert", table_name=table, record_id=_record_id(obj),
                         field=None, old_value=None, new_value=None, reason=reason))
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
        session.connection().execute(insert(table_of(AuditLog)), rows)


def bulk_audit(session: Session, table: str, record_ids: Iterable[str], *, action: str = "insert",
               actor: str = "system", reason: str | None = None, batch: int = 5000) -> None:
    """Audit rows for records written by a bulk Core insert."""
    now = utcnow()
    chunk: list[dict[str, Any]] = []
    for rid in record_ids:
        chunk.append(dict(at=now, actor=actor, action=action, table_name=table, record_id=rid, field=None,
                          old_value=None, new_value=None, reason=reason))
        if len(chunk) >= batch:
            session.connection().execute(insert(table_of(AuditLog)), chunk)
            chunk = []
    if chunk:
        session.connection().execute(insert(table_of(AuditLog)), chunk)
