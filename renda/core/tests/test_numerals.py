import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.numerals import chinese_number, ordinal


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (5, "五"),
        (10, "十"),
        (16, "十六"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (2026, "二千零二十六"),
    ],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def _parse(text: str) -> int:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        else:
            total += (current or 1) * units[ch]
            current = 0
    return total + current


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_numbers_read_back(n):
    assert _parse(chinese_number(n)) == n


def test_ordinal_follows_language():
    assert ordinal(16, language="zh-hans") == "十六"
    assert ordinal(16, language="en") == "16"
