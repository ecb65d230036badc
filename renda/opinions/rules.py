"""Pure rules of citizens' opinions (社情民意, MISSION.md §5), each with its source.

- Due dates: a unit handles an opinion referred or forwarded to it within a number of days that is a local
  setting (default 15), never beyond the 60 days of 《信访工作条例》（2022）第三十二条
  ("信访事项应当自受理之日起60日内办结"), counted from the day it is referred or forwarded.
- Rating: the citizen rates the handling once (满意 / 基本满意 / 不满意), after the feedback (every path ends
  with feedback to the citizen and the deputy, MISSION §5), within a window that is a local setting (default
  30 days) — as a deputy rates the answer to a suggestion (MISSION §3).
- The tracking code: "SQ<year>-" and 8 characters of livelihood's alphabet (no 0/O, 1/I: read aloud over
  the phone), random from a secure source in the service.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Sequence
from enum import StrEnum

from renda.core import tracking_codes

MAX_DUE_DAYS = 60  # 信访工作条例（2022）第三十二条
DEFAULT_DUE_DAYS = 15  # local setting (e.g. 15 working days in many cities' 社情民意 rules)
RATING_DAYS = 30  # local setting: how long after the feedback the citizen may rate
CODE_PREFIX = "SQ"


class Rating(StrEnum):
    SATISFIED = "satisfied"
    BASIC = "basic"
    UNSATISFIED = "unsatisfied"


class Route(StrEnum):
    """The one path an opinion took (MISSION §5)."""

    SPOT = "spot"  # answered on the spot
    STREET = "street"  # handled by the township/street
    DEPARTMENT = "department"  # forwarded to a department
    SUGGESTION = "suggestion"  # converted into a deputy's suggestion
    LIVELIHOOD = "livelihood"  # fed into livelihood-project collection


ROUTE_OF_ACTION = {
    "answer": Route.SPOT,
    "refer": Route.STREET,
    "forward": Route.DEPARTMENT,
    "convert": Route.SUGGESTION,
    "feed": Route.LIVELIHOOD,
}


def due_days_ok(days: int) -> bool:
    """Whether a handling period of `days` is allowed: 1 to 60 days (信访工作条例第三十二条)."""
    return 1 <= days <= MAX_DUE_DAYS


def due_date(start: datetime.date, days: int = DEFAULT_DUE_DAYS) -> datetime.date:
    """The day a unit's reply is due: `days` after the day the opinion reached it (信访工作条例第三十二条: at
    most 60 days)."""
    if not due_days_ok(days):
        raise ValueError(f"handling period must be 1–{MAX_DUE_DAYS} days, not {days}")
    return start + datetime.timedelta(days=days)


def overdue(due: datetime.date | None, today: datetime.date, replied: bool) -> int:
    """Days a unit's reply is late on `today` (0 when it is not late, has no due date, or was given)."""
    if due is None or replied or today <= due:
        return 0
    return (today - due).days


def can_rate(
    state: str, rated: bool, closed_on: datetime.date | None, today: datetime.date, window: int = RATING_DAYS
) -> bool:
    """Whether the citizen may rate now: the opinion is closed (feedback given), not rated yet, and the
    feedback is at most `window` days old."""
    if state != "closed" or rated or closed_on is None:
        return False
    return 0 <= (today - closed_on).days <= window


def tracking_code(year: int, random_digits: Sequence[int]) -> str:
    """The code the citizen follows the opinion by: "SQ<year>-" and 8 characters (core.tracking_codes)."""
    return tracking_codes.make(CODE_PREFIX, year, random_digits)


def normalize_code(text: str) -> str | None:
    """A code as typed (any case, spaces) in its stored form, or None when it cannot be one."""
    return tracking_codes.normalize(CODE_PREFIX, text)


def mask_name(name: str) -> str:
    """A citizen's name outside the handling scope: the first character and two stars ("" stays "")."""
    return name[:1] + "**" if name else ""


# --- reception days (接待日, MISSION §5) ---------------------------------------------------------------
#
# A station's reception days are a setting per station (LiaisonStation.reception_days, e.g. "每月9日、19日");
# the schedule is drawn from it month by month, announced on the public station page as soon as it is set
# (MISSION §5: "announced in advance": only days from today on can be scheduled), and attendance is recorded
# on or after the day. A day the month lacks (the 31st in April) falls on the month's last day.

MAX_DEPUTIES_ON_DUTY = 20  # local setting: deputies on duty at one reception


def reception_days(text: str) -> list[int]:
    """The days of the month a station's setting names ("每月9日、19日" → [9, 19]): 1–31, sorted, once."""
    return sorted({int(n) for n in re.findall(r"\d{1,2}", text or "") if 1 <= int(n) <= 31})


def schedule_dates(days: Sequence[int], year: int, month: int) -> list[datetime.date]:
    """The reception dates of one month from the station's days; a day past the month's end falls on its last
    day (so "31" is the last day of every month); each date once."""
    last = calendar.monthrange(year, month)[1]
    return sorted({datetime.date(year, month, min(d, last)) for d in days if 1 <= d <= 31})


def may_schedule(day: datetime.date, today: datetime.date) -> bool:
    """A reception is announced in advance: it can be scheduled for today or a later day, never the past."""
    return day >= today


def may_record_attendance(day: datetime.date, today: datetime.date) -> bool:
    """Attendance is recorded on the reception's day or after it, never before."""
    return today >= day


def opinion_fits_reception(
    reception_station: int, reception_day: datetime.date, station: int | None, received_on: datetime.date
) -> bool:
    """An opinion recorded "at a reception" was received at that station on that day."""
    return station == reception_station and received_on == reception_day


# --- early warning (预警器, issue 14) -------------------------------------------------------------------
#
# A topic (insight's hot topics over opinions and suggestions together) is rising when its volume in the
# last period is at least RISING_MINIMUM items and more than RISING_FACTOR times its baseline: the mean of the
# BASELINE_PERIODS periods before, periods without an item counted as 0. Factor, minimum and the periods are
# local settings; measured on real messages in docs/benchmarks.md (bench/early_warning.py).

RISING_FACTOR = 3.0
RISING_MINIMUM = 3
BASELINE_PERIODS = 8


def rising(
    last: int, before: Sequence[int], factor: float = RISING_FACTOR, minimum: int = RISING_MINIMUM
) -> bool:
    """Whether a topic with `last` items in the last period and `before` in each period of its baseline is
    rising: last ≥ minimum and last > factor × the baseline's mean (an empty baseline counts as 0)."""
    base = sum(before) / len(before) if before else 0.0
    return last >= minimum and last > factor * base
