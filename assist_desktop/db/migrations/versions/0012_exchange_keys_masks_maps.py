"""exchange: encryption keys, the sender's audit chain head, other unions' roster mappings

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-01 18:00:00

Additive only (plain ADD COLUMNs on SQLite, no table rebuild):
- `union_key.enc_public_key`: a union's X25519 public key, that packages to it are encrypted to (this union's own
  private half is a key file beside the signing key);
- `exchange_log.sender_chain_head`: the head of the sender's audit chain a received package carried;
- a new table `roster_value_map_received`: the roster mappings of the unions below, as their packages brought
  them, kept apart from this union's own (`roster_value_map`), with the union they came from (`origin_code`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("union_key", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enc_public_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    with op.batch_alter_table("exchange_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sender_chain_head", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
    op.create_table(
        "roster_value_map_received",
        sa.Column("origin_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("field_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("raw_value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("package_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.PrimaryKeyConstraint("origin_code", "field_name", "raw_value", name=op.f("pk_roster_value_map_received")),
    )


def downgrade() -> None:
    op.drop_table("roster_value_map_received")
    with op.batch_alter_table("exchange_log", schema=None) as batch_op:
        batch_op.drop_column("sender_chain_head")
    with op.batch_alter_table("union_key", schema=None) as batch_op:
        batch_op.drop_column("enc_public_key")
