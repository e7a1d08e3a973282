"""Lifecycle: applying the rules of domain/ to files (issue 3 fills this in)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from assist_desktop.db.models import HardshipFile


def evaluate_in(s: Session, f: HardshipFile, *, as_of: dt.date, actor: str) -> None:
    """Re-evaluate one file inside the caller's transaction."""
    return None


def reevaluate_all(db, *, as_of: dt.date, actor: str = "system", progress=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Re-evaluate every file (issue 3 fills this in)."""
    return {}
