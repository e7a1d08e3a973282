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

Each kind of query has one SQL text with named parameters (`_Query`: a fixed shape and its values), so the
statements are written once per shape and prepared once per connection. `search_files`, `count_matches` and
`estimate_count` run them on a bare DB-API connection (`Database.raw_reader`): no statement building, no session,
no ORM rows — a narrow search costs about what the bare query does. On PostgreSQL the probe and the page are two
statements: the probes and capped counts are prepared and planned once (generic plans), the pages sent with their
values written in and planned with them (`_raw_runner`). The session forms (`search_in`, `count_in`,
`estimate_in`, `query_condition`) run the very same SQL through a session, for callers inside a transaction.

SQLite, in file-number order (the window's list): a narrow statement runs first — the first 1,000 matches kept,
the page made of them when they are all there is (`_narrow_sql`). When it does not answer, the matches are
counted on to the break-even from the indexes alone, and that count chooses between collecting the matches and
reading the files in order; the way chosen is kept for the text (`_BROAD`, a hint for some minutes), so that the
next keystrokes run that one way alone, as a bare query does (`_one_way_sql`). The pinyin initials' matches
carry their file numbers from their covering index (migration 0013), so a broad set of initials is sorted for the
page before the table is read; with a status or category filter the sorted matches are walked until the page is
full, and in name or last-change order they are collected and sorted below the break-even. The statement that
chooses inside itself (`_page_sql`) answers the kinds without one statement of their matches (a single character)
and the other orders.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Protocol

from sqlalchemy import Dialect, TextClause, text
from sqlalchemy.orm import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Cadre, HardshipFile, table_of
from assist_desktop.db.search_index import ID_REV_SQL, SEQ_SQL

_HIGH = "\U0010ffff"
#: the estimate counts at most this many rows, then says "more than"
ESTIMATE_CAP = 1000
#: SQLite: a search keeps up to this many matches from its first read of the index (fewer: the page is made of
#: them); more are counted on, not kept (keeping thousands costs more than reading the index again)
KEPT_MATCHES = 1000
_F = "hardship_file"
#: SQLite, a filtered estimate given a lower bound (`estimate_count`'s `known`): at most this many matches are
#: read from the table for the filter before the estimate says "at least"
ESTIMATE_BUDGET = 2000


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
    #: not exact, and `value` is a lower bound below the cap: at least that many match ("≥240"), the exact count
    #: to follow (see `estimate_count`'s `known`)
    at_least: bool = False

    @property
    def label(self) -> str:
        if self.exact:
            return str(self.value)
        return f"≥{self.value}" if self.at_least else f">{self.cap}"


@dataclass(frozen=True)
class Backend:
    """What the query text may use: the SQL dialect, and whether PostgreSQL has pg_trgm indexes."""

    dialect: str = "sqlite"
    trigram: bool = False


@dataclass(frozen=True)
class Plan:
    """How one shape of search text is answered (SQL conditions on hardship_file, with named parameters).

    `cond` drives the query from the indexes (best when few files match); `check` is the same test made on
    each row (best when many match: the file-number index is read in order until the page is full); `probes`
    select index rows only, counted up to a cap, to choose between the two.
    """

    cond: str
    check: str
    probes: tuple[str, ...]
    #: SQLite: one statement selecting each match once from the indexes, and how its rows join the files —
    #: "rowid" (hardship_file rowids, column r) or "doc" (search_doc handles, column doc); None: use `cond`
    matches: str | None = None
    joins: str = "rowid"
    #: what `check` costs per row, beside a plain test of the row's columns (an index look-up per row: more)
    row_cost: int = 1
    #: SQLite, joins "rowid": the same matches as `matches` (column r), each with its file number (column k) from
    #: an index that holds it (the initials' covering index, migration 0013): for a broad match the first page's
    #: matches are then chosen and sorted before any row of the table is read
    keyed: str | None = None


@dataclass(frozen=True)
class _Query:
    """A search text classified: `shape` decides the SQL text, `params` are its values."""

    shape: tuple[Any, ...]
    params: dict[str, Any]


def _birth_date(q: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})-?(\d{1,2})-?(\d{1,2})", q) if "-" in q else re.fullmatch(r"(\d{4})(\d{2})(\d{2})", q)
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2100 else None


def _range(name: str, value: str) -> dict[str, str]:
    return {name: value, f"{name}_hi": value + _HIGH}


def _like(q: str) -> str:
    return "%" + q.replace("\\", "").replace("%", "").replace("_", "") + "%"


@lru_cache(maxsize=1024)
def _classify(query: str, backend: Backend) -> _Query | None:
    """(Cached: the caller copies `params`, never changes them.)"""
    q = (query or "").strip()
    if not q:
        return None
    if re.fullmatch(r"[0-9]{1,17}[0-9Xx]?", q):
        q = q.upper()
        digits = q.isdigit()
        day = _birth_date(q) if digits else None
        params: dict[str, Any] = _range("q", q)
        if len(q) >= 4:  # the last digits, as clerks often type them
            params.update(_range("rev", q[::-1]))
        if digits and len(q) <= 7:
            params["seq"] = q.zfill(6)
        if day is not None:
            params["day"] = day
        return _Query(("digits", len(q) >= 4, digits and len(q) <= 7, digits and len(q) >= 3, day is not None),
                      params)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", q) and (day := _birth_date(q)) is not None:
        return _Query(("date",), {"day": day, **_range("fno", q)})
    if re.fullmatch(r"[A-Za-z0-9]+-[0-9]*", q):
        return _Query(("file_no",), _range("fno", q))
    if re.fullmatch(r"[A-Za-z][A-Za-z\s']*", q):
        return _Query(("pinyin",), _range("p", re.sub(r"[\s']", "", q).lower()))
    if len(q) <= 2:
        return _Query(("one",) if len(q) == 1 else ("two",), _range("g", q))
    if backend.dialect == "sqlite":
        return _Query(("fts",), {"m": '{name employer address} : "' + q.replace('"', '""') + '"', "q": q})
    if backend.trigram:
        return _Query(("trgm",), {"like": _like(q), "q": q})
    bigrams = sorted({q[i:i + 2] for i in range(len(q) - 1)})
    return _Query(("bigrams", len(bigrams)), {"q": q, **{f"g{i}": g for i, g in enumerate(bigrams)}})


