"""docs/cli.md is the contract higher unions script against: its reference must match the parser."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from cli_reference import END, START, reference  # noqa: E402


def test_reference_in_docs_matches_the_parser():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    found = re.search(re.escape(START) + r"\n(.*)\n" + re.escape(END), text, flags=re.S)
    assert found, "docs/cli.md lacks the reference markers"
    assert found.group(1) == reference(), "run: .venv/bin/python scripts/cli_reference.py --write docs/cli.md"
