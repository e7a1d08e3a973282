"""Every table round-trips through the database: UUIDs, dates, money in fen, booleans, text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from assist_desktop.db import models as M

DAY = dt.date(2026, 3, 1)


def _rows():
    union = M.UnionOrg(code="230102001", name="锅炉厂工会", level="grassroots", parent_code="230102", is_home=True)
    cadre = M.Cadre(name="刘芳", union_id=union.id, role="cadre", phone="13900000000")
    f = M.HardshipFile(
        name="张建国", id_number="230102197003151238", sex="male", birth_date=dt.date(1970, 3, 15),
        work_status="laid_off", household_size=3, household_annual_income_fen=1_800_012,
        unavoidable_spending_fen=300_000, file_no="230102001-000001", union_id=union.id,
        origin_union_code="230102001", provenance="230102001", name_initials="zjg", status="registered",
        category="deep", watch_since=DAY, responsible_person_id=cadre.id, private_car=True, housing_area_m2=42.5,
        secondary_causes="schooling,illness_family", special_groups="4050", able_to_work=None,
    )
    return [
        union, cadre, f,
        M.HouseholdMember(file_id=f.id, name="李丽", relation="spouse", monthly_income_fen=99_999, able_to_work=False),
        M.IncomeFact(file_id=f.id, as_of=DAY, household_size=3, household_annual_income_fen=1_800_012),
        M.StatusEvent(file_id=f.id, occurred_on=DAY, kind="registered", to_status="registered", to_category="deep",
                      reason="人均月收入低于低保标准", facts_json='{"lb_fen": 72000}', rule="entry.deep"),
        M.Pairing(file_id=f.id, unit_id=union.id, person_id=cadre.id, start_on=DAY),
        M.PairingLetter(letter_no="L-2026-001", upper_union_id=union.id, lower_person_id=cadre.id, household_count=3,
                        goals="走访全覆盖", measures="每季度入户", period_start=DAY, period_end=dt.date(2026, 12, 31)),
        M.AssistanceRecord(file_id=f.id, given_on=DAY, kind="money", amount_fen=50_001, fund_source="union"),
        M.HomeVisit(file_id=f.id, visited_on=DAY, visitor="刘芳", needs="助学"),
        M.EmploymentSupport(file_id=f.id, kind="loan", started_on=DAY, amount_fen=5_000_000, lender="工商银行",
                            term_months=24, found_work=True),
        M.Standard(effective_on=DAY, lb_fen=72_000, mw_fen=208_000),
        M.AppSetting(key="visit_interval_months", value="3"),
        M.ExchangeLog(package_id=M.new_id(), direction="out", counterpart_code="230102", sha256="ab" * 32),
        M.UserAccount(username="clerk", display_name="录入员", password_hash="scrypt$...", role="clerk"),
    ]


def test_every_table_round_trips(db_url):
    from assist_desktop.db import migrate
    from assist_desktop.db.engine import Database

    db = Database(db_url)
    migrate.upgrade(db)
    originals = _rows()
    expected = [(type(o), o.model_dump()) for o in originals]
    with db.transaction(actor="t") as s:
        for obj in originals:
            s.add(obj)
            s.flush()
    with db.reader() as s:
        for cls, data in expected:
            pk = [c.name for c in cls.__table__.primary_key.columns]
            row = s.scalars(select(cls).where(*[getattr(cls, k) == data[k] for k in pk])).one()
            got = row.model_dump()
            for key, value in data.items():
                if key == "change_seq":  # stamped by the commit (db/changes.py): the first change is number 1
                    assert got[key] == 1, (cls, key, got[key])
                elif isinstance(value, dt.datetime):
                    assert got[key].replace(tzinfo=None) == value.replace(tzinfo=None), (cls, key)
                else:
                    assert got[key] == value, (cls, key, got[key], value)
    db.dispose()


def test_ids_are_uuids_and_money_is_integer():
    f = M.HardshipFile.__table__
    assert str(f.c.household_annual_income_fen.type) == "INTEGER"
    assert len(M.new_id()) == 36 and M.new_id() != M.new_id()