def _prefix(column: str, name: str) -> str:
    return f"({column} >= :{name} AND {column} < :{name}_hi)"


def _contains(column: str, name: str, dialect: str) -> str:
    return f"{'instr' if dialect == 'sqlite' else 'strpos'}({column}, :{name}) > 0"


def _on_files(conds: Sequence[str]) -> Plan:
    either = "(" + " OR ".join(conds) + ")"
    # each index's rows, united (SQLite: several times faster than its multi-index OR over the same indexes)
    rows = " UNION ".join(f"SELECT {_F}.rowid AS r FROM {_F} WHERE {c}" for c in conds)
    return Plan(either, either, tuple(f"SELECT 1 FROM {_F} WHERE {c}" for c in conds), rows, "rowid")


def _of_docs(doc_sql: str) -> str:
    return f"{_F}.id IN (SELECT file_id FROM search_doc WHERE doc IN ({doc_sql}))"


@lru_cache(maxsize=256)
def _plan_of(shape: tuple[Any, ...], backend: Backend) -> Plan:
    kind, dialect = shape[0], backend.dialect
    name, employer, address = f"{_F}.name", f"{_F}.employer", f"{_F}.address"
    if kind == "digits":
        _, suffix, seq, phone, birth = shape
        conds = [_prefix(f"{_F}.id_number", "q")]
        if suffix:
            conds.append(_prefix(ID_REV_SQL, "rev"))
        if seq:
            conds.append(f"{SEQ_SQL.get(dialect, SEQ_SQL['postgresql'])} = :seq")
        if phone:
            conds.append(_prefix(f"{_F}.phone", "q"))
        if birth:
            conds.append(f"{_F}.birth_date = :day")
        return _on_files(conds)
    if kind == "date":
        return _on_files([f"{_F}.birth_date = :day", _prefix(f"{_F}.file_no", "fno")])
    if kind == "file_no":
        return _on_files([_prefix(f"{_F}.file_no", "fno")])
    if kind == "pinyin":
        initials = _prefix(f"{_F}.name_initials", "p")
        pinyin = "SELECT file_id FROM search_doc WHERE pinyin >= :p AND pinyin < :p_hi"
        if dialect == "sqlite":  # the multi-index OR: the initials' index range and the list of ids
            either = f"({initials} OR {_F}.id IN ({pinyin}))"
        else:  # one IN over both indexes (PostgreSQL cannot OR an index range with an IN list: it would scan)
            either = (f"{_F}.id IN (SELECT i.id FROM {_F} AS i WHERE i.name_initials >= :p AND i.name_initials < "
                      f":p_hi UNION {pinyin})")
        if dialect == "sqlite":
            # SQLite's page: both indexes' rows, each match once (the pinyin side's only where the initials did not
            # match, told apart by rowid before the table is read: streamed, so that a LIMIT stops it early, where a
            # UNION would first collect every match); read in order, each row not matched by its initials costs a
            # look-up of its full pinyin (about 4 times a plain check). `keyed`: each match with its file number, the
            # initials' from their covering index (name_initials, file_no), so that a broad set of initials (wj:
            # 8,348 of 1M) is sorted for the page without reading the table for each match
            not_initials = (f"FROM search_doc JOIN {_F} ON {_F}.id = search_doc.file_id WHERE search_doc.pinyin >= :p "
                            f"AND search_doc.pinyin < :p_hi AND {_F}.rowid NOT IN (SELECT rowid FROM {_F} WHERE {initials})")
            rows = f"SELECT rowid AS r FROM {_F} WHERE {initials} UNION ALL SELECT {_F}.rowid {not_initials}"
            keyed = (f"SELECT rowid AS r, file_no AS k FROM {_F} WHERE {initials} UNION ALL "
                     f"SELECT {_F}.rowid, {_F}.file_no {not_initials}")
            return Plan(either,
                        f"({initials} OR EXISTS (SELECT 1 FROM search_doc WHERE search_doc.file_id = {_F}.id "
                        "AND pinyin >= :p AND pinyin < :p_hi))",
                        (f"SELECT 1 FROM {_F} WHERE {initials}", pinyin), rows, "rowid", 4, keyed)
        # PostgreSQL: the full pinyin's ids are read once into a hashed list (a hashed subplan), so the check per
        # row read in order costs what a plain test does
        return Plan(either, f"({initials} OR {_F}.id IN ({pinyin}))",
                    (f"SELECT 1 FROM {_F} WHERE {initials}", pinyin), None, "rowid", 1)
    gram = "SELECT doc FROM search_gram WHERE gram = :g"
    if kind == "one":  # a character of the name (unigrams), or the first of the employer's
        head = _prefix(employer, "g")
        return Plan(f"({_of_docs(gram)} OR {head})", f"({_contains(name, 'g', dialect)} OR {head})",
                    (gram, f"SELECT 1 FROM {_F} WHERE {head}"))
    if kind == "two":
        return Plan(_of_docs(gram), f"({_contains(name, 'g', dialect)} OR {_contains(employer, 'g', dialect)})",
                    (gram,), gram, "doc")
    check = f"({' OR '.join(_contains(c, 'q', dialect) for c in (name, employer, address))})"
    if kind == "fts":
        fts = "SELECT rowid FROM search_fts WHERE search_fts MATCH :m"
        return Plan(_of_docs(fts), check, (fts,), "SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH :m",
                    "doc")
    if kind == "trgm":  # pg_trgm GIN indexes answer LIKE '%…%' of 3+ characters
        trgm = f"({name} LIKE :like OR {employer} LIKE :like OR {address} LIKE :like)"
        return Plan(trgm, check, (f"SELECT 1 FROM {_F} WHERE {trgm}",))
    # no pg_trgm: files holding every bigram of the query, then the substring checked on those rows only
    docs = " INTERSECT ".join(f"SELECT doc FROM search_gram WHERE gram = :g{i}" for i in range(shape[1]))
    check = f"({_contains(name, 'q', dialect)} OR {_contains(employer, 'q', dialect)})"
    return Plan(f"({_of_docs(docs)} AND {check})", check, (docs,))


