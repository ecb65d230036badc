"""The calibration figure every benchmark prints: a fixed pure-Python loop, timed in the same run.

Hosts of one machine kind differ by up to 3×; a figure is comparable with another only through this one
(``figure / calibration``), or against a baseline measured in the same run.
"""

from __future__ import annotations

import time

LOOP = 2_000_000


def calibration_ms(repeat: int = 5) -> float:
    """The best of `repeat` runs of a fixed loop (integer arithmetic and a dict), in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        acc, seen = 0, {}
        for i in range(LOOP):
            acc = (acc * 31 + i) % 1_000_003
            if i % 1000 == 0:
                seen[acc] = i
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def calibration_line() -> str:
    return f"calibration: {calibration_ms():.0f} ms (fixed pure-Python loop of {LOOP:,} steps, best of 5)"


if __name__ == "__main__":
    print(calibration_line())
