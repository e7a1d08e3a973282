"""The search index beside hardship_file (migration 0003): names, helpers and the pinyin it needs from Python.

Triggers keep search_doc / search_gram / search_fts (SQLite) in step with every write to hardship_file,
whichever path makes it (ORM, bulk executemany, raw SQL). Only the full pinyin of a name cannot be made in SQL:
the triggers mark it pending (pinyin NULL) and `fill_pending_pinyin` computes it — in the migration for the
existing rows, and from a session hook before every commit, so a name is searchable by its pinyin as soon as its
transaction is committed (ORM services, the demo builder and the package import all commit through a Session).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.orm import Session

from assist_desktop.domain.pinyin import COMPOUND_SURNAMES

#: prefixes of every object the search index adds (tables, FTS shadow tables, indexes, triggers)
SEARCH_OBJECT_PREFIXES = ("search_", "ix_search_")
#: the reversed ID number, exactly as indexed by ix_search_id_rev (the planner matches the text)
ID_REV_SQL = "||".join(f"substr(hardship_file.id_number, {i}, 1)" for i in range(18, 0, -1))
SEQ_SQL = {"sqlite": "substr(hardship_file.file_no, instr(hardship_file.file_no, '-') + 1)",
           "postgresql": "split_part(hardship_file.file_no, '-', 2)"}

#: surname readings that differ from the character's common reading (PLATFORM.md), as full pinyin
SURNAME_PINYIN: dict[str, str] = {
    "尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun", "澹台": "tantai", "单于": "chanyu",
    "单": "shan", "曾": "zeng", "仇": "qiu", "解": "xie", "朴": "piao", "区": "ou", "查": "zha", "盖": "ge",
    "乐": "yue", "员": "yun", "缪": "miao", "覃": "qin", "尉": "yu", "翟": "zhai", "召": "shao", "秘": "bi",
    "种": "chong", "繁": "po", "华": "hua", "任": "ren", "燕": "yan", "冼": "xian", "洗": "xian", "闵": "min",
    "么": "yao", "柏": "bai", "过": "guo", "宁": "ning", "重": "chong", "黑": "he", "曲": "qu", "句": "gou",
    "能": "nai", "那": "na", "郇": "huan", "莘": "shen", "长": "chang", "藏": "zang", "沈": "shen", "石": "shi",
    "薄": "bo", "隗": "kui", "折": "she",
}


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """For Alembic's model comparison: the search index lives only in migrations (FTS tables cannot be models)."""
    return not (reflected and compare_to is None and name is not None and name.startswith(SEARCH_OBJECT_PREFIXES))


@lru_cache(maxsize=65536)
def _full(text_: str) -> str:
    from pypinyin import lazy_pinyin  # its dictionaries take a while to load: only when a name is indexed

    return "".join(lazy_pinyin(text_, errors="ignore")).lower()


def name_pinyin(name: str) -> str:
    """The full pinyin of a name without tones or spaces (张三丰 → zhangsanfeng; 单 as a surname → shan)."""
    name = (name or "").strip()
    if not name:
        return ""
    if name.isascii():
        return "".join(ch for ch in name.lower() if ch.isalnum())
    for length in (2, 1):
        head = name[:length]
        if head in SURNAME_PINYIN and len(name) > length:
            return SURNAME_PINYIN[head] + _full(name[length:])
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return _full(name[:2]) + _full(name[2:])
    return _full(name[:1]) + _full(name[1:])


def fill_pending_pinyin(conn: Connection, *, batch: int = 20000) -> int:
    """Compute the full pinyin of every file whose name changed since (pinyin NULL); returns how many."""
    done = 0
    select_pending = text("SELECT d.doc, f.name FROM search_doc d JOIN hardship_file f ON f.id = d.file_id "
                          "WHERE d.pinyin IS NULL AND d.doc > :after ORDER BY d.doc LIMIT :n")
    update = text("UPDATE search_doc SET pinyin = :p WHERE doc = :d")
    after = -1
    while True:
        rows = conn.execute(select_pending, {"after": after, "n": batch}).all()
        if not rows:
            return done
        conn.execute(update, [{"p": name_pinyin(name), "d": doc} for doc, name in rows])
        done += len(rows)
        after = rows[-1][0]


