"""Sealed package files (format level): to a receiver's key or with a password; wrong ones are refused."""

from __future__ import annotations

import json
import os

import pytest

from assist_desktop.exchange.sealing import (
    CHUNK,
    SealError,
    is_sealed,
    new_x25519_key,
    seal,
    unseal,
    x25519_public,
)

FAST_N = 1 << 12  # the tests' scrypt cost (the default is 2^17)


@pytest.fixture
def plain(tmp_path):
    path = tmp_path / "p.zip"
    path.write_bytes(os.urandom(CHUNK * 2 + 123))  # three chunks, the last one short
    return path


def test_sealed_to_the_receivers_key_opens_with_its_key_only(plain, tmp_path):
    receiver, other = new_x25519_key(), new_x25519_key()
    sealed = tmp_path / "s.bin"
    seal(plain, sealed, receiver_key=x25519_public(receiver))
    assert is_sealed(sealed) and plain.read_bytes()[:64] not in sealed.read_bytes()
    with pytest.raises(SealError) as info:
        unseal(sealed, tmp_path / "o.zip", private_key=other)
    assert "不是加密给本工会" in info.value.zh and not (tmp_path / "o.zip").exists()
    unseal(sealed, tmp_path / "o.zip", private_key=receiver)
    assert (tmp_path / "o.zip").read_bytes() == plain.read_bytes()


def test_a_wrong_password_is_refused_and_writes_nothing(plain, tmp_path):
    sealed = tmp_path / "s.bin"
    seal(plain, sealed, password="正确的密码", scrypt_n=FAST_N)
    with pytest.raises(SealError) as info:
        unseal(sealed, tmp_path / "o.zip", password="错误的密码")
    assert "密码错误" in info.value.zh and not (tmp_path / "o.zip").exists()
    with pytest.raises(SealError):
        unseal(sealed, tmp_path / "o.zip")
    unseal(sealed, tmp_path / "o.zip", password="正确的密码")
    assert (tmp_path / "o.zip").read_bytes() == plain.read_bytes()


@pytest.mark.parametrize("damage", ["truncate", "flip", "drop_last", "header"])
def test_a_damaged_sealed_file_is_refused(plain, tmp_path, damage):
    sealed = tmp_path / "s.bin"
    seal(plain, sealed, password="pw", scrypt_n=FAST_N)
    data = bytearray(sealed.read_bytes())
    if damage == "truncate":
        data = data[: len(data) - 10]
    elif damage == "flip":
        data[len(data) // 2] ^= 1
    elif damage == "drop_last":
        data = data[: len(data) - (123 + 16 + 4)]
    else:
        data = data.replace(b'"r": 8', b'"r":8 ', 1)
    sealed.write_bytes(bytes(data))
    with pytest.raises(SealError):
        unseal(sealed, tmp_path / "o.zip", password="pw")
    assert not (tmp_path / "o.zip").exists()


def test_a_plain_package_is_not_sealed(plain, tmp_path):
    assert not is_sealed(plain)
    with pytest.raises(SealError):
        unseal(plain, tmp_path / "o.zip", password="pw")


def test_an_encrypted_package_with_the_wrong_password_is_refused_and_nothing_written(make_db, db, tmp_path):
    from assist_desktop.services.exchange import export_package, import_package
    from assist_desktop.services.files import create_file
    from tests.conftest import TODAY, complete_file_data
    from tests.exchange.conftest import dump

    county = make_db("230102", "南岗区总工会", "county", "2301")
    create_file(db, data=complete_file_data(), as_of=TODAY)
    sealed = tmp_path / "sealed.zip"
    export_package(db, out=sealed, password="对的密码")
    assert is_sealed(sealed)
    before = dump(county)
    for wrong in (None, "错的密码"):
        with pytest.raises(SealError) as info:
            import_package(county, path=sealed, today=TODAY, password=wrong)
        assert "密码" in info.value.zh
    assert dump(county) == before
    assert len(import_package(county, path=sealed, today=TODAY, password="对的密码").new) == 1


def test_the_command_line_reads_the_password_from_the_environment(tmp_path, capsys, monkeypatch):
    from assist_desktop.cli import main

    def run(db, *args):
        rc = main(["--db", str(db), "--as-of", "2026-11-20", *args])
        return rc, capsys.readouterr()

    g, c = tmp_path / "g.sqlite3", tmp_path / "c.sqlite3"
    assert run(g, "init", "--union-code", "230102001", "--union-name", "锅炉厂工会", "--level", "grassroots",
               "--parent-code", "230102")[0] == 0
    assert run(c, "init", "--union-code", "230102", "--union-name", "南岗区总工会", "--level", "county")[0] == 0
    monkeypatch.setenv("PKG_PW", "secret-1")
    assert run(g, "export", "--out", str(tmp_path / "p.zip"), "--password-env", "PKG_PW")[0] == 0
    assert is_sealed(tmp_path / "p.zip")
    # the envelope names and signs its sender: an unknown sender is asked about before anything is decrypted
    rc, got = run(c, "import", str(tmp_path / "p.zip"), "--json")
    assert rc == 2
    fingerprint = json.loads(got.out)["unknown_sender"]["fingerprint"]
    assert json.loads(got.out)["unknown_sender"]["code"] == "230102001"
    trusted = ("--trust-sender", fingerprint)
    rc, got = run(c, "import", str(tmp_path / "p.zip"), *trusted)
    assert rc == 2 and "密码" in got.err
    monkeypatch.setenv("PKG_PW", "secret-2")
    rc, got = run(c, "import", str(tmp_path / "p.zip"), "--password-env", "PKG_PW", *trusted)
    assert rc == 2 and "密码错误" in got.err
    monkeypatch.setenv("PKG_PW", "secret-1")
    rc, got = run(c, "import", str(tmp_path / "p.zip"), "--password-env", "PKG_PW", *trusted, "--json")
    assert rc == 0 and json.loads(got.out)["new"] == 0 and json.loads(got.out)["applied"]
