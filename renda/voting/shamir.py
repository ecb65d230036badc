"""Shamir's secret sharing over GF(2^8) (pure: no Django, no database): a secret of bytes split into n shares,
any k of which give it back and any k−1 of which say nothing about it.

Used for the scrutineer mode of sealed elections (选举法 第四十条; the 总监票人 and 监票人 chosen at the
session hold the poll's private key together): renda.voting.services.polls.poll_open splits the key, each
share is shown once to its scrutineer, and poll_close combines k of them.

Every byte of the secret is the constant term of its own random polynomial of degree k−1 over GF(256) (the
AES field, x^8 + x^4 + x^3 + x + 1); share x (1..n) holds the polynomials' values at x. Coefficients come from
`secrets`. A share as text: "<x>-<hex of the values>-<k>" — k is carried so a short set is refused early.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

MAX_SHARES = 255


def _build_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        # multiply by the generator 3
        x ^= (x << 1) ^ (0x11B if x & 0x80 else 0)
        x &= 0xFF
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


_EXP, _LOG = _build_tables()


def _mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


def _div(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError
    if a == 0:
        return 0
    return _EXP[(_LOG[a] - _LOG[b]) % 255]


class ShareError(ValueError):
    """The shares given cannot be combined: too few, malformed, duplicated or from different splits."""


def split(secret: bytes, k: int, n: int) -> list[tuple[int, bytes]]:
    """n shares (x, values) of `secret`, any k of which recover it. 1 ≤ k ≤ n ≤ 255."""
    if not (1 <= k <= n <= MAX_SHARES):
        raise ValueError("need 1 <= k <= n <= 255")
    coefficients = [[byte, *(secrets.randbelow(256) for _ in range(k - 1))] for byte in secret]
    shares = []
    for x in range(1, n + 1):
        values = bytearray()
        for poly in coefficients:
            y = 0
            for c in reversed(poly):  # Horner
                y = _mul(y, x) ^ c
            values.append(y)
        shares.append((x, bytes(values)))
    return shares


def combine(shares: Sequence[tuple[int, bytes]]) -> bytes:
    """The secret from k or more distinct shares (Lagrange interpolation at 0). With fewer than k shares the
    answer is some other value: callers check it (poll_close compares the public key) — or use `parse`,
    which carries k."""
    if not shares:
        raise ShareError("no shares")
    xs = [x for x, _ in shares]
    if len(set(xs)) != len(xs) or any(not 1 <= x <= MAX_SHARES for x in xs):
        raise ShareError("duplicate or invalid share index")
    length = len(shares[0][1])
    if any(len(v) != length for _, v in shares):
        raise ShareError("shares of different lengths")
    out = bytearray(length)
    for i, (xi, vi) in enumerate(shares):
        num, den = 1, 1
        for j, (xj, _) in enumerate(shares):
            if i != j:
                num = _mul(num, xj)
                den = _mul(den, xi ^ xj)
        weight = _div(num, den)
        for b in range(length):
            out[b] ^= _mul(vi[b], weight)
    return bytes(out)


def encode(share: tuple[int, bytes], k: int) -> str:
    """A share as the text shown to its scrutineer."""
    x, values = share
    return f"{x}-{values.hex()}-{k}"


def parse(texts: Sequence[str]) -> tuple[list[tuple[int, bytes]], int]:
    """(shares, k) from the texts the scrutineers enter (blanks ignored); ShareError when malformed, when
    they disagree on k, or when fewer than k distinct shares are given."""
    shares: dict[int, bytes] = {}
    needed: set[int] = set()
    for text in texts:
        text = (text or "").strip().lower()
        if not text:
            continue
        parts = text.split("-")
        if len(parts) != 3:
            raise ShareError("malformed share")
        try:
            x, values, k = int(parts[0]), bytes.fromhex(parts[1]), int(parts[2])
        except ValueError as exc:
            raise ShareError("malformed share") from exc
        if not 1 <= x <= MAX_SHARES or not 1 <= k <= MAX_SHARES:
            raise ShareError("malformed share")
        if x in shares and shares[x] != values:
            raise ShareError("two different shares with one index")
        shares[x] = values
        needed.add(k)
    if len(needed) > 1:
        raise ShareError("shares of different splits")
    k = needed.pop() if needed else 0
    if not shares or len(shares) < k:
        raise ShareError("too few shares")
    return sorted(shares.items()), k
