"""A workflow step's date, never before the date of the step before it (a publication after the vote, a
filing after the publication): the check every dated step repeats, written once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from renda.core.errors import ApplicationError


def later_day(row: Any, name: str, day: dt.date, *, after: str, refused: Any) -> dict[str, Any]:
    """Set ``row.<name> = day``; refused (``refused`` on the field ``name``) when ``row.<after>`` is set and
    later than ``day``. Answers the Event's change, ``{name: day}``, for a ``core.services.transition``
    change to return or extend."""
    before = getattr(row, after)
    if before and day < before:
        raise ApplicationError(refused, field=name)
    setattr(row, name, day)
    return {name: day}
