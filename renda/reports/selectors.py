"""Reads behind the home page (工作台): one function per role's section. Each runs a fixed number of queries,
whatever the size of the congress."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Prefetch, Q, QuerySet

from renda.accounts.models import RoleAssignment, User
from renda.core.models import Event, ImportJob
from renda.core.roles import Role
from renda.deputies.choices import (
    COUNCIL_POSITIONS,
    CommitteePosition,
    DeputyStatus,
    Gender,
    Occupation,
    Party,
)
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.organization.models import Delegation, HandlingUnit, LiaisonStation, StandingCommittee, Term

# Order of the sections on the home page.
SECTION_ORDER = [
    Role.STAFF,
    Role.LEADER,
    Role.DEPUTY,
    Role.UNIT_LEADER,
    Role.UNIT_HANDLER,
    Role.STATION_KEEPER,
    Role.AUDITOR,
    Role.ADMIN,
]


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).select_related("congress").order_by("congress_id").first()


def terms() -> list[Term]:
    """Every term, the latest first (the home page's term filter)."""
    return list(Term.objects.select_related("congress").order_by("-start_date", "-id"))


def years_of(term_id: int | None, terms: list[Term]) -> list[int]:
    """The years a term spans (up to this year), the latest first: the year filter's choices."""
    import datetime as dt

    today = dt.date.today()
    term = next((t for t in terms if t.pk == term_id), None)
    first = term.start_date.year if term else today.year - 4
    last = min(term.end_date.year, today.year) if term and term.end_date else today.year
    return list(range(last, min(first, last) - 1, -1))


def _active_deputies(term: Term | None) -> QuerySet[Deputy]:
    if term is None:
        return Deputy.objects.none()
    return Deputy.objects.filter(term=term, status=DeputyStatus.ACTIVE)


def latest_events(limit: int = 8) -> list[Event]:
    return list(Event.objects.select_related("actor").order_by("-created_at", "-id")[:limit])


def staff_overview(*, term: Term | None) -> dict:
    """Counts of the registers, the latest roster/unit imports and the latest audit events."""
    counts = {
        "deputies": _active_deputies(term).count(),
        "delegations": Delegation.objects.filter(term=term).count() if term else 0,
        "units": HandlingUnit.objects.filter(is_active=True).count(),
        "stations": LiaisonStation.objects.count(),
    }
    imports = list(ImportJob.objects.select_related("created_by").order_by("-created_at", "-id")[:5])
    return {"counts": counts, "imports": imports, "events": latest_events(5)}


def deputy_records(user: User) -> list[Deputy]:
    """The deputy records linked to `user` (normally one), with delegation and stations."""
    return list(
        Deputy.objects.filter(user=user)
        .select_related("delegation", "term__congress")
        .prefetch_related(Prefetch("stations", queryset=LiaisonStation.objects.order_by("id")))
        .order_by("-term__number")
    )


def units_for(user: User, role: str) -> list[HandlingUnit]:
    ids = user.unit_ids_for(role)
    if not ids:
        return []
    return list(HandlingUnit.objects.filter(pk__in=ids).select_related("parent").order_by("order", "id"))


def keeper_stations(user: User) -> list[LiaisonStation]:
    deputies = (
        Deputy.objects.filter(status=DeputyStatus.ACTIVE).select_related("delegation").order_by("card_number")
    )
    return list(
        LiaisonStation.objects.filter(keeper=user)
        .prefetch_related(Prefetch("deputies", queryset=deputies))
        .order_by("id")
    )


def _labelled(counter: Counter, choices, total: int) -> list[dict]:
    labels = dict(choices.choices)
    return [
        {"key": key, "label": str(labels.get(key, key)), "count": n, "percent": round(n * 100 / total, 1)}
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def leader_figures(*, term: Term | None) -> dict:
    """City-wide figures for the council of chairpersons: deputies by delegation, gender, party and
    occupation, and the standing committee's composition."""
    active = _active_deputies(term)
    by_delegation = list(
        active.values("delegation_id", "delegation__name", "delegation__order")
        .annotate(n=Count("id"), women=Count("id", filter=Q(gender=Gender.FEMALE)))
        .order_by("delegation__order", "delegation_id")
    )
    total = sum(row["n"] for row in by_delegation)

    def counted(field: str) -> Counter:
        return Counter(dict(active.order_by().values_list(field).annotate(n=Count("id"))))

    gender, party, occupation = counted("gender"), counted("party"), counted("occupation")

    committee = StandingCommittee.objects.filter(term=term).first() if term else None
    members: list[StandingCommitteeMember] = []
    if committee is not None:
        members = list(
            StandingCommitteeMember.objects.filter(standing_committee=committee, end_date__isnull=True)
            .select_related("deputy")
            .order_by("id")
        )
    position_order = list(CommitteePosition.values)
    council = sorted(
        (m for m in members if m.position in COUNCIL_POSITIONS),
        key=lambda m: position_order.index(m.position),
    )
    positions = Counter(m.position for m in members)
    composition = [
        {"label": str(CommitteePosition(p).label), "count": positions[p]}
        for p in position_order
        if positions.get(p)
    ]
    women_members = 0
    if members:
        women_members = sum(1 for m in members if m.deputy.gender == Gender.FEMALE)
    return {
        "total": total,
        "by_delegation": by_delegation,
        "by_gender": _labelled(gender, Gender, total) if total else [],
        "by_party": _labelled(party, Party, total) if total else [],
        "by_occupation": _labelled(occupation, Occupation, total) if total else [],
        "committee": committee,
        "council": council,
        "composition": composition,
        "member_count": len(members),
        "women_members": women_members,
    }


def admin_figures() -> dict:
    role_counts = dict(RoleAssignment.objects.values_list("role").annotate(n=Count("user", distinct=True)))
    return {
        "users": User.objects.count(),
        "active_users": User.objects.filter(is_active=True).count(),
        "roles": [{"role": r, "label": str(r.label), "count": role_counts.get(r.value, 0)} for r in Role],
    }


def work_queue(user: User, *, term: Term | None = None) -> dict:
    """What waits for `user` across the modules, for the home page's to-do card: the proposals' tiles
    (renda.proposals.presets: each count is that of the list its link opens), and, for a deputy, the
    open co-signing invitations, the session to check in to and the open polls; for staff, the pending
    return and extension requests."""
    from renda.meetings.selectors import current_session_for, running_session
    from renda.proposals.choices import CosignStatus
    from renda.proposals.models import Cosigner
    from renda.proposals.presets import is_registrar, tiles_for
    from renda.proposals.selectors import pending_request_count
    from renda.voting.selectors import unvoted_poll_count_for

    work: dict = {"tiles": tiles_for(user), "cosign": 0, "session": None, "polls": 0, "console": None}
    # the return and extension requests waiting for staff: the count of the rows the requests page lists
    work["requests"] = pending_request_count(user=user) if is_registrar(user) else None
    if user.has_role(Role.STAFF, Role.ADMIN):
        work["console"] = running_session()
    if user.has_role(Role.DEPUTY):
        work["cosign"] = Cosigner.objects.filter(deputy__user=user, status=CosignStatus.INVITED).count()
        work["session"] = current_session_for(user)
        work["polls"] = unvoted_poll_count_for(user)
        # the interpellations awaiting the member's signature (监督法 第五十一条; issue 15)
        from renda.supervision.selectors import interpellations_to_sign

        work["interpellations"] = interpellations_to_sign(user).count()
        # investigation proposals and removal motions awaiting the member's signature (监督法 第七章)
        from renda.supervision.selectors_investigations import to_sign_count

        work["motions"] = to_sign_count(user)
    # a role with no tile at all (an auditor, a station keeper) reads that nothing waits, not an empty card
    work["none"] = not (
        work["tiles"] or work["requests"] is not None or work["console"] or user.has_role(Role.DEPUTY)
    )
    return work
