"""The streamed import: members in any order, a package changed between its check and its writing, and the
fingerprint comparison agreeing with `same`."""

from __future__ import annotations

import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assist_desktop.exchange.package import MANIFEST, SIGNATURE, PackageError
from assist_desktop.exchange.snapshot import Fingerprint, fingerprints, group_children, same
from assist_desktop.services import exchange as merge
from assist_desktop.services.exchange import export_package, import_package
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump, file_bytes, members, signed_manifest


@pytest.fixture
def good(db, tmp_path):
    create_file(db, data=complete_file_data(), members=[{"name": "李丽", "relation": "配偶"}], as_of=TODAY)
    create_file(
        db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY
    )
    path = tmp_path / "good.zip"
    export_package(db, out=path)
    return path


@pytest.fixture
def county(make_db):
    return make_db("230102", "南岗区总工会", "county", "2301")


def test_members_in_another_order_import_the_same(county, good, tmp_path):
    parts = members(good)
    manifest = json.loads(parts.pop(MANIFEST))
    parts.pop(SIGNATURE)
    manifest["members"].reverse()
    shuffled = tmp_path / "reversed.zip"
    with zipfile.ZipFile(shuffled, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in reversed(list(parts)):
            zf.writestr(name, parts[name])
        for name, data in signed_manifest(good, manifest).items():
            zf.writestr(name, data)
    shuffled_report = import_package(county, path=shuffled, today=TODAY)
    assert len(shuffled_report.new) == 2 and not shuffled_report.conflicts
    # what it wrote is exactly what the package in the usual order holds
    again = import_package(county, path=good, today=TODAY)
    assert again.unchanged == 2 and not again.new and not again.updated and not again.conflicts


def test_a_package_changed_after_its_check_writes_nothing(county, good, tmp_path, monkeypatch):
    """The records are read again for writing and checked against the manifest again: a change rolls back."""
    before, raw_before = dump(county), file_bytes(county)
    original = merge._classify

    def classify_then_tamper(*args, **kwargs):
        got = original(*args, **kwargs)
        parts = members(good)
        parts["household_member.jsonl"] = parts["household_member.jsonl"].replace(
            "李丽".encode(), "李莉".encode()
        )
        with zipfile.ZipFile(good, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        return got

    monkeypatch.setattr(merge, "_classify", classify_then_tamper)
    with pytest.raises(PackageError) as info:
        import_package(county, path=good, today=TODAY)
    assert "校验值" in info.value.zh
    assert dump(county) == before
    assert file_bytes(county) == raw_before


#: values as a schema allows them: each field holds one JSON type or null (numbers may come as 1 or 1.0)
_row = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "c"]), "updated_at": st.just("2026-01-01T00:00:00")},
    optional={
        "n": st.one_of(st.none(), st.integers(-2, 2), st.sampled_from([0.0, 1.0, 2.5])),
        "s": st.one_of(st.none(), st.text(max_size=2)),
        "b": st.one_of(st.none(), st.booleans()),
    },
)
_field = st.one_of(st.none(), st.text(max_size=2))


@settings(max_examples=200, deadline=None)
@given(
    a_rows=st.lists(_row, max_size=3, unique_by=lambda r: r["id"]),
    b_rows=st.lists(_row, max_size=3, unique_by=lambda r: r["id"]),
    a_field=_field,
    b_field=_field,
)
def test_fingerprints_agree_with_same(a_rows, b_rows, a_field, b_field):
    def snapshot(rows, field):
        f = {"id": "f", "updated_at": "2026-01-01T00:00:00", "provenance": "x", "v": field}
        children = group_children({"household_member": [{**r, "file_id": "f"} for r in rows]})
        return f, children

    fa, ca = snapshot(a_rows, a_field)
    fb, cb = snapshot(b_rows, b_field)
    pa, pb = fingerprints([fa], ca)["f"], fingerprints([fb], cb)["f"]
    assert isinstance(pa, Fingerprint)
    assert pa.same(pb) == same(fa, ca, fb, cb)
