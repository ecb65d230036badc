"""Reads of the supervision app.

The ranking of handling units for deputies' suggestions (the leader's question "who is slow"): the figures of
every unit are computed by the database in one grouped query over renda.proposals' records (read only: the
lead and split-lead assignments, the items' dates, the lead deputies' latest ratings), then scored by the
published formula (rules.unit_score) and placed (rules.places)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.utils import timezone

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.models import Event
from renda.organization.models import Term
from renda.proposals.choices import AssignmentRole, Kind, Satisfaction
from renda.proposals.models import Assignment, Rating
from renda.proposals.selectors.terms import NOT_SUBMITTED, OPEN_STATES
from renda.supervision import rules, workflow
from renda.supervision.models import Interpellation, InterpellationSigner, Item, Plan, SignatureStatus

SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)


@dataclass(frozen=True)
class RankRow:
    place: int
    unit_id: int
    unit_name: str
    figures: rules.UnitFigures
    score: rules.UnitScore


@dataclass
class UnitRanking:
    term: Term | None
    year: int | None
    today: dt.date
    weights: rules.Weights
    rows: list[RankRow] = field(default_factory=list)

    def position(self, unit_ids: set[int] | frozenset[int]) -> list[RankRow]:
        """The rows of the given units (a unit's own page shows where it stands)."""
        return [r for r in self.rows if r.unit_id in unit_ids]

    @property
    def label(self) -> str:
        parts = []
        if self.term is not None:
            parts.append(str(self.term))
        if self.year is not None:
            parts.append(f"{self.year}年")
        return " · ".join(parts)


def unit_figures(*, term_id: int | None = None, year: int | None = None, today: dt.date) -> list[dict]:
    """One row per handling unit that leads (主办 or 分办) a submitted suggestion of the term and/or of
    the year submitted: the counts of rules.UnitFigures, as computed by the database (one query)."""
    qs = Assignment.objects.filter(
        is_active=True,
        role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
        proposal__kind=Kind.SUGGESTION,
    ).exclude(proposal__status__in=NOT_SUBMITTED)
    if term_id:
        qs = qs.filter(proposal__term_id=term_id)
    if year:
        qs = qs.filter(proposal__submitted_at__year=year)
    latest_result = Subquery(
        Rating.objects.filter(
            proposal_id=OuterRef("proposal_id"), deputy_id=OuterRef("proposal__lead_deputy_id")
        )
        .order_by("-round", "-id")
        .values("result")[:1]
    )
    replied = Q(proposal__replied_at__isnull=False)
    past_due = Q(proposal__due_date__lt=today)
    # open (in handling or re-handling) past its due date: the overdue of the suggestions' own lists
    overdue_open = Q(proposal__status__in=OPEN_STATES) & past_due
    days_late = ExpressionWrapper(Value(today) - F("proposal__due_date"), output_field=DurationField())
    rows = (
        qs.alias(latest_result=latest_result)
        .values("unit_id", "unit__name")
        .annotate(
            items=Count("proposal_id", distinct=True),
            # rules.owes_reply in SQL: replied, or past its due date unanswered (the due day is in time)
            owed=Count("proposal_id", distinct=True, filter=replied | past_due),
            on_time=Count(
                "proposal_id", distinct=True, filter=replied & Q(proposal__first_reply_on_time=True)
            ),
            replied=Count("proposal_id", distinct=True, filter=replied),
            rated=Count("proposal_id", distinct=True, filter=replied & Q(latest_result__isnull=False)),
            satisfied=Count("proposal_id", distinct=True, filter=replied & Q(latest_result__in=SATISFIED)),
            rehandled=Count("proposal_id", distinct=True, filter=replied & Q(proposal__rehandle_count__gt=0)),
            overdue_time=Sum(days_late, filter=overdue_open),
        )
        .order_by("unit__name", "unit_id")
    )
    out: list[dict] = []
    for row in rows:
        figures: dict = dict(row)
        late = figures.pop("overdue_time")
        figures["overdue_days"] = late.days if late else 0
        out.append(figures)
    return out


def unit_ranking(
    *,
    term_id: int | None = None,
    year: int | None = None,
    today: dt.date | None = None,
    weights: rules.Weights | None = None,
) -> UnitRanking:
    """The handling units ranked by the published formula, for a term and/or a year (both empty: every
    suggestion). Every unit that leads at least one item is ranked; equal scores share a place."""
    today = today or timezone.localdate()
    weights = weights or rules.DEFAULT_WEIGHTS
    term = Term.objects.filter(pk=term_id).first() if term_id else None
    scored = []
    for row in unit_figures(term_id=term_id, year=year, today=today):
        figures = rules.UnitFigures(
            **{
                k: row[k]
                for k in (
                    "items",
                    "owed",
                    "on_time",
                    "replied",
                    "rated",
                    "satisfied",
                    "rehandled",
                    "overdue_days",
                )
            }
        )
        scored.append((row["unit_id"], row["unit__name"], figures, rules.unit_score(figures, weights)))
    scored.sort(key=lambda s: rules.ranking_key(s[1], s[3].score, s[3].on_time_rate))
    places = rules.places([(name, sc.score, sc.on_time_rate) for _u, name, _f, sc in scored])
    result = UnitRanking(term=term, year=year, today=today, weights=weights)
    result.rows = [
        RankRow(place=p, unit_id=u, unit_name=name, figures=f, score=sc)
        for p, (u, name, f, sc) in zip(places, scored, strict=True)
    ]
    return result


def ranking_terms() -> list[Term]:
    return list(Term.objects.select_related("congress").order_by("-start_date", "-id"))


def ranking_years(term_id: int | None = None) -> list[int]:
    from renda.proposals.models import Proposal

    qs = Proposal.objects.filter(kind=Kind.SUGGESTION, submitted_at__isnull=False)
    if term_id:
        qs = qs.filter(term_id=term_id)
    dates = qs.dates("submitted_at", "year", order="DESC")
    return [d.year for d in dates]


def decimal_or_none(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- the annual plan and its items --------------------------------------------------------------------------


def plans(actor: ActorLike, *, public: bool = False):
    qs = Plan.objects.restrict(None if public else as_actor(actor), "public" if public else "view")
    return qs.select_related("term").order_by("-year", "-id")


def plan(actor: ActorLike, pk: int) -> Plan:
    return spine.get_visible(Plan, actor, pk)


def with_timing(items, today: dt.date | None = None) -> list[Item]:
    """Each item with `timing` (rules.AnswerTiming, or None before the opinions are sent) and
    `days_overdue`: derived from the dates, never stored."""
    today = today or timezone.localdate()
    out = []
    for item in items:
        if item.due_date is None:
            item.timing, item.days_overdue = None, 0
        else:
            item.timing = rules.answer_timing(item.due_date, item.answered_on, today)
            item.days_overdue = rules.days_overdue(item.due_date, item.answered_on, today)
        out.append(item)
    return out


def items(
    actor: ActorLike, *, plan: Plan | None = None, overdue: bool = False, public: bool = False
) -> list[Item]:
    """The items the actor may see (of a plan), with their timing; `overdue`: only answers past due (an
    SQL filter: sent, not answered, due date passed — the due day is still in time)."""
    today = timezone.localdate()
    qs = Item.objects.restrict(None if public else as_actor(actor), "public" if public else "view")
    if plan is not None:
        qs = qs.filter(plan=plan)
    if overdue:
        qs = qs.filter(status__in=workflow.AWAITING_ANSWER, answered_on__isnull=True, due_date__lt=today)
    qs = qs.select_related("plan", "body", "committee", "meeting").order_by(
        "plan__year", "planned_month", "id"
    )
    return with_timing(qs, today)


def plan_items(actor: ActorLike, plan: Plan) -> list[Item]:
    """Every item of a plan, for its page: the plan itself is public once adopted (titles, bodies, months);
    `visible` marks the items whose record the actor may open."""
    visible = set(
        Item.objects.restrict(as_actor(actor), "view").filter(plan=plan).values_list("pk", flat=True)
    )
    rows = with_timing(
        plan.items.select_related("body", "committee", "meeting").order_by("planned_month", "id")
    )
    for row in rows:
        setattr(row, "visible", row.pk in visible)  # noqa: B010  (a page's mark, not a field)
    return rows


def item(actor: ActorLike, pk: int, *, public: bool = False) -> Item:
    if public:
        found = Item.objects.restrict(None, "public").select_related("plan", "body").filter(pk=pk).first()
        if found is None:
            from renda.core.errors import NotFound

            raise NotFound(str(pk))
        return with_timing([found])[0]
    return with_timing([spine.get_visible(Item, actor, pk)])[0]


def item_opinions(item: Item):
    return list(item.opinions.order_by("id"))


def item_timeline(item: Item | Interpellation) -> list[dict]:
    """The item's (or interpellation's) events, oldest first, each with its label."""
    from django.contrib.contenttypes.models import ContentType

    from renda.core.events import label

    ct = ContentType.objects.get_for_model(type(item))
    events = Event.objects.filter(content_type=ct, object_id=str(item.pk)).select_related("actor")
    return [{"label": label(e.action), "event": e} for e in events.order_by("created_at", "id")]


# --- interpellations ------------------------------------------------------------------------------------


def interpellations(actor: ActorLike):
    """The interpellations the actor may see, newest first."""
    return (
        Interpellation.objects.restrict(as_actor(actor), "view")
        .select_related("body", "lead")
        .order_by("-id")
    )


def interpellation(actor: ActorLike, pk: int) -> Interpellation:
    return spine.get_visible(Interpellation, actor, pk)


@dataclass(frozen=True)
class SignatureCount:
    needed: int
    signed: int  # signed before the deadline
    invited: int  # still to answer
    declined: int
    dissatisfied: int  # of the signatories, after the answer
    second_allowed: bool  # more than half of the signatories dissatisfied (监督法 第五十四条)


def signature_count(obj: Interpellation) -> SignatureCount:
    rows = list(obj.signers.values_list("status", "signed_at", "dissatisfied"))
    deadline = obj.sign_deadline
    signed = [
        r
        for r in rows
        if r[0] == SignatureStatus.SIGNED and (deadline is None or (r[1] is not None and r[1] <= deadline))
    ]
    dissatisfied = sum(1 for r in signed if r[2])
    return SignatureCount(
        needed=obj.signers_needed,
        signed=len(signed),
        invited=sum(1 for r in rows if r[0] == SignatureStatus.INVITED),
        declined=sum(1 for r in rows if r[0] == SignatureStatus.DECLINED),
        dissatisfied=dissatisfied,
        second_allowed=bool(signed) and rules.second_answer_allowed(dissatisfied, len(signed)),
    )


def interpellation_signers(obj: Interpellation) -> list[InterpellationSigner]:
    return list(obj.signers.select_related("deputy").order_by("id"))


def interpellations_to_sign(actor: ActorLike):
    """The interpellations awaiting the actor's signature (a member's to-do), still open for signing."""
    actor = as_actor(actor)
    if actor.deputy_id is None:
        return Interpellation.objects.none()
    return (
        Interpellation.objects.filter(
            status=workflow.IState.SIGNING,
            sign_deadline__gt=timezone.now(),
            signers__deputy_id=actor.deputy_id,
            signers__status=SignatureStatus.INVITED,
        )
        .select_related("body", "lead")
        .order_by("sign_deadline", "id")
    )


def sign_candidates(obj: Interpellation) -> list:
    """The members of the term's standing committee serving today, but the lead (whom the lead may invite)."""
    from renda.deputies.models import StandingCommitteeMember

    return list(
        StandingCommitteeMember.objects.filter(standing_committee__term_id=obj.term_id, end_date__isnull=True)
        .exclude(deputy_id=obj.lead_id)
        .select_related("deputy")
        .order_by("deputy__name", "id")
    )


# --- law-enforcement inspections ---------------------------------------------------------------------------


def inspection(actor: ActorLike, pk: int):
    from renda.supervision.models import Inspection

    return spine.get_visible(Inspection, actor, pk)


def inspection_of(actor: ActorLike, item: Item):
    """The item's inspection when there is one and the actor may see it, else None."""
    from renda.supervision.models import Inspection

    return Inspection.objects.restrict(as_actor(actor), "view").filter(item=item).first()


def group_candidates(obj) -> list:
    """The term's deputies not yet in the group (members of the standing committee first)."""
    from renda.deputies.models import Deputy

    term_id = obj.item.plan.term_id
    taken = obj.members.values("deputy_id")
    return list(
        Deputy.objects.filter(term_id=term_id, status="active")
        .exclude(pk__in=taken)
        .order_by("name", "id")[:500]
    )


# --- special inquiries --------------------------------------------------------------------------------------


def inquiry(actor: ActorLike, pk: int):
    from renda.supervision.models import Inquiry

    return spine.get_visible(Inquiry, actor, pk)


def inquiries_public():
    """The published special inquiries, newest first, with their questions and answers (the public page)."""
    from django.db.models import Prefetch

    from renda.supervision.models import Inquiry, InquiryQuestion

    questions = InquiryQuestion.objects.select_related("asker", "body").order_by("id")
    return (
        Inquiry.objects.restrict(None, "public")
        .select_related("item", "item__body")
        .prefetch_related(Prefetch("questions", queryset=questions))
        .order_by("-published_on", "-id")
    )


def inquiry_of(actor: ActorLike, item: Item):
    """The item's special inquiry when there is one and the actor may see it, else None."""
    from renda.supervision.models import Inquiry

    return Inquiry.objects.restrict(as_actor(actor), "view").filter(item=item).first()


def askers(obj) -> list:
    """The term's serving members of the standing committee, who may ask."""
    from renda.deputies.models import Deputy

    term_id = obj.item.plan.term_id
    return list(
        Deputy.objects.filter(
            sc_memberships__standing_committee__term_id=term_id,
            sc_memberships__end_date__isnull=True,
        )
        .distinct()
        .order_by("name", "id")[:500]
    )


def bodies() -> list:
    """The bodies that may be questioned (the handling units)."""
    from renda.organization.models import HandlingUnit

    return list(HandlingUnit.objects.order_by("name", "id")[:500])
