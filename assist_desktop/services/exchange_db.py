"""The database side of the exchange: files and their records read as package rows, the local view a merge
decides against, and the bulk writing of an accepted package. Used by services/exchange.py only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.models import (
    AuditLog,
    HardshipFile,
    HouseholdMember,
    ReceivedValueMap,
    RosterValueMap,
    StatusEvent,
    UnionOrg,
    new_id,
    table_of,
    utcnow,
)
from assist_desktop.exchange.entities import CADRE, CHILDREN, FILE, UNION, Entity, json_to_values, row_to_json
from assist_desktop.exchange.masking import masked_copy, masked_fields
from assist_desktop.exchange.merge import BATCH, IncomingFile, LocalCopy, LocalView
from assist_desktop.exchange.snapshot import (
    Children,
    chunks,
    fingerprints,
    group_children,
    is_own_review,
)


def union_codes(s: Session) -> dict[str, str]:
    """Local union id → code."""
    t = table_of(UnionOrg)
    return {uid: code for uid, code in s.execute(select(t.c.id, t.c.code))}


def union_ids(s: Session) -> dict[str, str]:
    """Union code → local id."""
    t = table_of(UnionOrg)
    return {code: uid for uid, code in s.execute(select(t.c.id, t.c.code))}


def union_rows(s: Session) -> list[dict[str, Any]]:
    t = table_of(UnionOrg)
    rows = s.execute(select(t).order_by(t.c.code)).mappings()
    return [row_to_json(UNION, r, {}) for r in rows]


def cadre_rows(s: Session, codes: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    table = CADRE.table
    for r in s.execute(select(table).order_by(table.c.id)).mappings():
        yield row_to_json(CADRE, r, codes)


def file_rows(s: Session, codes: Mapping[str, str], ids: Sequence[str] | None) -> Iterator[dict[str, Any]]:
    """Files as package rows: all of them (by file number) or the given ids."""
    table = FILE.table
    if ids is None:
        for r in s.execute(select(table).order_by(table.c.file_no)).mappings():
            yield row_to_json(FILE, r, codes)
        return
    for part in chunks(sorted(ids)):
        for r in s.execute(select(table).where(table.c.id.in_(part)).order_by(table.c.file_no)).mappings():
            yield row_to_json(FILE, r, codes)


def child_rows(
    s: Session, entity: Entity, codes: Mapping[str, str], file_ids: Sequence[str] | None
) -> Iterator[dict[str, Any]]:
    """The rows of one child entity: all, or those of the given files."""
    table = entity.table
    if file_ids is None:
        for r in s.execute(select(table).order_by(table.c.file_id, table.c.id)).mappings():
            yield row_to_json(entity, r, codes)
        return
    for part in chunks(sorted(file_ids)):
        q = select(table).where(table.c.file_id.in_(part)).order_by(table.c.file_id, table.c.id)
        for r in s.execute(q).mappings():
            yield row_to_json(entity, r, codes)


def local_snapshots(
    s: Session, ids: Sequence[str], codes: Mapping[str, str]
) -> tuple[dict[str, dict[str, Any]], Children]:
    """The local copies of the given files: id → file row, and their children grouped."""
    files = {r["id"]: r for r in file_rows(s, codes, ids)}
    present = list(files)
    rows = {e.name: list(child_rows(s, e, codes, present)) if present else [] for e in CHILDREN}
    return files, group_children(rows)


def changed_since(s: Session, seq: int) -> list[str]:
    """The files whose change sequence is above `seq` (the receiver's watermark)."""
    t = table_of(HardshipFile)
    return list(s.scalars(select(t.c.id).where(t.c.change_seq > seq).order_by(t.c.id)))


def without_demo(s: Session, ids: list[str] | None) -> tuple[list[str] | None, int]:
    """The files to send without the demo households, unless the database holds only demo data (a practice
    database may send its demo files to a practice county); and how many were left out."""
    from assist_desktop.services.demo import demo_file_filter, real_files_query

    t = table_of(HardshipFile)
    if s.scalars(select(t.c.id).where(demo_file_filter()).limit(1)).first() is None:
        return ids, 0  # no demo files
    if s.scalars(real_files_query().limit(1)).first() is None:
        return ids, 0  # only demo files
    if ids is None:
        kept = list(s.scalars(real_files_query().order_by(t.c.id)))
        total = int(s.scalar(select(func.count()).select_from(t)) or 0)
        return kept, total - len(kept)
    kept = []
    for part in chunks(ids):
        kept.extend(s.scalars(real_files_query().where(t.c.id.in_(part))))
    kept.sort()
    return kept, len(ids) - len(kept)


def mark_reported(s: Session, ids: Sequence[str], home_code: str, now: dt.datetime) -> None:
    """Files of this union that went up are now `submitted` (an approved file only if it changed since)."""
    from sqlalchemy import and_, or_

    t = table_of(HardshipFile)
    pending = or_(
        t.c.review_state.in_(("local", "returned")),
        and_(
            t.c.review_state == "approved", or_(t.c.reported_at.is_(None), t.c.updated_at > t.c.reported_at)
        ),
    )
    for part in chunks(ids):
        s.execute(
            update(t)
            .where(t.c.id.in_(part), t.c.origin_union_code == home_code, pending)
            .values(review_state="submitted")
        )
        s.execute(update(t).where(t.c.id.in_(part)).values(reported_at=now))


def local_view(
    s: Session, files: Sequence[IncomingFile], codes: Mapping[str, str], masked: Sequence[str] = ()
) -> LocalView:
    """This database's side of a batch of incoming files (what `exchange.merge.decide` compares with); the
    fields the package masked (exchange/masking.py) are left out of the local copies as they were of the
    incoming ones, so a masked copy compares equal to the full one it was made from."""
    view = LocalView()
    local_files, local_children = local_snapshots(s, [f.id for f in files], codes)
    file_mask = masked_fields(masked, FILE.name)
    if file_mask:
        local_files = {fid: masked_copy(r, file_mask) for fid, r in local_files.items()}
    for entity in CHILDREN:
        child_mask = masked_fields(masked, entity.name)
        if child_mask:
            grouped = local_children[entity.name]
            local_children = {**local_children, entity.name: {
                fid: [masked_copy(r, child_mask) for r in rows] for fid, rows in grouped.items()
            }}
    prints = fingerprints(local_files.values(), local_children)
    t = table_of(HardshipFile)
    receipts: dict[str, tuple[int | None, str | None, dt.datetime | None]] = {}
    for part in chunks(list(local_files)):
        for fid, seq, sender, stamp in s.execute(
            select(t.c.id, t.c.received_seq, t.c.received_from, t.c.received_stamp).where(t.c.id.in_(part))
        ):
            receipts[fid] = (seq, sender, _naive_utc(stamp) if stamp is not None else None)
    for fid, row in local_files.items():
        seq, sender, stamp = receipts.get(fid, (None, None, None))
        view.copies[fid] = LocalCopy(prints[fid], row["file_no"], row["origin_union_code"], seq, sender, stamp)
    for part in chunks([f.id_number for f in files]):
        for fid, number, no, origin in s.execute(
            select(t.c.id, t.c.id_number, t.c.file_no, t.c.origin_union_code).where(t.c.id_number.in_(part))
        ):
            view.by_id_number[number] = (fid, no, origin)
    for part in chunks([f.file_no for f in files]):
        for fid, no in s.execute(select(t.c.id, t.c.file_no).where(t.c.file_no.in_(part))):
            view.by_file_no[no] = fid
    return view


def audit_head(s: Session) -> dict[str, Any]:
    """The head of this database's audit chain (db/audit.py): the last entry's id and hash (0 and "": none)."""
    t = table_of(AuditLog)
    last = s.execute(select(t.c.id, t.c.row_hash).order_by(t.c.id.desc()).limit(1)).first()
    if last is None:
        return {"id": 0, "hash": ""}
    return {"id": int(last[0]), "hash": str(last[1] or "")}


def value_map_rows(s: Session) -> list[dict[str, Any]]:
    """This union's own roster mappings, as the package member `roster_value_map.jsonl` carries them."""
    t = table_of(RosterValueMap)
    q = select(t.c.field_name, t.c.raw_value, t.c.target).order_by(t.c.field_name, t.c.raw_value)
    return [{"field_name": f, "raw_value": v, "target": g} for f, v, g in s.execute(q)]


def store_received_maps(
    s: Session, origin: str, rows: Sequence[Mapping[str, Any]], package_id: str
) -> int:
    """Replace what is kept of `origin`'s roster mappings by the package's (its whole mapping); returns how many."""
    t = table_of(ReceivedValueMap)
    s.execute(delete(t).where(t.c.origin_code == origin))
    now = utcnow()
    values = [
        dict(origin_code=origin, field_name=r["field_name"], raw_value=r["raw_value"], target=r["target"],
             received_at=now, package_id=package_id)
        for r in {(r["field_name"], r["raw_value"]): r for r in rows}.values()
    ]
    if values:
        s.execute(insert(t), values)
    return len(values)


def local_values(s: Session, ids: Sequence[str], masked: Sequence[str]) -> tuple[dict[str, dict[str, Any]],
                                                                                    dict[str, dict[str, Any]]]:
    """What this database holds of the masked fields of the given files (file id → field → value) and of their
    members (member id → field → value), so that a masked (null) value in a package never replaces them."""
    files: dict[str, dict[str, Any]] = {}
    members: dict[str, dict[str, Any]] = {}
    file_mask = masked_fields(masked, FILE.name)
    member_mask = masked_fields(masked, "household_member")
    if not ids or not (file_mask or member_mask):
        return files, members
    ft, mt = table_of(HardshipFile), table_of(HouseholdMember)
    for part in chunks(list(ids)):
        if file_mask:
            for row in s.execute(select(ft.c.id, *(ft.c[f] for f in file_mask)).where(ft.c.id.in_(part))):
                files[row[0]] = {f: row._mapping[f] for f in file_mask}
        if member_mask:
            for row in s.execute(select(mt.c.id, *(mt.c[f] for f in member_mask)).where(mt.c.file_id.in_(part))):
                members[row[0]] = {f: row._mapping[f] for f in member_mask}
    return files, members


def _naive_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def ensure_unions(s: Session, unions: Sequence[Mapping[str, Any]]) -> None:
    known = set(s.scalars(select(table_of(UnionOrg).c.code)))
    now = utcnow()
    missing = [
        dict(
            id=new_id(),
            code=u["code"],
            name=u["name"],
            level=u["level"],
            parent_code=u["parent_code"],
            is_home=False,
            created_at=now,
            updated_at=now,
        )
        for u in unions
        if u["code"] not in known
    ]
    if missing:
        s.execute(insert(table_of(UnionOrg)), missing)


def upsert_cadres(s: Session, cadres: Sequence[Mapping[str, Any]], ids: Mapping[str, str]) -> None:
    table = CADRE.table
    local: dict[str, dt.datetime] = {}
    for part in chunks([c["id"] for c in cadres]):
        local.update({cid: at for cid, at in s.execute(select(table.c.id, table.c.updated_at).where(
            table.c.id.in_(part)))})
    new, changed = [], []
    for c in cadres:
        values = json_to_values(CADRE, c, ids)
        if c["id"] not in local:
            new.append(values)
        elif values["updated_at"] > local[c["id"]]:
            changed.append(values)
    if new:
        s.execute(insert(table), new)
    for values in changed:
        s.execute(update(table).where(table.c.id == values["id"]).values(**values))


def kept_reviews(s: Session, file_ids: Sequence[str], home_code: str) -> dict[str, set[str]]:
    """File id → the ids of this level's own review decisions on it (kept when the file is replaced)."""
    t = table_of(StatusEvent)
    kept: dict[str, set[str]] = {}
    for part in chunks(sorted(file_ids)):
        for eid, fid, kind, facts in s.execute(
            select(t.c.id, t.c.file_id, t.c.kind, t.c.facts_json).where(t.c.file_id.in_(part), t.c.kind == "review")
        ):
            if is_own_review("status_event", {"kind": kind, "facts_json": facts}, home_code):
                kept.setdefault(fid, set()).add(eid)
    return kept


def clear_records(s: Session, file_ids: Sequence[str], keep: Mapping[str, set[str]]) -> None:
    """Delete the records of files about to be replaced, but for the history entries in `keep`."""
    for entity in CHILDREN:
        table = entity.table
        for part in chunks(sorted(file_ids)):
            where = [table.c.file_id.in_(part)]
            kept = sorted(eid for fid in part for eid in keep.get(fid, ()))
            if entity.name == "status_event" and kept:
                where.append(table.c.id.not_in(kept))
            s.execute(delete(table).where(*where))


class FileWriter:
    """Inserts new files and updates replaced ones in batches of BATCH rows, through the bulk writer."""

    def __init__(self, s: Session) -> None:
        self.writer = BulkWriter(s.connection())
        self.table = FILE.table
        self.new: list[dict[str, Any]] = []
        self.upd: list[dict[str, Any]] = []

    def add(self, values: dict[str, Any], *, new: bool) -> None:
        (self.new if new else self.upd).append(values)
        self.flush()

    def flush(self, final: bool = False) -> None:
        if self.new and (final or len(self.new) >= BATCH):
            self.writer.insert_dicts(self.table, self.new)
            self.new = []
        if self.upd and (final or len(self.upd) >= BATCH):
            columns = [c for c in self.upd[0] if c != "id"]
            rows = [(*(r[c] for c in columns), r["id"]) for r in self.upd]
            self.writer.update(self.table.name, columns, "id", rows)
            self.upd = []


__all__ = [
    "FileWriter", "cadre_rows", "changed_since", "child_rows", "clear_records", "ensure_unions", "file_rows",
    "audit_head", "kept_reviews", "local_snapshots", "local_values", "local_view", "store_received_maps",
    "value_map_rows", "mark_reported", "union_codes", "union_ids", "union_rows",
    "upsert_cadres", "without_demo",
]
