"""Sealed package files (format level): to a receiver's key or with a password; wrong ones are refused."""

from __future__ import annotations

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
