"""Reads of deputies. Every list starts from Deputy.objects.restrict(actor, action) (DeputyPolicy)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Q, QuerySet

from renda.core.http import get_scoped_or_404
from renda.core.roles import READ_ALL_ROLES, has_role
from renda.core.selectors import events_for
from renda.deputies.models import Deputy, DeputyStatusChange
from renda.organization.models import Delegation, LiaisonStation

# Filters shared by the roster page, its xlsx export and the API: name → how it narrows the queryset.
FILTERS = ("q", "delegation", "status", "gender", "party", "occupation", "station")


def deputy_filter(qs: QuerySet[Deputy], params: Mapping[str, object]) -> QuerySet[Deputy]:
    q = str(params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(card_number__startswith=q) | Q(workplace__contains=q))
    for field, lookup in (
        ("delegation", "delegation_id"),
        ("status", "status"),
        ("gender", "gender"),
        ("party", "party"),
        ("occupation", "occupation"),
        ("station", "stations__id"),
    ):
        value = params.get(field)
        if value not in (None, ""):
            qs = qs.filter(**{lookup: value})
    return qs


def deputy_list(
    *, user, action: str = "list", params: Mapping[str, object] | None = None
) -> QuerySet[Deputy]:
    qs = deputy_filter(Deputy.objects.restrict(user, action), params or {})
    return qs.select_related("delegation", "term").order_by(
        "delegation__order", "delegation_id", "card_number"
    )


def deputy_status_counts(qs: QuerySet[Deputy]) -> dict[str, int]:
    """{status: number} over a (filtered, scoped) list, in one query."""
    rows = qs.order_by().values("status").annotate(n=Count("id", distinct=True))
    return {row["status"]: row["n"] for row in rows}


def delegation_choices() -> list[tuple[str, str]]:
    rows = Delegation.objects.select_related("term").order_by(
        "-term__is_current", "-term__number", "order", "id"
    )
    return [(str(d.pk), d.name if d.term.is_current else f"{d.name}（{d.term.number}）") for d in rows]


def station_choices(user) -> list[tuple[str, str]]:
    qs = LiaisonStation.objects.order_by("id")
    if not has_role(user, *READ_ALL_ROLES):
        qs = qs.filter(keeper=user) if getattr(user, "is_authenticated", False) else qs.none()
    return [(str(s.pk), s.name) for s in qs]


def deputy_for_view(*, user, pk: int) -> Deputy:
    """One deputy inside the user's view scope (404 outside it), with what the detail page shows."""
    qs = Deputy.objects.restrict(user, "view").select_related("delegation", "term__congress", "user")
    return get_scoped_or_404(qs, pk=pk)


def deputy_status_history(deputy: Deputy) -> QuerySet[DeputyStatusChange]:
    return deputy.status_changes.select_related("recorded_by").order_by("-effective_date", "-id")


def deputy_memberships(deputy: Deputy) -> dict[str, list]:
    sc = list(
        deputy.sc_memberships.select_related("standing_committee__term__congress").order_by(
            "end_date", "-start_date"
        )
    )
    committees = list(
        deputy.committee_memberships.select_related("committee").order_by("committee__order", "committee_id")
    )
    return {"standing_committee": sc, "committees": committees}


def deputy_stations(deputy: Deputy) -> list[LiaisonStation]:
    return list(deputy.stations.select_related("keeper").order_by("id"))


def deputy_public(*, pk: int) -> Deputy:
    """Any deputy, of any status, for the public duty profile (代表法 第58条). Personal data stays unread."""
    qs = Deputy.objects.select_related("delegation", "term__congress").defer(
        "id_number", "phone", "birth_date", "card_number"
    )
    return get_scoped_or_404(qs, pk=pk)


def public_directory(*, q: str = "", delegation: int | None = None) -> QuerySet[Deputy]:
    """代表名单 for the public (代表法 第58条: deputies' basic information is public): the current term's
    deputies in office, by delegation; name and delegation only, no personal data read."""
    from renda.deputies.choices import DeputyStatus

    qs = Deputy.objects.filter(term__is_current=True, status=DeputyStatus.ACTIVE)
    if q:
        qs = qs.filter(name__contains=q)
    if delegation is not None:
        qs = qs.filter(delegation_id=delegation)
    return (
        qs.select_related("delegation")
        .only("id", "name", "delegation__id", "delegation__name", "delegation__order")
        .order_by("delegation__order", "delegation_id", "name", "id")
    )


def public_delegations() -> list[dict]:
    """The current term's delegations with their deputies in office (the public front page)."""
    from renda.deputies.choices import DeputyStatus

    return list(
        Delegation.objects.filter(term__is_current=True)
        .annotate(n=Count("deputies", filter=Q(deputies__status=DeputyStatus.ACTIVE)))
        .order_by("order", "id")
        .values("id", "name", "n")
    )


def deputy_events(deputy: Deputy):
    return events_for(deputy).order_by("-created_at", "-id")
