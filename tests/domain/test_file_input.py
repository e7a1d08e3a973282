"""Cleaning a household's input: every bad field named at once; derived values."""

from __future__ import annotations

from assist_desktop.domain.file_input import clean_file_input
from tests.conftest import TODAY, complete_file_data


def test_complete_input_cleans_to_columns():
    values, errors = clean_file_input(complete_file_data(), today=TODAY)
    assert errors == []
    assert values["work_status"] == "laid_off"
    assert values["household_annual_income_fen"] == 1_800_000
    assert values["main_cause"] == "laid_off" and values["secondary_causes"] == "schooling"
    assert values["able_to_work"] is True
    assert values["sex"] == "male"


def test_all_errors_collected_with_row_and_source():
    raw = complete_file_data(household_size="0", sex="女", disability_grade="5", main_cause="天灾", last_visit_date="2030-01-01")
    raw.pop("work_status")
    _, errors = clean_file_input(raw, today=TODAY, row=7, source="名册.xlsx")
    fields = sorted(e.field for e in errors)
    assert fields == sorted(["work_status", "household_size", "sex", "disability_grade", "main_cause",
                             "last_visit_date"])
    assert all(e.row == 7 and e.source == "名册.xlsx" for e in errors)
    assert errors[0].message().startswith("名册.xlsx 第7行 ")


def test_main_cause_removed_from_secondary_and_max_three():
    values, errors = clean_file_input(complete_file_data(secondary_causes="下岗失业、子女上学"), today=TODAY)
    assert errors == [] and values["secondary_causes"] == "schooling"
    _, errors = clean_file_input(complete_file_data(secondary_causes="残疾,单亲,子女上学,其他"), today=TODAY)
    assert [e.field for e in errors] == ["secondary_causes"]
