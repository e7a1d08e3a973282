"""Masking by receiver, the format side: which fields a package leaves out for a receiver that does not need them.

A union sets per receiver what it masks (services/unions.py `set_receiver_mask`); a masked field travels as
null and the manifest lists the mask (`masked`), so the receiver knows the null means "not sent", not "none":
its import keeps the value it already holds (a masked value never replaces a real one) and compares the two
copies with the field left out on both sides. The holder's own ID number is never masked: it is the file's
identity at every level (the `same_person` rule and the ID checks need it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mask:
    """One thing a union may leave out of its packages to a receiver."""

    name: str
    entity: str
    field: str
    zh: str


MASKS: tuple[Mask, ...] = (
    Mask("bank_account", "hardship_file", "bank_account", "银行账号"),
    Mask("member_id_number", "household_member", "id_number", "家庭成员身份证号"),
)
MASK_NAMES = tuple(m.name for m in MASKS)
_BY_NAME = {m.name: m for m in MASKS}


def parse_masks(names: Iterable[str]) -> tuple[str, ...]:
    """Known mask names, in MASKS order (unknown ones are dropped)."""
    wanted = set(names)
    return tuple(m.name for m in MASKS if m.name in wanted)


def masked_fields(names: Iterable[str], entity: str) -> tuple[str, ...]:
    """The fields of `entity` the masks `names` leave out."""
    return tuple(_BY_NAME[n].field for n in names if n in _BY_NAME and _BY_NAME[n].entity == entity)


def mask_row(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The row with `fields` set to null (in place; returned for chaining)."""
    for f in fields:
        if f in row:
            row[f] = None
    return row


def mask_rows(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    if not fields:
        yield from rows
        return
    for row in rows:
        yield mask_row(row, fields)


def masked_copy(row: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: (None if k in fields else v) for k, v in row.items()}


def describe(names: Iterable[str]) -> str:
    return "、".join(_BY_NAME[n].zh for n in names if n in _BY_NAME)


__all__ = ["MASKS", "MASK_NAMES", "Mask", "describe", "mask_row", "mask_rows", "masked_copy", "masked_fields",
           "parse_masks"]
