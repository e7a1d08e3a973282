"""A hostile corpus of packages: each is refused with a message naming the problem, the database unchanged."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assist_desktop.exchange.package import MANIFEST, SIGNATURE, PackageError, dumps_row
from assist_desktop.services.exchange import export_package, import_package
from assist_desktop.services.files import create_file
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump, file_bytes, members, rebuild, signed_manifest, snapshots


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


def refused(county, path, *words):
    """The import is refused with a message holding `words`; the database is unchanged, byte for byte on SQLite."""
    before, raw_before = dump(county), file_bytes(county)
    with pytest.raises(PackageError) as info:
        import_package(county, path=path, today=TODAY)
    message = info.value.zh
    for word in words:
        assert word in message, message
    assert dump(county) == before
    assert file_bytes(county) == raw_before
    return message


def test_good_package_imports(county, good):
    assert len(import_package(county, path=good, today=TODAY).new) == 2


def test_truncated_zip(county, good, tmp_path):
    data = good.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        bad = tmp_path / f"cut{cut}.zip"
        bad.write_bytes(data[:cut])
        refused(county, bad, "zip")


def test_not_a_zip_and_missing_file(county, tmp_path):
    (tmp_path / "x.zip").write_text("hello")
    refused(county, tmp_path / "x.zip", "不是完整的数据包")
    refused(county, tmp_path / "nope.zip", "找不到")


def test_changed_byte_fails_the_checksum(county, good, tmp_path):
    def swap(name, data):
        return data.replace("张建国".encode(), "李建国".encode()) if name == "hardship_file.jsonl" else data

    bad = rebuild(good, tmp_path / "bad.zip", raw=swap, fix_checksums=False)
    refused(county, bad, "hardship_file.jsonl", "校验值")


def test_flipped_byte_in_compressed_data_is_refused(county, good, tmp_path):
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("hardship_file.jsonl")
    # the compressed data starts after the local header (30 bytes + name + extra)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0xFF
    bad = tmp_path / "flip.zip"
    bad.write_bytes(bytes(data))
    refused(county, bad, "hardship_file.jsonl")


def test_unknown_format_version(county, good, tmp_path):
    bad = rebuild(good, tmp_path / "v.zip", manifest=lambda m: m.update(format_version=99))
    refused(county, bad, "版本 99", "升级")


def test_not_our_format(county, good, tmp_path):
    bad = rebuild(good, tmp_path / "f.zip", manifest=lambda m: m.update(format="something-else"))
    refused(county, bad, "不是本程序的数据包")


@pytest.mark.parametrize(
    "name", ["../evil.jsonl", "/etc/cron.d/evil", "sub/../../x.jsonl", "..\\evil.jsonl", "C:/evil.jsonl"]
)
def test_unsafe_member_names(county, good, tmp_path, name):
    bad = rebuild(good, tmp_path / "t.zip", extra={name: b"{}\n"})
    refused(county, bad, "不安全的成员名")


def test_member_not_in_manifest(county, good, tmp_path):
    bad = rebuild(good, tmp_path / "x.zip", extra={"audit_log.jsonl": b"{}\n"})
    refused(county, bad, "清单之外")


def test_member_far_larger_than_the_manifest_says(county, good, tmp_path):
    """A zip bomb: 64 MB of zeros compress to ~64 KB; the manifest says 200 bytes."""
    bomb = b'{"x":"' + b"0" * (64 << 20) + b'"}\n'

    def inflate(name, data):
        return bomb if name == "income_fact.jsonl" else data

    def lie(m):
        for entry in m["members"]:
            if entry["name"] == "income_fact.jsonl":
                entry["size"] = 200

    bad = rebuild(good, tmp_path / "bomb.zip", raw=inflate, manifest=lie)
    assert bad.stat().st_size < 1 << 20
    refused(county, bad, "income_fact.jsonl", "清单")


def test_zip_bomb_with_lying_headers_stops_at_the_declared_size(county, good, tmp_path):
    """The zip's own size fields say 200 bytes too: reading stops there and the damage is noticed."""
    bomb = b"0" * (32 << 20)
    buf = io.BytesIO()
    parts = members(good)
    man = json.loads(parts.pop(MANIFEST))
    parts.pop(SIGNATURE)
    for entry in man["members"]:
        if entry["name"] == "income_fact.jsonl":
            entry["size"] = 200
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, bomb if name == "income_fact.jsonl" else data)
        for name, data in signed_manifest(good, man).items():
            zf.writestr(name, data)
    raw = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo("income_fact.jsonl")
    # patch the uncompressed size in the local header and in the central directory entry
    struct.pack_into("<I", raw, info.header_offset + 22, 200)
    pos = 0
    while (pos := raw.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack("<H", raw[pos + 28 : pos + 30])[0]
        if raw[pos + 46 : pos + 46 + name_len] == b"income_fact.jsonl":
            struct.pack_into("<I", raw, pos + 24, 200)
        pos += 4
    bad = tmp_path / "bomb2.zip"
    bad.write_bytes(bytes(raw))
    refused(county, bad, "income_fact.jsonl")


def test_malformed_json_line(county, good, tmp_path):
    def breaks(name, rows):
        return [*rows, b'{"id": "broken\n'] if name == "household_member.jsonl" else rows

    bad = rebuild(good, tmp_path / "j.zip", rows=breaks)
    refused(county, bad, "household_member.jsonl", "第2行", "JSON")


def test_row_that_does_not_match_the_schema(county, good, tmp_path):
    def money_as_float(name, rows):
        if name == "hardship_file.jsonl":
            rows[0]["household_annual_income_fen"] = 1800.5
        return rows

    bad = rebuild(good, tmp_path / "s.zip", rows=money_as_float)
    refused(county, bad, "hardship_file.jsonl", "household_annual_income_fen")


def test_invalid_id_number(county, good, tmp_path):
    def bad_checksum(name, rows):
        if name == "hardship_file.jsonl":
            rows[0]["id_number"] = rows[0]["id_number"][:17] + (
                "1" if rows[0]["id_number"][17] != "1" else "2"
            )
        return rows

    bad = rebuild(good, tmp_path / "id.zip", rows=bad_checksum)
    refused(county, bad, "身份证号", "校验位")


def test_household_smaller_than_its_members_is_refused(county, good, tmp_path):
    """The one household-size policy (domain.decisions) holds for packages as for the window and the roster."""

    def shrink(name, rows):
        if name == "hardship_file.jsonl":
            for r in rows:
                if r["name"] == "张建国":  # it lists one member (李丽): the worker plus one is two
                    r["household_size"] = 1
        return rows

    bad = rebuild(good, tmp_path / "size.zip", rows=shrink)
    refused(county, bad, "张建国", "家庭人口（1）少于本人加家庭成员数（2）")


def test_duplicate_id_numbers_in_one_package(county, good, tmp_path):
    def same(name, rows):
        if name == "hardship_file.jsonl":
            rows[1]["id_number"] = rows[0]["id_number"]
        return rows

    bad = rebuild(good, tmp_path / "dup.zip", rows=same)
    refused(county, bad, "身份证号相同")


def test_record_of_a_file_not_in_the_package(county, good, tmp_path):
    def orphan(name, rows):
        if name == "status_event.jsonl":
            rows[0]["file_id"] = "00000000-0000-0000-0000-000000000000"
        return rows

    bad = rebuild(good, tmp_path / "o.zip", rows=orphan)
    refused(county, bad, "不在数据包中")


_FILE_NO = "230102001-000001"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"household_size": 0}, ("家庭人口",)),
        ({"secondary_causes": "foo,bar,baz,qux"}, ("次要致困原因",)),
        ({"disability_grade": 9, "disability_type": "physical"}, ("残疾等级",)),
        ({"last_visit_date": "2099-01-01"}, ("走访日期", "不能晚于今天")),
        ({"accident_date": "2099-01-01"}, ("不能晚于今天",)),
        ({"phone": "not a phone"}, ("电话",)),
        ({"bank_account": "abc"}, ("8至30位数字",)),
        ({"housing_area_m2": float("nan")}, ("面积",)),
        ({"name": ""}, ("姓名",)),
        ({"status": "registered", "category": None}, ("困难类别",)),
        ({"status": "watch", "category": None}, ("困难类别",)),
        ({"status": "closed", "close_reason": None, "closed_on": "2026-01-01"}, ("退档原因",)),
    ],
)
def test_file_fields_are_checked_as_the_window_checks_them(county, good, tmp_path, changes, words):
    def spoil(name, rows):
        if name == "hardship_file.jsonl":
            for row in rows:
                if row["file_no"] == _FILE_NO:
                    row.update(changes)
        return rows

    bad = rebuild(good, tmp_path / "field.zip", rows=spoil)
    message = refused(county, bad, _FILE_NO, *words)
    assert "未导入" in message


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": ""}, ("姓名",)),
        ({"birth_date": "2099-01-01", "id_number": None}, ("不能晚于今天",)),
    ],
)
def test_member_fields_are_checked_as_the_window_checks_them(county, good, tmp_path, changes, words):
    def spoil(name, rows):
        if name == "household_member.jsonl":
            rows[0].update(changes)
        return rows

    bad = rebuild(good, tmp_path / "member.zip", rows=spoil)
    refused(county, bad, _FILE_NO, "家庭成员", *words)


