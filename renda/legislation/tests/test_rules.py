"""Table tests from the laws and hypothesis properties for renda.legislation.rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.workdays import WorkCalendar
from renda.legislation import rules

D = dt.date
CAL = WorkCalendar()  # the official calendar (chinese-calendar), no staff overrides


# --- the vote: more than half of ALL members (组织法 第五十条) ------------------------------------------


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "members", "passed", "needed"),
    [
        (16, 0, 0, 31, True, 16),  # 31 members: 16 is more than half
        (15, 0, 0, 31, False, 16),  # 15 of 15 present would be "all present" but not half of all members
        (15, 1, 0, 30, False, 16),  # 30 members: exactly half is not more than half
        (16, 14, 0, 30, True, 16),
        (20, 0, 10, 35, True, 18),
        (17, 0, 18, 35, False, 18),  # abstentions are not yes
        (1, 0, 0, 1, True, 1),
    ],
)
def test_vote_on_all_members(yes, no, abstain, members, passed, needed):
    result = rules.vote_result(yes=yes, no=no, abstain=abstain, total_members=members)
    assert (result.passed, result.needed) == (passed, needed)


def test_vote_refuses_impossible_counts():
    with pytest.raises(ValueError):
        rules.vote_result(yes=20, no=20, abstain=0, total_members=35)
    with pytest.raises(ValueError):
        rules.vote_result(yes=-1, no=0, abstain=0, total_members=35)
    with pytest.raises(ValueError):
        rules.majority_of_all(0)


@pytest.mark.parametrize(("present", "members", "ok"), [(16, 31, True), (15, 31, False), (15, 30, False)])
def test_quorum(present, members, ok):
    assert rules.quorate(present, members) is ok


@given(st.integers(1, 500), st.data())
def test_vote_passes_iff_yes_more_than_half_of_all(members, data):
    yes = data.draw(st.integers(0, members))
    no = data.draw(st.integers(0, members - yes))
    result = rules.vote_result(yes=yes, no=no, abstain=0, total_members=members)
    assert result.passed is (2 * yes > members)
    # never by a majority of those present alone: a unanimous small meeting does not pass
    if 2 * yes <= members:
        assert not result.passed


# --- due dates (民法典 第二百零一、二百零二、二百零三条) ---------------------------------------------------


@pytest.mark.parametrize(
    ("opened", "closes", "why"),
    [
        (D(2025, 3, 3), D(2025, 4, 2), "a Wednesday: 30 days after, the first day not counted"),
        (D(2025, 3, 20), D(2025, 4, 21), "ends on a Saturday: the next Monday"),
        (D(2025, 9, 5), D(2025, 10, 9), "ends in the National Day holiday (1–8 Oct): the 9th"),
    ],
)
def test_comment_period(opened, closes, why):
    assert rules.comment_closes(opened, CAL) == closes, why
    assert rules.comment_period_ok(opened, closes)


def test_comment_period_at_least_30_days():
    with pytest.raises(ValueError):
        rules.comment_closes(D(2025, 3, 3), CAL, days=29)
    assert not rules.comment_period_ok(D(2025, 3, 3), D(2025, 4, 1))
    assert rules.comment_closes(D(2025, 3, 3), CAL, days=45) == D(2025, 4, 17)


@pytest.mark.parametrize(
    ("submitted", "due", "why"),
    [
        (D(2025, 6, 30), D(2025, 10, 30), "four months: the corresponding day"),
        (D(2024, 10, 31), D(2025, 2, 28), "no 31 February: the month's last day (第二百零二条)"),
        (D(2025, 6, 1), D(2025, 10, 9), "1 October is the National Day holiday: the next working day"),
        (D(2025, 10, 31), D(2026, 2, 28), "28 Feb 2026 is a Saturday but a make-up workday (调休): kept"),
    ],
)
def test_approval_within_four_months(submitted, due, why):
    assert rules.approval_due(submitted, CAL) == due, why


@pytest.mark.parametrize(
    ("published", "due", "why"),
    [
        (D(2025, 4, 1), D(2025, 5, 6), "1 May in the Labour Day holiday (1–5 May): the 6th"),
        (D(2025, 1, 1), D(2025, 2, 5), "31 January in the Spring Festival (28 Jan – 4 Feb): 5 February"),
        (D(2025, 8, 29), D(2025, 9, 28), "28 Sep 2025 is a Sunday but a make-up workday: kept"),
        (D(2025, 6, 3), D(2025, 7, 3), "an ordinary Thursday"),
    ],
)
def test_filing_within_thirty_days(published, due, why):
    assert rules.filing_due(published, CAL) == due, why


def test_staff_entered_day_off_moves_the_end():
    # a local day off staff entered (renda.core.models.CalendarDay) counts as a holiday
    cal = WorkCalendar(overrides={D(2025, 7, 3): False})
    assert rules.filing_due(D(2025, 6, 3), cal) == D(2025, 7, 4)


@given(st.dates(D(2020, 1, 1), D(2026, 11, 30)), st.integers(1, 120))
def test_period_end_properties(start, days):
    end = rules.period_end(start, CAL, days=days)
    plain = start + dt.timedelta(days=days)
    assert end >= plain  # never shorter than the period
    assert CAL.is_workday(end)  # ends on a working day
    # every day between the plain end and the moved end is a day off
    day = plain
    while day < end:
        assert not CAL.is_workday(day)
        day += dt.timedelta(days=1)


@given(st.dates(D(2020, 1, 1), D(2026, 8, 31)))
def test_approval_due_is_four_months_on(submitted):
    due = rules.approval_due(submitted, CAL)
    assert due > submitted
    assert CAL.is_workday(due)
    months = (due.year - submitted.year) * 12 + due.month - submitted.month
    assert months in (4, 5)  # the corresponding day, or moved past a holiday into the next month


def test_days_left():
    assert rules.days_left(D(2025, 5, 6), D(2025, 5, 1)) == 5
    assert rules.days_left(D(2025, 5, 6), D(2025, 5, 8)) == -2
