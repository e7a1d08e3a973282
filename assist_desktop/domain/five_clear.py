"""The five-clear standard (五清): a file is complete only when all five are clear.

"Clear" means filled in, not guessed: an explicit "none" (无) counts, a blank does not. A
placeholder made only of punctuation ("-", "/", "？") counts as blank. State of mind needs the date
of the home visit in which it was observed.

What each clear needs is what a union's written record holds, in the editor as in a roster (issue 8 item 3):
- family: the family situation written, the household size, every member named with a relation;
- cause: the main cause named and explained beyond its one word: by a written account (致困情况说明) or by the
  other causes named (次要致困原因);
- skills: the skills written (an explicit 无 counts);
- employment: the employment wishes written (不适用 with its reason counts). The ability to work is a fact of its
  own: recorded when a column or the clerk states it, never guessed, and not asked for by this clear;
- mind: the state of mind written, with the date of the home visit it was observed in.
Nothing is composed to fill a clear: a record without these is found (已发现) with the gap named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

_PLACEHOLDER_TEXT = " \t\r\n-—–_/\\?？.。,，、·*"
_PLACEHOLDER_CHARS = set(_PLACEHOLDER_TEXT)


def is_filled(value: Any) -> bool:
    """True when a text field says something (an explicit 无 counts; blanks and placeholders do not)."""
    if value is None:
        return False
    # stripping the placeholder characters from both ends leaves nothing exactly when every character is
    # one of them: the same verdict as a set comparison, without building a set of the whole text
    return bool(str(value).strip().strip(_PLACEHOLDER_TEXT))


@dataclass(frozen=True)
class ClearItem:
    """One of the five clears: whether it is clear and what is missing (Chinese phrases)."""

    key: str
    label: str
    label_en: str
    clear: bool
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "label_en": self.label_en,
            "clear": self.clear,
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class FiveClearResult:
    """The five clears in the order family, cause, skills, employment, mind."""

    items: list[ClearItem]

    @property
    def all_clear(self) -> bool:
        return all(i.clear for i in self.items)

    def item(self, key: str) -> ClearItem:
        return next(i for i in self.items if i.key == key)

    def missing_summary(self) -> str:
        """'全部清楚' or e.g. '思想状况清：缺少入户走访日期；技术特长清：缺少技术特长'."""
        parts = [f"{i.label}：{'、'.join(i.missing)}" for i in self.items if not i.clear]
        return "；".join(parts) if parts else "五清齐全"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {i.key: i.to_json() for i in self.items}
        out["all_clear"] = self.all_clear
        return out


LABELS = {
    "family": ("家庭状况清", "Family situation"),
    "cause": ("特困原因清", "Cause of hardship"),
    "skills": ("技术特长清", "Skills"),
    "employment": ("就业要求清", "Employment wishes"),
    "mind": ("思想状况清", "State of mind"),
}


def _item(key: str, missing: list[str]) -> ClearItem:
    """`ClearItem(key, zh, en, not missing, missing)` without the frozen `__init__`'s setattr per field (the
    re-evaluation makes five per file whose clears are checked)."""
    zh, en = LABELS[key]
    item = _new(ClearItem)
    _set(item, "__dict__", {"key": key, "label": zh, "label_en": en, "clear": not missing, "missing": missing})
    return item


_new = object.__new__
_set = object.__setattr__


_COMPLETE_FIELDS = ("family_situation", "household_size", "main_cause", "cause_account", "secondary_causes",
                    "skills", "employment_wishes", "state_of_mind", "last_visit_date")
_read_complete_fields = attrgetter(*_COMPLETE_FIELDS)


def is_complete(file: Any, members: Sequence[Any] = ()) -> bool:
    """The same verdict as check_five_clear(...).all_clear, without building the explanation."""
    try:
        # the columns at once (the re-evaluation asks this of every file found or closed, on every pass)
        family, size, cause, account, secondary, skills, wishes, mind, visit = _read_complete_fields(file)
    except AttributeError:  # an object without some of them: each read on its own, as None
        family, size, cause, account, secondary, skills, wishes, mind, visit = (
            getattr(file, name, None) for name in _COMPLETE_FIELDS)
    # is_filled's test inline in loops (a call costs ~0.2 µs and a complete file takes nine): a text says something
    # when it is not None and not blank once whitespace and the placeholder characters are stripped
    if not size or size < 1 or len(members) > size - 1 or not cause or visit is None:
        return False
    for m in members:
        name = getattr(m, "name", None)
        if name is None or not str(name).strip().strip(_PLACEHOLDER_TEXT) or not getattr(m, "relation", None):
            return False
    if not secondary and (account is None or not str(account).strip().strip(_PLACEHOLDER_TEXT)):
        return False
    for text in (family, skills, wishes, mind):
        if text is None or not str(text).strip().strip(_PLACEHOLDER_TEXT):
            return False
    return True


def check_five_clear(file: Any, members: Sequence[Any] = ()) -> FiveClearResult:
    """Check the five clears of a file (any object with HardshipFile attributes) and its members."""
    family: list[str] = []
    if not is_filled(getattr(file, "family_situation", None)):
        family.append("缺少家庭状况说明")
    size = getattr(file, "household_size", None)
    if not size or size < 1:
        family.append("缺少家庭人口数")
    elif len(members) > size - 1:
        family.append(f"家庭成员名单有{len(members)}人，多于家庭人口数{size}减去本人")
    for n, m in enumerate(members, start=1):
        if not is_filled(getattr(m, "name", None)) or not getattr(m, "relation", None):
            family.append(f"家庭成员第{n}人缺少姓名或与本人关系")

    cause: list[str] = []
    if not getattr(file, "main_cause", None):
        cause.append("缺少主要致困原因")
    if not is_filled(getattr(file, "cause_account", None)) and not getattr(file, "secondary_causes", None):
        cause.append("缺少致困情况说明（或次要致困原因）")

    skills: list[str] = []
    if not is_filled(getattr(file, "skills", None)):
        skills.append("缺少技术特长（没有请明确填写“无”）")

    employment: list[str] = []
    if not is_filled(getattr(file, "employment_wishes", None)):
        employment.append("缺少就业要求（不适用请说明原因）")

    mind: list[str] = []
    if not is_filled(getattr(file, "state_of_mind", None)):
        mind.append("缺少思想状况")
    if getattr(file, "last_visit_date", None) is None:
        mind.append("缺少入户走访日期")

    result = _new(FiveClearResult)  # FiveClearResult(items), without the frozen __init__'s setattr
    _set(result, "__dict__", {"items": [
        _item("family", family),
        _item("cause", cause),
        _item("skills", skills),
        _item("employment", employment),
        _item("mind", mind),
    ]})
    return result
