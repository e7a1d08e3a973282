"""Search-as-you-type over files: name, pinyin initials, ID number, file number, employer.

Each kind of query takes an indexed path of its own (PLATFORM.md: trigram FTS misses 1–2 character
Chinese names); only a Chinese query of three or more characters falls back to a substring scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Cadre, HardshipFile

_HIGH = "\U0010ffff"


@dataclass(frozen=True)
class FileRow:
    """One line of the file list."""

    id: str
    file_no: str
    name: str
    id_number: str
    sex: str
    employer: str | None
    status: str
    category: str | None
    per_capita_monthly_fen: int | None
    responsible: str | None
    review_state: str
    updated_at: Any


def _prefix(col: Any, text: str) -> Any:
    return and_(col >= text, col < text + _HIGH)


def query_condition(query: str) -> Any | None:
    """The WHERE condition for a search text, or None for 'everything'."""
    q = (query or "").strip()
    if not q:
        return None
    if re.fullmatch(r"[0-9]{1,17}[0-9Xx]?", q):
        conds = [_prefix(col(HardshipFile.id_number), q.upper())]
        if 4 <= len(q) <= 6:
            conds.append(col(HardshipFile.id_number).like(f"%{q.upper()}"))  # the last digits, as clerks often type
        return or_(*conds)
    if re.fullmatch(r"[A-Za-z0-9]+-[0-9]*", q):
        return _prefix(col(HardshipFile.file_no), q)
    if re.fullmatch(r"[A-Za-z]+", q):
        return _prefix(col(HardshipFile.name_initials), q.lower())
    conds = [_prefix(col(HardshipFile.name), q), _prefix(col(HardshipFile.employer), q)]
    if len(q) >= 2:
        like = f"%{q.replace('%', '').replace('_', '')}%"
        conds += [col(HardshipFile.name).like(like), col(HardshipFile.employer).like(like)]
    if len(q) >= 3:
        conds.append(col(HardshipFile.address).like(f"%{q.replace('%', '').replace('_', '')}%"))
    return or_(*conds)


def _base(columns: bool = True) -> Select[*tuple[Any, ...]]:
    return (select(col(HardshipFile.id), col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.id_number),
                   col(HardshipFile.sex), col(HardshipFile.employer), col(HardshipFile.status), col(HardshipFile.category),
                   col(HardshipFile.per_capita_monthly_fen), col(Cadre.name), col(HardshipFile.review_state),
                   col(HardshipFile.updated_at))
            .outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id)))


def _filtered(stmt: Select[*tuple[Any, ...]], query: str, status: str | None, category: str | None) -> Select[*tuple[Any, ...]]:
    cond = query_condition(query)
    if cond is not None:
        stmt = stmt.where(cond)
    if status:
        stmt = stmt.where(col(HardshipFile.status) == status)
    if category:
        stmt = stmt.where(col(HardshipFile.category) == category)
    return stmt


def search_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None,
              offset: int = 0, limit: int = 200, order: str = "file_no") -> list[FileRow]:
    order_col = {"file_no": col(HardshipFile.file_no), "name": col(HardshipFile.name),
                 "updated": col(HardshipFile.updated_at).desc()}.get(order, col(HardshipFile.file_no))
    stmt = _filtered(_base(), query, status, category).order_by(order_col).offset(offset).limit(limit)
    return [FileRow(*r) for r in s.execute(stmt)]


def search_files(db: Database, *, query: str = "", status: str | None = None, category: str | None = None,
                 offset: int = 0, limit: int = 200, order: str = "file_no") -> list[FileRow]:
    """Files matching a search text (name, initials, ID number or its last digits, file number, employer)."""
    with db.reader() as s:
        return search_in(s, query=query, status=status, category=category, offset=offset, limit=limit,
                         order=order)


def count_matches(db: Database, *, query: str = "", status: str | None = None,
                  category: str | None = None) -> int:
    with db.reader() as s:
        stmt = _filtered(select(func.count()).select_from(HardshipFile), query, status, category)
        return int(s.scalar(stmt) or 0)
