"""The step every supervision service takes on a row of a table, declared once: `require` before the lock
and the state (and the guard) again under it; the state the step leads to (or the one a vote chose) saved
with the changed fields, and one Event carrying the state's change."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from renda.core import spine
from renda.core.actors import Actor
from renda.core.services import event_record

T = TypeVar("T", bound=models.Model)


def _acquire(actor: Actor, model: type[T], ref: Any, action: str) -> T:
    """spine.require before the lock; the state and the guard again under it."""
    spine.require(actor, spine.get_visible(model, actor, ref), action, guard=False)
    return spine.require_locked(actor, spine.lock(model, spine.pk_of(ref)), action)


def _moved(
    actor: Actor,
    obj: T,
    step: str,
    *,
    action: str,
    fields: list[str],
    changes: dict,
    state: str | None = None,
) -> T:
    """The state `step` leads to (`state`: the one the step chose, for a table's `decided` step) saved with
    `fields`, and the Event `action`."""
    old = obj.status  # type: ignore[attr-defined]
    spine.set_state(obj, step, state)
    obj.save(update_fields=["status", "updated_at", *fields])
    event_record(actor=actor, action=action, obj=obj, changes={"status": [old, obj.status], **changes})  # type: ignore[attr-defined]
    return obj
