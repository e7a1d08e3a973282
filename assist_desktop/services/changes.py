"""What a service call changed (Anki's OpChanges): the window refreshes from it, the command line ignores it.

Every service function that writes returns a read model carrying a `changes: Changes` field (or, where it has
nothing else to say, a `Changes` itself). The window's job helper emits it as the one application-wide signal
(`ui.signals.app_signals().changed`), and each view decides from it whether to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Changes:
    """The kinds of records a call wrote; `file_ids` names the files touched when they are few."""

    files: bool = False  # hardship files, their members, income facts or history
    #: the files' ids (HardshipFile.id; the window also accepts a file number); empty with files=True: any file
    file_ids: frozenset[str] = field(default_factory=frozenset)
    care: bool = False  # assistance, visits, re-employment support
    pairing: bool = False  # responsible persons, handovers, responsibility letters
    standards: bool = False  # 低保 standard, minimum wage, dated rule settings
    unions: bool = False  # this union, units below it, cadres
    settings: bool = False  # the union's settings (procedure switches, mappings…)
    users: bool = False  # sign-in accounts
    exchange: bool = False  # packages sent or received (the exchange log)

    def __or__(self, other: Changes) -> Changes:
        values = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = (a | b) if f.name == "file_ids" else (a or b)
        if (self.files and not self.file_ids) or (other.files and not other.file_ids):
            values["file_ids"] = frozenset()  # one side said "any file": the union says so too
        return Changes(**values)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    @classmethod
    def of_files(cls, *ids: str, care: bool = False, pairing: bool = False) -> Changes:
        """Files changed: the given ids, or any file when none is given."""
        return cls(files=True, file_ids=frozenset(ids), care=care, pairing=pairing)


NOTHING = Changes()
EVERYTHING = Changes(files=True, care=True, pairing=True, standards=True, unions=True, settings=True,
                     users=True, exchange=True)
