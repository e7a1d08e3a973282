"""Sealed (encrypted) package files: to a receiver's X25519 public key (HPKE, RFC 9180) or with a password
(scrypt + ChaCha20-Poly1305). Format level only, no database (docs/exchange-format.md §2.5).

The file is `MAGIC`, a 4-byte length and a JSON header, then the package in chunks. A random 32-byte content key
encrypts the chunks with ChaCha20-Poly1305 (the `cryptography` library's AEAD); each chunk's nonce is a random
7-byte prefix, the chunk's number and a last-chunk flag, and the header is every chunk's associated data, so a
reordered, truncated, extended or re-headed file fails to open. The content key is either HPKE-sealed to the
receiver's X25519 key (X25519 / HKDF-SHA256 / ChaCha20-Poly1305) or derived from the password by scrypt.

Envelope version 2 (written whenever the sender's Ed25519 key is given) names the sender (code, name, public
key) and the receiver (code, fingerprint of its encryption key) in the header and ends with a trailer: a zero
length and the sender's Ed25519 signature of the SHA-256 of every byte before it. The receiver checks that
signature, and whether it knows and trusts the key, *before* decrypting anything (`read_envelope`); the package
inside is signed too and names its receiver, so a receiver cannot re-seal a package it got to a third union
and pass it off as sent there (sign, encrypt, sign: docs/exchange-format.md §2.5).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from assist_desktop.domain.errors import DomainError
from assist_desktop.exchange import crypto

MAGIC = b"ASSIST-DESKTOP-SEALED\n"
CHUNK = 1 << 20
INFO = b"assist-desktop sealed package v1"
SCRYPT_N = 1 << 17  # 128 MiB of memory at r = 8
MAX_SCRYPT_N = 1 << 20
MAX_HEADER = 4096
#: what the envelope's signature is over: this context and the SHA-256 of the file before the trailer
SIGNED_CONTEXT = b"assist-desktop sealed envelope v2\n"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


class SealError(DomainError):
    """A sealed file cannot be opened: wrong password, not for this receiver, damaged, or not a sealed file."""


class PasswordNeeded(SealError):
    """The file is sealed with a password and none was given (the window asks for one)."""


@dataclass(frozen=True)
class Envelope:
    """The outside of a sealed file: its header, and the sender's key whose signature of the file checked out
    (None for a version-1 file, which has no sender)."""

    header: dict[str, Any]
    signer: bytes | None

    @property
    def mode(self) -> str:
        return str(self.header.get("mode"))

    @property
    def sender(self) -> dict[str, Any] | None:
        value = self.header.get("sender")
        return dict(value) if isinstance(value, dict) else None

    @property
    def receiver(self) -> dict[str, Any] | None:
        value = self.header.get("receiver")
        return dict(value) if isinstance(value, dict) else None


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
    signing_key: bytes | None = None,
    sender: Mapping[str, Any] | None = None,
    receiver_code: str | None = None,
) -> None:
    """Write `src` sealed to the raw X25519 public key `receiver_key`, else with `password`.

    With `signing_key` (the sender's raw Ed25519 key) the file is an envelope of version 2: the header names
    `sender` ({code, name}) with the key's public half and the receiver (`receiver_code` and the fingerprint of
    `receiver_key`), and the file ends with the sender's signature of everything before it."""
    content_key = ChaCha20Poly1305.generate_key()
    header: dict[str, Any] = {"v": 1, "aead": "chacha20poly1305", "chunk": CHUNK, "prefix": os.urandom(7).hex()}
    if signing_key is not None:
        header["v"] = 2
        header["sender"] = {
            "code": (sender or {}).get("code"),
            "name": (sender or {}).get("name"),
            "key": crypto.public_key_of(signing_key).hex(),
        }
        header["receiver"] = {
            "code": receiver_code,
            "key": crypto.fingerprint(receiver_key) if receiver_key is not None else None,
        }
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
    digest = hashlib.sha256()
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as out:

            def write(data: bytes) -> None:
                digest.update(data)
                out.write(data)

            write(MAGIC + struct.pack(">I", len(head)) + head)
            for number, (block, last) in enumerate(_blocks(fin)):
                sealed_block = aead.encrypt(_nonce(prefix, number, last), block, head)
                write(struct.pack(">I", len(sealed_block)) + sealed_block)
            if signing_key is not None:
                out.write(struct.pack(">I", 0) + crypto.sign(signing_key, SIGNED_CONTEXT + digest.digest()))
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
            signed = header.get("v") == 2
            with open(tmp, "wb") as out:
                number, finished, trailer = 0, False, False
                while raw := fin.read(4):
                    if trailer or len(raw) != 4:
                        raise damaged
                    (length,) = struct.unpack(">I", raw)
                    if finished:
                        # only the signature may follow the last chunk (read_envelope has checked it)
                        if not signed or length != 0 or len(fin.read(crypto.SIGNATURE_BYTES + 1)) != (
                            crypto.SIGNATURE_BYTES
                        ):
                            raise damaged
                        trailer = True
                        continue
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
                if not finished or (signed and not trailer):
                    raise damaged
        os.replace(tmp, dst)
    except (ValueError, KeyError, struct.error) as exc:
        raise damaged from exc
    finally:
        tmp.unlink(missing_ok=True)


