"""Pure rules of local legislation (MISSION.md §7), each with its source. No Django, no database.

- The vote: a draft regulation passes the standing committee by MORE THAN HALF OF ALL its members — not of
  those present (地方各级人民代表大会和地方各级人民政府组织法（2022）: "常务委员会的决议，由常务委员会
  以全体组成人员的过半数通过"); a meeting needs more than half of all members present.
- Public comment: a draft is published for comment for at least 30 days (立法法（2023）第四十条, the rule
  local legislation follows; a longer period is a setting).
- Approval: the provincial standing committee approves a city's regulation within four months of its
  submission (立法法 第八十一条第一款: "应当在四个月内予以批准").
- Filing: within thirty days of publication (立法法 第一百零九条: "自公布之日起三十日内").
- Counting: 民法典 第二百零一条 (the first day is not counted: counting starts the next day), 第二百零二条 (a
  period in months ends on the corresponding day of the last month; lacking one, on that month's last day)
  and 第二百零三条 (a period whose last day is a legal holiday ends on the day after the holiday; rest days
  count as holidays). Working days come from the official holiday calendar (renda.core.workdays.WorkCalendar):
  weekends and holidays are off, make-up workdays (调休) are working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from dateutil.relativedelta import relativedelta

COMMENT_MIN_DAYS = 30  # 立法法 第四十条
APPROVAL_MONTHS = 4  # 立法法 第八十一条
FILING_DAYS = 30  # 立法法 第一百零九条
USUAL_READINGS = 3  # 立法法 第三十二条 (一般应当经三次常务委员会会议审议)


class Calendar(Protocol):  # renda.core.workdays.WorkCalendar
    def is_workday(self, day: dt.date) -> bool: ...


# --- the vote -------------------------------------------------------------------------------------------


def majority_of_all(total_members: int) -> int:
    """The fewest yes votes that pass: more than half of ALL members (组织法 第五十条): 31 members → 16,
    30 → 16."""
    if total_members < 1:
        raise ValueError("a standing committee has at least one member")
    return total_members // 2 + 1


def quorate(present: int, total_members: int) -> bool:
    """Whether a meeting may vote: more than half of all members present."""
    if not 0 <= present <= total_members:
        raise ValueError("present must be between 0 and the number of members")
    return present >= majority_of_all(total_members)


@dataclass(frozen=True)
class VoteResult:
    passed: bool
    needed: int
    yes: int
    total_members: int


def vote_result(*, yes: int, no: int, abstain: int, total_members: int) -> VoteResult:
    """The result of the vote on a draft regulation: passed iff yes > half of all members (abstentions and
    absences count as not yes)."""
    if min(yes, no, abstain) < 0:
        raise ValueError("counts cannot be negative")
    if yes + no + abstain > total_members:
        raise ValueError("more votes than members")
    needed = majority_of_all(total_members)
    return VoteResult(passed=yes >= needed, needed=needed, yes=yes, total_members=total_members)


# --- periods (民法典 第二百零一至二百零三条) ---------------------------------------------------------------


def roll_to_workday(day: dt.date, calendar: Calendar) -> dt.date:
    """民法典 第二百零三条: a last day that is a rest day or legal holiday moves to the next working day."""
    while not calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def period_end(start: dt.date, calendar: Calendar, *, days: int = 0, months: int = 0) -> dt.date:
    """The last day of a period of `months` months and `days` days that begins on `start` (an event's day):
    the first day not counted (第二百零一条), months ending on the corresponding day or the month's last day
    (第二百零二条), a last day off moved to the next working day (第二百零三条)."""
    if days < 0 or months < 0 or (days == 0 and months == 0):
        raise ValueError("a period is a positive number of days or months")
    end = start + relativedelta(months=months) + dt.timedelta(days=days)
    return roll_to_workday(end, calendar)


def comment_closes(opened_on: dt.date, calendar: Calendar, days: int = COMMENT_MIN_DAYS) -> dt.date:
    """The last day the public may comment on a draft published on `opened_on` (at least 30 days)."""
    if days < COMMENT_MIN_DAYS:
        raise ValueError(f"the comment period is at least {COMMENT_MIN_DAYS} days (立法法 第四十条)")
    return period_end(opened_on, calendar, days=days)


def comment_period_ok(opened_on: dt.date, closes_on: dt.date) -> bool:
    """Whether a comment period opened on `opened_on` and closing on `closes_on` lasts at least 30 days
    (counted from the next day, 第二百零一条)."""
    return (closes_on - opened_on).days >= COMMENT_MIN_DAYS


def approval_due(submitted_on: dt.date, calendar: Calendar) -> dt.date:
    """The day by which the provincial standing committee approves (four months, 立法法 第八十一条)."""
    return period_end(submitted_on, calendar, months=APPROVAL_MONTHS)


def filing_due(published_on: dt.date, calendar: Calendar) -> dt.date:
    """The day by which the published regulation is filed (thirty days, 立法法 第一百零九条)."""
    return period_end(published_on, calendar, days=FILING_DAYS)


def days_left(due: dt.date, today: dt.date) -> int:
    """Days from `today` to `due`: negative when overdue, 0 on the day itself."""
    return (due - today).days
