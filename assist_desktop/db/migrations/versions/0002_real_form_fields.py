"""the real form's fields of a household file

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 15:00:00

Adds the fields of the real ACFTU form (企业状况, 参加工作时间, 医保状况, 自救能力, 户籍所在地, 建档人/录入人/审核人,
解困脱困对象, 五类重点群体 and 四个一批 with their dates, the labour contract, union membership, 救助类型 and the
serious-illness list). Every new column is nullable or has a server default, so existing rows stay valid.

On SQLite every column is added with ALTER TABLE ADD COLUMN: the server defaults are constants ("0", ""), never
SQL expressions such as sa.false(), because an expression makes Alembic's batch mode *recreate* hardship_file,
and dropping the old table with foreign keys on cascades to every child row (members, history, assistance…).
tests/db/test_upgrade_from_release.py catches that. (The downgrade recreates the table on SQLite: run it only
on a copy, with PRAGMA foreign_keys=OFF.)
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = AutoString


def _columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("employer_state", _TEXT(length=16), nullable=True),
        sa.Column("work_start_date", sa.Date(), nullable=True),
        sa.Column("labour_contract_start", sa.Date(), nullable=True),
        sa.Column("labour_contract_term_months", sa.Integer(), nullable=True),
        sa.Column("union_member", sa.Boolean(), nullable=True),
        sa.Column("self_help_ability", sa.Boolean(), nullable=True),
        sa.Column("medical_insurance", _TEXT(length=16), nullable=True),
        sa.Column("serious_illnesses", _TEXT(length=400), nullable=False, server_default=""),
        sa.Column("hukou_region_code", _TEXT(length=6), nullable=True),
        sa.Column("filed_by", _TEXT(length=50), nullable=True),
        sa.Column("entered_by", _TEXT(length=50), nullable=True),
        sa.Column("reviewed_by", _TEXT(length=50), nullable=True),
        sa.Column("relief_target", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("key_group", _TEXT(length=24), nullable=True),
        sa.Column("key_group_since", sa.Date(), nullable=True),
        sa.Column("relief_path", _TEXT(length=24), nullable=True),
        sa.Column("relief_path_since", sa.Date(), nullable=True),
        sa.Column("assistance_request_type", _TEXT(length=16), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("hardship_file", schema=None) as batch_op:
        for column in _columns():
            batch_op.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("hardship_file", schema=None) as batch_op:
        for column in reversed(_columns()):
            batch_op.drop_column(column.name)
