"""Packages encrypted to the receiver's key, masking by receiver, the sender's audit chain head and the sender's
roster mappings travelling in packages (format 4); older packages still read."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import select

from assist_desktop.db.models import AuditLog, ExchangeLog, HardshipFile, HouseholdMember
from assist_desktop.exchange.package import MANIFEST, SIGNATURE, PackageError, open_package
from assist_desktop.exchange.sealing import SealError, is_sealed, read_envelope, seal
from assist_desktop.services.exchange import (
    exchange_log,
    export_package,
    export_review,
    import_package,
    import_review,
    review_files,
)
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.keys import ensure_union_key, export_key_file, import_key_file
from assist_desktop.services.roster_map import (
    adopt_value_map,
    list_received_maps,
    list_value_maps,
    set_value_map,
)
from assist_desktop.services.unions import set_receiver_mask
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump, key_of, members, signed_manifest, unsealed

GRASSROOTS = "230102001"
COUNTY = "230102"
BANK = "6222020200112233445"
MEMBER_ID = valid_id("23010219720505122")


@pytest.fixture
def county(make_db, db):
    return make_db(COUNTY, "南岗区总工会", "county", "2301")


def _first_file(db):
    return create_file(
        db,
        data=complete_file_data(bank_name="工商银行", bank_account=BANK),
        members=[{"name": "李丽", "relation": "配偶", "id_number": MEMBER_ID}],
        as_of=TODAY,
    )


def _bank_and_member_id(database):
    with database.reader() as s:
        bank = s.scalars(select(HardshipFile.bank_account)).all()
        ids = s.scalars(select(HouseholdMember.id_number)).all()
    return bank, ids


def _learn_each_others_encryption_keys(db, county, tmp_path):
    """The first package goes up plain; the review results come down encrypted to the unit (the county learnt
    its key from the package) and carry the county's key, so every later package up is encrypted."""
    first = tmp_path / "first.zip"
    result = export_package(db, out=first)
    assert result.encrypted is None and not is_sealed(first)
    assert any("未加密" in w for w in result.warnings)
    import_package(county, path=first, today=TODAY)
    review_files(county, file_nos=[f"{GRASSROOTS}-000001"], decision="approve")
    down = tmp_path / "down.zip"
    export_review(county, out=down, to=GRASSROOTS)
    assert is_sealed(down)
    envelope = read_envelope(down)
    assert envelope.sender["code"] == COUNTY and envelope.receiver["code"] == GRASSROOTS
    assert envelope.signer.hex() == ensure_union_key(county).public_key
    assert import_review(db, path=down).changed == [f"{GRASSROOTS}-000001"]


def test_packages_go_up_encrypted_once_the_parents_key_came_down_with_review_results(db, county, tmp_path):
    _first_file(db)
    _learn_each_others_encryption_keys(db, county, tmp_path)
    update_file(db, file_no=f"{GRASSROOTS}-000001", changes={"phone": "13945678902"}, as_of=TODAY)
    second = tmp_path / "second.zip"
    result = export_package(db, out=second)
    assert result.encrypted == "receiver_key" and is_sealed(second)
    assert not any("未加密" in w for w in result.warnings)
    assert b"13945678902" not in second.read_bytes() and not zipfile.is_zipfile(second)
    report = import_package(county, path=second, today=TODAY)
    assert report.updated == [f"{GRASSROOTS}-000001"]
    with county.reader() as s:
        assert s.scalars(select(HardshipFile.phone)).one() == "13945678902"
        logged = s.scalars(select(ExchangeLog).where(ExchangeLog.direction == "in")).all()
    assert len(logged) == 2


def test_a_key_file_lets_the_first_package_go_encrypted(make_db, db, tmp_path):
    county = make_db(COUNTY, "南岗区总工会", "county", "2301", trusting=False)
    _first_file(db)
    key_file = tmp_path / "county.key.json"
    own = export_key_file(county, out=key_file)
    with pytest.raises(Exception) as info:
        import_key_file(db, path=key_file, trust=ensure_union_key(db).fingerprint)
    assert "不符" in str(info.value.args[0])
    recorded = import_key_file(db, path=key_file, trust=own.fingerprint.lower().replace("-", ""))
    assert recorded.enc_public_key == own.enc_public_key
    # a key file changed after export is refused
    body = json.loads(key_file.read_text(encoding="utf-8"))
    body["encryption_key"] = "00" * 32
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(Exception) as info:
        import_key_file(db, path=forged, trust=own.fingerprint)
    assert "不是有效的工会密钥文件" in str(info.value.args[0])
    up = tmp_path / "up.zip"
    assert export_package(db, out=up).encrypted == "receiver_key"
    # the county has not recorded the unit's key: it is asked before anything is decrypted
    from assist_desktop.services.exchange_trust import UnknownSender

    with pytest.raises(UnknownSender):
        import_package(county, path=up, today=TODAY)
    fingerprint = ensure_union_key(db).fingerprint
    assert len(import_package(county, path=up, today=TODAY, trust_sender=fingerprint).new) == 1


