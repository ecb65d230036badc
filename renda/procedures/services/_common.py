"""What the services of government procedures share: the text, unit and date checks, and `_acquire`,
the shape of every action on a decision or a case."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.core import inputs, spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.organization.models import HandlingUnit
from renda.procedures.models import (
    Case,
    Decision,
)

MAX_TEXT = 20000
T = TypeVar("T")


def _text(value: str | None, field: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
    return inputs.text(value, field, limit=limit, required=required)


def _unit(unit_id: Any, field: str) -> HandlingUnit:
    unit = HandlingUnit.objects.filter(pk=unit_id, is_active=True).first() if unit_id else None
    if unit is None:
        raise ApplicationError(_("请选择单位"), field=field)
    return unit


def _date(value: Any, field: str) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ApplicationError(_("请填写日期"), field=field)
    return value


def _created(make: Callable[[], T], *, field: str, taken: str) -> T:
    """``make()`` (a row created and its Event) in one transaction; a unique key already taken (a
    certificate, a case number) refused as ``taken`` on ``field``."""
    try:
        with transaction.atomic():
            return make()
    except IntegrityError as exc:
        raise ApplicationError(taken, field=field) from exc


def _moved(step: str, **fields: Any) -> Callable[[Any], dict[str, Any]]:
    """`_acquire`'s write for a step that only moves the row to the table's state and sets `fields`: the
    row saved with them, the Event carrying the new status."""

    def write(obj: Any) -> dict[str, Any]:
        spine.set_state(obj, step)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save(update_fields=["status", *fields, "updated_at"])
        return {"status": obj.status}

    return write


def _acquire(
    model: type[Decision] | type[Case],
    actor: ActorLike,
    ref: Any,
    table_action: str,
    write: Callable[[Any], dict[str, Any]],
    *,
    action: str,
) -> Any:
    """The shape of every action: require (scope, table, who) before the lock, then under the lock the state
    and the guard again, the write, and one Event (`action`) in the same transaction."""
    actor = as_actor(actor)
    obj = spine.require(actor, spine.get_visible(model, actor, spine.pk_of(ref)), table_action, guard=False)
    with transaction.atomic():
        obj = spine.require_locked(actor, spine.lock(model, obj.pk), table_action)
        changes = write(obj)
        event_record(actor=actor, action=action, obj=obj, changes=changes)
    return obj
