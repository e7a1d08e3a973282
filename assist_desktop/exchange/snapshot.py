"""A file's snapshot as package rows, and the digest, fingerprint and stamp that compare two copies.

A file travels as a *snapshot*: its row plus every row that belongs to it (members, income facts,
history, pairing, assistance, visits, re-employment support). `same` says whether two copies are
the same; the sender's change sequence (`change_seq`, format 2) or, for older packages, the stamp (the
newest change time in the snapshot) says which copy is newer. Review decisions are each level's own
records: `same` and `Fingerprint.same` leave out the review entries of one reviewing union (this one), so the
echo of a level's own decision coming back up in a unit's package is not a change. Reading the rows from a
database is services/exchange_db.py's; nothing here touches one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from assist_desktop.exchange.entities import CHILD_STAMP, CHILDREN
from assist_desktop.exchange.package import dumps_row

CHUNK = 900  # ids per IN (...) list: below SQLite's and PostgreSQL's parameter limits with room to spare

#: fields of a file row left out of the digest: the path it travelled grows at every level, and the change
#: sequence is the sending database's own counter
DIGEST_SKIP = ("provenance", "change_seq")

Children = Mapping[str, Mapping[str, list[Mapping[str, Any]]]]


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def reviewer_of(entity: str, row: Mapping[str, Any]) -> str | None:
    """The reviewing union's code when the row is a review decision (a `review` history entry), else None."""
    if entity != "status_event" or row.get("kind") != "review":
        return None
    try:
        facts = json.loads(row.get("facts_json") or "{}")
    except ValueError:
        return None
    code = facts.get("reviewer_code") if isinstance(facts, dict) else None
    return str(code) if code else None


def is_own_review(entity: str, row: Mapping[str, Any], home_code: str | None) -> bool:
    """Whether the row is a review decision of `home_code`'s: that level's record, never taken from a package
    (the unit's copy of it is an echo) and never replaced by one."""
    return home_code is not None and reviewer_of(entity, row) == home_code


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
    a_children: Children,
    b_file: Mapping[str, Any],
    b_children: Children,
    *,
    skip_reviewer: str | None = None,
) -> bool:
    """Whether two copies of a file are the same: its fields (provenance aside) and all its records (the review
    decisions of `skip_reviewer` aside)."""
    if {k: v for k, v in a_file.items() if k not in DIGEST_SKIP} != {
        k: v for k, v in b_file.items() if k not in DIGEST_SKIP
    }:
        return False
    fid = a_file["id"]
    for entity in CHILDREN:
        a = [r for r in a_children[entity.name].get(fid, []) if not is_own_review(entity.name, r, skip_reviewer)]
        b = [
            r
            for r in b_children[entity.name].get(b_file["id"], [])
            if not is_own_review(entity.name, r, skip_reviewer)
        ]
        if len(a) != len(b):
            return False
        if a and sorted(a, key=_by_id) != sorted(b, key=_by_id):
            return False
    return True


def _by_id(row: Mapping[str, Any]) -> str:
    return str(row["id"])


def digest(file_row: Mapping[str, Any], children: Children) -> str:
    """A SHA-256 over the file's fields (less provenance) and all its rows, in a fixed order (for reports)."""
    h = hashlib.sha256()
    h.update(dumps_row({k: v for k, v in file_row.items() if k not in DIGEST_SKIP}))
    fid = file_row["id"]
    for entity in CHILDREN:
        h.update(f"#{entity.name}\n".encode())
        for row in sorted(children[entity.name].get(fid, ()), key=_by_id):
            h.update(dumps_row(row))
    return h.hexdigest()


def stamp(file_row: Mapping[str, Any], children: Children) -> dt.datetime:
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
    `count` is how many records; `stamp` the newest change time; `seq` the sender's change sequence (None in a
    format-1 package); `reviews` the share of `rows` and `count` of each reviewing union's review entries, so
    that `same(other, skip_reviewer=…)` can leave one union's decisions out. The hashes are Python's own (keyed anew in
    every process, so a sender cannot aim at a collision) over the rows' items, which treat 1, 1.0 and True
    alike just as the comparison in `same` does. For rows that keep to their schema (each field one JSON type
    or null, as a checked package and this database's columns do) two snapshots are the same exactly when
    these agree, short of a 64-bit collision; rows mixing types in one field are outside that promise (the
    empty text and 0 hash alike).
    """

    __slots__ = ("fields", "rows", "count", "stamp", "seq", "reviews")

    def __init__(self, file_row: Mapping[str, Any]) -> None:
        self.fields = hash(frozenset(kv for kv in file_row.items() if kv[0] not in DIGEST_SKIP))
        self.rows = 0
        self.count = 0
        self.stamp = dt.datetime.fromisoformat(file_row["updated_at"])
        seq = file_row.get("change_seq")
        self.seq: int | None = int(seq) if seq is not None else None
        self.reviews: dict[str, tuple[int, int]] | None = None

    def add(self, entity: str, row: Mapping[str, Any]) -> None:
        h = hash((entity, frozenset(row.items())))
        self.rows = (self.rows + h) & _MASK
        self.count += 1
        if entity == "status_event" and row.get("kind") == "review":
            code = reviewer_of(entity, row)
            if code is not None:
                reviews = self.reviews if self.reviews is not None else {}
                total, n = reviews.get(code, (0, 0))
                reviews[code] = ((total + h) & _MASK, n + 1)
                self.reviews = reviews
        value = row.get(CHILD_STAMP[entity])
        if value:
            t = dt.datetime.fromisoformat(value)
            if t > self.stamp:
                self.stamp = t

    def _without(self, code: str | None) -> tuple[int, int]:
        if code is None or not self.reviews or code not in self.reviews:
            return self.rows, self.count
        total, n = self.reviews[code]
        return (self.rows - total) & _MASK, self.count - n

    def same(self, other: Fingerprint, *, skip_reviewer: str | None = None) -> bool:
        return self.fields == other.fields and self._without(skip_reviewer) == other._without(skip_reviewer)


_MASK = (1 << 64) - 1


def fingerprints(files: Iterable[Mapping[str, Any]], children: Children) -> dict[str, Fingerprint]:
    """file id → fingerprint, for files and their grouped records (as local_snapshots gives them)."""
    out: dict[str, Fingerprint] = {}
    for f in files:
        fp = out[f["id"]] = Fingerprint(f)
        for entity in CHILDREN:
            for row in children[entity.name].get(f["id"], ()):
                fp.add(entity.name, row)
    return out
