"""pending work: a row per unfinished multi-transaction job (re-evaluation, demo build), completed at next start

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-01 17:40:00

Additive only: one new table `pending_work` (db/pending.py). A row is written when a re-evaluation or a demo
build starts and removed when it ends; one left behind by a killed process is completed at the next start.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_work",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("params_json", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False,
                  server_default="{}"),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False, server_default="system"),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_work")),
    )


def downgrade() -> None:
    op.drop_table("pending_work")
