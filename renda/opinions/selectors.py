"""Every read of citizens' opinions, starting from Opinion.objects.restrict(actor, action)."""

from __future__ import annotations

import datetime
from functools import cache, partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import compiled, spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import NotFound
from renda.core.events import label
from renda.core.models import Event
from renda.core.roles import READ_ALL_ROLES
from renda.deputies.models import Deputy
from renda.meetings.choices import AttendanceStatus, SessionKind
from renda.meetings.models import Attendance
from renda.opinions import documents, duty, rules
from renda.opinions.models import (
    ActivityKind,
    ActivityStatus,
    DutyActivity,
    Opinion,
    OpinionRating,
    OpinionStatus,
    Reception,
    ReceptionDuty,
)
from renda.opinions.permissions import can_manage, kept_station_ids
from renda.organization import selectors as organization_selectors
from renda.organization.models import HandlingUnit, LiaisonStation
from renda.proposals.choices import CosignStatus, Kind
from renda.proposals.models import Cosigner, Proposal
from renda.voting.models import Ballot

LIST_FIELDS = (
    "id", "code", "title", "status", "route", "channel", "received_on", "due_on", "replied_on",
    "station_id", "deputy_id", "unit_id", "station__name", "unit__name",
)  # fmt: skip


TRACK_FIELDS = (
    "id", "code", "title", "status", "route", "received_on", "due_on", "reply", "replied_on",
    "feedback", "closed_on", "station__name", "unit__name", "proposal_id", "project_id",
)  # fmt: skip


def opinion_list(
    actor: ActorLike, *, status: list[str] | None = None, station_id: int | None = None, q: str = ""
) -> QuerySet[Opinion]:
    """The opinions in the actor's scope, newest first (the keeper's list: their stations' opinions)."""
    qs = (
        Opinion.objects.restrict(as_actor(actor), "view").select_related("station", "unit").only(*LIST_FIELDS)
    )
    if status:
        qs = qs.filter(status__in=status)
    if station_id:
        qs = qs.filter(station_id=station_id)
    if q:
        qs = qs.filter(title__icontains=q[:50])
    return qs.order_by("-received_on", "-id")


def recordable_stations(actor: ActorLike) -> QuerySet[LiaisonStation]:
    """The stations the entry form offers: staff any (a station's paper register), a keeper the stations they
    keep, a deputy the stations they receive at (the service decides; this only keeps the list to them)."""
    actor = as_actor(actor)
    stations = LiaisonStation.objects.order_by("id")
    if can_manage(actor):
        return stations
    kept = kept_station_ids(actor)
    if kept:
        return stations.filter(pk__in=kept)
    if actor.deputy_id is not None:
        return stations.filter(deputies__id=actor.deputy_id)
    return stations.none()


def opinion(actor: ActorLike, pk: int) -> Opinion:
    """One opinion in the actor's scope (NotFound outside it)."""
    qs = Opinion.objects.restrict(as_actor(actor), "view").select_related(
        "station", "unit", "deputy", "proposal", "project", "recorded_by"
    )
    try:
        return qs.get(pk=pk)
    except Opinion.DoesNotExist as exc:
        raise NotFound(spine.policy_for(Opinion).not_found_message()) from exc


def by_code(code: str) -> Opinion:
    """The opinion a citizen follows by its tracking code (the public page shows nothing personal)."""
    normalized = rules.normalize_code(code)
    if normalized is None:
        raise NotFound("")
    found = (
        Opinion.objects.restrict(None, "track")
        .select_related("station", "unit")
        .filter(code=normalized)
        .only(*TRACK_FIELDS)
        .first()
    )
    if found is None:
        raise NotFound("")
    return found


def rating_of(opinion: Opinion) -> OpinionRating | None:
    return OpinionRating.objects.filter(opinion_id=opinion.pk).first()


def may_rate(opinion: Opinion, rating: OpinionRating | None) -> bool:
    return rules.can_rate(opinion.status, rating is not None, opinion.closed_on, timezone.localdate())


def overdue_days(opinion: Opinion) -> int:
    replied = opinion.status not in (OpinionStatus.STREET, OpinionStatus.FORWARDED)
    return rules.overdue(opinion.due_on, timezone.localdate(), replied)


