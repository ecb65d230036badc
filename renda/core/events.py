"""The names of the audit trail: an Event action's label, and what the keys of an Event's changes mean — read
from the one table, renda.core.event_names.

The timelines, the home pages and the audit log show ``label(action)``, never the code;
``tests/test_event_labels.py`` walks every ``event_record`` call of ``renda`` and checks that each action it
can write has a label. An app above core may also offer a filter of the audit log (``register_scope``: the
handling unit, from accounts) without core importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from renda.core.event_names import ACTIONS, FIELDS, VALUES


def label(action: str) -> str:
    """The action's label in the active language; the code itself for an action nobody declared."""
    text = ACTIONS.get(action)
    return str(text) if text is not None else action


def is_declared(action: str) -> bool:
    return action in ACTIONS


def choices(actions: list[str] | None = None) -> list[tuple[str, str]]:
    """(action, label) pairs for a select: `actions` (default: every declared one), ordered by label."""
    names = set(ACTIONS) if actions is None else set(actions)
    return sorted(((a, label(a)) for a in names), key=lambda pair: pair[1])


def ref_model(key: str) -> str | None:
    """The model ("app_label.Model") whose ids a change key holds, if declared."""
    entry = FIELDS.get(key)
    return entry[1] if entry else None


def field_label(key: str) -> str | None:
    entry = FIELDS.get(key)
    return str(entry[0]) if entry else None


def value_label(key: str, value: Any) -> str | None:
    """The label of a coded value of change key `key`, if declared."""
    text = VALUES.get(key, {}).get(str(value))
    return str(text) if text is not None else None


# The audit log's scope filters: an app above core offers a way to narrow the log (by a handling unit: what
# its people did and what was done to its record).
_SCOPES: dict[str, tuple[Any, Callable[[], list[tuple[str, str]]], Callable[[str], Any]]] = {}


def register_scope(
    name: str, label: Any, choices: Callable[[], list[tuple[str, str]]], query: Callable[[str], Any]
) -> None:
    """A filter of the audit log: ``choices()`` → [(value, label)], ``query(value)`` → a ``Q`` over Event."""
    _SCOPES[name] = (label, choices, query)


def scopes() -> dict[str, tuple[Any, Callable[[], list[tuple[str, str]]], Callable[[str], Any]]]:
    return dict(_SCOPES)
