"""Pure helpers for deputies' personal data: masking for viewers who may not see it, ID-number checksum.

No Django here, so the rules are testable on their own (tests/test_privacy.py).
"""

from __future__ import annotations

MASK = "*"
# At least this many characters are always hidden (fewer only when the value itself is shorter).
MIN_HIDDEN = 4


def mask_middle(value: str | None, *, head: int, tail: int) -> str:
    """Keep at most `head` leading and `tail` trailing characters, hide the rest with '*'.

    The length is kept (a reader sees the shape of the value), and at least MIN_HIDDEN characters (or the
    whole value, when shorter) are hidden: a short value loses first its head, then its tail.
    """
    value = (value or "").strip()
    n = len(value)
    if not n:
        return ""
    hidden = max(n - head - tail, min(MIN_HIDDEN, n))
    shown = n - hidden
    shown_tail = min(tail, shown)
    shown_head = min(head, shown - shown_tail)
    middle = n - shown_head - shown_tail
    return value[:shown_head] + MASK * middle + (value[n - shown_tail :] if shown_tail else "")


def mask_phone(value: str | None) -> str:
    """13812341234 → 138****1234 (MISSION: masked elsewhere)."""
    return mask_middle(value, head=3, tail=4)


def mask_id_number(value: str | None) -> str:
    """330102197505171234 → 330102********1234: the region stays, the birth date and sequence go."""
    return mask_middle(value, head=6, tail=4)


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number_valid(value: str | None) -> bool:
    """GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X)."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not value[:17].isascii():
        return False
    total = sum(int(c) * w for c, w in zip(value[:17], _WEIGHTS, strict=True))
    return value[17] == _CHECK[total % 11]