def _plan(query: str, backend: Backend) -> tuple[Plan, dict[str, Any]] | None:
    found = _classify(query, backend)
    return None if found is None else (_plan_of(found.shape, backend), found.params)


def query_condition(query: str, *, backend: Backend | None = None) -> TextClause | None:
    """The WHERE condition for a search text (driven by the indexes), or None for 'everything'."""
    planned = _plan(query, backend or Backend())
    if planned is None:
        return None
    plan, params = planned
    return text(plan.cond).bindparams(**{k: v for k, v in params.items() if f":{k}" in _names(plan.cond)})


@lru_cache(maxsize=1024)
def _names(sql: str) -> frozenset[str]:
    return frozenset(re.findall(r":\w+", sql))


# --- the statements ------------------------------------------------------------------------------------------
_COLUMNS = ("id", "file_no", "name", "id_number", "sex", "employer", "status", "category", "per_capita_monthly_fen",
            "cadre.name", "review_state", "updated_at")
_SELECT = ", ".join(f"{c if '.' in c else f'{_F}.{c}'} AS c{i}" for i, c in enumerate(_COLUMNS))
#: the list's orders; ties broken by the file number (unique), so that paging by offset neither repeats nor skips
_ORDERS = {"file_no": f"{_F}.file_no", "name": f"{_F}.name, {_F}.file_no",
           "updated": f"{_F}.updated_at DESC, {_F}.file_no"}


def _from(dialect: str, *, in_order: bool = False, cadre: bool = True) -> str:
    hint = " INDEXED BY ix_hardship_file_file_no" if in_order and dialect == "sqlite" else ""
    join = f" LEFT OUTER JOIN cadre ON cadre.id = {_F}.responsible_person_id" if cadre else ""
    return f"{_F}{hint}{join}"


def _where(*conds: str | None, status: bool, category: bool) -> str:
    terms = [c for c in conds if c]
    if status:
        terms.append(f"{_F}.status = :status")
    if category:
        terms.append(f"{_F}.category = :category")
    return " WHERE " + " AND ".join(terms) if terms else ""


def _seen_sql(plan: Plan, limit: str) -> str:
    """The most index rows any one probe sees, each counted up to :limit."""
    parts = " UNION ALL ".join(f"SELECT count(*) AS c FROM ({p} LIMIT :{limit}) AS p{i}"
                               for i, p in enumerate(plan.probes))
    return f"SELECT max(c) FROM ({parts}) AS seen"


def _when(guard: str, limit: str) -> str:
    """A LIMIT that is `limit` when `guard` holds, else 0: SQLite and PostgreSQL evaluate it once, before the
    query runs, and a LIMIT 0 runs nothing (a guard in the WHERE clause would be tested row by row: SQLite does
    not hoist a condition holding a subquery)."""
    return f"LIMIT (CASE WHEN {guard} THEN {limit} ELSE 0 END)"


@lru_cache(maxsize=512)
def _page_sql(shape: tuple[Any, ...] | None, backend: Backend, status: bool, category: bool, order: str) -> str:
    """The page: from the indexes or, when the probes see at least :t matches, the file-number index in order
    with the check per row — chosen inside the one statement (the probe runs once, the other way not at all)."""
    dialect = backend.dialect
    order_by = f" ORDER BY {_ORDERS.get(order, _ORDERS['file_no'])}"
    page = " LIMIT :lim OFFSET :off"
    if shape is None:
        return f"SELECT {_SELECT} FROM {_from(dialect)}{_where(status=status, category=category)}{order_by}{page}"
    plan = _plan_of(shape, backend)
    if order != "file_no":
        return (f"SELECT {_SELECT} FROM {_from(dialect)}{_where(plan.cond, status=status, category=category)}"
                f"{order_by}{page}")
    if dialect == "sqlite" and plan.matches is not None:
        return _page_sql_matches(plan, status, category, order_by)
    narrow = f"{_where(plan.cond, status=status, category=category)}{order_by} " \
             f"{_when('(SELECT n FROM probe) < :t', ':lim')} OFFSET :off"
    broad = f"{_where(plan.check, status=status, category=category)}{order_by} " \
            f"{_when('(SELECT n FROM probe) >= :t', ':lim')} OFFSET :off"
    return (f"WITH probe(n) AS MATERIALIZED ({_seen_sql(plan, 't')}) "
            f"SELECT * FROM (SELECT {_SELECT} FROM {_from(dialect)}{narrow}) AS narrow UNION ALL "
            f"SELECT * FROM (SELECT {_SELECT} FROM {_from(dialect, in_order=True)}{broad}) AS broad "
            "ORDER BY c1")


def _joined(plan: Plan, source: str) -> str:
    """Matches (`source`, aliased m) joined to their files, the matches the outer loop (CROSS JOIN: else SQLite,
    not knowing how few they are, may read the files in file-number order and look each up in the matches)."""
    if plan.joins == "doc":
        return f"{source} CROSS JOIN search_doc AS d ON d.doc = m.doc CROSS JOIN {_F} ON {_F}.id = d.file_id"
    return f"{source} CROSS JOIN {_F} ON {_F}.rowid = m.r"


def _kept(plan: Plan, status: bool, category: bool, limit: str) -> tuple[str, str]:
    """(the CTEs `kept` — the first :small matches — and `few` — how many —, the kept matches joined to their
    files for a page of at most `limit` + :off rows). With `Plan.keyed` (and no filter) the matches are kept
    with their file numbers, and only the page's files are read."""
    if plan.keyed is None or status or category:
        return _KEPT.format(plan.matches), _joined(plan, "kept AS m")
    return (_KEPT.format(plan.keyed),
            f"(SELECT r FROM kept ORDER BY k LIMIT ({limit})) AS m CROSS JOIN {_F} ON {_F}.rowid = m.r")


