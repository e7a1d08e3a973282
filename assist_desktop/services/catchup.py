"""Time moves by itself: the lifecycle caught up to today (notices ending, watch months completed, follow-ups due).

`catch_up` runs the one re-evaluation of every file (`services.lifecycle.reevaluate_all`) once a day: the window
at start and at midnight, the command line before every verb that reads status. The day of the last catch-up is
an internal state row (`app_setting` key `state.catch_up_on`: `services.common.set_option` accepts only the
declared settings, so no user can set it). The history records what it moved as the program's time-keeping
(`CATCH_UP_ACTOR`, shown as 系统（到期自动）). A database that cannot be written (read-only, locked, full) is
left alone: the read model says why in `note`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.db.errors import StorageKind
from assist_desktop.db.models import AppSetting, utcnow
from assist_desktop.domain.enums import EventKind, UserRole
from assist_desktop.services.access import Actor
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.read_models import MappingView

#: who the history names for what the catch-up moved
CATCH_UP_ACTOR = "system:catch-up"
#: the internal state row holding the last day caught up to (ISO date)
STATE_KEY = "state.catch_up_on"
#: how people read the program's own actor names in a history
ACTOR_LABELS: dict[str, tuple[str, str]] = {
    CATCH_UP_ACTOR: ("系统（到期自动）", "System (time-driven)"),
}
#: the storage problems that make the catch-up skip quietly (the next start or verb tries again)
_SKIPPED = frozenset({StorageKind.READ_ONLY, StorageKind.LOCKED, StorageKind.FULL, StorageKind.PERMISSION})
#: the transitions counted, in the order the summary lists them (EventKind values, as reevaluate_all counts them)
TRANSITIONS = ("registered", "adjusted", "ineligible", "watch", "watch_broken", "exit_notice", "closed",
               "reopened")


def actor_label(actor: str | None, lang: str = "zh") -> str:
    """An actor of a history entry as people read it (the program's own names in words)."""
    label = ACTOR_LABELS.get(actor or "")
    if label is None:
        return actor or ""
    return label[1] if lang.startswith("en") else label[0]


@dataclass(frozen=True, eq=False)
class CatchUp(MappingView):
    """What one catch-up did: whether it ran, the day it caught up to, the transitions by kind (non-zero only)."""

    today: dt.date
    ran: bool
    last_day: dt.date | None  # the day caught up to before this call (None: never)
    evaluated: int = 0
    changed: int = 0
    transitions: dict[str, int] = field(default_factory=dict)
    note: str | None = None  # why it did not run, or did not record the day
    note_en: str | None = None
    changes: Changes = NOTHING

    @property
    def moved(self) -> bool:
        return self.changed > 0

    def lines(self, lang: str = "zh") -> list[str]:
        """One line per transition (label and count), in the order of TRANSITIONS; empty when nothing moved."""
        out = []
        for kind in TRANSITIONS:
            n = self.transitions.get(kind, 0)
            if n:
                label = EventKind(kind).label_for(lang)
                out.append(f"{label}: {n}" if lang.startswith("en") else f"{label}：{n} 份")
        other = self.changed - sum(self.transitions.get(k, 0) for k in TRANSITIONS)
        if other > 0:  # a file can move more than once in one catch-up, or change its numbers only
            out.append(f"other changes: {other}" if lang.startswith("en") else f"其他变化：{other} 份")
        return out

    def summary(self, lang: str = "zh") -> str:
        """One sentence for a status bar or stderr ("" when nothing moved and nothing to say)."""
        en = lang.startswith("en")
        if not self.ran:
            return (self.note_en if en else self.note) or ""
        if not self.moved:
            return ""
        head = (f"Brought up to {self.today}: {self.changed} file(s) changed — " if en
                else f"已按日期补办到 {self.today}：{self.changed} 份档案有变化——")
        return head + ("; ".join(self.lines(lang)) if en else "；".join(self.lines(lang)))

    def to_json(self) -> dict[str, Any]:
        return {"today": self.today, "ran": self.ran, "last_day": self.last_day, "evaluated": self.evaluated,
                "changed": self.changed, "transitions": dict(self.transitions), "note": self.note}


def last_catch_up(db: Database) -> dt.date | None:
    """The last day the lifecycle was caught up to (None: never)."""
    with db.reader() as s:
        row = s.get(AppSetting, STATE_KEY)
        return _day(row.value) if row is not None else None


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _not_writable(db: Database) -> bool:
    """A SQLite file (or its folder, where the journal goes) that this process may not write."""
    path = db.sqlite_file
    if path is None or not path.exists():
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _skipped(today: dt.date, last: dt.date | None, zh: str, en: str) -> CatchUp:
    return CatchUp(today=today, ran=False, last_day=last, note=zh, note_en=en)


def catch_up(db: Database, *, today: dt.date, actor: str = CATCH_UP_ACTOR) -> CatchUp:
    """Bring every file's lifecycle up to `today`, once a day.

    Runs `reevaluate_all` only when the last day caught up to is before `today`, then records `today`. It runs as
    the program's time-keeping (no account needed, also when the database has accounts): what it moves is what
    time would have moved at the next 重新评定, and its history names `actor` (default 系统（到期自动）).
    On a database that cannot be written (read-only, locked, full) nothing is written and `note` says why.

    Args:
        today: the day to catch up to (the window's or the command line's today, `--as-of` included).
    Returns:
        What moved: counts by transition, with the change set.
    Raises:
        StorageError: the database failed otherwise (unreachable, corrupt).
    """
    from assist_desktop.services import lifecycle

    try:
        last = last_catch_up(db)
    except StorageError as exc:
        if exc.kind in _SKIPPED:
            return _skipped(today, None, f"未按日期补办到期事项：{exc.kind.zh}",
                            f"the database cannot be used now ({exc.kind.value}): nothing was brought up to date")
        raise
    if last is not None and last >= today:
        return CatchUp(today=today, ran=False, last_day=last)  # done already today: nothing to say
    if _not_writable(db):
        return _skipped(today, last, "数据库只读，未按日期补办到期事项（状态仍为上次评定的结果）",
                        "the database is read-only: nothing was brought up to date")
    system = Actor(str(actor), UserRole.ADMIN.value, "系统")
    try:
        result = lifecycle.reevaluate_all(db, as_of=today, actor=system)
        _record(db, today, actor=system)
        optimize(db)  # once a day: the planner's statistics kept current (issue 12)
    except StorageError as exc:
        if exc.kind not in _SKIPPED:
            raise
        return _skipped(today, last, f"未按日期补办到期事项（下次再试）：{exc.kind.zh}",
                        f"the database cannot be written now ({exc.kind.value}): will try again")
    counts = result.counts
    transitions = {k: int(counts.get(k, 0)) for k in TRANSITIONS if counts.get(k)}
    return CatchUp(today=today, ran=True, last_day=last, evaluated=int(counts.get("evaluated", 0)),
                   changed=int(counts.get("changed", 0)), transitions=transitions, changes=result.changes)


def optimize(db: Database) -> None:
    """SQLite's `PRAGMA optimize`: ANALYZE where the statistics have gone stale, cheap when they have not (a
    server database keeps its own statistics)."""
    if not db.is_sqlite:
        return
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA optimize")
        conn.commit()


def _record(db: Database, today: dt.date, *, actor: str) -> None:
    with db.transaction(actor=actor, reason="catch-up") as s:
        row = s.get(AppSetting, STATE_KEY)
        previous = _day(row.value) if row is not None else None
        if previous is not None and previous >= today:
            return  # another window or verb got there first (or went further)
        if row is None:
            s.add(AppSetting(key=STATE_KEY, value=today.isoformat()))
        else:
            row.value = today.isoformat()
            row.updated_at = utcnow()
