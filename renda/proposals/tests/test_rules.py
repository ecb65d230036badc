"""Due dates and thresholds, table tests taken from the laws and property tests (hypothesis)."""

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from renda.core.workdays import WorkCalendar
from renda.proposals import rules

D = dt.date
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))
known_dates = st.dates(min_value=D(2005, 1, 1), max_value=D(2026, 11, 30))  # the package knows these


# --- table tests --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned", "wide", "ext", "due"),
    [
        (D(2026, 3, 2), False, 0, D(2026, 6, 2)),  # 代表法 第51条: three months
        (D(2026, 3, 2), True, 0, D(2026, 9, 2)),  # six for wide-ranging or hard items
        (D(2026, 11, 30), False, 0, D(2027, 2, 28)),  # month end clamped
        (D(2027, 11, 30), False, 0, D(2028, 2, 29)),  # leap year
        (D(2026, 8, 31), False, 0, D(2026, 11, 30)),
        (D(2026, 1, 31), False, 3, D(2026, 7, 31)),  # extension of three months
        (D(2026, 1, 31), False, 2, D(2026, 6, 30)),
        (D(2026, 12, 31), True, 3, D(2027, 9, 30)),
    ],
)
def test_reply_due_table(assigned, wide, ext, due):
    assert rules.reply_due(assigned, wide_ranging=wide, extended_months=ext) == due


def test_other_deadlines():
    assert rules.co_opinion_due(D(2026, 1, 31)) == D(2026, 2, 28)
    assert rules.co_opinion_due(D(2026, 1, 31), months=2) == D(2026, 3, 31)  # 浙江: two months
    assert rules.rehandle_due(D(2028, 1, 30)) == D(2028, 2, 29)
    cal = WorkCalendar()
    # National Day 2026: Oct 1–7 off, Sat Oct 10 a make-up working day (State Council, 2025-11):
    # Sep 30, Oct 8, 9, 10 (Sat), 12, 13, 14
    assert rules.return_deadline(D(2026, 9, 29), cal) == D(2026, 10, 14)
    assert rules.return_deadline(D(2026, 9, 29), cal, workdays=10) == D(2026, 10, 19)  # 浙江
    # the Spring Festival (Feb 15–23, 2026) does not count; Sat Feb 14 and Sat Feb 28 are make-up days
    # (this pinned the deleted review_due, which counted the same 7 working days)
    assert rules.return_deadline(D(2026, 2, 13), cal) == D(2026, 3, 2)


def test_extension_and_thresholds():
    assert rules.extension_allowed(0, 3)
    assert not rules.extension_allowed(0, 4)
    assert rules.extension_allowed(2, 1) and not rules.extension_allowed(2, 2)
    assert not rules.extension_allowed(0, 0)
    assert rules.motion_cosigners_ok(10, 10) and not rules.motion_cosigners_ok(9, 10)


def test_overdue_and_days_left():
    assert not rules.is_overdue(D(2026, 5, 1), D(2026, 5, 1), True)  # the due day is in time
    assert rules.is_overdue(D(2026, 5, 1), D(2026, 5, 2), True)
    assert not rules.is_overdue(D(2026, 5, 1), D(2026, 5, 2), False)  # closed items are never overdue
    assert not rules.is_overdue(None, D(2026, 5, 2), True)
    assert rules.days_left(D(2026, 5, 1), D(2026, 4, 30)) == 1
    assert rules.days_left(D(2026, 5, 1), D(2026, 5, 3)) == -2
    assert rules.is_due_soon(D(2026, 5, 10), D(2026, 5, 1), True, 15)
    assert not rules.is_due_soon(D(2026, 5, 30), D(2026, 5, 1), True, 15)


def test_days_waited_since_submission():
    assert rules.days_waited(D(2026, 5, 1), D(2026, 5, 1)) == 0  # submitted today
    assert rules.days_waited(D(2026, 4, 28), D(2026, 5, 1)) == 3
    assert rules.days_waited(D(2025, 12, 31), D(2026, 1, 1)) == 1


