"""Template helpers of the workflow spine: the action menu's URLs."""

from __future__ import annotations

from django import template

register = template.Library()

ACTION_PLACEHOLDER = "__action__"


@register.filter
def for_action(url: str, action: str) -> str:
    """`url` with its "__action__" placeholder replaced by the action's name."""
    return str(url).replace(ACTION_PLACEHOLDER, str(action))
