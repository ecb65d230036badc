"""An item's number carries its kind: numbers run per term and kind, so 建议第0003号 and 议案第0003号 are two
items, and every place that writes a number (pages, register, report, digest, API) says which."""

from django.utils import translation

from renda.proposals.choices import Kind, number_label


def test_the_kind_is_part_of_the_number():
    assert number_label(3, Kind.SUGGESTION) == "建议第0003号"
    assert number_label(3, Kind.MOTION) == "议案第0003号"
    assert number_label(None, Kind.MOTION) == ""


def test_the_number_in_english():
    with translation.override("en"):
        assert number_label(12, Kind.MOTION) != number_label(12, Kind.SUGGESTION)
        assert number_label(12, Kind.MOTION) == "Motion No. 0012"
