"""The history cannot be quietly rewritten: the hash chain of audit_log and `verify`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from assist_desktop.cli.core import main
from assist_desktop.db import audit, migrate
from assist_desktop.db.engine import Database, sqlite_path
from assist_desktop.db.models import AuditLog, table_of
from assist_desktop.services.demo import build_demo
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.verify import verify
from tests.conftest import TODAY, complete_file_data, valid_id

RELEASE = Path(__file__).parents[1] / "data" / "release-0001.sqlite3"


@pytest.fixture
def worked(db: Database) -> Database:
    """Ordinary work through the program: files made and edited one by one and in bulk."""
    if not db.is_sqlite:
        pytest.skip("the tampering is done with sqlite3")
    build_demo(db, files=30, seed=3, as_of=TODAY)
    create_file(db, data=complete_file_data(id_number=EDITED, bank_account="6222020200112233445"), as_of=TODAY)
    create_file(db, data=complete_file_data(id_number=NEVER_EDITED, name="王芳"), as_of=TODAY)
    update_file(db, file_no=_file(db, EDITED)[1], changes={"bank_account": "6222020200112233999"}, as_of=TODAY)
    return db


EDITED = valid_id("23010219700315123")
NEVER_EDITED = valid_id("23010219800101123")


def _file(db: Database, id_number: str) -> tuple[str, str]:
    """(id, file_no) of the file with this ID number; "demo": the first demo file."""
    from assist_desktop.db.models import HardshipFile

    with db.reader() as s:
        q = select(HardshipFile.id, HardshipFile.file_no)
        if id_number == "demo":
            q = q.where(HardshipFile.id_number.not_in([EDITED, NEVER_EDITED])).order_by(HardshipFile.file_no)
        else:
            q = q.where(HardshipFile.id_number == id_number)
        fid, no = s.execute(q.limit(1)).one()
    return fid, no


def _sql(db: Database, statement: str, *params: object) -> None:
    path = sqlite_path(db.url)
    assert path is not None
    with sqlite3.connect(path) as conn:
        conn.execute(statement, params)
    conn.close()


def _ids(db: Database) -> list[int]:
    with db.reader() as s:
        return list(s.scalars(select(AuditLog.id).order_by(AuditLog.id)))


def test_ordinary_work_verifies(worked):
    report = verify(worked)
    assert report.ok, report.problems
    assert report.integrity == "ok" and report.records_checked == 32 and report.audit_rows == len(_ids(worked))
    with worked.reader() as s:
        rows = s.execute(select(table_of(AuditLog)).order_by(AuditLog.id)).mappings().all()
    assert rows[0]["prev_hash"] == "" and all(r["row_hash"] for r in rows)
    assert all(b["prev_hash"] == a["row_hash"] for a, b in zip(rows, rows[1:], strict=False))


def test_a_changed_audit_row_is_named(worked):
    target = _ids(worked)[5]
    _sql(worked, "UPDATE audit_log SET actor = 'someone else' WHERE id = ?", target)
    report = verify(worked)
    assert not report.ok
    first = report.first_broken
    assert first is not None and first.check == "chain" and first.audit_id == target
    assert f"第 {target} 条被改动" in first.message


def test_a_deleted_audit_row_is_found_at_the_next(worked):
    ids = _ids(worked)
    _sql(worked, "DELETE FROM audit_log WHERE id = ?", ids[10])
    first = verify(worked).first_broken
    assert first is not None and first.check == "chain" and first.audit_id == ids[11]
    assert "被删除或插入" in first.message


def test_an_inserted_audit_row_is_found(worked):
    ids = _ids(worked)
    # slipped in at the end, with a link copied from the last row and a made-up hash
    with worked.reader() as s:
        last_hash = s.scalar(select(AuditLog.row_hash).where(AuditLog.id == ids[-1]))
    _sql(worked, "INSERT INTO audit_log (at, actor, action, table_name, record_id, prev_hash, row_hash) "
                 "VALUES ('2026-11-20 08:00:00.000000', 'x', 'update', 'hardship_file', 'y', ?, ?)",
         last_hash, "0" * 64)
    first = verify(worked).first_broken
    assert first is not None and first.audit_id == ids[-1] + 1 and first.check == "chain"


def test_an_inserted_row_in_the_middle_is_found(worked):
    ids = _ids(worked)
    _sql(worked, "UPDATE audit_log SET id = id + 1000000 WHERE id > ?", ids[3])  # make room, order kept
    _sql(worked, "INSERT INTO audit_log (id, at, actor, action, table_name, record_id) "
                 "VALUES (?, '2026-11-20 08:00:00.000000', 'x', 'update', 'hardship_file', 'y')", ids[3] + 1)
    first = verify(worked).first_broken
    assert first is not None and first.audit_id == ids[3] + 1


@pytest.mark.parametrize("which", ["edited", "never edited", "demo"])
def test_a_bank_account_changed_directly_is_found(worked, which):
    # edited by the program before (an update row); never edited (the insert's snapshot); a bulk insert (demo)
    fid, _ = _file(worked, {"edited": EDITED, "never edited": NEVER_EDITED, "demo": "demo"}[which])
    _sql(worked, "UPDATE hardship_file SET bank_account = '6222999999999999999' WHERE id = ?", fid)
    report = verify(worked)
    assert [(p.check, p.record_id, p.field) for p in report.problems] == [("record", fid, "bank_account")]


def test_name_id_number_and_status_changed_directly_are_found(worked):
    fid, file_no = _file(worked, NEVER_EDITED)
    _sql(worked, "UPDATE hardship_file SET status = 'cancelled', name = '李鬼', id_number = ? WHERE id = ?",
         valid_id("23010219800101124"), fid)
    assert {(p.record_id, p.field) for p in verify(worked).problems} == {
        (fid, "name"), (fid, "status"), (fid, "id_number")}
    # a change through the program afterwards is in the history again
    update_file(worked, file_no=file_no, changes={"name": "王芳"}, as_of=TODAY)
    assert {p.field for p in verify(worked).problems} == {"status", "id_number"}


def test_a_file_written_outside_the_program_has_no_history(worked):
    with sqlite3.connect(sqlite_path(worked.url)) as conn:  # type: ignore[arg-type]
        cols = [r[1] for r in conn.execute("PRAGMA table_info(hardship_file)")]
        row = dict(zip(cols, conn.execute("SELECT * FROM hardship_file WHERE id_number = ?", (NEVER_EDITED,))
                       .fetchone(), strict=True))
    conn.close()
    row.update(id="forged-id", file_no="230102001-009999", id_number=valid_id("23010219900101123"))
    _sql(worked, f"INSERT INTO hardship_file ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
         *row.values())
    problems = verify(worked).problems
    assert [(p.record_id, "没有任何历史记录" in p.message) for p in problems] == [("forged-id", True)]


def test_verify_verb_exit_codes_and_json(worked, capsys):
    url = worked.url
    assert main(["--db", url, "verify", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["first_broken"] is None and data["integrity"] == "ok"
    target = _ids(worked)[2]
    _sql(worked, "UPDATE audit_log SET new_value = 'x' WHERE id = ?", target)
    assert main(["--db", url, "verify", "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["first_broken"]["audit_id"] == target
    assert main(["--db", url, "verify"]) == 2
    assert f"第 {target} 条" in capsys.readouterr().out


def test_the_migration_chains_the_history_of_an_older_database(tmp_path):
    path = tmp_path / "release.sqlite3"
    shutil.copyfile(RELEASE, path)
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, backup=False)
    try:
        with db.reader() as s:
            rows = s.execute(select(table_of(AuditLog)).order_by(AuditLog.id)).mappings().all()
        assert rows and all(r["row_hash"] for r in rows)
        # the migration's own copy of the encoding agrees with db/audit.py
        prev = ""
        for r in rows:
            assert r["prev_hash"] == prev and r["row_hash"] == audit.row_hash(dict(r), prev)
            prev = r["row_hash"]
        report = verify(db)
        assert report.ok, report.problems[:3]
        # and the program chains on from the migrated head
        create_file(db, data=complete_file_data(id_number=valid_id("23010219850101123"), name="赵六"),
                    as_of=TODAY, union_code=None)
        assert verify(db).ok
    finally:
        db.dispose()

