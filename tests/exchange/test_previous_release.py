"""A package written by the previous release (format 1: no change sequences; tests/exchange/data, made by
data/make_release_0001_package.py with that release's code) still imports, merged by stamps."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from assist_desktop.db.models import HardshipFile
from assist_desktop.exchange import crypto
from assist_desktop.exchange.package import MANIFEST, PackageError, open_package
from assist_desktop.services.exchange import import_package, preview_import
from assist_desktop.services.exchange_trust import UnknownSender
from assist_desktop.services.keys import trust_key
from tests.conftest import TODAY
from tests.exchange.conftest import dump

PACKAGE = Path(__file__).with_name("data") / "release_0001_package.zip"


def test_the_fixture_is_a_format_1_package():
    with zipfile.ZipFile(PACKAGE) as zf:
        manifest = json.loads(zf.read(MANIFEST))
    assert manifest["format_version"] == 1 and "sender_seq" not in manifest
    rows = open_package(PACKAGE, kind="files").rows["hardship_file"]
    assert len(rows) == 2 and all("change_seq" not in r for r in rows)


def test_an_unsigned_package_of_the_previous_release_is_refused_until_its_sender_is_named(make_db):
    county = make_db("230102", "南岗区总工会", "county", "2301")
    before = dump(county)
    for attempt in (None, "230102002"):
        with pytest.raises(UnknownSender) as info:
            import_package(county, path=PACKAGE, today=TODAY, trust_sender=attempt)
        assert "没有签名" in info.value.zh and "--trust-sender 230102001" in info.value.zh
        assert info.value.sender_code == "230102001" and info.value.fingerprint is None
    assert dump(county) == before


def test_an_unsigned_package_is_refused_once_the_sender_has_a_recorded_key(make_db):
    county = make_db("230102", "南岗区总工会", "county", "2301")
    trust_key(county, union_code="230102001", public_key=crypto.public_key_of(crypto.generate_private_key()))
    before = dump(county)
    with pytest.raises(PackageError) as info:
        import_package(county, path=PACKAGE, today=TODAY, trust_sender="230102001")
    assert "没有签名" in info.value.zh and "已记录" in info.value.zh
    assert dump(county) == before


def test_a_package_of_the_previous_release_imports(make_db):
    county = make_db("230102", "南岗区总工会", "county", "2301")
    preview = preview_import(county, path=PACKAGE, today=TODAY, trust_sender="230102001")
    assert sorted(preview.new) == ["230102001-000001", "230102001-000002"] and not preview.applied
    report = import_package(county, path=PACKAGE, today=TODAY, trust_sender="230102001")
    assert sorted(report.new) == ["230102001-000001", "230102001-000002"] and not report.conflicts
    with county.reader() as s:
        rows = s.execute(
            select(
                HardshipFile.file_no,
                HardshipFile.review_state,
                HardshipFile.received_seq,
                HardshipFile.received_from,
                HardshipFile.received_stamp,
                HardshipFile.change_seq,
                HardshipFile.provenance,
            ).order_by(HardshipFile.file_no)
        ).all()
    for no, state, seq, sender, stamp, change_seq, provenance in rows:
        assert state == "submitted" and seq is None and sender == "230102001", no
        assert stamp is not None and change_seq > 0 and provenance == "230102001>230102"
    # importing it again changes nothing
    before = dump(county)
    again = import_package(county, path=PACKAGE, today=TODAY, trust_sender="230102001")
    assert again.already_imported and again.unchanged == 2 and not again.new and not again.updated
    assert dump(county) == before
