"""Unfinished work: a row in `pending_work` while a job that commits in several transactions runs.

A re-evaluation of every file commits batch by batch, and a demo build commits its households and then
re-evaluates them. Killed half-way (power cut, SIGKILL, a closed laptop lid), such a job would leave some files
judged by the new standard and others by the old one, and nothing would say so. So the job writes a marker when
it starts (`started(...)`, committed at once, in its own transaction) and removes it when it ends; a marker left
behind by a process that no longer runs is unfinished work, completed by `services/pending.py` at the next start.

Whether the owner still runs: the marker carries "host:pid". On this machine a pid that is gone means the work was
interrupted; a marker from another machine (a shared server database) is taken over only once it is older than
`FOREIGN_STALE`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import PendingWork, new_id, utcnow

#: a marker written by another machine's process is considered abandoned after this long
FOREIGN_STALE = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Pending:
    """One marker as read back: what, since when, for whom, with which parameters, by which process."""

    id: str
    kind: str
    started_at: dt.datetime
    params: dict[str, Any]
    actor: str
    owner: str


def this_owner() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (never signals it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    return True


def owner_alive(owner: str, started_at: dt.datetime, *, now: dt.datetime | None = None) -> bool:
    """Whether the process named by `owner` ("host:pid") may still be doing the work."""
    host, _, pid_text = owner.rpartition(":")
    if not host or not pid_text.isdigit():
        return False
    if host == socket.gethostname()[:60]:
        return int(pid_text) == os.getpid() or pid_alive(int(pid_text))
    now = now or utcnow()
    started = started_at if started_at.tzinfo else started_at.replace(tzinfo=dt.UTC)
    return now - started < FOREIGN_STALE


def _read(row: PendingWork) -> Pending:
    try:
        params = json.loads(row.params_json or "{}")
    except ValueError:
        params = {}
    return Pending(id=row.id, kind=row.kind, started_at=row.started_at,
                   params=params if isinstance(params, dict) else {}, actor=row.actor, owner=row.owner)


def params_for(as_of: dt.date, actor: str, **extra: Any) -> dict[str, Any]:
    """The parameters a marker keeps: the day the work judges on and the role of the account doing it."""
    role = getattr(actor, "role", None)
    return {"as_of": as_of.isoformat(), **({"role": role} if isinstance(role, str) else {}), **extra}


def start(db: Database, *, kind: str, params: dict[str, Any], actor: str) -> str:
    """Record that `kind` starts (committed at once); returns the marker's id."""
    marker = new_id()
    # a Core insert: the marker is bookkeeping of the program, not a record of the union (no audit row)
    with db.transaction(actor=str(actor), reason=f"{kind} started") as s:
        s.execute(insert(PendingWork).values(
            id=marker, kind=kind, started_at=utcnow(), actor=str(actor)[:50], owner=this_owner(),
            params_json=json.dumps(params, ensure_ascii=False, sort_keys=True)[:2000]))
    return marker


def finish(db: Database, marker_id: str) -> None:
    """Remove the marker: the work is complete."""
    with db.transaction(reason="pending work done") as s:
        s.execute(delete(PendingWork).where(col(PendingWork.id) == marker_id))


@contextmanager
def started(db: Database, *, kind: str, params: dict[str, Any], actor: str) -> Iterator[str]:
    """The marker around a job: written before it, removed only when the job returns normally.

    An exception leaves the marker (the job stopped half-way: it is completed at the next start).
    """
    marker = start(db, kind=kind, params=params, actor=actor)
    yield marker
    finish(db, marker)


@contextmanager
def dropped_on_error(db: Database, marker_id: str) -> Iterator[None]:
    """Remove the marker when the block raises: the block is one transaction, rolled back, so nothing of the
    work was written and there is nothing to complete (a killed process runs no handler: the marker stays)."""
    try:
        yield
    except BaseException:
        with suppress(Exception):
            finish(db, marker_id)
        raise


def list_pending(db: Database) -> list[Pending]:
    """Every marker, oldest first (the running ones included)."""
    with db.reader() as s:
        return [_read(r) for r in s.scalars(select(PendingWork).order_by(col(PendingWork.started_at),
                                                                         col(PendingWork.id)))]


def abandoned(db: Database) -> list[Pending]:
    """The markers whose process no longer runs (interrupted work), oldest first."""
    return [p for p in list_pending(db) if not owner_alive(p.owner, p.started_at)]


def claim(db: Database, item: Pending) -> bool:
    """Take an abandoned marker over for this process; False when another process took it first."""
    with db.transaction(reason="pending work resumed") as s:
        result = s.execute(update(PendingWork).where(col(PendingWork.id) == item.id,
                                                     col(PendingWork.owner) == item.owner)
                           .values(owner=this_owner()))
        return bool(getattr(result, "rowcount", 0))