def timeline(opinion: Opinion) -> list[dict]:
    """The opinion's events, oldest first, each with its label."""
    ct = ContentType.objects.get_for_model(Opinion)
    events = Event.objects.filter(content_type=ct, object_id=str(opinion.pk)).select_related("actor")
    return [{"label": label(e.action), "event": e} for e in events.order_by("created_at", "id")]


def stations() -> QuerySet[LiaisonStation]:
    return LiaisonStation.objects.order_by("id")


def units() -> QuerySet[HandlingUnit]:
    return HandlingUnit.objects.filter(is_active=True).order_by("order", "id")


def export_rows(actor: ActorLike, qs: QuerySet[Opinion]) -> list[list]:
    """The list as rows for Excel (no personal data: the citizen stays on the opinion's page)."""
    return [
        [
            o.code, o.title, o.get_status_display(), o.get_route_display(), o.get_channel_display(),
            o.station.name if o.station else "", o.unit.name if o.unit else "", o.received_on, o.due_on or "",
        ]
        for o in qs
    ]  # fmt: skip


def slip(actor: ActorLike, opinion: Opinion) -> documents.Slip:
    """The forwarding slip's sheet of an opinion at a unit; the citizen as `actor` may see them."""
    from renda.opinions.permissions import citizen_shown

    congress = organization_selectors.congress_name()
    shown = citizen_shown(as_actor(actor), opinion)
    return documents.Slip(
        congress=congress,
        code=opinion.code,
        title=opinion.title,
        content=opinion.content,
        location=opinion.location,
        station=opinion.station.name if opinion.station else "",
        received_on=opinion.received_on,
        unit=opinion.unit.name if opinion.unit else "",
        due_on=opinion.due_on,
        citizen=" ".join(v for v in (shown.get("name"), shown.get("phone")) if v),
        date=timezone.localdate(),
    )


# --- reception days (接待日) ----------------------------------------------------------------------------


def station(pk: int) -> LiaisonStation:
    found = LiaisonStation.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound("")
    return found


def public_receptions(station_id: int, *, limit: int = 20) -> list[Reception]:
    """A station's announced receptions from today on, with the deputies on duty (public: names only)."""
    qs = (
        Reception.objects.filter(station_id=station_id, date__gte=timezone.localdate())
        .prefetch_related(Prefetch("duties", queryset=ReceptionDuty.objects.select_related("deputy").only(
            "id", "reception_id", "deputy_id", "attended", "deputy__name")))
        .order_by("date", "slot")
    )  # fmt: skip
    return list(qs[:limit])


def reception_list(actor: ActorLike, *, station_id: int | None = None, upcoming: bool = True) -> QuerySet:
    """Receptions for the keeper (their stations), staff, leaders and auditors (all); upcoming or past."""
    actor = as_actor(actor)
    qs = Reception.objects.select_related("station").prefetch_related("duties__deputy")
    if not actor.has_role(*READ_ALL_ROLES):
        kept = kept_station_ids(actor)
        deputy_q = Q(duties__deputy_id=actor.deputy_id) if actor.deputy_id else Q(pk__in=[])
        qs = qs.filter(Q(station_id__in=kept) | deputy_q).distinct()
    if station_id:
        qs = qs.filter(station_id=station_id)
    today = timezone.localdate()
    return (
        qs.filter(date__gte=today).order_by("date", "id")
        if upcoming
        else qs.filter(date__lt=today).order_by("-date", "-id")
    )


def reception(actor: ActorLike, pk: int) -> Reception:
    """One reception in the actor's scope (its keeper, its deputies on duty, the readers of every record)."""
    actor = as_actor(actor)
    found = Reception.objects.select_related("station").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("未找到该接待日"))
    if actor.has_role(*READ_ALL_ROLES) or found.station_id in kept_station_ids(actor):
        return found
    if actor.deputy_id and found.duties.filter(deputy_id=actor.deputy_id).exists():
        return found
    raise NotFound(_("未找到该接待日"))


def reception_duties(reception: Reception) -> list[ReceptionDuty]:
    return list(reception.duties.select_related("deputy").order_by("deputy__name"))


def reception_opinions(actor: ActorLike, reception: Reception) -> QuerySet[Opinion]:
    return opinion_list(actor).filter(reception_id=reception.pk)


def station_deputies(station_id: int) -> QuerySet[Deputy]:
    return Deputy.objects.filter(stations__id=station_id, status="active").order_by("name").only("id", "name")


