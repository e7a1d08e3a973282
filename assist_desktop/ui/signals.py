"""One application-wide notice of what changed; views refresh from it (Anki's "this changed")."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

#: what `changed` carries
FILES = "files"
STANDARDS = "standards"
UNIONS = "unions"


class AppSignals(QObject):
    """Emit `changed("files")` after a service call has written; every view listening refreshes itself."""

    changed = Signal(str)


_instance: AppSignals | None = None


def app_signals() -> AppSignals:
    """The one instance for this process (created on first use, in the GUI thread)."""
    global _instance
    if _instance is None:
        _instance = AppSignals()
    return _instance
