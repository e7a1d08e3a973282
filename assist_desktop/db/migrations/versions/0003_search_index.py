"""search index: every kind of search-box query answered from an index, kept in step by triggers

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 15:20:00

Tables (all named search_*; the model comparison skips them, see db/search_index.py):
- search_doc(doc, file_id, pinyin): an integer handle per file, and the name's full pinyin (NULL = not yet
  computed; filled in Python, by the migration here and by the session hook before every commit);
- search_gram(gram, doc): unigrams of the name, bigrams of the name and the employer (1–2 character queries);
- search_seq(n): the numbers 1..200, to cut strings into grams inside triggers;
- SQLite: search_fts, a contentless FTS5 trigram table over name, employer, address (3+ characters).
Indexes on hardship_file: reversed ID number (suffixes), the file number's sequence part, birth date, phone;
PostgreSQL: pg_trgm GIN indexes on name, employer, address when the extension can be created.
Triggers on hardship_file keep all of it in step with every write, ORM or bulk executemany alike.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the ID number reversed, with built-in functions only (the same text on SQLite and PostgreSQL; IDs are ≤ 18)
ID_REV = "||".join(f"substr(id_number, {i}, 1)" for i in range(18, 0, -1))
SEQ_SQLITE = "substr(file_no, instr(file_no, '-') + 1)"
SEQ_PG = "split_part(file_no, '-', 2)"


def _grams(row: str) -> str:
    """The grams of a row (NEW or OLD) as a compound SELECT of one column."""
    return (f"SELECT substr({row}.name, n, 1) AS g FROM search_seq WHERE n <= length({row}.name) "
            f"UNION SELECT substr({row}.name, n, 2) FROM search_seq WHERE n < length({row}.name) "
            f"UNION SELECT substr({row}.employer, n, 2) FROM search_seq WHERE n < length({row}.employer)")


def _backfill_grams() -> str:
    return ("SELECT DISTINCT x.g, x.doc FROM ("
            "SELECT substr(f.name, s.n, 1) AS g, d.doc AS doc FROM search_doc d "
            "JOIN hardship_file f ON f.id = d.file_id JOIN search_seq s ON s.n <= length(f.name) "
            "UNION ALL SELECT substr(f.name, s.n, 2), d.doc FROM search_doc d "
            "JOIN hardship_file f ON f.id = d.file_id JOIN search_seq s ON s.n < length(f.name) "
            "UNION ALL SELECT substr(f.employer, s.n, 2), d.doc FROM search_doc d "
            "JOIN hardship_file f ON f.id = d.file_id JOIN search_seq s ON s.n < length(f.employer)"
            ") AS x WHERE x.g <> ''")


SQLITE_DDL = [
    "CREATE TABLE search_seq (n INTEGER NOT NULL PRIMARY KEY)",
    "INSERT INTO search_seq(n) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200) "
    "SELECT n FROM c",
    "CREATE TABLE search_doc (doc INTEGER NOT NULL PRIMARY KEY, file_id VARCHAR(36) NOT NULL, pinyin VARCHAR(300))",
    "CREATE UNIQUE INDEX ix_search_doc_file_id ON search_doc (file_id)",
    "CREATE INDEX ix_search_doc_pinyin ON search_doc (pinyin)",
    "CREATE INDEX ix_search_doc_pending ON search_doc (doc) WHERE pinyin IS NULL",
    "CREATE TABLE search_gram (gram VARCHAR(2) NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (gram, doc)) "
    "WITHOUT ROWID",
    "CREATE VIRTUAL TABLE search_fts USING fts5(name, employer, address, content='', tokenize='trigram')",
    f"CREATE INDEX ix_search_id_rev ON hardship_file (({ID_REV}))",
    f"CREATE INDEX ix_search_file_seq ON hardship_file (({SEQ_SQLITE}))",
    "CREATE INDEX ix_search_birth_date ON hardship_file (birth_date)",
    "CREATE INDEX ix_search_phone ON hardship_file (phone)",
    # backfill (before the triggers, so existing rows are indexed once)
    "INSERT INTO search_doc(file_id) SELECT id FROM hardship_file ORDER BY file_no",
    "INSERT INTO search_fts(rowid, name, employer, address) SELECT d.doc, f.name, f.employer, f.address "
    "FROM search_doc d JOIN hardship_file f ON f.id = d.file_id",
    f"INSERT OR IGNORE INTO search_gram(gram, doc) {_backfill_grams()}",
    f"""CREATE TRIGGER search_file_ai AFTER INSERT ON hardship_file BEGIN
        INSERT INTO search_doc(file_id) VALUES (NEW.id);
        INSERT INTO search_fts(rowid, name, employer, address)
            SELECT doc, NEW.name, NEW.employer, NEW.address FROM search_doc WHERE file_id = NEW.id;
        INSERT OR IGNORE INTO search_gram(gram, doc)
            SELECT g, (SELECT doc FROM search_doc WHERE file_id = NEW.id) FROM ({_grams('NEW')}) WHERE g <> '';
    END""",
    f"""CREATE TRIGGER search_file_au AFTER UPDATE OF name, employer, address ON hardship_file BEGIN
        INSERT INTO search_fts(search_fts, rowid, name, employer, address)
            SELECT 'delete', doc, OLD.name, OLD.employer, OLD.address FROM search_doc WHERE file_id = OLD.id;
        DELETE FROM search_gram WHERE doc = (SELECT doc FROM search_doc WHERE file_id = OLD.id)
            AND gram IN ({_grams('OLD')});
        UPDATE search_doc SET file_id = NEW.id,
            pinyin = CASE WHEN OLD.name IS NEW.name THEN pinyin ELSE NULL END WHERE file_id = OLD.id;
        INSERT INTO search_fts(rowid, name, employer, address)
            SELECT doc, NEW.name, NEW.employer, NEW.address FROM search_doc WHERE file_id = NEW.id;
        INSERT OR IGNORE INTO search_gram(gram, doc)
            SELECT g, (SELECT doc FROM search_doc WHERE file_id = NEW.id) FROM ({_grams('NEW')}) WHERE g <> '';
    END""",
    f"""CREATE TRIGGER search_file_ad AFTER DELETE ON hardship_file BEGIN
        INSERT INTO search_fts(search_fts, rowid, name, employer, address)
            SELECT 'delete', doc, OLD.name, OLD.employer, OLD.address FROM search_doc WHERE file_id = OLD.id;
        DELETE FROM search_gram WHERE doc = (SELECT doc FROM search_doc WHERE file_id = OLD.id)
            AND gram IN ({_grams('OLD')});
        DELETE FROM search_doc WHERE file_id = OLD.id;
    END""",
]

PG_DDL = [
    "CREATE TABLE search_seq (n INTEGER NOT NULL PRIMARY KEY)",
    "INSERT INTO search_seq(n) SELECT generate_series(1, 200)",
    "CREATE TABLE search_doc (doc BIGSERIAL NOT NULL PRIMARY KEY, file_id VARCHAR(36) NOT NULL, "
    "pinyin VARCHAR(300))",
    "CREATE UNIQUE INDEX ix_search_doc_file_id ON search_doc (file_id)",
    "CREATE INDEX ix_search_doc_pinyin ON search_doc (pinyin)",
    "CREATE INDEX ix_search_doc_pending ON search_doc (doc) WHERE pinyin IS NULL",
    "CREATE TABLE search_gram (gram VARCHAR(2) NOT NULL, doc BIGINT NOT NULL, PRIMARY KEY (gram, doc))",
    f"CREATE INDEX ix_search_id_rev ON hardship_file (({ID_REV}))",
    f"CREATE INDEX ix_search_file_seq ON hardship_file (({SEQ_PG}))",
    "CREATE INDEX ix_search_birth_date ON hardship_file (birth_date)",
    "CREATE INDEX ix_search_phone ON hardship_file (phone)",
    "INSERT INTO search_doc(file_id) SELECT id FROM hardship_file ORDER BY file_no",
    f"INSERT INTO search_gram(gram, doc) {_backfill_grams()} ON CONFLICT DO NOTHING",
    f"""CREATE FUNCTION search_index_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE d BIGINT;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO search_doc(file_id) VALUES (NEW.id) RETURNING doc INTO d;
        ELSE
            SELECT doc INTO d FROM search_doc WHERE file_id = OLD.id;
            DELETE FROM search_gram WHERE doc = d AND gram IN ({_grams('OLD')});
            IF TG_OP = 'DELETE' THEN
                DELETE FROM search_doc WHERE doc = d;
                RETURN OLD;
            END IF;
            IF d IS NULL THEN
                INSERT INTO search_doc(file_id) VALUES (NEW.id) RETURNING doc INTO d;
            ELSIF OLD.name IS DISTINCT FROM NEW.name OR OLD.id IS DISTINCT FROM NEW.id THEN
                UPDATE search_doc SET file_id = NEW.id, pinyin = NULL WHERE doc = d;
            END IF;
        END IF;
        INSERT INTO search_gram(gram, doc) SELECT x.g, d FROM ({_grams('NEW')}) AS x WHERE x.g <> ''
            ON CONFLICT DO NOTHING;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER search_file_sync AFTER INSERT OR DELETE OR UPDATE OF name, employer ON hardship_file "
    "FOR EACH ROW EXECUTE FUNCTION search_index_sync()",
]


