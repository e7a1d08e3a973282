"""change sequence numbers (db/changes.py) instead of clocks for the exchange

Revision ID: 0002b
Revises: 0001

Adds `hardship_file.change_seq` (with an index), `received_seq` and `received_from`, and `exchange_log.seq`, all
additive. Existing files are numbered 1..n in the order of their last change (`updated_at`, then `id`), and the
counter `sequence.change_seq` continues after them. Earlier exports have no sequence (`exchange_log.seq` null):
the first export to a receiver after the upgrade is therefore a full one. `received_stamp` stays and is still
written: the merge falls back to it for packages without sequence numbers (docs/exchange-format.md §4.1).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0002b"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hardship_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_seq", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("received_seq", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("received_from", AutoString(length=32), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_hardship_file_change_seq"), ["change_seq"], unique=False)
    with op.batch_alter_table("exchange_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
    # number the existing files in the order of their last change (UPDATE … FROM: SQLite 3.33+, PostgreSQL)
    op.execute(
        "UPDATE hardship_file SET change_seq = numbered.n FROM "
        "(SELECT id, ROW_NUMBER() OVER (ORDER BY updated_at, id) AS n FROM hardship_file) AS numbered "
        "WHERE numbered.id = hardship_file.id"
    )
    op.execute("DELETE FROM sequence WHERE name = 'change_seq'")
    op.execute(
        "INSERT INTO sequence (name, next_value) "
        "SELECT 'change_seq', COALESCE(MAX(change_seq), 0) + 1 FROM hardship_file"
    )


def downgrade() -> None:
    op.execute("DELETE FROM sequence WHERE name = 'change_seq'")
    with op.batch_alter_table("exchange_log", schema=None) as batch_op:
        batch_op.drop_column("seq")
    with op.batch_alter_table("hardship_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hardship_file_change_seq"))
        batch_op.drop_column("received_from")
        batch_op.drop_column("received_seq")
        batch_op.drop_column("change_seq")
