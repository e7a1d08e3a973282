"""`verify`: is the history intact, and do the records agree with it?

Three checks, each naming the first problem it finds:
1. the database file itself (`PRAGMA integrity_check` on SQLite);
2. the audit chain (db/audit.py): every row's `prev_hash` is the row before it's `row_hash`, and its own
   `row_hash` is the hash of its columns: a row changed, deleted or inserted behind the program's back breaks it;
3. the records against the history: for each table in `audit.CHECKED_FIELDS` (today `hardship_file`: name,
   id_number, bank_account, status, category) the current value of each checked field equals the last value the
   audit log recorded for it (the insert row's snapshot, then each update). A record with no audit entry at all is
   reported too. A field whose last audited write gave no value (a bulk update by a package import) is not
   compared until its next audited change.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text

from assist_desktop.db.audit import CHECKED_FIELDS, _text, row_hash
from assist_desktop.db.engine import Database, is_sqlite
from assist_desktop.db.models import AuditLog, HardshipFile, table_of

#: a field whose last audited value is not known
_UNKNOWN = object()
_TABLES = {"hardship_file": HardshipFile}


@dataclass(frozen=True)
class Problem:
    """One thing `verify` found wrong."""

    check: str  # integrity / chain / record
    message: str
    message_en: str
    audit_id: int | None = None
    table: str | None = None
    record_id: str | None = None
    field: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"check": self.check, "message": self.message, "message_en": self.message_en,
                "audit_id": self.audit_id, "table": self.table, "record_id": self.record_id, "field": self.field}


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` checked and the problems it found (empty: all is well)."""

    audit_rows: int
    records_checked: int
    integrity: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def to_json(self) -> dict[str, Any]:
        first = self.first_broken
        return {"ok": self.ok, "audit_rows": self.audit_rows, "records_checked": self.records_checked,
                "integrity": self.integrity, "first_broken": first.to_json() if first else None,
                "problems": [p.to_json() for p in self.problems]}


def verify(db: Database, *, limit: int = 100) -> VerifyReport:
    """Check the database file, the audit chain and the checked fields of the records (at most `limit` problems
    listed per check; the chain is reported from its first break only, since every row after it depends on it)."""
    problems: list[Problem] = []
    integrity = "not run"
    expected: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in CHECKED_FIELDS}
    rows = 0
    checked = 0
    with db.reader() as s:
        conn = s.connection()
        if is_sqlite(db.url):
            result = [r[0] for r in conn.execute(text("PRAGMA integrity_check")).all()]
            integrity = "ok" if result == ["ok"] else "; ".join(str(r) for r in result[:5])
            if integrity != "ok":
                problems.append(Problem("integrity", f"数据库文件已损坏：{integrity}",
                                        f"the database file is damaged: {integrity}"))
        t = table_of(AuditLog)
        prev = ""
        chain_broken = False
        cols = (t.c.id, t.c.at, t.c.actor, t.c.action, t.c.table_name, t.c.record_id, t.c.field, t.c.old_value,
                t.c.new_value, t.c.reason, t.c.prev_hash, t.c.row_hash)
        for r in conn.execute(select(*cols).order_by(t.c.id)).yield_per(5000):
            rows += 1
            m = r._mapping
            if not chain_broken:
                if (m["prev_hash"] or "") != prev:
                    chain_broken = True
                    problems.append(Problem(
                        "chain", f"历史记录第 {r.id} 条之前有记录被删除或插入（链接不符）",
                        f"audit entry {r.id}: an entry before it was deleted or slipped in (the link does not match)",
                        audit_id=r.id, table=r.table_name, record_id=r.record_id))
                elif m["row_hash"] != row_hash(dict(m), prev):
                    chain_broken = True
                    problems.append(Problem(
                        "chain", f"历史记录第 {r.id} 条被改动或由程序以外写入（校验值不符）",
                        f"audit entry {r.id} was changed or written outside the program (its hash does not match)",
                        audit_id=r.id, table=r.table_name, record_id=r.record_id))
                prev = m["row_hash"] or ""
            per_table = expected.get(r.table_name)
            if per_table is None:
                continue
            fields = CHECKED_FIELDS[r.table_name]
            if r.action == "insert":
                snap = _parse(r.new_value)
                per_table[r.record_id] = {f: snap.get(f, _UNKNOWN) if snap is not None else _UNKNOWN
                                          for f in fields}
            elif r.action == "delete":
                per_table.pop(r.record_id, None)
            elif r.action == "update":
                known = per_table.setdefault(r.record_id, dict.fromkeys(fields, _UNKNOWN))
                if r.field is None:  # a bulk update without values
                    known.update(dict.fromkeys(fields, _UNKNOWN))
                elif r.field in known:
                    known[r.field] = r.new_value
        for table, fields in CHECKED_FIELDS.items():
            model = _TABLES[table]
            mt = table_of(model)
            wanted = expected[table]
            found = 0
            q = select(mt.c.id, *(mt.c[f] for f in fields)).order_by(mt.c.id)
            for rec in conn.execute(q).yield_per(5000):
                checked += 1
                last = wanted.get(rec.id)
                if last is None:
                    if found < limit:
                        problems.append(Problem(
                            "record", f"{table} {rec.id} 没有任何历史记录（在程序以外写入）",
                            f"{table} {rec.id} has no history at all (written outside the program)",
                            table=table, record_id=rec.id))
                    found += 1
                    continue
                for f in fields:
                    want = last[f]
                    if want is _UNKNOWN:
                        continue
                    if _text(rec._mapping[f]) != want:
                        if found < limit:
                            problems.append(Problem(
                                "record", f"{table} {rec.id} 的 {f} 与历史记录中最后一次的值不符（在程序以外被改动）",
                                f"{table} {rec.id}: {f} differs from its last value in the history "
                                "(changed outside the program)", table=table, record_id=rec.id, field=f))
                        found += 1
    return VerifyReport(rows, checked, integrity, problems)


