"""The demo's deputies: the roster (bulk: reference data, every deputy active), the mandates that ended
(through `deputy_change_status`, on the day each took effect), the standing committee's and the special
committees' members and the liaison stations' deputies (bulk: memberships, no status)."""

from __future__ import annotations

from functools import partial

from renda.demo.clock import at, run_at
from renda.demo.logins import Users
from renda.demo.names import SC_START
from renda.demo.organization import City
from renda.demo.plan import Plan
from renda.deputies import services as deputy_services
from renda.deputies.choices import DeputyStatus
from renda.deputies.models import CommitteeMember, Deputy, StandingCommitteeMember


def write_deputies(plan: Plan, city: City, users: Users, created: dict) -> dict[str, int]:
    """Write the roster and the memberships; returns card number → deputy id."""
    term = city.term
    have = set(Deputy.objects.filter(term=term).values_list("card_number", flat=True))
    have_ids = set(Deputy.objects.filter(term=term).values_list("id_number", flat=True))
    linked = set(Deputy.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    rows = []
    for d in plan.deputies:
        if d["card_number"] in have or d["id_number"] in have_ids:
            continue
        user = users.deputies.get(d["card_number"])
        fields = {k: v for k, v in d.items() if k != "delegation"}
        rows.append(
            Deputy(
                term=term,
                **fields,
                delegation_id=city.delegations[d["delegation"]],
                user=user if user is not None and user.pk not in linked else None,
            )
        )
    Deputy.objects.bulk_create(rows)
    created["deputies"] += len(rows)
    deputies = dict(Deputy.objects.filter(term=term).values_list("card_number", "id"))
    _end_mandates(plan, deputies, users, created)
    _write_memberships(plan, city, deputies, created)
    return deputies


def _end_mandates(plan: Plan, deputies: dict[str, int], users: Users, created: dict) -> None:
    """The mandates that ended (代表法: moved away, resignation accepted, death …), recorded by staff through
    the deputies' service on the day each took effect."""
    active = set(
        Deputy.objects.filter(pk__in=deputies.values(), status=DeputyStatus.ACTIVE).values_list(
            "pk", flat=True
        )
    )
    for t in plan.terminations:
        deputy_id = deputies.get(t["card_number"])
        if deputy_id is None or deputy_id not in active:
            continue
        run_at(at(t["date"], hour=10), partial(_end_mandate, users["staff"], deputy_id, t))
        created["status_changes"] += 1


def _end_mandate(staff, deputy_id: int, termination: dict) -> None:
    deputy_services.deputy_change_status(
        actor=staff,
        deputy_id=deputy_id,
        to_status=DeputyStatus.TERMINATED,
        effective_date=termination["date"],
        reason=termination["reason"],
        note=termination["note"],
    )


def _write_memberships(plan: Plan, city: City, deputies: dict[str, int], created: dict) -> None:
    sc = city.sc
    have = set(
        StandingCommitteeMember.objects.filter(standing_committee=sc).values_list("deputy_id", flat=True)
    )
    rows = [
        StandingCommitteeMember(
            standing_committee=sc, deputy_id=deputies[card], position=position, start_date=SC_START
        )
        for card, position in plan.sc_members
        if card in deputies and deputies[card] not in have
    ]
    StandingCommitteeMember.objects.bulk_create(rows)
    created["sc_members"] += len(rows)

    pairs = set(
        CommitteeMember.objects.filter(committee__standing_committee=sc).values_list(
            "committee_id", "deputy_id"
        )
    )
    members = [
        CommitteeMember(committee_id=city.committees[name], deputy_id=deputies[card], position=position)
        for name, card, position in plan.committee_members
        if card in deputies and (city.committees[name], deputies[card]) not in pairs
    ]
    CommitteeMember.objects.bulk_create(members)
    created["committee_members"] += len(members)

    through = Deputy.stations.through
    placed = set(through.objects.values_list("liaisonstation_id", "deputy_id"))
    links = [
        through(liaisonstation_id=city.stations[name], deputy_id=deputies[card])
        for name, card in plan.station_members
        if name in city.stations and card in deputies and (city.stations[name], deputies[card]) not in placed
    ]
    through.objects.bulk_create(links)
    created["station_members"] += len(links)
