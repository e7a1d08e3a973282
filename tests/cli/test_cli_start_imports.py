"""A verb loads only what it uses: `status --json` starts without Qt, ReportLab, openpyxl, cryptography, argon2
or pypinyin (their imports are most of a command's start-up time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import complete_file_data

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("PySide6", "reportlab", "openpyxl", "cryptography", "argon2", "pypinyin", "jsonschema")

PROBE = """
import json, sys
from assist_desktop.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n@@" + json.dumps({"code": code, "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def test_status_json_does_not_import_the_heavy_libraries(tmp_path):
    db = tmp_path / "x.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for args in (["init", "--union-code", "230102001", "--union-name", "锅炉厂工会", "--level", "grassroots"],
                 ["standards", "set", "--lb", "720", "--mw", "2080", "--effective", "2025-01-01"],
                 ["file", "add", *[f"{k}={v}" for k, v in complete_file_data().items()]]):
        done = subprocess.run([sys.executable, "-m", "assist_desktop", "--db", str(db), *args], env=env,
                              capture_output=True, text=True, cwd=tmp_path, check=False)
        assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-c", PROBE, "--db", str(db), "status", "230102001-000001", "--json"],
                          env=env, capture_output=True, text=True, cwd=tmp_path, check=False)
    out, probe = done.stdout.rsplit("\n@@", 1)
    result = json.loads(probe)
    assert result["code"] == 0, done.stderr
    assert json.loads(out)["file_no"] == "230102001-000001"
    loaded = set(result["modules"])
    assert "sqlalchemy" in loaded  # the probe sees real imports
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
