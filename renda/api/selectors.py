"""Reads the API needs that no app offers yet. Each starts from the owning app's permission scope.

Move these into renda.organization.selectors when that module exists (the API would then call it).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from renda.deputies.choices import DeputyStatus
from renda.organization.models import Delegation, HandlingUnit
from renda.organization.permissions import delegation_scope_for, unit_scope_for


def unit_list(
    *,
    user,
    action: str = "list",
    kind: str | None = None,
    parent: int | None = None,
    q: str | None = None,
    active: bool | None = None,
) -> QuerySet[HandlingUnit]:
    qs = unit_scope_for(user, action)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(short_name__contains=q) | Q(code__startswith=q))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("order", "id")


def delegation_list(*, user, action: str = "list", term: int | None = None) -> QuerySet[Delegation]:
    qs = delegation_scope_for(user, action)
    if term is not None:
        qs = qs.filter(term_id=term)
    return (
        qs.select_related("term")
        .annotate(
            deputy_count=Count("deputies", filter=Q(deputies__status=DeputyStatus.ACTIVE)),
            deputy_total=Count("deputies"),
        )
        .order_by("term_id", "order", "id")
    )
