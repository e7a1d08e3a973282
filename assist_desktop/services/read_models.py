"""The base of read models that also read like the JSON object they stand for.

A service returns a frozen dataclass (typed fields, a `changes: Changes` after a write); callers written
against the earlier dict (`report["status"]`, `report.get("category_label")`) keep working because the
read model is a read-only Mapping over its `to_json()`. `changes` is never part of the JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from typing import Any


class MappingView(Mapping[str, Any]):
    """Mapping access over `to_json()`; by default the dataclass's fields other than `changes`."""

    def to_json(self) -> dict[str, Any]:
        assert is_dataclass(self)
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "changes"}

    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_json())

    def __len__(self) -> int:
        return len(self.to_json())
