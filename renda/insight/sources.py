"""Where routing gets its training samples and hot topics their texts: other apps register callables, so
that insight never imports them (layers: insight imports only core).

    # in renda/proposals/apps.py ready():
    register_training_source("category", lambda: Suggestion.objects.values_list("text", "category__name"))
    register_topic_source("proposal", submitted_since, label=_("建议和议案"))  # (id, text, time, weight)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime

Samples = Iterable[tuple[str, str]]
_SOURCES: dict[str, list[Callable[[], Samples]]] = {}
_LABELS: dict[str, list[Callable[[], Iterable[str]]]] = {}


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


def register_label_source(kind: str, source: Callable[[], Iterable[str]]) -> None:
    """Add a callable returning the labels `kind` may propose even without history (the handling units
    a congress has: unit routing's prior, renda.insight.duties, knows what each kind of body handles).
    Idempotent per callable."""
    callables = _LABELS.setdefault(kind, [])
    if source not in callables:
        callables.append(source)


def unregister_label_source(kind: str, source: Callable[[], Iterable[str]]) -> None:
    if source in _LABELS.get(kind, []):
        _LABELS[kind].remove(source)


def known_labels(kind: str) -> list[str]:
    """Every registered label of `kind`, de-duplicated, in registration order."""
    out: dict[str, None] = {}
    for source in _LABELS.get(kind, []):
        out.update((str(lab), None) for lab in source() if lab)
    return list(out)


# ---------------------------------------------------------------------------------------- similar-items index

# (object id, text, year) of every item a source holds now; the index is rebuilt from them
IndexRows = Iterable[tuple[object, str, int | None]]
_INDEX_SOURCES: dict[str, Callable[[], IndexRows]] = {}


def register_index_source(name: str, source: Callable[[], IndexRows]) -> None:
    """Add (or replace) the similar-items source `name` (the `source` its items are indexed under, e.g.
    "proposal"): `source()` returns (object id, text, year) of every item that belongs in the index now.
    `services.index_rebuild` (the seed, `manage.py insight_reindex`, the rebuild after an import) reads it."""
    if not name:
        raise ValueError("index source name: not empty")
    _INDEX_SOURCES[name] = source


def unregister_index_source(name: str) -> None:
    _INDEX_SOURCES.pop(name, None)


def index_sources() -> dict[str, Callable[[], IndexRows]]:
    return dict(_INDEX_SOURCES)


# ------------------------------------------------------------------------------------------------- hot topics

# (object id, text, time, weight): one text raised at `time`; weight counts how many people raised it
_LINES = re.compile(r"\s*[\r\n]+\s*")
TopicRows = Iterable[tuple[object, str, datetime | None, float]]
_TOPIC_SOURCES: dict[str, tuple[Callable[[datetime], TopicRows], object]] = {}


def register_topic_source(name: str, source: Callable[[datetime], TopicRows], *, label=None) -> None:
    """Add (or replace) the topic source `name`: `source(since)` returns (object id, text, time, weight)
    of the texts raised since `since`. Hot topics get them with ids "name:object id" (so "proposal:123"
    names its row); `label` (a lazy translation) says what they are in a snapshot's source, e.g.
    "建议和议案"."""
    if not name or ":" in name:
        raise ValueError(f"topic source name {name!r}: not empty, no colon")
    _TOPIC_SOURCES[name] = (source, label if label is not None else name)


def unregister_topic_source(name: str) -> None:
    _TOPIC_SOURCES.pop(name, None)


def topic_source_labels() -> list[str]:
    """What the registered sources hold, in registration order."""
    return [str(label) for _source, label in _TOPIC_SOURCES.values()]


def topic_items(
    since: datetime, until: datetime | None = None
) -> list[tuple[str, str, datetime | None, float]]:
    """Every registered source's texts raised in [since, until] as hot topics' items (id "name:object id",
    text, time, weight), oldest first (clustering keeps the newest when there are too many). Texts that are
    empty or dated outside the window are left out whatever a source returns. A line break ends a sentence
    (a title and its body do not run together into one word or place name)."""
    out: list[tuple[str, str, datetime | None, float]] = []
    for name, (source, _label) in _TOPIC_SOURCES.items():
        for object_id, text, when, weight in source(since):
            text = _LINES.sub("。", str(text or "").strip())
            if not text or when is None or when < since or (until is not None and when > until):
                continue
            out.append((f"{name}:{object_id}", text, when, float(weight or 0)))
    out.sort(key=lambda item: (item[2], item[0]))
    return out
