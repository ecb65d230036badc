"""Working days on the official holiday calendar (pure; no Django).

The State Council announces each year's public holidays and make-up workdays (调休) around November–December
of the year before. The chinese-calendar package carries the years already announced; staff enter a newer
year's days themselves (renda.core.models.CalendarDay). A year that neither knows falls back to Monday–Friday
and is reported, so the page can warn — never a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import chinese_calendar


@dataclass
class WorkCalendar:
    """`overrides` maps a date to True (a working day) or False (a day off) as staff entered them; they
    win over the package. `years_entered`: years staff entered completely (no fallback warning for them)."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    years_entered: frozenset[int] = frozenset()
    fallback_years: set[int] = field(default_factory=set)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self.years_entered:
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # a year the package does not know yet
            self.fallback_years.add(day.year)
            return day.weekday() < 5

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted); n = 0 gives `start`."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        while n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    @property
    def warning_years(self) -> list[int]:
        """Years answered by the Monday–Friday fallback so far: the page should say so."""
        return sorted(self.fallback_years)


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True
