"""Backups of a SQLite database: the online-backup API, checks of a backup, rotation, restore.

- A backup is made with `sqlite3.Connection.backup` (consistent while other connections read and write, WAL
  included) into `name.part`, checked, then renamed, so a backup file that exists is complete.
- A backup is *good* when `PRAGMA integrity_check` answers "ok" and its schema revision is one of ours. The
  result of the check is kept beside it (`name.sqlite3.json`), so rotation does not read every backup again.
- Automatic backups live in the `backups` folder beside the database (or the folder of the setting
  `backup_folder`), named `<db stem>-<label>-<UTC time><suffix>`; each label (daily, pre-import, pre-roster,
  pre-upgrade, pre-restore) keeps the newest `keep`, and the newest *good* one of a label is never deleted,
  even when newer damaged ones fill the quota.
- Restore writes a backup's pages into the live database with the same API, while holding the database
  exclusively (refused when another connection has it open), after copying what it replaces aside.

Only the mechanics: which settings apply and when to back up is `services/backup.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.errors import StorageError, StorageKind, storage_error
from assist_desktop.db.models import AppSetting
from assist_desktop.domain.options import OPTIONS

LABELS = ("daily", "pre-import", "pre-roster", "pre-upgrade", "pre-restore", "manual")
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<label>" + "|".join(map(re.escape, LABELS))
                   + r")-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?$")


class BackupRefused(Exception):
    """A file that must not be restored (damaged, not ours, newer): `zh`/`en` say why; nothing was changed."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class BackupInfo:
    """What is known of one backup file: when, why, whether it is good, its schema and how many files it holds."""

    path: Path
    label: str | None
    created_at: dt.datetime | None
    integrity: str  # "ok", or the first problems integrity_check named, or why it could not be read
    revision: str | None
    files: int | None  # hardship files in it
    size: int
    #: the fingerprint of the contents it holds (`data_state`): a database in the same state needs no new backup
    state: str | None = None

    @property
    def good(self) -> bool:
        return self.integrity == "ok" and self.revision is not None

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "label": self.label,
                "created_at": self.created_at.isoformat() if self.created_at else None,
                "integrity": self.integrity, "revision": self.revision, "files": self.files, "size": self.size,
                "good": self.good, "state": self.state}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def target_for(folder: Path, db_file: Path, label: str, *, now: dt.datetime | None = None) -> Path:
    """A new file name in `folder` for a backup of `db_file` made now for `label`."""
    now = now or utcnow()
    base = f"{db_file.stem}-{label}-{now:{STAMP}}"
    target = folder / f"{base}{db_file.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{base}-{n}{db_file.suffix}"
        n += 1
    return target


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def inspect(path: Path, *, known: Callable[[str], bool] | None = None, label: str | None = None) -> BackupInfo:
    """Check a backup file: `integrity_check`, its schema revision (kept only when `known` accepts it) and counts.

    Never raises for a bad file: what is wrong is in `integrity`.
    """
    size = path.stat().st_size if path.exists() else 0
    m = _NAME.match(path.stem)
    if m:
        created: dt.datetime | None = dt.datetime.strptime(m["stamp"], STAMP).replace(tzinfo=dt.UTC)
    else:  # a file named by a person: when it was last written
        created = (dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC) if size else None)
    label = label or (m["label"] if m else None)
    revision: str | None = None
    files: int | None = None
    if size == 0:
        return BackupInfo(path, label, created, "empty or missing", None, None, size)
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
            integrity = "ok" if rows == ["ok"] else "; ".join(rows[:3])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(row[0]) if row else None
            if "hardship_file" in tables:
                files = int(conn.execute("SELECT count(*) FROM hardship_file").fetchone()[0])
            state = _state(conn)
    except sqlite3.Error as exc:
        return BackupInfo(path, label, created, f"unreadable: {exc}", None, None, size)
    if revision is not None and known is not None and not known(revision):
        revision = None
    return BackupInfo(path, label, created, integrity, revision, files, size, state)


