"""The lists of items (the pages' and the API's), their filters' choices, and the lists of things waiting
for someone: the co-signing inbox, units' pending requests, the sessions' motion deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from renda.core.actors import as_actor
from renda.core.roles import Role
from renda.meetings.models import Session
from renda.organization.models import Delegation, HandlingUnit
from renda.proposals import rules
from renda.proposals.choices import (
    AssignmentRole,
    CosignStatus,
    ReplyStatus,
    Satisfaction,
)
from renda.proposals.models import (
    Assignment,
    Cosigner,
    ExtensionRequest,
    Proposal,
    Rating,
    Reply,
    ReturnRequest,
    Topic,
)
from renda.proposals.selectors.terms import (
    NOT_SUBMITTED,
    OPEN_STATES,
    annotate_deadlines,
    due_soon_days,
)


def _active_assignments(*, brief: bool = False) -> Prefetch:
    qs = Assignment.objects.filter(is_active=True).select_related("unit").order_by("role", "id")
    return Prefetch("assignments", queryset=qs.only(*BRIEF_ASSIGNMENT_FIELDS) if brief else qs)


def _flag(params: Mapping, name: str) -> bool:
    value = params.get(name)
    return str(value).lower() in ("1", "true", "yes", "on") if value is not None else False


def _values(params: Mapping, name: str) -> list[str]:
    """A multi-valued filter: a list (ProposalFilter's), or one value or a comma list (the API's)."""
    value = params.get(name)
    if value in (None, ""):
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [str(v) for v in items if v]


def _int(params: Mapping, name: str) -> int | None:
    value = params.get(name)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


BRIEF_FIELDS = (
    "id",
    "kind",
    "status",
    "number",
    "motion_number",
    "title",
    "submitted_at",
    "assigned_at",
    "due_date",
    "result_category",
    "key_supervision",
    "lead_deputy__id",
    "lead_deputy__name",
    "topic__id",
    "topic__name",
    "delegation__id",
    "delegation__name",
)


BRIEF_ASSIGNMENT_FIELDS = (
    "id",
    "proposal_id",
    "unit_id",
    "role",
    "assigned_on",
    "is_active",
    "unit__id",
    "unit__name",
)


def _unit_items(unit: int, params: Mapping, today: dt.date) -> QuerySet:
    """Ids of the unit's items (active assignments), narrowed by the state and due-date filters on the
    assignments' copies of them, so that the database reads only the unit's matching rows. The caller
    filters the items themselves too: the copies only narrow, they never decide."""
    asg = Assignment.objects.filter(unit_id=unit, is_active=True)
    if status := _values(params, "status"):
        asg = asg.filter(proposal_status__in=status)
    if _flag(params, "overdue"):
        asg = asg.filter(proposal_status__in=OPEN_STATES, proposal_due_date__lt=today)
    return asg.values("proposal_id")


def proposal_list(
    *, user, params: Mapping | None = None, today: dt.date | None = None, brief: bool = False
) -> QuerySet[Proposal]:
    """The items `user` may list, filtered and sorted.

    params: kind, status (one or a comma list), unit (an active assignment's unit id), delegation, topic,
    overdue, due_soon (days: the term setting's default 15), unsatisfied, key, to_sign (a draft reply of
    the current round waits for sign-off: drafts_to_sign), mine (the deputy's own: led
    or co-signed), q (title, or the number), year (of submission), term, sort ("due" — default: nearest due
    date first, items without one last —, "-submitted", "number", "drafts": drafts first).
    Rows carry is_overdue, days_left and their active assignments (with units), lead deputy, topic,
    delegation: a page costs a constant number of queries whatever its size. brief: only BRIEF_FIELDS.
    """
    today = today or timezone.localdate()
    qs = _filtered(user, params or {}, today).select_related("lead_deputy", "topic", "delegation")
    if brief:
        qs = qs.only(*BRIEF_FIELDS)
    return qs.prefetch_related(_active_assignments(brief=brief))


def proposal_ids(*, user, params: Mapping | None = None, today: dt.date | None = None) -> QuerySet:
    """The ids of proposal_list, in its order: a narrow query to count and slice a page of, whose rows
    proposal_rows then loads (the database sorts ids, not joined rows, before it cuts the page)."""
    return _filtered(user, params or {}, today or timezone.localdate()).values_list("pk", flat=True)


NAME_SEPARATOR = "\x1f"


class JoinedNames(Aggregate):
    """Texts joined by NAME_SEPARATOR, in no particular order: STRING_AGG on PostgreSQL, GROUP_CONCAT on
    SQLite."""

    function = "STRING_AGG"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(NAME_SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def lead_unit_names() -> Subquery:
    """The names of an item's active lead (or split-lead) units, joined by NAME_SEPARATOR."""
    leads = (
        Assignment.objects.filter(proposal=OuterRef("pk"), is_active=True)
        .exclude(role=AssignmentRole.CO)
        .order_by()
        .values("proposal")
        .annotate(names=JoinedNames("unit__name"))
        .values("names")
    )
    return Subquery(leads, output_field=CharField())


PAGE_ROW_FIELDS = ("id", "kind", "status", "number", "title", "due_date", "key_supervision", "submitted_at")


def proposal_rows(
    ids: list[int], *, today: dt.date | None = None, due_soon_days: int = rules.DUE_SOON_DAYS
) -> list[Proposal]:
    """The list page's rows of `ids` (already scoped and filtered by proposal_ids), in the order given:
    PAGE_ROW_FIELDS, is_overdue, days_left, is_due_soon (rules.is_due_soon with the term's window
    `due_soon_days`), waiting_days (rules.days_waited since submission; None before it), lead_name (the
    lead deputy's) and lead_unit_names. One query; names as plain columns, not related objects (a row then
    costs one model instance, not four)."""
    today = today or timezone.localdate()
    qs = (
        annotate_deadlines(Proposal.objects.filter(pk__in=ids), today)
        .only(*PAGE_ROW_FIELDS)
        .annotate(lead_name=F("lead_deputy__name"), lead_unit_names=lead_unit_names())
    )
    rows = {p.pk: p for p in qs}
    for p in rows.values():  # days_left is None unless the item is open (annotate_deadlines)
        p.is_due_soon = rules.is_due_soon(p.due_date, today, p.days_left is not None, due_soon_days)
        p.waiting_days = (
            rules.days_waited(timezone.localtime(p.submitted_at).date(), today) if p.submitted_at else None
        )
    return [rows[pk] for pk in ids if pk in rows]


def _filtered(user, params: Mapping, today: dt.date) -> QuerySet[Proposal]:

    qs = annotate_deadlines(Proposal.objects.restrict(user, "list"), today)
    if kind := params.get("kind"):
        qs = qs.filter(kind=kind)
    if status := _values(params, "status"):
        qs = qs.filter(status__in=status)
    if _flag(params, "mine"):
        deputy_id = as_actor(user).deputy_id
        own = Q(lead_deputy_id=deputy_id) | Q(
            pk__in=Cosigner.objects.filter(deputy_id=deputy_id).values("proposal_id")
        )
        qs = qs.filter(own) if deputy_id is not None else qs.none()
    if (unit := _int(params, "unit")) is not None:
        qs = qs.filter(pk__in=_unit_items(unit, params, today))
    if (delegation := _int(params, "delegation")) is not None:
        qs = qs.filter(delegation_id=delegation)
    if (topic := _int(params, "topic")) is not None:
        qs = qs.filter(Q(topic_id=topic) | Q(topic__parent_id=topic))
    if (term := _int(params, "term")) is not None:
        qs = qs.filter(term_id=term)
    if (year := _int(params, "year")) is not None:
        qs = qs.filter(submitted_at__year=year)
    if _flag(params, "overdue"):
        qs = qs.filter(status__in=OPEN_STATES, due_date__lt=today)
    if params.get("due_soon") not in (None, "", "0", "false"):
        days = _int(params, "due_soon")
        days = days if days and days > 1 else due_soon_days(_int(params, "term"))
        qs = qs.filter(
            status__in=OPEN_STATES, due_date__gte=today, due_date__lte=today + dt.timedelta(days=days)
        )
    if _flag(params, "unsatisfied"):
        qs = qs.filter(
            Exists(
                Rating.objects.filter(proposal=OuterRef("pk")).filter(
                    Q(result=Satisfaction.UNSATISFIED) | Q(attitude=Satisfaction.UNSATISFIED)
                )
            )
        )
    if _flag(params, "key"):
        qs = qs.filter(key_supervision=True)
    if _flag(params, "to_sign"):
        qs = qs.filter(Exists(drafts_to_sign(user)))
    if q := (params.get("q") or "").strip():
        cond = Q(title__icontains=q)
        digits = q.lstrip("第").rstrip("号")
        if digits.isdigit():
            cond |= Q(number=int(digits))
        qs = qs.filter(cond)
    sort = params.get("sort") or "due"
    if sort == "-submitted":
        qs = qs.order_by(F("submitted_at").desc(nulls_last=True), "-id")
    elif sort == "drafts":  # a deputy's own list: drafts first, then the latest submitted
        drafts_first = Case(When(status__in=NOT_SUBMITTED, then=Value(0)), default=Value(1))
        qs = qs.order_by(drafts_first, F("submitted_at").desc(nulls_first=True), "-id")
    elif sort == "number":
        qs = qs.order_by("kind", F("number").asc(nulls_last=True), "id")
    else:
        qs = qs.order_by(F("due_date").asc(nulls_last=True), "-id")
    return qs


def drafts_to_sign(user) -> QuerySet[Reply]:
    """The draft replies of an item's current round that wait for sign-off (签发) — correlated with the outer
    item (OuterRef("pk")). A unit leader's: their units' drafts (what they may sign, the policy's guard
    draft_waiting); anyone else's (staff and readers): every unit's."""
    drafts = Reply.objects.filter(
        proposal=OuterRef("pk"),
        status=ReplyStatus.DRAFT,
        round=OuterRef("rehandle_count") + 1,
        proposal__status__in=OPEN_STATES,
    )
    units = as_actor(user).unit_ids_for(Role.UNIT_LEADER)
    return drafts.filter(unit_id__in=sorted(units)) if units else drafts


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
            status__in=NOT_SUBMITTED,
        )
        .select_related("lead_deputy")
        .order_by("-updated_at", "-id")
        .distinct()
    )


