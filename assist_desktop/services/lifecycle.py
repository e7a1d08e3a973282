"""Lifecycle: applying the rules of domain/ to files, one at a time or all of them in batches.

`evaluate_in` runs inside the caller's transaction (every save of a file calls it). `reevaluate_all`
reads the columns the rules need with Core, in keyset-paginated batches, decides in domain/, and writes
only the files that changed (Core executemany updates, StatusEvent inserts, audit rows).

A person's decisions (close, override, register) are decided by domain/transitions.py; this module loads
the file, applies the decision's columns and history entry, and returns a `StatusReport` with its `Changes`.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import time
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, partial
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db import pending
from assist_desktop.db.audit import append_field_changes
from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.changes import stamped, transaction_seq
from assist_desktop.db.engine import Database, StorageError, wal_checkpoints
from assist_desktop.db.models import (
    Cadre,
    EmploymentSupport,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeFact,
    ProcedureStep,
    StatusEvent,
    UnionOrg,
    new_id,
    new_time_id,
    table_of,
    utcnow,
)
from assist_desktop.domain.enums import Category, EventKind, FileStatus
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.domain.five_clear import check_five_clear
from assist_desktop.domain.history_text import event_text
from assist_desktop.domain.income import ALL_PARTS, IncomeResult, RuleOptions, household_income
from assist_desktop.domain.lifecycle import (
    ACTIVE_STATUS_VALUES,
    WATCH_START_KINDS,
    Decision,
    DecisionContext,
    EventDraft,
    FileState,
    decide,
    pending_kind,
    whole_months,
)
from assist_desktop.domain.procedure import ProcedureState, step_label
from assist_desktop.domain.transitions import (
    ManualDecision,
    check_close_request,
    check_override_request,
    decide_close,
    decide_confirm_cancellation,
    decide_override,
    decide_register,
)
from assist_desktop.services.access import require
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import _json_default, options_on, to_json, work_calendar
from assist_desktop.services.read_models import MappingView
from assist_desktop.services.standards import StandardView, all_standards

#: the keys of the summary returned by reevaluate_all, always all present
SUMMARY_KEYS = (
    "evaluated",
    "changed",
    "unchanged",
    "registered",
    "adjusted",
    "ineligible",
    "watch",
    "watch_broken",
    "exit_notice",
    "closed",
    "reopened",
    "raced",
)

_STATE_COLUMNS = tuple(FileState().as_dict())

@dataclass(frozen=True, eq=False)
class StatusReport(MappingView):
    """Everything `status` and the window show about a file's lifecycle on a day (and what a decision changed)."""

    file_no: str
    name: str
    status: str
    status_label: str
    status_since: dt.date | None
    category: str | None
    category_label: str | None
    five_clear: dict[str, Any]
    five_clear_summary: str
    income: dict[str, Any]  # domain.income.IncomeResult and domain.rules.Lines as JSON; empty when undecided
    rule: dict[str, Any]  # category, rule, reason
    watch_since: dt.date | None
    months_at_or_above: int | None
    notice_until: dt.date | None
    closed_on: dt.date | None
    close_reason: str | None
    close_detail: str | None
    override_until: dt.date | None
    pending_reason: str | None
    would_change: list[dict[str, Any]]
    responsible: dict[str, Any] | None
    last_visit_date: dt.date | None
    history: list[dict[str, Any]]
    calendar_known: bool
    changes: Changes = NOTHING
    #: the review task the file carries (domain.lifecycle.PENDING_PREFIXES kind) and what the rules propose
    review_task: str | None = None
    proposal: str | None = None
    #: why a household at or above the exit line is not watched, and other notes of the rules
    note: str | None = None
    #: the procedure the proposal waits on: {procedure, enabled, done, next_step, waiting_until, stopped}
    procedure: dict[str, Any] | None = None


@dataclass(frozen=True, eq=False)
class Reevaluation(MappingView):
    """What re-evaluating every file did: transition counts under SUMMARY_KEYS, and the change set."""

    counts: dict[str, int]
    changes: Changes = NOTHING

    def to_json(self) -> dict[str, Any]:
        return dict(self.counts)

#: file columns the rules and the five-clear check read
_RULE_COLUMNS = (
    "family_situation",
    "household_size",
    "main_cause",
    "secondary_causes",
    "cause_account",
    "skills",
    "able_to_work",
    "employment_wishes",
    "state_of_mind",
    "last_visit_date",
    "owns_multiple_homes",
    "business_with_employees",
    "costly_private_schooling",
    "private_car",
    "accident_date",
    "special_groups",  # the older tier 孤老 (category_scheme legacy)
    "work_status",
    "responsible_person_id",
)
_FACT_COLUMNS = (
    "as_of",
    "household_size",
    "household_annual_income_fen",
    "unavoidable_spending_fen",
    "hardship_costs_fen",
    # the components and categories of the totals (revision 0009): the facts of a history entry name them, and
    # a row without them would make the rules look each one up in vain (an exception per part per fact)
    *ALL_PARTS,
)
_MEMBER_COLUMNS = ("name", "relation", "status", "able_to_work", "health", "birth_date", "sex")


def rule_options(s: Session, on: dt.date | None = None) -> RuleOptions:
    """The union's settings in force on `on` (default: today) and its working-day calendar, for the rules."""
    values = options_on(s, on)
    return RuleOptions.from_lookup(values.__getitem__, calendar=work_calendar(s))


def _now() -> dt.datetime:
    """Now with microseconds, so that entries written in one go keep their order."""
    return dt.datetime.now(dt.UTC)


def _event_row(file_id: str, ev: EventDraft, actor: str, now: dt.datetime, k: int = 0) -> dict[str, Any]:
    at = now + dt.timedelta(microseconds=k)
    return dict(
        id=new_id(),
        file_id=file_id,
        occurred_on=ev.occurred_on,
        recorded_at=at,
        kind=ev.kind,
        rule=ev.rule,
        from_status=ev.from_status,
        to_status=ev.to_status,
        from_category=ev.from_category,
        to_category=ev.to_category,
        reason=ev.reason[:2000],
        facts_json=to_json(ev.facts)[:4000],
        actor=actor,
    )


