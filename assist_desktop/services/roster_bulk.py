"""The roster's new households, validated in the reading pass and written in batches through the bulk path.

A roster row whose ID number is not on file becomes a new file. Everything that decides whether it may be
written is pure (`domain.file_input` cleans it, `domain.decisions.check_file_change` applies the write rules,
`domain.lifecycle.decide_found`, the same Decision as `decide` for a household just found, evaluates it): so a new row is checked without touching the database, and the rows
kept are sent in batches of plain tuples (`db.bulk.BulkWriter`) with their members, the dated income fact, the
history entries (found, what the evaluation decided, the pairing) and their audit rows (`db.audit.bulk_audit`),
all inside the import's one transaction. The dry run checks the same rows and writes nothing.

The rows written are those `services.files.create_file_in` + `services.lifecycle.evaluate_in` +
`services.pairing.assign_in` write for the same input (tests/services/test_roster_bulk.py compares them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from assist_desktop.db.audit import bulk_audit
from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.changes import stamped, transaction_seq
from assist_desktop.db.models import (
    HardshipFile,
    HouseholdMember,
    IncomeFact,
    Pairing,
    StatusEvent,
    UnionOrg,
    new_id,
    table_of,
    utcnow,
)
from assist_desktop.db.search_index import insert_indexed
from assist_desktop.domain.decisions import ECON_COLUMNS, check_file_change, income_warnings
from assist_desktop.domain.enums import EventKind, FileStatus
from assist_desktop.domain.errors import FieldError
from assist_desktop.domain.file_input import clean_file_input, clean_members
from assist_desktop.domain.five_clear import FiveClearResult, check_five_clear
from assist_desktop.domain.income import RuleOptions, settle_totals
from assist_desktop.domain.lifecycle import Decision, decide_found
from assist_desktop.domain.pinyin import name_initials
from assist_desktop.services.common import _json_default, file_no_for, next_sequence
from assist_desktop.services.standards import StandardView

#: new files written per batch (one executemany per table)
BATCH = 2000
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_json_default)


def _defaults(table: Any) -> dict[str, Any]:
    """Each column's scalar default (None where the default is computed or there is none)."""
    out: dict[str, Any] = {}
    for c in table.c:
        d = c.default
        out[c.name] = d.arg if d is not None and d.is_scalar else None
    return out


_FILE_DEFAULTS = _defaults(table_of(HardshipFile))
_MEMBER_DEFAULTS = _defaults(table_of(HouseholdMember))


def _set(row: dict[str, Any], values: Mapping[str, Any]) -> None:
    """The values over the defaults; None leaves a column's default in place, as the ORM's insert does."""
    for k, v in values.items():
        if v is not None or row.get(k) is None:
            row[k] = v


@dataclass
class NewFile:
    """One new household checked and ready to be written (its rows, and what its evaluation decided)."""

    row: dict[str, Any]
    members: list[dict[str, Any]]
    decision: Decision
    five_clear: FiveClearResult
    pairing: tuple[str, str | None, str] | None = None  # (cadre id, unit id, history text)
    rownum: int = 0
    #: where the household's incomes contradict each other (domain.decisions.income_warnings)
    warnings: list[FieldError] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.row["status"] == FileStatus.FOUND.value


