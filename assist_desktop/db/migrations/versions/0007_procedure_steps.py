"""procedure steps: the intake and exit steps recorded for a file (申请, 入户调查, 核对授权, 核对, 公示, 审批; 脱困提议,
集体研究决定)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 18:00:00

Additive only: a new table `procedure_step` (one row per recorded step; a step recorded again supersedes the
earlier one in domain/procedure.py). No existing table changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "procedure_step",
        sa.Column("id", text(length=36), nullable=False),
        sa.Column("file_id", text(length=36), nullable=False),
        sa.Column("procedure", text(length=8), nullable=False),
        sa.Column("step", text(length=16), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("by_role", text(length=16), nullable=True),
        sa.Column("by_name", text(length=50), nullable=True),
        sa.Column("result", text(length=8), nullable=True),
        sa.Column("level", text(length=8), nullable=True),
        sa.Column("notice_end", sa.Date(), nullable=True),
        sa.Column("objection", text(length=2000), nullable=True),
        sa.Column("answer", text(length=2000), nullable=True),
        sa.Column("consent_file", text(length=500), nullable=True),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("note", text(length=2000), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", text(length=50), nullable=False, server_default="system"),
        sa.ForeignKeyConstraint(
            ["file_id"], ["hardship_file.id"], name=op.f("fk_procedure_step_file_id_hardship_file"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_step")),
    )
    with op.batch_alter_table("procedure_step", schema=None) as batch_op:
        batch_op.create_index("ix_procedure_step_file_done", ["file_id", "done_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("procedure_step", schema=None) as batch_op:
        batch_op.drop_index("ix_procedure_step_file_done")
    op.drop_table("procedure_step")
