"""roster value mapping: a union's own words for enumerated values, and a file's raw roster words

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 16:00:00

- roster_value_map(field_name, raw_value, target, updated_at, updated_by): the union's own mapping of a word its
  rosters use to a machine name of the field's enumeration (`roster map set/list/remove`);
- hardship_file.raw_values: JSON {field: raw text} of the words a roster gave that no enumeration, synonym or
  mapping knew (the field itself is set to 其他 or left blank). A plain nullable ADD COLUMN, no default (docs/architecture.md:
  an expression default would make SQLite rebuild hardship_file and cascade the DROP).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roster_value_map",
        sa.Column("field_name", AutoString(length=64), nullable=False),
        sa.Column("raw_value", AutoString(length=200), nullable=False),
        sa.Column("target", AutoString(length=64), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", AutoString(length=50), nullable=False, server_default="system"),
        sa.PrimaryKeyConstraint("field_name", "raw_value"),
    )
    with op.batch_alter_table("hardship_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw_values", AutoString(length=4000), nullable=True))


def downgrade() -> None:
    # a plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): batch mode would rebuild hardship_file, whose
    # expression indexes (0003) it cannot reflect
    op.drop_column("hardship_file", "raw_values")
    op.drop_table("roster_value_map")
