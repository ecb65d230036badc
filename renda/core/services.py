"""Writes that every app shares: the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import auditchain, spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def event_record(
    *,
    actor: ActorLike,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    comment: str = "",
) -> Event:
    """Append one Event to the audit trail. Call it inside the service's transaction; the Event joins the
    audit chain (renda.core.auditchain) once the transaction commits."""
    event = Event.objects.create(
        actor=user_of(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=_jsonable(changes or {}),
        comment=comment,
    )
    auditchain.seal_after_commit(event)
    return event


M = TypeVar("M", bound=models.Model)


def transition(
    actor: ActorLike,
    model: type[M],
    ref: Any,
    step: str,
    change: Callable[[M], dict[str, Any]],
    *,
    action: str,
) -> M:
    """One `step` of a workflow table, the shape every app's step takes: `require` (scope, table, who) before
    the lock; under the lock the state again, `change(row)` (the Event's changes; it may name the new state
    among the table's choices in "_to"), the state set, the row saved, and one Event `action` carrying the
    state's change — all in one transaction. Returns the row. A forwarder of `action` (tests/
    test_event_labels.py reads each caller's)."""
    actor = as_actor(actor)
    obj = spine.require(actor, spine.get_visible(model, actor, spine.pk_of(ref)), step)
    with transaction.atomic():
        row = spine.require_state(spine.lock(model, obj.pk), step)
        state_field = spine.policy_for(model).state_field
        old = getattr(row, state_field)
        changes = change(row)
        spine.set_state(row, step, changes.pop("_to", None))
        row.save()
        if getattr(row, state_field) != old:
            changes[state_field] = [old, getattr(row, state_field)]
        event_record(actor=actor, action=action, obj=row, changes=changes)
    return row


def diff_fields(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the fields of `data` that differ on `instance`; return {field: [old, new]} of those changed."""
    changed: dict[str, list[Any]] = {}
    for name, new in data.items():
        old = getattr(instance, name)
        if old != new:
            changed[name] = [_jsonable(old), _jsonable(new)]
            setattr(instance, name, new)
    return changed


def update_recorded(
    *, actor: ActorLike, action: str, obj: models.Model, data: dict[str, Any]
) -> dict[str, Any]:
    """An edit of a record's fields: only those that differ are written (with `updated_at`) and audited as
    `action`; nothing is written and no Event is recorded when nothing changed. Returns the changes."""
    changed = diff_fields(obj, data)
    if changed:
        obj.save(update_fields=[*changed, "updated_at"])
        event_record(actor=actor, action=action, obj=obj, changes=changed)
    return changed


def decision_record(request: Any, *, user: Any, approve: bool, **fields: Any) -> dict[str, list[Any]]:
    """Decide a pending DecisionRequest (call it under the request's row lock): status, who, when, and any
    other `fields` of the decision; returns the changes for the Event. Refuses a request already decided.
    """
    if not request.is_pending:
        raise ApplicationError(_("该申请已经处理"), code="already_decided", status=409)
    status = request.APPROVED if approve else request.REJECTED
    changes = diff_fields(
        request, {"status": status, "decided_by": user, "decided_at": timezone.now(), **fields}
    )
    request.save(update_fields=[*changes, "updated_at"])
    return changes


def audit_export(*, actor: ActorLike, events: Any, filters: dict[str, Any]) -> tuple[bytes, int]:
    """The audit log (the rows `events` the page shows, filters applied) as xlsx; the export is itself
    audited. Only auditors and administrators read the log."""
    from django.db import transaction

    from renda.core import selectors

    if not selectors.can_read_audit(user_of(actor)):
        raise PermissionDenied(_("您无权导出审计日志。"))
    content, rows = selectors.audit_xlsx(events)
    with transaction.atomic():
        event_record(actor=actor, action="audit_export", changes={"rows": rows, "filters": filters})
    return content, rows


def audit_verify(*, actor: ActorLike) -> auditchain.Verdict:
    """Verify the audit trail's hash chain now (auditors and administrators); the check is itself audited."""
    from django.db import transaction

    from renda.core import selectors

    if not selectors.can_read_audit(user_of(actor)):
        raise PermissionDenied(_("您无权校验审计链。"))
    verdict = auditchain.verify()
    with transaction.atomic():
        event_record(
            actor=actor,
            action="audit_verify",
            changes={"ok": verdict.ok, "checked": verdict.checked, "broken_seq": verdict.broken_seq},
            comment=verdict.reason,
        )
    return verdict


def data_key_rotate(*, actor: ActorLike = None, batch: int = 500) -> dict[str, int]:
    """Re-encrypt personal data under the current data key (renda.core.keyrotation) and record the run: the
    key id and how many rows of each table changed — never a value."""
    from django.db import transaction

    from renda.core import crypto, keyrotation

    changed = keyrotation.rotate(batch=batch)
    with transaction.atomic():
        event_record(
            actor=actor,
            action="data_key_rotate",
            changes={"key_id": crypto.current_key_id(), "rows": changed},
        )
    return changed
