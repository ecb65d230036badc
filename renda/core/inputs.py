"""Checks of a service's plain inputs, each refusal an ApplicationError naming the field (ARCHITECTURE,
pattern 8). Several apps keep private copies of these (`_text` in targets, opinions, livelihood, procedures,
legislation); new code calls these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError


def text(value: str | None, field: str, *, limit: int, required: bool = True) -> str:
    """`value` stripped; refused when required and empty, or longer than `limit` characters."""
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写此项"), field=field)
    if len(value) > limit:
        raise ApplicationError(_("内容过长（不超过 %(n)s 字）") % {"n": limit}, field=field)
    return value


def past_day(value: dt.date | None, field: str) -> dt.date:
    """The date of a step: today when not given, never in the future (a clerk may enter a past step late)."""
    today = timezone.localdate()
    if value is None:
        return today
    if value > today:
        raise ApplicationError(_("日期不能晚于今天"), field=field)
    return value


def choice(value: str, choices: Any, field: str) -> str:
    """`value` when it is one of `choices` (a TextChoices class), else refused."""
    if value not in choices.values:
        raise ApplicationError(_("请选择有效的选项"), field=field)
    return value


def distinct_ids(values: Iterable[Any], field: str, refusal: str) -> list[int]:
    """The ids of a batch, each once, in the order given; `refusal` when one is not an integer."""
    out: dict[int, None] = {}
    for v in values:
        try:
            out[int(v)] = None
        except (TypeError, ValueError):
            raise ApplicationError(refusal, field=field) from None
    return list(out)
