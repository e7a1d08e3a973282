"""The schema's revisions, named without loading Alembic's scripts.

Judging a database at every start (ours? from a newer version? to be upgraded?) needs only the list of revision
names; reading them from `migrations/versions` makes Alembic compile every script (about 35 ms at each start of the
window and of every command-line verb). The list is kept here, and a test checks it against the scripts, so a new
revision cannot be added without it.
"""

from __future__ import annotations

#: every revision of the schema, oldest first (the `revision` of each file in db/migrations/versions)
REVISIONS: tuple[str, ...] = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012",
    "0013",
)
#: the newest revision: what `migrate.upgrade` brings a database to
HEAD = REVISIONS[-1]
