"""Where routing gets its training samples: other apps register a callable per kind, so that insight never
imports them (layers: insight imports only core).

    # in renda/proposals/apps.py ready():
    register_training_source("category", lambda: Suggestion.objects.values_list("text", "category__name"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Samples = Iterable[tuple[str, str]]
_SOURCES: dict[str, list[Callable[[], Samples]]] = {}


def register_training_source(kind: str, source: Callable[[], Samples]) -> None:
    """Add a callable returning (text, label) pairs for `kind` ("category" or "unit"). Idempotent per
    callable."""
    callables = _SOURCES.setdefault(kind, [])
    if source not in callables:
        callables.append(source)


def unregister_training_source(kind: str, source: Callable[[], Samples]) -> None:
    if source in _SOURCES.get(kind, []):
        _SOURCES[kind].remove(source)


def training_samples(kind: str) -> list[tuple[str, str]]:
    """All registered samples of `kind`, in registration order."""
    out: list[tuple[str, str]] = []
    for source in _SOURCES.get(kind, []):
        out.extend((str(t), str(lab)) for t, lab in source() if t and lab)
    return out
