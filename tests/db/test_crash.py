"""The crash test in a reduced mode: a package import and a re-evaluation killed at random moments, then the next
start; every committed change is there, integrity is ok, nothing is left half re-evaluated (benchmarks/crash_test.py
runs the full version: `python -m benchmarks.crash_test --seconds 60`)."""

from __future__ import annotations

import sys

import pytest

from benchmarks.crash_test import run, summary_text


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_imports_and_reevaluations_leave_nothing_half_done(tmp_path):
    result = run(6, 40, 3, folder=tmp_path, max_trials=4, kinds=("package", "reevaluate"))
    assert result["trials"] >= 2 and result["killed"] >= 1, summary_text(result)
    assert result["ok"], summary_text(result)
    assert set(result["by_kind"]) == {"package", "reevaluate"}
