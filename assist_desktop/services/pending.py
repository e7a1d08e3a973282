"""Completing unfinished work at start: a re-evaluation or a demo build that a killed process left half done.

`resume_pending(db)` is the one call every start path makes (the command line's `open_database`, the window's
`open_database_for_gui`), after the upgrade and `quick_check`. For each marker of `db/pending.py` whose process
no longer runs:
- `reevaluate`: the re-evaluation is run again for the same day (`as_of`); it is idempotent, so the files the
  first run finished are left as they are and the others are judged as they would have been;
- `demo`: the households are written in one transaction, so they are either all there or none; when they are
  there (and the build was to evaluate them) they are re-evaluated for the build's day, which completes the
  build; when they are not, nothing of the build is in the database and only the marker goes.
The work is done as the account that started it (its role was checked when it started). Completing may fail
(the disk is full, the file read-only): the marker then stays, the start goes on, and the next start tries again;
`stats --json` shows `"pending_reevaluation": true` meanwhile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from assist_desktop.db import pending as markers
from assist_desktop.db.engine import Database
from assist_desktop.db.errors import StorageError
from assist_desktop.domain.errors import DomainError
from assist_desktop.services.changes import NOTHING, Changes

KINDS = ("reevaluate", "demo")


@dataclass(frozen=True)
class Resumed:
    """What `resume_pending` completed (kinds with their day) and what it could not (one line each)."""

    completed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    changes: Changes = NOTHING

    def message(self, lang: str = "zh") -> str:
        lines = []
        if self.completed:
            lines.append(("completed the work interrupted last time: " if lang == "en" else "已完成上次中断的工作：")
                         + "、".join(self.completed))
        if self.failed:
            lines.append(("could not complete the interrupted work (tried again at the next start): " if lang == "en"
                          else "上次中断的工作未能完成（下次启动时再试）：") + "；".join(self.failed))
        return "\n".join(lines)


def _actor(item: markers.Pending) -> str:
    from assist_desktop.services.access import Actor

    role = item.params.get("role")
    if isinstance(role, str) and role:
        try:
            return Actor(item.actor, role)
        except ValueError:
            return item.actor
    return item.actor


def _demo_files_present(db: Database) -> bool:
    from assist_desktop.db.models import HardshipFile, table_of
    from assist_desktop.services.demo import demo_file_filter

    with db.reader() as s:
        return s.scalars(select(table_of(HardshipFile).c.id).where(demo_file_filter()).limit(1)).first() is not None


def has_abandoned(db: Database) -> bool:
    """Whether some work a killed process left half done waits to be completed (one small query; False when the
    database cannot be read now: `resume_pending` says why when it runs)."""
    try:
        return bool(markers.abandoned(db))
    except StorageError:
        return False


def resume_pending(db: Database) -> Resumed:
    """Complete every interrupted job (see the module's docstring); never raises for a job that fails."""
    from assist_desktop.services import lifecycle

    completed: list[str] = []
    failed: list[str] = []
    done_days: set[dt.date] = set()
    changed = NOTHING
    try:
        left = markers.abandoned(db)
    except StorageError as exc:
        return Resumed(failed=[str(exc)])
    for item in left:
        try:
            if not markers.claim(db, item):
                continue  # another process is completing it
            as_of = dt.date.fromisoformat(str(item.params.get("as_of")))
            label = f"{'重新评定' if item.kind == 'reevaluate' else '演示数据'}（{as_of.isoformat()}）"
            wanted = item.kind == "reevaluate" or (
                item.kind == "demo" and item.params.get("evaluate", True) and _demo_files_present(db))
            if wanted and as_of not in done_days:
                result = lifecycle.reevaluate_all(db, as_of=as_of, actor=_actor(item))
                changed = changed | result.changes
                done_days.add(as_of)
            markers.finish(db, item.id)
            completed.append(label)
        except (DomainError, StorageError) as exc:
            failed.append(exc.message("zh") if isinstance(exc, DomainError) else str(exc))
        except ValueError:  # a marker without a readable day: nothing can be completed from it
            markers.finish(db, item.id)
    return Resumed(completed=completed, failed=failed, changes=changed)


def pending_reevaluation(db: Database, kinds: tuple[str, ...] = KINDS) -> bool:
    """Whether a re-evaluation (or a demo build) is unfinished: running now, or interrupted and not yet completed
    (`kinds`: only work of these kinds)."""
    return any(p.kind in kinds for p in markers.list_pending(db))
