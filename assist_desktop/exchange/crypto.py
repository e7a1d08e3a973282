"""Format-level cryptography for packages: Ed25519 keys, fingerprints, signatures (no database here).

Everything is done by the `cryptography` library; this module only fixes the encodings: raw 32-byte keys
(hex in files and the database), the private key on disk as unencrypted PKCS#8 PEM (protected by the file's
mode, like an SSH key), and a fingerprint of the public key a person can read aloud or compare on paper.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

ALGORITHM = "ed25519"
KEY_BYTES = 32
SIGNATURE_BYTES = 64


def generate_private_key() -> bytes:
    """A new private key (its raw 32 bytes)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_key_of(private_key: bytes) -> bytes:
    """The raw 32-byte public key of a raw private key."""
    return (
        Ed25519PrivateKey.from_private_bytes(private_key)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def private_key_pem(private_key: bytes) -> bytes:
    """The private key as PKCS#8 PEM, for the key file."""
    return Ed25519PrivateKey.from_private_bytes(private_key).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def private_key_from_pem(data: bytes) -> bytes:
    """The raw private key in a PEM key file.

    Raises:
        ValueError: not an unencrypted Ed25519 private key.
    """
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def encryption_key_pem(private_key: bytes) -> bytes:
    """An X25519 (encryption) private key as PKCS#8 PEM, for the union's second key file."""
    return X25519PrivateKey.from_private_bytes(private_key).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def encryption_key_from_pem(data: bytes) -> bytes:
    """The raw X25519 private key in a PEM key file.

    Raises:
        ValueError: not an unencrypted X25519 private key.
    """
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, X25519PrivateKey):
        raise ValueError("not an X25519 private key")
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def sign(private_key: bytes, data: bytes) -> bytes:
    """The 64-byte Ed25519 signature of `data`."""
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(data)


def verify(public_key: bytes, data: bytes, signature: bytes) -> bool:
    """Whether `signature` is `public_key`'s signature of `data` (False for malformed keys or signatures)."""
    if len(public_key) != KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public_key: bytes) -> str:
    """The first 20 bytes of SHA-256 of the raw public key, base32 in 8 groups of 4: `ABCD-EFGH-…`."""
    text = base64.b32encode(hashlib.sha256(public_key).digest()[:20]).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalize_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, spaces or dashes or none) in the canonical form of `fingerprint`."""
    bare = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(bare[i : i + 4] for i in range(0, len(bare), 4))


__all__ = [
    "ALGORITHM", "encryption_key_from_pem", "encryption_key_pem", "fingerprint", "generate_private_key", "normalize_fingerprint", "private_key_from_pem",
    "private_key_pem", "public_key_of", "sign", "verify",
]