def _members_of(s: Session, f: HardshipFile) -> list[HouseholdMember]:
    return list(
        s.scalars(
            select(HouseholdMember)
            .where(col(HouseholdMember.file_id) == f.id)
            .order_by(col(HouseholdMember.sort_order))
        )
    )


def _facts_of(s: Session, f: HardshipFile) -> list[IncomeFact]:
    return list(
        s.scalars(
            select(IncomeFact)
            .where(col(IncomeFact.file_id) == f.id)
            .order_by(col(IncomeFact.as_of), col(IncomeFact.recorded_at))
        )
    )


def _visits_of(s: Session, file_id: str) -> list[dt.date]:
    return list(
        s.scalars(
            select(col(HomeVisit.visited_on))
            .where(col(HomeVisit.file_id) == file_id)
            .order_by(col(HomeVisit.visited_on))
        )
    )


def _starts_of(s: Session, file_id: str) -> list[dt.date]:
    """The days of the file's placements, public-welfare posts and business starts (they begin the watch)."""
    return list(
        s.scalars(
            select(col(EmploymentSupport.started_on))
            .where(
                col(EmploymentSupport.file_id) == file_id,
                col(EmploymentSupport.kind).in_(sorted(WATCH_START_KINDS)),
            )
            .order_by(col(EmploymentSupport.started_on))
        )
    )


def steps_of(s: Session, file_id: str) -> list[ProcedureStep]:
    """The file's recorded procedure steps, in the order domain/procedure.py reads them."""
    return list(
        s.scalars(
            select(ProcedureStep)
            .where(col(ProcedureStep.file_id) == file_id)
            .order_by(col(ProcedureStep.done_on), col(ProcedureStep.recorded_at))
        )
    )


def _decide_orm(
    s: Session,
    f: HardshipFile,
    as_of: dt.date,
    standards: list[StandardView] | None = None,
    opts: RuleOptions | None = None,
    members: list[HouseholdMember] | None = None,
    facts: list[IncomeFact] | None = None,
    visits: list[dt.date] | None = None,
) -> Decision:
    """The rules' decision for one file, from its rows (those given are not read again: `members` in their sort
    order, `facts` by day and entry time, `visits` the days in order)."""
    return decide(
        f,
        members if members is not None else _members_of(s, f),
        facts if facts is not None else _facts_of(s, f),
        standards if standards is not None else all_standards(s),
        opts or rule_options(s, as_of),
        as_of,
        visits=visits if visits is not None else _visits_of(s, f.id),
        starts=_starts_of(s, f.id),
        steps=steps_of(s, f.id),
    )


def evaluate_in(s: Session, f: HardshipFile, *, as_of: dt.date, actor: str) -> list[StatusEvent]:
    """Re-evaluate one file inside the caller's transaction; returns the history entries written."""
    s.flush()
    decision = _decide_orm(s, f, as_of)
    return _apply(s, f, decision, actor=actor)


def _apply(s: Session, f: HardshipFile, decision: Decision, *, actor: str) -> list[StatusEvent]:
    if decision.changed:
        for key, value in decision.after.as_dict().items():
            if getattr(f, key) != value:
                setattr(f, key, value)
        f.updated_at, f.updated_by = utcnow(), actor
        f.row_version = (f.row_version or 0) + 1
    if decision.changed or decision.events:
        f.evaluated_on = decision.events[-1].occurred_on if decision.events else f.evaluated_on
    now = _now()
    events = [StatusEvent(**_event_row(f.id, ev, actor, now, k)) for k, ev in enumerate(decision.events)]
    for ev in events:
        s.add(ev)
    if events:
        s.flush()
    return events


# --- all files, in batches -------------------------------------------------------------------------


def reevaluate_all(
    db: Database,
    *,
    as_of: dt.date,
    actor: str = "system",
    progress: Callable[[int, int], None] | None = None,
    batch: int = 2000,
    batch_seconds: float | None = None,
    max_batch: int = 10_000,
    wal_pages: int | None = None,
) -> Reevaluation:
    """Re-evaluate every file kept by this union against the standards and the date `as_of`.

    Files imported from the unions below (kept by another union) are left as their sender evaluated them:
    re-deciding them here would change them locally and make the sender's next corrections lose. Reads the rule columns in batches (keyset pagination on id), never all files at once; writes only the
    files whose lifecycle changed. Running it twice with nothing changed in between changes nothing.

    Args:
        as_of: the day to judge on (the passing of time matters: watch months, notice periods).
        progress: called with (files done, files in all) after each batch.
        batch: the files of one batch (one transaction); with `batch_seconds`, the first batch's.
        batch_seconds: size the batches by time instead: each next batch grows or shrinks so that it takes
            about this long (between `batch` and `max_batch` files). For a pass no clerk waits on (the
            `reevaluate` verb): fewer, larger transactions write each index page fewer times. The window's
            catch-up leaves it unset, so a clerk's save never waits long for a batch's commit.
        wal_pages: SQLite: the WAL's checkpoint threshold (pages) for the length of the pass, on every
            connection of `db` (`db.engine.wal_checkpoints`; the WAL is truncated after the pass); None: the
            module's `PASS_WAL_PAGES`.
    Returns:
        Transition counts under the keys of SUMMARY_KEYS (readable as a mapping), with the change set.
    """
    require(db, actor, "standards")
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    with db.reader() as s:
        standards = all_standards(s)
        opts = rule_options(s, as_of)
        home_id = s.scalar(select(col(UnionOrg.id)).where(col(UnionOrg.is_home).is_(True)))
        count = select(func.count()).select_from(HardshipFile)
        if home_id is not None:
            count = count.where(col(HardshipFile.union_id) == home_id)
        total = int(s.scalar(count) or 0)
    # SQLite: the files in the order they are stored (rowid), so that a batch's reads and updates fall on
    # neighbouring pages; PostgreSQL: in id order
    last_key: Any = 0 if (db.is_sqlite and STORAGE_ORDER) else ""
    done = 0
    size = max(1, int(batch))
    # unfinished work is visible: a marker until the last batch is in (db/pending.py; completed at next start)
    marker = pending.start(db, kind="reevaluate", params=pending.params_for(as_of, actor), actor=actor)
    if progress:
        progress(0, total)
    with wal_checkpoints(db, PASS_WAL_PAGES if wal_pages is None else wal_pages):
        while True:
            started = time.perf_counter()
            for attempt in range(BATCH_ATTEMPTS):
                try:
                    with _collector_paused():
                        n, last, counts = _reevaluate_batch(
                            db, last_key, size, standards, opts, as_of, actor, home_id
                        )
                    break
                except StorageError:
                    # a clerk's save got in between (the database was busy): the batch was rolled back as a
                    # whole, so it is simply done again
                    if attempt == BATCH_ATTEMPTS - 1:
                        raise
                    time.sleep(0.2 * (attempt + 1))
            if n == 0:
                break
            for key, value in counts.items():
                summary[key] = summary.get(key, 0) + value
            last_key = last
            done += n
            if batch_seconds:
                size = next_batch_size(size, time.perf_counter() - started, batch_seconds, batch, max_batch)
            if progress:
                progress(done, total)
        pending.finish(db, marker)
    summary["unchanged"] = summary["evaluated"] - summary["changed"]
    return Reevaluation(summary, Changes.of_files() if summary["changed"] else NOTHING)


