"""The handling report's figures and the public page of published replies."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from renda.proposals import rules, workflow
from renda.proposals.choices import (
    AssignmentRole,
    ReplyStatus,
    Satisfaction,
)
from renda.proposals.models import (
    Assignment,
    Consultation,
    Proposal,
    Rating,
    Reply,
)
from renda.proposals.selectors.lists import (
    _active_assignments,
)
from renda.proposals.selectors.terms import (
    NOT_SUBMITTED,
    OPEN_STATES,
    annotate_deadlines,
)


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def dashboard_figures(
    *, user, term_id: int | None = None, year: int | None = None, today: dt.date | None = None
) -> dict:
    """The handling report's figures over the items `user` may see (a constant number of queries), of a
    term and/or of the items submitted in `year`: counts by status, category, unit (lead units),
    delegation, topic; on-time rate (rules.on_time_rate: first replies by their deadline,
    Proposal.first_reply_on_time, over the items that owe a reply, rules.owes_reply — overdue unanswered
    ones count against); consultation rate (replied items with a recorded consultation); satisfaction
    rate (lead deputies' latest ratings, 满意 + 基本满意 on the result); the overdue list (first 100)."""

    today = today or timezone.localdate()
    qs = Proposal.objects.restrict(user, "list").exclude(status__in=NOT_SUBMITTED)
    if term_id:
        qs = qs.filter(term_id=term_id)
    if year:
        qs = qs.filter(submitted_at__year=year)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    by_category = dict(
        qs.exclude(result_category="").values_list("result_category").annotate(n=Count("id")).order_by()
    )
    by_kind = dict(qs.values_list("kind").annotate(n=Count("id")).order_by())
    by_unit = list(
        Assignment.objects.filter(proposal__in=qs, is_active=True)
        .exclude(role=AssignmentRole.CO)
        .values("unit_id", "unit__name")
        .annotate(
            n=Count("proposal_id", distinct=True),
            overdue=Count(
                "proposal_id",
                distinct=True,
                filter=Q(proposal__status__in=OPEN_STATES, proposal__due_date__lt=today),
            ),
        )
        .order_by("-n", "unit__name")
    )
    by_delegation = list(
        qs.values("delegation_id", "delegation__name")
        .annotate(n=Count("id"))
        .order_by("-n", "delegation__name")
    )
    by_topic = list(
        qs.values("topic_id", "topic__name").annotate(n=Count("id")).order_by("-n", "topic__name")
    )
    replied_q = Q(replied_at__isnull=False)
    agg = qs.aggregate(
        total=Count("id"),
        replied=Count("id", filter=replied_q),
        on_time=Count("id", filter=replied_q & Q(first_reply_on_time=True)),
        # rules.owes_reply in SQL: replied, or past its due date (the due day is still in time)
        owed=Count("id", filter=replied_q | Q(due_date__lt=today)),
        consulted=Count(
            "id", filter=replied_q & Q(Exists(Consultation.objects.filter(proposal=OuterRef("pk"))))
        ),
        overdue=Count("id", filter=Q(status__in=OPEN_STATES, due_date__lt=today)),
        key=Count("id", filter=Q(key_supervision=True)),
    )
    # the lead deputies' latest ratings
    latest = list(
        Rating.objects.filter(proposal__in=qs, deputy_id=F("proposal__lead_deputy_id"))
        .order_by("proposal_id", "-round", "-id")
        .values_list("proposal_id", "result", "attitude")
    )
    seen: dict[int, tuple[str, str]] = {}
    for pid, result, attitude in latest:
        seen.setdefault(pid, (result, attitude))
    results = Counter(r for r, _a in seen.values())
    satisfied = results[Satisfaction.SATISFIED] + results[Satisfaction.BASICALLY]
    overdue_list = list(
        annotate_deadlines(qs.filter(status__in=OPEN_STATES, due_date__lt=today), today)
        .select_related("lead_deputy")
        .prefetch_related(_active_assignments())
        .order_by("due_date", "id")[:100]
    )
    return {
        "total": agg["total"],
        "by_status": by_status,
        "by_kind": by_kind,
        "by_category": by_category,
        "by_unit": by_unit,
        "by_delegation": by_delegation,
        "by_topic": by_topic,
        "replied": agg["replied"],
        "on_time": agg["on_time"],
        "owed": agg["owed"],
        "on_time_rate": rules.on_time_rate(agg["on_time"], agg["owed"]),
        "consulted": agg["consulted"],
        "consultation_rate": _rate(agg["consulted"], agg["replied"]),
        "rated": len(seen),
        "satisfaction": dict(results),
        "satisfaction_rate": _rate(satisfied, len(seen)),
        "overdue": agg["overdue"],
        "key": agg["key"],
        "overdue_list": overdue_list,
    }


def published_replies(*, q: str = "") -> QuerySet[Proposal]:
    """Items staff made public, with their signed replies, for the public page (no sign-in); `q`: a title
    word or the number."""
    qs = (
        Proposal.objects.filter(is_public=True, status__in=workflow.PUBLISHED)
        .select_related("lead_deputy", "topic", "term__congress")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(status=ReplyStatus.SIGNED).select_related("unit"),
                to_attr="signed_replies",
            )
        )
        .order_by("-replied_at", "-id")
    )
    if q:
        cond = Q(title__icontains=q)
        if q.isdigit():
            cond |= Q(number=int(q))
        qs = qs.filter(cond)
    return qs


def published_reply(*, pk: int) -> Proposal | None:
    return published_replies().filter(pk=pk).first()
