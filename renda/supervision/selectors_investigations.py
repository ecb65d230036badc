"""Reads of investigations of a specific question and removal motions: the lists a user may see, what
awaits a member's signature, the count against the one fifth needed, the committee's candidates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.deputies.models import StandingCommitteeMember
from renda.supervision import workflow
from renda.supervision.models import Investigation, MotionSignature, RemovalMotion

Motion = Investigation | RemovalMotion


def investigations(actor: ActorLike) -> QuerySet[Investigation]:
    return Investigation.objects.restrict(as_actor(actor), "view").select_related("lead").order_by("-id")


def investigation(actor: ActorLike, pk: int) -> Investigation:
    return spine.get_visible(Investigation, actor, pk)


def removals(actor: ActorLike) -> QuerySet[RemovalMotion]:
    return RemovalMotion.objects.restrict(as_actor(actor), "view").select_related("lead").order_by("-id")


def removal(actor: ActorLike, pk: int) -> RemovalMotion:
    return spine.get_visible(RemovalMotion, actor, pk)


def _to_sign(model: type[Motion], actor: ActorLike) -> QuerySet:
    actor = as_actor(actor)
    if actor.deputy_id is None:
        return model.objects.none()
    field = "investigation" if model is Investigation else "removal"
    terms = StandingCommitteeMember.objects.filter(deputy_id=actor.deputy_id, end_date__isnull=True).values(
        "standing_committee__term_id"
    )
    signed = MotionSignature.objects.filter(**{field: OuterRef("pk")}, deputy_id=actor.deputy_id)
    return (
        model.objects.filter(status="signing", sign_deadline__gt=timezone.now(), term_id__in=terms)
        .filter(~Exists(signed))
        .select_related("lead")
        .order_by("sign_deadline", "id")
    )


def investigations_to_sign(actor: ActorLike) -> QuerySet[Investigation]:
    """The proposals open for signing that the member (serving now) has not signed yet."""
    return _to_sign(Investigation, actor)


def removals_to_sign(actor: ActorLike) -> QuerySet[RemovalMotion]:
    return _to_sign(RemovalMotion, actor)


def to_sign_count(actor: ActorLike) -> int:
    """What awaits the member's signature (the home page's tile): one query (a UNION ALL counted)."""
    if as_actor(actor).deputy_id is None:
        return 0
    both = (
        investigations_to_sign(actor)
        .order_by()
        .values("pk")
        .union(removals_to_sign(actor).order_by().values("pk"), all=True)
    )
    return both.count()


@dataclass(frozen=True)
class Count:
    needed: int
    members: int
    signed: int  # signed before the deadline
    reached: bool


def signature_count(obj: Motion) -> Count:
    qs = obj.signatures.all()
    if obj.sign_deadline is not None:
        qs = qs.filter(signed_at__lte=obj.sign_deadline)
    signed = qs.count()
    return Count(
        needed=obj.signers_needed,
        members=obj.members_total,
        signed=signed,
        reached=bool(obj.signers_needed) and signed >= obj.signers_needed,
    )


def signatures(obj: Motion) -> list[MotionSignature]:
    return list(obj.signatures.select_related("deputy").order_by("signed_at", "id"))


def serving_members(term_id: int) -> list[StandingCommitteeMember]:
    """The term's standing committee's members serving now (candidates for the committee)."""
    return list(
        StandingCommitteeMember.objects.filter(standing_committee__term_id=term_id, end_date__isnull=True)
        .select_related("deputy")
        .order_by("deputy__name", "id")
    )


def committee(obj: Investigation) -> list:
    return list(obj.members.order_by("id"))


def evidence_of(obj: Investigation, pk: int):
    return obj.evidence.filter(pk=pk).first()


WORK_STATES = frozenset({workflow.InvState.SIGNING, workflow.RemState.SIGNING})


def vote_poll(obj: Motion):
    """The poll of the meeting's vote on the members' devices, if one was opened: the investigation's own
    motion poll, or the removal list's poll of its one person (renda.appointments' case polls)."""
    from renda.voting.models import Poll

    return Poll.objects.filter(pk=obj.poll_id).first() if obj.poll_id else None


def resolution_poll(obj: Investigation):
    from renda.voting.models import Poll

    return Poll.objects.filter(pk=obj.res_poll_id).first() if obj.res_poll_id else None


def investigations_public() -> QuerySet[Investigation]:
    """The published investigations, newest first: the report and the standing committee's resolution
    (监督法 第五十九条), with the committee's members — never the evidence or the signatures."""
    return (
        Investigation.objects.restrict(None, "public")
        .prefetch_related("members")
        .order_by("-published_on", "-id")
    )
