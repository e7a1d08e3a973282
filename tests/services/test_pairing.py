"""Pairing: one responsible person at a time with history, many at once, handover, coverage, letters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assist_desktop.db.models import Cadre, HardshipFile, Pairing
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services.files import create_file
from assist_desktop.services.lifecycle import history
from assist_desktop.services.pairing import (
    add_letter,
    assign,
    coverage,
    get_letter,
    handover,
    pairing_history,
    sign_letter,
)
from assist_desktop.services.unions import add_cadre, add_union
from tests.conftest import complete_file_data, valid_id

D = dt.date


@pytest.fixture
def three_files(db):
    for k, first17 in enumerate(("23010219700315123", "23010219800101123", "23010219750505432")):
        create_file(
            db,
            data=complete_file_data(
                id_number=valid_id(first17), name=["张建国", "王芳", "李强"][k], last_visit_date="2026-01-02"
            ),
            as_of=D(2026, 1, 5),
        )
    add_cadre(db, name="赵敏", phone="13900000001")
    add_cadre(db, name="钱军")
    return ["230102001-000001", "230102001-000002", "230102001-000003"]


def test_coverage_flags_registered_files_without_a_person(db, three_files):
    data = coverage(db)
    assert (data["active"], data["uncovered"]) == (3, 3)
    assert data["files"][0]["problem"] == "没有帮扶联系责任人"
    assign(db, file_nos=three_files[:1], person="赵敏", on=D(2026, 1, 6))
    assert coverage(db)["uncovered"] == 2


def test_assign_keeps_one_current_person_and_the_history(db, three_files):
    assign(db, file_nos=[three_files[0]], person="赵敏", on=D(2026, 1, 6), actor="clerk")
    result = assign(db, file_nos=[three_files[0]], person="钱军", on=D(2026, 3, 1), actor="clerk")
    assert result.files == [three_files[0]]
    again = assign(db, file_nos=[three_files[0]], person="钱军", on=D(2026, 3, 2))
    assert again.files == [] and again.unchanged == [three_files[0]]
    rows = pairing_history(db, file_no=three_files[0])
    assert [(r["person"], r["start_on"], r["end_on"]) for r in rows] == [
        ("赵敏", D(2026, 1, 6), D(2026, 3, 1)),
        ("钱军", D(2026, 3, 1), None),
    ]
    with db.reader() as s:
        f = s.scalars(select(HardshipFile).where(HardshipFile.file_no == three_files[0])).one()
        assert s.get(Cadre, f.responsible_person_id).name == "钱军"
        open_rows = s.scalars(select(Pairing).where(Pairing.file_id == f.id, Pairing.end_on.is_(None))).all()
        assert len(open_rows) == 1
    paired = [e for e in history(db, file_no=three_files[0]) if e["kind"] == "paired"]
    assert [e["reason"] for e in paired] == [
        "确定帮扶联系责任人：赵敏（哈尔滨锅炉厂工会）",
        "帮扶联系责任人由赵敏调整为钱军（哈尔滨锅炉厂工会）",
    ]


def test_assign_many_and_handover_in_one_step(db, three_files):
    result = assign(db, file_nos=three_files, person="赵敏", on=D(2026, 1, 6))
    assert result.files == three_files
    moved = handover(db, from_person="赵敏", to_person="钱军", on=D(2026, 4, 1))
    assert moved.files == three_files and moved.person == "钱军"
    with db.reader() as s:
        people = set(s.scalars(select(HardshipFile.responsible_person_id)))
        zhao = s.scalars(select(Cadre).where(Cadre.name == "赵敏")).one()
    assert len(people) == 1 and zhao.active is False and zhao.left_on == D(2026, 4, 1)
    assert coverage(db)["uncovered"] == 0
    with pytest.raises(DomainError, match="已离开"):
        assign(db, file_nos=three_files[:1], person="赵敏", on=D(2026, 4, 2))
    with pytest.raises(DomainError, match="同一人"):
        handover(db, from_person="钱军", to_person="钱军", on=D(2026, 4, 2))


def test_letters_level_by_level_with_scope_and_signatures(db, three_files):
    assign(db, file_nos=three_files[:2], person="赵敏", on=D(2026, 1, 6))
    letter = add_letter(
        db,
        lower_person="赵敏",
        goals="每季度入户走访一次",
        measures="结对帮扶，送岗位",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )
    assert letter["letter_no"] == "230102001-BB2026-0001"
    assert [f["file_no"] for f in letter["files"]] == three_files[:2] and letter["household_count"] == 2
    assert letter["signed"] is False
    sign_letter(db, letter_no=letter["letter_no"], side="upper", signatory="工会主席 孙立", on=D(2026, 1, 8))
    signed = sign_letter(db, letter_no=letter["letter_no"], side="lower", signatory="赵敏", on=D(2026, 1, 9))
    assert signed["signed"] is True and signed["lower_signed_on"] == D(2026, 1, 9)
    assert get_letter(db, letter_no=letter["letter_no"])["upper_signatory"] == "工会主席 孙立"


def test_letter_must_go_one_level_down(db):
    add_union(db, code="230102", name="南岗区总工会", level="county")
    add_union(db, code="230100", name="哈尔滨市总工会", level="city")
    with pytest.raises(DomainError, match="逐级"):
        add_letter(
            db,
            upper_code="230100",
            lower_code="230102001",
            goals="g",
            measures="m",
            period_start=D(2026, 1, 1),
            period_end=D(2026, 12, 31),
        )
    letter = add_letter(
        db,
        upper_code="230100",
        lower_code="230102",
        goals="g",
        measures="m",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )
    assert letter["lower"] == "南岗区总工会"
    with pytest.raises(ValidationFailed):
        add_letter(
            db,
            lower_code="230102",
            goals="",
            measures="m",
            period_start=D(2026, 2, 1),
            period_end=D(2026, 1, 1),
        )


def test_back_dated_pairing_cannot_start_before_the_current_one(db):
    import datetime as dt

    import pytest as _pytest

    from assist_desktop.domain.errors import DomainError as _DomainError
    from assist_desktop.services.files import create_file as _create
    from assist_desktop.services.pairing import assign as _assign
    from assist_desktop.services.unions import add_cadre as _add_cadre
    from tests.conftest import complete_file_data as _data

    no = _create(db, data=_data(last_visit_date="2026-01-02"), as_of=dt.date(2026, 1, 5)).file.file_no
    _add_cadre(db, name="赵干事")
    _add_cadre(db, name="钱干事")
    _assign(db, file_nos=[no], person="赵干事", on=dt.date(2026, 5, 1))
    with _pytest.raises(_DomainError, match="不能早于"):
        _assign(db, file_nos=[no], person="钱干事", on=dt.date(2026, 3, 1))