_CADRE = f" LEFT OUTER JOIN cadre ON cadre.id = {_F}.responsible_person_id"
_KEPT = "kept AS MATERIALIZED ({} LIMIT :small), few(n) AS MATERIALIZED (SELECT count(*) FROM kept)"
_FEW = "(SELECT n FROM few) < :small"


@lru_cache(maxsize=256)
def _probe_sql(shape: tuple[Any, ...], backend: Backend, limit: str) -> str:
    """PostgreSQL: the probes alone (`_seen_sql`), a statement of their own."""
    return _seen_sql(_plan_of(shape, backend), limit)


@lru_cache(maxsize=512)
def _way_sql(shape: tuple[Any, ...], backend: Backend, status: bool, category: bool, in_order: bool) -> str:
    """PostgreSQL, the page in file-number order by the one way the probe chose beforehand: from the indexes
    (`Plan.cond`) or the files read in order with the check per row (`Plan.check`). Two short statements plan
    in a fraction of the time of the one that holds the probe and both ways, and only the way taken is planned.
    A match by its gram is a join (a gram's documents are distinct, a document is one file), not an `IN` list
    that is made distinct first."""
    plan = _plan_of(shape, backend)
    order = f" ORDER BY {_ORDERS['file_no']} LIMIT :lim OFFSET :off"
    if not in_order and shape[0] == "two":
        return (f"SELECT {_SELECT} FROM search_gram AS g JOIN search_doc AS d ON d.doc = g.doc JOIN {_F} ON "
                f"{_F}.id = d.file_id LEFT OUTER JOIN cadre ON cadre.id = {_F}.responsible_person_id"
                f"{_where('g.gram = :g', status=status, category=category)}{order}")
    where = _where(plan.check if in_order else plan.cond, status=status, category=category)
    return f"SELECT {_SELECT} FROM {_from(backend.dialect)}{where}{order}"


@lru_cache(maxsize=512)
def _way_count_sql(shape: tuple[Any, ...], backend: Backend, status: bool, category: bool, in_order: bool) -> str:
    """PostgreSQL: the estimate's capped count by the one way the probe chose (see `_estimate_sql`)."""
    plan = _plan_of(shape, backend)
    where = _where(plan.check if in_order else plan.cond, status=status, category=category)
    return f"SELECT count(*) FROM (SELECT 1 FROM {_F}{where} LIMIT :c) AS capped"


def _page_sql_matches(plan: Plan, status: bool, category: bool, order_by: str) -> str:
    """SQLite, a plan whose matches one statement selects (`Plan.matches`): the first :small matches are kept
    (a materialised CTE) and counted; fewer than :small — all of them, then: the page is those joined to the
    files (the index read once). Else the matches are counted on up to :t from the index alone (nothing kept):
    below :t the page is collected from the indexes again, at or above it the file-number index is read in
    order with the check per row. Each way's LIMIT is 0 unless it is the one taken, so the others never run,
    nor does the count on to :t when the first :small decided."""
    filters = _where(status=status, category=category)
    some = "(SELECT n FROM some) < :t"

    def first(n: str) -> str:
        return f"CASE WHEN {_FEW} THEN {n} ELSE 0 END"

    def second(n: str) -> str:
        return f"CASE WHEN {_FEW} THEN 0 WHEN {some} THEN {n} ELSE 0 END"

    def third(n: str) -> str:
        return f"CASE WHEN {_FEW} THEN 0 WHEN {some} THEN 0 ELSE {n} END"

    kept, kept_joined = _kept(plan, status, category, first(":lim + :off"))
    collected = _joined(plan, f"({plan.matches}) AS m")
    if plan.keyed is not None and not (status or category):
        # the page's matches chosen by their file number, and only their rows read (the inner LIMIT is 0 too
        # when this way is not taken: else SQLite would collect and sort the matches all the same)
        collected = (f"(SELECT r FROM ({plan.keyed}) AS m ORDER BY k LIMIT ({second(':lim + :off')})) AS m "
                     f"JOIN {_F} ON {_F}.rowid = m.r")
    ways = (
        (kept_joined, filters, first(":lim")),
        (collected, filters, second(":lim")),
        (_from("sqlite", in_order=True, cadre=False), _where(plan.check, status=status, category=category),
         third(":lim")),
    )
    selects = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {_SELECT} FROM {source}{_CADRE}{where}{order_by} LIMIT ({limit}) OFFSET :off) "
        f"AS w{i}" for i, (source, where, limit) in enumerate(ways))
    return (f"WITH {kept}, "
            f"some(n) AS MATERIALIZED (SELECT count(*) FROM ({plan.matches} LIMIT :t) AS counted) "
            f"{selects} ORDER BY c1")


#: PostgreSQL, the exact count of a single character's matches: one IN over the gram's files and the employer
#: index's united (the page's OR of an IN list and an index range is counted by scanning every file with a hashed
#: list: 1 s for 王 at 1M files, against 0.07–0.25 s; the page keeps the OR, which reads fewer rows for it)
_ONE_COUNT = (f"{_F}.id IN (SELECT d.file_id FROM search_gram AS g JOIN search_doc AS d ON d.doc = g.doc WHERE "
              f"g.gram = :g UNION SELECT e.id FROM {_F} AS e WHERE e.employer >= :g AND e.employer < :g_hi)")


@lru_cache(maxsize=512)
def _narrow_sql(shape: tuple[Any, ...], backend: Backend, status: bool, category: bool) -> str | None:
    """SQLite, in file-number order: the first way of `_page_sql_matches` alone — the first :small matches kept
    and counted, and the page made of them when there are fewer (all of them, then) — and after the page's rows
    one more, its first column NULL, whose second is that count. The page is the full statement's exactly when
    the count is below :small; at or above, the caller runs the full statement. For narrow matches (a birth
    date, a file-number fragment, a name) this costs about what the bare query does: the other ways, and what
    chooses between them, are not in it at all."""
    plan = _plan_of(shape, backend)
    if backend.dialect != "sqlite" or plan.matches is None:
        return None
    kept, kept_joined = _kept(plan, status, category, f"CASE WHEN {_FEW} THEN :lim + :off ELSE 0 END")
    page = (f"SELECT {_SELECT} FROM {kept_joined}{_CADRE}{_where(status=status, category=category)}"
            f" ORDER BY {_F}.file_no LIMIT (CASE WHEN {_FEW} THEN :lim ELSE 0 END) OFFSET :off")
    nulls = ", ".join(["NULL"] * (len(_COLUMNS) - 2))
    return (f"WITH {kept} SELECT * FROM ({page}) AS p "
            f"UNION ALL SELECT NULL, n, {nulls} FROM few")


