"""income components and spending categories on the dated income facts (and mirrored on the file)

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-01 17:50:00

The household's annual income has components (wages, pensions, 低保, other transfers, business income) and the
unavoidable spending has categories (medical, schooling, other): eight nullable money columns (fen) on
`income_fact` and the same on `hardship_file`, which mirrors the latest fact. NULL says "not given": an older fact
or a roster with only the totals keeps its total as it was, and the rules read the total as before.

Additive only: nullable columns without defaults, plain ALTER TABLE ADD COLUMN on SQLite (no table rebuild, so
no cascade through the children of hardship_file).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    "income_wages_fen",
    "income_pensions_fen",
    "income_dibao_fen",
    "income_transfers_fen",
    "income_business_fen",
    "spending_medical_fen",
    "spending_schooling_fen",
    "spending_other_fen",
)
TABLES = ("income_fact", "hardship_file")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in COLUMNS:
                batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    # a plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): batch mode would rebuild hardship_file, whose
    # expression indexes (0003) it cannot reflect
    for table in TABLES:
        for name in reversed(COLUMNS):
            op.drop_column(table, name)
