"""The environment's database failures, told apart from our bugs by the driver's error code, never by its words.

SQLite's exceptions carry `sqlite_errorcode` / `sqlite_errorname` (Python 3.11+); psycopg's carry the
SQLSTATE (`sqlstate`). `classify()` maps them to a `StorageKind` (locked, full, read-only, unreachable,
corrupt, no permission, cannot open, disk I/O); everything else (a missing column or table, a broken
constraint, a syntax error) is a bug and is left to propagate as it is. The command line exits 3 for a
`StorageError` and 1 for a bug; the window shows the kind's own message.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum

from sqlalchemy.exc import DBAPIError


class StorageKind(StrEnum):
    """What is wrong with the environment the database lives in."""

    LOCKED = "locked"  # another connection holds the lock (SQLITE_BUSY/LOCKED; PG lock timeout, deadlock)
    FULL = "full"  # no room (SQLITE_FULL; PG class 53 insufficient resources)
    READ_ONLY = "read_only"  # the file, folder or server refuses writes (SQLITE_READONLY; PG 25006)
    UNREACHABLE = "unreachable"  # the server cannot be reached (PG class 08, 57P0x; connection refused)
    CORRUPT = "corrupt"  # not a database, or a damaged one (SQLITE_CORRUPT/NOTADB; PG XX001/XX002)
    PERMISSION = "permission"  # access refused (SQLITE_PERM/AUTH; PG class 28, 42501)
    CANNOT_OPEN = "cannot_open"  # the file cannot be opened or created (SQLITE_CANTOPEN, an OSError)
    IO = "io"  # the disk failed while reading or writing (SQLITE_IOERR; PG 58030)
    UNAVAILABLE = "unavailable"  # unspecified: the database cannot be used right now

    @property
    def zh(self) -> str:
        return _MESSAGES[self][0]

    @property
    def en(self) -> str:
        return _MESSAGES[self][1]


_MESSAGES: dict[StorageKind, tuple[str, str]] = {
    StorageKind.LOCKED: ("数据库被锁定：其他程序或其他用户正在写入，请稍后再试",
                         "the database is locked: another program or user is writing to it; try again shortly"),
    StorageKind.FULL: ("磁盘已满（或数据库服务器资源不足），数据没有写入",
                       "the disk is full (or the database server is out of resources): nothing was written"),
    StorageKind.READ_ONLY: ("数据库只读，无法写入（文件或文件夹没有写权限，或服务器处于只读状态）",
                            "the database is read-only (no write permission on the file or folder, or a "
                            "read-only server)"),
    StorageKind.UNREACHABLE: ("无法连接数据库服务器（请检查地址、端口、网络，以及服务器是否已启动）",
                              "the database server cannot be reached (check the address, port, network and "
                              "whether the server is running)"),
    StorageKind.CORRUPT: ("数据库文件已损坏或不是本程序的数据库：请从 backups 文件夹中的副本恢复",
                          "the database file is damaged or is not a database of this program: restore a copy "
                          "from the backups folder"),
    StorageKind.PERMISSION: ("没有访问数据库的权限（文件权限、账号或密码不对）",
                             "permission to use the database was refused (file permissions, user or password)"),
    StorageKind.CANNOT_OPEN: ("无法打开数据库文件（路径不存在、不可访问或无法创建）",
                              "the database file cannot be opened (the path is missing, inaccessible or cannot "
                              "be created)"),
    StorageKind.IO: ("读写数据库时磁盘出错（磁盘 I/O 错误）", "the disk failed while reading or writing the database"),
    StorageKind.UNAVAILABLE: ("数据库暂时无法使用", "the database cannot be used right now"),
}


class StorageError(Exception):
    """The database cannot be used right now because of its environment (locked, full, unreachable...).

    `kind` says which; `detail` is the driver's one-line reason (never record contents). `str()` is the
    Chinese message, `message("en")` the English one.
    """

    default_kind = StorageKind.UNAVAILABLE

    def __init__(self, detail: str = "", *, kind: StorageKind | None = None, prefix: str = "",
                 prefix_en: str = "") -> None:
        self.kind = kind or self.default_kind
        self.detail = detail
        self.prefix = prefix
        self.prefix_en = prefix_en or prefix
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        en = lang.startswith("en")
        text = self.kind.en if en else self.kind.zh
        prefix = self.prefix_en if en else self.prefix
        if prefix:
            text = f"{prefix}{': ' if en else '：'}{text}"
        if self.detail:
            text += f" ({self.detail})" if en else f"（{self.detail}）"
        return text

    def __str__(self) -> str:
        return self.message("zh")


class DatabaseLocked(StorageError):
    default_kind = StorageKind.LOCKED


class DiskFull(StorageError):
    default_kind = StorageKind.FULL


class DatabaseReadOnly(StorageError):
    default_kind = StorageKind.READ_ONLY


class DatabaseUnreachable(StorageError):
    default_kind = StorageKind.UNREACHABLE


class DatabaseCorrupt(StorageError):
    default_kind = StorageKind.CORRUPT


class DatabasePermissionDenied(StorageError):
    default_kind = StorageKind.PERMISSION


class DatabaseCannotOpen(StorageError):
    default_kind = StorageKind.CANNOT_OPEN


class DiskIOError(StorageError):
    default_kind = StorageKind.IO


ERROR_CLASSES: dict[StorageKind, type[StorageError]] = {
    StorageKind.LOCKED: DatabaseLocked,
    StorageKind.FULL: DiskFull,
    StorageKind.READ_ONLY: DatabaseReadOnly,
    StorageKind.UNREACHABLE: DatabaseUnreachable,
    StorageKind.CORRUPT: DatabaseCorrupt,
    StorageKind.PERMISSION: DatabasePermissionDenied,
    StorageKind.CANNOT_OPEN: DatabaseCannotOpen,
    StorageKind.IO: DiskIOError,
    StorageKind.UNAVAILABLE: StorageError,
}

# SQLite primary result codes (the low byte of the extended code), https://sqlite.org/rescode.html
_SQLITE: dict[int, StorageKind] = {
    3: StorageKind.PERMISSION,  # SQLITE_PERM
    5: StorageKind.LOCKED,  # SQLITE_BUSY
    6: StorageKind.LOCKED,  # SQLITE_LOCKED
    7: StorageKind.FULL,  # SQLITE_NOMEM
    8: StorageKind.READ_ONLY,  # SQLITE_READONLY
    10: StorageKind.IO,  # SQLITE_IOERR
    11: StorageKind.CORRUPT,  # SQLITE_CORRUPT
    13: StorageKind.FULL,  # SQLITE_FULL
    14: StorageKind.CANNOT_OPEN,  # SQLITE_CANTOPEN
    15: StorageKind.LOCKED,  # SQLITE_PROTOCOL (a locking race)
    22: StorageKind.FULL,  # SQLITE_NOLFS
    23: StorageKind.PERMISSION,  # SQLITE_AUTH
    26: StorageKind.CORRUPT,  # SQLITE_NOTADB
}
_SQLITE_EXTENDED: dict[int, StorageKind] = {
    3082: StorageKind.FULL,  # SQLITE_IOERR_NOMEM: out of memory, not a broken disk
}

# PostgreSQL SQLSTATEs: exact codes first, then the two-character class
_PG_CODES: dict[str, StorageKind] = {
    "25006": StorageKind.READ_ONLY,  # read_only_sql_transaction
    "55P03": StorageKind.LOCKED,  # lock_not_available
    "40P01": StorageKind.LOCKED,  # deadlock_detected
    "40001": StorageKind.LOCKED,  # serialization_failure
    "57014": StorageKind.LOCKED,  # query_canceled (statement or lock timeout)
    "57P01": StorageKind.UNREACHABLE,  # admin_shutdown
    "57P02": StorageKind.UNREACHABLE,  # crash_shutdown
    "57P03": StorageKind.UNREACHABLE,  # cannot_connect_now
    "57P04": StorageKind.UNREACHABLE,  # database_dropped
    "58030": StorageKind.IO,  # io_error
    "XX001": StorageKind.CORRUPT,  # data_corrupted
    "XX002": StorageKind.CORRUPT,  # index_corrupted
    "42501": StorageKind.PERMISSION,  # insufficient_privilege (the role, not our SQL)
    "3D000": StorageKind.CANNOT_OPEN,  # invalid_catalog_name: the database does not exist
}
_PG_CLASSES: dict[str, StorageKind] = {
    "08": StorageKind.UNREACHABLE,  # connection exception
    "53": StorageKind.FULL,  # insufficient resources (disk full, out of memory, too many connections)
    "28": StorageKind.PERMISSION,  # invalid authorization specification
}


def driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception behind SQLAlchemy's wrapper (or the exception itself)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return exc.orig
    return exc


def error_code(exc: BaseException) -> str | None:
    """The driver's code for an error: `SQLITE_BUSY`, a SQLSTATE such as `25006`, or None."""
    orig = driver_error(exc)
    if isinstance(orig, sqlite3.Error):
        return getattr(orig, "sqlite_errorname", None)
    sqlstate = getattr(orig, "sqlstate", None)
    return str(sqlstate) if sqlstate else None