def pending_returns(*, user) -> QuerySet:
    """Return requests waiting for staff (within the user's scope)."""

    return (
        ReturnRequest.objects.filter(
            status="pending", assignment__proposal__in=Proposal.objects.restrict(user, "list")
        )
        .select_related("assignment__unit", "assignment__proposal", "suggested_unit", "requested_by")
        .order_by("created_at", "id")
    )


def pending_extensions(*, user) -> QuerySet:

    return (
        ExtensionRequest.objects.filter(
            status="pending", proposal__in=Proposal.objects.restrict(user, "list")
        )
        .select_related("unit", "proposal", "requested_by")
        .order_by("created_at", "id")
    )


def pending_requests(*, user) -> dict:
    return {
        "returns": list(pending_returns(user=user)[:200]),
        "extensions": list(pending_extensions(user=user)[:200]),
    }


def proposal_titles(*, user, ids: list[int]) -> dict[int, str]:
    """The titles of the items of `ids` inside the user's scope (a batch's results name its refused items;
    an item outside the scope stays unnamed)."""
    return dict(Proposal.objects.restrict(user, "view").filter(pk__in=ids).values_list("pk", "title"))


def pending_request_count(*, user) -> int:
    """How many return and extension requests wait for staff: the count of the rows the requests page
    (pending_requests) lists — the home page's 退回与延期申请 tile."""
    returns = pending_returns(user=user).order_by().values("pk")
    extensions = pending_extensions(user=user).order_by().values("pk")
    return returns.union(extensions, all=True).count()  # one query


def sessions_with_motion_windows() -> list[Session]:
    return list(
        Session.objects.filter(term__is_current=True, kind="congress")
        .select_related("motion_window")
        .order_by("-start_date", "-id")
    )