def _parse(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class ChainMark:
    """An audit entry found intact, with its hash: the next check of the chain goes on from there."""

    audit_id: int
    row_hash: str


@dataclass(frozen=True)
class ChainCheck:
    """What `check_chain` checked: how many entries, the last one found intact, the first break (or None)."""

    checked: int
    last: ChainMark | None
    problem: Problem | None


def check_chain(db: Database, *, since: ChainMark | None = None, batch: int = 2000) -> ChainCheck:
    """The audit chain alone (check 2 of `verify`), from the entry after `since` — the whole chain without it, or
    when that entry is gone, changed or no longer matches its hash. Read in short batches (memory does not grow with the history;
    no read transaction is held between batches). The window checks at each start what was written since the
    last start this way; `verify` checks everything."""
    t = table_of(AuditLog)
    cols = (t.c.id, t.c.at, t.c.actor, t.c.action, t.c.table_name, t.c.record_id, t.c.field, t.c.old_value,
            t.c.new_value, t.c.reason, t.c.prev_hash, t.c.row_hash)
    prev, after, last = "", 0, None
    if since is not None:  # trusted when the entry is still there, with its hash, and matches that hash
        with db.reader() as s:
            kept = s.execute(select(*cols).where(t.c.id == since.audit_id)).first()
        if kept is not None and kept.row_hash == since.row_hash \
                and row_hash(dict(kept._mapping), kept.prev_hash or "") == since.row_hash:
            prev, after, last = since.row_hash, since.audit_id, since
    checked = 0
    while True:
        with db.reader() as s:
            rows = s.execute(select(*cols).where(t.c.id > after).order_by(t.c.id).limit(batch)).all()
        if not rows:
            return ChainCheck(checked, last, None)
        for r in rows:
            m = r._mapping
            if (m["prev_hash"] or "") != prev:
                return ChainCheck(checked, last, Problem(
                    "chain", f"历史记录第 {r.id} 条之前有记录被删除或插入（链接不符）",
                    f"audit entry {r.id}: an entry before it was deleted or slipped in (the link does not match)",
                    audit_id=r.id, table=r.table_name, record_id=r.record_id))
            if m["row_hash"] != row_hash(dict(m), prev):
                return ChainCheck(checked, last, Problem(
                    "chain", f"历史记录第 {r.id} 条被改动或由程序以外写入（校验值不符）",
                    f"audit entry {r.id} was changed or written outside the program (its hash does not match)",
                    audit_id=r.id, table=r.table_name, record_id=r.record_id))
            prev = m["row_hash"] or ""
            checked += 1
        after = rows[-1].id
        last = ChainMark(int(after), prev)
        time.sleep(0)  # a worker thread: let the window's thread run between batches