def classify(exc: BaseException) -> StorageKind | None:
    """The environment's kind of failure behind a database exception, or None when it is a bug of ours."""
    orig = driver_error(exc)
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if not isinstance(code, int):
            return None
        return _SQLITE_EXTENDED.get(code) or _SQLITE.get(code & 0xFF)
    if _is_psycopg_error(orig):
        sqlstate = getattr(orig, "sqlstate", None)
        if not sqlstate:
            # raised by the client library before any server answered: the connection failed
            return StorageKind.UNREACHABLE if _is_psycopg_operational(orig) else None
        return _PG_CODES.get(sqlstate) or _PG_CLASSES.get(sqlstate[:2])
    if isinstance(orig, PermissionError):
        return StorageKind.PERMISSION
    if isinstance(orig, OSError):
        return StorageKind.CANNOT_OPEN
    return None


def _is_psycopg_error(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # the PostgreSQL driver is optional
        return False
    return isinstance(exc, psycopg.Error)


def _is_psycopg_operational(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, psycopg.OperationalError)


def short_reason(exc: BaseException) -> str:
    """The driver's reason in one line, with its code: no SQL statement, no parameters, no DETAIL lines.

    PostgreSQL puts the offending values in DETAIL (`Key (id_number)=(…) already exists`); only the first
    line is kept so that no record contents reach a terminal or a log.
    """
    orig = driver_error(exc)
    lines = str(orig).strip().splitlines()
    first = lines[0].strip() if lines else type(orig).__name__
    code = error_code(exc)
    return f"{code}: {first}" if code else first


def storage_error(exc: BaseException, *, prefix: str = "", prefix_en: str = "") -> StorageError | None:
    """A `StorageError` of the right kind for an environment failure, or None for a bug."""
    kind = classify(exc)
    if kind is None:
        return None
    return ERROR_CLASSES[kind](short_reason(exc), kind=kind, prefix=prefix, prefix_en=prefix_en)


__all__ = [
    "DatabaseCannotOpen", "DatabaseCorrupt", "DatabaseLocked", "DatabasePermissionDenied", "DatabaseReadOnly",
    "DatabaseUnreachable", "DiskFull", "DiskIOError", "ERROR_CLASSES", "StorageError", "StorageKind", "classify",
    "driver_error", "error_code", "short_reason", "storage_error",
]
