"""Validation of ID numbers, phones, money, dates and enumerations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assist_desktop.domain.enums import Cause, FileStatus, Sex, WorkStatus
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.domain.validation import (
    birth_date_from_id,
    check_id_number,
    check_phone,
    format_fen,
    id_check_digit,
    id_number_warnings,
    mask_id_number,
    parse_date,
    parse_enum,
    parse_money_fen,
    sex_from_id,
)

TODAY = dt.date(2026, 11, 20)

births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
regions = st.sampled_from(["230102", "110101", "440305", "999999", "510104"])
seqs = st.integers(min_value=0, max_value=999)


def make_id(region: str, born: dt.date, seq: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


@given(regions, births, seqs)
def test_valid_ids_accepted_with_birth_date_and_sex(region, born, seq):
    number = make_id(region, born, seq)
    assert check_id_number(number, today=TODAY) == number
    assert birth_date_from_id(number) == born
    assert sex_from_id(number) == (Sex.MALE if seq % 2 else Sex.FEMALE)


@given(regions, births, seqs, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_refused(region, born, seq, pos, delta):
    number = make_id(region, born, seq)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1:]
    with pytest.raises(ValidationFailed) as info:
        check_id_number(changed, today=TODAY)
    assert info.value.errors[0].field == "id_number"


def test_id_messages_say_why():
    with pytest.raises(ValidationFailed, match="18位"):
        check_id_number("23010219700315", today=TODAY)
    with pytest.raises(ValidationFailed, match="校验位"):
        check_id_number("230102197003151234", today=TODAY)
    bad_date = "23010219701345123"
    with pytest.raises(ValidationFailed, match="出生日期"):
        check_id_number(bad_date + id_check_digit(bad_date), today=TODAY)
    future = "23010220300101123"
    with pytest.raises(ValidationFailed, match="出生日期"):
        check_id_number(future + id_check_digit(future), today=TODAY)


def test_unknown_region_is_only_a_warning():
    number = make_id("999999", dt.date(1980, 1, 1), 123)
    assert check_id_number(number, today=TODAY) == number
    assert id_number_warnings(number)
    # an old Harbin code with a birth year before its "valid-from" year is genuine
    old = make_id("230102", dt.date(1960, 5, 1), 11)
    assert check_id_number(old, today=TODAY) == old
    assert id_number_warnings(old) == []


@pytest.mark.parametrize(
    "number",
    ["230102197503152421", "110101194910010016", "310101195203150028", "440301196807220013",
     "220102197001011234", "210102196512310027"],
)
def test_valid_older_ids_get_no_region_warning(number):
    # real region codes whose table entry is dated after the birth year ([1983-]) or undated
    fixed = number[:17] + id_check_digit(number[:17])
    assert check_id_number(fixed, today=TODAY) == fixed
    assert id_number_warnings(fixed) == []


def test_lowercase_x_and_spaces_normalised():
    first17 = "11010519491231002"
    assert id_check_digit(first17) == "X"
    assert check_id_number(" 11010519491231002x ", today=TODAY) == "11010519491231002X"


def test_mask_id_number():
    assert mask_id_number("230102197003151238") == "2301**********1238"


@given(st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False))
def test_money_round_trip(amount):
    fen = parse_money_fen(str(amount), "amount")
    assert fen == int(amount * 100)
    assert Decimal(format_fen(fen, unit=False).replace(",", "")) == amount


def test_money_refusals():
    with pytest.raises(ValidationFailed, match="负数"):
        parse_money_fen("-1", "household_annual_income")
    with pytest.raises(ValidationFailed, match="两位小数"):
        parse_money_fen("1.005", "amount")
    with pytest.raises(ValidationFailed, match="不是金额"):
        parse_money_fen("abc", "amount")
    assert parse_money_fen("1,234.5元", "amount") == 123450
    assert format_fen(123450) == "1,234.50 元"


def test_phone():
    assert check_phone("139 4567 8901") == "13945678901"
    assert check_phone("0451-86661234") == "0451-86661234"
    with pytest.raises(ValidationFailed, match="手机号"):
        check_phone("12345")


def test_dates_not_in_future():
    assert parse_date("2026/3/1", "date", today=TODAY) == dt.date(2026, 3, 1)
    assert parse_date("2026年3月1日", "date", today=TODAY) == dt.date(2026, 3, 1)
    with pytest.raises(ValidationFailed, match="不能晚于今天"):
        parse_date("2027-01-01", "date", today=TODAY)


def test_enumerations_accept_machine_names_and_labels():
    assert parse_enum(WorkStatus, "下岗", "work_status") == WorkStatus.LAID_OFF
    assert parse_enum(WorkStatus, "laid_off", "work_status") == WorkStatus.LAID_OFF
    assert parse_enum(Cause, "有劳动能力未就业", "main_cause") == Cause.ABLE_NOT_EMPLOYED
    assert FileStatus.EXIT_NOTICE.label == "脱困公示"
    with pytest.raises(ValidationFailed, match="可选"):
        parse_enum(WorkStatus, "打工", "work_status")


def test_english_messages():
    with pytest.raises(ValidationFailed) as info:
        check_id_number("230102197003151234", today=TODAY)
    assert info.value.summary("en") == "ID number: checksum digit is wrong"
    assert info.value.summary("zh") == "身份证号：校验位不正确（号码有误）"
