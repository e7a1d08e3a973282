"""Backups and restore: when the program backs up by itself, `backup --out`, `restore`, the list of backups.

Automatic backups (SQLite; `db/backup.py` does the copying, checking and rotating):
- `daily` at the first start of the (UTC) day: the command line's `open_database` and the window's start;
- `pre-import` before every package import, `pre-roster` before every roster import;
- `pre-upgrade` before every schema upgrade (`db/migrate.py`).
Each kind keeps the newest `backup_keep` (a setting) in the `backups` folder beside the database (or the folder
of the setting `backup_folder`), and never deletes its newest good backup.

A database on a server (PostgreSQL) is backed up by its server's own means; `backup --out` and `restore` wrap
`pg_dump`/`pg_restore` when they are on PATH, and say so clearly when they are not.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from assist_desktop.db import backup as mech
from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.errors import DomainError
from assist_desktop.services.access import require
from assist_desktop.services.changes import Changes

BackupInfo = mech.BackupInfo

__all__ = ["BackupInfo", "BackupMade", "Restored", "auto_backup", "backup_folder", "backup_now", "daily_backup",
           "inspect_backup", "list_backups", "restore_backup"]


known_revision = mech.known_revision
backup_folder = mech.backup_folder
auto_backup = mech.auto_backup


def daily_backup(db: Database, *, now: dt.datetime | None = None, only_if_changed: bool = True) -> BackupInfo | None:
    """The day's backup at the first start of the day (UTC); None when there is one already (or a server).

    With `only_if_changed` (the default), no copy is made either when the newest good automatic backup (of any
    kind) holds the database as it is now (`db.backup.data_state`: nothing was written since): a database nobody
    changed is not copied again every day. The check is a few indexed reads, whatever the database's size.
    """
    src, folder = db.sqlite_file, backup_folder(db)
    if src is None or folder is None:
        return None
    now = now or mech.utcnow()
    day = now.strftime("%Y%m%d")
    made = mech.automatic(folder, src)
    if any(p.stem.split("-daily-", 1)[-1].startswith(day) for p in made if "-daily-" in p.stem):
        return None
    if only_if_changed and made and unchanged_since_backup(db, made):
        return None
    return auto_backup(db, label="daily", now=now)


def unchanged_since_backup(db: Database, made: list[Path] | None = None) -> bool:
    """Whether the newest good automatic backup holds this database as it is now (nothing written since)."""
    src, folder = db.sqlite_file, backup_folder(db)
    if src is None or folder is None:
        return False
    if made is None:
        made = mech.automatic(folder, src)
    newest = next((info for info in (mech.recall(p, known=known_revision) for p in reversed(made)) if info.good),
                  None)
    if newest is None or newest.state is None:
        return False
    return mech.data_state(src) == newest.state


def list_backups(db: Database) -> list[BackupInfo]:
    """The automatic backups of this database, newest first, with their checks (remembered beside each)."""
    src, folder = db.sqlite_file, backup_folder(db)
    if src is None or folder is None:
        return []
    return [mech.recall(p, known=known_revision) for p in reversed(mech.automatic(folder, src))]


def inspect_backup(path: str | os.PathLike[str]) -> BackupInfo:
    """Check a backup file (integrity, schema, how many files it holds) for a confirmation before restoring."""
    return mech.inspect(Path(path), known=known_revision)


@dataclass(frozen=True)
class BackupMade:
    """A backup made on request: the file written and what is in it."""

    info: BackupInfo
    key_copy: Path | None = None
    changes: Changes = field(default_factory=Changes)

    def to_json(self) -> dict[str, Any]:
        return {**self.info.to_json(), "key_copy": str(self.key_copy) if self.key_copy else None}


def backup_now(db: Database, *, out: str | os.PathLike[str], actor: str = "system") -> BackupMade:
    """Back the database up to `out` (a file, or a folder to put a dated file in).

    SQLite: the online backup, checked; the union's private key (beside the database) is copied beside the
    backup too (mode 0600), as both are needed to rebuild the office PC. PostgreSQL: `pg_dump -Fc`.

    Raises:
        DomainError: a PostgreSQL database and no `pg_dump` on PATH; the backup is not good.
        StorageError: the copy cannot be written.
    """
    require(db, actor, "export")
    target = Path(out).expanduser()
    if db.sqlite_file is None:
        if target.is_dir():
            target = target / f"assist-{mech.utcnow():{mech.STAMP}}.dump"
        _pg("pg_dump", db, ["-Fc", "--no-owner", "-f", str(target)])
        info = BackupInfo(target, "manual", mech.utcnow(), "ok", None, None, target.stat().st_size)
        return BackupMade(info)
    if target.is_dir():
        target = mech.target_for(target, db.sqlite_file, "manual")
    info = mech.backup_file(db.sqlite_file, target, known=known_revision, label="manual")
    if not info.good:
        raise DomainError(f"备份 {target} 检查未通过：{info.integrity}", f"the backup {target} failed its check: "
                          f"{info.integrity}")
    key_copy = _copy_key(db, target)
    return BackupMade(info, key_copy)


def _copy_key(db: Database, target: Path) -> Path | None:
    """Copy the union's private keys (signing, encryption) beside the backup, mode 0600; the signing key's copy
    is returned (None when the union has no key yet)."""
    from assist_desktop.services.keys import KEY_SUFFIX, key_files

    signing: Path | None = None
    for key in key_files(db):
        suffix = key.name[len(key.name.split(".union-", 1)[0]):]  # .union-key.pem / .union-enc-key.pem
        copy = target.with_name(target.name + suffix)
        _write_0600(copy, key.read_bytes(), replace=True)
        if suffix == KEY_SUFFIX:
            signing = copy
    return signing


def _write_0600(path: Path, data: bytes, *, replace: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)


def _restore_keys(db: Database, source: Path) -> list[Path]:
    """Put back the union's private keys a manual backup left beside the backup file, so the keys match the
    restored database's recorded public keys (a new office PC; a PC where `init` made new keys). A different key
    found here is kept aside (`….replaced-<time>`), never deleted."""
    from assist_desktop.services.keys import ENC_KEY_SUFFIX, KEY_SUFFIX, encryption_key_path, private_key_path

    put: list[Path] = []
    for suffix, live in ((KEY_SUFFIX, private_key_path(db)), (ENC_KEY_SUFFIX, encryption_key_path(db))):
        copy = source.with_name(source.name + suffix)
        if not copy.is_file():
            continue
        data = copy.read_bytes()
        if live.exists():
            if live.read_bytes() == data:
                continue
            live.rename(live.with_name(f"{live.name}.replaced-{mech.utcnow():{mech.STAMP}}"))
        live.parent.mkdir(parents=True, exist_ok=True)
        _write_0600(live, data, replace=False)
        put.append(live)
    return put


@dataclass(frozen=True)
class Restored:
    """A restore: the file it came from (with its checks) and where the replaced database was kept."""

    info: BackupInfo
    kept: Path | None
    keys_restored: tuple[Path, ...] = ()  # the union's private keys put back from the backup's side
    changes: Changes = field(default_factory=lambda: Changes(files=True, care=True, pairing=True, standards=True,
                                                             unions=True, settings=True, users=True, exchange=True))

    def to_json(self) -> dict[str, Any]:
        return {"restored_from": str(self.info.path), "created_at": self.info.created_at.isoformat()
                if self.info.created_at else None, "files": self.info.files, "revision": self.info.revision,
                "kept_copy": str(self.kept) if self.kept else None,
                "keys_restored": [str(p) for p in self.keys_restored]}


def _refuse_backup(path: Path) -> BackupInfo:
    """The checks before a restore: ours, not newer, not damaged (StartupRefused/DomainError when not)."""
    from assist_desktop.db.startup import check_before_open

    if not path.is_file():
        raise DomainError(f"没有备份文件：{path}", f"no backup file at {path}")
    try:
        check_before_open(f"sqlite:///{path.resolve()}", create=False)  # not ours / newer: refused here
    except StorageError as exc:
        raise DomainError(f"备份文件无法读取或已损坏（{path}）：{exc.message('zh')}",
                          f"the backup file cannot be read or is damaged ({path}): {exc.message('en')}") from None
    info = mech.inspect(path, known=known_revision)
    if info.integrity != "ok":
        raise DomainError(f"备份文件已损坏（{path}）：{info.integrity}；未作任何改动",
                          f"the backup file is damaged ({path}): {info.integrity}; nothing was changed")
    if info.revision is None:
        raise DomainError(f"{path} 不是本程序的备份（没有数据库版本）；未作任何改动",
                          f"{path} is not a backup of this program (no schema version); nothing was changed")
    return info


def restore_backup(db: Database, *, path: str | os.PathLike[str], actor: str = "system") -> Restored:
    """Replace the database by the backup at `path` (checked first), keeping a copy of what it replaces.

    `db` is closed (its pooled connections) for the restore and is usable again afterwards; the restored
    database is brought to this program's schema like any older file.

    Raises:
        StartupRefused: the backup is not this program's, or from a newer version (nothing changed, no copy).
        DomainError: the backup is damaged; another process has the database open; no pg_restore on PATH.
        StorageError: the copy of the current database or the restore cannot be written.
    """
    require(db, actor, "settings")
    source = Path(path).expanduser()
    if db.sqlite_file is None:
        return _restore_pg(db, source)
    info = _refuse_backup(source)
    if source.resolve() == db.sqlite_file.resolve():
        raise DomainError("不能用数据库自己恢复自己", "a database cannot be restored from itself")
    folder = backup_folder(db) or db.sqlite_file.parent / "backups"
    kept = mech.target_for(folder, db.sqlite_file, "pre-restore")
    db.dispose()  # our own pooled connections would hold the file open
    try:
        mech.restore_file(db.sqlite_file, source, keep_copy=kept)
    except mech.BackupRefused as exc:
        raise DomainError(exc.zh, exc.en) from None
    mech.rotate(folder, db.sqlite_file, "pre-restore", keep=mech.keep_for(db), known=known_revision)
    from assist_desktop.db import migrate, startup

    migrate.upgrade(db)
    startup.quick_check(db)
    return Restored(info, kept, tuple(_restore_keys(db, source)))


def _libpq_url(db: Database) -> tuple[str, dict[str, str]]:
    url = make_url(db.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    bare = URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                      query=url.query)  # the password goes in PGPASSWORD, never on a command line
    return bare.render_as_string(hide_password=False), env


def _pg(tool: str, db: Database, args: list[str]) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise DomainError(f"找不到 {tool}：请安装 PostgreSQL 客户端工具并把它放在 PATH 上（见用户手册“备份与恢复”）",
                          f"{tool} is not on PATH: install the PostgreSQL client tools (see the user guide, "
                          "Backups and restore)")
    url, env = _libpq_url(db)
    flag = "-d" if tool == "pg_restore" else "--dbname"
    done = subprocess.run([exe, *args, flag, url], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DomainError(f"{tool} 失败：{done.stderr.strip()[:300]}", f"{tool} failed: {done.stderr.strip()[:300]}")
    return done.stdout


def _dump_revision(source: Path) -> str | None:
    """The schema revision inside a `pg_dump -Fc` file (its alembic_version row), read without a server."""
    exe = shutil.which("pg_restore")
    if exe is None:
        return None
    done = subprocess.run([exe, "--data-only", "--table=alembic_version", "-f", "-", str(source)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DomainError(f"{source} 不是可用的 pg_dump 备份：{done.stderr.strip()[:300]}",
                          f"{source} is not a usable pg_dump backup: {done.stderr.strip()[:300]}")
    lines = done.stdout.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and k + 1 < len(lines):
            value = lines[k + 1].strip()
            return None if value == "\\." else value
    return None


def _restore_pg(db: Database, source: Path) -> Restored:
    from assist_desktop.db.startup import judge_revision

    if not source.is_file():
        raise DomainError(f"没有备份文件：{source}", f"no backup file at {source}")
    if shutil.which("pg_restore") is not None:
        judge_revision(str(source), _dump_revision(source))  # newer or not ours: refused before anything
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("assist_desktop", appauthor=False)) / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"server-pre-restore-{mech.utcnow():{mech.STAMP}}.dump"
    _pg("pg_dump", db, ["-Fc", "--no-owner", "-f", str(kept)])
    db.dispose()
    _pg("pg_restore", db, ["--clean", "--if-exists", "--no-owner", str(source)])
    from assist_desktop.db import migrate, startup

    startup.check_revision(db)
    migrate.upgrade(db, backup=False)
    info = BackupInfo(source, "manual", None, "ok", None, None, source.stat().st_size)
    return Restored(info, kept)
