"""Sealed ballots (pure: no Django, no database): a poll's key pair, a ballot sealed to the poll's public key,
opened with its private key, and the receipt — a short fingerprint of the sealed ballot.

An anonymous sealed box in the manner of libsodium's crypto_box_seal, built from `cryptography` (already a
dependency): a fresh X25519 key pair per ballot, the shared secret with the poll's public key through
HKDF-SHA256 (bound to both public keys) into a ChaCha20-Poly1305 key; the ephemeral key is used once, so the
nonce is fixed. box = ephemeral public key (32) ‖ ciphertext ‖ tag (16).

The plaintext is padded to a multiple of PAD bytes (a length prefix, then zeros), so every motion, list or
ordinary election ballot seals to boxes of one size: the size of a stored box says nothing of the choice.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import struct

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PAD = 1024
KEY_BYTES = 32
_NONCE = bytes(12)
_INFO = b"renda sealed ballot v1"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
_INFO_BLOCK = _INFO + b"\x01"
try:  # the C one-shot HMAC itself (hmac.digest is a Python function around it): no HMAC object per call
    from _hashlib import hmac_digest as _hmac
except ImportError:  # pragma: no cover — a Python built without OpenSSL's hashlib
    _hmac = hmac.digest
try:  # the library's loader of a raw public key, without the support check its public wrapper repeats per
    # call (X25519PrivateKey.from_private_bytes has made it once per count): the count's hot loop
    from cryptography.hazmat.bindings._rust import openssl as _rust_openssl

    _load_public = _rust_openssl.x25519.from_public_bytes
except (ImportError, AttributeError):  # pragma: no cover — another layout of the library
    _load_public = X25519PublicKey.from_public_bytes


class SealError(ValueError):
    """A box that does not open with this key (wrong key, altered or truncated box)."""


def keypair() -> tuple[bytes, bytes]:
    """(private, public), 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        ),
        private.public_key().public_bytes(*_RAW),
    )


def public_of(private: bytes) -> bytes:
    """The public key of a raw private key (how a key rebuilt from shares is checked)."""
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(*_RAW)


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869) of the shared secret, salt = both public keys, one 32-byte block — written with
    hmac's one-shot digest (what `cryptography`'s HKDF computes, without building its objects: ~3,000 of
    these at a count)."""
    return _hmac(_hmac(ephemeral + recipient, shared, "sha256"), _INFO_BLOCK, "sha256")


def hkdf_reference(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    """The same key through `cryptography`'s HKDF (the property tests compare the two)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_INFO).derive(shared)


def pad(data: bytes) -> bytes:
    body = struct.pack(">I", len(data)) + data
    return body + bytes(-len(body) % PAD)


def unpad(padded: bytes) -> bytes:
    if len(padded) < 4:
        raise SealError("short plaintext")
    (length,) = struct.unpack(">I", padded[:4])
    if length > len(padded) - 4:
        raise SealError("bad padding")
    return padded[4 : 4 + length]


@functools.lru_cache(maxsize=64)
def _recipient(public: bytes) -> X25519PublicKey:
    """The poll's public key as the library's object, built once per process and poll (every cast of a poll
    seals to the same key; a public key is no secret to keep in memory)."""
    return X25519PublicKey.from_public_bytes(public)


def seal(public: bytes, data: bytes) -> bytes:
    """`data` sealed to `public`: only the holder of the private key opens it."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(*_RAW)
    shared = ephemeral.exchange(_recipient(public))
    key = _key(shared, ephemeral_public, public)
    return ephemeral_public + ChaCha20Poly1305(key).encrypt(_NONCE, pad(data), None)


def open_box(private: bytes, box: bytes) -> bytes:
    """The data sealed in `box`; SealError when the key or the box is wrong."""
    return open_boxes(private, [box])[0]


def open_boxes(private: bytes, boxes: list[bytes]) -> list[bytes]:
    """The data sealed in each box (the key read once); SealError when the key or any box is wrong.

    The hot loop of a count (3,000 boxes): one X25519 exchange per box — most of the time — then the HKDF
    (`_key`, written out here) and the AEAD, with the library's objects and functions bound once outside the
    loop, and `unpad` inline."""
    key_obj = X25519PrivateKey.from_private_bytes(private)
    recipient = key_obj.public_key().public_bytes(*_RAW)
    exchange, load, aead, hmac_of = key_obj.exchange, _load_public, ChaCha20Poly1305, _hmac
    info, nonce, number = _INFO_BLOCK, _NONCE, int.from_bytes
    out = []
    append = out.append
    for box in boxes:
        if len(box) < KEY_BYTES + 16:
            raise SealError("short box")
        ephemeral = box[:KEY_BYTES]
        try:
            key = hmac_of(hmac_of(ephemeral + recipient, exchange(load(ephemeral)), "sha256"), info, "sha256")
            padded = aead(key).decrypt(nonce, box[KEY_BYTES:], None)
        except Exception as exc:  # InvalidTag, a low-order point …
            raise SealError("box does not open") from exc
        length = number(padded[:4], "big")
        if len(padded) < 4 or length > len(padded) - 4:
            raise SealError("bad padding")
        append(padded[4 : 4 + length])
    return out


def seal_ballot(public: bytes, payload: dict) -> bytes:
    """A ballot's stored payload, as canonical JSON, sealed."""
    return seal(public, json.dumps(payload, sort_keys=True, separators=(",", ":")).encode())


def open_ballot(private: bytes, box: bytes) -> dict:
    return json.loads(open_box(private, box))


def fingerprint(box: bytes) -> str:
    """The receipt of a sealed ballot: 80 bits of SHA-256 of the box, as four groups of base32
    (e.g. "K7QF-2MZD-X4PA-R9TB"): unique among a poll's ballots, nothing of the choice (the box is random)."""
    return fingerprints([box])[0]


def fingerprints(boxes: list[bytes]) -> list[str]:
    """`fingerprint` of each box, in order: the 10-byte digests base32-encoded in one call (10 bytes are
    exactly 16 base32 characters, so the joined text splits back into the receipts)."""
    text = base64.b32encode(b"".join(hashlib.sha256(box).digest()[:10] for box in boxes)).decode()
    return [
        f"{text[i : i + 4]}-{text[i + 4 : i + 8]}-{text[i + 8 : i + 12]}-{text[i + 12 : i + 16]}"
        for i in range(0, len(text), 16)
    ]
