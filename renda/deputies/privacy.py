"""Pure helpers for deputies' personal data: masking for viewers who may not see it.
(The ID-number check is renda.core.idnumber.id_number_valid, re-exported here.)

No Django here, so the rules are testable on their own (tests/test_privacy.py).
"""

from __future__ import annotations

from renda.core.idnumber import id_number_valid

__all__ = ["id_number_valid", "mask_id_number", "mask_middle", "mask_phone"]

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
