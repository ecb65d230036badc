"""Targets' rules (目标量化、督查问效、量化到分、比着干; MISSION.md §6 "Targets", issue 16), pure.

Sources: the practice of the governments' target-management offices (目标管理考核办法) that the issue's
reference speech describes — goals broken into measurable targets "分段可控", progress followed against a plan
(督查问效), each unit's performance quantified to the point (量化到分) by published rules, units ranked
within their group (比着干). No law fixes the numbers: every figure below is a default of the year's
settings (MISSION: "where law leaves a choice, the rule is a setting").

- completion: how far a target is from its baseline towards its target value (a ratio, 1 = reached;
  a target below its baseline — energy use down — is met by going down);
- plan: where the target should be on a day — linear between start and due, or by its stages' dates;
- light: green (on plan), yellow (behind by at most the tolerance), red (lagging: a 督办单 may issue);
- score: the year's scoring rules applied to one target, line by line; a unit's score is its targets' points
  per 100 points of weight;
- rank: units ordered by score, ties sharing a place (1, 1, 3).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TypeVar

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
CENT = Decimal("0.01")


class Kind(StrEnum):
    NUMBER = "number"  # a number with its unit (亿元, 公里, 户)
    PERCENT = "percent"  # a percentage (%)
    MILESTONE = "milestone"  # done / not done
    STAGED = "staged"  # a list of stages, each with its date


class PlanMode(StrEnum):
    LINEAR = "linear"
    STAGED = "staged"


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


DEFAULT_TOLERANCE = Decimal("0.10")  # yellow while behind the plan by at most 10 points of completion
DEFAULT_REPORT_DAY = 5  # a month's report is due by the 5th of the next month


@dataclass(frozen=True)
class Stage:
    title: str
    due: dt.date


@dataclass(frozen=True)
class ScoringRules:
    """The year's published scoring rules (量化到分), as data. Points are on the scale of a target's
    weight: a target of weight 10 that is exactly met earns 10."""

    exceed_rate: Decimal = Decimal("0.5")  # bonus per unit of weight for each 100 % above the target
    exceed_cap: Decimal = Decimal("0.1")  # at most this share of the weight as exceeding bonus
    late_report: Decimal = Decimal("0.5")  # deducted per late or missing monthly report
    overdue_order: Decimal = Decimal(
        "1"
    )  # deducted per 督办单 answered late or not at all after its due date
    finding: Decimal = Decimal("2")  # deducted per negative finding (督查发现问题)
    award: Decimal = Decimal("1")  # added per award (上级表彰)
    deduction_cap: Decimal = Decimal("1")  # deductions of one target at most this share of its weight

    def as_dict(self) -> dict[str, str | bool]:
        return {k: (v if isinstance(v, bool) else str(v)) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ScoringRules:
        base = cls()
        values: dict[str, object] = {}
        for name, default in asdict(base).items():
            raw = data.get(name, default)
            values[name] = bool(raw) if isinstance(default, bool) else Decimal(str(raw))
        return cls(**values)  # type: ignore[arg-type]


DEFAULT_RULES = ScoringRules()


def _dec(value: Decimal | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# a kind by its value (Kind members hash as their value): a look-up, not Kind(kind), which the ranking of a
# province would call 100,000 times (the enum's constructor is most of a target's scoring, profiled)
_KINDS: dict[str, Kind] = {k.value: k for k in Kind}


def kind_of(kind: Kind | str) -> Kind:
    """`kind` as a Kind; ValueError for anything else (as Kind(kind))."""
    try:
        return _KINDS[kind]
    except (KeyError, TypeError):
        raise ValueError(f"{kind!r} is not a valid Kind") from None


def completion(kind: Kind | str, baseline: Decimal, target: Decimal, value: Decimal | None) -> Decimal:
    """How much of the way from `baseline` to `target` the reached `value` has gone: 0 at (or behind) the
    baseline, 1 at the target, above 1 beyond it. A milestone is 1 when done (value ≥ 1); a staged target's
    value is the number of stages done, its target the number of stages. No value reported: 0."""
    if value is None:
        return ZERO
    if kind_of(kind) is Kind.MILESTONE:
        return ONE if value >= ONE else ZERO
    span = target - baseline
    if span == ZERO:
        return ONE if value == target else (ONE if value > target else ZERO)
    return max(ZERO, (value - baseline) / span)


def better(kind: Kind | str, baseline: Decimal, target: Decimal, a: Decimal, b: Decimal) -> bool:
    """Whether reached value `a` is at least as good as `b` (towards the target: down when the target is
    below the baseline)."""
    return (a <= b) if target < baseline and kind_of(kind) is not Kind.MILESTONE else (a >= b)


def planned(
    mode: PlanMode | str, start: dt.date, due: dt.date, day: dt.date, stages: Sequence[Stage] = ()
) -> Decimal:
    """The completion the plan asks for on `day`: linear between `start` (0) and `due` (1), or — staged —
    the share of the stages whose date has come."""
    if PlanMode(mode) is PlanMode.STAGED and stages:
        return Decimal(sum(1 for s in stages if s.due <= day)) / Decimal(len(stages))
    if day >= due:
        return ONE
    if day <= start:
        return ZERO
    return Decimal((day - start).days) / Decimal((due - start).days)


def light(actual: Decimal, plan: Decimal, tolerance: Decimal = DEFAULT_TOLERANCE) -> Light:
    """Green on or ahead of the plan; yellow behind it by at most `tolerance`; red beyond (lagging)."""
    if actual >= plan:
        return Light.GREEN
    if plan - actual <= tolerance:
        return Light.YELLOW
    return Light.RED


def lag(actual: Decimal, plan: Decimal) -> Decimal:
    """How far behind the plan the target is (0 when on or ahead), in points of completion (0–100)."""
    return max(ZERO, (plan - actual) * HUNDRED).quantize(CENT, ROUND_HALF_UP)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def report_due(month: dt.date, report_day: int = DEFAULT_REPORT_DAY) -> dt.date:
    """The day a month's report is due: `report_day` of the next month (the month's end when 0)."""
    if report_day <= 0:
        return month_end(month)
    nxt = next_month(month)
    return nxt.replace(day=min(report_day, calendar.monthrange(nxt.year, nxt.month)[1]))


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the months from `start`'s to `end`'s, both included."""
    out: list[dt.date] = []
    m = month_start(start)
    while m <= end:
        out.append(m)
        m = next_month(m)
    return out


