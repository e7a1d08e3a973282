"""Sealed (encrypted) package files: to a receiver's X25519 public key (HPKE, RFC 9180) or with a password
(scrypt + ChaCha20-Poly1305). Format level only, no database; export and import use the password mode
(docs/exchange-format.md §2.5).

The file is `MAGIC`, a 4-byte length and a JSON header, then the package in chunks. A random 32-byte content key
encrypts the chunks with ChaCha20-Poly1305 (the `cryptography` library's AEAD); each chunk's nonce is a random
7-byte prefix, the chunk's number and a last-chunk flag, and the header is every chunk's associated data, so a
reordered, truncated, extended or re-headed file fails to open. The content key is either HPKE-sealed to the
receiver's X25519 key (X25519 / HKDF-SHA256 / ChaCha20-Poly1305) or derived from the password by scrypt.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from assist_desktop.domain.errors import DomainError

MAGIC = b"ASSIST-DESKTOP-SEALED\n"
CHUNK = 1 << 20
INFO = b"assist-desktop sealed package v1"
SCRYPT_N = 1 << 17  # 128 MiB of memory at r = 8
MAX_SCRYPT_N = 1 << 20
MAX_HEADER = 4096
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


class SealError(DomainError):
    """A sealed file cannot be opened: wrong password, not for this receiver, damaged, or not a sealed file."""


def new_x25519_key() -> bytes:
    """A receiver's new raw X25519 private key."""
    return X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def x25519_public(private_key: bytes) -> bytes:
    return (
        X25519PrivateKey.from_private_bytes(private_key)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def is_sealed(path: Path) -> bool:
    """Whether the file starts as a sealed package (a file that cannot be read is not: its reader says why)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _scrypt(password: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(password.encode("utf-8"))


def seal(
    src: Path,
    dst: Path,
    *,
    receiver_key: bytes | None = None,
    password: str | None = None,
    scrypt_n: int = SCRYPT_N,
) -> None:
    """Write `src` sealed to the raw X25519 public key `receiver_key`, else with `password`."""
    content_key = ChaCha20Poly1305.generate_key()
    header: dict[str, Any] = {"v": 1, "aead": "chacha20poly1305", "chunk": CHUNK, "prefix": os.urandom(7).hex()}
    if receiver_key is not None:
        sealed = _SUITE.encrypt(content_key, X25519PublicKey.from_public_bytes(receiver_key), info=INFO)
        header.update(mode="hpke", suite="x25519-hkdf_sha256-chacha20poly1305", key=sealed.hex())
    elif password:
        salt = os.urandom(16)
        header.update(mode="password", kdf="scrypt", n=scrypt_n, r=8, p=1, salt=salt.hex())
        content_key = _scrypt(password, salt, scrypt_n)
    else:
        raise ValueError("a receiver key or a password is needed")
    head = json.dumps(header, sort_keys=True).encode("ascii")
    aead, prefix = ChaCha20Poly1305(content_key), bytes.fromhex(header["prefix"])
    tmp = dst.with_name(f".{dst.name}.part")
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as out:
            out.write(MAGIC + struct.pack(">I", len(head)) + head)
            for number, (block, last) in enumerate(_blocks(fin)):
                sealed_block = aead.encrypt(_nonce(prefix, number, last), block, head)
                out.write(struct.pack(">I", len(sealed_block)) + sealed_block)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def _blocks(fh: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    block = fh.read(CHUNK)
    while True:
        following = fh.read(CHUNK)
        yield block, not following
        if not following:
            return
        block = following


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


def unseal(src: Path, dst: Path, *, private_key: bytes | None = None, password: str | None = None) -> None:
    """Open a sealed file into `dst` (written beside it and moved into place only once wholly verified).

    Raises:
        SealError: not a sealed file, the wrong password, not sealed to this key, or damaged/truncated.
    """
    damaged = SealError("加密的数据包已损坏或被截断", "the sealed package is damaged or truncated")
    tmp = dst.with_name(f".{dst.name}.part")
    try:
        with open(src, "rb") as fin:
            if fin.read(len(MAGIC)) != MAGIC:
                raise SealError("这不是加密的数据包", "not a sealed package")
            (size,) = struct.unpack(">I", fin.read(4))
            if size > MAX_HEADER:
                raise damaged
            head = fin.read(size)
            header = json.loads(head)
            content_key = _content_key(header, private_key, password)
            aead, prefix = ChaCha20Poly1305(content_key), bytes.fromhex(header["prefix"])
            with open(tmp, "wb") as out:
                number, finished = 0, False
                while raw := fin.read(4):
                    if finished or len(raw) != 4:
                        raise damaged
                    (length,) = struct.unpack(">I", raw)
                    if length > CHUNK + 16:
                        raise damaged
                    block = fin.read(length)
                    try:
                        out.write(aead.decrypt(_nonce(prefix, number, False), block, head))
                    except InvalidTag:
                        try:
                            out.write(aead.decrypt(_nonce(prefix, number, True), block, head))
                            finished = True
                        except InvalidTag:
                            if number == 0 and header.get("mode") == "password":
                                raise SealError(
                                    "密码错误（或加密的数据包已损坏），未能打开", "wrong password (or a damaged package)"
                                ) from None
                            raise damaged from None
                    number += 1
                if not finished:
                    raise damaged
        os.replace(tmp, dst)
    except (ValueError, KeyError, struct.error) as exc:
        raise damaged from exc
    finally:
        tmp.unlink(missing_ok=True)


def _content_key(header: dict[str, Any], private_key: bytes | None, password: str | None) -> bytes:
    mode = header.get("mode")
    if mode == "hpke":
        if private_key is None:
            raise SealError("此数据包是加密给某个工会的：需要接收工会的密钥", "sealed to a receiver's key")
        try:
            return _SUITE.decrypt(
                bytes.fromhex(header["key"]), X25519PrivateKey.from_private_bytes(private_key), info=INFO
            )
        except InvalidTag:
            raise SealError(
                "此数据包不是加密给本工会的（本工会的密钥打不开），未导入", "the package is not sealed to this union"
            ) from None
    if mode == "password":
        if not password:
            raise SealError("此数据包用密码加密：请输入密码", "the package is sealed with a password")
        n = int(header["n"])
        if n > MAX_SCRYPT_N or n < 2 or n & (n - 1) or header.get("r") != 8 or header.get("p") != 1:
            raise SealError("加密参数不受支持", "unsupported key derivation parameters")
        return _scrypt(password, bytes.fromhex(header["salt"]), n)
    raise SealError("未知的加密方式", f"unknown sealing mode {mode!r}")


__all__ = ["SealError", "is_sealed", "new_x25519_key", "seal", "unseal", "x25519_public"]
