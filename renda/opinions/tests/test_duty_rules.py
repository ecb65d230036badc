"""Reception days and the duty record's score as tables, with hypothesis properties: the schedule stays in
its month; the score stays in 0–100 and adding a recorded duty never lowers it (MISSION §5)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.opinions import duty, rules

D = datetime.date
KEYS = [item.key for item in duty.DEFAULT_SCORING]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("每月9日、19日", [9, 19]),
        ("每月19日、9日、9日", [9, 19]),
        ("每月1日", [1]),
        ("每月31日、0日、45日", [31]),
        ("", []),
        ("每周三", []),
    ],
)
def test_reception_days_table(text, days):
    assert rules.reception_days(text) == days


@pytest.mark.parametrize(
    ("days", "year", "month", "dates"),
    [
        ([9, 19], 2027, 3, [D(2027, 3, 9), D(2027, 3, 19)]),
        ([31], 2027, 4, [D(2027, 4, 30)]),  # the month's last day
        ([29, 30, 31], 2027, 2, [D(2027, 2, 28)]),  # once
        ([29], 2028, 2, [D(2028, 2, 29)]),  # a leap year
        ([], 2027, 5, []),
    ],
)
def test_schedule_table(days, year, month, dates):
    assert rules.schedule_dates(days, year, month) == dates


@given(st.lists(st.integers(1, 31), max_size=10), st.integers(2000, 2100), st.integers(1, 12))
def test_schedule_stays_in_its_month_once_each(days, year, month):
    dates = rules.schedule_dates(days, year, month)
    assert all(d.year == year and d.month == month for d in dates)
    assert dates == sorted(set(dates)) and len(dates) <= len(set(days))


@pytest.mark.parametrize(
    ("day", "today", "schedule", "attend"),
    [
        (D(2027, 3, 9), D(2027, 3, 8), True, False),
        (D(2027, 3, 9), D(2027, 3, 9), True, True),
        (D(2027, 3, 9), D(2027, 3, 10), False, True),
    ],
)
def test_announce_in_advance_attend_after(day, today, schedule, attend):
    assert rules.may_schedule(day, today) is schedule
    assert rules.may_record_attendance(day, today) is attend


def test_opinion_fits_its_reception_only_there_that_day():
    assert rules.opinion_fits_reception(1, D(2027, 3, 9), 1, D(2027, 3, 9))
    assert not rules.opinion_fits_reception(1, D(2027, 3, 9), 2, D(2027, 3, 9))
    assert not rules.opinion_fits_reception(1, D(2027, 3, 9), 1, D(2027, 3, 10))
    assert not rules.opinion_fits_reception(1, D(2027, 3, 9), None, D(2027, 3, 9))


@pytest.mark.parametrize(
    ("value", "band"),
    [(100, "好"), (80, "好"), (79.9, "较好"), (60, "较好"), (59.9, "差"), (0, "差")],
)
def test_bands_table(value, band):
    assert duty.band(value) == band


def test_bands_are_a_setting():
    assert duty.band(70, ((90, "优秀"), (70, "合格"), (0, "不合格"))) == "合格"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, 0),
        ({"sessions": 1}, 10),
        ({"sessions": 5}, 20),  # capped
        ({"receptions": 4, "opinions": 3}, 15),  # 12 + 3
        ({"receptions": 9}, 15),
        ({"named_votes": 3}, 1.5),
        ({"report": 2}, 4),
        ({"absent": 9}, 0),  # absences are shown, never scored
        ({k: 100 for k in KEYS}, 100),  # the caps add up past 100: at most 100
    ],
)
def test_weights_table(counts, expected):
    assert duty.score(counts) == expected


def test_weights_are_a_setting():
    items = (duty.Item("receptions", "参加联络站接待", 10, 50),)
    assert duty.score({"receptions": 3, "sessions": 9}, items) == 30


counts_st = st.dictionaries(st.sampled_from(KEYS), st.integers(0, 50))


@given(counts_st, st.sampled_from(KEYS))
def test_adding_a_recorded_duty_never_lowers_the_score(counts, key):
    more = {**counts, key: counts.get(key, 0) + 1}
    assert duty.score(more) >= duty.score(counts)
    assert 0 <= duty.score(counts) <= 100


@given(counts_st)
def test_lines_add_up_to_the_score_below_the_ceiling(counts):
    total = sum(points for _item, _n, points in duty.lines(counts))
    assert duty.score(counts) == pytest.approx(min(round(total, 1), 100), abs=0.11)