def month_count(start: dt.date, end: dt.date) -> int:
    """len(months(start, end)), by arithmetic (the ranking counts it for every target)."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)


def late_reports(
    start: dt.date,
    until: dt.date,
    reported: Mapping[dt.date, dt.date],
    today: dt.date,
    report_day: int = DEFAULT_REPORT_DAY,
) -> int:
    """Reports of the months from `start` to `until` (month firsts) that came after their due day, or have
    not come although it passed by `today`. `reported`: month → the day its report came."""
    count = 0
    for m in months(start, until):
        due = report_due(m, report_day)
        came = reported.get(m)
        if (came is not None and came > due) or (came is None and due < today):
            count += 1
    return count


def order_overdue(due: dt.date, answered_on: dt.date | None, today: dt.date) -> bool:
    """A 督办单 is overdue when answered after its due date, or not answered and the date has passed."""
    return answered_on > due if answered_on is not None else today > due


_PERIOD = re.compile(r"^(\d{4})(?:-(?:(0?[1-9]|1[0-2])|Q([1-4])))?$")


def parse_period(text: str) -> tuple[Period, int, int]:
    """ "2026-03" (a month), "2026-Q1" (a quarter) or "2026" (a year) → (kind, year, its last month).
    ValueError for anything else."""
    found = _PERIOD.match(text.strip())
    if not found:
        raise ValueError(text)
    year = int(found.group(1))
    if found.group(2):
        return Period.MONTH, year, int(found.group(2))
    if found.group(3):
        return Period.QUARTER, year, int(found.group(3)) * 3
    return Period.YEAR, year, 12


# --- scoring (量化到分) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a score's working: what (a code), its points (negative for a deduction), the count."""

    item: str
    points: Decimal
    count: int = 0


