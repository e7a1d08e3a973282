"""Opening the database: URL resolution, SQLite pragmas, sessions and transactions, upgrade on start.

Two kinds of failure are kept apart (as qutebrowser does): `StorageError` is the environment's (disk
full, file locked, server down: tell the user), anything else is a bug. Which is which is decided by the
driver's error code in `db/errors.py`, never by the words of the message.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from assist_desktop.db.audit import install_audit
from assist_desktop.db.errors import StorageError, StorageKind, storage_error
from assist_desktop.db.search_index import install_search_index

ENV_DB = "ASSIST_DB"
#: how long a SQLite connection waits for another one's lock before the write fails as "locked"
BUSY_TIMEOUT_MS = 5000

__all__ = ["BUSY_TIMEOUT_MS", "Database", "StorageError", "StorageKind", "default_db_path", "is_sqlite",
           "raise_storage", "resolve_url", "sqlite_path"]


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("assist_desktop", appauthor=False)) / "assist.sqlite3"


# SQLite's page cache per connection, in KiB: 32 MiB for daily work (the default of 2 MB makes a 1M-file database
# re-read its index pages on every query), 256 MiB for the length of a bulk write (`bulk_cache`).
CACHE_KIB = 32 * 1024
BULK_CACHE_KIB = 256 * 1024
# What SQLite may hold in all of this process's connections together, in KiB (its soft heap limit, process-wide):
# the window keeps a pool of connections and a few bare readers, and its background jobs (the catch-up, the due
# list, the history check, the day's backup) each fill their connection's cache; without a bound those caches add
# up (measured at 1M files: 360 MB resident with the day's first catch-up running). When the limit is reached a
# connection reuses its own pages instead of taking more. A bulk write raises it by its own cache for its length.
HEAP_LIMIT_KIB = 64 * 1024

_heap_lock = threading.Lock()
_heap_raised = 0  # KiB added to HEAP_LIMIT_KIB by the bulk writes running now


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
    name = u.database
    if str(u.query.get("uri", "")).lower() in ("true", "1") and name.startswith("file:"):
        name = name[len("file:"):].split("?", 1)[0]  # sqlite:///file:/path/x.sqlite3?mode=ro&uri=true
    return Path(name)


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    with _heap_lock:
        cur.execute(f"PRAGMA soft_heap_limit={(HEAP_LIMIT_KIB + _heap_raised) * 1024}")
    cur.close()


def _raise_heap_limit(conn: Any, kib: int) -> None:
    """Add `kib` to the process's SQLite heap limit (negative: take it back), through any open connection."""
    global _heap_raised
    with _heap_lock:
        _heap_raised = max(0, _heap_raised + kib)
        conn.execute(f"PRAGMA soft_heap_limit={(HEAP_LIMIT_KIB + _heap_raised) * 1024}")


