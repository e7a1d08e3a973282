"""search: the pinyin initials' index carries the file number (a covering index for the initials search)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 03:00:00

Index only, no table change: `ix_hardship_file_initials_file_no` on (name_initials, file_no) replaces
`ix_hardship_file_name_initials` on (name_initials). A search by initials (`wj`: thousands of matches among 1M
files) orders its matches by file number for the first page; with the file number in the index the matches are
collected and sorted from the index alone, and only the page's rows are read from the table (before: one look-up
of a random table page per match, to get its file number). The two-column index answers everything the
one-column index did (a range on its first column), so the old one is dropped: one index to keep up on writes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain CREATE/DROP INDEX (no batch mode: nothing here needs the table rebuilt)
    op.create_index("ix_hardship_file_initials_file_no", "hardship_file", ["name_initials", "file_no"], unique=False)
    op.drop_index("ix_hardship_file_name_initials", table_name="hardship_file")


def downgrade() -> None:
    op.create_index("ix_hardship_file_name_initials", "hardship_file", ["name_initials"], unique=False)
    op.drop_index("ix_hardship_file_initials_file_no", table_name="hardship_file")
