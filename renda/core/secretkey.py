"""The signing key for a host without SECRET_KEY in its environment, and the rule for a weak key.

Read by config.settings before Django is set up: standard library only.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

# Keys that are public (Django's and this project's former defaults) or plainly not random.
KNOWN_PUBLIC = frozenset(
    {
        "renda-insecure-development-key-change-me-in-production",
        "change-me",
        "secret",
    }
)
MIN_LENGTH = 50  # as Django's security.W009
MIN_UNIQUE = 5


def weakness(key: str) -> str | None:
    """Why `key` must not sign sessions and tokens, or None when it may."""
    if not key:
        return "empty"
    if key in KNOWN_PUBLIC or key.startswith("django-insecure-"):
        return "public"
    if len(key) < MIN_LENGTH:
        return "short"
    if len(set(key)) < MIN_UNIQUE:
        return "repetitive"
    return None


def local_key(path: Path) -> str:
    """The signing key stored at `path`, written there first when missing."""
    return key_file(path, lambda: secrets.token_urlsafe(64))


def key_file(path: Path, make: Callable[[], str]) -> str:
    """The key stored at `path`, written there first (`make()`, mode 0600) when missing. Safe when several
    processes start at once: the file appears whole or not at all (written aside, then linked)."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(make())
    try:
        os.link(temp, path)
    except FileExistsError:
        pass  # another process won the race; use its key
    finally:
        temp.unlink()
    return path.read_text().strip()
