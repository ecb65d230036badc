"""The helpers every stage's services share: the item read through its scope and locked once the service
has required the action (spine.require),
status writes, notifications, required values and uploaded files, numbering, the similar-items index."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.accounts.models import RoleAssignment
from renda.core import spine, uploads
from renda.core.actors import ActorLike
from renda.core.errors import ApplicationError, NotFound
from renda.core.models import Notification
from renda.core.prefetch import keep_rows
from renda.core.roles import Role
from renda.core.services import diff_fields
from renda.deputies.models import Deputy
from renda.insight import services as insight
from renda.organization.models import HandlingUnit, Term
from renda.proposals.choices import (
    CosignStatus,
)
from renda.proposals.models import (
    Proposal,
)
from renda.proposals.selectors import similar as similar_selectors

ALLOWED_EXTENSIONS = uploads.PROPOSAL_ATTACHMENT.extensions

LETTER_EXTENSIONS = uploads.REPLY_LETTER.extensions

DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def max_attachment_bytes() -> int:
    return int(getattr(settings, "RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


def _today() -> dt.date:
    return timezone.localdate()


def _visible(actor: ActorLike, proposal: int | Proposal) -> Proposal:
    """The item inside the actor's scope, not locked; outside the scope it does not exist (NotFound). An
    instance the caller loaded through the scope is taken as it is (spine.get_visible: no second read).

    Given an id, the row is read by its key and its scope decided on the object (`permissions.visible`, the
    same answer as the scoped query, mostly without one): the scoped query's subqueries cost more to build
    than the read. That object is the service's own (keep_rows): its co-signers and assignments, which the
    scope, the pairs and the guard all read, are read once."""
    if not isinstance(proposal, Proposal):
        try:
            proposal = keep_rows(Proposal.objects.get(pk=proposal))
        except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
            raise NotFound(spine.policy_for(Proposal).not_found_message()) from exc
    return spine.get_visible(Proposal, actor, proposal)


def _lock(
    actor: ActorLike, p: Proposal, action: str, *, locked: Callable[[Proposal], None] | None = None
) -> Proposal:
    """After spine.require(actor, p, action, guard=False) — scope, role and state, checked before any lock —:
    the item locked FOR UPDATE, its state checked again under the lock and the action's guard checked there,
    once (spine.require_locked: a rating, a pending request … another request may have written meanwhile);
    `locked` may refuse first in its own words."""
    row = spine.lock(Proposal, p.pk)
    if locked is not None:
        locked(row)
    return spine.require_locked(actor, row, action)


def _acquire(
    actor: ActorLike,
    proposal: int | Proposal,
    action: str,
    *,
    locked: Callable[[Proposal], None] | None = None,
) -> Proposal:
    """The item a service changes: read through the actor's scope (or taken as the caller loaded it),
    required (scope, role, state) before any lock, then locked with its state and guard checked under the
    lock (`_lock`). The one read is the lock when the caller hands over the item."""
    p = spine.require(actor, _visible(actor, proposal), action, guard=False)
    return _lock(actor, p, action, locked=locked)


def _lock_request(qs, request_id: int, already: str):
    """A unit's request (return, extension: core's DecisionRequest) locked FOR UPDATE; one decided already
    is refused with `already` (409) — the decision itself is core.services.decision_record."""
    req = qs.select_for_update().get(pk=request_id)
    if not req.is_pending:
        raise ApplicationError(already, code="conflict", status=409)
    return req


def _set_status(p: Proposal, status: str, **fields) -> dict:
    changes = diff_fields(p, {"status": status, **fields})
    if changes:
        p.save(update_fields=[*changes, "updated_at"])
    return changes


def _item_url(p: Proposal) -> str:
    try:
        return reverse("proposals:detail", args=[p.pk])
    except NoReverseMatch:
        return f"/proposals/{p.pk}/"


_gathered: contextvars.ContextVar[list[Notification] | None] = contextvars.ContextVar(
    "renda_proposal_notices", default=None
)


@contextlib.contextmanager
def notices_gathered() -> Iterator[None]:
    """Around many service calls (a script, the demo): the notices each call writes when its transaction
    commits are gathered and written together, in one INSERT of many rows, when the block ends — instead of
    one INSERT (and, after the commit, one transaction) per call. A call whose transaction rolls back writes
    none, as ever (its notices are on_commit callbacks, dropped with it). Put the block around the
    transaction: the notices exist once it ends."""
    gathered: list[Notification] = []
    token = _gathered.set(gathered)
    try:
        yield
    finally:
        _gathered.reset(token)
        if gathered:
            Notification.objects.bulk_create(gathered, batch_size=500)


def _notify(user_ids: Iterable[int | None], title: str, p: Proposal, body: str = "") -> None:
    """In-app notices, written once the transaction commits (gathered by `notices_gathered`)."""
    ids = sorted({u for u in user_ids if u})
    if not ids:
        return
    url = _item_url(p)

    def write():
        notices = [Notification(user_id=u, title=title[:200], body=body, url=url) for u in ids]
        gathered = _gathered.get()
        if gathered is not None:
            gathered.extend(notices)
        else:
            Notification.objects.bulk_create(notices)

    transaction.on_commit(write)


def _unit_user_ids(unit_ids: Iterable[int], roles=(Role.UNIT_HANDLER, Role.UNIT_LEADER)) -> list[int]:
    return list(
        RoleAssignment.objects.filter(unit_id__in=list(unit_ids), role__in=list(roles)).values_list(
            "user_id", flat=True
        )
    )


def _deputy_user_ids(p: Proposal, *, with_cosigners: bool = True) -> list[int]:
    """The accounts of the item's lead deputy and (with_cosigners) its confirmed co-signers, in one query."""
    cond = Q(pk=p.lead_deputy_id)
    if with_cosigners:
        cond |= Q(pk__in=p.cosigners.filter(status=CosignStatus.CONFIRMED).values("deputy_id"))
    return list(Deputy.objects.filter(cond).order_by().values_list("user_id", flat=True))