@dataclass
class NewFiles:
    """The new files of one roster: checked one by one, written in batches (never, for a dry run)."""

    s: Session
    today: dt.date
    actor: str
    standards: list[StandardView]
    opts: RuleOptions
    reason: str
    apply: bool
    pending: list[NewFile] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # file ids
    #: per union code, the next file number's sequence (read, and locked, at the union's first new file)
    counters: dict[str, int] = field(default_factory=dict)
    #: per union code, the first number of the pending files
    firsts: dict[str, int] = field(default_factory=dict)

    def _number(self, code: str) -> str:
        """The next file number of the union: the numbers are reserved when the batch is written; reading the
        counter with a zero reservation takes its lock, so no clerk can take these numbers in between."""
        if code not in self.counters:
            self.counters[code] = next_sequence(self.s, f"file_no:{code}", 0)
        seq = self.counters[code]
        self.counters[code] = seq + 1
        self.firsts.setdefault(code, seq)
        return file_no_for(code, seq)

    def check(self, data: Mapping[str, Any], members: Sequence[Mapping[str, Any]], *, union: UnionOrg,
              rownum: int) -> tuple[NewFile | None, list[FieldError]]:
        """A new household's row cleaned, checked and evaluated; (None, errors) when refused."""
        values, errors = clean_file_input(data, today=self.today, creating=True, row=rownum)
        values, _derived = settle_totals(None, values, data)  # a total left blank beside its parts is their sum
        cleaned, member_errors = clean_members(members, today=self.today, row=rownum)
        errors += member_errors
        # the ID number is not on file (the row would update that file) and once only in the roster (read_roster)
        errors += check_file_change(None, values, members=cleaned, today=self.today, id_taken_by=None, row=rownum)
        if errors:
            return None, errors
        now = utcnow()
        row = dict(_FILE_DEFAULTS)
        _set(row, values)
        fid = new_id()
        row.update(id=fid, file_no=None, union_id=union.id, origin_union_code=union.code, provenance=union.code,
                   name_initials=name_initials(values["name"]), status=FileStatus.FOUND.value,
                   status_since=self.today, created_by=self.actor, updated_by=self.actor, created_at=now,
                   updated_at=now, row_version=1)
        mems = []
        for k, m in enumerate(cleaned):
            mem = dict(_MEMBER_DEFAULTS)
            _set(mem, m)
            mem.update(id=new_id(), file_id=fid, sort_order=k, updated_at=now)
            mems.append(mem)
        fact = SimpleNamespace(as_of=self.today, imputed_members=0, **{c: row[c] for c in ECON_COLUMNS})
        as_file = SimpleNamespace(**row)
        as_members = [SimpleNamespace(**m) for m in mems]
        five = check_five_clear(as_file, as_members)
        # a new household: found, its one fact of today, nothing else on record (the same Decision as decide)
        decision = decide_found(as_file, as_members, fact, self.standards, self.opts, self.today, five_clear=five)
        if decision.changed:
            row.update(decision.after.as_dict())
            row["row_version"] = 2
        if decision.events:
            row["evaluated_on"] = decision.events[-1].occurred_on
        warnings = income_warnings(as_file, as_members, row=rownum)  # never a refusal: listed in the report
        return NewFile(row, mems, decision, five, rownum=rownum, warnings=warnings), []

    def add(self, new: NewFile) -> str:
        """Keep a checked file: it takes the next file number of its union (returned) and, for an import, waits
        for the next batch."""
        new.row["file_no"] = self._number(new.row["origin_union_code"])
        if not self.apply:
            return str(new.row["file_no"])
        self.pending.append(new)
        number = str(new.row["file_no"])
        if len(self.pending) >= BATCH:
            self.flush()
        return number

    def flush(self) -> None:
        """Write the pending files: numbered per union, then one executemany per table, then the audit rows."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        self.s.flush()  # the cadres made for these rows, before the pairings name them
        count: dict[str, int] = {}
        for n in batch:
            code = n.row["origin_union_code"]
            count[code] = count.get(code, 0) + 1
        for code, n_files in count.items():
            first = next_sequence(self.s, f"file_no:{code}", n_files)
            if first != self.firsts[code]:  # cannot happen while the counter is locked; renumbered if it did
                group = [n for n in batch if n.row["origin_union_code"] == code]
                for k, n in enumerate(group):
                    n.row["file_no"] = file_no_for(code, first + k)
            self.firsts[code] = first + n_files
        now = utcnow()
        seq = transaction_seq(self.s)  # written with the rows: the commit need not stamp them again
        files, members, facts, events, pairings = [], [], [], [], []
        for n in batch:
            r = n.row
            fid = r["id"]
            r["change_seq"] = seq
            files.append(r)
            members += n.members
            facts.append(dict(id=new_id(), file_id=fid, as_of=self.today,
                              **{c: r[c] for c in ECON_COLUMNS}, imputed_members=0, source="roster", note=None,
                              recorded_at=now, recorded_by=self.actor))
            k = 0
            events.append(self._event(fid, now, k, kind=EventKind.FOUND.value, rule=None, from_status=None,
                                      to_status=FileStatus.FOUND.value, from_category=None, to_category=None,
                                      reason="发现困难职工，建立档案", facts_json="{}", occurred_on=self.today))
            for ev in n.decision.events:
                k += 1
                events.append(self._event(fid, now, k, kind=ev.kind, rule=ev.rule, from_status=ev.from_status,
                                          to_status=ev.to_status, from_category=ev.from_category,
                                          to_category=ev.to_category, reason=ev.reason[:2000],
                                          facts_json=_JSON.encode(ev.facts)[:4000], occurred_on=ev.occurred_on))
            if n.pairing is not None:
                person, unit, text = n.pairing
                pairings.append(dict(id=new_id(), file_id=fid, unit_id=unit, person_id=person,
                                     start_on=self.today, end_on=None, note="花名册导入", created_at=now,
                                     created_by=self.actor))
                events.append(self._event(fid, now, k + 1, kind=EventKind.PAIRED.value, rule=None,
                                          from_status=r["status"], to_status=r["status"],
                                          from_category=r["category"], to_category=r["category"], reason=text,
                                          facts_json="{}", occurred_on=self.today))
        conn = self.s.connection()
        writer = BulkWriter(conn)
        insert_indexed(conn, lambda: writer.insert_dicts(table_of(HardshipFile), files), files)
        writer.insert_dicts(table_of(HouseholdMember), members)
        writer.insert_dicts(table_of(IncomeFact), facts)
        writer.insert_dicts(table_of(StatusEvent), events)
        writer.insert_dicts(table_of(Pairing), pairings)
        actor, reason = self.actor, self.reason
        bulk_audit(self.s, "hardship_file", files, actor=actor, reason=reason)
        for table, rows in (("household_member", members), ("income_fact", facts), ("status_event", events),
                            ("pairing", pairings)):
            bulk_audit(self.s, table, [r["id"] for r in rows], actor=actor, reason=reason)
        ids = [r["id"] for r in files]
        stamped(self.s, ids)
        self.written += ids

    def _event(self, fid: str, now: dt.datetime, k: int, **values: Any) -> dict[str, Any]:
        return dict(id=new_id(), file_id=fid, recorded_at=now + dt.timedelta(microseconds=k), actor=self.actor,
                    **values)


#: the plain indexes an import into an empty database makes once at its end rather than row by row: none of them is
#: read by the roster's pass (it looks files up by ID number and file number, both unique and kept, and by name and
#: birth date, kept too; members by their ID number, kept). Measured on the bare floor of the import
#: (benchmarks/bench_roster.py): the files' inserts about 2x faster, the indexes made again in a fraction of that.
LATE_INDEXES: dict[str, frozenset[str]] = {
    "hardship_file": frozenset({
        "ix_hardship_file_district", "ix_hardship_file_employer", "ix_hardship_file_industry",
        "ix_hardship_file_initials_file_no", "ix_hardship_file_origin_union_code",
        "ix_hardship_file_responsible_person_id", "ix_hardship_file_status_category",
        "ix_hardship_file_union_id", "ix_hardship_file_updated_at", "ix_hardship_file_change_seq",
        "ix_search_id_rev", "ix_search_file_seq", "ix_search_phone",
    }),
    "income_fact": frozenset({"ix_income_fact_file_as_of"}),
    "status_event": frozenset({"ix_status_event_file_occurred", "ix_status_event_occurred_on"}),
    "pairing": frozenset({"ix_pairing_file_id", "ix_pairing_person_id"}),
}


def set_indexes_aside(s: Session) -> list[str]:
    """On SQLite, when no file is on record yet (a union's first roster): drop the indexes of `LATE_INDEXES` of the
    tables that are still empty, inside the import's transaction; returns their CREATE statements, for
    `make_indexes_again` before the commit. A rollback (a refused roster, a failure, a dry run) puts them back
    with everything else. Elsewhere, or with files on record, nothing is set aside."""
    conn = s.connection()
    if conn.dialect.name != "sqlite" or conn.exec_driver_sql("SELECT 1 FROM hardship_file LIMIT 1").first():
        return []
    out: list[str] = []
    for table, names in LATE_INDEXES.items():
        if table != "hardship_file" and conn.exec_driver_sql(f'SELECT 1 FROM "{table}" LIMIT 1').first():
            continue
        found = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        ).all()
        for name, sql in found:
            if name in names:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
                out.append(str(sql))
    return out


def make_indexes_again(s: Session, statements: Sequence[str]) -> None:
    """The indexes `set_indexes_aside` dropped, made again from their own CREATE statements (the same schema)."""
    conn = s.connection()
    for sql in statements:
        conn.exec_driver_sql(sql)
