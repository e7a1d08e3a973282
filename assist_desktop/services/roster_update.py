"""The roster's changed rows of files already on record, written in batches through the bulk path.

A roster imported again over the files it made updates the rows that changed. Each such row is cleaned and
checked as `services.files.update_file_in` checks it (`domain.file_input`, `domain.decisions.check_file_change`),
its changes are compared with the stored file, and the file is evaluated (`domain.lifecycle.decide`) on the
members, income facts, visits, placements and procedure steps read once for the batch. The files of a batch are
then written together inside the import's one transaction: one guarded executemany UPDATE per set of changed
columns, the members replaced, a dated income fact when the economics changed (replacing the fact of the same day,
as `services.files.record_fact` does), the history entries of the decision, and their audit rows
(`db.audit.bulk_audit`, `db.audit.audit_updates`). The search index follows through its triggers.

These are the rows and texts that `update_file_in` + `services.lifecycle.evaluate_in` write for the same row
(tests/services/test_roster_update.py compares the two paths). A row goes through the services instead when it
needs what this path does not do (`services.roster._RosterRun._bulk_update` decides): a refusal of any kind (the
services name it), a changed ID number, a new or changed responsible person (a pairing), a cell the reading
already refused, or a row that would change nothing but its name initials.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.audit import audit_updates, bulk_audit
from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.models import (
    EmploymentSupport,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeFact,
    ProcedureStep,
    StatusEvent,
    new_id,
    table_of,
    utcnow,
)
from assist_desktop.domain.decisions import ECON_COLUMNS, income_warnings
from assist_desktop.domain.enums import FileStatus
from assist_desktop.domain.errors import DomainError, FieldError
from assist_desktop.domain.five_clear import FiveClearResult, check_five_clear
from assist_desktop.domain.income import RuleOptions
from assist_desktop.domain.lifecycle import WATCH_START_KINDS, Decision, decide
from assist_desktop.domain.pinyin import name_initials
from assist_desktop.exchange.snapshot import chunks
from assist_desktop.services.common import _json_default
from assist_desktop.services.roster_bulk import _MEMBER_DEFAULTS, _set
from assist_desktop.services.standards import StandardView

_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_json_default)
_FILE_COLUMNS = tuple(c.name for c in table_of(HardshipFile).c)
_FACT_COLUMNS = tuple(c.name for c in table_of(IncomeFact).c)
#: the fields of a fact `record_fact` writes over when the fact of the day is replaced
_FACT_WRITTEN = (*ECON_COLUMNS, "source", "note", "recorded_by", "recorded_at")


class RosterConflict(DomainError):
    """A file the roster updates was changed by someone else while the import ran: nothing is written."""

    def __init__(self, count: int) -> None:
        super().__init__(f"导入期间有 {count} 份档案被他人修改，导入未写入，请重新导入",
                         f"{count} files were changed by someone else during the import: nothing was written")


@dataclass
class Changed:
    """One file on record with what a roster row changes of it, decided and ready to be written."""

    file: HardshipFile
    before: dict[str, Any]  # the file's columns as read
    #: the changes in the order the services' flushes write them: the row's values, the evaluation, the kept words
    stages: list[dict[str, Any]]
    version_bump: int
    members: list[dict[str, Any]] | None  # the members written anew (None: left as they are)
    fact: dict[str, Any] | None  # the dated fact inserted
    fact_update: tuple[dict[str, Any], dict[str, Any]] | None  # (fact as read, new values) of the day's fact
    decision: Decision | None
    five_clear: FiveClearResult | None  # when the file stays found (its gaps are named)
    warnings: list[FieldError] = field(default_factory=list)


@dataclass
class _Dated:
    facts: dict[str, list[Any]]
    visits: dict[str, list[dt.date]]
    starts: dict[str, list[dt.date]]
    steps: dict[str, list[ProcedureStep]]


@dataclass
class ChangedFiles:
    """The changed files of one roster: decided row by row, written per batch (never, for a dry run)."""

    s: Session
    today: dt.date
    actor: str
    standards: list[StandardView]
    opts: RuleOptions
    reason: str
    apply: bool
    pending: list[Changed] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # file ids
    _dated: _Dated | None = None
    _batch_ids: list[str] = field(default_factory=list)

    def begin_batch(self, file_ids: Sequence[str]) -> None:
        """The files on record of the next batch (their dated records are read when the first one changes)."""
        self._batch_ids = sorted(file_ids)
        self._dated = None

    def _read_dated(self) -> _Dated:
        """The batch's facts, visits, placements and steps: one query each per part of the batch."""
        if self._dated is not None:
            return self._dated
        facts: dict[str, list[Any]] = defaultdict(list)
        visits: dict[str, list[dt.date]] = defaultdict(list)
        starts: dict[str, list[dt.date]] = defaultdict(list)
        steps: dict[str, list[ProcedureStep]] = defaultdict(list)
        ft = table_of(IncomeFact)
        conn = self.s.connection()
        for part in chunks(self._batch_ids):
            for r in conn.execute(select(ft).where(ft.c.file_id.in_(part))
                                  .order_by(ft.c.file_id, ft.c.as_of, ft.c.recorded_at)):
                facts[r.file_id].append(SimpleNamespace(**r._mapping))
            for fid, day in self.s.execute(
                select(col(HomeVisit.file_id), col(HomeVisit.visited_on))
                .where(col(HomeVisit.file_id).in_(part)).order_by(col(HomeVisit.file_id), col(HomeVisit.visited_on))
            ):
                visits[fid].append(day)
            for fid, day in self.s.execute(
                select(col(EmploymentSupport.file_id), col(EmploymentSupport.started_on))
                .where(col(EmploymentSupport.file_id).in_(part),
                       col(EmploymentSupport.kind).in_(sorted(WATCH_START_KINDS)))
                .order_by(col(EmploymentSupport.file_id), col(EmploymentSupport.started_on))
            ):
                starts[fid].append(day)
            for step in self.s.scalars(
                select(ProcedureStep).where(col(ProcedureStep.file_id).in_(part))
                .order_by(col(ProcedureStep.file_id), col(ProcedureStep.done_on), col(ProcedureStep.recorded_at))
            ):
                steps[step.file_id].append(step)
        self._dated = _Dated(facts, visits, starts, steps)
        return self._dated

    def plan(self, f: HardshipFile, values: Mapping[str, Any], *, members: list[dict[str, Any]] | None,
             current: Sequence[HouseholdMember], members_differ: bool, raw_values: Any,
             row: int) -> Changed | None:
        """What `update_file_in` (then the roster's kept words) would change of `f` for the cleaned `values`;
        None when the row changes nothing of what this path writes (the caller decides)."""
        before = {c: getattr(f, c) for c in _FILE_COLUMNS}
        first: dict[str, Any] = {}
        econ = False
        for key, value in values.items():
            if key == "household_annual_income_fen" and value is None:
                value = 0
            if before[key] != value:
                first[key] = value
                econ = econ or key in ECON_COLUMNS
        changed = bool(first) or members_differ
        econ = econ or members_differ
        if "name" in values:
            initials = name_initials(first.get("name", before["name"]))
            if initials != before["name_initials"]:
                first["name_initials"] = initials
        raw_stage = {"raw_values": raw_values} if raw_values != before["raw_values"] else {}
        if not changed:
            if first or not raw_stage:
                return None
            as_read = SimpleNamespace(**{**before, **raw_stage})
            five = check_five_clear(as_read, current) if before["status"] == FileStatus.FOUND.value else None
            return Changed(f, before, [raw_stage], 0, None, None, None, None, five,
                           income_warnings(as_read, current, row=row))
        now = utcnow()
        first.update(updated_at=now, updated_by=self.actor)
        after = {**before, **first}
        bump = 1
        new_members = None
        if members_differ and members is not None:
            new_members = []
            for k, m in enumerate(members):
                mem = dict(_MEMBER_DEFAULTS)
                _set(mem, m)
                mem.update(id=new_id(), file_id=f.id, sort_order=k, updated_at=now)
                new_members.append(mem)
        as_members: Sequence[Any] = ([SimpleNamespace(**m) for m in new_members] if new_members is not None
                                     else current)
        dated = self._read_dated()
        facts = list(dated.facts.get(f.id, []))
        fact: dict[str, Any] | None = None
        fact_update: tuple[dict[str, Any], dict[str, Any]] | None = None
        if econ:
            written = {**{c: after[c] for c in ECON_COLUMNS}, "source": "roster", "note": None,
                       "recorded_by": self.actor, "recorded_at": now}
            same_day = next((x for x in facts if x.as_of == self.today), None)
            if same_day is None:
                fact = dict(id=new_id(), file_id=f.id, as_of=self.today, imputed_members=0, **written)
                facts.append(SimpleNamespace(**fact))
                facts.sort(key=lambda x: x.as_of)  # stable: the facts of one day keep their order
            else:
                read = dict(same_day.__dict__)
                fact_update = (read, written)
                facts[facts.index(same_day)] = SimpleNamespace(**{**read, **written})
        as_file = SimpleNamespace(**after)
        decision = decide(as_file, as_members, facts, self.standards, self.opts, self.today,
                          visits=dated.visits.get(f.id, []), starts=dated.starts.get(f.id, []),
                          steps=dated.steps.get(f.id, []))
        second: dict[str, Any] = {}
        if decision.changed:
            for key, value in decision.after.as_dict().items():
                if after[key] != value:
                    second[key] = value
            second.update(updated_at=utcnow(), updated_by=self.actor)
            bump += 1
        if decision.events:
            evaluated = decision.events[-1].occurred_on
            if evaluated != after["evaluated_on"]:
                second["evaluated_on"] = evaluated
        final = {**after, **second, **raw_stage}
        as_final = SimpleNamespace(**final)
        five = check_five_clear(as_final, as_members) if final["status"] == FileStatus.FOUND.value else None
        return Changed(f, before, [first, second, raw_stage], bump, new_members, fact, fact_update, decision, five,
                       income_warnings(as_final, as_members, row=row))

    def add(self, change: Changed) -> None:
        if self.apply:
            self.pending.append(change)

    def flush(self) -> None:
        """Write the pending files: guarded updates, the members, facts and history entries, their audit rows."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        conn = self.s.connection()
        writer = BulkWriter(conn)
        updates: dict[tuple[tuple[str, ...], int], list[tuple[Any, ...]]] = defaultdict(list)
        audits: list[tuple[str, str, Any, Any]] = []
        fact_audits: list[tuple[str, str, Any, Any]] = []
        fact_updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        members: list[dict[str, Any]] = []
        replaced: list[str] = []
        facts: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for c in batch:
            fid = c.file.id
            final: dict[str, Any] = {}
            current = dict(c.before)
            for stage in c.stages:
                for key, value in stage.items():
                    audits.append((fid, key, current[key], value))
                    current[key] = value
                final.update(stage)
            columns = tuple(sorted(final))
            updates[(columns, c.version_bump)].append((*[final[k] for k in columns], fid, c.before["row_version"]))
            if c.members is not None:
                replaced.append(fid)
                members += c.members
            if c.fact is not None:
                facts.append(c.fact)
            if c.fact_update is not None:
                read, new = c.fact_update
                keys = tuple(_FACT_WRITTEN)
                fact_updates[keys].append((*[new[k] for k in keys], read["id"]))
                fact_audits += [(read["id"], k, read[k], new[k]) for k in keys]
            if c.decision is not None:
                now = dt.datetime.now(dt.UTC)
                for k, ev in enumerate(c.decision.events):
                    events.append(dict(
                        id=new_id(), file_id=fid, occurred_on=ev.occurred_on,
                        recorded_at=now + dt.timedelta(microseconds=k), kind=ev.kind, rule=ev.rule,
                        from_status=ev.from_status, to_status=ev.to_status, from_category=ev.from_category,
                        to_category=ev.to_category, reason=ev.reason[:2000],
                        facts_json=_JSON.encode(ev.facts)[:4000], actor=self.actor))
        written = 0
        for (columns, bump), params in updates.items():
            written += writer.update_guarded("hardship_file", columns, "id", "row_version", params, bump=bump)
        if 0 <= written < len(batch):
            raise RosterConflict(len(batch) - written)
        mt = table_of(HouseholdMember)
        for part in chunks(replaced):
            self.s.execute(delete(mt).where(mt.c.file_id.in_(part)))
        writer.insert_dicts(mt, members)
        writer.insert_dicts(table_of(IncomeFact), facts)
        for keys, params in fact_updates.items():
            writer.update("income_fact", keys, "id", params)
        writer.insert_dicts(table_of(StatusEvent), events)
        actor, reason = self.actor, self.reason
        audit_updates(self.s, "hardship_file", audits, actor=actor, reason=reason)
        audit_updates(self.s, "income_fact", fact_audits, actor=actor, reason=reason)
        for table, rows in (("household_member", members), ("income_fact", facts), ("status_event", events)):
            bulk_audit(self.s, table, [r["id"] for r in rows], actor=actor, reason=reason)
        # the session's copies of what was written behind its back are read again when next used
        gone = set(replaced)
        for obj in list(self.s.identity_map.values()):
            if isinstance(obj, HouseholdMember) and obj.file_id in gone:
                self.s.expunge(obj)
        for c in batch:
            self.s.expire(c.file)
        self.written += [c.file.id for c in batch]