def read_envelope(src: Path) -> Envelope:
    """The header of a sealed file and, for an envelope of version 2, the sender's key once its signature of
    the whole file is checked (the file is read once, hashed, nothing decrypted).

    Raises:
        SealError: not a sealed file, damaged, or (version 2) a signature that does not check out: the file
            was changed after sealing, or the signature is forged.
    """
    damaged = SealError("加密的数据包已损坏或被截断", "the sealed package is damaged or truncated")
    forged = SealError(
        "加密数据包的发送方签名无效：文件在加密后被改动过，或签名是伪造的，未导入",
        "the sealed package's signature is invalid: it was changed after sealing, or forged",
    )
    digest = hashlib.sha256()
    try:
        with open(src, "rb") as fin:
            magic = fin.read(len(MAGIC))
            if magic != MAGIC:
                raise SealError("这不是加密的数据包", "not a sealed package")
            raw_size = fin.read(4)
            (size,) = struct.unpack(">I", raw_size)
            if size > MAX_HEADER:
                raise damaged
            head = fin.read(size)
            header = json.loads(head)
            if not isinstance(header, dict):
                raise damaged
            if header.get("v") != 2:
                return Envelope(header, None)
            sender = header.get("sender")
            if not isinstance(sender, dict) or not isinstance(header.get("receiver"), dict):
                raise damaged
            public_key = bytes.fromhex(str(sender.get("key")))
            digest.update(magic + raw_size + head)
            while True:
                raw = fin.read(4)
                if len(raw) != 4:
                    raise damaged  # no trailer: truncated
                (length,) = struct.unpack(">I", raw)
                if length == 0:
                    signature = fin.read(crypto.SIGNATURE_BYTES + 1)
                    break
                if length > CHUNK + 16:
                    raise damaged
                block = fin.read(length)
                if len(block) != length:
                    raise damaged
                digest.update(raw + block)
    except OSError as exc:
        raise SealError(f"无法读取加密的数据包（{exc}）", f"the sealed package cannot be read ({exc})") from None
    except (ValueError, KeyError, struct.error) as exc:
        raise damaged from exc
    if not crypto.verify(public_key, SIGNED_CONTEXT + digest.digest(), signature):
        raise forged
    return Envelope(header, public_key)


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
            raise PasswordNeeded("此数据包用密码加密：请输入密码", "the package is sealed with a password")
        n = int(header["n"])
        if n > MAX_SCRYPT_N or n < 2 or n & (n - 1) or header.get("r") != 8 or header.get("p") != 1:
            raise SealError("加密参数不受支持", "unsupported key derivation parameters")
        return _scrypt(password, bytes.fromhex(header["salt"]), n)
    raise SealError("未知的加密方式", f"unknown sealing mode {mode!r}")


__all__ = ["Envelope", "PasswordNeeded", "SealError", "is_sealed", "read_envelope", "new_x25519_key", "seal", "unseal", "x25519_public"]
