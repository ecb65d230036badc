"""The demo's clock: its history is played through the services with the clock moved to each step's moment
(time-machine), so that every date a service sets (submitted, assigned, due, replied, the events' times) is
the one it would have had, and every guard that reads today (deadlines, return windows) is checked then.

A `Timeline` collects steps (a moment and a call) from many stories and runs them in time order; the steps
of one story keep their order (each step's moment is at least the one before it). No sleeping: moving the
clock costs microseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import time_machine
from django.utils import timezone

T = TypeVar("T")


def at(day: dt.date, minutes: int = 0, *, hour: int = 9) -> dt.datetime:
    """`day` at `hour` o'clock (local time) plus `minutes`."""
    base = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    return base + dt.timedelta(minutes=minutes)


class Story:
    """The steps of one record's history, in order: `then(moment, call)` never goes back in time."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.last: dt.datetime | None = None

    def then(self, moment: dt.datetime, call: Callable[[], object]) -> None:
        if self.last is not None and moment <= self.last:
            moment = self.last + dt.timedelta(minutes=1)
        self.last = moment
        self.timeline.add(moment, call)


class Timeline:
    """Steps from many stories, run in time order (ties: in the order they were added)."""

    def __init__(self, *, until: dt.datetime | None = None) -> None:
        self.until = until or timezone.now()  # no step is dated after this (the real now)
        self.steps: list[tuple[dt.datetime, int, Callable[[], object]]] = []

    def story(self) -> Story:
        return Story(self)

    def add(self, moment: dt.datetime, call: Callable[[], object]) -> None:
        self.steps.append((min(moment, self.until), len(self.steps), call))

    def run(self) -> int:
        steps = sorted(self.steps, key=lambda s: (s[0], s[1]))
        if not steps:
            return 0
        with time_machine.travel(steps[0][0], tick=False) as traveller:
            for moment, _n, call in steps:
                traveller.move_to(moment)
                call()
        return len(steps)


def run_at(moment: dt.datetime, call: Callable[[], T]) -> T:
    """One call with the clock at `moment`."""
    with time_machine.travel(moment, tick=False):
        return call()
