"""the real form's fields of a household file; change sequence numbers for the exchange

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
on a copy, with PRAGMA foreign_keys=OFF; `db.migrate.upgrade` turns them off around every upgrade.)

Change sequence numbers (db/changes.py) replace clocks for the exchange: `hardship_file.change_seq` (indexed),
`received_seq` and `received_from`, and `exchange_log.seq`. Existing files are numbered 1..n in the order of their
last change (`updated_at`, then `id`), and the counter `sequence.change_seq` continues after them. Earlier exports
have no sequence (`exchange_log.seq` null): the first export to a receiver after the upgrade is a full one.
`received_stamp` stays and is still written: the merge falls back to it for packages without sequence numbers
(docs/exchange-format.md §4.1).
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
    _upgrade_change_sequences()


def _upgrade_change_sequences() -> None:
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
    with op.batch_alter_table("hardship_file", schema=None) as batch_op:
        for column in reversed(_columns()):
            batch_op.drop_column(column.name)
