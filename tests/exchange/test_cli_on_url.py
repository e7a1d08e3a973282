"""The same CLI with a database URL: export, import and review on each configured backend (SQLite, PostgreSQL)."""

from __future__ import annotations

import json

from assist_desktop.cli import main
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump, snapshots


def run(capsys, url, *args):
    rc = main(["--db", url, "--as-of", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_cli_round_trip_with_a_url(db, make_db, tmp_path, capsys):
    create_file(db, data=complete_file_data(), as_of=TODAY)
    create_file(
        db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY
    )
    county = make_db("230102", "南岗区总工会", "county", "2301")
    pkg = tmp_path / "p.zip"
    rc, out, err = run(capsys, db.url, "export", "--out", str(pkg), "--json")
    assert rc == 0, err
    rc, out, err = run(capsys, county.url, "import", str(pkg), "--json")
    assert rc == 0 and json.loads(out)["new"] == 2, err
    assert snapshots(county) == snapshots(db)
    before = dump(county)
    rc, out, err = run(capsys, county.url, "import", str(pkg), "--json")
    assert rc == 0 and json.loads(out)["unchanged"] == 2, err
    assert dump(county) == before
    rc, _, err = run(
        capsys, county.url, "review", "return", "230102001-000002", "--reason", "家庭人口与户口本不符"
    )
    assert rc == 0, err
    rc, _, err = run(
        capsys, county.url, "review", "export", "--out", str(tmp_path / "r.zip"), "--to", "230102001"
    )
    assert rc == 0, err
    rc, out, err = run(capsys, db.url, "review", "import", str(tmp_path / "r.zip"), "--json")
    assert rc == 0 and json.loads(out)["changed"] == ["230102001-000002"], err
    rc, out, err = run(capsys, db.url, "file", "list", "--json")
    states = {f["file_no"]: f["review_state"] for f in json.loads(out)["files"]}
    assert states == {"230102001-000001": "submitted", "230102001-000002": "returned"}
    bad = tmp_path / "bad.zip"
    bad.write_bytes(pkg.read_bytes()[:200])
    before = dump(county)
    rc, _, err = run(capsys, county.url, "import", str(bad))
    assert rc == 2 and "zip" in err
    assert dump(county) == before
