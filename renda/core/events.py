"""The names of the audit trail: every Event action's label, and what the keys of an Event's changes refer to.

Each app declares the actions its services record (``renda/<app>/events.py``: ``LABELS``, and ``REFS`` for the
change keys that hold ids of its records) and registers them in its ``AppConfig.ready``. The timelines, the
home pages and the audit log show ``label(action)``, never the code; ``tests/test_event_labels.py`` walks
every ``event_record`` call of ``renda`` and checks that each action it can write has a label here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_LABELS: dict[str, Any] = {}
_REFS: dict[str, str] = {}
_FIELDS: dict[str, Any] = {}
_VALUES: dict[str, dict[str, Any]] = {}


def register(
    labels: Mapping[str, Any],
    *,
    refs: Mapping[str, str] | None = None,
    fields: Mapping[str, Any] | None = None,
    values: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Declare actions with their labels (lazy translations); ``refs`` maps a change key to the model
    (``"app_label.Model"``) whose ids it holds; ``fields`` labels change keys that are no model field;
    ``values`` gives the labels of a change key's coded values (a role's name for its code).
    An action declared twice with another label is a mistake of the declarations."""
    for action, text in labels.items():
        if action in _LABELS and str(_LABELS[action]) != str(text):
            raise ValueError(f"event action {action!r} declared twice with different labels")
        _LABELS[action] = text
    _REFS.update(refs or {})
    _FIELDS.update(fields or {})
    for key, mapping in (values or {}).items():
        _VALUES.setdefault(key, {}).update(mapping)


def register_app(module_name: str) -> None:
    """Register an app's ``events`` module: its ``LABELS`` and, if it has them, ``REFS``, ``FIELDS``,
    ``VALUES`` (call it from the app's ``AppConfig.ready``)."""
    from importlib import import_module

    module = import_module(module_name)
    register(
        module.LABELS,
        refs=getattr(module, "REFS", None),
        fields=getattr(module, "FIELDS", None),
        values=getattr(module, "VALUES", None),
    )


def label(action: str) -> str:
    """The action's label in the active language; the code itself for an action nobody declared."""
    text = _LABELS.get(action)
    return str(text) if text is not None else action


def is_declared(action: str) -> bool:
    return action in _LABELS


def declared() -> frozenset[str]:
    return frozenset(_LABELS)


def choices(actions: list[str] | None = None) -> list[tuple[str, str]]:
    """(action, label) pairs for a select: `actions` (default: every declared one), ordered by label."""
    names = declared() if actions is None else set(actions)
    return sorted(((a, label(a)) for a in names), key=lambda pair: pair[1])


def ref_model(key: str) -> str | None:
    """The model ("app_label.Model") whose ids a change key holds, if declared."""
    return _REFS.get(key)


def field_label(key: str) -> str | None:
    text = _FIELDS.get(key)
    return str(text) if text is not None else None


def value_label(key: str, value: Any) -> str | None:
    """The label of a coded value of change key `key`, if declared."""
    text = _VALUES.get(key, {}).get(str(value))
    return str(text) if text is not None else None


# The audit log's scope filters: an app above core offers a way to narrow the log (by a handling unit: what
# its people did and what was done to its record) without core importing it.
_SCOPES: dict[str, tuple[Any, Any, Any]] = {}


def register_scope(name: str, label: Any, choices: Any, query: Any) -> None:
    """A filter of the audit log: ``choices()`` → [(value, label)], ``query(value)`` → a ``Q`` over Event."""
    _SCOPES[name] = (label, choices, query)


def scopes() -> dict[str, tuple[Any, Any, Any]]:
    return dict(_SCOPES)
