"""Prefetch only the reverse relations an object has rows in, through Django's public API.

A page that shows many related tables of one object (an item's co-signers, assignments, replies …) should not
pay a query for each table the object has no rows in. The object's query annotates `has_<name>` (an EXISTS per
relation); `prefetch_present` then prefetches the present relations into plain lists (`Prefetch(to_attr=…)`)
and sets the absent ones to `[]` with no query and no queryset built. Code that reads the rows calls
`rows(obj, name)`, which falls back to the relation's manager on an object loaded any other way — once per
object when the object is private to one call (`keep_rows`: a service's own read of the row it checks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects

M = TypeVar("M", bound=Model)


def _attr(name: str) -> str:
    return f"{name}_rows"


def prefetch_present(obj: Model, relations: Mapping[str, QuerySet[Any] | None]) -> None:
    """Load `obj`'s relations {name: queryset or None (the plain relation)} that `obj.has_<name>` says hold
    rows, one query each; give the others an empty list without a query."""
    lookups = []
    for name, queryset in relations.items():
        if getattr(obj, f"has_{name}"):
            lookups.append(Prefetch(name, queryset=queryset, to_attr=_attr(name)))
        else:
            setattr(obj, _attr(name), [])
    if lookups:
        prefetch_related_objects([obj], *lookups)


_KEEP = "_renda_keep_rows"


def keep_rows(obj: M) -> M:
    """Mark `obj` as private to one call (a service's own read of the row it checks, which no page or caller
    holds): the rows `rows()` reads for it are kept on it, so that the scope, the pairs and the guard read
    each relation once. Never on an object a caller will read again after changing its relations."""
    obj.__dict__[_KEEP] = True
    return obj


def rows(obj: Model, name: str) -> list[Any]:
    """The rows of `obj`'s reverse relation `name`: the list `prefetch_present` loaded, else read now (or from
    an ordinary prefetch_related cache; kept on `obj` when it is marked by `keep_rows`)."""
    loaded = obj.__dict__.get(_attr(name))
    if loaded is None:
        loaded = list(getattr(obj, name).all())
        if obj.__dict__.get(_KEEP):
            obj.__dict__[_attr(name)] = loaded
    return loaded


__all__ = ["keep_rows", "prefetch_present", "rows"]
