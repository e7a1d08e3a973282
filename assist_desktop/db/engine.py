"""Opening the database: URL resolution, SQLite pragmas, sessions and transactions, upgrade on start.

Two kinds of failure are kept apart (as qutebrowser does): `StorageError` is the environment's (disk
full, file locked, server down: tell the user), anything else is a bug.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assist_desktop.db.audit import install_audit

ENV_DB = "ASSIST_DB"


class StorageError(Exception):
    """The database cannot be used right now (locked, disk full, unreachable, not ours)."""


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("assist_desktop", appauthor=False)) / "assist.sqlite3"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """A path or an SQLAlchemy URL (from --db, then ASSIST_DB, then the user data folder) as a URL."""
    value = str(db) if db else os.environ.get(ENV_DB) or str(default_db_path())
    if "://" in value:
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


class Database:
    """An open database: engine, session factory and the `transaction()` context manager."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.sqlite_file = sqlite_path(url)
        if self.sqlite_file is not None:
            self.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, object] = {"echo": echo}
        if is_sqlite(url):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
        if is_sqlite(url):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, class_=Session)
        install_audit(Session)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def transaction(self, *, actor: str = "system", reason: str | None = None) -> Iterator[Session]:
        """One unit of work: committed as a whole, or rolled back as a whole on any error."""
        session = self._sessions()
        session.info["actor"] = actor
        session.info["reason"] = reason
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise StorageError(_storage_message(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only session (rolled back at the end)."""
        session = self._sessions()
        try:
            yield session
        except OperationalError as exc:
            raise StorageError(_storage_message(exc)) from exc
        finally:
            session.close()  # releases (and rolls back) the connection; loaded objects stay readable

    def dispose(self) -> None:
        self.engine.dispose()


def _storage_message(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return f"数据库正被其他程序占用，请稍后再试（{text}）"
    if "disk" in low or "full" in low:
        return f"磁盘空间不足，无法写入数据库（{text}）"
    if "readonly" in low or "read-only" in low:
        return f"数据库文件只读，无法写入（{text}）"
    if "unable to open" in low:
        return f"无法打开数据库文件（{text}）"
    return f"数据库错误：{text}"
