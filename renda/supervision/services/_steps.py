"""The step every supervision service takes on a row of a table, declared once: `require` before the lock
and the state (and the guard) again under it; the state the step leads to (or the one a vote chose) saved
with the changed fields, and one Event carrying the state's change."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from renda.core import spine
from renda.core.actors import Actor
from renda.core.services import event_record
from renda.meetings import services as meeting_services

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


def _on_agenda(
    actor: Actor,
    obj: T,
    session: Any,
    step: str,
    *,
    action: str,
    kind: str,
    title: str,
    fields: tuple[str, str],
    item_in_changes: bool = False,
) -> T:
    """An agenda item of `kind` and `title` added to the standing-committee meeting `session` (through
    renda.meetings); the meeting and the item saved on `fields` of `obj` as the step `step` moves it, with
    the Event `action` (the meeting in its changes, the agenda item too when `item_in_changes`)."""
    item = meeting_services.agenda_item_add(actor=actor, session_id=session.pk, kind=kind, title=title)
    setattr(obj, fields[0], session)
    setattr(obj, fields[1], item)
    changes = {"meeting": session.pk, "agenda_item": item.pk} if item_in_changes else {"meeting": session.pk}
    return _moved(actor, obj, step, action=action, fields=list(fields), changes=changes)
