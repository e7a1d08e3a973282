"""Counts for the dashboard, `stats --json` and reports upward."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import AssistanceRecord, HardshipFile
from assist_desktop.domain.enums import Category, FileStatus
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES

_GROUPABLE = {
    "industry": col(HardshipFile.industry), "main_cause": col(HardshipFile.main_cause), "district": col(HardshipFile.district),
    "origin_union_code": col(HardshipFile.origin_union_code), "work_status": col(HardshipFile.work_status),
}


def stats(db: Database, *, by: tuple[str, ...] = ()) -> dict[str, Any]:
    """`files`, `by_status` (every status) and `by_category` (active files), plus optional groupings.

    Machine names are the keys; every status and category appears, with 0 where none.
    """
    active = ACTIVE_STATUS_VALUES
    with db.reader() as s:
        by_status = {st.value: 0 for st in FileStatus}
        for status, n in s.execute(select(col(HardshipFile.status), func.count()).group_by(col(HardshipFile.status))):
            by_status[status] = int(n)
        by_category = {c.value: 0 for c in Category}
        q = (select(col(HardshipFile.category), func.count()).where(col(HardshipFile.status).in_(active))
             .group_by(col(HardshipFile.category)))
        uncategorised = 0
        for category, n in s.execute(q):
            if category is None:
                uncategorised += int(n)
            else:
                by_category[category] = int(n)
        out: dict[str, Any] = {"files": sum(by_status.values()), "by_status": by_status, "by_category": by_category,
                               "active": sum(by_status[a] for a in active)}
        if uncategorised:
            out["active_uncategorised"] = uncategorised
        for key in by:
            column = _GROUPABLE[key]
            rows = s.execute(select(column, func.count()).where(col(HardshipFile.status).in_(active))
                             .group_by(column))
            out[f"by_{key}"] = {(k or ""): int(n) for k, n in rows}
        total_fen = s.scalar(select(func.coalesce(func.sum(col(AssistanceRecord.amount_fen)), 0)))
        out["assistance_total_fen"] = int(total_fen or 0)
        return out
