"""Every read of motions and suggestions: lists, an item's page, its timeline, the figures, public replies.

Everything starts from permissions.scope_for (ARCHITECTURE pattern 5). Overdue and days left are derived
from the due date and today in the query (pattern 4), never stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone

from renda.core.models import EventAttachment
from renda.organization.models import Term
from renda.proposals import workflow
from renda.proposals.choices import AssignmentRole, ReplyStatus, Satisfaction, Status
from renda.proposals.models import (
    Assignment,
    Attachment,
    CoHandlerOpinion,
    Consultation,
    Cosigner,
    FollowUpReport,
    Proposal,
    ProposalSettings,
    Rating,
    Reply,
    ReturnRequest,
)

OPEN_STATES = sorted(s.value for s in workflow.OPEN)
NOT_SUBMITTED = (Status.DRAFT, Status.COSIGNING)
DEFAULT_DUE_SOON_DAYS = 15


def settings_for(term_id: int | None) -> ProposalSettings:
    """The term's settings, or MISSION's defaults (unsaved) when staff have not set any."""
    found = ProposalSettings.objects.filter(term_id=term_id).first() if term_id else None
    return found or ProposalSettings(term_id=term_id)


def due_soon_days(term_id: int | None = None) -> int:
    """The term's "due soon" window (ProposalSettings.due_soon_days; the current term when none is given)."""
    if term_id is None:
        return current_term_due_soon()[1]
    return settings_for(term_id).due_soon_days or DEFAULT_DUE_SOON_DAYS


def current_term_due_soon() -> tuple[int | None, int]:
    """The current term's id and its "due soon" window in days, in one query (None and the default when
    there is no current term)."""
    row = Term.objects.filter(is_current=True).values_list("pk", "proposal_settings__due_soon_days").first()
    if row is None:
        return None, DEFAULT_DUE_SOON_DAYS
    return row[0], row[1] or DEFAULT_DUE_SOON_DAYS


class DaysUntil(Func):
    """Whole days from `today` to a date column (negative once past), on SQLite and PostgreSQL."""

    output_field = IntegerField()

    def __init__(self, expression, today: dt.date):
        super().__init__(expression, Value(today.isoformat()))

    def as_sqlite(self, compiler, connection, **extra):
        lhs, lp = compiler.compile(self.source_expressions[0])
        rhs, rp = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({lhs}) - julianday({rhs}) AS INTEGER)", [*lp, *rp]

    def as_postgresql(self, compiler, connection, **extra):
        lhs, lp = compiler.compile(self.source_expressions[0])
        rhs, rp = compiler.compile(self.source_expressions[1])
        return f"({lhs} - ({rhs})::date)", [*lp, *rp]

    def as_sql(self, compiler, connection, **extra):  # other backends: not supported
        return self.as_postgresql(compiler, connection, **extra)