def _by_matches(shape: tuple[Any, ...], backend: Backend, order: str) -> bool:
    """SQLite, another order than the file number's: the kinds whose matches are collected and sorted for it when
    they are fewer than the break-even (the initials' covering index gives them at once; the plain statement
    looked each match up through the multi-index OR: `wj` in name order at 1M, 45–73 ms)."""
    return order != "file_no" and backend.dialect == "sqlite" and _plan_of(shape, backend).keyed is not None


@lru_cache(maxsize=256)
def _some_sql(shape: tuple[Any, ...], backend: Backend) -> str:
    """SQLite: the matches counted on up to :t, from the indexes alone (what chooses the way)."""
    return f"SELECT count(*) FROM ({_plan_of(shape, backend).matches} LIMIT :t) AS counted"


#: the walk's mark (`_one_way_sql`): its rows come in the order of the sorted matches, which the caller checks
_WALKS = "LIMIT -1) AS m"


@lru_cache(maxsize=512)
def _one_way_sql(shape: tuple[Any, ...], backend: Backend, status: bool, category: bool, way: str, order: str,
                 walk: bool = True) -> str:
    """SQLite, the page by the one way chosen for a broad text (`_BROAD`): the file-number index in order with the
    check per row ("in_order"), or the matches collected ("collected") — for the initials (`Plan.keyed`) in
    file-number order the matches sorted by the file number their index holds, and only the page's files read;
    with a filter, the sorted matches walked (the outer loop, a co-routine: SQLite reads the files in that order
    and stops when the page is full; `walk`=False: every match read and the page sorted, the same rows)."""
    plan = _plan_of(shape, backend)
    filters = _where(status=status, category=category)
    page = " LIMIT :lim OFFSET :off"
    order_by = f" ORDER BY {_ORDERS.get(order, _ORDERS['file_no'])}"
    if way == "in_order":
        return (f"SELECT {_SELECT} FROM {_from('sqlite', in_order=True, cadre=False)}{_CADRE}"
                f"{_where(plan.check, status=status, category=category)}{order_by}{page}")
    if plan.keyed is not None and order == "file_no" and not filters:
        return (f"SELECT {_SELECT} FROM (SELECT r FROM ({plan.keyed}) AS m ORDER BY k LIMIT :lim + :off) AS m "
                f"CROSS JOIN {_F} ON {_F}.rowid = m.r{_CADRE}{order_by}{page}")
    if plan.keyed is not None and order == "file_no" and walk:
        return (f"SELECT {_SELECT} FROM (SELECT r, k FROM ({plan.keyed}) AS m ORDER BY k {_WALKS} "
                f"CROSS JOIN {_F} ON {_F}.rowid = m.r{_CADRE}{filters}{page}")
    return f"SELECT {_SELECT} FROM {_joined(plan, f'({plan.matches}) AS m')}{_CADRE}{filters}{order_by}{page}"


@lru_cache(maxsize=256)
def _budget_sql(shape: tuple[Any, ...], backend: Backend, status: bool, category: bool) -> str:
    """SQLite, filtered: (the matches counted up to :budget + 1 from the indexes alone, the first :budget matches'
    files passing the filter counted up to :c)."""
    plan = _plan_of(shape, backend)
    first = f"(SELECT * FROM ({plan.matches}) LIMIT :budget) AS m"
    return (f"SELECT (SELECT count(*) FROM ({plan.matches} LIMIT :budget + 1) AS e), (SELECT count(*) FROM "
            f"(SELECT 1 FROM {_joined(plan, first)}{_where(status=status, category=category)} LIMIT :c) AS capped)")


@lru_cache(maxsize=512)
def _count_sql(shape: tuple[Any, ...] | None, backend: Backend, status: bool, category: bool) -> str:
    cond = None if shape is None else _plan_of(shape, backend).cond
    if shape is not None and shape[0] == "one" and backend.dialect != "sqlite":
        cond = _ONE_COUNT
    return f"SELECT count(*) FROM {_F}{_where(cond, status=status, category=category)}"


@lru_cache(maxsize=512)
def _estimate_sql(shape: tuple[Any, ...] | None, backend: Backend, status: bool, category: bool) -> str:
    """(what the probes see, counted up to :pl; the matching files, counted up to :c) in one statement. The count
    is made only when the probes saw at most :guard, from the indexes below :t probed matches, else in order."""
    dialect = backend.dialect
    if shape is None:
        where = _where(status=status, category=category)
        return f"SELECT 0, (SELECT count(*) FROM (SELECT 1 FROM {_F}{where} LIMIT :c) AS capped)"
    plan = _plan_of(shape, backend)
    narrow = _when("(SELECT n FROM probe) <= :guard AND (SELECT n FROM probe) < :t", ":c")
    broad = _when("(SELECT n FROM probe) <= :guard AND (SELECT n FROM probe) >= :t", ":c")
    collected = f"{_F}{_where(plan.cond, status=status, category=category)}"
    if dialect == "sqlite" and plan.matches is not None and (status or category):
        # filtered: each match once from its index, joined to its file for the filter (the multi-index OR of the
        # initials and the full pinyin reads each match's file through the id index: `wj` of the registered
        # files at 1M, 33 ms against 10)
        collected = f"{_joined(plan, f'({plan.matches}) AS m')}{_where(status=status, category=category)}"
    return (f"WITH probe(n) AS MATERIALIZED ({_seen_sql(plan, 'pl')}) SELECT (SELECT n FROM probe), "
            f"(SELECT count(*) FROM (SELECT 1 FROM {collected} "
            f"{narrow}) AS narrow) + (SELECT count(*) FROM (SELECT 1 FROM "
            f"{_from(dialect, in_order=True, cadre=False)}{_where(plan.check, status=status, category=category)} "
            f"{broad}) AS broad)")