def managed_stations(actor: ActorLike) -> QuerySet[LiaisonStation]:
    actor = as_actor(actor)
    if can_manage(actor):
        return LiaisonStation.objects.order_by("id")
    return LiaisonStation.objects.filter(pk__in=kept_station_ids(actor)).order_by("id")


def receptions_today(actor: ActorLike) -> list[Reception]:
    """Today's receptions at the actor's stations (the entry form offers to link an opinion to one)."""
    return list(
        Reception.objects.filter(station__in=managed_stations(actor), date=timezone.localdate())
        .select_related("station")
        .order_by("station_id", "slot")
    )


# --- the duty record (履职档案) ---------------------------------------------------------------------------


def _sources(year: int) -> list[tuple[QuerySet, str, dict[str, Q | None]]]:
    """What each item of a year's record counts, compiled from what Renda records (never typed twice): per
    source table, its rows of the year, the column naming the deputy, and each item's condition on those rows
    (None: every row). The one definition both reads below use."""
    present = Q(status=AttendanceStatus.PRESENT)
    return [
        (
            Attendance.objects.filter(session__start_date__year=year),
            "deputy_id",
            {
                "sessions": present & Q(session__kind=SessionKind.CONGRESS),
                "committee": present & Q(session__kind=SessionKind.STANDING_COMMITTEE),
                "absent": Q(status=AttendanceStatus.ABSENT),
            },
        ),
        (
            Proposal.objects.filter(submitted_at__year=year),
            "lead_deputy_id",
            {"motions_lead": Q(kind=Kind.MOTION), "suggestions_lead": Q(kind=Kind.SUGGESTION)},
        ),
        (
            Cosigner.objects.filter(status=CosignStatus.CONFIRMED, proposal__submitted_at__year=year),
            "deputy_id",
            {"cosigned": None},
        ),
        (Ballot.objects.filter(poll__opened_at__year=year), "deputy_id", {"named_votes": None}),
        (
            ReceptionDuty.objects.filter(attended=True, reception__date__year=year),
            "deputy_id",
            {"receptions": None},
        ),
        (Opinion.objects.filter(received_on__year=year), "deputy_id", {"opinions": None}),
        (
            DutyActivity.objects.filter(status=ActivityStatus.CONFIRMED, date__year=year),
            "deputy_id",
            {kind: Q(kind=kind) for kind in ActivityKind.values},
        ),
    ]


def _counted(where: dict[str, Q | None]) -> dict[str, Count]:
    return {key: Count("pk", filter=q) for key, q in where.items()}


def duty_counts_many(deputy_ids: list[int], year: int) -> dict[int, dict[str, int]]:
    """Each deputy's counts of a year (the ranking): one grouped query per source table, its items counted
    by conditional aggregation, whatever the number of deputies."""
    ids = list(deputy_ids)
    out: dict[int, dict[str, int]] = {i: {} for i in ids}
    for qs, field, where in _sources(year):
        for i in ids:
            out[i].update(dict.fromkeys(where, 0))
        rows = qs.filter(**{f"{field}__in": ids}).values(field).annotate(**_counted(where)).order_by()
        for row in rows:
            out[row[field]].update({key: row[key] for key in where})
    return out


# One deputy's counts as one SQL statement, composed by the ORM once per (database, year, time zone) and then
# run as it is with the deputy's id as its parameter (core.compiled): composing its 14 subqueries on every
# request cost more CPU than running them (bench/opinions.py, the duty record at province scale).
def _counts_query(year: int, deputy_id: int) -> QuerySet[Deputy]:
    """SELECT (the count of each item: a scalar subquery on its source's rows of this deputy, an index range
    each) FROM the deputy's row."""
    counts = {}
    for qs, field, where in _sources(year):
        mine = qs.filter(**{field: OuterRef("pk")}).order_by().values(field)
        for item, value in _counted(where).items():
            counts[f"duty_{item}"] = Coalesce(Subquery(mine.annotate(n=value).values("n")), 0)
    return Deputy.objects.filter(pk=deputy_id).annotate(**counts).values(*counts).order_by()


@cache
def _count_keys() -> tuple[str, ...]:
    """The items' keys in the statement's order (the same for every year)."""
    return tuple(item for _qs, _field, where in _sources(2000) for item in where)


