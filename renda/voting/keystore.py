"""Where a sealed poll's private key lives while the poll is open: outside the database.

A directory (settings.VOTING_KEY_DIR, by default var/poll_keys beside the SECRET_KEY file; tests use a tmp
dir), one file per poll, mode 0600. The key is written when the poll opens and destroyed — overwritten, then
removed — once the close that counted the ballots has committed. Nothing here is ever backed up: a copy of the
database, its WAL or its backups holds only ciphertexts once the key is gone (docs/voting-secrecy.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def _dir() -> Path:
    path = Path(settings.VOTING_KEY_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _path(poll_id: int) -> Path:
    return _dir() / f"poll-{int(poll_id)}.key"


def put(poll_id: int, private: bytes) -> None:
    path = _path(poll_id)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, private)
        os.fsync(fd)
    finally:
        os.close(fd)


def get(poll_id: int) -> bytes | None:
    try:
        return _path(poll_id).read_bytes()
    except FileNotFoundError:
        return None


def destroy(poll_id: int) -> None:
    """Overwrite the key file with zeros, then remove it (no error when it is already gone)."""
    path = _path(poll_id)
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        os.write(fd, bytes(max(os.fstat(fd).st_size, 32)))
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)


def exists(poll_id: int) -> bool:
    return _path(poll_id).exists()
