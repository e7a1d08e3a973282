"""Bulk writing for the hot paths (demo build, re-evaluation, package import): executemany of tuples.

The ORM's unit of work costs ~8x the driver's executemany on 1M rows (docs/benchmarks.md); these paths
build positional tuples, bind them through the columns' own bind processors once per distinct value, and
send them in one statement. Audit rows for what they write come from `db.audit` (never typed here). The files
of the rows written are reported to `db.changes`, so the transaction stamps them with its change number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import SQLModel

from assist_desktop.db.changes import FILE_SCOPED, LOCAL_FILE_COLUMNS, touch_connection

#: driver parameter styles whose executemany takes positional tuples, and their placeholder
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


class BulkWriter:
    """executemany of positional tuples on one connection, values bound as the Core would bind them.

    Each column's bind processor (SQLite stores dates and timestamps as text, for instance) runs once per
    distinct value; the statement goes to the driver as is. Dialects with another parameter style go
    through Core with dictionaries, which gives the same rows.
    """

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.dialect = conn.dialect
        self.mark = _PLACEHOLDERS.get(self.dialect.paramstyle)

    def _bind(self, table: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        names = set(table.c.keys())
        procs = [
            (i, table.c[c].type._cached_bind_processor(self.dialect)) for i, c in enumerate(columns) if c in names
        ]  # a name that is no column (SQLite's rowid) is sent as it is
        procs = [(i, p) for i, p in procs if p is not None]
        if not procs:
            return rows
        memos: list[dict[Any, Any]] = [{} for _ in procs]
        out = []
        for row in rows:
            values = list(row)
            for (i, proc), memo in zip(procs, memos, strict=True):
                v = values[i]
                try:
                    values[i] = memo[v]
                except KeyError:
                    values[i] = memo[v] = proc(v)
            out.append(tuple(values))
        return out

    def _touch_inserted(self, table_name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        column = FILE_SCOPED.get(table_name)
        if column is not None and rows:
            i = list(columns).index(column)
            touch_connection(self.conn, (r[i] for r in rows))

    def _touch_updated(self, table_name: str, columns: Sequence[str], key: str, keys: list[Any]) -> None:
        column = FILE_SCOPED.get(table_name)
        if column is None or not keys:
            return
        if table_name == "hardship_file" and set(columns) <= LOCAL_FILE_COLUMNS:
            return
        if key == column:
            touch_connection(self.conn, keys)
            return
        table = _table(table_name)
        for k in range(0, len(keys), 900):
            part = keys[k : k + 900]
            touch_connection(
                self.conn, self.conn.execute(select(table.c[column]).where(table.c[key].in_(part))).scalars()
            )

    def update(self, table_name: str, columns: Sequence[str], key: str, rows: list[tuple[Any, ...]]) -> None:
        table = _table(table_name)
        self._touch_updated(table_name, columns, key, [r[len(columns)] for r in rows])
        if self.mark is None:
            stmt = update(table).where(table.c[key] == bindparam("b_key"))
            stmt = stmt.values({c: bindparam(f"v_{c}") for c in columns})
            names = [f"v_{c}" for c in columns] + ["b_key"]
            self.conn.execute(stmt, [dict(zip(names, r, strict=True)) for r in rows])
            return
        q = self.dialect.identifier_preparer.quote
        sets = ", ".join(f"{q(c)} = {self.mark}" for c in columns)
        sql = f"UPDATE {q(table_name)} SET {sets} WHERE {q(key)} = {self.mark}"
        self.conn.exec_driver_sql(sql, self._bind(table, (*columns, key), rows))

    def update_guarded(
        self, table_name: str, columns: Sequence[str], key: str, version: str, rows: list[tuple[Any, ...]],
        *, bump: int = 1,
    ) -> int:
        """`UPDATE … SET columns, version = version + bump WHERE key = ? AND version = ?` for each row (the
        values of `columns`, then the key, then the version read); returns the rows written, -1 if the
        driver cannot tell."""
        bump = int(bump)
        table = _table(table_name)
        self._touch_updated(table_name, columns, key, [r[len(columns)] for r in rows])
        if self.mark is None:
            stmt = update(table).where(
                table.c[key] == bindparam("b_key"), table.c[version] == bindparam("b_ver")
            )
            stmt = stmt.values({c: bindparam(f"v_{c}") for c in columns}).values(
                {version: table.c[version] + bump}
            )
            names = [f"v_{c}" for c in columns] + ["b_key", "b_ver"]
            result = self.conn.execute(stmt, [dict(zip(names, r, strict=True)) for r in rows])
            return int(result.rowcount)
        q = self.dialect.identifier_preparer.quote
        sets = ", ".join([*(f"{q(c)} = {self.mark}" for c in columns), f"{q(version)} = {q(version)} + {bump}"])
        sql = f"UPDATE {q(table_name)} SET {sets} WHERE {q(key)} = {self.mark} AND {q(version)} = {self.mark}"
        result = self.conn.exec_driver_sql(sql, self._bind(table, (*columns, key, version), rows))
        return int(result.rowcount)

    def update_guarded_at_rowid(
        self, table_name: str, columns: Sequence[str], key: str, version: str, rows: list[tuple[Any, ...]],
    ) -> int:
        """SQLite: `update_guarded` for rows whose rowids the caller has read:
        `UPDATE … SET columns, version = version + 1 WHERE rowid = ? AND key = ? AND version = ?` (each row: the
        values of `columns`, then the rowid, the key and the version read). The row is found by its rowid in
        the table's own b-tree, without a look-up in the key's index (a random page of it for random ids).
        The rowid need not still be the row's (the read may have come before this write transaction began, and
        a VACUUM may renumber rowids): the key and the version are compared, so a row is only written if it is
        the one read, unchanged since. Returns the rows written (the caller treats the others as raced)."""
        if self.mark is None or self.dialect.name != "sqlite":
            raise ValueError("rowids are SQLite's")
        table = _table(table_name)
        n = len(columns)
        self._touch_updated(table_name, columns, key, [r[n + 1] for r in rows])
        q = self.dialect.identifier_preparer.quote
        sets = ", ".join([*(f"{q(c)} = ?" for c in columns), f"{q(version)} = {q(version)} + 1"])
        sql = f"UPDATE {q(table_name)} SET {sets} WHERE rowid = ? AND {q(key)} = ? AND {q(version)} = ?"
        result = self.conn.exec_driver_sql(sql, self._bind(table, (*columns, "rowid", key, version), rows))
        return int(result.rowcount)

    def insert(self, table_name: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        table = _table(table_name)
        self._touch_inserted(table_name, columns, rows)
        if self.mark is None:
            self.conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
            return
        q = self.dialect.identifier_preparer.quote
        sql = (
            f"INSERT INTO {q(table_name)} ({', '.join(q(c) for c in columns)}) "
            f"VALUES ({', '.join([self.mark] * len(columns))})"
        )
        self.conn.exec_driver_sql(sql, self._bind(table, columns, rows))

    def insert_dicts(self, table: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        """What `conn.execute(insert(table), rows)` does, for rows that all have the same keys.

        Keys that are not columns are ignored and a column missing from the rows gets its default, as
        Core does; rows with differing keys, or another parameter style, go through Core itself.
        """
        if not rows:
            return
        first = rows[0].keys()
        if self.mark is None or any(r.keys() != first for r in rows):
            column = FILE_SCOPED.get(table.name)
            if column is not None:
                touch_connection(self.conn, (r[column] for r in rows))
            self.conn.execute(insert(table), list(rows))
            return
        keys = [c.name for c in table.c if c.name in first]
        scalars: list[tuple[str, Any]] = []
        callables: list[tuple[str, Callable[[Any], Any]]] = []
        for c in table.c:
            if c.name in first or c.default is None:
                continue
            if c.default.is_scalar:
                scalars.append((c.name, c.default.arg))
            elif c.default.is_callable:
                callables.append((c.name, c.default.arg))
            else:  # a default Core computes in SQL
                column = FILE_SCOPED.get(table.name)
                if column is not None:
                    touch_connection(self.conn, (r[column] for r in rows))
                self.conn.execute(insert(table), list(rows))
                return
        names = keys + [n for n, _ in scalars] + [n for n, _ in callables]
        tail = tuple(v for _, v in scalars)
        fns = [fn for _, fn in callables]
        if fns:
            values = [(*[r[k] for k in keys], *tail, *[fn(None) for fn in fns]) for r in rows]
        else:
            values = [(*[r[k] for k in keys], *tail) for r in rows]
        self.insert(table.name, names, values)


def _table(name: str) -> Any:
    return SQLModel.metadata.tables[name]