def _threshold(rows: int, files: int, row_cost: int = 1) -> int:
    """How many probed matches make reading the files in order cheaper than collecting every match.

    In order: about rows × files / matches rows read (each `row_cost` steps); from the indexes: about 3 × matches
    steps (each match looked up and sorted). Break-even at sqrt(rows × files × row_cost / 3) matches (about 8,000
    for a page of 200 among 1M files); the probes count up to that at most, so choosing costs a few thousand
    index steps at worst."""
    return max(KEPT_MATCHES, math.isqrt(rows * files * row_cost // 3))


# --- running them ------------------------------------------------------------------------------------------------
Rows = list[Sequence[Any]]


class Runner(Protocol):
    """Runs one statement. `custom`: its plan depends on the values (a page, an exact count), so PostgreSQL
    plans it with them; else (the probes, the capped counts: index ranges with a LIMIT) one generic plan,
    made at its first run on a connection, serves every value (see `_raw_runner`)."""

    def __call__(self, sql: str, params: dict[str, Any], custom: bool = False) -> Rows: ...


@lru_cache(maxsize=1024)
def _driver_sql(sql: str, dialect: str) -> str:
    """The statement in the driver's parameter style (sqlite3 takes :name as it is; psycopg wants %(name)s)."""
    return sql if dialect == "sqlite" else re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)


def _driver_params(params: dict[str, Any], dialect: str) -> dict[str, Any]:
    day = params.get("day")  # the one date parameter (a birth date)
    if dialect != "sqlite" or day is None:
        return params
    return {**params, "day": day.isoformat()}  # SQLite keeps dates as ISO text (as SQLAlchemy's Date writes them)


#: PostgreSQL: the kinds whose page is left to the planner, without a probe — a pg_trgm LIKE (the planner's
#: estimate of a pattern's matches is the probe: one of its own would read up to :t rows from the heap, pg_trgm's
#: GIN indexes being lossy) and the digits, dates and file numbers (b-tree ranges and equalities, which the
#: statistics' histograms estimate well: the planner reads the file-number index in order when they are many)
_PLANNED = frozenset({"trgm", "digits", "date", "file_no"})

#: PostgreSQL: how many times a filtered search for letters has the unfiltered one's break-even (see `_search`)
FILTERED_LETTERS = 4

#: PostgreSQL connections of `Database.raw_reader` already set for generic plans (see `_raw_runner`)
_GENERIC: weakref.WeakSet[Any] = weakref.WeakSet()


def _raw_runner(conn: Any, dialect: str) -> Runner:
    """On PostgreSQL, planning a statement costs more than running it for most searches (1–2 ms for a probe
    of the five digit indexes beside 0.1 ms run), and custom plans are made at every run. So the search's bare
    connections plan generically (`plan_cache_mode = force_generic_plan`) and prepare the statements whose
    plan is the same for any value (probes, capped counts: planned once per connection); the others (`custom`)
    are sent with their values written in (psycopg's quoting) and planned with them, as a bare query is."""
    if dialect == "sqlite":
        def run_sqlite(sql: str, params: dict[str, Any], custom: bool = False) -> Rows:
            cur = conn.execute(sql, _driver_params(params, dialect))
            try:
                return list(cur.fetchall())
            finally:
                cur.close()
        return run_sqlite
    from psycopg import ClientCursor

    if conn not in _GENERIC:
        conn.execute("SET plan_cache_mode = force_generic_plan")
        conn.execute("SET max_parallel_workers_per_gather = 0")
        _GENERIC.add(conn)

    def run(sql: str, params: dict[str, Any], custom: bool = False) -> Rows:
        if custom:  # the values written in; the same text run again is prepared by psycopg, as any query is
            cur = conn.execute(ClientCursor(conn).mogrify(_driver_sql(sql, dialect), params))
        else:
            cur = conn.execute(_driver_sql(sql, dialect), params, prepare=True)
        try:
            return list(cur.fetchall())
        finally:
            cur.close()
    return run


def _session_runner(s: Session) -> Runner:
    connection = s.connection()
    dialect = connection.dialect.name

    def run(sql: str, params: dict[str, Any], custom: bool = False) -> Rows:
        return list(connection.exec_driver_sql(_driver_sql(sql, dialect), _driver_params(params, dialect)).all())
    return run


_TRIGRAM: dict[str, bool] = {}
#: SQLite: (database, shape, text, filters, order) of searches whose first :small matches were not all of them,
#: and the way their matches counted on to the break-even chose ("in_order", "collected"; "planned": the plain
#: statement of another order than the file number's), with when (`time.monotonic`). A hint: every way gives the
#: same page; kept BROAD_SECONDS, so that a text whose matches grew or shrank is counted again
_BROAD: dict[tuple[Any, ...], tuple[str, float]] = {}
BROAD_SECONDS = 300.0
_FILES: dict[str, tuple[float, int]] = {}


_SQLITE = Backend("sqlite")


def _backend(dialect: str, url: str, run: Runner) -> Backend:
    if dialect == "sqlite":
        return _SQLITE
    if url not in _TRIGRAM:
        _TRIGRAM[url] = bool(run("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_search_trgm_name'", {}))
    return Backend(dialect, _TRIGRAM[url])


def backend_of(s: Session) -> Backend:
    bind = s.get_bind()
    return _backend(bind.dialect.name, str(bind.engine.url), _session_runner(s))


def _files(url: str, run: Runner) -> int:
    """About how many files there are: the search index's highest handle (one index step), once a minute."""
    now = time.monotonic()
    cached = _FILES.get(url)
    if cached is None or now - cached[0] > 60:  # the size changes slowly
        row = run("SELECT max(doc) FROM search_doc", {})
        cached = _FILES[url] = (now, int(row[0][0] or 0))
    return cached[1]


@lru_cache(maxsize=8)
def _processors(dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
    """The column types' result processors (SQLite's DATETIME text → datetime), as SQLAlchemy applies them;
    on SQLite the aware UTC datetime column's is `_utc_from_text` (the same values, several times faster)."""
    files, cadre = table_of(HardshipFile), table_of(Cadre)
    out = []
    for c in _COLUMNS:
        column = cadre.c.name if c == "cadre.name" else files.c[c]
        proc = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if proc is not None and dialect.name == "sqlite" and isinstance(column.type, UTCDateTime):
            proc = partial(_utc_from_text, proc)
        out.append(proc)
    return tuple(out)


def _utc_from_text(slow: Callable[[Any], Any], value: Any) -> Any:
    """SQLite's text of an aware UTC datetime, as SQLAlchemy's processor reads it ('YYYY-MM-DD HH:MM:SS' with
    or without '.ffffff', naive, UTC): anything else is left to that processor (`slow`)."""
    if type(value) is str and len(value) in (19, 26) and value[10] == " ":
        try:
            return dt.datetime.fromisoformat(value + "+00:00")  # timezone.utc itself, as SQLAlchemy gives
        except ValueError:
            pass
    return slow(value)


@lru_cache(maxsize=8)
def _processed(dialect: Dialect) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    return tuple((i, p) for i, p in enumerate(_processors(dialect)) if p is not None)


def _file_rows(rows: Rows, dialect: Dialect) -> list[FileRow]:
    """FileRows from the driver's tuples, the values as SQLAlchemy would give them (filled in directly: the
    frozen dataclass's __init__, or even a zip into its __dict__, costs more than the query for a page of
    narrow matches)."""
    procs = _processed(dialect)
    utc: Callable[[Any], Any] | None = None
    last = procs[0][1] if len(procs) == 1 and procs[0][0] == len(_COLUMNS) - 1 else None
    if isinstance(last, partial) and last.func is _utc_from_text:
        utc = last.args[0]  # SQLite: only the last-change time, its text read inline below
        procs = ()
    out = []
    new = object.__new__
    fromisoformat = dt.datetime.fromisoformat
    for r in rows:
        if procs:
            r = list(r)
            for i, p in procs:
                r[i] = p(r[i])
        row = new(FileRow)
        d = row.__dict__
        (d["id"], d["file_no"], d["name"], d["id_number"], d["sex"], d["employer"], d["status"], d["category"],
         d["per_capita_monthly_fen"], d["responsible"], d["review_state"], when) = r
        if utc is not None:  # as `_utc_from_text`, inline
            if type(when) is str and len(when) in (19, 26) and when[10] == " ":
                try:
                    when = fromisoformat(when + "+00:00")
                except ValueError:
                    when = utc(when)
            else:
                when = utc(when)
        d["updated_at"] = when
        out.append(row)
    return out


def _filter_params(status: str | None, category: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if status:
        out["status"] = status
    if category:
        out["category"] = category
    return out


def _search(run: Runner, dialect: Dialect, url: str, *, query: str, status: str | None, category: str | None,
            offset: int, limit: int, order: str) -> list[FileRow]:
    backend = _backend(dialect.name, url, run)
    found = _classify(query, backend)
    params = {**(found.params if found else {}), **_filter_params(status, category), "lim": limit, "off": offset}
    if found is not None and (order == "file_no" or _by_matches(found.shape, backend, order)):
        params["t"] = _threshold(offset + limit, _files(url, run), _plan_of(found.shape, backend).row_cost)
        params["small"] = small = min(params["t"], KEPT_MATCHES)
    if found is not None and backend.dialect == "sqlite" and (order == "file_no"
                                                              or _by_matches(found.shape, backend, order)):
        key = (url, found.shape, query, bool(status), bool(category), order)
        memo = _BROAD.get(key)
        way = memo[0] if memo is not None and time.monotonic() - memo[1] < BROAD_SECONDS else None
        narrow = _narrow_sql(found.shape, backend, bool(status), bool(category)) if order == "file_no" else None
        if way is None and narrow is not None:  # the first way alone, the others only when it does not answer
            rows = run(narrow, params)
            last = rows.pop()  # (NULL, how many matches were kept, …): UNION ALL gives its arms in order
            if last[0] is not None:  # pragma: no cover - a compound that gave its rows in another order
                rows = [last, *rows]
                last = next(r for r in rows if r[0] is None)
                rows = sorted((r for r in rows if r[0] is not None), key=lambda r: r[1])
            if int(last[1]) < small:  # all the matches were kept: the page is made of them
                return _file_rows(rows, dialect)
        if way is None and (narrow is not None or order != "file_no"):
            # broad (or another order): the matches counted on to the break-even from the index alone, once; the
            # way it chose is kept for this text (a hint only: every way gives the same page), so that the next
            # keystroke runs the one way, as a bare query would
            seen = int(run(_some_sql(found.shape, backend), params)[0][0] or 0)
            way = "in_order" if seen >= params["t"] and order == "file_no" else (
                "collected" if seen < params["t"] else "planned")
            if len(_BROAD) >= 1024:
                _BROAD.clear()
            _BROAD[key] = (way, time.monotonic())
        if way is not None and way != "planned":
            sql = _one_way_sql(found.shape, backend, bool(status), bool(category), way, order)
            rows = run(sql, params)
            if _WALKS in sql and any(a[1] > b[1] for a, b in zip(rows, rows[1:], strict=False)):
                # pragma: no cover - the walk in the matches' order gave them in another: the sorted page instead
                rows = run(_one_way_sql(found.shape, backend, bool(status), bool(category), way, order, False),
                           params)
            return _file_rows(rows, dialect)
    if found is not None and order == "file_no" and backend.dialect != "sqlite":
        # PostgreSQL: the probe, then the one way it chose (the same choice `_page_sql` makes inside its
        # statement); or, for the kinds PostgreSQL's statistics estimate well, the planner's choice (`_PLANNED`)
        # Letters with a status or category filter: reading in order reads as many times more rows as the filter
        # keeps fewer files, and their matches are cheap to collect (two index ranges): their break-even is the
        # one letters had before their row check became a hashed list (`wj` of the registered files at 1M:
        # 8,348 matches, 140–295 ms read in order, 80–110 ms from the indexes)
        t = params["t"] * (FILTERED_LETTERS if found.shape[0] == "pinyin" and (status or category) else 1)
        in_order = (False if found.shape[0] in _PLANNED
                    else int(run(_probe_sql(found.shape, backend, "t"), {**params, "t": t})[0][0] or 0) >= t)
        sql = _way_sql(found.shape, backend, bool(status), bool(category), in_order)
        return _file_rows(run(sql, params, custom=True), dialect)
    sql = _page_sql(found.shape if found else None, backend, bool(status), bool(category), order)
    return _file_rows(run(sql, params, custom=True), dialect)


def _count(run: Runner, dialect: Dialect, url: str, *, query: str, status: str | None,
           category: str | None) -> int:
    backend = _backend(dialect.name, url, run)
    found = _classify(query, backend)
    params = {**(found.params if found else {}), **_filter_params(status, category)}
    return int(run(_count_sql(found.shape if found else None, backend, bool(status), bool(category)), params,
                   custom=True)[0][0] or 0)


def _estimate(run: Runner, dialect: Dialect, url: str, *, query: str, status: str | None, category: str | None,
              cap: int, known: int = 0) -> CountEstimate:
    backend = _backend(dialect.name, url, run)
    found = _classify(query, backend)
    filtered = bool(status or category)
    params = {**(found.params if found else {}), **_filter_params(status, category), "c": cap + 1}
    if (known and filtered and found is not None and backend.dialect == "sqlite"
            and _plan_of(found.shape, backend).matches is not None):
        # the filter is a test of each match's file (not in the indexes): at most ESTIMATE_BUDGET matches read for
        # it; when there are more and they did not reach the cap, what was seen (or the caller's page) is a lower
        # bound, and the exact count follows in the background
        examined, n = run(_budget_sql(found.shape, backend, bool(status), bool(category)),
                          {**params, "budget": ESTIMATE_BUDGET})[0]
        n = int(n or 0)
        if n > cap:
            return CountEstimate(cap, False, cap)
        if int(examined or 0) <= ESTIMATE_BUDGET:
            return CountEstimate(n, True, cap)
        return CountEstimate(max(n, known), False, cap, at_least=True)
    if found is not None:
        t = _threshold(cap + 1, _files(url, run), _plan_of(found.shape, backend).row_cost)
        # unfiltered: the probes alone may already see more than the cap (then no count at all); what they
        # saw up to the cap is exact, and says which way to count
        params.update(t=t, pl=t if filtered else cap + 1, guard=t if filtered else cap)
    if found is not None and backend.dialect != "sqlite" and found.shape[0] == "trgm":
        # PostgreSQL, pg_trgm: the capped count is its own probe (the same answer: more than the cap, or the
        # exact count); the other kinds' probes count index rows alone, at once for a broad match (the digits'
        # capped count of their OR would collect every match of `23` first: 110 ms at 1M)
        seen = n = run(_way_count_sql(found.shape, backend, bool(status), bool(category), False), params)[0][0]
    elif found is not None and backend.dialect != "sqlite":
        # PostgreSQL: the probe, then the count by the way it chose, when one is made (as `_estimate_sql` does)
        seen = int(run(_probe_sql(found.shape, backend, "pl"), params)[0][0] or 0)
        n = 0 if seen > params["guard"] else run(
            _way_count_sql(found.shape, backend, bool(status), bool(category), seen >= params["t"]), params)[0][0]
    else:
        seen, n = run(_estimate_sql(found.shape if found else None, backend, bool(status), bool(category)),
                      params)[0]
    if found is not None and not filtered and int(seen or 0) > cap:
        return CountEstimate(cap, False, cap)  # the index alone already sees more than the cap
    n = int(n or 0)
    return CountEstimate(min(n, cap), n <= cap, cap)


def _session_args(s: Session) -> tuple[Runner, Dialect, str]:
    bind = s.get_bind()
    return _session_runner(s), bind.dialect, str(bind.engine.url)


def search_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None,
              offset: int = 0, limit: int = 200, order: str = "file_no") -> list[FileRow]:
    return _search(*_session_args(s), query=query, status=status, category=category, offset=offset, limit=limit,
                   order=order)


def search_files(db: Database, *, query: str = "", status: str | None = None, category: str | None = None,
                 offset: int = 0, limit: int = 200, order: str = "file_no") -> list[FileRow]:
    """Files matching a search text (name, pinyin, ID number or its last digits, file number, birth date,
    employer, phone)."""
    dialect = db.engine.dialect
    with db.raw_reader() as conn:
        return _search(_raw_runner(conn, dialect.name), dialect, db.url, query=query, status=status,
                       category=category, offset=offset, limit=limit, order=order)


def count_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None) -> int:
    return _count(*_session_args(s), query=query, status=status, category=category)


def count_matches(db: Database, *, query: str = "", status: str | None = None,
                  category: str | None = None) -> int:
    """The exact number of matching files (on a broad match at 1M files this takes a while: run it off the UI
    thread, and show `estimate_count` meanwhile)."""
    dialect = db.engine.dialect
    with db.raw_reader() as conn:
        return _count(_raw_runner(conn, dialect.name), dialect, db.url, query=query, status=status,
                      category=category)


def estimate_in(s: Session, *, query: str = "", status: str | None = None, category: str | None = None,
                cap: int = ESTIMATE_CAP) -> CountEstimate:
    return _estimate(*_session_args(s), query=query, status=status, category=category, cap=cap)


def estimate_count(db: Database, *, query: str = "", status: str | None = None, category: str | None = None,
                   cap: int = ESTIMATE_CAP, known: int = 0) -> CountEstimate:
    """A count that answers at once: exact when at most `cap` files match, else `exact=False` ('>cap').

    `known`: the caller already has that many matches (a full page). On SQLite, with a status or category filter,
    the estimate then reads at most ESTIMATE_BUDGET matches' files for the filter, and may answer 'at least'
    (`at_least`, value ≥ `known`) instead of reading every match's file."""
    dialect = db.engine.dialect
    with db.raw_reader() as conn:
        return _estimate(_raw_runner(conn, dialect.name), dialect, db.url, query=query, status=status,
                         category=category, cap=cap, known=known)
