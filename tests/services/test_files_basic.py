"""Creating and changing files: validation, numbering, audit, dated facts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import AuditLog, HardshipFile, IncomeFact
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.services.files import create_file, get_file, update_file
from tests.conftest import TODAY, complete_file_data, valid_id


def test_create_file_numbers_derives_and_audits(db):
    detail = create_file(db, data=complete_file_data(), members=[{"name": "李丽", "relation": "配偶"}],
                         as_of=TODAY, actor="clerk1")
    f = detail.file
    assert f.file_no == "230102001-000001"
    assert f.sex == "male" and f.birth_date.isoformat() == "1970-03-15"
    assert f.name_initials == "zjg"
    assert f.household_annual_income_fen == 1_800_000
    assert [m.name for m in detail.members] == ["李丽"]
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(IncomeFact)) == 1
        actors = set(s.scalars(select(AuditLog.actor).where(AuditLog.table_name == "hardship_file")))
    assert actors == {"clerk1"}
    second = create_file(db, data=complete_file_data(id_number=valid_id("23010219800101123"), name="王芳"), as_of=TODAY)
    assert second.file.file_no == "230102001-000002"


def test_bad_input_names_every_field_and_writes_nothing(db):
    bad = complete_file_data(id_number="230102197003151234", household_annual_income="-5", phone="123")
    with pytest.raises(ValidationFailed) as info:
        create_file(db, data=bad, as_of=TODAY)
    fields = {e.field for e in info.value.errors}
    assert fields == {"id_number", "household_annual_income", "phone"}
    assert "校验位" in str(info.value)
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(HardshipFile)) == 0


def test_duplicate_id_number_refused(db):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    with pytest.raises(ValidationFailed, match="已有档案"):
        create_file(db, data=complete_file_data(name="张三"), as_of=TODAY)


def test_update_records_audit_with_old_and_new_and_dated_fact(db):
    import datetime as dt

    create_file(db, data=complete_file_data(), as_of=TODAY)
    later = TODAY + dt.timedelta(days=3)
    update_file(db, file_no="230102001-000001", changes={"household_annual_income": "30000", "phone": "13800000000"},
                as_of=later, actor="clerk2", reason="收入变化")
    with db.reader() as s:
        rows = s.execute(select(AuditLog.field, AuditLog.old_value, AuditLog.new_value, AuditLog.reason)
                         .where(AuditLog.action == "update", AuditLog.table_name == "hardship_file")).all()
        facts = s.scalars(select(IncomeFact.as_of).order_by(IncomeFact.as_of)).all()
    changed = {r.field: (r.old_value, r.new_value, r.reason) for r in rows}
    assert changed["household_annual_income_fen"] == ("1800000", "3000000", "收入变化")
    assert changed["phone"][1] == "13800000000"
    assert facts == [TODAY, later]
    # created (1), registered by its evaluation (2), the save (3), the adjustment it caused (4)
    assert get_file(db, file_no="230102001-000001").file.row_version == 4


def test_household_size_must_count_the_worker_and_members(db):
    members = [{"name": "李丽", "relation": "配偶"}, {"name": "张小明", "relation": "子女", "status": "学生"}]
    with pytest.raises(ValidationFailed, match="少于本人加家庭成员数（3）"):
        create_file(db, data=complete_file_data(household_size="1"), members=members, as_of=TODAY)
    detail = create_file(db, data=complete_file_data(household_size="3"), members=members, as_of=TODAY)
    assert [m.relation for m in detail.members] == ["spouse", "child"]
    with pytest.raises(ValidationFailed, match="家庭人口"):
        update_file(db, file_no=detail.file.file_no, changes={"household_size": "2"}, as_of=TODAY)


def test_blank_income_and_unknown_fields_refused_on_update(db):
    no = create_file(db, data=complete_file_data(), as_of=TODAY).file.file_no
    with pytest.raises(ValidationFailed, match="不能清空"):
        update_file(db, file_no=no, changes={"household_annual_income": ""}, as_of=TODAY)
    with pytest.raises(ValidationFailed, match="不是档案字段"):
        update_file(db, file_no=no, changes={"hosehold_size": "9"}, as_of=TODAY)
    with pytest.raises(ValidationFailed, match="面积"):
        update_file(db, file_no=no, changes={"housing_area": "nan"}, as_of=TODAY)
    assert get_file(db, file_no=no).file.household_annual_income_fen == 1_800_000


def test_registered_file_keeps_its_five_clears(db):
    detail = create_file(db, data=complete_file_data(), as_of=TODAY)
    assert detail.file.status == "registered"
    with pytest.raises(ValidationFailed, match="须保持五清"):
        update_file(db, file_no=detail.file.file_no, changes={"family_situation": ""}, as_of=TODAY)
    # an explicit "none" is still clear
    update_file(db, file_no=detail.file.file_no, changes={"skills": "无"}, as_of=TODAY)
    assert get_file(db, file_no=detail.file.file_no).file.status == "registered"


def test_changes_cannot_be_dated_before_the_record(db):
    import datetime as dt

    no = create_file(db, data=complete_file_data(last_visit_date="2026-02-20"), as_of=dt.date(2026, 3, 1)).file.file_no
    with pytest.raises(ValidationFailed, match="不能录入更早日期"):
        update_file(db, file_no=no, changes={"household_annual_income": "10000"}, as_of=dt.date(2026, 2, 15))
    with pytest.raises(ValidationFailed, match="不能以更早日期"):
        update_file(db, file_no=no, changes={"phone": "13800000000"}, as_of=dt.date(2026, 2, 15))
    update_file(db, file_no=no, changes={"household_annual_income": "10000"}, as_of=dt.date(2026, 3, 2))
    assert get_file(db, file_no=no).file.household_annual_income_fen == 1_000_000


def test_file_with_report_matches_the_report_read_alone(db):
    """`get_file(report_on=)` decides from the rows it read for the detail: the same report as `status_report`
    reading them again, for every demo file and for a file with two dated incomes and two visits, on days
    before, between and after them (the facts and visits in force differ from day to day)."""
    import datetime as dt

    from assist_desktop.services.assistance import add_visit
    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.lifecycle import status_report

    days = [TODAY - dt.timedelta(days=n) for n in (280, 150, 60, 0)] + [TODAY + dt.timedelta(days=550)]
    build_demo(db, files=60, seed=7, as_of=TODAY)
    detail = create_file(db, data=complete_file_data(id_number=valid_id("23010219650101123"),
                                                     household_annual_income="9000",
                                                     last_visit_date=days[0].isoformat()), as_of=days[0])
    no = detail.file.file_no
    update_file(db, file_no=no, changes={"household_annual_income": "90000"}, as_of=days[2])
    for day in (days[0], days[2]):
        add_visit(db, file_no=no, visitor="赵敏", visited_on=day.isoformat(), state_of_mind="平稳", today=day)
    with db.reader() as s:
        file_nos = list(s.scalars(select(HardshipFile.file_no).order_by(HardshipFile.file_no)))
    assert len(file_nos) == 61
    seen = set()
    for day in days:
        for n in file_nos:
            got = get_file(db, file_no=n, report_on=day)
            alone = status_report(db, file_no=n, as_of=day, history=0)
            assert got.report is not None and got.report.to_json() == alone.to_json(), (n, day)
            if n == no:
                seen.add(repr(alone.to_json()))
        assert get_file(db, file_no=file_nos[0]).report is None
    assert len(seen) >= 4  # the one file's report differs from day to day: the rows given are the day's
