"""Personal data encrypted at rest with SM4, and found again by a blind index (HMAC-SM3).

商用密码应用 (GB/T 39786-2021, level 3: 重要数据存储机密性) asks that personal data such as ID-card and phone
numbers be stored encrypted with approved algorithms: SM4 (GB/T 32907-2016) in GCM mode here, which also
detects a changed ciphertext. Equal values encrypt differently (a random 96-bit nonce each time), so a column
that must be looked up by value has a companion blind index: HMAC-SM3 of the normalised value under a second
key.

Keys: one master key outside the database (the environment's RENDA_DATA_KEY, 64 hex digits; or else a random
key written once to var/data_key, mode 0600), from which the SM4 key and the index key are derived (HMAC-SM3
with fixed labels). Losing the key loses the data: back it up apart from the database (docs/security.md).

Stored form: ``sm4gcm:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``; the key id lets a rotation re-encrypt
row by row (a rotation command is left for later; docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from renda.core import secretkey

PREFIX = "sm4gcm:"
KEY_ID = "1"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """A stored value that is not ours, was changed, or was written under another key."""


def _hmac_sm3(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, "sm3").digest()


def _read_or_create(path: Path) -> bytes:
    return bytes.fromhex(secretkey.key_file(path, lambda: secrets.token_hex(32)))


@lru_cache(maxsize=4)
def _keys(master_hex: str, key_file: str) -> tuple[bytes, bytes]:
    master = bytes.fromhex(master_hex) if master_hex else _read_or_create(Path(key_file))
    if len(master) < 16:
        raise ValueError("RENDA_DATA_KEY must be at least 32 hex digits (64 recommended)")
    return _hmac_sm3(master, b"renda sm4 data key")[:16], _hmac_sm3(master, b"renda blind index key")


def keys() -> tuple[bytes, bytes]:
    """(SM4 key, index key), from the settings' DATA_KEY / DATA_KEY_FILE."""
    from django.conf import settings

    return _keys(getattr(settings, "DATA_KEY", ""), str(settings.DATA_KEY_FILE))


def encrypt(text: str) -> str:
    """SM4-GCM of `text` ("" stays ""; an already encrypted value is returned as it is)."""
    if not text or text.startswith(PREFIX):
        return text
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(keys()[0]), modes.GCM(nonce)).encryptor()
    body = encryptor.update(text.encode("utf-8")) + encryptor.finalize()
    return f"{PREFIX}{KEY_ID}:" + base64.b64encode(nonce + body + encryptor.tag).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        raise DecryptionError("not an encrypted value")
    key_id, _sep, payload = stored[len(PREFIX) :].partition(":")
    if key_id != KEY_ID:
        raise DecryptionError(f"written under key {key_id}")
    raw = base64.b64decode(payload)
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(keys()[0]), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag as exc:
        raise DecryptionError("the value was changed or the key is wrong") from exc


def blind_index(text: str) -> str:
    """HMAC-SM3 of the value (upper-cased, spaces removed), as hex: equal values, equal indexes; "" for ""."""
    normal = "".join(text.split()).upper()
    if not normal:
        return ""
    return _hmac_sm3(keys()[1], normal.encode("utf-8")).hex()


def sm4_available() -> bool:
    try:
        Cipher(algorithms.SM4(bytes(16)), modes.GCM(bytes(12))).encryptor()
        return hashlib.new("sm3") is not None
    except Exception:
        return False


def encrypt_existing(schema_editor: Any, table: str, columns: tuple[str, ...], pk: str = "id") -> int:
    """For a data migration that turns clear columns into encrypted ones: encrypt the values of `columns` in
    `table` that are not encrypted yet (raw SQL: the model's fields would try to decrypt the clear values).
    Returns how many rows it changed."""
    conn = schema_editor.connection
    qn = conn.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT {qn(pk)}, {cols} FROM {qn(table)}")
        rows = cursor.fetchall()
        updates = [
            [encrypt(v or "") for v in values] + [key]
            for key, *values in rows
            if any(v and not v.startswith(PREFIX) for v in values)
        ]
        if updates:
            sets = ", ".join(f"{qn(c)} = %s" for c in columns)
            cursor.executemany(f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk)} = %s", updates)
    return len(updates)
