"""Where the bundled resources live (source tree, installed package or a PyInstaller bundle)."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The `resources/` folder: next to the package in a checkout, inside the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent.parent  # assist_desktop/
    candidates += [here.parent / "resources", here / "resources"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    return candidates[0]


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
