"""Export: this union's files (with history and provenance) as a package for the union above.

Full or incremental: an incremental package holds every file that changed since the last package to
the same receiver (its row, or any of its records, or an import that touched it), each as a complete
snapshot, so the receiver can replace its copy and never needs a diff. "Since" is the previous package's
start minus a safety margin (SINCE_MARGIN): a save stamped by the clock before that start but committed
after its snapshot would otherwise be in neither package; re-sending an unchanged file is harmless, since
importing it changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from assist_desktop.db.engine import Database
from assist_desktop.db.models import AuditLog, ExchangeLog, HardshipFile, new_id, utcnow
from assist_desktop.domain.errors import DomainError
from assist_desktop.exchange.entities import CADRE, CHILD_STAMP, CHILDREN, FILE, UNION, to_json_value
from assist_desktop.exchange.package import new_manifest, write_package
from assist_desktop.exchange.snapshot import (
    child_rows,
    chunks,
    file_rows,
    union_codes,
    union_rows,
)
from assist_desktop.services.common import home_union


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path
    package_id: str
    receiver: str
    full: bool
    since: dt.datetime | None
    counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""
    skipped_demo: int = 0  # demo households left out (the database holds real files too)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "path": str(self.path),
            "package_id": self.package_id,
            "receiver": self.receiver,
            "full": self.full,
            "since": to_json_value(self.since),
            "counts": self.counts,
            "sha256": self.sha256,
            "skipped_demo": self.skipped_demo,
            "warnings": self.warnings,
        }


#: how far before the previous package's start an incremental package looks back (see export_package)
SINCE_MARGIN = dt.timedelta(minutes=10)


def last_export(s: Session, receiver: str, kind: str = "files") -> ExchangeLog | None:
    q = (
        select(ExchangeLog)
        .where(
            ExchangeLog.direction == "out", ExchangeLog.kind == kind, ExchangeLog.counterpart_code == receiver
        )
        .order_by(ExchangeLog.at.desc())
        .limit(1)
    )
    return s.scalars(q).first()


def changed_file_ids(s: Session, since: dt.datetime) -> list[str]:
    """Files whose row or any of whose records changed at or after `since` (re-sending is harmless)."""
    ids: set[str] = set(s.scalars(select(HardshipFile.id).where(HardshipFile.updated_at >= since)))
    for entity in CHILDREN:
        table = entity.table
        col = table.c[CHILD_STAMP[entity.name]]
        ids.update(s.scalars(select(table.c.file_id).where(col >= since).distinct()))
    local_only = ("review_state", "review_note", "reported_at")
    ids.update(
        s.scalars(
            select(AuditLog.record_id)
            .where(
                AuditLog.table_name == "hardship_file",
                AuditLog.at >= since,
                or_(AuditLog.field.is_(None), AuditLog.field.not_in(local_only)),
            )
            .distinct()
        )
    )
    existing: set[str] = set()
    for part in chunks(sorted(ids)):
        existing.update(s.scalars(select(HardshipFile.id).where(HardshipFile.id.in_(part))))
    return sorted(existing)


def export_package(
    db: Database,
    *,
    out: str | os.PathLike[str],
    to: str | None = None,
    full: bool = False,
    actor: str = "system",
) -> ExportResult:
    """Write a package of this union's files for the union `to` (default: the parent union).

    Args:
        out: the package file to write (replaced atomically).
        to: the receiving union's code.
        full: every file, not only what changed since the last package to `to`.
    Raises:
        DomainError: no receiver known, or the database has no home union.
    """
    started = utcnow()
    with db.transaction(actor=actor, reason="export package") as s:
        if not db.is_sqlite:
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        home = home_union(s)
        receiver = (to or home.parent_code or "").strip()
        if not receiver:
            raise DomainError(
                "本工会没有设定上级工会：请用 --to 指定接收数据包的工会代码",
                "no parent union is set: give the receiver with --to",
            )
        if receiver == home.code:
            raise DomainError("不能把数据包发给本工会自己", "a package cannot be sent to this union itself")
        previous = None if full else last_export(s, receiver)
        # a save stamped before the previous package started but committed after its snapshot is in neither
        # package unless we look back a little: the margin re-sends files changed just before, harmlessly
        since = previous.at - SINCE_MARGIN if previous is not None else None
        is_full = since is None
        codes = union_codes(s)
        ids = None if is_full else changed_file_ids(s, since)  # type: ignore[arg-type]
        ids, skipped_demo = _without_demo(s, ids)
        manifest = new_manifest(
            kind="files",
            sender={
                "code": home.code,
                "name": home.name,
                "level": home.level,
                "parent_code": home.parent_code,
            },
            receiver=receiver,
            created_at=to_json_value(started),
            full=is_full,
            since=to_json_value(since),
        )
        exported: list[str] = []

        def files() -> Iterator[dict[str, Any]]:
            for row in file_rows(s, codes, ids):
                exported.append(row["id"])
                yield row

        members: list[tuple[str, Any]] = [
            (UNION.member, union_rows(s)),
            (CADRE.member, _cadres(s, codes)),
            (FILE.member, files()),
        ]
        members += [(e.member, _lazy_children(s, e, codes, ids, exported)) for e in CHILDREN]
        sha = write_package(Path(out), manifest, members)
        _mark_reported(s, exported, home.code, started)
        counts = dict(manifest["counts"])
        s.add(
            ExchangeLog(
                id=new_id(),
                package_id=manifest["package_id"],
                direction="out",
                kind="files",
                counterpart_code=receiver,
                at=started,
                since=since,
                sha256=sha,
                counts_json=json.dumps(counts, sort_keys=True),
                actor=actor,
            )
        )
    warnings = []
    if skipped_demo:
        warnings.append(f"未导出 {skipped_demo} 份演示档案（本库同时有正式档案，演示数据不报送上级）")
    return ExportResult(
        path=Path(out),
        package_id=manifest["package_id"],
        receiver=receiver,
        full=is_full,
        since=since,
        counts=counts,
        sha256=sha,
        skipped_demo=skipped_demo,
        warnings=warnings,
    )


def _without_demo(s: Session, ids: list[str] | None) -> tuple[list[str] | None, int]:
    """The files to send without the demo households, unless the database holds only demo data (a practice
    database may send its demo files to a practice county); and how many were left out."""
    from assist_desktop.services.demo import demo_file_filter, real_files_query

    t = HardshipFile.__table__
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


def _cadres(s: Session, codes: dict[str, str]) -> Iterator[dict[str, Any]]:
    from assist_desktop.exchange.snapshot import cadre_rows

    yield from cadre_rows(s, codes)


def _lazy_children(
    s: Session, entity: Any, codes: dict[str, str], ids: list[str] | None, exported: list[str]
) -> Iterator[dict[str, Any]]:
    # the file member is written first, so `exported` is complete when children are read
    yield from child_rows(s, entity, codes, None if ids is None else exported)


def _mark_reported(s: Session, ids: list[str], home_code: str, now: dt.datetime) -> None:
    """Files of this union that went up are now `submitted` (an approved file only if it changed since)."""
    t = HardshipFile.__table__
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
