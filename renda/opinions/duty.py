"""The duty record's score (履职档案, 代表法 第58条; MISSION.md §5), pure: a table of weighted items.

The record is compiled, never typed twice, from what Renda records (selectors.duty_counts); this module only
turns counts into a score and a band. Weights, caps and bands are settings (Django setting
RENDA_DUTY_SCORING overrides DEFAULT_SCORING): each item earns `points` per recorded duty up to its `cap`;
the score is the sum, at most 100, derived on every read and never stored. Bands (MISSION §5): ≥80 好,
60–79 较好, <60 差.

Only recorded duties earn points (absences are shown on the record, not subtracted): adding a recorded duty
never lowers a score (tested as a hypothesis property).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    label: str  # Chinese; translated at the page (gettext of the same msgid)
    points: float
    cap: float


# The items of the record, in the order of 代表法 第58条's list of duties and MISSION §5.
DEFAULT_SCORING: tuple[Item, ...] = (
    Item("sessions", "出席人民代表大会会议", 10, 20),
    Item("committee", "列席或出席常委会会议", 2, 6),
    Item("motions_lead", "领衔提出议案", 5, 10),
    Item("suggestions_lead", "领衔提出建议", 3, 12),
    Item("cosigned", "附议议案建议", 1, 5),
    Item("named_votes", "记名表决", 0.5, 5),
    Item("receptions", "参加联络站接待", 3, 15),
    Item("opinions", "收集转办社情民意", 1, 8),
    Item("inspection", "视察", 2, 6),
    Item("research", "专题调研", 2, 6),
    Item("training", "参加培训", 1, 3),
    Item("report", "向原选区选民述职", 4, 4),
    Item("other", "其他履职（经确认）", 1, 5),
)
DEFAULT_BANDS: tuple[tuple[float, str], ...] = ((80, "好"), (60, "较好"), (0, "差"))


def score(counts: Mapping[str, int], items: tuple[Item, ...] = DEFAULT_SCORING) -> float:
    """The score of a year's record: per item min(count × points, cap), summed, at most 100."""
    total = 0.0
    for item in items:
        n = max(0, int(counts.get(item.key, 0)))
        total += min(n * item.points, item.cap)
    return round(min(total, 100.0), 1)


def band(value: float, bands: tuple[tuple[float, str], ...] = DEFAULT_BANDS) -> str:
    """The band of a score (MISSION §5: ≥80 好, 60–79 较好, <60 差)."""
    for floor, name in sorted(bands, reverse=True):
        if value >= floor:
            return name
    return sorted(bands)[0][1]


def lines(
    counts: Mapping[str, int], items: tuple[Item, ...] = DEFAULT_SCORING
) -> list[tuple[Item, int, float]]:
    """Each item with its count and the points it earned (the record's table)."""
    out = []
    for item in items:
        n = max(0, int(counts.get(item.key, 0)))
        out.append((item, n, round(min(n * item.points, item.cap), 1)))
    return out
