"""Supervision: key items (重点督办), publishing replies, rolling follow-ups into the next year."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import diff_fields, event_record
from renda.organization.models import Committee
from renda.proposals import permissions
from renda.proposals.choices import (
    AssignmentRole,
    Status,
)
from renda.proposals.models import (
    Proposal,
)
from renda.proposals.services._common import (
    _acquire,
    _notify,
    _unit_user_ids,
)


@transaction.atomic
def key_supervision_mark(
    *, actor: ActorLike, proposal_id: int | Proposal, committee_id: int, leading_official: str = ""
) -> Proposal:
    """重点督办 (代表法 第52条): leaders mark an item, name the supervising committee and the official who
    personally leads its handling (领办)."""
    p = _acquire(actor, proposal_id, "mark_key")
    if committee_id is None or not Committee.objects.filter(pk=committee_id).exists():
        raise ApplicationError(_("督办委员会：请选择"), field="committee_id")
    changes = diff_fields(
        p,
        {
            "key_supervision": True,
            "supervising_committee_id": committee_id,
            "leading_official": (leading_official or "").strip()[:100],
        },
    )
    if changes:
        p.save(update_fields=[*changes, "updated_at"])
    event_record(actor=actor, action="proposal_mark_key", obj=p, changes=changes)
    leads = p.assignments.filter(is_active=True).values_list("unit_id", flat=True)
    _notify(_unit_user_ids(leads), _("列为重点督办：%(title)s") % {"title": p.title}, p)
    return p


@transaction.atomic
def proposal_publish(*, actor: ActorLike, proposal_id: int | Proposal, public: bool = True) -> Proposal:
    """Put a replied item on the public page of replies (or take it off)."""
    p = _acquire(actor, proposal_id, "publish")
    changes = diff_fields(p, {"is_public": bool(public)})
    if changes:
        p.save(update_fields=["is_public", "updated_at"])
    event_record(actor=actor, action="proposal_publish", obj=p, changes=changes)
    return p


@transaction.atomic
def follow_up_rollover(*, actor: ActorLike, year: int) -> int:
    """Promised items still under follow-up at the end of `year` roll into the next year (结转)."""
    if not permissions.can_roll_over(actor):
        raise PermissionDenied(_("只有工作人员可以结转跟踪办理事项"))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(_("年度：应为整数"), field="year") from None
    due = (
        Proposal.objects.restrict(actor, "list")
        .filter(status=Status.FOLLOW_UP, replied_at__year__lte=year)
        .exclude(carried_over_from__gte=year)
    )
    ids = [spine.require(actor, p, "roll_over", check_scope=False).pk for p in due]  # before any lock
    items = list(  # locked, and the state checked again under the lock
        Proposal.objects.select_for_update()
        .filter(pk__in=ids, status=Status.FOLLOW_UP)
        .exclude(carried_over_from__gte=year)
        .order_by("pk")
    )
    for p in items:
        changes = diff_fields(p, {"carried_over_from": year})
        p.save(update_fields=["carried_over_from", "updated_at"])
        event_record(actor=actor, action="proposal_rollover", obj=p, changes=changes)
    return len(items)


@transaction.atomic
def proposal_urge(*, actor: ActorLike, proposal_id: int, note: str = "") -> Proposal:
    """催办: staff press the lead units of an overdue, unanswered item; the units' handlers and leaders are
    told, and the reports count the item's urgings."""
    p = _acquire(actor, proposal_id, "urge")
    active = p.assignments.filter(is_active=True).exclude(role=AssignmentRole.CO)
    leads = list(active.values_list("unit_id", flat=True))
    event_record(actor=actor, action="proposal_urge", obj=p, changes={"units": leads}, comment=note or "")
    _notify(
        _unit_user_ids(leads),
        _("催办：%(title)s（已逾期，请尽快答复）") % {"title": p.title},
        p,
        body=note or "",
    )
    return p
