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
import math
import re
import time
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


@dataclass(frozen=True)
class Plan:
    """How one search text is answered.

    `cond` drives the query from the indexes (best when few files match); `check` is the same test made on
    each row (best when many match: the file-number index is read in order until the page is full); `probes`
    count matches on the index alone (capped), to choose between the two.
    """

    cond: Any
    check: Any
    probes: tuple[Select[*tuple[Any, ...]], ...] = ()


def _ids(sql: str, **params: Any) -> TextClause:
    """hardship_file.id IN (<sql selecting file ids>); parameter names are fixed per kind of query (so that the
    statement is compiled and prepared once), and each kind uses this once per statement."""
    return text(f"hardship_file.id IN ({sql})").bindparams(**params)


def _probe(sql: str, **params: Any) -> Select[*tuple[Any, ...]]:
    """The rows of an index-only query (gram table, FTS, pinyin), to be counted up to a cap."""
    src = text(sql).bindparams(**params).columns(literal_column("doc")).subquery("probe_src")
    return select(literal_column("1")).select_from(src)


def _file_probe(cond: Any) -> Select[*tuple[Any, ...]]:
    return select(literal_column("1")).select_from(HardshipFile).where(cond)


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


def _digits(q: str, backend: Backend) -> Any:
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
    return conds


def _contains(column: Any, q: str, backend: Backend) -> ColumnElement[bool]:
    fn = func.instr(column, q) if backend.dialect == "sqlite" else func.strpos(column, q)
    return fn > 0


def _like(q: str) -> str:
    return "%" + q.replace("\\", "").replace("%", "").replace("_", "") + "%"


def _plan(query: str, backend: Backend) -> Plan | None:
    q = (query or "").strip()
    if not q:
        return None
    name, employer, address = col(HardshipFile.name), col(HardshipFile.employer), col(HardshipFile.address)
    if re.fullmatch(r"[0-9]{1,17}[0-9Xx]?", q):
        conds = _digits(q, backend)
        return Plan(or_(*conds), or_(*conds), tuple(_file_probe(c) for c in conds))
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", q) and _birth_date(q) is not None:
        conds = [col(HardshipFile.birth_date) == _birth_date(q), _prefix(col(HardshipFile.file_no), q)]
        return Plan(or_(*conds), or_(*conds), tuple(_file_probe(c) for c in conds))
    if re.fullmatch(r"[A-Za-z0-9]+-[0-9]*", q):
        cond = _prefix(col(HardshipFile.file_no), q)
        return Plan(cond, cond, (_file_probe(cond),))
    if re.fullmatch(r"[A-Za-z][A-Za-z\s']*", q):
        p = re.sub(r"[\s']", "", q).lower()
        initials = _prefix(col(HardshipFile.name_initials), p)
        pinyin = "SELECT file_id FROM search_doc WHERE pinyin >= :lo AND pinyin < :hi"
        check = or_(initials, text("EXISTS (SELECT 1 FROM search_doc WHERE search_doc.file_id = hardship_file.id "
                                   "AND pinyin >= :lo AND pinyin < :hi)").bindparams(lo=p, hi=p + _HIGH))
        return Plan(or_(initials, _ids(pinyin, lo=p, hi=p + _HIGH)), check,
                    (_file_probe(initials), _probe(pinyin, lo=p, hi=p + _HIGH)))
    gram = "SELECT doc FROM search_gram WHERE gram = :g"
    if len(q) <= 2:
        check = or_(_contains(name, q, backend), _contains(employer, q, backend))
        grams = _ids(_grams_of(gram), g=q)
        probes: tuple[Any, ...] = (_probe(gram, g=q),)
        if len(q) == 1:  # a character of the name (unigrams), or the first of the employer's
            head = _prefix(employer, q)
            return Plan(or_(grams, head), or_(_contains(name, q, backend), head), (*probes, _file_probe(head)))
        return Plan(grams, check, probes)
    check = or_(_contains(name, q, backend), _contains(employer, q, backend), _contains(address, q, backend))
    if backend.dialect == "sqlite":
        match = '{name employer address} : "' + q.replace('"', '""') + '"'
        fts = "SELECT rowid FROM search_fts WHERE search_fts MATCH :m"
        return Plan(_ids(_grams_of(fts), m=match), check, (_probe(fts, m=match),))
    like = _like(q)
    if backend.trigram:  # pg_trgm GIN indexes answer LIKE '%…%' of 3+ characters
        trgm = or_(name.like(like), employer.like(like), address.like(like))
        return Plan(trgm, check, (_file_probe(trgm),))
    # no pg_trgm: files holding every bigram of the query, then the substring checked on those rows only
    bigrams = sorted({q[i:i + 2] for i in range(len(q) - 1)})
    params = {f"g{i}": g for i, g in enumerate(bigrams)}
    docs = " INTERSECT ".join(f"SELECT doc FROM search_gram WHERE gram = :g{i}" for i in range(len(bigrams)))
    check = or_(_contains(name, q, backend), _contains(employer, q, backend))
    return Plan(and_(_ids(_grams_of(docs), **params), check), check, (_probe(docs, **params),))