def test_categories_and_rating_outcomes():
    assert [c.code for c in rules.CATEGORY_SCHEMES["abcd"]] == ["A", "B", "C", "D"]
    assert [c.code for c in rules.CATEGORY_SCHEMES["three"]] == ["甲", "乙", "丙"]
    assert rules.category("abcd", "B").needs_promised_date
    assert rules.category("abcd", "D").needs_explanation
    assert rules.category("abcd", "甲") is None
    assert rules.least_resolved("abcd", ["A", "C", "B"]) == "C"
    assert rules.rating_outcome("satisfied", "unsatisfied", scheme="abcd", category_code="A") == "rehandling"
    assert rules.rating_outcome("unsatisfied", "satisfied", scheme="abcd", category_code="A") == "rehandling"
    assert rules.rating_outcome("satisfied", "basically", scheme="abcd", category_code="B") == "follow_up"
    assert rules.rating_outcome("satisfied", "satisfied", scheme="three", category_code="乙") == "follow_up"
    assert rules.rating_outcome("satisfied", "satisfied", scheme="abcd", category_code="D") == "closed"


# --- properties: calendar months ---------------------------------------------------------------------


@given(dates, st.booleans(), st.integers(0, 3))
def test_reply_due_is_calendar_months_later(assigned, wide, ext):
    due = rules.reply_due(assigned, wide_ranging=wide, extended_months=ext)
    months = (6 if wide else 3) + ext
    assert (due.year * 12 + due.month) - (assigned.year * 12 + assigned.month) == months
    # the same day of the month, or the month's last day when it has no such day
    if due.day != assigned.day:
        assert due.day < assigned.day
        assert (due + dt.timedelta(days=1)).day == 1
    assert due > assigned


@given(dates, st.booleans(), st.integers(0, 2), st.integers(1, 3))
def test_extension_never_shortens_and_is_monotone(assigned, wide, already, more):
    assume(already + more <= 3)
    before = rules.reply_due(assigned, wide_ranging=wide, extended_months=already)
    after = rules.reply_due(assigned, wide_ranging=wide, extended_months=already + more)
    assert after > before
    assert rules.reply_due(assigned, wide_ranging=True) >= rules.reply_due(assigned, wide_ranging=False)


@given(dates, dates)
def test_reply_due_is_monotone_in_the_assignment_date(a, b):
    assume(a <= b)
    assert rules.reply_due(a, wide_ranging=False) <= rules.reply_due(b, wide_ranging=False)


@given(dates)
def test_rehandle_due_within_one_calendar_month(rated):
    due = rules.rehandle_due(rated)
    assert 28 <= (due - rated).days <= 31


@given(st.integers(2000, 2099))
def test_leap_years_feb_29(year):
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    due = rules.reply_due(D(year, 11, 30), wide_ranging=False)
    assert due == D(
        year + 1, 2, 29 if (year + 1) % 4 == 0 and ((year + 1) % 100 != 0 or (year + 1) % 400 == 0) else 28
    )
    assert rules.rehandle_due(D(year, 1, 31)) == D(year, 2, 29 if leap else 28)


@given(st.integers(0, 3), st.integers(0, 4))
def test_extension_allowed_is_the_sum_rule(already, asked):
    assert rules.extension_allowed(already, asked, 3) == (asked >= 1 and already + asked <= 3)


@given(dates, dates, st.booleans())
def test_overdue_iff_open_and_negative_days_left(due, today, open_):
    assert rules.is_overdue(due, today, open_) == (open_ and rules.days_left(due, today) < 0)


# --- properties: working days on the official calendar -----------------------------------------------


@settings(max_examples=200)
@given(known_dates, st.integers(1, 15))
def test_return_deadline_counts_only_official_working_days(assigned, n):
    import chinese_calendar

    cal = WorkCalendar()
    last = rules.return_deadline(assigned, cal, workdays=n)
    assert chinese_calendar.is_workday(last)
    between = [assigned + dt.timedelta(days=i) for i in range(1, (last - assigned).days + 1)]
    assert sum(chinese_calendar.is_workday(d) for d in between) == n
    # holidays are skipped, make-up working days (调休, often a weekend) count
    assert cal.workdays_between(assigned, last) == n


