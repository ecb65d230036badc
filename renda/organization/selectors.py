"""Reads of the organisation: the overview of the congress and the handling-unit directory.

Layering: organization sits below deputies and accounts, so it never imports them. Deputies' memberships
and users are reached through reverse relations by name ("members", "deputies", "roles"), and users through
get_user_model().
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from renda.core.http import get_scoped_or_404
from renda.core.roles import READ_ALL_ROLES, Role, has_role
from renda.organization.models import (
    Committee,
    Congress,
    Delegation,
    HandlingUnit,
    LiaisonStation,
    StandingCommittee,
    Term,
)
from renda.organization.tree import tree_order

# Positions of the council of chairpersons (主任会议; deputies.choices.COUNCIL_POSITIONS), in rank order.
# Spelled out here because organization may not import deputies.
COUNCIL_POSITIONS = ("chair", "vice_chair", "secretary_general")
POSITION_RANK = {p: i for i, p in enumerate((*COUNCIL_POSITIONS, "member"))}
ACTIVE = "active"


def _rank(position: str) -> int:
    return POSITION_RANK.get(position, len(POSITION_RANK))


def _position_order():
    return Case(
        *[When(position=p, then=Value(i)) for p, i in POSITION_RANK.items()],
        default=Value(len(POSITION_RANK)),
        output_field=IntegerField(),
    )


def congress_overview() -> dict:
    """Everything the overview page shows, in a fixed number of queries (whatever the size)."""
    congress = Congress.objects.order_by("id").first()
    if congress is None:
        return {"congress": None}
    term = Term.objects.filter(congress=congress, is_current=True).first()
    standing_committee = StandingCommittee.objects.filter(term=term).first() if term is not None else None
    council, other_members, committees = [], [], []
    if standing_committee is not None:
        members = list(
            standing_committee.members.filter(end_date__isnull=True)
            .select_related("deputy")
            .annotate(rank=_position_order())
            .order_by("rank", "start_date", "id")
        )
        council = [m for m in members if m.position in COUNCIL_POSITIONS]
        other_members = [m for m in members if m.position not in COUNCIL_POSITIONS]
        committees = list(
            Committee.objects.filter(standing_committee=standing_committee)
            .prefetch_related("members__deputy")
            .order_by("kind", "order", "id")
        )
        for committee in committees:
            committee.sorted_members = sorted(
                committee.members.all(), key=lambda m: (_rank(m.position), m.pk)
            )
    delegations = (
        list(
            Delegation.objects.filter(term=term)
            .annotate(
                deputy_count=Count("deputies", distinct=True),
                active_count=Count("deputies", filter=Q(deputies__status=ACTIVE), distinct=True),
            )
            .order_by("order", "id")
        )
        if term is not None
        else []
    )
    stations = list(
        LiaisonStation.objects.select_related("keeper")
        .annotate(deputy_count=Count("deputies", distinct=True))
        .order_by("id")
    )
    return {
        "congress": congress,
        "term": term,
        "standing_committee": standing_committee,
        "council": council,
        "other_members": other_members,
        "special_committees": [c for c in committees if c.kind == "special"],
        "working_bodies": [c for c in committees if c.kind == "working"],
        "delegations": delegations,
        "delegation_total": sum(d.deputy_count for d in delegations),
        "delegation_active": sum(d.active_count for d in delegations),
        "stations": stations,
    }


def unit_list(
    *, user, action: str = "list", params: Mapping[str, Any] | None = None
) -> QuerySet[HandlingUnit]:
    """Units in `user`'s scope, filtered as the unit page and the API both ask.

    params: q (name, short name or code prefix), kind, parent (id: its direct children), active (True/False:
    only active/inactive units; absent: both).
    """
    params = params or {}
    qs = HandlingUnit.objects.restrict(user, action).select_related("parent")
    q = str(params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(short_name__contains=q) | Q(code__startswith=q))
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("parent") not in (None, ""):
        qs = qs.filter(parent_id=params["parent"])
    active = params.get("active")
    if active is not None:
        qs = qs.filter(is_active=bool(active))
    return qs.order_by("order", "id")


def unit_tree_rows(units: list[HandlingUnit]) -> list[tuple[HandlingUnit, int]]:
    """Units (already filtered) with their depth, children drawn under their parents."""
    by_id = {u.pk: u for u in units}
    return [(by_id[i], depth) for i, depth in tree_order((u.pk, u.parent_id) for u in units)]


def unit_parent_map() -> dict[int, int | None]:
    return dict(HandlingUnit.objects.values_list("id", "parent_id"))


def unit_for_view(*, user, pk: int) -> HandlingUnit:
    return get_scoped_or_404(HandlingUnit.objects.restrict(user, "view").select_related("parent"), pk=pk)


def unit_children(unit: HandlingUnit) -> list[HandlingUnit]:
    return list(unit.children.order_by("order", "id"))


def can_see_unit_users(user, unit: HandlingUnit) -> bool:
    """The people of a unit are shown to the roles that read everything and to the unit's own users."""
    return has_role(user, *READ_ALL_ROLES) or unit.pk in getattr(user, "unit_ids", frozenset())


def unit_users(unit: HandlingUnit) -> list[dict]:
    """The users holding a role bound to `unit`: [{user, roles: [label, …]}]."""
    user_model = get_user_model()
    labels = dict(Role.choices)  # the choices of RoleAssignment.role
    rows = (
        user_model.objects.filter(roles__unit=unit)
        .values("id", "username", "display_name", "is_active", "roles__role")
        .order_by("display_name", "username", "id")
    )
    users: dict[int, dict] = {}
    for row in rows:
        entry = users.setdefault(
            row["id"],
            {
                "name": row["display_name"] or row["username"],
                "username": row["username"],
                "is_active": row["is_active"],
                "roles": [],
            },
        )
        entry["roles"].append(str(labels.get(row["roles__role"], row["roles__role"])))
    return list(users.values())


def delegation_list(*, user, action: str = "list", term: int | None = None) -> QuerySet[Delegation]:
    qs = Delegation.objects.restrict(user, action)
    if term is not None:
        qs = qs.filter(term_id=term)
    return (
        qs.select_related("term")
        .annotate(
            # "active" is DeputyStatus.ACTIVE (the deputies app sits above this one)
            deputy_count=Count("deputies", filter=Q(deputies__status="active")),
            deputy_total=Count("deputies"),
        )
        .order_by("term_id", "order", "id")
    )


def congress_name() -> str:
    """The name of the congress this installation serves (the first one recorded), "" before there is one:
    what every document's issuer and heading starts from."""
    return Congress.objects.order_by("id").values_list("name", flat=True).first() or ""


def standing_committee_name() -> str:
    """The standing committee's name (<congress>常务委员会), or "" before a congress is recorded."""
    name = congress_name()
    return f"{name}常务委员会" if name else ""
