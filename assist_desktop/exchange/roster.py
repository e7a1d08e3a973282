"""Excel/CSV rosters (花名册) as format code: columns, reading rows, the five clears a row implies, writing.

The use cases (import, the dry run, template, roll) are `assist_desktop.services.roster`; this package reads
and writes files and never opens the database. The pieces:

- `roster_columns`: the column declarations (one block, to be derived from the field registry);
- `roster_read`: .xlsx / .csv into typed rows (`read_roster`), with every problem the file alone shows;
- `roster_write`: the template and the roll (`write_template`, `write_roll`), formula-like text neutralised;
- here: the two five-clear columns a row leaves blank, restated from what it says (`derived_clears`), and the
  roster header a field's error is shown under (`header_for`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from assist_desktop.domain import enums as E
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
    Table,
    read_roster,
    read_tables,
)
from assist_desktop.exchange.roster_write import (
    RollEntry,
    RollMember,
    neutralise,
    roll_cells,
    write_roll,
    write_template,
)
from assist_desktop.exchange.roster_write import _label as _enum_label


class FileOnRecord(Protocol):
    """What the five-clear restatement reads of a file already on record."""

    main_cause: str | None
    secondary_causes: str
    cause_account: str | None
    able_to_work: bool | None
    employment_wishes: str | None


#: 就业意愿 texts that say the person cannot work (checked first) and ones that say they can or wish to
_UNABLE = ("无劳动能力", "没有劳动能力", "丧失劳动能力", "不能工作")
_ABLE = ("有劳动能力",)
_WISH = ("希望", "愿意", "想从事", "求职")
_NEGATED = re.compile(r"[不没无未](?:太|很|大)?(?:希望|愿意|想从事|求职)")


def restate_causes(main_cause: str | None, secondary_causes: str | None) -> str | None:
    """致困情况说明 restating a row's causes (machine names in, labels out), marked as taken from the roster."""
    if not main_cause:
        return None
    text = f"主要致困原因：{_enum_label(E.Cause, main_cause)}"
    secondary = [c for c in (secondary_causes or "").split(",") if c]
    if secondary:
        text += f"；次要致困原因：{'、'.join(_enum_label(E.Cause, c) or c for c in secondary)}"
    return text + "（据花名册）"


def able_to_work_from_wishes(wishes: Any) -> bool | None:
    """有无劳动能力 where 就业意愿 says it explicitly; None (left blank) where it does not."""
    if wishes is None:
        return None
    text = str(wishes).replace("有无劳动能力", "")  # the question itself says nothing
    if any(w in text for w in _UNABLE):
        return False
    if any(w in text for w in _ABLE):
        return True
    # a wish to work, not a negated one ("不愿意工作" says nothing of the ability)
    if any(w in text for w in _WISH) and not _NEGATED.search(text):
        return True
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def derived_clears(
    data: Mapping[str, Any],
    *,
    main_cause: str | None,
    secondary_causes: str | None,
    on_file: FileOnRecord | None,
) -> dict[str, Any]:
    """致困情况说明 and 有无劳动能力 for a row that leaves them blank (a restatement, never a guess).

    `main_cause` / `secondary_causes` are the row's causes as machine names (None: the row does not give them).
    On an existing file only a blank field is filled, or an account this roster rule wrote itself is restated
    anew when the causes change; what a clerk wrote is kept.
    """
    out: dict[str, Any] = {}
    if _blank(data.get("cause_account")):
        main = main_cause or (on_file.main_cause if on_file is not None else None)
        secondary = secondary_causes
        if secondary is None and on_file is not None:
            secondary = on_file.secondary_causes
        text = restate_causes(main, secondary)
        current = on_file.cause_account if on_file is not None else None
        ours = on_file is not None and current == restate_causes(on_file.main_cause, on_file.secondary_causes)
        if text and text != current and (on_file is None or _blank(current) or ours):
            out["cause_account"] = text
    if _blank(data.get("able_to_work")) and (on_file is None or on_file.able_to_work is None):
        wishes = data.get("employment_wishes")
        if _blank(wishes) and on_file is not None:
            wishes = on_file.employment_wishes
        able = able_to_work_from_wishes(wishes)
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
    "FileOnRecord",
    "MemberRow",
    "RollEntry",
    "RollMember",
    "RosterIssue",
    "RosterRow",
    "RosterSheet",
    "Table",
    "able_to_work_from_wishes",
    "derived_clears",
    "header_for",
    "neutralise",
    "read_roster",
    "read_tables",
    "restate_causes",
    "roll_cells",
    "write_roll",
    "write_template",
]
