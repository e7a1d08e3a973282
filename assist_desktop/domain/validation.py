"""Validation of single values: ID numbers, phones, money, dates, counts, enumerations.

Every check returns the cleaned value or raises ValidationFailed naming the field and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from stdnum.cn import ric

from assist_desktop.domain.enums import LabeledEnum, Sex
from assist_desktop.domain.errors import FieldError, ValidationFailed

E = TypeVar("E", bound=LabeledEnum)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def fail(field: str, zh: str, en: str) -> ValidationFailed:
    return ValidationFailed([FieldError(field, zh, en)])


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit for the first 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def check_id_number(value: str | None, field: str = "id_number", *, today: dt.date | None = None) -> str:
    """An 18-digit resident ID number: format, checksum and birth date are enforced.

    The region code is not enforced (old codes are genuine); see `id_number_warnings`.
    """
    if value is None or not str(value).strip():
        raise fail(field, "必须填写", "is required")
    number = str(value).strip().upper().replace(" ", "")
    if len(number) != 18:
        raise fail(field, f"应为18位，实为{len(number)}位", f"must have 18 characters, has {len(number)}")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise fail(field, "只能由数字组成，末位可为X", "must be digits, the last may be X")
    if number[17] != id_check_digit(number[:17]):
        raise fail(field, "校验位不正确（号码有误）", "checksum digit is wrong")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise fail(field, "出生日期部分不是有效日期", "birth date part is not a valid date") from None
    if born.year < 1900 or born > (today or dt.date.today()):
        raise fail(field, "出生日期不合理", "birth date is out of range")
    return number


def region_known(code: str) -> bool:
    """Whether a 6-digit region code appears in python-stdnum's table in any period.

    The table dates its codes (230102 "from 1983", ...), and python-stdnum's own check compares them with the birth
    year, so most older workers' genuine IDs would be flagged; a code used in any period is a real one.
    """
    from stdnum import numdb

    if len(code) != 6 or not code.isdigit():
        return False
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return bool(info.get("county"))


def id_number_warnings(number: str) -> list[str]:
    """Soft warnings that never refuse a number: only a region code unknown in every period of the table."""
    if region_known(number[:6]):
        return []
    return [f"行政区划代码{number[:6]}未能识别（旧代码亦可能有效）"]


def birth_date_from_id(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_from_id(number: str) -> Sex:
    return Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE


def mask_id_number(number: str | None) -> str:
    """Mask an ID number for printouts and exports that do not need it: 2301**********123X."""
    if not number:
        return ""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_account(account: str | None) -> str:
    if not account:
        return ""
    digits = account.replace(" ", "")
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def check_phone(value: str | None, field: str = "phone", *, required: bool = False) -> str | None:
    if value is None or not str(value).strip():
        if required:
            raise fail(field, "必须填写", "is required")
        return None
    phone = re.sub(r"[\s()（）]", "", str(value))
    if phone.startswith("+86"):
        phone = phone[3:]
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return phone
    raise fail(field, "不是有效的手机号（11位，1开头）或固定电话（区号-号码）",
               "is not a valid mobile (11 digits starting with 1) or landline (area code-number)")


def parse_money_fen(value: object, field: str, *, required: bool = False) -> int | None:
    """Yuan (text, int or Decimal) to integer fen; never through float; ≥ 0 and at most 2 decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise fail(field, "必须填写", "is required")
        return None
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise fail(field, f"“{value}”不是金额", f"'{value}' is not an amount") from None
    if not amount.is_finite():
        raise fail(field, f"“{value}”不是金额", f"'{value}' is not an amount")
    if amount < 0:
        raise fail(field, "不能为负数", "must not be negative")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise fail(field, "最多保留两位小数（分）", "at most two decimals (fen)")
    if fen > Decimal(10) ** 13:
        raise fail(field, "金额过大", "amount is too large")
    return int(fen)