def _pg_trigram(bind: sa.Connection) -> None:
    """pg_trgm GIN indexes for 3+ character substrings, when the extension can be had; else the bigram table."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return  # not allowed here: the service answers 3+ characters from search_gram (bigrams, then a check)
    for column in ("name", "employer", "address"):
        bind.exec_driver_sql(f"CREATE INDEX ix_search_trgm_{column} ON hardship_file "
                             f"USING gin ({column} gin_trgm_ops)")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for ddl in SQLITE_DDL:
            bind.exec_driver_sql(ddl)
    else:
        for ddl in PG_DDL:
            bind.exec_driver_sql(ddl)
        _pg_trigram(bind)
    from assist_desktop.db.search_index import fill_pending_pinyin

    fill_pending_pinyin(bind)
    for table in ("search_doc", "search_gram", "hardship_file"):
        bind.exec_driver_sql(f"ANALYZE {table}")  # the planner learns the new indexes


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("search_file_ai", "search_file_au", "search_file_ad"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS search_fts")
    else:
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS search_file_sync ON hardship_file")
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS search_index_sync()")
        for column in ("name", "employer", "address"):
            bind.exec_driver_sql(f"DROP INDEX IF EXISTS ix_search_trgm_{column}")
    for index in ("ix_search_id_rev", "ix_search_file_seq", "ix_search_birth_date", "ix_search_phone"):
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    for table in ("search_gram", "search_doc", "search_seq"):
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
