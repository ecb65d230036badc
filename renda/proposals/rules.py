"""Pure domain computations for motions and suggestions (MISSION §2): deadlines, thresholds, categories.

No Django, no database: every function takes plain values (dates, counts, a working-day calendar) and is
covered by table tests taken from the laws and by hypothesis property tests.

Sources:
- 代表法 第51条: the unit replies within three months of assignment; six months for items that are
  wide-ranging or hard. Deadlines in months are calendar months (a deadline that falls on a day the month
  does not have is its last day: 31 Jan + 1 month = 28/29 Feb).
- 上海市人大代表建议办理规定: staff assign within 7 working days of receipt in recess; a unit asks to return
  a wrongly assigned item within 7 working days (浙江: 10); co-handlers send their opinion within 1 month
  (浙江: 2); extension by approval, up to 3 months; 不满意 → re-handled with a new reply within 1 month
  (上海 第21条, 浙江 第24条).
- 组织法 第22条: a motion is tabled by 10 or more deputies jointly at county level and above, 5 at township.
- Working days come from the official holiday calendar (renda.core.workdays.WorkCalendar), never weekends
  alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from dateutil.relativedelta import relativedelta


class Calendar(Protocol):  # renda.core.workdays.WorkCalendar
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...


@dataclass(frozen=True)
class Category:
    """A reply's result category (办理结果分类)."""

    code: str
    label: str
    needs_promised_date: bool = False  # B/C, 乙: a time limit, then follow-up until done
    needs_explanation: bool = False  # D, 丙: why it cannot be solved now


def _(message: str) -> str:
    """Marks a label for extraction (makemessages) without importing Django: pages call gettext on it."""
    return message


CATEGORY_SCHEMES: dict[str, list[Category]] = {
    "abcd": [
        Category("A", _("已解决或基本解决")),
        Category("B", _("正在解决或已列入年度计划"), needs_promised_date=True),
        Category("C", _("已列入规划、逐步解决"), needs_promised_date=True),
        Category("D", _("因条件限制暂时不能解决、留作参考"), needs_explanation=True),
    ],
    "three": [
        Category("甲", _("已解决或基本解决")),
        Category("乙", _("正在解决或列入计划逐步解决"), needs_promised_date=True),
        Category("丙", _("因条件限制暂时不能解决、留作参考"), needs_explanation=True),
    ],
}

# The "due soon" window (临期提醒) when a term's settings name none (MISSION's default): the one home of the
# 15 days the settings model, the selectors, the list cells and the daily digest read.
DUE_SOON_DAYS = 15


def category(scheme: str, code: str) -> Category | None:
    for c in CATEGORY_SCHEMES.get(scheme, ()):
        if c.code == code:
            return c
    return None


def category_rank(scheme: str, code: str) -> int:
    """0 for the most resolved category; higher means less resolved (-1 if unknown)."""
    for i, c in enumerate(CATEGORY_SCHEMES.get(scheme, ())):
        if c.code == code:
            return i
    return -1


def least_resolved(scheme: str, codes: list[str]) -> str:
    """The item's category when split leads (分办) reply separately: the least resolved of their replies."""
    return max(codes, key=lambda c: category_rank(scheme, c))


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months; a day the target month lacks becomes its last day (31 Jan + 1 = 28/29 Feb)."""
    due: dt.date = start + relativedelta(months=months)  # dateutil is untyped
    return due


def reply_due(
    assigned_on: dt.date,
    *,
    wide_ranging: bool,
    reply_months: int = 3,
    reply_months_hard: int = 6,
    extended_months: int = 0,
) -> dt.date:
    """代表法 第51条: three months from assignment, six for wide-ranging or hard items, plus any approved
    extension (上海: up to three months). Counted in one step from the assignment date, so that an
    extension of Nov 30 + 3 months lands on the same day as a 6-month deadline would."""
    months = (reply_months_hard if wide_ranging else reply_months) + extended_months
    return add_months(assigned_on, months)


def co_opinion_due(assigned_on: dt.date, months: int = 1) -> dt.date:
    """Co-handlers' written opinion to the lead unit: within one month (上海; 浙江 two)."""
    return add_months(assigned_on, months)


def rehandle_due(rated_on: dt.date, months: int = 1) -> dt.date:
    """不满意: a new reply within one month of the rating (上海 第21条, 浙江 第24条)."""
    return add_months(rated_on, months)


def return_deadline(assigned_on: dt.date, calendar: Calendar, workdays: int = 7) -> dt.date:
    """The last day a unit may ask to return a wrongly assigned item: 7 working days (上海; 浙江 10)."""
    return calendar.add_workdays(assigned_on, workdays)


def extension_allowed(already: int, asked: int, maximum: int = 3) -> bool:
    """Extensions add up to at most `maximum` months in all (上海: three); each asks for at least one."""
    return asked >= 1 and already >= 0 and already + asked <= maximum


def is_overdue(due: dt.date | None, today: dt.date, open_: bool) -> bool:
    """Overdue is derived, never set by hand: an open item past its due date (the due day is in time)."""
    return bool(open_ and due is not None and today > due)


def days_left(due: dt.date, today: dt.date) -> int:
    """Days until the due date (0 on the day, negative once overdue)."""
    return (due - today).days