BATCH_ATTEMPTS = 3
#: SQLite: read and write the files in storage (rowid) order rather than id order (a test may switch it off)
STORAGE_ORDER = True
#: SQLite: the WAL's auto-checkpoint threshold (pages of 4 KiB) for the length of a pass, on every connection
#: (SQLite's default: 1,000, which checkpoints after every batch): fewer, larger checkpoints, each page that several
#: batches rewrote copied once; measured at 1M files in benchmarks/bench_reevaluate.py --parts
PASS_WAL_PAGES = 20_000
#: the time a batch of a pass no clerk waits on (the `reevaluate` verb) is sized to (`batch_seconds`), and its
#: WAL's checkpoint threshold (about 400 MB of WAL at most, truncated after the pass)
UNATTENDED_BATCH_SECONDS = 1.0
UNATTENDED_WAL_PAGES = 100_000


def next_batch_size(size: int, seconds: float, target: float, smallest: int, largest: int) -> int:
    """The size of the next batch when batches are sized by time: scaled towards `target` seconds by the time
    the last batch of `size` files took, by at most half or double per step, within [smallest, largest]."""
    if seconds <= 0:
        factor = 2.0
    else:
        factor = min(2.0, max(0.5, target / seconds))
    return max(int(smallest), min(int(largest), int(size * factor)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the length of one batch, back on (if it was on) after it.

    A batch keeps its rows, facts and the decisions of its changed files alive until they are written, so the
    collector, counting the objects made, runs a full pass over the whole heap (the program's modules, the
    ORM's registries) many times per batch without finding anything to free: measured at 20k files after
    a rise of LB, about 40% of the CPU time of the re-evaluation. What a batch makes is bounded (`batch`
    files) and freed by reference counting when it ends; any cycle it leaves is collected by the next run of
    the collector once it is back on.
    """
    was_on = gc.isenabled()
    if was_on:
        gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _reevaluate_batch(
    db: Database,
    last_key: str | int,
    batch: int,
    standards: list[StandardView],
    opts: RuleOptions,
    as_of: dt.date,
    actor: str,
    home_id: str | None = None,
) -> tuple[int, str | int, dict[str, int]]:
    """Re-evaluate the next `batch` files after `last_key` in one transaction: (files read, last key, counts).

    The key is the file's id (a text: in id order) or, on SQLite, its rowid (an integer: in storage order).

    Only files kept by this database's home union (`home_id`) are read: imported files keep the lifecycle
    their sender gave them. The write is optimistic: a file whose `row_version` moved since it was read (a
    clerk's save committed in between, which re-evaluated it itself) is not written with the stale decision
    but read and decided again; its count is under `raced`.
    """
    t = table_of(HardshipFile)
    counts: dict[str, int] = defaultdict(int)
    with db.transaction(actor=actor, reason="reevaluate") as s:
        conn = s.connection()
        hi: str | int
        rowids: dict[str, int] | None = None
        if isinstance(last_key, int):
            rowids = {} if UPDATE_BY_ROWID else None
            rows, hi, related = _read_stored(conn, last_key, batch, home_id, rowids)
            changed = _decide_rows(rows, related, standards, opts, as_of)
        else:
            where = [t.c.id > last_key]
            if home_id is not None:
                where.append(t.c.union_id == home_id)
            rows, changed = _read_and_decide(conn, where, batch, standards, opts, as_of)
            hi = rows[-1].id if rows else last_key
        if not rows:
            return 0, last_key, {}
        for attempt in range(RACE_PASSES):
            # the first write finds the rows read in storage order by their rowids; a race's re-read by id
            lost = _write_batch(s, changed, as_of=as_of, actor=actor, rowids=rowids if attempt == 0 else None)
            for row, decision in changed:
                if row.id in lost:
                    continue
                counts["changed"] += 1
                for ev in decision.events:
                    counts[ev.kind] += 1
            if not lost:
                break
            if attempt == 0:
                counts["raced"] += len(lost)
            if attempt == RACE_PASSES - 1:
                break  # still losing: the other writer's own evaluation stands
            _, changed = _read_and_decide(conn, [t.c.id.in_(sorted(lost))], None, standards, opts, as_of)
        counts["evaluated"] = len(rows)
        return len(rows), hi, dict(counts)


#: SQLite, storage order: the batch's UPDATEs find the files by the rowids read (a test or bench may switch it off)
UPDATE_BY_ROWID = True
#: write attempts for the files of a batch that a concurrent save overtook
RACE_PASSES = 3


def _read_and_decide(
    conn: Any,
    where: list[Any],
    limit: int | None,
    standards: list[StandardView],
    opts: RuleOptions,
    as_of: dt.date,
) -> tuple[list[Any], list[tuple[Any, Decision]]]:
    """Read the files matching `where` (ordered by id), their facts and members; decide each one.

    Returns the rows read and the (row, decision) pairs of the files whose lifecycle changes."""
    t = table_of(HardshipFile)
    file_cols = [t.c.id, t.c.row_version] + [t.c[c] for c in _RULE_COLUMNS + _STATE_COLUMNS]
    q = select(*file_cols).where(*where).order_by(t.c.id)
    if limit is not None:
        q = q.limit(limit)
    rows = _plain_rows(conn, q)
    if not rows:
        return [], []
    lo, hi = rows[0].id, rows[-1].id
    related = _related_in_range(conn, lo, hi, {r.id for r in rows})
    return rows, _decide_rows(rows, related, standards, opts, as_of)


#: what the rules are given besides a file's own row, by file id: facts, members, visit days, starts, steps
_Related = tuple[
    dict[str, list[Any]], dict[str, list[Any]], dict[str, list[dt.date]], dict[str, list[dt.date]],
    dict[str, list[Any]],
]


def _decide_rows(
    rows: list[Any], related: _Related, standards: list[StandardView], opts: RuleOptions, as_of: dt.date
) -> list[tuple[Any, Decision]]:
    """Decide each file of `rows`; the (row, decision) pairs of the files whose lifecycle changes."""
    facts, members, visits, starts, steps = related
    changed: list[tuple[Any, Decision]] = []
    first_state = 2 + len(_RULE_COLUMNS)
    end_state = first_state + len(_STATE_COLUMNS)  # the stored path's rows end with the rowid
    no: tuple[Any, ...] = ()
    from_values = FileState.from_values
    facts_of, members_of, visits_of, starts_of, steps_of_ = (
        facts.get, members.get, visits.get, starts.get, steps.get
    )
    context = DecisionContext(standards, opts, as_of)  # what every file's decision of the batch shares
    for row in rows:
        fid = row[0]
        decision = decide(
            row,
            members_of(fid, no),
            facts_of(fid, no),
            standards,
            opts,
            as_of,
            state=from_values(row[first_state:end_state]),
            visits=visits_of(fid, no),
            starts=starts_of(fid, no),
            steps=steps_of_(fid, no),
            context=context,
        )
        # `after is before`: nothing was replaced, so nothing changed (the field by field test only otherwise)
        if decision.events or (decision.after is not decision.before and decision.changed):
            changed.append((row, decision))
    return changed


def _read_stored(
    conn: Any, after: int, limit: int, home_id: str | None, rowids: dict[str, int] | None = None
) -> tuple[list[Any], int, _Related]:
    """SQLite: the next `limit` files after rowid `after` in storage order, with what the rules are given.

    Plain SQL on the driver's connection of the session's transaction (no statement building or Core rows),
    with each column's own result processor, so the rows carry the values Core would give. The related rows
    are read by the batch's ids (`IN (SELECT value FROM json_each(?))`: one parameter, however many files).
    Returns the file rows, the last rowid read and the related rows by file id; `rowids`, if given, gets each
    file's rowid by id, for `_write_batch` to find the rows by. The read is not inside a write transaction
    (Python's sqlite3 begins one at the first write), so another connection may write, or a VACUUM renumber
    the rowids, before the batch's UPDATEs: those also compare the id and the row version read, and a file
    they did not write counts as raced and is read again."""
    raw = conn.connection.driver_connection
    dialect = conn.dialect
    t = table_of(HardshipFile)
    file_sql = _STORED_SQL.get("file")
    if file_sql is None:
        file_sql = _STORED_SQL["file"] = (
            f"SELECT {_names(_FILE_KEYS)}, rowid FROM hardship_file WHERE rowid > ?{{home}} ORDER BY rowid LIMIT ?"
        )
    if home_id is not None:
        got = raw.execute(file_sql.format(home=" AND union_id = ?"), (after, home_id, limit)).fetchall()
    else:
        got = raw.execute(file_sql.format(home=""), (after, limit)).fetchall()
    if not got:
        return [], after, ({}, {}, {}, {}, {})
    last = int(got[-1][-1])
    if rowids is not None:
        rowids.update((r[0], r[-1]) for r in got)
    # the rowid stays at the end of each row (a field of its own), not sliced off: one tuple per file, not two
    rows = _typed_rows(got, _STORED_KEYS, [*[t.c[k].type for k in _FILE_KEYS], _ROWID_TYPE], dialect)
    ids = {r.id for r in rows}
    param = (json.dumps([r.id for r in rows]),)
    related = []
    # the ORDER BYs sort each file's few rows in a temporary b-tree; SQLite writes its sorters out to temporary
    # files as soon as the process is near its heap limit (db/engine.py, HEAP_LIMIT_KIB), which a long-running
    # program always is: measured, about 25 MB of write calls per batch of 2,000 files even when nothing changes.
    # In memory they stay small (a batch's rows); the connection's own setting is restored after.
    raw.execute("PRAGMA temp_store=MEMORY")
    try:
        for read in RELATED_READS:
            table = table_of(read.model)
            got_related = raw.execute(read.by_ids_sql, param).fetchall()
            types = [table.c[k].type for k in read.keys]
            related.append(read.by_file(_typed_rows(got_related, read.keys, types, dialect), ids))
    finally:
        raw.execute("PRAGMA temp_store=DEFAULT")
    return rows, last, _as_related(related)


def _names(keys: Iterable[str]) -> str:
    return ", ".join(f'"{k}"' for k in keys)


_FILE_KEYS = ("id", "row_version", *_RULE_COLUMNS, *_STATE_COLUMNS)
#: the rows of the stored path: the file's columns and its rowid (an integer as the driver gives it)
_STORED_KEYS = (*_FILE_KEYS, "rowid")
_ROWID_TYPE = Integer()


@dataclass(frozen=True)
class RelatedRead:
    """One kind of row the rules are given besides the file's own, read per batch for every file of it: its
    model, its columns (the file id first), its order within a file, and which kinds of rows only."""

    model: Any
    keys: tuple[str, ...]
    order: tuple[str, ...]
    kinds: tuple[str, ...] = ()

    def in_range(self, lo: str, hi: str) -> Any:
        """Core: the rows of the files with ids from `lo` to `hi` (the id-order path, any database)."""
        table = table_of(self.model)
        where = [table.c.file_id >= lo, table.c.file_id <= hi]
        if self.kinds:
            where.append(table.c.kind.in_(self.kinds))
        return (select(*[table.c[k] for k in self.keys]).where(*where)
                .order_by(table.c.file_id, *[table.c[k] for k in self.order]))

    def by_file(self, rows: list[Any], ids: set[str]) -> dict[str, list[Any]]:
        """The rows read (the file id first) by file, for the files of `ids` only; rows of (file id, day) as each
        file's days alone (visits, employment starts): what the rules are given."""
        if len(self.keys) == 2:
            return _grouped(rows, ids)
        return _grouped(zip(map(_FIRST, rows), rows, strict=True), ids)

    @cached_property
    def by_ids_sql(self) -> str:
        """SQLite: the rows of the files whose ids are the JSON array given as the one parameter."""
        kinds = f" AND kind IN ({', '.join(repr(k) for k in self.kinds)})" if self.kinds else ""
        return (f"SELECT {_names(self.keys)} FROM {table_of(self.model).name} WHERE file_id IN "
                f"(SELECT value FROM json_each(?)){kinds} ORDER BY file_id, {', '.join(self.order)}")


#: what the rules are given besides a file's own row, in the order of `_Related`; both ways of reading a batch
#: (by id range and, on SQLite, by the batch's ids in storage order) make their statements from this list
RELATED_READS = (
    RelatedRead(IncomeFact, ("file_id", *_FACT_COLUMNS), ("as_of", "recorded_at")),
    RelatedRead(HouseholdMember, ("file_id", *_MEMBER_COLUMNS), ("sort_order",)),
    RelatedRead(HomeVisit, ("file_id", "visited_on"), ("visited_on",)),
    RelatedRead(EmploymentSupport, ("file_id", "started_on"), ("started_on",), tuple(sorted(WATCH_START_KINDS))),
    RelatedRead(ProcedureStep, ("file_id", "procedure", "step", "done_on", "result", "notice_end", "level"),
                ("done_on", "recorded_at")),
)


def _as_related(groups: list[dict[str, list[Any]]]) -> _Related:
    """The groups of RELATED_READS by file (the visits and starts already as their days alone) as _Related."""
    facts, members, visits, starts, steps = groups
    return facts, members, visits, starts, steps


def _related_in_range(conn: Any, lo: str, hi: str, ids: set[str]) -> _Related:
    """The related rows of a batch's files (ids from `lo` to `hi`, only those of `ids`): one query each."""
    return _as_related([read.by_file(_plain_rows(conn, read.in_range(lo, hi)), ids) for read in RELATED_READS])


_STORED_SQL: dict[str, str] = {}


#: the named tuple maker of each column list read
_ROW_CLASSES: dict[tuple[str, ...], Callable[[Iterable[Any]], Any]] = {}


def _plain_rows(conn: Any, query: Any) -> list[Any]:
    """The rows of a Core SELECT as named tuples, with the values Core would give (dates, booleans).

    The rules read every column by attribute, many times per file, and a named tuple's attribute is an index
    (a Core row's goes through its key map). The rows are taken from the driver's cursor at once and each
    column's result processor (SQLite keeps dates as text and booleans as integers) runs once per distinct
    value of the batch, column by column, instead of Core's per-row processing: the batch read costs about
    what the bare driver pass costs (benchmarks/bench_reevaluate.py)."""
    result = conn.execute(query)
    keys = tuple(result.keys())
    cursor = result.cursor
    try:
        raw = cursor.fetchall()
        description = cursor.description or ()
    finally:
        result.close()
    if not raw:
        return []
    codes = [description[i][1] if i < len(description) else None for i in range(len(keys))]
    return _typed_rows(raw, keys, [c.type for c in query.selected_columns], conn.dialect, codes)


def _typed_rows(
    raw: list[Any], keys: tuple[str, ...], types: list[Any], dialect: Any, codes: list[Any] | None = None
) -> list[Any]:
    """Driver rows as named tuples of `keys`, each column through its type's result processor, once per
    distinct value of the column."""
    if not raw:
        return []
    if len(raw[0]) != len(keys):
        raise TypeError(f"rows of {len(raw[0])} values for {len(keys)} columns")
    make: Callable[[Iterable[Any]], Any] | None = _ROW_CLASSES.get(keys)
    if make is None:
        cls: Any = namedtuple("Row", keys)  # type: ignore[misc]  # noqa: PYI024  (columns known at run time)
        # what cls._make does, without its Python frame per row (every row has the keys' length: the driver's
        # rows are checked above, the typed ones come out of zip(strict=True))
        make = _ROW_CLASSES[keys] = partial(tuple.__new__, cls)
    procs = []
    for i, type_ in enumerate(types):
        proc = type_._cached_result_processor(dialect, codes[i] if codes else None)
        if proc is not None:
            procs.append((i, proc))
    if not procs:
        return list(map(make, raw))
    columns: list[Any] = list(zip(*raw, strict=True))
    for i, proc in procs:
        columns[i] = _converted(columns[i], proc)
    return list(map(make, zip(*columns, strict=True)))


def _converted(values: Sequence[Any], proc: Callable[[Any], Any]) -> list[Any]:
    """A column's values through its result processor: one call per value where the values are mostly distinct
    (birth dates), one per distinct value where they repeat (booleans, empty dates, the day of a pass)."""
    try:
        distinct = set(values)
    except TypeError:  # a value that cannot be a key: each one on its own
        return list(map(proc, values))
    if 2 * len(distinct) > len(values):
        return list(map(proc, values))
    done = {v: proc(v) for v in distinct}
    return list(map(done.__getitem__, values))


def _grouped(pairs: Iterable[Any], ids: set[str]) -> dict[str, list[Any]]:
    """(file id, value) pairs as each file's values, in the order given, for the files of `ids` only. One loop
    with a look-up per pair: measured about twice as fast as itertools.groupby with a list per group, for the
    one to three rows most files have (and the pairs need not come ordered by file)."""
    out: dict[str, list[Any]] = {}
    get = out.get
    for fid, value in pairs:
        values = get(fid)
        if values is not None:
            values.append(value)
        elif fid in ids:
            out[fid] = [value]
    return out


_FIRST = itemgetter(0)


#: lifecycle columns the audit log follows on the bulk path; the derived ones (status_since, the per-capita
#: figure, the pending reason) are explained by the history entries and the file's own columns
_AUDITED = frozenset(
    {"status", "category", "watch_since", "notice_until", "closed_on", "close_reason", "override_until"}
)


def _write_batch(
    s: Session,
    changed: list[tuple[Any, Decision]],
    *,
    as_of: dt.date,
    actor: str,
    rowids: dict[str, int] | None = None,
) -> set[str]:
    """Write one batch's changed files, their history entries and audit rows; returns the ids of the files
    whose write lost (their `row_version` moved since they were read: nothing is written for them).

    Rows are built as plain tuples, their values bound through the columns' own bind processors once per
    distinct value (dates and timestamps repeat across a batch), and sent with the driver's executemany:
    one UPDATE per set of changed columns (so SQLite leaves untouched indexes alone), guarded by
    `row_version = ?` and bumping it, one INSERT for the history entries and one for the audit rows.
    With `rowids` (SQLite: the files' rowids as this batch read them, before its first write took the writer's
    lock, so another connection may have written in between) each row is found by its rowid, not by a look-up of
    its id in the primary key's index (a random leaf of it per file); the UPDATE still compares the id and the
    row version read, so a row moved or renumbered meanwhile (a VACUUM) is not written and counts as lost.
    """
    if not changed:
        return set()
    conn = s.connection()
    writer = BulkWriter(conn)
    now = utcnow()
    stamp = _now()
    # the transaction's change number (db/changes.py) goes into the same UPDATE: the commit then need not
    # stamp every written file again with an UPDATE of its own
    seq = transaction_seq(s)
    stamps = [stamp + dt.timedelta(microseconds=k) for k in range(MAX_EVENTS_PER_FILE)]
    tail = (as_of, now, actor, seq)
    updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    # one pass over the batch: the UPDATE's parameters, and the history entries and audit rows of each file
    # (dropped again for a file whose write lost, which is rare)
    events: list[tuple[Any, ...]] = []
    audits: list[tuple[str, str, str | None, str | None]] = []
    encode = _JSON.encode
    for row, decision in changed:
        fid = row.id
        before, after = decision.before.__dict__, decision.after.__dict__
        keys = [key for key in _STATE_COLUMNS if before[key] != after[key]]
        if rowids is None:
            updates[tuple(keys)].append((*[after[key] for key in keys], *tail, fid, row.row_version))
        else:
            updates[tuple(keys)].append((*[after[key] for key in keys], *tail, rowids[fid], fid, row.row_version))
        for key in keys:
            if key in _AUDITED:
                audits.append((fid, key, _text(before[key]), _text(after[key])))
        for k, ev in enumerate(decision.events):
            events.append(
                (
                    fid,
                    ev.occurred_on,
                    stamps[k] if k < MAX_EVENTS_PER_FILE else stamp + dt.timedelta(microseconds=k),
                    ev.kind,
                    ev.rule,
                    ev.from_status,
                    ev.to_status,
                    ev.from_category,
                    ev.to_category,
                    ev.reason[:2000],
                    encode(ev.facts)[:4000],
                    actor,
                )
            )
    written = 0
    for columns, params in updates.items():
        if rowids is None:
            written += writer.update_guarded(
                "hardship_file", (*columns, *_UPDATE_TAIL), "id", "row_version", params
            )
        else:
            written += writer.update_guarded_at_rowid(
                "hardship_file", (*columns, *_UPDATE_TAIL), "id", "row_version", params
            )
    lost: set[str] = set()
    if written != len(changed):
        lost = _lost_writes(conn, changed, now, actor)
        events = [e for e in events if e[0] not in lost]
        audits = [a for a in audits if a[0] not in lost]
    stamped(s, (row.id for row, _ in changed if row.id not in lost))
    if events:
        # the ids (time-ordered: db.models.new_time_id) made in the order the rows are inserted: they go to the
        # right edge of the primary key's index one after the other
        writer.insert("status_event", _EVENT_COLUMNS, [(new_time_id(), *e) for e in events])
    if audits:
        append_field_changes(conn, audits, table="hardship_file", at=now, actor=actor, reason="reevaluate")
    return lost


def _lost_writes(conn: Any, changed: list[tuple[Any, Decision]], now: dt.datetime, actor: str) -> set[str]:
    """The files of `changed` that this batch did not write (read back: a written file has the version the
    batch gave it and the batch's stamp; the rows written stay locked by this transaction until it ends)."""
    t = table_of(HardshipFile)
    expected = {row.id: row.row_version + 1 for row, _ in changed}
    ours: set[str] = set()
    for part in _parts(sorted(expected)):
        for fid, version, at, by in conn.execute(
            select(t.c.id, t.c.row_version, t.c.updated_at, t.c.updated_by).where(t.c.id.in_(part))
        ):
            if version == expected[fid] and by == actor and _same_instant(at, now):
                ours.add(fid)
    return set(expected) - ours


def _same_instant(a: dt.datetime | None, b: dt.datetime) -> bool:
    if a is None:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a == b


def _parts(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for k in range(0, len(ids), size):
        yield ids[k : k + size]


#: history entries one evaluation can write for a file (domain.lifecycle.MAX_STEPS); more still work
MAX_EVENTS_PER_FILE = 6
_UPDATE_TAIL = ("evaluated_on", "updated_at", "updated_by", "change_seq")
_EVENT_COLUMNS = (
    "id",
    "file_id",
    "occurred_on",
    "recorded_at",
    "kind",
    "rule",
    "from_status",
    "to_status",
    "from_category",
    "to_category",
    "reason",
    "facts_json",
    "actor",
)
#: services.common.to_json, with the encoder built once
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_json_default)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:4000]


# --- reports and a person's decisions --------------------------------------------------------------


def _get(s: Session, file_no: str) -> HardshipFile:
    from assist_desktop.services.files import get_by_no

    return get_by_no(s, file_no)


def event_json(e: StatusEvent) -> dict[str, Any]:
    try:
        facts = json.loads(e.facts_json or "{}")
    except ValueError:
        facts = {}
    return {
        "occurred_on": e.occurred_on.isoformat(),
        "kind": e.kind,
        "kind_label": EventKind(e.kind).label,
        "rule": e.rule,
        "from_status": e.from_status,
        "to_status": e.to_status,
        "from_category": e.from_category,
        "to_category": e.to_category,
        "reason": e.reason,
        # the reason in English, from the entry's text code (domain/history_text.py); older entries: as stored
        "reason_en": event_text(e.reason, facts, "en"),
        "actor": e.actor,
        "facts": facts,
    }


def status_report(db: Database, *, file_no: str, as_of: dt.date, history: int = 10) -> StatusReport:
    """Everything `status` and the window show about a file's lifecycle on `as_of`.

    Raises:
        NotFound: no such file.
    """
    with db.reader() as s:
        f = _get(s, file_no)
        return status_report_in(s, f, as_of=as_of, history=history)


def status_report_in(
    s: Session,
    f: HardshipFile,
    *,
    as_of: dt.date,
    history: int = 10,
    changes: Changes = NOTHING,
    members: list[HouseholdMember] | None = None,
    facts: list[IncomeFact] | None = None,
    visits: list[dt.date] | None = None,
) -> StatusReport:
    """The report inside the caller's session; the file's rows the caller has read already may be given (see
    `_decide_orm`) and are not read again."""
    if members is None:
        members = _members_of(s, f)
    five = check_five_clear(f, members)
    opts = rule_options(s, as_of)
    decision = _decide_orm(s, f, as_of, opts=opts, members=members, facts=facts, visits=visits)
    income: dict[str, Any] = {}
    if decision.income is not None and decision.lines is not None:
        income = {**decision.income.to_json(), **decision.lines.to_json()}
    cat = decision.category
    person = s.get(Cadre, f.responsible_person_id) if f.responsible_person_id else None
    unit = s.get(UnionOrg, f.responsible_unit_id) if f.responsible_unit_id else None
    events = (
        list(
            s.scalars(
                select(StatusEvent)
                .where(col(StatusEvent.file_id) == f.id)
                .order_by(col(StatusEvent.occurred_on).desc(), col(StatusEvent.recorded_at).desc())
                .limit(history)
            )
        )
        if history > 0
        else []
    )
    return StatusReport(
        file_no=f.file_no,
        name=f.name,
        status=f.status,
        status_label=FileStatus(f.status).label,
        status_since=f.status_since,
        category=f.category,
        category_label=Category(f.category).label if f.category else None,
        five_clear=five.to_json(),
        five_clear_summary=five.missing_summary(),
        income=income,
        rule={
            "category": cat.category if cat else None,
            "rule": cat.rule if cat else None,
            "reason": cat.reason if cat else decision.note,
            "reason_en": cat.reason_en if cat else decision.note,  # the rules' notes are Chinese only
        },
        watch_since=f.watch_since,
        months_at_or_above=whole_months(f.watch_since, as_of) if f.watch_since else None,
        notice_until=f.notice_until,
        closed_on=f.closed_on,
        close_reason=f.close_reason,
        close_detail=f.close_detail,
        override_until=f.override_until,
        pending_reason=f.ineligible_reason,
        would_change=[
            {"kind": e.kind, "reason": e.reason, "reason_en": event_text(e.reason, e.facts, "en")}
            for e in decision.events
        ],
        responsible={
            "id": person.id,
            "name": person.name,
            "phone": person.phone,
            "unit": unit.name if unit else None,
        }
        if person
        else None,
        last_visit_date=f.last_visit_date,
        history=[event_json(e) for e in events],
        calendar_known=(opts.calendar or work_calendar(s)).knows(as_of.year),
        changes=changes,
        review_task=pending_kind(f.ineligible_reason) if decision.pending is None else decision.pending,
        proposal=decision.proposal,
        note=decision.note,
        procedure=_procedure_json(decision.procedure),
    )


def _procedure_json(proc: ProcedureState | None) -> dict[str, Any] | None:
    if proc is None:
        return None
    return {
        "procedure": proc.procedure,
        "enabled": list(proc.enabled),
        "done": list(proc.done),
        "next_step": proc.next_step,
        "next_step_label": step_label(proc.next_step) if proc.next_step else None,
        "waiting_until": proc.waiting_until,
        "stopped": proc.stopped.step if proc.stopped is not None else None,
        "summary": proc.summary(),
    }


def household_income_in(s: Session, f: HardshipFile, *, as_of: dt.date) -> IncomeResult | None:
    """The file's per-capita income on `as_of` (domain.income.household_income, imputed members included):
    the number the status report, the detail pane, the sheet and the card show."""
    return household_income(_facts_of(s, f), _members_of(s, f), all_standards(s), as_of, rule_options(s, as_of))


def _apply_manual(s: Session, f: HardshipFile, decision: ManualDecision, *, actor: str) -> None:
    """Set the columns a person's decision names and write its history entry."""
    for key, value in decision.columns.items():
        setattr(f, key, value)
    f.updated_at, f.updated_by = utcnow(), actor
    if decision.event is not None:
        s.add(StatusEvent(**_event_row(f.id, decision.event, actor, _now())))
    s.flush()


def register_file(db: Database, *, file_no: str, as_of: dt.date, actor: str = "system") -> StatusReport:
    """Evaluate a file now and confirm it is registered; otherwise say why not.

    Raises:
        NotFound: no such file.
        DomainError: it cannot be registered (missing clears, standard not met, no standard in force, no
            responsible person when the union requires one: then nothing is written).
    """
    require(db, actor, "edit_file")
    with db.transaction(actor=actor, reason="register") as s:
        f = _get(s, file_no)
        before = FileState.of(f)
        events = evaluate_in(s, f, as_of=as_of, actor=actor)
        after = FileState.of(f)
        already = before.status in ACTIVE_STATUS_VALUES
        decide_register(
            after, file_no=file_no, opts=None if already else rule_options(s),
            has_responsible=bool(f.responsible_person_id),
        ).raise_if_refused()
        changed = bool(events) or after != before
        return status_report_in(s, f, as_of=as_of, changes=Changes.of_files(f.id) if changed else NOTHING)


def close_file(
    db: Database,
    *,
    file_no: str,
    reason: str,
    detail: str | None = None,
    note: str,
    on: dt.date,
    below_lb_reason: str | None = None,
    actor: str = "system",
) -> StatusReport:
    """Close a file by a person's decision: relieved (解困) or cancelled (注销: death, transfer…).

    The decision is domain.transitions.decide_close; this applies it. Relief needs the household's per-capita
    income on `on` at or above LB, or a reviewer's written `below_lb_reason`.

    Raises:
        ValidationFailed: no note, a bad reason, or a cancellation without its detail.
        DomainError: the file is already closed; a relief below LB without a reviewer's reason; a reason given by
            an account that may not review.
    """
    require(db, actor, "close_file")
    if (below_lb_reason or "").strip():
        require(db, actor, "review")
    request, errors = check_close_request(reason=reason, detail=detail, note=note, below_lb_reason=below_lb_reason)
    if errors or request is None:
        raise ValidationFailed(errors)
    with db.transaction(actor=actor, reason=f"close: {note}") as s:
        f = _get(s, file_no)
        got = _decide_orm(s, f, on)
        decision = decide_close(
            FileState.of(f), request, file_no=file_no, on=on,
            per_capita_fen=got.income.per_capita_fen if got.income else None,
            lb_fen=got.lines.lb_fen if got.lines else None,
        )
        decision.raise_if_refused()
        _apply_manual(s, f, decision, actor=actor)
        return status_report_in(s, f, as_of=on, changes=Changes.of_files(f.id))


def override(
    db: Database,
    *,
    file_no: str,
    status: str | None = None,
    category: str | None = None,
    reason: str,
    until: dt.date | None = None,
    on: dt.date,
    actor: str = "system",
) -> StatusReport:
    """A reviewer's decision over the automatic one, with a written reason; it holds until `until`.

    Without `until` it holds until the next yearly full review (review_interval_months after `on`).
    The decision is domain.transitions.decide_override; this applies it.

    Raises:
        ValidationFailed: no reason, nothing to change, a bad status or category.
        DomainError: registering a file whose five clears are not all clear.
    """
    require(db, actor, "override")
    request, errors = check_override_request(status=status, category=category, reason=reason, until=until, on=on)
    if errors or request is None:
        raise ValidationFailed(errors)
    with db.transaction(actor=actor, reason=f"override: {reason}") as s:
        f = _get(s, file_no)
        members = _members_of(s, f)
        decision = decide_override(
            FileState.of(f), request, five_clear=check_five_clear(f, members), opts=rule_options(s, on), on=on,
            has_responsible=bool(f.responsible_person_id),
        )
        decision.raise_if_refused()
        _apply_manual(s, f, decision, actor=actor)
        return status_report_in(s, f, as_of=on, changes=Changes.of_files(f.id))


def confirm_cancellation(
    db: Database, *, file_no: str, note: str, on: dt.date, actor: str = "system"
) -> StatusReport:
    """A reviewer confirms the cancellation the rules proposed for a registered file found to meet an exclusion:
    closed as cancelled, misidentified (注销，认定有误), a movement the reports count.

    Raises:
        ValidationFailed: no note.
        DomainError: the file has no cancellation proposal on `on`; the account may not review.
    """
    require(db, actor, "review")
    with db.transaction(actor=actor, reason=f"cancel (misidentified): {note}") as s:
        f = _get(s, file_no)
        proposed = _decide_orm(s, f, on).proposal == "cancel"
        decision = decide_confirm_cancellation(FileState.of(f), note=note, file_no=file_no, on=on, proposed=proposed)
        decision.raise_if_refused()
        _apply_manual(s, f, decision, actor=actor)
        return status_report_in(s, f, as_of=on, changes=Changes.of_files(f.id))


def history(db: Database, *, file_no: str) -> list[dict[str, Any]]:
    """A file's whole history, oldest first."""
    with db.reader() as s:
        f = _get(s, file_no)
        rows = s.scalars(
            select(StatusEvent)
            .where(col(StatusEvent.file_id) == f.id)
            .order_by(col(StatusEvent.occurred_on), col(StatusEvent.recorded_at))
        )
        return [event_json(e) for e in rows]


def as_rows(items: Iterable[dict[str, Any]]) -> list[SimpleNamespace]:
    """Dicts as attribute objects (handy for calling domain functions in tests and tools)."""
    return [SimpleNamespace(**i) for i in items]
