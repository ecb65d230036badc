"""Numbers as Chinese documents write them in ordinals: 第十六届, 第五次会议. Pure."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """0 … 9999 in Chinese numerals: 16 → 十六, 105 → 一百零五, 2026 → 二千零二十六."""
    if not 0 <= n <= 9999:
        raise ValueError(f"out of range: {n}")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def ordinal(n: int, *, language: str | None) -> str:
    """The number as the language writes it inside 第…届 / "term …": Chinese numerals for Chinese."""
    return chinese_number(n) if (language or "").startswith("zh") else str(n)
