#!/usr/bin/env python3
"""Update the Qt Linguist sources (.ts) from the code and compile them to .qm.

The source strings are Chinese; `resources/translations/assist_desktop_en.ts` holds the English.
Run after changing UI strings, then translate the new entries (pyside6-linguist, or by hand in
the .ts) and run again to compile:

    .venv/bin/python scripts/build_translations.py            # lupdate + lrelease
    .venv/bin/python scripts/build_translations.py --release  # lrelease only
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("en",)
SOURCES = [ROOT / "assist_desktop" / "app.py", *sorted((ROOT / "assist_desktop" / "ui").glob("*.py"))]


def tool(name: str) -> str:
    """A PySide6 tool from the venv next to this Python, else from PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6-Essentials into the venv")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile the .ts files to .qm")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"assist_desktop_{lang}.ts"
        if not args.release:
            subprocess.run(
                [
                    tool("pyside6-lupdate"),
                    "-no-obsolete",
                    "-locations",
                    "none",
                    "-source-language",
                    "zh_CN",
                    "-target-language",
                    lang,
                    *map(str, SOURCES),
                    "-ts",
                    str(ts),
                ],
                check=True,
            )
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
