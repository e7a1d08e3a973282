"""The roster's bulk path for new households writes what the services write, in one transaction, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from assist_desktop.db.models import (
    AuditLog,
    Cadre,
    HardshipFile,
    HouseholdMember,
    IncomeFact,
    Pairing,
    StatusEvent,
    UnionOrg,
)
from assist_desktop.services import roster as roster_service
from assist_desktop.services.roster import RosterRefused, import_roster, preview_roster
from tests.conftest import TODAY, valid_id
from tests.exchange.conftest import dump, fail_files_insert_at, write_roster

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因", "家庭情况", "技术特长", "就业意愿",
        "思想状况", "走访日期", "帮扶责任人", "所属行业", "致困情况说明", "有无劳动能力"]
IDS = [valid_id(f"23010219700315{k:03d}") for k in range(1, 7)]


def roster(path, rows, members=()):
    return write_roster(path, HEAD, rows, member_head=["户主身份证号", "姓名", "关系", "健康状况", "人员身份", "月收入"],
                        members=members)


def household(k, *, name="张建国", income=9000, size=3, responsible="刘干部", industry="纺织", account="下岗后患病"):
    return [name, IDS[k], "下岗", income, size, "因病", "夫妻二人，一子读高中", "车工", "希望做保安", "稳定",
            "2026-10-15", responsible, industry, account, "有"]


def _snapshot(db):
    """Everything a roster writes, without ids and instants, by ID number."""
    out = {}
    with db.reader() as s:
        cadres = {c.id: c.name for c in s.scalars(select(Cadre))}
        unions = {u.id: u.code for u in s.scalars(select(UnionOrg))}
        skip = {"id", "created_at", "updated_at", "responsible_person_id", "responsible_unit_id", "change_seq",
                "union_id"}
        for f in s.scalars(select(HardshipFile)):
            row = {k: v for k, v in f.model_dump().items() if k not in skip}
            for k in ("file_no", "origin_union_code", "provenance"):  # the two databases' unions differ in code
                row[k] = row[k].replace(f.origin_union_code, "HOME")
            row["responsible"] = cadres.get(f.responsible_person_id or "")
            row["unit"] = unions.get(f.responsible_unit_id or "") == f.origin_union_code
            events = s.scalars(select(StatusEvent).where(StatusEvent.file_id == f.id)
                               .order_by(StatusEvent.recorded_at)).all()
            row["events"] = sorted((e.kind, e.rule, e.from_status, e.to_status, e.from_category, e.to_category, e.reason,
                                    e.facts_json, e.occurred_on) for e in events)  # the instants differ in kind
            facts = s.scalars(select(IncomeFact).where(IncomeFact.file_id == f.id)).all()
            row["facts"] = [{k: v for k, v in x.model_dump().items() if k not in {"id", "file_id", "recorded_at"}}
                            for x in facts]
            members = s.scalars(select(HouseholdMember).where(HouseholdMember.file_id == f.id)
                                .order_by(HouseholdMember.sort_order)).all()
            row["members"] = [{k: v for k, v in m.model_dump().items() if k not in {"id", "file_id", "updated_at"}}
                              for m in members]
            pairs = s.scalars(select(Pairing).where(Pairing.file_id == f.id)).all()
            row["pairing"] = [(cadres[p.person_id], unions.get(p.unit_id or "") == f.origin_union_code, p.start_on,
                               p.end_on, p.note) for p in pairs]
            out[f.id_number] = row
        inserted = {(a.table_name, a.action) for a in s.scalars(select(AuditLog).where(AuditLog.action == "insert"))}
        out["_audited_inserts"] = inserted
        out["_search"] = s.execute(text("SELECT count(*), count(pinyin) FROM search_doc")).one()
        out["_grams"] = s.execute(text("SELECT count(*) FROM search_gram")).scalar()
    return out


def test_bulk_path_writes_what_the_services_write(make_db, tmp_path, monkeypatch):
    """The same roster through the bulk path and through the services (create_file_in, evaluate_in, assign_in)."""
    path = roster(tmp_path / "r.xlsx",
                  [household(0), household(1, name="王芳", income=60000, responsible="刘干部"),
                   household(2, name="李四", responsible=None, account=None, industry="火星产业")],
                  members=[[IDS[0], "李秀英", "配偶", "高血压", "无业", 0], [IDS[0], "张小明", "子女", "健康", "在校生", 0]])
    bulk_db = make_db("230102001", "锅炉厂工会", "grassroots", "230102")
    orm_db = make_db("230102002", "锅炉厂工会", "grassroots", "230102", trusting=False)
    for d in (bulk_db, orm_db):
        from assist_desktop.services.standards import set_standard

        set_standard(d, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    bulk = import_roster(bulk_db, path=path, today=TODAY)
    monkeypatch.setattr(roster_service._RosterRun, "_new_row", roster_service._RosterRun._row)
    orm = import_roster(orm_db, path=path, today=TODAY)
    assert len(bulk.created) == len(orm.created) == 3
    assert [(g.row, g.file_no[-6:], g.missing) for g in bulk.gaps] == [(g.row, g.file_no[-6:], g.missing)
                                                                         for g in orm.gaps]
    assert [u.to_json() for u in bulk.unknown_values] == [u.to_json() for u in orm.unknown_values]
    a, b = _snapshot(bulk_db), _snapshot(orm_db)
    for number in IDS[:3]:
        assert a[number] == b[number], number
    assert a[IDS[0]]["status"] == "registered" and len(a[IDS[0]]["members"]) == 2
    assert a["_search"] == b["_search"] == (3, 3) and a["_grams"] == b["_grams"]
    assert a["_audited_inserts"] == b["_audited_inserts"]
    for d in (bulk_db, orm_db):  # every file carries the import's one change number
        with d.reader() as s:
            seqs = set(s.scalars(select(HardshipFile.change_seq)))
        assert len(seqs) == 1 and None not in seqs and next(iter(seqs)) > 0


def test_a_failure_in_the_middle_of_a_batch_leaves_the_database_unchanged(db, tmp_path, monkeypatch):
    """Three batches of two; the third one's insert fails: nothing of the first two stays, the trigger is back."""
    from assist_desktop.services import roster_bulk

    monkeypatch.setattr(roster_bulk, "BATCH", 2)
    path = roster(tmp_path / "r.xlsx", [household(k, name=n) for k, n in enumerate("张王李赵钱孙")])
    before = dump(db)
    calls = fail_files_insert_at(monkeypatch, 3)
    with pytest.raises(RuntimeError):
        import_roster(db, path=path, today=TODAY)
    assert calls["files"] == 3
    assert dump(db) == before
    if db.engine.dialect.name == "sqlite":  # the search index's insert trigger, set aside for the batch, is back
        with db.reader() as s:
            triggers = {r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        assert "search_file_ai" in triggers


def test_strict_mode_refusal_after_full_batches_writes_nothing(db, tmp_path, monkeypatch):
    from assist_desktop.services import roster_bulk

    monkeypatch.setattr(roster_bulk, "BATCH", 2)
    rows = [household(k, name=n) for k, n in enumerate("张王李赵钱")]
    rows.append(["孙七", IDS[5], "下岗", "abc", 3, "因病"])
    path = roster(tmp_path / "r.xlsx", rows)
    before = dump(db)
    with pytest.raises(RosterRefused) as info:
        import_roster(db, path=path, today=TODAY)
    assert [(i.row, i.column) for i in info.value.report.issues] == [(7, "家庭年总收入")]
    assert dump(db) == before
    dry = preview_roster(db, path=path, today=TODAY)
    assert dry.valid == 5 and len(dry.created) == 5 and dump(db) == before
    done = import_roster(db, path=path, today=TODAY, accept_valid=True)
    assert len(done.created) == 5
    with db.reader() as s:
        assert len(s.scalars(select(HardshipFile)).all()) == 5


def test_refused_rows_take_no_file_number(db, tmp_path):
    """Numbers follow each other over the kept rows, across batches, in the dry run and the import alike."""
    from assist_desktop.services import roster_bulk

    roster_bulk.BATCH, old = 2, roster_bulk.BATCH
    try:
        # row 3 is refused after its fields were checked (the reading refused its 帮扶责任人)
        rows = [household(0, name="张三"), household(1, name="李四", responsible="干部1"), household(2, name="王五"),
                household(3, name="赵六"), household(4, name="钱七")]
        path = roster(tmp_path / "r.xlsx", rows)
        dry = preview_roster(db, path=path, today=TODAY)
        done = import_roster(db, path=path, today=TODAY, accept_valid=True)
    finally:
        roster_bulk.BATCH = old
    expected = [f"230102001-{k:06d}" for k in range(1, 5)]
    assert [(i.row, i.column) for i in done.issues] == [(3, "帮扶责任人")]
    assert dry.created == done.created == expected
    with db.reader() as s:
        got = dict(s.execute(select(HardshipFile.id_number, HardshipFile.file_no)).all())
    assert [got[IDS[k]] for k in (0, 2, 3, 4)] == expected


def test_the_audit_chain_holds_after_a_bulk_roster_import(db, tmp_path):
    """The bulk path's audit rows extend the hash chain; every new file's insert row carries its snapshot."""
    from assist_desktop.services.verify import verify

    path = roster(tmp_path / "r.xlsx", [household(k, name=n) for k, n in enumerate("张王李")])
    import_roster(db, path=path, today=TODAY)
    report = verify(db)
    assert report.ok, report.to_json()
    with db.reader() as s:
        ids = set(s.scalars(select(HardshipFile.id)))
        inserted = {a.record_id for a in s.scalars(select(AuditLog).where(AuditLog.table_name == "hardship_file",
                                                                          AuditLog.action == "insert"))}
    assert ids <= inserted and len(ids) == 3


def test_the_bulk_audit_rows_chain_as_row_hash_makes_them(db, tmp_path):
    from assist_desktop.db import audit
    from assist_desktop.db.models import table_of
    from assist_desktop.services.verify import verify

    import_roster(db, path=roster(tmp_path / "r.xlsx", [household(k) for k in range(4)]), today=TODAY)
    with db.reader() as s:
        rows = s.execute(select(table_of(AuditLog)).order_by(AuditLog.id)).mappings().all()
    bulk = [r for r in rows if r["table_name"] == "hardship_file" and r["action"] == "insert"]
    assert len(bulk) == 4 and all(r["new_value"] for r in bulk)  # the snapshot of the checked fields
    prev = ""
    for r in rows:
        assert r["prev_hash"] == prev and r["row_hash"] == audit.row_hash(dict(r), prev)
        prev = r["row_hash"]
    assert verify(db).ok
