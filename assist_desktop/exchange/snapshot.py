"""Reading files and their records as package rows, and the digest and stamp that compare two copies.

A file travels as a *snapshot*: its row plus every row that belongs to it (members, income facts,
history, pairing, assistance, visits, re-employment support). `same` says whether two copies are
the same; the stamp (the newest change time in the snapshot) says which copy is newer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assist_desktop.db.models import UnionOrg
from assist_desktop.exchange.entities import (
    CADRE,
    CHILD_STAMP,
    CHILDREN,
    FILE,
    UNION,
    Entity,
    row_to_json,
)
from assist_desktop.exchange.package import dumps_row

CHUNK = 900  # ids per IN (...) list: below SQLite's and PostgreSQL's parameter limits with room to spare

#: fields of a file row left out of the digest: the path it travelled grows at every level
DIGEST_SKIP = ("provenance",)


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def union_codes(s: Session) -> dict[str, str]:
    """Local union id → code."""
    return {uid: code for uid, code in s.execute(select(UnionOrg.id, UnionOrg.code))}


def union_ids(s: Session) -> dict[str, str]:
    """Union code → local id."""
    return {code: uid for uid, code in s.execute(select(UnionOrg.id, UnionOrg.code))}


def union_rows(s: Session) -> list[dict[str, Any]]:
    rows = s.execute(select(UnionOrg.__table__).order_by(UnionOrg.code)).mappings()
    return [row_to_json(UNION, r, {}) for r in rows]


def cadre_rows(s: Session, codes: Mapping[str, str]) -> list[dict[str, Any]]:
    table = CADRE.table
    rows = s.execute(select(table).order_by(table.c.id)).mappings()
    return [row_to_json(CADRE, r, codes) for r in rows]


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


def group_children(
    rows: Mapping[str, Iterable[Mapping[str, Any]]],
) -> dict[str, dict[str, list[Mapping[str, Any]]]]:
    """entity name → file id → rows."""
    out: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for entity in CHILDREN:
        grouped: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for row in rows.get(entity.name, ()):
            grouped[row["file_id"]].append(row)
        out[entity.name] = grouped
    return out


def same(
    a_file: Mapping[str, Any],
    a_children: Mapping[str, Mapping[str, list[Mapping[str, Any]]]],
    b_file: Mapping[str, Any],
    b_children: Mapping[str, Mapping[str, list[Mapping[str, Any]]]],
) -> bool:
    """Whether two copies of a file are the same: its fields (provenance aside) and all its records."""
    if {k: v for k, v in a_file.items() if k not in DIGEST_SKIP} != {
        k: v for k, v in b_file.items() if k not in DIGEST_SKIP
    }:
        return False
    fid = a_file["id"]
    for entity in CHILDREN:
        a = a_children[entity.name].get(fid, [])
        b = b_children[entity.name].get(b_file["id"], [])
        if len(a) != len(b):
            return False
        if a and sorted(a, key=_by_id) != sorted(b, key=_by_id):
            return False
    return True


def _by_id(row: Mapping[str, Any]) -> str:
    return str(row["id"])


def digest(file_row: Mapping[str, Any], children: Mapping[str, Mapping[str, list[Mapping[str, Any]]]]) -> str:
    """A SHA-256 over the file's fields (less provenance) and all its rows, in a fixed order (for reports)."""
    h = hashlib.sha256()
    h.update(dumps_row({k: v for k, v in file_row.items() if k not in DIGEST_SKIP}))
    fid = file_row["id"]
    for entity in CHILDREN:
        h.update(f"#{entity.name}\n".encode())
        for row in sorted(children[entity.name].get(fid, ()), key=_by_id):
            h.update(dumps_row(row))
    return h.hexdigest()


def stamp(
    file_row: Mapping[str, Any], children: Mapping[str, Mapping[str, list[Mapping[str, Any]]]]
) -> dt.datetime:
    """The newest change time in a snapshot: the file's updated_at or any of its rows' times."""
    best = dt.datetime.fromisoformat(file_row["updated_at"])
    fid = file_row["id"]
    for entity in CHILDREN:
        col = CHILD_STAMP[entity.name]
        for row in children[entity.name].get(fid, ()):
            value = row.get(col)
            if value:
                t = dt.datetime.fromisoformat(value)
                if t > best:
                    best = t
    return best


class Fingerprint:
    """What `same` and `stamp` need of one file's snapshot, without keeping its rows.

    `fields` hashes the file's fields (provenance aside); `rows` is the sum (mod 2**64) of a hash of every
    record, tagged with its entity, so the order the records come in does not matter (as `same` sorts them);
    `count` is how many records; `stamp` the newest change time. The hashes are Python's own (keyed anew in
    every process, so a sender cannot aim at a collision) over the rows' items, which treat 1, 1.0 and True
    alike just as the comparison in `same` does. For rows that keep to their schema (each field one JSON type
    or null, as a checked package and this database's columns do) two snapshots are the same exactly when
    these agree, short of a 64-bit collision; rows mixing types in one field are outside that promise (the
    empty text and 0 hash alike).
    """

    __slots__ = ("fields", "rows", "count", "stamp")

    def __init__(self, file_row: Mapping[str, Any]) -> None:
        self.fields = hash(frozenset(kv for kv in file_row.items() if kv[0] not in DIGEST_SKIP))
        self.rows = 0
        self.count = 0
        self.stamp = dt.datetime.fromisoformat(file_row["updated_at"])

    def add(self, entity: str, row: Mapping[str, Any]) -> None:
        self.rows = (self.rows + hash((entity, frozenset(row.items())))) & _MASK
        self.count += 1
        value = row.get(CHILD_STAMP[entity])
        if value:
            t = dt.datetime.fromisoformat(value)
            if t > self.stamp:
                self.stamp = t

    def same(self, other: Fingerprint) -> bool:
        return self.fields == other.fields and self.rows == other.rows and self.count == other.count


_MASK = (1 << 64) - 1


def fingerprints(
    files: Iterable[Mapping[str, Any]], children: Mapping[str, Mapping[str, list[Mapping[str, Any]]]]
) -> dict[str, Fingerprint]:
    """file id → fingerprint, for files and their grouped records (as local_snapshots gives them)."""
    out: dict[str, Fingerprint] = {}
    for f in files:
        fp = out[f["id"]] = Fingerprint(f)
        for entity in CHILDREN:
            for row in children[entity.name].get(f["id"], ()):
                fp.add(entity.name, row)
    return out


def local_snapshots(
    s: Session, ids: Sequence[str], codes: Mapping[str, str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, list[Mapping[str, Any]]]]]:
    """The local copies of the given files: id → file row, and their children grouped."""
    files = {r["id"]: r for r in file_rows(s, codes, ids)}
    present = list(files)
    rows = {e.name: list(child_rows(s, e, codes, present)) if present else [] for e in CHILDREN}
    return files, group_children(rows)
