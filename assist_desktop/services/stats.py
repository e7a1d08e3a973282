"""Counts for the dashboard, `stats --json` and reports upward."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import AssistanceRecord, HardshipFile
from assist_desktop.domain.enums import FileStatus
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES
from assist_desktop.domain.rules import SCHEME_CATEGORIES
from assist_desktop.services.common import get_option
from assist_desktop.services.pending import pending_reevaluation
from assist_desktop.services.read_models import MappingView

_GROUPABLE = {
    "industry": col(HardshipFile.industry), "main_cause": col(HardshipFile.main_cause), "district": col(HardshipFile.district),
    "origin_union_code": col(HardshipFile.origin_union_code), "work_status": col(HardshipFile.work_status),
}


@dataclass(frozen=True, eq=False)
class Stats(MappingView):
    """Counts of files by status (every status) and of active files by category, plus optional groupings."""

    files: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    active: int
    assistance_total_fen: int
    active_uncategorised: int = 0  # in the JSON only when some active file has no category
    groups: dict[str, dict[str, int]] = field(default_factory=dict)  # "industry" -> counts: JSON `by_industry`
    pending_reevaluation: bool = False  # a re-evaluation or demo build running, or interrupted (db/pending.py)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"files": self.files, "by_status": self.by_status, "by_category": self.by_category,
                               "active": self.active}
        if self.active_uncategorised:
            out["active_uncategorised"] = self.active_uncategorised
        out.update({f"by_{key}": counts for key, counts in self.groups.items()})
        out["assistance_total_fen"] = self.assistance_total_fen
        out["pending_reevaluation"] = self.pending_reevaluation
        return out


def stats(db: Database, *, by: tuple[str, ...] = ()) -> Stats:
    """`files`, `by_status` (every status) and `by_category` (active files), plus optional groupings.

    Machine names are the keys; every status and category appears, with 0 where none.
    """
    active = ACTIVE_STATUS_VALUES
    with db.reader() as s:
        by_status = {st.value: 0 for st in FileStatus}
        for status, n in s.execute(select(col(HardshipFile.status), func.count()).group_by(col(HardshipFile.status))):
            by_status[status] = int(n)
        # the ACFTU categories always; the older tiers when the union uses them (or a file still has one)
        shown = list(SCHEME_CATEGORIES["acftu"])
        if get_option(s, "category_scheme") == "legacy":
            shown += SCHEME_CATEGORIES["legacy"]
        by_category = dict.fromkeys(shown, 0)
        q = (select(col(HardshipFile.category), func.count()).where(col(HardshipFile.status).in_(active))
             .group_by(col(HardshipFile.category)))
        uncategorised = 0
        for category, n in s.execute(q):
            if category is None:
                uncategorised += int(n)
            else:
                by_category[category] = int(n)
        groups: dict[str, dict[str, int]] = {}
        for key in by:
            column = _GROUPABLE[key]
            rows = s.execute(select(column, func.count()).where(col(HardshipFile.status).in_(active))
                             .group_by(column))
            groups[key] = {(k or ""): int(n) for k, n in rows}
        total_fen = s.scalar(select(func.coalesce(func.sum(col(AssistanceRecord.amount_fen)), 0)))
        return Stats(
            files=sum(by_status.values()),
            by_status=by_status,
            by_category=by_category,
            active=sum(by_status[a] for a in active),
            assistance_total_fen=int(total_fen or 0),
            active_uncategorised=uncategorised,
            groups=groups,
            pending_reevaluation=pending_reevaluation(db),
        )
