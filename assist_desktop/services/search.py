"""Search-as-you-type over files, every kind of query answered from an index (migration 0003, db/search_index.py).

- Chinese (or other) text of 3+ characters: SQLite FTS5 trigram over name, employer and address (MATCH; `LIKE` on a
  trigram table returns nothing in SQLite 3.40.1); PostgreSQL: pg_trgm GIN indexes, or — without the extension —
  the bigram table, every bigram of the query, then a check of the rows found;
- 1–2 characters: the gram table (unigrams of the name, bigrams of name and employer), and name/employer prefixes;
- letters: pinyin initials (张三丰 → zsf) and full pinyin (zhangsanfeng, zhangs…), both as prefixes;
- digits: ID prefix (unique index), ID suffix (index on the reversed number), file-number sequence (501, 000501),
  birth date (19550518), phone prefix; 1955-05-18 as a birth date; 230102-0005… as a file-number prefix.

`count_matches` is exact; `estimate_count` answers at once with a capped count for the window to show while the
exact one runs in the background.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Cadre, HardshipFile
from assist_desktop.db.search_index import ID_REV_SQL, SEQ_SQL

_HIGH = "\U0010ffff"
#: the estimate counts at most this many rows, then says "more than"
ESTIMATE_CAP = 1000
_counter = itertools.count()


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


@dataclass(frozen=True)
class CountEstimate:
    """A count that never waits for a scan: exact up to `cap`, else 'more than cap'."""

    value: int
    exact: bool
    cap: int = ESTIMATE_CAP

    @property
    def label(self) -> str:
        return str(self.value) if self.exact else f">{self.cap}"


@dataclass(frozen=True)
class Backend:
    """What the query text may use: the SQL dialect, and whether PostgreSQL has pg_trgm indexes."""

    dialect: str = "sqlite"
    trigram: bool = False


def _prefix(column: Any, value: str) -> ColumnElement[bool]:
    return and_(column >= value, column < value + _HIGH)


def _p(name: str) -> str:
    return f"s{name}{next(_counter)}"


def _ids(sql: str, **params: Any) -> TextClause:
    """hardship_file.id IN (<sql selecting file ids>) with bound parameters of names unique in the statement."""
    names = {k: _p(k) for k in params}
    for k, n in names.items():
        sql = re.sub(rf":{k}\b", f":{n}", sql)
    return text(f"hardship_file.id IN ({sql})").bindparams(**{names[k]: v for k, v in params.items()})


def _grams_of(doc_sql: str) -> str:
    return f"SELECT file_id FROM search_doc WHERE doc IN ({doc_sql})"


def _birth_date(q: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})-?(\d{1,2})-?(\d{1,2})", q) if "-" in q else re.fullmatch(r"(\d{4})(\d{2})(\d{2})", q)
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2100 else None


def _digits(q: str, backend: Backend) -> ColumnElement[bool]:
    q = q.upper()
    conds: list[Any] = [_prefix(col(HardshipFile.id_number), q)]
    if len(q) >= 4:  # the last digits, as clerks often type them
        conds.append(_prefix(literal_column(ID_REV_SQL), q[::-1]))
    if q.isdigit():
        if len(q) <= 7:
            conds.append(literal_column(SEQ_SQL.get(backend.dialect, SEQ_SQL["postgresql"])) == q.zfill(6))
        if len(q) >= 3:
            conds.append(_prefix(col(HardshipFile.phone), q))
        day = _birth_date(q)
        if day is not None:
            conds.append(col(HardshipFile.birth_date) == day)
    return or_(*conds)


def _letters(q: str) -> ColumnElement[bool]:
    q = re.sub(r"[\s']", "", q).lower()
    return or_(_prefix(col(HardshipFile.name_initials), q),
               _ids("SELECT file_id FROM search_doc WHERE pinyin >= :lo AND pinyin < :hi", lo=q, hi=q + _HIGH))


def _like(q: str) -> str:
    return "%" + q.replace("\\", "").replace("%", "").replace("_", "") + "%"


def _text(q: str, backend: Backend) -> ColumnElement[bool]:
    if len(q) == 1:
        return or_(_prefix(col(HardshipFile.name), q), _prefix(col(HardshipFile.employer), q),
                   _ids(_grams_of("SELECT doc FROM search_gram WHERE gram = :g"), g=q))
    if len(q) == 2:
        return _ids(_grams_of("SELECT doc FROM search_gram WHERE gram = :g"), g=q)
    if backend.dialect == "sqlite":
        match = '{name employer address} : "' + q.replace('"', '""') + '"'
        return _ids(_grams_of("SELECT rowid FROM search_fts WHERE search_fts MATCH :m"), m=match)
    like = _like(q)
    if backend.trigram:  # pg_trgm GIN indexes answer LIKE '%…%' of 3+ characters
        return or_(col(HardshipFile.name).like(like), col(HardshipFile.employer).like(like),
                   col(HardshipFile.address).like(like))
    # no pg_trgm: files holding every bigram of the query, then the substring checked on those rows only
    grams = sorted({q[i:i + 2] for i in range(len(q) - 1)})
    params = {f"g{i}": g for i, g in enumerate(grams)}
    docs = " INTERSECT ".join(f"SELECT doc FROM search_gram WHERE gram = :g{i}" for i in range(len(grams)))
    return and_(_ids(_grams_of(docs), **params),
                or_(col(HardshipFile.name).like(like), col(HardshipFile.employer).like(like)))


def query_condition(query: str, *, backend: Backend | None = None) -> Any | None:
    """The WHERE condition for a search text, or None for 'everything'."""
    backend = backend or Backend()
    q = (query or "").strip()
    if not q:
        return None
    if re.fullmatch(r"[0-9]{1,17}[0-9Xx]?", q):
        return _digits(q, backend)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", q) and _birth_date(q) is not None:
        return or_(col(HardshipFile.birth_date) == _birth_date(q), _prefix(col(HardshipFile.file_no), q))
    if re.fullmatch(r"[A-Za-z0-9]+-[0-9]*", q):
        return _prefix(col(HardshipFile.file_no), q)
    if re.fullmatch(r"[A-Za-z][A-Za-z\s']*", q):
        return _letters(q)
    return _text(q, backend)


_TRIGRAM: dict[str, bool] = {}


def backend_of(s: Session) -> Backend:
    bind = s.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        return Backend("sqlite")
    key = str(bind.engine.url)
    if key not in _TRIGRAM:
        _TRIGRAM[key] = s.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_search_trgm_name'")).first() \
            is not None
    return Backend(dialect, _TRIGRAM[key])


def _base() -> Select[Any]:
    return (select(HardshipFile.id, HardshipFile.file_no, HardshipFile.name, HardshipFile.id_number,
                   HardshipFile.sex, HardshipFile.employer, HardshipFile.status, HardshipFile.category,
                   HardshipFile.per_capita_monthly_fen, Cadre.name, HardshipFile.review_state,
                   HardshipFile.updated_at)
            .outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id)))


def _filtered(stmt: Select[Any], query: str, status: str | None, category: str | None,
              backend: Backend) -> Select[Any]:
    cond = query_condition(query, backend=backend)
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
    stmt = _filtered(_base(), query, status, category, backend_of(s)).order_by(order_col).offset(offset).limit(limit)
    return [FileRow(*r) for r in s.execute(stmt)]


def search_files(db: Database, *, query: str = "", status: str | None = None, category: str | None = None,
                 offset: int = 0, limit: int = 200, order: str = "file_no") -> list[FileRow]:
    """Files matching a search text (name, pinyin, ID number or its last digits, file number, birth date,
    employer, phone)."""
    with db.reader() as s:
        return search_in(s, query=query, status=status, category=category, offset=offset, limit=limit,
                         order=order)


def count_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None) -> int:
    stmt = _filtered(select(func.count()).select_from(HardshipFile), query, status, category, backend_of(s))
    return int(s.scalar(stmt) or 0)


def count_matches(db: Database, *, query: str = "", status: str | None = None,
                  category: str | None = None) -> int:
    """The exact number of matching files (may take a while on a broad match at 1M files: run it off the UI)."""
    with db.reader() as s:
        return count_in(s, query=query, status=status, category=category)


def estimate_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None,
                cap: int = ESTIMATE_CAP) -> CountEstimate:
    inner = _filtered(select(literal_column("1")).select_from(HardshipFile), query, status, category,
                      backend_of(s)).limit(cap + 1).subquery()
    n = int(s.scalar(select(func.count()).select_from(inner)) or 0)
    return CountEstimate(min(n, cap), n <= cap, cap)


def estimate_count(db: Database, *, query: str = "", status: str | None = None, category: str | None = None,
                   cap: int = ESTIMATE_CAP) -> CountEstimate:
    """A count that answers at once: exact when at most `cap` files match, else `exact=False` ('>cap')."""
    with db.reader() as s:
        return estimate_in(s, query=query, status=status, category=category, cap=cap)
