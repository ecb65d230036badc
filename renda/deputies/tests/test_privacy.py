"""Masking of personal data and the ID-number checksum (pure functions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from renda.deputies.privacy import MIN_HIDDEN, id_number_valid, mask_id_number, mask_middle, mask_phone
from tests.factories import id_number_with_checksum


def test_examples_from_the_mission():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id_number("330102197505171232") == "330102********1232"
    assert mask_id_number("33010219750517123X") == "330102********123X"


def test_empty_and_short_values():
    assert mask_phone("") == "" and mask_phone(None) == ""
    assert mask_phone("  13812341234 ") == "138****1234"
    assert mask_phone("1234") == "****"
    assert mask_phone("123456") == "****56"
    assert mask_phone("12345678") == "****5678"
    assert mask_phone("0571-88886666") == "057******6666"


@given(st.text(alphabet="0123456789X-", max_size=30), st.integers(0, 8), st.integers(0, 8))
def test_mask_properties(value, head, tail):
    masked = mask_middle(value, head=head, tail=tail)
    assert len(masked) == len(value)
    hidden = sum(1 for a, b in zip(value, masked, strict=True) if a != b or b == "*")
    assert hidden >= min(MIN_HIDDEN, len(value))
    for i, (a, b) in enumerate(zip(value, masked, strict=True)):
        assert b in (a, "*")
        if b != "*":  # only the head and the tail are ever shown
            assert i < head or i >= len(value) - tail


@given(st.from_regex(r"\A[0-9]{17}\Z"))
def test_id_mask_hides_birth_date(body):
    value = id_number_with_checksum(body)
    masked = mask_id_number(value)
    assert masked[6:14] == "********"
    assert id_number_valid(value)


@given(st.from_regex(r"\A[0-9]{17}\Z"), st.sampled_from("0123456789X"))
def test_checksum_accepts_exactly_one_check_character(body, check):
    assert id_number_valid(body + check) == (id_number_with_checksum(body) == body + check)


def test_checksum_rejects_malformed():
    for bad in (
        "",
        None,
        "12345",
        "33010219750517123",
        "3301021975051712320",
        "3301021975O5171232",
        "３３０１０２１９７５０５１７１２３２",
    ):
        assert not id_number_valid(bad)
    assert id_number_valid("33010219750517123x".upper()) is id_number_valid("33010219750517123X")
