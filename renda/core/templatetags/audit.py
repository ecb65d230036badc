"""Template helpers of the audit trail: an Event action's label (renda.core.events)."""

from __future__ import annotations

from django import template

from renda.core import events

register = template.Library()


@register.filter
def event_label(action: str) -> str:
    """The action's label in the active language (the code only for an action nobody declared)."""
    return events.label(str(action))
