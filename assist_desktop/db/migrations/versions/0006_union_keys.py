"""union keys: Ed25519 public keys of this union and of the senders it trusts; who signed each package

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:10:00

Additive only: a new table `union_key` (this union's own public key, `is_own`, whose private key is a file in the
data folder; and every sender's key once its fingerprint was confirmed) and a nullable column
`exchange_log.signer_fingerprint` (a plain ADD COLUMN on SQLite, no table rebuild).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "union_key",
        sa.Column("union_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("public_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=39), nullable=False),
        sa.Column("is_own", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                  server_default="confirmed"),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False, server_default="system"),
        sa.PrimaryKeyConstraint("union_code", name=op.f("pk_union_key")),
    )
    with op.batch_alter_table("exchange_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("signer_fingerprint", sqlmodel.sql.sqltypes.AutoString(length=39), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("exchange_log", schema=None) as batch_op:
        batch_op.drop_column("signer_fingerprint")
    op.drop_table("union_key")
