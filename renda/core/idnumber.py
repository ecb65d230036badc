"""The citizen ID number (公民身份号码) check character, GB 11643-1999 (ISO 7064 MOD 11-2). Pure.

One place for the rule: the roster import, the deputy edit form, the demo city and the tests all use it.
"""

from __future__ import annotations

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def gb11643_check_char(body17: str) -> str:
    """The check character of the first 17 digits."""
    if len(body17) != 17 or not body17.isdigit() or not body17.isascii():
        raise ValueError("body must be 17 digits")
    total = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def with_check_char(body17: str) -> str:
    """17 digits → the full 18-character number."""
    return body17 + gb11643_check_char(body17)


def id_number_valid(value: str | None) -> bool:
    """18 characters: 17 ASCII digits and the right check character (0-9 or X, either case)."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not value[:17].isascii():
        return False
    return value[17] == gb11643_check_char(value[:17])
