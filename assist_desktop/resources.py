"""Where the bundled resources live: next to the package in a checkout, inside a PyInstaller bundle when frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent  # assist_desktop/
    candidates += [here.parent / "resources", here / "resources"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    return candidates[0]


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
