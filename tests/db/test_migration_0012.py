"""Migration 0012 on a database written by the first release: the exchange log, the union keys and the received
roster mappings get their new column and table; everything the release wrote is still there."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database
from assist_desktop.db.models import ExchangeLog, ReceivedValueMap, UnionKey, utcnow

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"


def _count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    finally:
        con.close()


def test_0012_adds_its_columns_and_table_and_keeps_the_releases_rows(tmp_path: Path) -> None:
    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    before = {t: _count(path, t) for t in ("hardship_file", "household_member", "audit_log", "exchange_log")}
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    assert migrate.schema_differences(db) == []
    con = sqlite3.connect(path)
    try:
        cols = {r[1] for r in con.execute("PRAGMA table_info(exchange_log)")}
        key_cols = {r[1] for r in con.execute("PRAGMA table_info(union_key)")}
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()
    assert "sender_chain_head" in cols and "enc_public_key" in key_cols
    assert "roster_value_map_received" in tables
    # the release's rows are all there (the audit log may have grown by the upgrade's own entries)
    after = {t: _count(path, t) for t in before}
    assert {t: after[t] for t in ("hardship_file", "household_member", "exchange_log")} == {
        t: before[t] for t in ("hardship_file", "household_member", "exchange_log")}
    assert after["audit_log"] >= before["audit_log"]
    with db.transaction(actor="test") as s:
        old = s.scalars(select(ExchangeLog)).all()
        assert all(e.sender_chain_head is None for e in old)
        s.add(ReceivedValueMap(origin_code="230102001", field_name="industry", raw_value="锅炉安装",
                               target="manufacturing", received_at=utcnow(), package_id=None))
        s.add(UnionKey(union_code="230102009", public_key="00" * 32, fingerprint="X", enc_public_key="11" * 32))
    with db.reader() as s:
        assert s.get(ReceivedValueMap, ("230102001", "industry", "锅炉安装")).target == "manufacturing"
        assert s.get(UnionKey, "230102009").enc_public_key == "11" * 32
    db.dispose()
