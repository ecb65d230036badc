"""One record's dated steps through its services: each step a day, a service and its own arguments, the
arguments all the steps share (the actor, the record) given once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from renda.demo.clock import at, run_at

Step = tuple[dt.date | dt.datetime, Callable[..., Any], Mapping[str, Any]]


def run_steps(steps: Iterable[Step], **shared: Any) -> None:
    """Each step's ``service(**shared, **arguments)`` with the clock at its day (9 o'clock, see ``at``) or
    at its moment; a step's own argument wins over a shared one (another actor for one step)."""
    for when, service, arguments in steps:
        moment = when if isinstance(when, dt.datetime) else at(when)
        run_at(moment, partial(service, **{**shared, **arguments}))
