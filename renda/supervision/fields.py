"""The one shape of the supervision models' optional links (a meeting, an agenda item, a poll, a case that a
later step of the path fills in): nullable, never deleting what they point at, without a reverse accessor."""

from __future__ import annotations

from typing import Any

from django.db import models


def optional_link(to: Any, verbose_name: Any) -> Any:
    """A ForeignKey to `to` set by a later step: null until then, PROTECT, no reverse relation."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
