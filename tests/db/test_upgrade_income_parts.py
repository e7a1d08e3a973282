"""Revision 0009 on a database of the previous release: every income fact is kept as it was, its components
and categories NULL (not given), and the program evaluates it as before; new facts carry components."""

from __future__ import annotations

from assist_desktop.domain.income import ALL_PARTS
from tests.db.test_upgrade_from_release import AS_OF, upgraded  # noqa: F401 - the fixture

OLD_COLUMNS = ("file_id", "as_of", "household_size", "household_annual_income_fen", "unavoidable_spending_fen",
               "own_monthly_income_fen", "dibao_monthly_fen", "hardship_costs_fen", "imputed_members", "source")


def test_old_facts_are_intact_with_null_components(upgraded):  # noqa: F811
    before, after, _db = upgraded
    assert before["income_fact"]
    assert set(after["income_fact"]) == set(before["income_fact"])
    for key, old in before["income_fact"].items():
        new = after["income_fact"][key]
        assert all(c not in old for c in ALL_PARTS)  # the release had no such columns
        assert {c: new[c] for c in OLD_COLUMNS} == {c: old[c] for c in OLD_COLUMNS}
        assert all(new[c] is None for c in ALL_PARTS)
    for row in after["hardship_file"].values():
        assert all(row[c] is None for c in ALL_PARTS)


def test_the_upgraded_file_evaluates_as_before_and_takes_components(upgraded):  # noqa: F811
    from assist_desktop.services.files import get_file, update_file
    from assist_desktop.services.lifecycle import status_report

    _before, _after, db = upgraded
    no = "230102001-000081"
    report = status_report(db, file_no=no, as_of=AS_OF)
    assert report["income"]["annual_income_fen"] == 1200035 and report["income"]["income_parts"] == {}
    size = get_file(db, file_no=no).file.household_size
    detail = update_file(db, file_no=no, changes={"income_wages": "9000", "income_dibao": "3000.35"}, as_of=AS_OF)
    assert detail.file.household_annual_income_fen == 1200035 and detail.file.income_wages_fen == 900000
    fact = detail.facts[-1]
    assert (fact.as_of, fact.income_wages_fen, fact.income_dibao_fen, fact.household_size) == (AS_OF, 900000,
                                                                                               300035, size)
    again = status_report(db, file_no=no, as_of=AS_OF)
    assert again["income"]["per_capita_fen"] == report["income"]["per_capita_fen"]
    assert again["income"]["income_parts"] == {"income_wages": 900000, "income_dibao": 300035}
