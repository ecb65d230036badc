"""Personal data encrypted at rest with SM4, and found again by a blind index (HMAC-SM3).

商用密码应用 (GB/T 39786-2021, level 3: 重要数据存储机密性) asks that personal data such as ID-card and phone
numbers be stored encrypted with approved algorithms: SM4 (GB/T 32907-2016) in GCM mode here, which also
detects a changed ciphertext. Equal values encrypt differently (a random 96-bit nonce each time), so a column
that must be looked up by value has a companion blind index: HMAC-SM3 of the normalised value under a second
key.

Keys: one master key outside the database (the environment's RENDA_DATA_KEY, 64 hex digits; or else a random
key written once to var/data_key, mode 0600), from which the SM4 key and the index key are derived (HMAC-SM3
with fixed labels). Losing the key loses the data: back it up apart from the database (docs/security.md).

Stored form: ``sm4gcm:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``. The current key's id is the setting
DATA_KEY_ID (RENDA_DATA_KEY_ID, default "1"); retired master keys stay readable while listed in
DATA_KEYS_RETIRED (RENDA_DATA_KEYS_RETIRED="1=<hex>,…") until ``manage.py data_key_rotate``
(renda.core.keyrotation) has re-encrypted every value and recomputed every blind index under the current key
(docs/security.md, "Rotating the data key").
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
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """A stored value that is not ours, was changed, or was written under another key."""


def _hmac_sm3(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, "sm3").digest()


def _read_or_create(path: Path) -> bytes:
    return bytes.fromhex(secretkey.key_file(path, lambda: secrets.token_hex(32)))


@lru_cache(maxsize=8)
def _keys(master_hex: str, key_file: str) -> tuple[bytes, bytes]:
    master = bytes.fromhex(master_hex) if master_hex else _read_or_create(Path(key_file))
    if len(master) < 16:
        raise ValueError("RENDA_DATA_KEY must be at least 32 hex digits (64 recommended)")
    return _hmac_sm3(master, b"renda sm4 data key")[:16], _hmac_sm3(master, b"renda blind index key")


def current_key_id() -> str:
    """The id written into every new ciphertext (the setting DATA_KEY_ID)."""
    from django.conf import settings

    key_id = str(getattr(settings, "DATA_KEY_ID", "1") or "1")
    if not key_id.isalnum():
        raise ValueError("RENDA_DATA_KEY_ID must be letters and digits only")
    return key_id


def keys(key_id: str | None = None) -> tuple[bytes, bytes]:
    """(SM4 key, index key) of the current master key (DATA_KEY / DATA_KEY_FILE), or of a retired one by its
    id (DATA_KEYS_RETIRED) — which only reading old ciphertexts needs."""
    from django.conf import settings

    current = current_key_id()
    if key_id is None or key_id == current:
        return _keys(getattr(settings, "DATA_KEY", ""), str(settings.DATA_KEY_FILE))
    retired = dict(getattr(settings, "DATA_KEYS_RETIRED", {}) or {}).get(key_id)
    if not retired:
        raise DecryptionError(f"written under key {key_id}, which is neither current nor listed as retired")
    return _keys(str(retired), "")


def key_id_of(stored: str) -> str | None:
    """The key id a stored value was written under; None for a value that is not ours (or blank)."""
    if not stored or not stored.startswith(PREFIX):
        return None
    return stored[len(PREFIX) :].partition(":")[0]


def encrypt(text: str) -> str:
    """SM4-GCM of `text` under the current key ("" stays ""; an encrypted value is returned as it is)."""
    if not text or text.startswith(PREFIX):
        return text
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(keys()[0]), modes.GCM(nonce)).encryptor()
    body = encryptor.update(text.encode("utf-8")) + encryptor.finalize()
    return f"{PREFIX}{current_key_id()}:" + base64.b64encode(nonce + body + encryptor.tag).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        raise DecryptionError("not an encrypted value")
    key_id, _sep, payload = stored[len(PREFIX) :].partition(":")
    raw = base64.b64decode(payload)
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(keys(key_id)[0]), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag as exc:
        raise DecryptionError("the value was changed or the key is wrong") from exc


def blind_index(text: str) -> str:
    """HMAC-SM3 of the value (upper-cased, spaces removed) under the current index key, as hex: equal values,
    equal indexes; "" for ""."""
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