def annotate_deadlines(qs: QuerySet[Proposal], today: dt.date | None = None) -> QuerySet[Proposal]:
    """is_overdue (an open item past its due date) and days_left (None when nothing is due)."""
    today = today or timezone.localdate()
    open_ = Q(status__in=OPEN_STATES, due_date__isnull=False)
    return qs.annotate(
        is_overdue=Case(
            When(open_ & Q(due_date__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        days_left=Case(
            When(open_, then=DaysUntil(F("due_date"), today)), default=None, output_field=IntegerField()
        ),
    )


def _active_assignments(*, brief: bool = False) -> Prefetch:
    qs = Assignment.objects.filter(is_active=True).select_related("unit").order_by("role", "id")
    return Prefetch("assignments", queryset=qs.only(*BRIEF_ASSIGNMENT_FIELDS) if brief else qs)


def _flag(params: Mapping, name: str) -> bool:
    value = params.get(name)
    return str(value).lower() in ("1", "true", "yes", "on") if value is not None else False


def _int(params: Mapping, name: str) -> int | None:
    value = params.get(name)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# what a list row shows (the list page and the API's list): brief=True reads only these columns, since a
# wide row (the item's ~40 columns, the lead deputy's ~30) costs more to load than the page's SQL
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
    if status := params.get("status"):
        asg = asg.filter(proposal_status__in=[s for s in str(status).split(",") if s])
    if _flag(params, "overdue"):
        asg = asg.filter(proposal_status__in=OPEN_STATES, proposal_due_date__lt=today)
    return asg.values("proposal_id")


def proposal_list(
    *, user, params: Mapping | None = None, today: dt.date | None = None, brief: bool = False
) -> QuerySet[Proposal]:
    """The items `user` may list, filtered and sorted.

    params: kind, status (one or a comma list), unit (an active assignment's unit id), delegation, topic,
    overdue, due_soon (days: the term setting's default 15), unsatisfied, key, q (title, or the number),
    year (of submission), term, sort ("due" — default: nearest due date first, items without one last —,
    "-submitted", "number").
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


PAGE_ROW_FIELDS = ("id", "kind", "status", "number", "title", "due_date", "key_supervision")


def proposal_rows(ids: list[int], *, today: dt.date | None = None) -> list[Proposal]:
    """The list page's rows of `ids` (already scoped and filtered by proposal_ids), in the order given:
    PAGE_ROW_FIELDS, is_overdue, days_left, lead_name (the lead deputy's) and lead_unit_names. One query;
    names as plain columns, not related objects (a row then costs one model instance, not four)."""
    qs = (
        annotate_deadlines(Proposal.objects.filter(pk__in=ids), today or timezone.localdate())
        .only(*PAGE_ROW_FIELDS)
        .annotate(lead_name=F("lead_deputy__name"), lead_unit_names=lead_unit_names())
    )
    rows = {p.pk: p for p in qs}
    return [rows[pk] for pk in ids if pk in rows]


def _filtered(user, params: Mapping, today: dt.date) -> QuerySet[Proposal]:
    from renda.proposals.permissions import scope_for

    qs = annotate_deadlines(scope_for(user, "list"), today)
    if kind := params.get("kind"):
        qs = qs.filter(kind=kind)
    if status := params.get("status"):
        qs = qs.filter(status__in=[s for s in str(status).split(",") if s])
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
    if q := (params.get("q") or "").strip():
        cond = Q(title__icontains=q)
        digits = q.lstrip("第").rstrip("号")
        if digits.isdigit():
            cond |= Q(number=int(digits))
        qs = qs.filter(cond)
    sort = params.get("sort") or "due"
    if sort == "-submitted":
        qs = qs.order_by(F("submitted_at").desc(nulls_last=True), "-id")
    elif sort == "number":
        qs = qs.order_by("kind", F("number").asc(nulls_last=True), "id")
    else:
        qs = qs.order_by(F("due_date").asc(nulls_last=True), "-id")
    return qs


def _item_relations() -> dict[str, Prefetch]:
    """What the item page shows of each related table (reverse relations of Proposal)."""
    return {
        "cosigners": Prefetch(
            "cosigners", queryset=Cosigner.objects.select_related("deputy__delegation").order_by("id")
        ),
        "assignments": Prefetch(
            "assignments", queryset=Assignment.objects.select_related("unit").order_by("role", "id")
        ),
        "attachments": Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        "replies": Prefetch(
            "replies", queryset=Reply.objects.select_related("unit", "signed_by", "drafted_by")
        ),
        "ratings": Prefetch("ratings", queryset=Rating.objects.select_related("deputy")),
        "consultations": Prefetch("consultations", queryset=Consultation.objects.select_related("unit")),
        "extension_requests": Prefetch("extension_requests"),
        "merged_items": Prefetch("merged_items"),
        "follow_ups": Prefetch(
            "follow_ups", queryset=FollowUpReport.objects.select_related("unit").order_by("created_at", "id")
        ),
    }


def _has(name: str) -> Exists:
    field = Proposal._meta.get_field(name)
    return Exists(field.related_model._base_manager.filter(**{field.field.name: OuterRef("pk")}))


def _prefetch_present(p: Proposal, relations: dict[str, Prefetch]) -> None:
    """Prefetch the relations the item has rows in (its has_<name> annotations); the others are set to
    empty without a query. Most items use a few of the eight tables, and a query costs ~1 ms of CPU."""
    prefetch_related_objects([p], *(rel for name, rel in relations.items() if getattr(p, f"has_{name}")))
    cache = p.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in relations:
        if name not in cache:
            empty = getattr(p, name).get_queryset().none()
            empty._result_cache, empty._prefetch_done = [], True
            cache[name] = empty


def proposal_for_view(*, user, pk: int) -> Proposal:
    """One item inside the user's scope (Http404 outside it), with what its page shows: its related rows
    prefetched, one query per table the item has rows in."""
    from renda.proposals.permissions import scope_for

    relations = _item_relations()
    qs = (
        annotate_deadlines(scope_for(user, "view"))
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
    _prefetch_present(p, relations)
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
    return [r for r in main.replies.all() if r.status == ReplyStatus.SIGNED]


def timeline(proposal: Proposal) -> list[dict]:
    """Every step of the item in order: Events (who, when, what, comment, changes, attachments) and the
    files attached to it. One query (two when events carry files); `proposal` comes from proposal_for_view
    (attachments prefetched)."""
    from renda.core.selectors import events_for

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
    for a in proposal.attachments.all():  # prefetched (with uploaded_by) by proposal_for_view
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


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def dashboard_figures(*, user, term_id: int | None = None, today: dt.date | None = None) -> dict:
    """The handling report's figures over the items `user` may see (a constant number of queries):
    counts by status, category, unit (lead units), delegation, topic; on-time rate (the first reply by
    its deadline: Proposal.first_reply_on_time); consultation rate (replied items with a recorded
    consultation); satisfaction rate (lead deputies' latest ratings, 满意 + 基本满意 on the result); the
    overdue list (first 100)."""
    from renda.proposals.permissions import scope_for

    today = today or timezone.localdate()
    qs = scope_for(user, "list").exclude(status__in=NOT_SUBMITTED)
    if term_id:
        qs = qs.filter(term_id=term_id)
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
        "on_time_rate": _rate(agg["on_time"], agg["replied"]),
        "consulted": agg["consulted"],
        "consultation_rate": _rate(agg["consulted"], agg["replied"]),
        "rated": len(seen),
        "satisfaction": dict(results),
        "satisfaction_rate": _rate(satisfied, len(seen)),
        "overdue": agg["overdue"],
        "key": agg["key"],
        "overdue_list": overdue_list,
    }


def published_replies() -> QuerySet[Proposal]:
    """Items staff made public, with their signed replies, for the public page (no sign-in)."""
    return (
        Proposal.objects.filter(is_public=True, status__in=[Status.REPLIED, Status.FOLLOW_UP, Status.CLOSED])
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


def pending_returns(*, user) -> QuerySet:
    """Return requests waiting for staff (within the user's scope)."""
    from renda.proposals.models import ReturnRequest
    from renda.proposals.permissions import scope_for

    return (
        ReturnRequest.objects.filter(status="pending", assignment__proposal__in=scope_for(user, "list"))
        .select_related("assignment__unit", "assignment__proposal", "suggested_unit", "requested_by")
        .order_by("created_at", "id")
    )


def pending_extensions(*, user) -> QuerySet:
    from renda.proposals.models import ExtensionRequest
    from renda.proposals.permissions import scope_for

    return (
        ExtensionRequest.objects.filter(status="pending", proposal__in=scope_for(user, "list"))
        .select_related("unit", "proposal", "requested_by")
        .order_by("created_at", "id")
    )


# --- training samples for renda.insight routing (registered in apps.py) ---------------------------------

TRAINING_LIMIT = 50_000


def _text_fields():
    return ("title", "content", "cause", "basis", "plan")


def _joined(row) -> str:
    return "\n".join(x for x in row if x)


def training_by_topic():
    """(text, topic name) of submitted items with a topic, the latest first: routing learns the category."""
    rows = (
        Proposal.objects.exclude(status__in=NOT_SUBMITTED)
        .filter(topic__isnull=False)
        .order_by("-id")
        .values_list(*_text_fields(), "topic__name")[:TRAINING_LIMIT]
    )
    for *texts, label in rows.iterator(chunk_size=2000):
        yield _joined(texts), label


def training_by_unit():
    """(text, lead unit name) of assigned items (active lead assignments): routing learns the unit."""
    rows = (
        Assignment.objects.filter(is_active=True, role=AssignmentRole.LEAD)
        .order_by("-id")
        .values_list(*(f"proposal__{f}" for f in _text_fields()), "unit__name")[:TRAINING_LIMIT]
    )
    for *texts, label in rows.iterator(chunk_size=2000):
        yield _joined(texts), label


def topic_texts_since(since: dt.datetime):
    """(id, text, submitted at, weight) of the motions and suggestions submitted since `since`, for hot topics
    (renda.insight): every item a deputy submitted is a problem raised — whatever became of it (accepted,
    returned, handled as a letter, merged) — except the withdrawn ones; drafts never count. Text: the title
    and body as services.proposal_text; weight: the lead deputy plus the confirmed co-signers."""
    from renda.proposals.choices import CosignStatus

    rows = (
        Proposal.objects.filter(submitted_at__gte=since)
        .exclude(status__in=(*NOT_SUBMITTED, Status.WITHDRAWN))
        .annotate(signers=Count("cosigners", filter=Q(cosigners__status=CosignStatus.CONFIRMED)))
        .order_by("-submitted_at", "-id")
        .values_list("id", *_text_fields(), "submitted_at", "signers")[:TRAINING_LIMIT]
    )
    for pk, *texts, submitted_at, signers in rows.iterator(chunk_size=2000):
        yield pk, _joined(texts), submitted_at, 1 + signers
