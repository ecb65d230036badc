"""Reads of deputies. Every list starts from permissions.scope_for(user, action)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from renda.deputies.models import Deputy
from renda.deputies.permissions import scope_for

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
    qs = deputy_filter(scope_for(user, action), params or {})
    return qs.select_related("delegation", "term").order_by(
        "delegation__order", "delegation_id", "card_number"
    )
