"""The write rules through the services: the one household-size policy, what a save returns, one per-capita."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import HouseholdMember
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services.files import create_file, get_file, set_members, update_file
from assist_desktop.services.lifecycle import close_file, household_income_in, status_report
from assist_desktop.services.pairing import assign
from assist_desktop.services.unions import add_cadre
from tests.conftest import TODAY, complete_file_data

SPOUSE = {"name": "李丽", "relation": "配偶"}
SON = {"name": "张小明", "relation": "子女", "status": "学生"}


def test_set_members_refuses_more_members_than_the_size_and_never_grows_it(db):
    no = create_file(db, data=complete_file_data(household_size="2"), members=[SPOUSE], as_of=TODAY).file.file_no
    with pytest.raises(ValidationFailed) as info:
        set_members(db, file_no=no, members=[SPOUSE, SON], as_of=TODAY)
    [error] = info.value.errors
    assert error.field == "household_size"
    assert error.zh == "家庭人口（2）少于本人加家庭成员数（3）"
    detail = get_file(db, file_no=no)
    assert detail.file.household_size == 2 and [m.name for m in detail.members] == ["李丽"]
    # the size and the members changed together are accepted
    detail = set_members(db, file_no=no, members=[SPOUSE, SON], as_of=TODAY, household_size=3)
    assert detail.file.household_size == 3 and [m.name for m in detail.members] == ["李丽", "张小明"]
    assert detail.changes.files and detail.file.id in detail.changes.file_ids


def test_update_with_members_refuses_a_size_below_members_plus_one(db):
    no = create_file(db, data=complete_file_data(household_size="3"), members=[SPOUSE, SON], as_of=TODAY).file.file_no
    with pytest.raises(ValidationFailed, match="家庭人口（2）少于本人加家庭成员数（3）"):
        update_file(db, file_no=no, changes={"household_size": "2"}, as_of=TODAY)
    with pytest.raises(ValidationFailed, match="家庭人口（3）少于本人加家庭成员数（4）"):
        update_file(db, file_no=no, changes={}, members=[SPOUSE, SON, {"name": "张老", "relation": "父母"}],
                    as_of=TODAY)
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 2


def test_saves_say_what_they_changed(db):
    created = create_file(db, data=complete_file_data(), as_of=TODAY)
    assert created.changes.file_ids == {created.file.id}
    same = update_file(db, file_no=created.file.file_no, changes={"phone": "13945678901"}, as_of=TODAY)
    assert same.changes.empty  # nothing differed
    # (issue 10: relief needs the income at or above LB; this household is deep, so it is cancelled instead)
    closed = close_file(db, file_no=created.file.file_no, reason="cancelled", detail="transfer", note="迁出",
                        on=TODAY)
    assert closed.status == "closed" and closed["status"] == "closed"
    assert closed.changes.file_ids == {created.file.id}
    assert "changes" not in closed.to_json()


def test_pairing_refused_on_a_closed_file_with_the_rule_s_words(db):
    no = create_file(db, data=complete_file_data(), as_of=TODAY).file.file_no
    add_cadre(db, name="王强", phone="13900000000")
    result = assign(db, file_nos=[no], person="王强", on=TODAY)
    assert result.files == [no] and result.changes.pairing
    close_file(db, file_no=no, reason="cancelled", detail="transfer", note="x", on=TODAY)  # (issue 10: not relief)
    add_cadre(db, name="赵敏", phone="13900000001")
    with pytest.raises(DomainError, match=f"档案 {no} 已退档，不能再安排帮扶责任人"):
        assign(db, file_nos=[no], person="赵敏", on=TODAY)


def test_per_capita_income_is_the_status_report_s_number_with_imputed_members(db):
    jobless_son = {"name": "张小明", "relation": "子女", "status": "失业", "birth_date": "1998-05-01", "sex": "男",
                   "able_to_work": "是"}
    no = create_file(db, data=complete_file_data(), members=[SPOUSE, jobless_son], as_of=TODAY).file.file_no
    report = status_report(db, file_no=no, as_of=TODAY)
    with db.reader() as s:
        from assist_desktop.services.files import get_by_no

        income = household_income_in(s, get_by_no(s, no), as_of=TODAY)
    assert income is not None and income.imputed_members == 1
    assert income.per_capita_fen == report["income"]["per_capita_fen"]
    # (18,000 元 + 12 × the minimum wage) ÷ 3 ÷ 12 > 18,000 ÷ 3 ÷ 12 = 500 元
    assert income.per_capita_fen > 50_000


def test_a_roster_s_responsible_person_by_name(db):
    from assist_desktop.db.models import Cadre
    from assist_desktop.services.common import home_union
    from assist_desktop.services.pairing import responsible_by_name_in

    with db.transaction(actor="t", reason="t") as s:
        made = responsible_by_name_in(s, "孙丽", home=home_union(s), phone="13900000002")
        assert made.union_id == home_union(s).id and made.phone == "13900000002"
        assert responsible_by_name_in(s, "孙丽", home=home_union(s)).id == made.id  # found, not made again
    add_cadre(db, name="王强")
    add_cadre(db, name="王强")
    with db.transaction(actor="t", reason="t") as s, pytest.raises(ValidationFailed) as info:
        responsible_by_name_in(s, "王强", home=home_union(s), row=7)
    [error] = info.value.errors
    assert error.zh == "有2位在职责任人同名“王强”，请用编号指定" and error.row == 7
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Cadre).where(Cadre.name == "孙丽")) == 1


def test_register_says_whether_it_changed_the_file(db):
    from assist_desktop.services.lifecycle import register_file

    created = create_file(db, data=complete_file_data(), as_of=TODAY)  # registered by its own evaluation
    assert created.file.status == "registered"
    again = register_file(db, file_no=created.file.file_no, as_of=TODAY)
    assert again["status"] == "registered" and again.changes.empty