@dataclass(frozen=True)
class TargetScore:
    weight: Decimal
    lines: tuple[Line, ...] = field(default_factory=tuple)

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines), ZERO)


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def score_target(
    *,
    kind: Kind | str,
    ratio: Decimal,
    weight: Decimal,
    rules: ScoringRules = DEFAULT_RULES,
    late: int = 0,
    overdue: int = 0,
    findings: int = 0,
    awards: int = 0,
) -> TargetScore:
    """One target's points under `rules`, line by line:

    - completion: weight × min(ratio, 1) (a milestone: the weight when done, nothing before);
    - exceeding: weight × min((ratio − 1) × exceed_rate, exceed_cap) above the target;
    - deductions: late or missing reports, overdue 督办单, negative findings — together at most
      deduction_cap × weight;
    - awards.
    A better reached value never lowers the points (tests: hypothesis)."""
    weight = _dec(weight)
    ratio = max(ZERO, ratio)
    lines = [Line("completion", _q(weight * min(ratio, ONE)))]
    if kind_of(kind) is not Kind.MILESTONE and ratio > ONE:
        lines.append(Line("exceed", _q(weight * min((ratio - ONE) * rules.exceed_rate, rules.exceed_cap))))
    cap = _q(weight * rules.deduction_cap)
    left = cap
    for item, n, each in (
        ("late_report", late, rules.late_report),
        ("overdue_order", overdue, rules.overdue_order),
        ("finding", findings, rules.finding),
    ):
        if n > 0:
            take = min(left, _q(each * n))
            left -= take
            lines.append(Line(item, -take, n))
    if awards > 0:
        lines.append(Line("award", _q(rules.award * awards), awards))
    return TargetScore(weight=weight, lines=tuple(lines))


def unit_score(scores: Sequence[TargetScore]) -> Decimal:
    """A unit's score: its targets' points per 100 points of weight (units with many or few targets
    compare); 0 for a unit without weight."""
    weight = sum((s.weight for s in scores), ZERO)
    if weight <= ZERO:
        return ZERO
    return _q(sum((s.total for s in scores), ZERO) * HUNDRED / weight)


K = TypeVar("K", bound=Hashable)


def rank(scores: Mapping[K, Decimal], key: Mapping[K, str] | None = None) -> list[tuple[K, Decimal, int]]:
    """Units by score, highest first: (unit, score, place). Equal scores share a place and the next place
    skips (1, 1, 3: 标准竞赛排名); among equals the order is by `key` (a name), then by the unit itself, so
    the listing is a total order."""
    names = key or {}
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], names.get(kv[0], ""), str(kv[0])))
    out: list[tuple[K, Decimal, int]] = []
    place = 0
    previous: Decimal | None = None
    for i, (unit, value) in enumerate(ordered, 1):
        if previous is None or value != previous:
            place = i
            previous = value
        out.append((unit, value, place))
    return out


def top_and_bottom(
    ranking: Sequence[tuple[K, Decimal, int]], n: int = 3
) -> tuple[list[tuple[K, Decimal, int]], list[tuple[K, Decimal, int]]]:
    """The honours (先进: the first `n` places) and the laggards (后进: the last `n` places) of a ranking;
    a unit in both (a short ranking) counts as an honour only."""
    if not ranking:
        return [], []
    best = [r for r in ranking if r[2] <= n]
    last_places = sorted({r[2] for r in ranking}, reverse=True)[:n]
    worst = [r for r in ranking if r[2] in last_places and r not in best]
    return best, worst
