"""Tracking codes (查询码): what a citizen follows a record by without signing in — "<prefix><year>-" and
eight characters of an alphabet that reads aloud without confusion. Pure: the random digits come from a
secure source in the service."""

from __future__ import annotations

import re
from collections.abc import Sequence

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone
LENGTH = 8


def make(prefix: str, year: int, random_digits: Sequence[int]) -> str:
    """The code: the prefix, the year and LENGTH characters drawn from `random_digits` (indices into
    ALPHABET)."""
    if len(random_digits) != LENGTH:
        raise ValueError(f"{LENGTH} random digits needed")
    return f"{prefix}{year:04d}-" + "".join(ALPHABET[d % len(ALPHABET)] for d in random_digits)


def normalize(prefix: str, text: str) -> str | None:
    """A code as typed (any case, spaces) in its stored form, or None when it cannot be one of `prefix`."""
    code = re.sub(r"\s+", "", text or "").upper()
    return code if re.fullmatch(rf"{re.escape(prefix)}\d{{4}}-[{ALPHABET}]{{{LENGTH}}}", code) else None