def test_a_package_encrypted_for_another_union_is_refused_and_nothing_written(db, county, make_db, tmp_path):
    other = make_db("230103", "道里区总工会", "county", "2301")  # it knows the unit's key too
    _first_file(db)
    _learn_each_others_encryption_keys(db, county, tmp_path)
    up = tmp_path / "up.zip"
    export_package(db, out=up, full=True)
    before = dump(other)
    with pytest.raises(PackageError) as info:
        import_package(other, path=up, today=TODAY)
    assert "此数据包是发给 230102 的，不能由本工会" in info.value.zh
    assert dump(other) == before


def test_tampered_ciphertext_is_refused_and_nothing_written(db, county, tmp_path):
    _first_file(db)
    _learn_each_others_encryption_keys(db, county, tmp_path)
    up = tmp_path / "up.zip"
    export_package(db, out=up, full=True)
    data = bytearray(up.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    before = dump(county)
    with pytest.raises(SealError) as info:
        import_package(county, path=bad, today=TODAY)
    assert "签名无效" in info.value.zh
    assert dump(county) == before


def test_a_package_re_sealed_by_someone_else_is_refused(db, county, make_db, tmp_path):
    """The county cannot pass the unit's package on to the city as if the unit had sent it there: the
    envelope is the county's, the package inside the unit's (and addressed to the county)."""
    city = make_db("2301", "哈尔滨市总工会", "city", "23")
    _first_file(db)
    plain = tmp_path / "plain.zip"
    export_package(db, out=plain)
    from assist_desktop.services.keys import encryption_key_of

    # the county knows the city's encryption key (from its key file)
    import_key_file(county, path=_key_file(city, tmp_path), trust=ensure_union_key(city).fingerprint)
    with county.reader() as s:
        city_key = encryption_key_of(s, "2301")
    assert city_key is not None
    rewrapped = tmp_path / "rewrapped.zip"
    seal(plain, rewrapped, receiver_key=city_key, signing_key=key_of(county),
         sender={"code": COUNTY, "name": "南岗区总工会"}, receiver_code="2301")
    before = dump(city)
    with pytest.raises(PackageError) as info:
        import_package(city, path=rewrapped, today=TODAY)
    assert "签名者不同" in info.value.zh
    assert dump(city) == before


def _key_file(database, tmp_path):
    path = tmp_path / "key.json"
    export_key_file(database, out=path)
    return path


# --- masking by receiver ---------------------------------------------------------------------------


def test_masked_fields_are_not_sent_and_never_erase_what_the_receiver_holds(db, county, make_db, tmp_path):
    _first_file(db)
    full = tmp_path / "full.zip"
    export_package(db, out=full)
    import_package(county, path=full, today=TODAY)
    assert _bank_and_member_id(county) == ([BANK], [MEMBER_ID])

    assert set_receiver_mask(db, code=COUNTY, masks=["bank_account", "member_id_number"]).changes.settings
    update_file(db, file_no=f"{GRASSROOTS}-000001", changes={"phone": "13945678903"}, as_of=TODAY)
    masked = tmp_path / "masked.zip"
    result = export_package(db, out=masked, full=True)
    assert result.masked == ["bank_account", "member_id_number"]
    plain = unsealed(masked, county)
    parts = members(plain)
    assert BANK.encode() not in parts["hardship_file.jsonl"] and MEMBER_ID.encode() not in parts[
        "household_member.jsonl"]
    assert open_package(plain).manifest["masked"] == ["bank_account", "member_id_number"]

    report = import_package(county, path=masked, today=TODAY)
    assert report.updated == [f"{GRASSROOTS}-000001"]
    with county.reader() as s:
        assert s.scalars(select(HardshipFile.phone)).one() == "13945678903"
    assert _bank_and_member_id(county) == ([BANK], [MEMBER_ID])  # masked never replaces real
    # importing it again changes nothing (the masked copy compares equal to the full one)
    again = import_package(county, path=masked, today=TODAY)
    assert again.unchanged == 1 and not again.conflicts and not again.updated

    # a receiver that never had the values gets none (a city: the unit's package straight to it)
    fresh = make_db("2301", "哈尔滨市总工会", "city", "23")
    from assist_desktop.services.unions import add_union

    add_union(fresh, code=COUNTY, name="南岗区总工会", level="county", parent_code="2301")
    set_receiver_mask(db, code="2301", masks=["bank_account"])
    to_fresh = tmp_path / "fresh.zip"
    export_package(db, out=to_fresh, to="2301", full=True)
    import_package(fresh, path=to_fresh, today=TODAY)
    assert _bank_and_member_id(fresh) == ([None], [MEMBER_ID])


def test_a_mask_name_must_be_known(db):
    from assist_desktop.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        set_receiver_mask(db, code=COUNTY, masks=["everything"])


# --- audit chain head, mappings ------------------------------------------------------------------


def test_the_senders_audit_chain_head_is_recorded_and_listed(db, county, tmp_path, capsys):
    _first_file(db)
    up = tmp_path / "up.zip"
    export_package(db, out=up)
    head = open_package(up).manifest["audit_head"]
    with db.reader() as s:
        row = s.get(AuditLog, head["id"])
        assert row is not None and row.row_hash == head["hash"] and len(head["hash"]) == 64
    import_package(county, path=up, today=TODAY)
    entries = [e for e in exchange_log(county) if e.direction == "in"]
    assert [e.sender_chain_head for e in entries] == [f"{head['id']}:{head['hash']}"]
    assert entries[0].to_json()["sender_chain_head"] == head

    from assist_desktop.cli import main

    assert main(["--db", str(county.sqlite_file) if county.sqlite_file else county.url,
                 "exchange", "log", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    received = [e for e in data["entries"] if e["direction"] == "in"]
    assert received[0]["sender_chain_head"] == head and received[0]["counterpart_code"] == GRASSROOTS


def test_roster_mappings_travel_and_are_kept_with_their_origin(db, county, tmp_path, capsys):
    set_value_map(db, column="所属行业", value="锅炉安装", target="制造业")
    set_value_map(db, column="住房类型", value="厂里的房", target="公租房")
    _first_file(db)
    up = tmp_path / "up.zip"
    export_package(db, out=up)
    assert open_package(up).manifest["counts"]["roster_value_map"] == 2
    import_package(county, path=up, today=TODAY)
    assert list_value_maps(county) == []  # not the county's own until adopted
    got = {(m.origin, m.field, m.value, m.target_label, m.adopted) for m in list_received_maps(county)}
    assert got == {(GRASSROOTS, "industry", "锅炉安装", "制造业", False),
                   (GRASSROOTS, "housing_type", "厂里的房", "公租房", False)}
    adopted = adopt_value_map(county, origin=GRASSROOTS, column="所属行业", value="锅炉安装")
    assert [(m.field, m.value) for m in adopted.mappings] == [("industry", "锅炉安装")] and adopted.changes.settings
    assert [(m.field, m.value) for m in list_value_maps(county)] == [("industry", "锅炉安装")]

    from assist_desktop.cli import main

    assert main(["--db", str(county.sqlite_file) if county.sqlite_file else county.url,
                 "roster", "map", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["origin"] == COUNTY and [m["value"] for m in data["mappings"]] == ["锅炉安装"]
    assert {(m["origin"], m["value"], m["adopted"]) for m in data["received"]} == {
        (GRASSROOTS, "锅炉安装", True), (GRASSROOTS, "厂里的房", False)}
    # the next package replaces what was kept of the unit's mapping
    from assist_desktop.services.roster_map import remove_value_map

    remove_value_map(db, column="住房类型", value="厂里的房")
    again = tmp_path / "again.zip"
    export_package(db, out=again, full=True)
    import_package(county, path=again, today=TODAY)
    assert [m.value for m in list_received_maps(county)] == ["锅炉安装"]


# --- older packages ----------------------------------------------------------------------------------


def test_a_format_3_package_still_imports(db, county, tmp_path):
    _first_file(db)
    up = tmp_path / "up.zip"
    export_package(db, out=up)
    parts = members(up)
    man = json.loads(parts[MANIFEST])
    man["format_version"] = 3
    for key in ("sender_enc_key", "audit_head", "masked"):
        man.pop(key, None)
    man["members"] = [m for m in man["members"] if m["name"] != "roster_value_map.jsonl"]
    man["counts"].pop("roster_value_map", None)
    parts.pop("roster_value_map.jsonl")
    parts.pop(SIGNATURE)
    parts.update(signed_manifest(up, man))
    old = tmp_path / "format3.zip"
    with zipfile.ZipFile(old, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert open_package(old).manifest["format_version"] == 3
    report = import_package(county, path=old, today=TODAY)
    assert len(report.new) == 1
    assert [e.sender_chain_head for e in exchange_log(county) if e.direction == "in"] == [None]


def test_a_package_encrypted_to_another_key_of_this_union_is_refused(db, county, tmp_path):
    """The unit holds a wrong (or outdated) encryption key for the county: the county cannot open the package."""
    from assist_desktop.exchange.sealing import new_x25519_key, x25519_public
    from assist_desktop.services.keys import record_encryption_key

    _first_file(db)
    with db.transaction(actor="test") as s:
        assert record_encryption_key(s, union_code=COUNTY, public_key=x25519_public(new_x25519_key()))
    up = tmp_path / "up.zip"
    assert export_package(db, out=up).encrypted == "receiver_key"
    before = dump(county)
    with pytest.raises(SealError) as info:
        import_package(county, path=up, today=TODAY)
    assert "本工会的密钥打不开" in info.value.zh
    assert dump(county) == before
