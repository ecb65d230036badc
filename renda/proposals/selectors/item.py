"""One item: its page (the item with its related rows, what the user may see of them), its timeline,
the replies that answer it, co-signer candidates, a merge's main item by number.
"""

from __future__ import annotations

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404

from renda.core.actors import as_actor
from renda.core.models import EventAttachment
from renda.core.prefetch import prefetch_present, rows
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, has_role
from renda.core.selectors import events_for
from renda.deputies.models import Deputy
from renda.proposals.choices import (
    CosignStatus,
    ReplyStatus,
    RequestStatus,
)
from renda.proposals.models import (
    Assignment,
    Attachment,
    CoHandlerOpinion,
    Consultation,
    Cosigner,
    FollowUpReport,
    Proposal,
    Rating,
    Reply,
    ReturnRequest,
)
from renda.proposals.selectors.terms import (
    annotate_deadlines,
)


def _item_relations() -> dict[str, QuerySet | None]:
    """What the item page shows of each related table (reverse relations of Proposal; None: the plain
    relation). Read them with core.prefetch.rows(p, name)."""
    return {
        "cosigners": Cosigner.objects.select_related("deputy__delegation").order_by("id"),
        "assignments": Assignment.objects.select_related("unit").order_by("role", "id"),
        "attachments": Attachment.objects.select_related("uploaded_by"),
        "replies": Reply.objects.select_related("unit", "signed_by", "drafted_by"),
        "ratings": Rating.objects.select_related("deputy"),
        "consultations": Consultation.objects.select_related("unit"),
        "extension_requests": None,
        "merged_items": None,
        "follow_ups": FollowUpReport.objects.select_related("unit").order_by("created_at", "id"),
    }


def _has(name: str) -> Exists:
    field = Proposal._meta.get_field(name)
    return Exists(field.related_model._base_manager.filter(**{field.field.name: OuterRef("pk")}))


def proposal_for_view(*, user, pk: int) -> Proposal:
    """One item inside the user's scope (Http404 outside it), with what its page shows: its related rows
    prefetched, one query per table the item has rows in."""

    relations = _item_relations()
    qs = (
        annotate_deadlines(Proposal.objects.restrict(user, "view"))
        # what the page shows of them; the rarer ones (the item it was merged into …) load when present.
        # Each join more costs PostgreSQL's planner ~0.5 ms on this query with its nine EXISTS.
        .select_related("lead_deputy", "topic", "delegation", "session", "supervising_committee")
        .annotate(**{f"has_{name}": _has(name) for name in relations})
        # the records through its assignments (the page reads them only when there are some)
        .annotate(
            has_return_requests=Exists(ReturnRequest.objects.filter(assignment__proposal=OuterRef("pk"))),
            has_co_opinions=Exists(CoHandlerOpinion.objects.filter(assignment__proposal=OuterRef("pk"))),
        )
    )
    try:
        p = qs.get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    prefetch_present(p, relations)  # one query per table the item has rows in; none for the others
    return p


def answering_item(p: Proposal) -> Proposal:
    """The item whose reply answers `p`: itself, or the main item it was merged into (并案)."""
    seen = set()
    while p.merged_into_id and p.pk not in seen:
        seen.add(p.pk)
        p = p.merged_into
    return p


def signed_replies(p: Proposal) -> list[Reply]:
    """The signed replies that answer `p` (those of the main item when merged)."""
    main = answering_item(p)
    return [r for r in rows(main, "replies") if r.status == ReplyStatus.SIGNED]


def timeline(proposal: Proposal) -> list[dict]:
    """Every step of the item in order: Events (who, when, what, comment, changes, attachments) and the
    files attached to it. One query (two when events carry files); `proposal` comes from proposal_for_view
    (attachments prefetched)."""

    files = EventAttachment.objects.filter(event=OuterRef("pk"))
    events = list(events_for(proposal).annotate(has_files=Exists(files)).order_by("created_at", "id"))
    prefetch_related_objects([e for e in events if e.has_files], "attachments")  # no query when none
    entries = [
        {
            "at": e.created_at,
            "kind": "event",
            "action": e.action,
            "actor": e.actor,
            "comment": e.comment,
            "changes": e.changes,
            "attachments": list(e.attachments.all()) if e.has_files else [],
        }
        for e in events
    ]
    for a in rows(proposal, "attachments"):  # prefetched (with uploaded_by) by proposal_for_view
        entries.append(
            {
                "at": a.created_at,
                "kind": "attachment",
                "action": "proposal_attachment",
                "actor": a.uploaded_by,
                "comment": a.name,
                "changes": {},
                "attachments": [a],
            }
        )
    entries.sort(key=lambda x: (x["at"], 0 if x["kind"] == "event" else 1))
    return entries