def days_waited(submitted_on: dt.date, today: dt.date) -> int:
    """Days a submitted item has waited for review, counted from the day it was received (上海: staff
    review and assign within 7 working days of receipt; the review list shows the wait so that none is
    forgotten): 0 on the day of submission."""
    return (today - submitted_on).days


def is_due_soon(due: dt.date | None, today: dt.date, open_: bool, within_days: int = DUE_SOON_DAYS) -> bool:
    """An open item whose due date is today or within `within_days` (the term's 临期提醒 window)."""
    return bool(open_ and due is not None and 0 <= (due - today).days <= within_days)


# 按期答复率, as the report and the page state it beside the figure: a clause (no closing full stop), which
# the page closes as a sentence and the report's sentence embeds.
ON_TIME_RATE_DEFINITION = _(
    "按期答复率 = 按期答复件数 ÷（已过答复期限或已答复的件数）；"
    "逾期未答复的计入分母，尚未到期且未答复的不计入"
)


def owes_reply(due: dt.date | None, replied: dt.date | None, today: dt.date) -> bool:
    """代表法 第51条 (a reply within the time limit): an item counts toward 按期答复率 once it is replied or
    once its due date has passed unanswered (the due day itself is still in time). An item not yet due and
    not replied is not judged yet."""
    return replied is not None or (due is not None and today > due)


def on_time_rate(on_time: int, owed: int) -> float | None:
    """按期答复率: replies given by their due date ÷ items that owe a reply (owes_reply); None when none
    does. An overdue unanswered item counts against the rate (it is in `owed`, never in `on_time`)."""
    if on_time < 0 or owed < on_time:
        raise ValueError("on_time must lie between 0 and owed")
    return round(on_time / owed, 4) if owed else None


def motion_cosigners_ok(n_signers_including_lead: int, minimum: int) -> bool:
    """组织法 第22条: at least `minimum` deputies jointly (10 at county level and above, 5 at township)."""
    return n_signers_including_lead >= minimum


def rating_needs_reason(attitude: str, result: str) -> bool:
    """A 不满意 (on attitude or result) needs a reason (上海)."""
    return "unsatisfied" in (attitude, result)


def rating_outcome(attitude: str, result: str, *, scheme: str, category_code: str) -> str:
    """What a lead deputy's rating does to the item: "rehandling" after any 不满意; otherwise
    "follow_up" for promised categories (B/C, 乙) until reported done, else "closed"."""
    if rating_needs_reason(attitude, result):
        return "rehandling"
    cat = category(scheme, category_code)
    if cat is not None and cat.needs_promised_date:
        return "follow_up"
    return "closed"


# --- the term's settings (ProposalSettings) ---------------------------------------------------------------

# The numbers staff may choose, inclusive. Wider values are surely typing mistakes that would silently
# break every deadline (a 0-month reply time, a motion tabled by one deputy).
SETTINGS_BOUNDS: dict[str, tuple[int, int]] = {
    "review_workdays": (1, 30),
    "return_request_workdays": (1, 30),
    "co_opinion_months": (1, 6),
    "reply_months": (1, 12),
    "reply_months_hard": (1, 12),
    "extension_max_months": (0, 12),
    "rehandle_months": (1, 6),
    "due_soon_days": (1, 90),
    # 组织法 第22条: 10 at county level and above, 5 at township; a few places set other numbers
    "motion_min_cosigners": (2, 30),
}


def settings_problems(values: dict[str, int]) -> list[tuple[str, str, dict[str, int]]]:
    """What is wrong with a term's settings, as (field, problem, params), in field order:

    - "range": a number outside SETTINGS_BOUNDS (params: min, max);
    - "hard_below_reply": the wide-ranging or hard items' reply time is shorter than the ordinary one
      (代表法 第51条 gives them more time, never less);
    - "co_opinion_after_reply": co-handlers' opinions would be due after the lead unit's reply.
    Relations are checked only between numbers that are themselves in range."""
    problems: list[tuple[str, str, dict[str, int]]] = []
    bad: set[str] = set()
    for name, (low, high) in SETTINGS_BOUNDS.items():
        if name in values and not low <= values[name] <= high:
            problems.append((name, "range", {"min": low, "max": high}))
            bad.add(name)
    reply, hard, co = (values.get(k) for k in ("reply_months", "reply_months_hard", "co_opinion_months"))
    if reply is not None and "reply_months" not in bad:
        if hard is not None and "reply_months_hard" not in bad and hard < reply:
            problems.append(("reply_months_hard", "hard_below_reply", {"n": reply}))
        if co is not None and "co_opinion_months" not in bad and co > reply:
            problems.append(("co_opinion_months", "co_opinion_after_reply", {"n": reply}))
    order = list(SETTINGS_BOUNDS)
    return sorted(problems, key=lambda p: order.index(p[0]))


def codes_outside_scheme(scheme: str, codes: Iterable[str | None]) -> list[str]:
    """The result-category codes (of replies already written) that `scheme` does not have, sorted."""
    known = {c.code for c in CATEGORY_SCHEMES.get(scheme, ())}
    return sorted({c for c in codes if c and c not in known})