def query_condition(query: str, *, backend: Backend | None = None) -> Any | None:
    """The WHERE condition for a search text (driven by the indexes), or None for 'everything'."""
    plan = _plan(query, backend or Backend())
    return None if plan is None else plan.cond


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


def _base() -> Select[*tuple[Any, ...]]:
    f = HardshipFile
    stmt: Select[*tuple[Any, ...]] = (select(col(f.id), col(f.file_no), col(f.name), col(f.id_number), col(f.sex), col(f.employer),
                   col(f.status), col(f.category), col(f.per_capita_monthly_fen), col(Cadre.name),
                   col(f.review_state), col(f.updated_at))
                         .outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id)))
    return stmt


def _filters(stmt: Select[*tuple[Any, ...]], status: str | None, category: str | None) -> Select[*tuple[Any, ...]]:
    if status:
        stmt = stmt.where(col(HardshipFile.status) == status)
    if category:
        stmt = stmt.where(col(HardshipFile.category) == category)
    return stmt


def _filtered(stmt: Select[*tuple[Any, ...]], query: str, status: str | None, category: str | None,
              backend: Backend) -> Select[*tuple[Any, ...]]:
    cond = query_condition(query, backend=backend)
    if cond is not None:
        stmt = stmt.where(cond)
    return _filters(stmt, status, category)


def _seen(s: Session, plan: Plan, cap: int, threshold_rows: int | None = None) -> tuple[int, int]:
    """(the most matches any one probe saw, capped; about how many files there are) in one statement."""
    counts = [select(func.count()).select_from(p.limit(cap).subquery()).scalar_subquery() for p in plan.probes]
    files = text("(SELECT max(doc) FROM search_doc)")  # the search index's highest handle: one index step
    row = s.execute(select(*counts, literal_column(str(files)))).one()
    return max((int(v or 0) for v in row[:-1]), default=0), int(row[-1] or 0)


_FILES: dict[str, tuple[float, int]] = {}


def _broad(s: Session, plan: Plan, rows: int) -> bool:
    """Whether reading the files in order and checking each row beats collecting every match from the indexes.

    In order: about rows × files / matches rows read; from the indexes: about 3 × matches steps (each match looked
    up and sorted). Break-even at sqrt(rows × files / 3) matches (about 8,000 for a page of 200 among 1M files);
    the probes count up to that at most, so choosing costs a few thousand index steps at worst."""
    key = str(s.get_bind().engine.url)
    now = time.monotonic()
    cached = _FILES.get(key)
    if cached is None or now - cached[0] > 60:  # the size changes slowly; one step to learn it, once a minute
        cached = _FILES[key] = (now, _seen(s, Plan(None, None), 1)[1])
    files = cached[1]
    threshold = max(1000, math.isqrt(rows * files // 3))
    return _seen(s, plan, threshold)[0] >= threshold


def _in_order(stmt: Select[*tuple[Any, ...]], backend: Backend) -> Select[*tuple[Any, ...]]:
    if backend.dialect == "sqlite":
        return stmt.with_hint(HardshipFile, "INDEXED BY ix_hardship_file_file_no", "sqlite")
    return stmt


def search_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None,
              offset: int = 0, limit: int = 200, order: str = "file_no") -> list[FileRow]:
    backend = backend_of(s)
    order_col = {"file_no": col(HardshipFile.file_no), "name": col(HardshipFile.name),
                 "updated": col(HardshipFile.updated_at).desc()}.get(order, col(HardshipFile.file_no))
    stmt = _filters(_base(), status, category)
    plan = _plan(query, backend)
    if plan is not None:
        if order == "file_no" and _broad(s, plan, offset + limit):
            stmt = _in_order(stmt.where(plan.check), backend)
        else:
            stmt = stmt.where(plan.cond)
    stmt = stmt.order_by(order_col).offset(offset).limit(limit)
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
    """The exact number of matching files (on a broad match at 1M files this takes a while: run it off the UI
    thread, and show `estimate_count` meanwhile)."""
    with db.reader() as s:
        return count_in(s, query=query, status=status, category=category)


def estimate_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None,
                cap: int = ESTIMATE_CAP) -> CountEstimate:
    backend = backend_of(s)
    plan = _plan(query, backend)
    inner = _filters(select(literal_column("1")).select_from(HardshipFile), status, category)
    if plan is not None:
        if not status and not category and _seen(s, plan, cap + 1)[0] > cap:
            return CountEstimate(cap, False, cap)  # the index alone already sees more than the cap
        broad = _broad(s, plan, cap + 1)
        inner = _in_order(inner.where(plan.check), backend) if broad else inner.where(plan.cond)
    n = int(s.scalar(select(func.count()).select_from(inner.limit(cap + 1).subquery())) or 0)
    return CountEstimate(min(n, cap), n <= cap, cap)


def estimate_count(db: Database, *, query: str = "", status: str | None = None, category: str | None = None,
                   cap: int = ESTIMATE_CAP) -> CountEstimate:
    """A count that answers at once: exact when at most `cap` files match, else `exact=False` ('>cap')."""
    with db.reader() as s:
        return estimate_in(s, query=query, status=status, category=category, cap=cap)
