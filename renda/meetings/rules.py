"""Quorum of a session, and when check-in opens (pure: standard library only).

组织法 第14条: a congress session needs two thirds or more of all deputies present; 组织法 第51条: a
standing-committee meeting more than half of all its members. Used by the meetings app (may a session
start, may a vote open) and re-exported by renda.voting.rules.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Body(StrEnum):
    """Who meets and votes."""

    CONGRESS = "congress"  # 人民代表大会会议: all deputies
    STANDING_COMMITTEE = "standing_committee"  # 常务委员会会议: all members


def check_counts(part: int, total: int, *, what: str) -> None:
    if total <= 0:
        raise ValueError(f"total must be positive, got {total}")
    if part < 0 or part > total:
        raise ValueError(f"{what} must be between 0 and {total}, got {part}")


def quorum_met(present: int, total: int, *, body: Body | str) -> bool:
    """Whether enough members are present for the body to meet and vote.

    组织法 第14条: a congress session is held only when two thirds or more of all deputies are present
    (三分之二以上的代表出席); exactly two thirds is enough. Computed on integers: present × 3 ≥ total × 2.
    组织法 第51条: a standing-committee meeting needs more than half of all its members (过半数); exactly half
    is not enough: present × 2 > total.
    """
    check_counts(present, total, what="present")
    body = Body(body)
    if body is Body.CONGRESS:
        return present * 3 >= total * 2
    return present * 2 > total


def quorum_required(total: int, *, body: Body | str) -> int:
    """The least number present for `quorum_met` (for displays: "n of total needed")."""
    check_counts(0, total, what="present")
    if Body(body) is Body.CONGRESS:
        return -(-total * 2 // 3)  # ceil(2·total / 3)
    return total // 2 + 1


# Deputies report (报到) the day before a session opens and check in on its days: check-in opened earlier
# than this many days before the first day is out of the ordinary (a wrong date, or a roll drawn up weeks
# ahead that deputies would check in to from home). Practice, not statute: a local office may ask for more.
CHECK_IN_LEAD_DAYS = 1


def check_in_days_early(today: dt.date, start_date: dt.date, *, lead_days: int = CHECK_IN_LEAD_DAYS) -> int:
    """How many days before the session's first day check-in would open, when that is more than
    `lead_days` (the usual 报到 the day before): staff are warned before and after opening it. 0 when
    opened within the lead time, on the day, or after the start."""
    if lead_days < 0:
        raise ValueError(f"lead_days must not be negative, got {lead_days}")
    ahead = (start_date - today).days
    return ahead if ahead > lead_days else 0
