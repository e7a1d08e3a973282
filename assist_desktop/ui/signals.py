"""One application-wide notice of what changed; views refresh from it (Anki's "this changed").

The notice carries an `assist_desktop.services.changes.Changes`: each view looks at its fields and refreshes
only what it shows (the file list on `files`, the charts on `files`/`standards`, the union lists on `unions`…).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from assist_desktop.services.changes import Changes


class AppSignals(QObject):
    """Emit `changed(Changes(...))` after a service call has written; every view listening refreshes itself."""

    changed = Signal(object)


_instance: AppSignals | None = None


def app_signals() -> AppSignals:
    """The one instance for this process (created on first use, in the GUI thread)."""
    global _instance
    if _instance is None:
        _instance = AppSignals()
    return _instance


def changes_of(result: object) -> Changes | None:
    """What a service result says it changed: the result itself when it is a `Changes`, else its `changes`."""
    if isinstance(result, Changes):
        return result
    carried = getattr(result, "changes", None)
    return carried if isinstance(carried, Changes) else None


def emit_changes(changes: Changes | None) -> None:
    """Tell every view what changed (nothing is said for an empty change set)."""
    if changes is not None and not changes.empty:
        app_signals().changed.emit(changes)


def emit_result(result: object, fallback: Changes | None = None) -> None:
    """Emit the change set a service result carries; `fallback` for services that do not return one yet."""
    emit_changes(changes_of(result) or fallback)


def listen(owner: QObject, slot: Callable[[Changes], None]) -> Callable[[], None]:
    """Call `slot(changes)` on every `changed` while `owner` lives.

    The signal object lives as long as the process; a window or dialog comes and goes. The connection is dropped
    when the owner is destroyed, and a call that arrives for an owner whose C++ side is already gone (or whose
    children are) is ignored rather than raising inside the event loop. Returns a function that stops listening
    (a closed window calls it: its C++ side may live on until the event loop deletes it).
    """
    signals = app_signals()

    def relay(changes: object) -> None:
        if not shiboken6.isValid(owner):
            _drop()
            return
        if not isinstance(changes, Changes):  # a programming error at the emitting end: say so loudly
            raise TypeError(f"app_signals().changed carries a Changes, not {type(changes).__name__}")
        try:
            slot(changes)
        except RuntimeError as exc:  # a child widget or model already deleted while the owner is closing
            if "already deleted" not in str(exc):
                raise

    connected = [True]

    def _drop(*_args: object) -> None:
        if not connected[0]:
            return  # closed first, destroyed later: disconnect once
        connected[0] = False
        with contextlib.suppress(RuntimeError, TypeError):
            signals.changed.disconnect(relay)

    signals.changed.connect(relay)
    owner.destroyed.connect(_drop)
    return _drop
