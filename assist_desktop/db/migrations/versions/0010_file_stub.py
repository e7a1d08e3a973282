"""file stubs: what is left of a closed file deleted after its retention period

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-01 18:00:00

Additive only: a new table `file_stub` (file number, masked name, registered/closed dates, close reason, kept
until, deleted on/at/by, approved by/at, reason). Nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "file_stub",
        sa.Column("id", text(length=36), nullable=False),
        sa.Column("file_no", text(length=48), nullable=False),
        sa.Column("name_masked", text(length=50), nullable=False, server_default=""),
        sa.Column("origin_union_code", text(length=32), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", text(length=24), nullable=True),
        sa.Column("close_detail", text(length=24), nullable=True),
        sa.Column("kept_until", sa.Date(), nullable=True),
        sa.Column("deleted_on", sa.Date(), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("deleted_by", text(length=50), nullable=False),
        sa.Column("approved_by", text(length=50), nullable=False),
        sa.Column("approved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("reason", text(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_stub")),
    )
    with op.batch_alter_table("file_stub", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_stub_file_no"), ["file_no"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("file_stub", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_file_stub_file_no"))
    op.drop_table("file_stub")
