"""Checks before a database is opened and upgraded, so nothing is created, copied or changed by mistake.

- a SQLite path that does not exist is created only when the caller says so (`init`, the window's first start);
  other verbs refuse with "no database at …" (a mistyped `--db` no longer makes a new empty database);
- a SQLite file that is not this program's (tables but no `alembic_version`, or a revision that is not one of
  ours) is refused before anything touches it (no WAL switch, no tables added, no copy);
- a database written by a newer version (a revision after our head) is refused with a message saying so, before
  the upgrade's copy is made;
- `PRAGMA quick_check` after opening (the full `integrity_check` is part of `verify`).

The SQLite file is inspected through a read-only sqlite3 connection, so a refused file is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from assist_desktop.db.engine import Database, StorageError, raise_storage, sqlite_path
from assist_desktop.db.errors import StorageKind
from assist_desktop.db.revisions import REVISIONS
from assist_desktop.domain.errors import DomainError


class StartupRefused(DomainError):
    """The database named cannot be used by this program (command line: exit 2; nothing written or copied)."""


def known_revisions() -> list[str]:
    """Our revisions, oldest first (db/revisions.py, checked against the scripts by a test)."""
    return list(REVISIONS)


def _judge(where: str, tables: set[str], revision: str | None) -> None:
    ours = known_revisions()
    if revision is None:
        if tables:
            raise StartupRefused(f"{where} 不是本程序的数据库（其中已有其他程序的数据表），未作任何改动",
                                 f"{where} is not a database of this program (it holds another program's tables); "
                                 "nothing was changed")
        return
    if revision in ours:
        return
    if revision.isdigit() and ours and ours[-1].isdigit() and int(revision) > int(ours[-1]):
        raise StartupRefused(
            f"此文件由较新版本的程序写入（数据库版本 {revision}，本程序只认识到 {ours[-1]}）；"
            "请安装能打开它的新版本。文件未作任何改动，也没有复制",
            f"this file was written by a newer version of the program (schema {revision}; this one knows up to "
            f"{ours[-1]}): install that version or later. The file was not changed or copied")
    raise StartupRefused(f"{where} 不是本程序的数据库（未知的数据库版本 {revision}），未作任何改动",
                         f"{where} is not a database of this program (unknown schema {revision}); nothing was "
                         "changed")


def judge_revision(where: str, revision: str | None) -> None:
    """Refuse a schema revision that is not ours or is newer than ours (a backup about to be restored).

    Raises:
        StartupRefused: no revision at all, an unknown one, or a newer one.
    """
    if revision is None:
        raise StartupRefused(f"{where} 不是本程序的数据库（没有数据库版本），未作任何改动",
                             f"{where} is not a database of this program (no schema version); nothing was changed")
    _judge(where, set(), revision)


def check_before_open(url: str, *, create: bool) -> None:
    """Refuse a database that must not be opened (see the module's docstring).

    Raises:
        StartupRefused: no database at the path (and `create` is false), not ours, or from a newer version.
        StorageError: the file cannot be read (not a database at all, damaged, no permission…).
    """
    path = sqlite_path(url)
    if path is None:
        return  # a server: checked by check_revision once connected
    if str(path) == ":memory:" or path.name == ":memory:":
        return
    if not path.exists() or path.stat().st_size == 0:
        if create:
            return
        raise StartupRefused(f"没有数据库：{path}（新建数据库请先运行 init）",
                             f"no database at {path} (run `init` to make a new one)")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.Error as exc:
        raise_storage(exc, prefix=f"无法打开数据库（{path}）", prefix_en=f"cannot open the database ({path})")
        raise
    _judge(str(path), tables - {"alembic_version"}, revision)


def check_revision(db: Database) -> None:
    """The same judgement for a database server (SQLite files are judged before they are opened).

    Raises:
        StartupRefused: not ours, or from a newer version.
    """
    if db.is_sqlite:
        return
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = MigrationContext.configure(conn).get_current_revision()
    where = db.url.split("@")[-1]
    _judge(where, tables - {"alembic_version"}, revision)


def quick_check(db: Database) -> None:
    """`PRAGMA quick_check` on SQLite (a damaged page is named at start, not found later by chance).

    Raises:
        StorageError: the check does not answer "ok" (kind corrupt).
    """
    if not db.is_sqlite:
        return
    with db.engine.connect() as conn:
        rows = [str(r[0]) for r in conn.execute(text("PRAGMA quick_check")).all()]
    if rows != ["ok"]:
        detail = "; ".join(rows[:3])
        raise StorageError(detail, kind=StorageKind.CORRUPT, prefix=f"数据库文件已损坏（{db.sqlite_file}）",
                           prefix_en=f"the database file is damaged ({db.sqlite_file})")