@contextmanager
def bulk_cache(session: Session, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """A large page cache on the session's connection for the length of one bulk write (SQLite; a no-op elsewhere).

    One transaction that inserts a million files touches every page of the tables' indexes in random order (ids and
    ID numbers are not sequential). With SQLite's default 2 MB cache those pages are evicted and read back again
    from the growing WAL for every row: a 1,000,000-file demo build ran more than an hour instead of minutes.
    The cache is given back (shrunk to the connection's default) when the block ends. The process's SQLite heap
    limit (`HEAP_LIMIT_KIB`) is raised by the same amount for the length of the block, and lowered again after it.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    # on the driver's connection: the block may end after the session gave its connection back (a rollback)
    raw: Any = conn.connection.driver_connection
    raw.execute(f"PRAGMA cache_size=-{int(kib)}")
    _raise_heap_limit(raw, int(kib))
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        _raise_heap_limit(raw, -int(kib))


#: SQLite's own auto-checkpoint threshold, in WAL pages: what every connection has unless a block raises it
WAL_PAGES_DEFAULT = 1000


@contextmanager
def wal_checkpoints(db: Database, pages: int) -> Iterator[None]:
    """SQLite: for the length of the block, every connection this database's pool hands out checkpoints the WAL
    only when it holds `pages` pages (instead of SQLite's 1,000); after it, each connection is set back to the
    default when next handed out, and the WAL is copied into the database and truncated (SQLite; elsewhere a
    no-op). Also after an error.

    A long pass of many commits (the re-evaluation of every file) then copies a page that several of its
    commits rewrote into the database once instead of once per commit, in fewer, larger checkpoints (each one
    a pair of fsyncs). Every connection, not only the pass's: a clerk's save committed meanwhile would
    otherwise run the checkpoint of the pass's whole WAL inside its own commit. The WAL stays crash-safe
    whatever its length; it grows to about `pages` pages (4 KiB each) and one transaction more."""
    if not db.is_sqlite or int(pages) == WAL_PAGES_DEFAULT:
        yield
        return
    engine = db.engine
    with _wal_lock:
        if engine not in _wal_listening:
            event.listen(engine, "checkout", _wal_on_checkout(engine))
            _wal_listening.add(engine)
        _wal_wanted[engine] = int(pages)
    try:
        yield
    finally:
        with _wal_lock:
            _wal_wanted.pop(engine, None)
        with suppress(StorageError):  # busy or read-only: the connections' own checkpoints take it over
            checkpoint_truncate(db)


def _wal_on_checkout(engine: Engine) -> Callable[[Any, Any, Any], None]:
    def on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        want = _wal_wanted.get(engine, WAL_PAGES_DEFAULT)
        if record.info.get("wal_pages", WAL_PAGES_DEFAULT) != want:
            dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={int(want)}")
            record.info["wal_pages"] = want

    return on_checkout


_wal_lock = threading.Lock()
#: the WAL checkpoint threshold wanted now by the engines inside a `wal_checkpoints` block
_wal_wanted: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()
_wal_listening: weakref.WeakSet[Engine] = weakref.WeakSet()


def checkpoint_truncate(db: Database) -> bool:
    """SQLite: copy the WAL into the database and truncate it to nothing; True when it was done, False when a
    reader or writer kept it from completing (it is then left to the auto-checkpoints) or the database is not
    SQLite.

    First a PASSIVE checkpoint (`PRAGMA wal_checkpoint(PASSIVE)`), which copies the WAL's pages into the
    database without taking the writer's lock: after a pass that is up to hundreds of megabytes, and a clerk's
    save meanwhile commits as usual. Only then the TRUNCATE, which does take the writer's lock (a save waits
    for it, up to the busy timeout) but has only the frames committed since the passive one left to copy."""
    if not db.is_sqlite:
        return False
    with db.raw_reader() as conn:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return row is not None and int(row[0]) == 0


def _nothing() -> None:
    return None


def raise_storage(exc: BaseException, *, prefix: str = "", prefix_en: str = "") -> None:
    """Raise the environment's `StorageError` for a driver failure; return quietly when it is a bug."""
    err = storage_error(exc, prefix=prefix, prefix_en=prefix_en)
    if err is not None:
        raise err from exc


class Database:
    """An open database: engine, session factory and the `transaction()` context manager."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self._sqlite = is_sqlite(url)  # parsing the URL costs more than a narrow search's query
        self.sqlite_file = sqlite_path(url)
        if self.sqlite_file is not None:
            self.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        # the parameters (names, ID numbers) never appear in error messages or tracebacks
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if is_sqlite(url):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if is_sqlite(url):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, class_=Session)
        # bare connections kept for hot read paths (raw_reader); a dispose() makes them stale
        self._raw_idle: list[tuple[int, Any]] = []
        self._raw_generation = 0
        install_audit(Session)
        install_search_index(Session)

    @property
    def is_sqlite(self) -> bool:
        return self._sqlite

    @contextmanager
    def transaction(self, *, actor: str = "system", reason: str | None = None) -> Iterator[Session]:
        """One unit of work: committed as a whole, or rolled back as a whole on any error."""
        session = self._sessions()
        session.info["actor"] = actor
        session.info["reason"] = reason
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            _rollback_quietly(session)
            raise_storage(exc)
            raise
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
        except DBAPIError as exc:
            raise_storage(exc)
            raise
        finally:
            session.close()  # releases (and rolls back) the connection; loaded objects stay readable

    @contextmanager
    def raw_reader(self) -> Iterator[Any]:
        """A bare DB-API connection for hot read paths (the search box, as the user types): no session and no
        statement building, only plain SELECTs (in autocommit: no transaction is left open). A few are kept
        open between uses and shared by every thread, one user at a time; `dispose()` closes them. A driver
        failure is raised as the environment's `StorageError`, and that connection is closed, not reused."""
        if self.is_sqlite and self.sqlite_file is None:  # in memory: the pool's one connection is the database
            pooled = self.engine.raw_connection()
            try:
                yield pooled.driver_connection
            except BaseException as exc:
                raise_storage(exc)
                raise
            finally:
                pooled.close()
            return
        generation = self._raw_generation
        try:
            kept_generation, conn = self._raw_idle.pop()
            if kept_generation != generation:
                _close_quietly(conn)
                raise IndexError
        except IndexError:
            try:
                conn = self._new_raw()
            except DBAPIError as exc:
                raise_storage(exc)
                raise
        try:
            yield conn
        except BaseException as exc:
            _close_quietly(conn)
            raise_storage(exc)
            raise
        if generation == self._raw_generation and len(self._raw_idle) < RAW_KEPT:
            self._raw_idle.append((generation, conn))
        else:
            _close_quietly(conn)

    def _new_raw(self) -> Any:
        pooled = self.engine.raw_connection()  # made by the engine: the connect-time pragmas apply
        conn: Any = pooled.driver_connection
        if conn is None:  # pragma: no cover - a pooled connection always has its driver's
            raise RuntimeError("no driver connection")
        pooled.detach()  # ours now, closed by us
        if self.is_sqlite:
            conn.isolation_level = None  # autocommit: a SELECT holds no read transaction between uses
        else:
            conn.rollback()  # the engine's first connection may have been left in a transaction
            conn.autocommit = True
        return conn

    def dispose(self) -> None:
        self._raw_generation += 1
        while self._raw_idle:
            _close_quietly(self._raw_idle.pop()[1])
        self.engine.dispose()


#: bare connections `Database.raw_reader` keeps open between uses
RAW_KEPT = 4


def _close_quietly(conn: Any) -> None:
    with suppress(Exception):
        conn.close()


def _rollback_quietly(session: Session) -> None:
    """Roll back after a driver failure; a rollback that fails too (connection gone) must not hide the first."""
    with suppress(DBAPIError):
        session.rollback()