def draft_reply_units(user) -> frozenset[int] | None:
    """Whose draft replies `user` sees: None for every unit's (staff and the read-all roles), else only
    their own units' (a handling unit sees its own draft; a deputy none). Signed replies: everyone who sees
    the item. The one rule the item page, the letter download and the API read."""
    actor = as_actor(user)
    return None if actor.has_role(*READ_ALL_ROLES) else actor.unit_ids


def visible_replies(*, user, proposal: Proposal) -> list[Reply]:
    """The item's replies `user` may read (draft_reply_units), by round; `proposal` from proposal_for_view
    (replies prefetched)."""
    units = draft_reply_units(user)
    replies = sorted(rows(proposal, "replies"), key=lambda r: (r.round, r.id))
    return [r for r in replies if units is None or r.status == ReplyStatus.SIGNED or r.unit_id in units]


def replies_for(*, user, proposal: Proposal) -> QuerySet[Reply]:
    """The item's replies `user` may read, as a queryset (draft_reply_units)."""
    qs = Reply.objects.filter(proposal=proposal).select_related("unit", "drafted_by", "signed_by")
    units = draft_reply_units(user)
    return qs if units is None else qs.filter(Q(status=ReplyStatus.SIGNED) | Q(unit_id__in=units))


def item_records(*, user, proposal: Proposal) -> dict:
    """Everything the item page shows besides the item itself, each list in one query.

    Deputies see the signed replies, the consultations and the approved extensions; the internal records
    (co-handlers' opinions, draft replies, return requests) are for the staff, readers and assigned units.
    """

    internal = has_role(user, *READ_ALL_ROLES, *UNIT_ROLES)
    replies = visible_replies(user=user, proposal=proposal)  # proposal_for_view prefetched them
    records = {
        "internal": internal,
        "cosigner_rows": rows(proposal, "cosigners"),  # prefetched with deputy and delegation
        "attachments": sorted(rows(proposal, "attachments"), key=lambda a: (a.created_at, a.id)),
        "assignment_rows": sorted(
            rows(proposal, "assignments"), key=lambda a: (not a.is_active, a.role, a.id)
        ),
        "consultations": sorted(rows(proposal, "consultations"), key=lambda c: (c.held_on, c.id)),
        "reply_rows": replies,
        "answer_replies": signed_replies(proposal) if proposal.merged_into_id else [],
        "ratings": sorted(rows(proposal, "ratings"), key=lambda r: (r.round, r.id)),
        "follow_ups": rows(proposal, "follow_ups"),
        "extensions": sorted(rows(proposal, "extension_requests"), key=lambda e: e.id),
        "merged_items": rows(proposal, "merged_items"),
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
        Proposal.objects.restrict(user, "view")
        .filter(term_id=term_id, kind=kind, number=number)
        .values_list("pk", flat=True)
        .first()
    )
    return pk or 0


def lead_deputy_contact(proposal: Proposal, *, full: bool) -> dict | None:
    """The lead deputy's contact for the handling unit's consultation (沟通): name, workplace and phone —
    the phone in full when `full` (permissions.lead_contact_shown decides), else masked (138****1234).
    Read from the item's select_related lead deputy: no query."""
    from renda.deputies.privacy import mask_phone

    deputy = proposal.lead_deputy
    if deputy is None:
        return None
    return {
        "name": deputy.name,
        "workplace": deputy.workplace,
        "phone": (deputy.phone if full else mask_phone(deputy.phone)) or "",
        "full": full,
    }


def cosigners_waiting(proposal: Proposal) -> int:
    """How many invited co-signers have not answered yet (提交 waits for them)."""
    return proposal.cosigners.filter(status=CosignStatus.INVITED).count()
