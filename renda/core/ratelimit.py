"""A fixed-window rate limit over Django's cache, for the public forms (no sign-in): a proposal form
accepts a few submissions per client address per hour."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from renda.core import clientip


def client_key(request: HttpRequest) -> str:
    """A stable, non-reversible key of the client's address (the address itself is not kept)."""
    address = clientip.request_address(request) or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit of `key` in `scope` for the current window of `window` seconds: False beyond `limit`."""
    bucket = f"rl:{scope}:{key}:{int(time.time()) // window}"
    if cache.add(bucket, 1, timeout=window):
        return True
    try:
        hits = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window)
        hits = 1
    return hits <= limit