def _state(conn: sqlite3.Connection) -> str | None:
    """The fingerprint of a database's contents: the head of its audit chain (every change of a record, ORM or
    bulk, appends to it), the change counter of the files (db/changes.py) and the schema's revision. Two databases
    (a live one and its backup) with the same fingerprint hold the same records. (SQLite's own schema cookie is
    not part of it: a copy made with the backup API starts its own.) None when it cannot be read."""
    try:
        head = conn.execute("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        seq = conn.execute("SELECT next_value FROM sequence WHERE name = 'change_seq'").fetchone()
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return json.dumps([list(head) if head else None, seq[0] if seq else None, version[0] if version else None],
                      separators=(",", ":"))


def data_state(db_file: Path) -> str | None:
    """`_state` of the database file (read-only, a few indexed reads); None when it cannot be read."""
    try:
        with closing(sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as conn:
            return _state(conn)
    except sqlite3.Error:
        return None


def _remember(info: BackupInfo) -> None:
    with suppress(OSError):
        _sidecar(info.path).write_text(json.dumps({**info.to_json(), "mtime": info.path.stat().st_mtime}),
                                       encoding="utf-8")


def recall(path: Path, *, known: Callable[[str], bool] | None = None) -> BackupInfo:
    """The check of a backup as remembered beside it (checked again when the file changed since)."""
    try:
        data = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        stat = path.stat()
        if data.get("size") == stat.st_size and data.get("mtime") == stat.st_mtime:
            created = data.get("created_at")
            revision = data.get("revision")
            if revision is not None and known is not None and not known(str(revision)):
                revision = None
            return BackupInfo(path, data.get("label"), dt.datetime.fromisoformat(created) if created else None,
                              str(data.get("integrity")), revision, data.get("files"), int(data["size"]),
                              data.get("state"))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    info = inspect(path, known=known)
    _remember(info)
    return info


def copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the database open on `source` to `target` (through `target.part`)."""
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(part)) as dest:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file (no -wal beside it)
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def backup_file(db_file: Path, target: Path, *, known: Callable[[str], bool] | None = None,
                label: str | None = None) -> BackupInfo:
    """Back `db_file` up to `target` and check the copy.

    Raises:
        StorageError: the database cannot be read or the copy cannot be written (disk full, no permission…).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(db_file, timeout=5)) as source:
            copy_sqlite(source, target)
    except sqlite3.Error as exc:
        raise _storage(exc, "无法备份数据库", "cannot back the database up") from exc
    except OSError as exc:
        raise _os_storage(exc, "无法写入备份", "cannot write the backup") from exc
    info = inspect(target, known=known, label=label)
    if _NAME.match(target.stem):  # an automatic backup: its check is remembered beside it for rotation
        _remember(info)
    return info


def _order(path: Path) -> tuple[str, int]:
    m = _NAME.match(path.stem)
    return (m["stamp"], int(m["n"] or 0)) if m else ("", 0)


def _label(path: Path) -> str | None:
    m = _NAME.match(path.stem)
    return m["label"] if m else None


def automatic(folder: Path, db_file: Path) -> list[Path]:
    """The automatic backups of `db_file` in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob(f"{db_file.stem}-*{db_file.suffix}"):
        m = _NAME.match(p.stem)
        if m and m["stem"] == db_file.stem:
            out.append(p)
    return sorted(out, key=_order)


def rotate(folder: Path, db_file: Path, label: str, *, keep: int,
           known: Callable[[str], bool] | None = None) -> list[Path]:
    """Delete the backups of `label` beyond the newest `keep`, but never the newest good one; returns the deleted."""
    keep = max(1, keep)
    mine = [p for p in automatic(folder, db_file) if _label(p) == label]
    kept, candidates = mine[-keep:], mine[:-keep]
    if not candidates:
        return []
    spare: Path | None = None
    if not any(recall(p, known=known).good for p in reversed(kept)):
        spare = next((p for p in reversed(candidates) if recall(p, known=known).good), None)
    deleted = []
    for p in candidates:
        if p == spare:
            continue
        p.unlink(missing_ok=True)
        _sidecar(p).unlink(missing_ok=True)
        deleted.append(p)
    return deleted


def restore_file(db_file: Path, source: Path, *, keep_copy: Path) -> None:
    """Replace the contents of the live database `db_file` by the backup `source`, keeping a copy in `keep_copy`.

    The database is held exclusively for the whole restore: when another connection (a window, a command) has it
    open, nothing is done.

    Raises:
        BackupRefused: another process has the database open.
        StorageError: reading or writing failed (nothing was replaced when the copy could not be made).
    """
    try:
        live = sqlite3.connect(db_file, timeout=0.5)
    except sqlite3.Error as exc:
        raise _storage(exc, f"无法打开数据库（{db_file}）", f"cannot open the database ({db_file})") from exc
    with closing(live):
        try:
            live.execute("PRAGMA locking_mode=EXCLUSIVE")
            live.execute("BEGIN EXCLUSIVE")
            live.execute("SELECT count(*) FROM sqlite_master").fetchone()
            live.rollback()  # the exclusive lock stays (locking_mode) until the connection closes
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise BackupRefused(
                    f"数据库正由其他程序或窗口使用（{db_file}）：请先关闭它，再恢复",
                    f"the database is open in another program or window ({db_file}): close it, then restore",
                ) from None
            raise _storage(exc, f"无法打开数据库（{db_file}）", f"cannot open the database ({db_file})") from exc
        keep_copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            copy_sqlite(live, keep_copy)
        except sqlite3.Error as exc:
            raise _storage(exc, "无法在恢复前保存当前数据库", "cannot keep a copy of the current database") from exc
        except OSError as exc:
            raise _os_storage(exc, "无法在恢复前保存当前数据库", "cannot keep a copy of the current database") from exc
        _remember(inspect(keep_copy, label="pre-restore"))
        try:
            with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src:
                src.backup(live)
        except sqlite3.Error as exc:
            raise _storage(exc, "恢复失败（当前数据库的副本已保存）",
                           "the restore failed (a copy of the current database was kept)") from exc


@functools.lru_cache(maxsize=1)
def _ours() -> tuple[str, ...]:
    from assist_desktop.db.startup import known_revisions

    return tuple(known_revisions())


def known_revision(revision: str) -> bool:
    """Whether a schema revision is one this program knows (a backup of it can be restored)."""
    return revision in _ours()


def _setting(db: Database, key: str) -> int | str:
    option = OPTIONS[key]
    try:
        with db.engine.connect() as conn:
            row = conn.execute(select(col(AppSetting.value)).where(col(AppSetting.key) == key)).first()
    except DBAPIError:  # no settings table yet (a database being created)
        return option.default
    try:
        return option.parse(row[0] if row else None)
    except ValueError:
        return option.default


def backup_folder(db: Database) -> Path | None:
    """Where the automatic backups of this database go (None: a server database)."""
    if db.sqlite_file is None:
        return None
    chosen = str(_setting(db, "backup_folder") or "").strip()
    return Path(chosen).expanduser() if chosen else db.sqlite_file.parent / "backups"


def keep_for(db: Database) -> int:
    value = _setting(db, "backup_keep")
    return max(1, int(value)) if isinstance(value, int) else 10


def auto_backup(db: Database, *, label: str, now: dt.datetime | None = None) -> BackupInfo | None:
    """An automatic backup of a SQLite database for `label`, then rotation; None for a server or an empty file.

    Raises:
        StorageError: the copy cannot be made (disk full, no permission): the work it precedes does not start.
    """
    src, folder = db.sqlite_file, backup_folder(db)
    if src is None or folder is None or not src.exists() or src.stat().st_size == 0:
        return None
    info = backup_file(src, target_for(folder, src, label, now=now), known=known_revision, label=label)
    rotate(folder, src, label, keep=keep_for(db), known=known_revision)
    return info


def _storage(exc: sqlite3.Error, zh: str, en: str) -> StorageError:
    err = storage_error(exc, prefix=zh, prefix_en=en)
    return err if err is not None else StorageError(str(exc), kind=StorageKind.CANNOT_OPEN, prefix=zh, prefix_en=en)


def _os_storage(exc: OSError, zh: str, en: str) -> StorageError:
    import errno

    kind = (StorageKind.PERMISSION if isinstance(exc, PermissionError) else StorageKind.FULL
            if exc.errno == errno.ENOSPC else StorageKind.READ_ONLY if exc.errno == errno.EROFS
            else StorageKind.CANNOT_OPEN)
    return StorageError(str(exc), kind=kind, prefix=zh, prefix_en=en)
