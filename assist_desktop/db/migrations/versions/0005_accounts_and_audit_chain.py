"""accounts and audit chain: lock-out columns on user_account; prev_hash/row_hash on audit_log, back-filled

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:20:00

Additive only (plain ADD COLUMN with constant server defaults: no batch rebuild, see docs/architecture.md).
The existing audit rows are chained here, in id order, with the canonical encoding of db/audit.py (repeated here
on purpose: a migration must not change when the program's code does; tests check both agree).
"""

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("at", "actor", "action", "table_name", "record_id", "field", "old_value", "new_value", "reason")


def _hash(row: sa.Row, prev: str) -> str:
    at = row.at
    if isinstance(at, dt.datetime):
        if at.tzinfo is not None:
            at = at.astimezone(dt.UTC).replace(tzinfo=None)
        at_text = at.isoformat()
    else:
        at_text = str(at)
    values = [prev, at_text, *(getattr(row, c) for c in _COLUMNS[1:])]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def upgrade() -> None:
    op.add_column("user_account", sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False))
    op.add_column("user_account", sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("row_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))

    audit = sa.table("audit_log", sa.column("id", sa.Integer()), sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()),
                     *(sa.column(c, sa.String()) for c in _COLUMNS[1:]),
                     sa.column("prev_hash", sa.String()), sa.column("row_hash", sa.String()))
    conn = op.get_bind()
    prev = ""
    last_id = -1
    while True:
        rows = conn.execute(sa.select(audit.c.id, audit.c.at, *(audit.c[c] for c in _COLUMNS[1:]))
                            .where(audit.c.id > last_id).order_by(audit.c.id).limit(5000)).all()
        if not rows:
            break
        params = []
        for row in rows:
            h = _hash(row, prev)
            params.append({"rid": row.id, "p": prev, "h": h})
            prev = h
        conn.execute(sa.update(audit).where(audit.c.id == sa.bindparam("rid"))
                     .values(prev_hash=sa.bindparam("p"), row_hash=sa.bindparam("h")), params)
        last_id = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_attempts")