def has_search_index(conn: Connection) -> bool:
    """Whether the database is at revision 0003 or later (asked without an error, which would abort PostgreSQL's
    transaction)."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_doc'"
    else:
        sql = "SELECT 1 WHERE to_regclass('search_doc') IS NOT NULL"
    return conn.execute(text(sql)).first() is not None


def has_pending_pinyin(conn: Connection) -> bool:
    return conn.execute(text("SELECT 1 FROM search_doc WHERE pinyin IS NULL LIMIT 1")).first() is not None


def _before_commit(session: Session) -> None:
    conn = session.connection()
    if has_search_index(conn) and has_pending_pinyin(conn):
        fill_pending_pinyin(conn)


def install_search_index(session_class: type[Session]) -> None:
    """Attach the pinyin filler to a session class (idempotent)."""
    if event.contains(session_class, "before_commit", _before_commit):
        return
    event.listen(session_class, "before_commit", _before_commit)


#: the grams of the files whose search_doc is above :before, as the insert trigger makes them one by one
_NEW_GRAMS = (
    "INSERT OR IGNORE INTO search_gram(gram, doc) SELECT DISTINCT x.g, x.doc FROM ("
    "SELECT substr(f.name, s.n, 1) AS g, d.doc AS doc FROM search_doc d "
    "JOIN hardship_file f ON f.id = d.file_id JOIN search_seq s ON s.n <= length(f.name) WHERE d.doc > ? "
    "UNION ALL SELECT substr(f.name, s.n, 2), d.doc FROM search_doc d "
    "JOIN hardship_file f ON f.id = d.file_id JOIN search_seq s ON s.n < length(f.name) WHERE d.doc > ? "
    "UNION ALL SELECT substr(f.employer, s.n, 2), d.doc FROM search_doc d "
    "JOIN hardship_file f ON f.id = d.file_id JOIN search_seq s ON s.n < length(f.employer) WHERE d.doc > ?"
    ") AS x WHERE x.g <> ''"
)


def insert_indexed(conn: Connection, insert: Callable[[], None], files: Sequence[Mapping[str, Any]]) -> None:
    """Run `insert` (a bulk insert of the new `files`, dicts with id and name) and index those files in bulk.

    On SQLite the per-row insert trigger is set aside around the insert, inside the caller's transaction, and the
    batch is indexed with one statement per index table (search_doc with the pinyin already computed, search_fts,
    search_gram): the same rows the trigger and `fill_pending_pinyin` make, several times faster for thousands
    of files. The trigger is made again even if the insert fails. Elsewhere (PostgreSQL) the trigger does it.
    """
    trigger = None
    if conn.dialect.name == "sqlite" and files:
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'search_file_ai'"
        ).scalar()
    if trigger is None:
        insert()
        return
    before = int(conn.exec_driver_sql("SELECT coalesce(max(doc), 0) FROM search_doc").scalar() or 0)
    conn.exec_driver_sql("DROP TRIGGER search_file_ai")
    try:
        insert()
    finally:
        conn.exec_driver_sql(str(trigger))
    conn.exec_driver_sql("INSERT INTO search_doc(file_id, pinyin) VALUES (?, ?)",
                         [(f["id"], name_pinyin(f["name"])) for f in files])
    conn.exec_driver_sql(
        "INSERT INTO search_fts(rowid, name, employer, address) SELECT d.doc, f.name, f.employer, f.address "
        "FROM search_doc d JOIN hardship_file f ON f.id = d.file_id WHERE d.doc > ?", (before,)
    )
    conn.exec_driver_sql(_NEW_GRAMS, (before, before, before))
