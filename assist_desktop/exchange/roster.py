"""Excel/CSV rosters (花名册) as format code: columns, reading rows, the five clears a row implies, writing.

The use cases (import, the dry run, template, roll) are `assist_desktop.services.roster`; this package reads
and writes files and never opens the database. The pieces:

- `roster_columns`: the column declarations (one block, to be derived from the field registry);
- `roster_read`: .xlsx / .csv into typed rows (`read_roster`), with every problem the file alone shows;
- `roster_write`: the template and the roll (`write_template`, `write_roll`), formula-like text neutralised;
- `roster_values`: descriptive words mapped through synonyms and the union's mapping, unknown ones kept;
- here: the ability to work where 就业意愿 states it outright (`derived_clears`), and the roster header a field's
  error is shown under (`header_for`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from assist_desktop.domain.fields import field_label
from assist_desktop.exchange.roster_columns import (
    CLEAR_COLUMN,
    COLUMNS,
    ENUM_COLUMNS,
    HEADER_OF,
    MAIN_SHEET,
    MEMBER_COLUMNS,
    MEMBER_ENUMS,
    MEMBER_HEADER_OF,
    MEMBER_REQUIRED,
    MEMBER_SHEET,
    OPTIONS_SHEET,
    REQUIRED,
    TEXT_COLUMNS,
)
from assist_desktop.exchange.roster_read import (
    Cell,
    MemberRow,
    RosterIssue,
    RosterRow,
    RosterSheet,
    RosterStream,
    SheetColumns,
    Table,
    read_roster,
    read_tables,
)
from assist_desktop.exchange.roster_write import (
    ERROR_COLUMN,
    ErrorRow,
    RollEntry,
    RollMember,
    neutralise,
    roll_cells,
    write_errors,
    write_roll,
    write_template,
)


class FileOnRecord(Protocol):
    """What the five-clear reading of a row needs of a file already on record."""

    able_to_work: bool | None


#: 就业意愿 texts that state outright that the person cannot work (checked first) or can
_UNABLE = ("无劳动能力", "没有劳动能力", "丧失劳动能力")
_ABLE = ("有劳动能力",)


def able_to_work_from_wishes(wishes: Any) -> bool | None:
    """有无劳动能力 where 就业意愿 states it outright ("无劳动能力"); None (unknown) for anything else.

    A wish to work ("希望做保安") says nothing of the ability and is not read as one (issue 8: nothing invented).
    """
    if wishes is None:
        return None
    text = str(wishes).replace("有无劳动能力", "")  # the question itself says nothing
    if any(w in text for w in _UNABLE):
        return False
    if any(w in text for w in _ABLE):
        return True
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def derived_clears(data: Mapping[str, Any], *, on_file: FileOnRecord | None) -> dict[str, Any]:
    """有无劳动能力 for a row that leaves it blank, only where its 就业意愿 states it outright.

    Nothing else is filled in: no cause account is composed (the clerk writes 致困情况说明 or the five clears stay
    open and the file is imported as found, its gap named). On a file already on record an ability stated
    before is kept.
    """
    out: dict[str, Any] = {}
    if _blank(data.get("able_to_work")) and (on_file is None or on_file.able_to_work is None):
        able = able_to_work_from_wishes(data.get("employment_wishes"))
        if able is not None:
            out["able_to_work"] = able
    return out


def header_for(field_name: str, *, members: bool = False) -> str:
    """The roster header a field's error is shown under (a five-clear item by the column that shows it)."""
    base = field_name.split(".")[-1]
    table = MEMBER_HEADER_OF if members else HEADER_OF
    if not members and base in CLEAR_COLUMN and base not in table:
        return CLEAR_COLUMN[base]
    return table.get(base) or table.get(base.removesuffix("_fen")) or field_label(base)


__all__ = [
    "CLEAR_COLUMN",
    "COLUMNS",
    "ERROR_COLUMN",
    "ENUM_COLUMNS",
    "MAIN_SHEET",
    "MEMBER_COLUMNS",
    "MEMBER_ENUMS",
    "MEMBER_REQUIRED",
    "MEMBER_SHEET",
    "OPTIONS_SHEET",
    "REQUIRED",
    "TEXT_COLUMNS",
    "Cell",
    "ErrorRow",
    "FileOnRecord",
    "MemberRow",
    "RollEntry",
    "RollMember",
    "RosterIssue",
    "RosterRow",
    "RosterSheet",
    "SheetColumns",
    "Table",
    "able_to_work_from_wishes",
    "derived_clears",
    "header_for",
    "neutralise",
    "RosterStream",
    "read_roster",
    "read_tables",
    "roll_cells",
    "write_errors",
    "write_roll",
    "write_template",
]