def _manager_user_ids() -> list[int]:
    return list(RoleAssignment.objects.filter(role=Role.STAFF).values_list("user_id", flat=True))


def _required(value, field: str, label: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ApplicationError(_("%(label)s：必填") % {"label": label}, field=field)


def _check_file(file, field: str, use: uploads.UploadUse) -> str:
    """The use's allow-list, size cap and content check (renda.core.uploads); returns the file's name."""
    return uploads.check_upload(file, use, field=field)


def _next_number(term_id: int, kind: str) -> int:
    Term.objects.select_for_update().filter(pk=term_id).first()  # serialises numbering per term
    top = Proposal.objects.filter(term_id=term_id, kind=kind).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


INDEX_SOURCE = similar_selectors.INDEX_SOURCE


def proposal_text(p: Proposal) -> str:
    """The text other tools read (similar items, routing): the title and the body of either kind."""
    return "\n".join(x for x in (p.title, p.content, p.cause, p.basis, p.plan) if x)


_index_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "renda_proposal_index_deferred", default=False
)


@contextlib.contextmanager
def index_deferred() -> Iterator[None]:
    """Around many service calls (the demo seed): the similar-items index is brought in step once, when the
    block ends, by `insight.index_rebuild` (new and changed texts in bulk, vanished ones marked removed) —
    instead of one upsert per item (a read and a write, in a transaction of its own) after each call commits.
    Put the block around the transaction, so that the rebuild reads what committed; if the block fails, no
    rebuild (what did commit is caught by the next one: the seed's, an import's, `insight_reindex`)."""
    token = _index_deferred.set(True)
    try:
        yield
    finally:
        _index_deferred.reset(token)
    insight.index_rebuild()


def _index_text(p: Proposal) -> None:
    """Keep the similar-items index (renda.insight) in step once the submission commits. Derived data: a
    failure is logged (robust), never undoes the submission."""
    if _index_deferred.get():
        return
    pk, text, year = p.pk, proposal_text(p), (p.submitted_at or timezone.now()).year
    transaction.on_commit(
        lambda: insight.index_upsert(source=INDEX_SOURCE, object_id=pk, text=text, year=year), robust=True
    )


def _unindex(p: Proposal) -> None:
    if _index_deferred.get():
        return
    pk = p.pk
    transaction.on_commit(lambda: insight.index_remove(source=INDEX_SOURCE, object_id=pk), robust=True)


def _units(ids: Iterable[int], field: str) -> list[int]:
    ids = [int(i) for i in ids]
    if len(set(ids)) != len(ids):
        raise ApplicationError(_("承办单位：重复"), field=field)
    found = set(HandlingUnit.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    if any(i not in found for i in ids):
        raise ApplicationError(_("承办单位：不存在或已停用"), field=field)
    return ids