def test_row_count_differs_from_manifest(county, good, tmp_path):
    def drop(m):
        for entry in m["members"]:
            if entry["name"] == "hardship_file.jsonl":
                entry["rows"] = 5

    bad = rebuild(good, tmp_path / "n.zip", manifest=drop)
    refused(county, bad, "清单记为 5 行")


def test_missing_manifest(county, good, tmp_path):
    parts = members(good)
    parts.pop(MANIFEST)
    bad = tmp_path / "nomanifest.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    refused(county, bad, "manifest.json")


# --- generated corpus -------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(min_value=0), value=st.integers(min_value=1, max_value=255))
def test_any_changed_byte_is_refused_or_harmless(db, county, good, tmp_path, offset, value):
    """Flip any byte of a package: it is refused, or (in bytes nobody reads) it imports the same data."""
    data = bytearray(good.read_bytes())
    data[offset % len(data)] ^= value
    bad = tmp_path / "fuzz.zip"
    bad.write_bytes(bytes(data))
    before = dump(county)
    try:
        import_package(county, path=bad, today=TODAY)
    except PackageError:
        assert dump(county) == before
        return
    assert snapshots(county) == snapshots(db)  # imported: then it is exactly the original data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.one_of(
            st.binary(max_size=60),
            st.text(max_size=60).map(str.encode),
            st.dictionaries(
                st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=8)), max_size=4
            ).map(dumps_row),
        ).filter(lambda b: b.strip()),
        min_size=1,
        max_size=5,
    )
)
def test_generated_garbage_rows_are_refused(county, good, tmp_path, lines):
    def garbage(name, rows):
        return (
            [*rows, *[line.replace(b"\n", b" ") + b"\n" for line in lines]]
            if name == "pairing.jsonl"
            else rows
        )

    bad = rebuild(good, tmp_path / "g.zip", rows=garbage)
    before = dump(county)
    with pytest.raises(PackageError):
        import_package(county, path=bad, today=TODAY)
    assert dump(county) == before


def test_forged_change_sequences_are_refused(county, good, tmp_path):
    def negative_seq(name, rows):
        if name == "hardship_file.jsonl":
            rows[0]["change_seq"] = -1
        return rows

    refused(county, rebuild(good, tmp_path / "neg.zip", rows=negative_seq), "hardship_file.jsonl", "change_seq")

    def text_seq(name, rows):
        if name == "hardship_file.jsonl":
            rows[0]["change_seq"] = "99"
        return rows

    refused(county, rebuild(good, tmp_path / "text.zip", rows=text_seq), "hardship_file.jsonl", "change_seq")

    def manifest(m):
        m["sender_seq"] = "many"

    refused(county, rebuild(good, tmp_path / "man.zip", manifest=manifest), "manifest.json", "sender_seq")
