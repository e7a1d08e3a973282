"""Errors the user can act on, with the field and reason in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass, field

from assist_desktop.domain.fields import field_label


@dataclass(frozen=True)
class FieldError:
    """One refused value: which field, why (zh/en), and optionally where (file and row)."""

    field: str
    zh: str
    en: str
    row: int | None = None
    source: str | None = None
    warning: bool = False

    def message(self, lang: str = "zh") -> str:
        where = ""
        if self.source:
            where += f"{self.source} "
        if self.row is not None:
            where += f"第{self.row}行 " if not lang.startswith("en") else f"row {self.row} "
        name = field_label(self.field, lang)
        reason = self.en if lang.startswith("en") else self.zh
        sep = ": " if lang.startswith("en") else "："
        return f"{where}{name}{sep}{reason}"

    def to_json(self) -> dict[str, object]:
        return {"field": self.field, "row": self.row, "source": self.source, "message": self.zh,
                "message_en": self.en, "warning": self.warning}


@dataclass
class ValidationFailed(Exception):
    """Raised when input is refused; nothing has been written."""

    errors: list[FieldError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self, lang: str = "zh", limit: int = 5) -> str:
        msgs = [e.message(lang) for e in self.errors[:limit]]
        more = len(self.errors) - limit
        if more > 0:
            msgs.append(f"……另有{more}处错误" if not lang.startswith("en") else f"... and {more} more")
        return "；".join(msgs) if not lang.startswith("en") else "; ".join(msgs)

    def __str__(self) -> str:
        return self.summary()


class DomainError(Exception):
    """A request that the rules refuse (e.g. registering a file whose five clears are not all clear)."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh

    def message(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


class NotFound(DomainError):
    """A record the user named does not exist."""
