"""dated settings and the holiday table

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01 17:40:00

Additive only:
- dated_setting(key, effective_on, value, set_by, set_at, note): a setting's value in force from a date; the
  undated app_setting values stay in force before the first dated one, so nothing changes on upgrade.
- holiday(day, kind, name, source, set_by, set_at): the working-day calendar's holidays and adjusted working days,
  seeded here from the chinese-calendar package (source 'chinese-calendar') for the years it knows; the union adds
  the later years (source 'union').
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dated_setting",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("set_by", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False, server_default="system"),
        sa.Column("set_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dated_setting")),
        sa.UniqueConstraint("key", "effective_on", name=op.f("uq_dated_setting_key_effective_on")),
    )
    op.create_index(op.f("ix_dated_setting_key"), "dated_setting", ["key"], unique=False)
    holiday = op.create_table(
        "holiday",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="holiday"),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="union"),
        sa.Column("set_by", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False, server_default="system"),
        sa.Column("set_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holiday")),
    )
    from assist_desktop.db.models import utcnow
    from assist_desktop.domain.workdays import builtin_days

    now = utcnow()
    op.bulk_insert(holiday, [
        {"day": day, "kind": kind, "name": name, "source": "chinese-calendar", "set_by": "system", "set_at": now}
        for day, kind, name in builtin_days()
    ])


def downgrade() -> None:
    op.drop_table("holiday")
    op.drop_index(op.f("ix_dated_setting_key"), table_name="dated_setting")
    op.drop_table("dated_setting")
