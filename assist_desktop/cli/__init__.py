"""`assist-desktop <verb>`: the services from a terminal. Verbs, options and JSON keys are a contract."""

from assist_desktop.cli.core import main

__all__ = ["main"]