def check_fen(value: int | None, field: str, *, required: bool = False) -> int | None:
    if value is None:
        if required:
            raise fail(field, "必须填写", "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(field, "金额必须以分为单位的整数保存", "must be an integer number of fen")
    if value < 0:
        raise fail(field, "不能为负数", "must not be negative")
    return value


def fen_to_yuan_text(fen: int | None) -> str:
    """Plain '12345.67' for machine output, rosters and input values: the one fen → yuan conversion."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan}.{cents:02d}"


def format_fen(fen: int | None, *, unit: bool = True) -> str:
    """1234567 → '12,345.67 元' (fen_to_yuan_text with thousands grouped)."""
    if fen is None:
        return ""
    whole, cents = fen_to_yuan_text(fen).split(".")
    sign = "-" if whole.startswith("-") else ""
    text = f"{sign}{int(whole.lstrip('-')):,}.{cents}"
    return f"{text} 元" if unit else text


def check_count(value: object, field: str, *, minimum: int = 0, maximum: int = 99,
                required: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise fail(field, "必须填写", "is required")
        return None
    try:
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError
            number = int(value)
        else:
            number = int(str(value).strip())
    except ValueError:
        raise fail(field, f"“{value}”不是整数", f"'{value}' is not a whole number") from None
    if number < minimum:
        raise fail(field, f"不能小于{minimum}", f"must be at least {minimum}")
    if number > maximum:
        raise fail(field, f"不能大于{maximum}", f"must be at most {maximum}")
    return number


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def parse_date(value: object, field: str, *, required: bool = False, today: dt.date | None = None,
               allow_future: bool = False) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise fail(field, "必须填写", "is required")
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        parsed: dt.date | None = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if parsed is None:
            raise fail(field, f"“{text}”不是日期（格式：2024-03-01）", f"'{text}' is not a date (use 2024-03-01)")
        day = parsed
    if not allow_future and day > (today or dt.date.today()):
        raise fail(field, "不能晚于今天", "must not be in the future")
    if day.year < 1900:
        raise fail(field, "日期过早", "date is too early")
    return day


def parse_enum(enum: type[E], value: object, field: str, *, required: bool = False) -> E | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise fail(field, "必须填写", "is required")
        return None
    try:
        return enum.parse(str(value))  # type: ignore[return-value]
    except ValueError:
        allowed = "、".join(m.label for m in enum)
        allowed_en = ", ".join(m.value for m in enum)
        raise fail(field, f"“{value}”不是可选值（可选：{allowed}）",
                   f"'{value}' is not allowed (one of: {allowed_en})") from None


def parse_enum_list(enum: type[E], value: object, field: str, *, maximum: int = 99) -> list[E]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = [p for p in re.split(r"[,，、;；/\s]+", value) if p.strip()]
    elif isinstance(value, Iterable):
        parts = [str(p) for p in value]
    else:
        parts = [str(value)]
    out: list[E] = []
    for part in parts:
        item = parse_enum(enum, part, field, required=True)
        assert item is not None
        if item not in out:
            out.append(item)
    if len(out) > maximum:
        raise fail(field, f"最多{maximum}项", f"at most {maximum} items")
    return out


def check_text(value: object, field: str, *, required: bool = False, max_len: int = 2000) -> str | None:
    if value is None:
        text = ""
    else:
        text = str(value).strip()
    if not text:
        if required:
            raise fail(field, "必须填写", "is required")
        return None
    if len(text) > max_len:
        raise fail(field, f"过长（最多{max_len}字）", f"is too long (at most {max_len} characters)")
    return text


def check_name(value: object, field: str = "name") -> str:
    text = check_text(value, field, required=True, max_len=50)
    assert text is not None
    if re.search(r"[\d<>{}\[\]=@#$%^*]", text):
        raise fail(field, "含有不应出现在姓名中的字符", "contains characters not allowed in a name")
    return text


