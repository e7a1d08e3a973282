"""One application-wide notice of what changed; views refresh from it (Anki's "this changed")."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import shiboken6
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


def listen(owner: QObject, slot: Callable[[str], None]) -> None:
    """Call `slot(what)` on every `changed` while `owner` lives.

    The signal object lives as long as the process; a window or dialog comes and goes. The connection is dropped
    when the owner is destroyed, and a call that arrives for an owner whose C++ side is already gone (or whose
    children are) is ignored rather than raising inside the event loop.
    """
    signals = app_signals()

    def relay(what: str) -> None:
        if not shiboken6.isValid(owner):
            _drop()
            return
        try:
            slot(what)
        except RuntimeError as exc:  # a child widget or model already deleted while the owner is closing
            if "already deleted" not in str(exc):
                raise

    def _drop(*_args: object) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            signals.changed.disconnect(relay)

    signals.changed.connect(relay)
    owner.destroyed.connect(_drop)
