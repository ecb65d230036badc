"""Unit routing's prior: what each kind of government body handles (data/unit_duties.txt), as short
training texts for the units a congress has. Pure: no Django.

A congress's own assignment history teaches routing its units; on a fresh install there is none, and where it
is thin or mixed (a topic's items spread over two departments) the duties decide: 社区食堂 and 老年助餐 go
to 民政局, 高校毕业生就业 to 人力资源和社会保障局. Each matter is one short text, so history outweighs them as
it grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

DUTIES_FILE = Path(__file__).resolve().parent / "data" / "unit_duties.txt"


@lru_cache(maxsize=1)
def duty_table() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """((names a unit's name may end with), (matters)) per line of the duties file."""
    rows = []
    for raw in DUTIES_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "：" not in line:
            continue
        names, matters = line.split("：", 1)
        rows.append(
            (
                tuple(n.strip() for n in names.split("/") if n.strip()),
                tuple(m.strip() for m in matters.split("、") if m.strip()),
            )
        )
    return tuple(rows)


def matters_of(unit_name: str) -> tuple[str, ...]:
    """The matters of the body `unit_name` names (江临市民政局 → 民政局's), by the longest name it ends with;
    () for a unit the file does not know (a district government, a court)."""
    name = (unit_name or "").strip()
    best: tuple[int, tuple[str, ...]] = (0, ())
    for names, matters in duty_table():
        for n in names:
            if name.endswith(n) and len(n) > best[0]:
                best = (len(n), matters)
    return best[1]


def prior_samples(unit_names: Iterable[str]) -> list[tuple[str, str]]:
    """(matter, unit name) for every unit whose kind the duties file knows, in the order given."""
    out: list[tuple[str, str]] = []
    for name in dict.fromkeys(unit_names):
        out.extend((matter, name) for matter in matters_of(name))
    return out