@settings(max_examples=100)
@given(st.dates(min_value=D(2027, 1, 1), max_value=D(2027, 12, 20)), st.integers(1, 10))
def test_a_staff_entered_2027(assigned, n):
    """2027 is not in the package (2026-11): the staff's entries decide, and the calendar does not warn."""
    spring = {D(2027, 2, 6) + dt.timedelta(days=i): False for i in range(8)}  # an entered Spring Festival
    makeup = {D(2027, 2, 14): True}  # a Sunday made a working day
    cal = WorkCalendar(overrides={**spring, **makeup}, years_entered=frozenset({2027}))
    last = rules.return_deadline(assigned, cal, workdays=n)
    assert last not in spring
    assert last.weekday() < 5 or last in makeup
    assert cal.workdays_between(assigned, last) == n
    assert cal.warning_years == [] or cal.warning_years == [2028]


def test_a_year_nobody_entered_falls_back_and_warns():
    cal = WorkCalendar()
    last = rules.return_deadline(D(2031, 9, 29), cal)
    assert last == D(2031, 10, 8)  # Monday–Friday only: no National Day known
    assert 2031 in cal.warning_years


def test_staff_entered_makeup_day_shortens_the_count():
    plain = WorkCalendar(years_entered=frozenset({2027}))
    with_makeup = WorkCalendar(overrides={D(2027, 10, 9): True}, years_entered=frozenset({2027}))
    assert rules.return_deadline(D(2027, 10, 4), with_makeup) < rules.return_deadline(D(2027, 10, 4), plain)


# --- 按期答复率 (issue 10: a rate over replied items only read 100 % beside 46 overdue unanswered items) ---


def test_on_time_rate_table():
    today = D(2026, 6, 1)
    assert rules.owes_reply(D(2026, 5, 31), None, today)  # overdue, unanswered: counts against
    assert not rules.owes_reply(D(2026, 6, 1), None, today)  # the due day itself is in time
    assert not rules.owes_reply(D(2026, 7, 1), None, today)  # not due yet: not judged
    assert not rules.owes_reply(None, None, today)
    assert rules.owes_reply(D(2026, 7, 1), D(2026, 5, 1), today)  # replied early: judged
    assert rules.on_time_rate(0, 0) is None
    assert rules.on_time_rate(2, 3) == 0.6667
    assert rules.on_time_rate(3, 3) == 1.0
    with pytest.raises(ValueError):
        rules.on_time_rate(4, 3)


item = st.tuples(
    st.one_of(st.none(), dates),  # due date
    st.one_of(st.none(), dates),  # replied on
)


@given(st.lists(item, max_size=40), dates)
def test_on_time_rate_counts_overdue_unanswered_items_against(items, today):
    def on_time(due, replied):
        return replied is not None and (due is None or replied <= due)

    owed = [(d, r) for d, r in items if rules.owes_reply(d, r, today)]
    good = sum(1 for d, r in owed if on_time(d, r))
    rate = rules.on_time_rate(good, len(owed))
    if not owed:
        assert rate is None
        return
    assert 0 <= rate <= 1
    replied = [(d, r) for d, r in items if r is not None]
    unanswered_overdue = [(d, r) for d, r in owed if r is None]
    # every replied item is judged; an unanswered overdue one only lowers the rate
    assert len(owed) == len(replied) + len(unanswered_overdue)
    if unanswered_overdue:
        assert rate < 1
    if replied and not unanswered_overdue:
        assert rate == round(sum(1 for d, r in replied if on_time(d, r)) / len(replied), 4)
    # one more overdue unanswered item never raises the rate
    assert rules.on_time_rate(good, len(owed) + 1) <= rate
