"""Small reads that only the pages need (choices for filters, the co-signing inbox, a deputy search …).

Every read of items starts from `permissions.scope_for` or from an item the scoped selector already
returned; the lists and the item page themselves come from `selectors`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from renda.deputies.models import Deputy
from renda.meetings.models import Session
from renda.organization.models import Delegation, HandlingUnit, Term
from renda.proposals import permissions, selectors
from renda.proposals.choices import CosignStatus, ReplyStatus, RequestStatus, Status
from renda.proposals.models import (
    Cosigner,
    Proposal,
    Reply,
    ReturnRequest,
    Topic,
)


def filter_choices(*, user, term_id: int | None, unit: int | None = None) -> dict:
    """(pk, name) pairs for the list's filters: plain tuples, not model instances. Of the handling units
    (800 in a province) only the chosen one: the page fetches the rest (unit_choices) after it loads.
    Delegations are the current term's (`term_id`)."""
    term = term_id
    delegations = Delegation.objects.filter(term=term).order_by("order", "id") if term else None
    return {
        "units": list(HandlingUnit.objects.filter(pk=unit).values_list("id", "name")) if unit else [],
        "delegations": list(delegations.values_list("id", "name")) if delegations is not None else [],
        "topics": list(Topic.objects.filter(is_active=True).values_list("id", "name")),
    }


def unit_choices() -> list[tuple[int, str]]:
    """Every handling unit as (pk, name), by name: the list's unit filter."""
    return list(HandlingUnit.objects.order_by("name").values_list("id", "name"))


def cosign_inbox(*, user) -> QuerySet[Proposal]:
    """Items whose co-signing this deputy has not answered yet."""
    return (
        Proposal.objects.filter(
            cosigners__deputy__user=user,
            cosigners__status=CosignStatus.INVITED,
            status__in=[Status.DRAFT, Status.COSIGNING],
        )
        .select_related("lead_deputy")
        .order_by("-updated_at", "-id")
        .distinct()
    )


def cosigner_candidates(*, proposal: Proposal, q: str, limit: int = 20) -> list[Deputy]:
    """Deputies of the item's term by name or card number: name, delegation, card — no personal data."""
    invited = Cosigner.objects.filter(proposal=proposal).values("deputy_id")
    return list(
        Deputy.objects.filter(term_id=proposal.term_id, status="active")
        .filter(Q(name__icontains=q) | Q(card_number__startswith=q))
        .exclude(pk=proposal.lead_deputy_id)
        .exclude(pk__in=invited)
        .select_related("delegation")
        .only("id", "name", "card_number", "delegation__name")
        .order_by("name", "id")[:limit]
    )


def proposal_id_by_number(*, user, term_id: int, kind: str, number: int) -> int:
    """The main item of a merge, by its number in the same term and kind; 0 if there is none in scope."""
    pk = (
        permissions.scope_for(user, "view")
        .filter(term_id=term_id, kind=kind, number=number)
        .values_list("pk", flat=True)
        .first()
    )
    return pk or 0


def replies_for(*, user, proposal: Proposal) -> QuerySet[Reply]:
    """Signed replies for everyone who sees the item; drafts only for the staff and the drafting unit."""
    from renda.core.roles import READ_ALL_ROLES, has_role

    qs = Reply.objects.filter(proposal=proposal).select_related("unit", "drafted_by", "signed_by")
    if has_role(user, *READ_ALL_ROLES):
        return qs
    unit_ids = getattr(user, "unit_ids", frozenset())
    return qs.filter(Q(status=ReplyStatus.SIGNED) | Q(unit_id__in=unit_ids))


def pending_requests(*, user) -> dict:
    return {
        "returns": list(selectors.pending_returns(user=user)[:200]),
        "extensions": list(selectors.pending_extensions(user=user)[:200]),
    }


def sessions_with_motion_windows() -> list[Session]:
    return list(
        Session.objects.filter(term__is_current=True, kind="congress")
        .select_related("motion_window")
        .order_by("-start_date", "-id")
    )


def published_replies(*, q: str = "") -> QuerySet[Proposal]:
    qs = selectors.published_replies()
    if q:
        cond = Q(title__icontains=q)
        if q.isdigit():
            cond |= Q(number=int(q))
        qs = qs.filter(cond)
    return qs


def published_reply(*, pk: int) -> Proposal | None:
    return selectors.published_replies().filter(pk=pk).first()


def item_records(*, user, proposal: Proposal) -> dict:
    """Everything the item page shows besides the item itself, each list in one query.

    Deputies see the signed replies, the consultations and the approved extensions; the internal records
    (co-handlers' opinions, draft replies, return requests) are for the staff, readers and assigned units.
    """
    from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, has_role
    from renda.proposals.models import CoHandlerOpinion

    internal = has_role(user, *READ_ALL_ROLES, *UNIT_ROLES)
    # proposal_for_view prefetched these
    replies = sorted(proposal.replies.all(), key=lambda r: (r.round, r.id))
    if not has_role(user, *READ_ALL_ROLES):
        units = getattr(user, "unit_ids", frozenset())
        replies = [r for r in replies if r.status == ReplyStatus.SIGNED or r.unit_id in units]
    records = {
        "internal": internal,
        "cosigner_rows": list(proposal.cosigners.all()),  # prefetched with deputy and delegation
        "attachments": sorted(proposal.attachments.all(), key=lambda a: (a.created_at, a.id)),
        "assignment_rows": sorted(proposal.assignments.all(), key=lambda a: (not a.is_active, a.role, a.id)),
        "consultations": sorted(proposal.consultations.all(), key=lambda c: (c.held_on, c.id)),
        "reply_rows": replies,
        "answer_replies": selectors.signed_replies(proposal) if proposal.merged_into_id else [],
        "ratings": sorted(proposal.ratings.all(), key=lambda r: (r.round, r.id)),
        "follow_ups": list(proposal.follow_ups.all()),
        "extensions": sorted(proposal.extension_requests.all(), key=lambda e: e.id),
        "merged_items": list(proposal.merged_items.all()),
        "opinions": [],
        "returns": [],
    }
    records["draft_replies"] = [r for r in records["reply_rows"] if r.status == ReplyStatus.DRAFT]
    if internal and getattr(proposal, "has_co_opinions", True):  # (proposal_for_view knows)
        records["opinions"] = list(
            CoHandlerOpinion.objects.filter(assignment__proposal=proposal)
            .select_related("assignment__unit", "author")
            .order_by("created_at", "id")
        )
    if internal and getattr(proposal, "has_return_requests", True):
        records["returns"] = list(
            ReturnRequest.objects.filter(assignment__proposal=proposal)
            .select_related("assignment__unit", "suggested_unit", "requested_by")
            .order_by("created_at", "id")
        )
    if not internal:
        records["extensions"] = [e for e in records["extensions"] if e.status == RequestStatus.APPROVED]
    return records


def settings_terms() -> list[Term]:
    """The terms whose settings staff may edit, the current one first, then the latest."""
    return list(Term.objects.select_related("congress").order_by("-is_current", "-start_date", "-id"))


def settings_term(term_id: int | None = None) -> Term | None:
    """The term asked for, or the current one (None when there is no such term)."""
    qs = Term.objects.select_related("congress")
    return qs.filter(pk=term_id).first() if term_id else qs.filter(is_current=True).first()