def duty_counts(deputy_id: int, year: int) -> dict[str, int]:
    """One deputy's counts of a year, in one query (every item 0 for an unknown deputy)."""
    keys = _count_keys()
    row = compiled.one_row("duty_counts", partial(_counts_query, year), deputy_id, key=year)
    return dict(zip(keys, row or [0] * len(keys), strict=True))


def _scoring() -> tuple[tuple, tuple]:
    custom = getattr(settings, "RENDA_DUTY_SCORING", None) or {}
    return tuple(custom.get("items", duty.DEFAULT_SCORING)), tuple(custom.get("bands", duty.DEFAULT_BANDS))


def duty_record(deputy_id: int, year: int, *, lists: bool = True) -> dict:
    """A deputy's record of a year: the items (count, points), the score and its band (derived, never
    stored), and — unless `lists` is False (the public profile shows none of them) — the duties they added
    and the receptions they were on duty at. Four queries (two without the lists)."""
    deputy = Deputy.objects.select_related("delegation", "term").filter(pk=deputy_id).first()
    if deputy is None:
        raise NotFound(_("未找到该代表"))
    items, bands = _scoring()
    counts = duty_counts(deputy_id, year)
    value = duty.score(counts, items)
    record = {
        "deputy": deputy,
        "year": year,
        "counts": counts,
        "lines": duty.lines(counts, items),
        "score": value,
        "band": duty.band(value, bands),
        "activities": [],
        "receptions": [],
    }
    if lists:
        record["activities"] = list(
            DutyActivity.objects.filter(deputy_id=deputy_id, date__year=year).order_by("-date", "-id")
        )
        record["receptions"] = list(
            ReceptionDuty.objects.filter(deputy_id=deputy_id, reception__date__year=year)
            .select_related("reception__station")
            .order_by("-reception__date")[:50]
        )
    return record


def duty_ranking(year: int, *, delegation_id: int | None = None) -> list[dict]:
    """The ranking table for staff: the serving deputies (of one delegation, or all), by score."""
    qs = (
        Deputy.objects.filter(status="active")
        .select_related("delegation")
        .only("id", "name", "delegation__name", "delegation__order")
    )
    if delegation_id:
        qs = qs.filter(delegation_id=delegation_id)
    deputies = list(qs)
    items, bands = _scoring()
    counts = duty_counts_many([d.pk for d in deputies], year)
    rows = []
    for d in deputies:
        value = duty.score(counts[d.pk], items)
        rows.append({"deputy": d, "score": value, "band": duty.band(value, bands), "counts": counts[d.pk]})
    rows.sort(key=lambda r: (-r["score"], r["deputy"].name))
    return rows


def pending_activities() -> QuerySet[DutyActivity]:
    return (
        DutyActivity.objects.filter(status=ActivityStatus.PENDING).select_related("deputy").order_by("date")
    )


def duty_report(deputy_id: int, year: int) -> documents.DutyReport:
    """The sheet of a deputy's 述职报告 drafted from the record."""
    record = duty_record(deputy_id, year)
    congress = organization_selectors.congress_name()
    d = record["deputy"]
    return documents.DutyReport(
        congress=congress,
        deputy=d.name,
        delegation=d.delegation.name if d.delegation_id else "",
        year=year,
        lines=[(_(item.label), n, pts) for item, n, pts in record["lines"]],
        score=record["score"],
        band=_(record["band"]),
        activities=[
            (a.date, a.get_kind_display(), a.title) for a in record["activities"] if a.status == "confirmed"
        ],
        absent=record["counts"].get("absent", 0),
        date=timezone.localdate(),
    )


# --- early warning (预警器) -------------------------------------------------------------------------------


def topic_texts_since(since: datetime.datetime) -> list[tuple[object, str, datetime.datetime | None, float]]:
    """Opinions received since `since` as hot topics' items (id, title and content, time, weight 1): insight
    clusters them with the suggestions (registered in apps.ready)."""
    rows = Opinion.objects.filter(received_on__gte=since.date()).values_list(
        "pk", "title", "content", "received_on"
    )
    tz = timezone.get_current_timezone()
    return [
        (pk, f"{title}\n{content}", datetime.datetime.combine(day, datetime.time(12), tzinfo=tz), 1.0)
        for pk, title, content, day in rows
    ]


def warning_opinions(actor: ActorLike, ids: list[int]) -> QuerySet[Opinion]:
    """The opinions behind an alert, as far as the actor may see them."""
    return opinion_list(actor).filter(pk__in=ids[:500])
