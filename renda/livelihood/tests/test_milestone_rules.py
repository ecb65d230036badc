"""The lagging rule of §4.5 as a law-style table, and hypothesis properties: a done milestone never lags,
lagging is monotone in time and anti-monotone in the grace days, the query form (lag_cutoff) agrees."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.livelihood import rules

D = dt.date
PLANNED = D(2027, 6, 30)


@pytest.mark.parametrize(
    ("planned", "done", "today", "grace", "lagging"),
    [
        # not done, before the planned date: on schedule
        (PLANNED, None, D(2027, 6, 1), 0, False),
        # not done, on the planned date itself: still on time (the day is the deadline's own)
        (PLANNED, None, PLANNED, 0, False),
        # not done, the day after the planned date, no grace: lagging
        (PLANNED, None, D(2027, 7, 1), 0, True),
        # 10 grace days: on the last day of grace not yet lagging …
        (PLANNED, None, D(2027, 7, 10), 10, False),
        # … the day after it, lagging
        (PLANNED, None, D(2027, 7, 11), 10, True),
        # done on time: never lagging
        (PLANNED, D(2027, 6, 20), D(2027, 12, 31), 0, False),
        # done late: done, so no longer lagging (its lateness shows in its dates)
        (PLANNED, D(2027, 8, 15), D(2027, 12, 31), 0, False),
        # long overdue across the year's end
        (PLANNED, None, D(2028, 1, 2), 0, True),
    ],
)
def test_lagging_table(planned, done, today, grace, lagging):
    assert rules.milestone_lagging(planned, done, today, grace) is lagging
    assert (planned < rules.lag_cutoff(today, grace) and done is None) is lagging  # the query form agrees


def test_project_lags_when_any_milestone_lags():
    today = D(2027, 9, 1)
    on_time = (D(2027, 10, 1), None)
    done_late = (D(2027, 5, 1), D(2027, 6, 1))
    late = (D(2027, 8, 1), None)
    assert not rules.project_lagging([], today)
    assert not rules.project_lagging([on_time, done_late], today)
    assert rules.project_lagging([on_time, done_late, late], today)
    assert not rules.project_lagging([late], today, grace_days=31)


def test_days_late():
    assert rules.days_late(PLANNED, None, D(2027, 6, 1)) == 0
    assert rules.days_late(PLANNED, None, D(2027, 7, 5)) == 5
    assert rules.days_late(PLANNED, D(2027, 7, 2), D(2027, 12, 1)) == 2


@pytest.mark.parametrize("grace", [-1, rules.MAX_GRACE_DAYS + 1])
def test_grace_out_of_range_raises(grace):
    with pytest.raises(ValueError):
        rules.milestone_lagging(PLANNED, None, PLANNED, grace)
    with pytest.raises(ValueError):
        rules.lag_cutoff(PLANNED, grace)


DATES = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))
GRACE = st.integers(0, rules.MAX_GRACE_DAYS)


@settings(deadline=None)
@given(planned=DATES, done=DATES, today=DATES, grace=GRACE)
def test_done_never_lags(planned, done, today, grace):
    assert not rules.milestone_lagging(planned, done, today, grace)


@settings(deadline=None)
@given(planned=DATES, today=DATES, later=st.integers(0, 400), grace=GRACE, more=st.integers(0, 30))
def test_monotone(planned, today, later, grace, more):
    lag = rules.milestone_lagging(planned, None, today, grace)
    # once lagging, it stays lagging as days pass (until done)
    if lag:
        assert rules.milestone_lagging(planned, None, today + dt.timedelta(days=later), grace)
    # more grace never makes a milestone lag that did not
    if grace + more <= rules.MAX_GRACE_DAYS and rules.milestone_lagging(planned, None, today, grace + more):
        assert lag
    # the query form is the same rule
    assert lag == (planned < rules.lag_cutoff(today, grace))
    # never lagging on or before its planned date
    if today <= planned:
        assert not lag


@settings(deadline=None)
@given(st.lists(st.tuples(DATES, st.one_of(st.none(), DATES)), max_size=8), DATES, GRACE)
def test_project_is_any_milestone(milestones, today, grace):
    expected = any(rules.milestone_lagging(p, d, today, grace) for p, d in milestones)
    assert rules.project_lagging(milestones, today, grace) is expected
    assert rules.project_lagging(list(reversed(milestones)), today, grace) is expected  # order independent
