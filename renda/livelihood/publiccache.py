"""The public page's list of projects, rendered once and kept in the cache until something it shows changes.

The page is the same for every visitor of a year and a language (no personal data, nothing per user), and it
is the one page of the app that the public opens in numbers at the session and when the results are announced
(MISSION.md §4: "a public page shows every project, its progress and its grade"). Its list is a cached
template fragment keyed by the year, the day (lag is a matter of the date), the language and `version()`; any
save or delete of a livelihood row, or of a unit (the owner's name), moves the version on, so the next visitor
renders it afresh. `TIMEOUT` bounds how long a fragment is kept in any case: a write that bypassed the ORM's
signals (a raw SQL fix) shows within it, and so does a write made in another process when the cache is each
process's own memory (the default; with `CACHE_URL=redis://…` every worker sees the new version at once).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

KEY = "livelihood:public:version"
TIMEOUT = 60  # seconds


def version() -> str:
    """The current version of what the public page shows (made on first use)."""
    value = cache.get(KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(KEY, value, None)
        value = cache.get(KEY, value)
    return str(value)


def changed(**_: Any) -> None:
    """Something the public page shows was written: the fragments of every year and language are stale."""
    cache.set(KEY, uuid.uuid4().hex, None)


def _livelihood_row(sender: type[Model], **kwargs: Any) -> None:
    if sender._meta.app_label == "livelihood":
        changed()


def connect() -> None:
    """Wired by the app's ready(): every livelihood model, and the units (the owner's name on the page)."""
    from renda.organization.models import HandlingUnit

    post_save.connect(_livelihood_row, dispatch_uid="livelihood-public-save")
    post_delete.connect(_livelihood_row, dispatch_uid="livelihood-public-delete")
    post_save.connect(changed, sender=HandlingUnit, dispatch_uid="livelihood-public-unit")
