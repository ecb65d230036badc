import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from renda.core.workdays import WorkCalendar, package_knows

D = dt.date


def test_official_holidays_and_make_up_days():
    cal = WorkCalendar()
    assert not cal.is_workday(D(2026, 10, 1))  # 国庆节
    assert cal.is_workday(D(2026, 10, 10))  # a Saturday worked in lieu (调休)
    assert not cal.is_workday(D(2026, 11, 21))  # an ordinary Saturday
    assert cal.warning_years == []


def test_national_day_week_counts_no_working_days():
    cal = WorkCalendar()
    # 2026-09-30 (Wed) + 7 working days skips the 10-01..10-07 holiday and lands after it
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert cal.add_workdays(D(2026, 9, 30), 7) == D(2026, 10, 15)


def test_unknown_year_falls_back_to_weekdays_with_a_warning():
    cal = WorkCalendar()
    assert cal.is_workday(D(2027, 1, 1)) is True  # a Friday; the package does not know 2027 yet
    assert cal.is_workday(D(2027, 1, 2)) is False
    assert cal.warning_years == [2027]
    assert package_knows(2026) and not package_knows(2027)


def test_staff_entries_win_and_a_complete_year_has_no_warning():
    cal = WorkCalendar(overrides={D(2027, 1, 1): False, D(2027, 2, 7): True}, years_entered=frozenset({2027}))
    assert cal.is_workday(D(2027, 1, 1)) is False  # 元旦 entered by staff
    assert cal.is_workday(D(2027, 2, 7)) is True  # a Sunday worked in lieu
    assert cal.is_workday(D(2027, 1, 4)) is True
    assert cal.warning_years == []


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2027, 12, 31)), st.integers(min_value=0, max_value=40))
def test_add_workdays_counts_exactly_n_working_days(start, n):
    cal = WorkCalendar()
    end = cal.add_workdays(start, n)
    assert end >= start
    assert cal.workdays_between(start, end) == n
    if n:
        assert cal.is_workday(end)
