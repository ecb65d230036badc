"""The demo city's bodies: the congress, its 16th term, the standing committee, special committees and
working bodies, delegations, the handling-unit tree and the liaison stations.

Reference data: written with bulk_create (no status to change), each row only when its natural key (name,
code) is missing, so that a second run adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from renda.demo.names import (
    CITY,
    CITY_CODE,
    CONGRESS_NAME,
    SPECIAL_COMMITTEES,
    TERM_NUMBER,
    TERM_START,
    WORKING_BODIES,
)
from renda.demo.plan import Plan
from renda.organization import models as org
from renda.organization.choices import CommitteeKind, CongressLevel


@dataclass
class City:
    """What the later steps need of the written city: the rows and the ids by natural key."""

    congress: org.Congress
    term: org.Term
    sc: org.StandingCommittee
    committees: dict[str, int] = field(default_factory=dict)  # name → id
    delegations: dict[str, int] = field(default_factory=dict)  # name → id
    units: dict[str, int] = field(default_factory=dict)  # name → id
    unit_codes: dict[str, int] = field(default_factory=dict)  # code → id
    stations: dict[str, int] = field(default_factory=dict)  # name → id


def _without(row: dict, key: str) -> dict:
    return {k: v for k, v in row.items() if k != key}


def write_bodies(plan: Plan, created: dict) -> City:
    """The congress, term, standing committee, committees, delegations and handling units."""
    congress, new = org.Congress.objects.get_or_create(
        name=CONGRESS_NAME, defaults={"level": CongressLevel.CITY, "region": CITY, "region_code": CITY_CODE}
    )
    created["congress"] += int(new)
    term, _new = org.Term.objects.get_or_create(
        congress=congress, number=TERM_NUMBER, defaults={"start_date": TERM_START, "is_current": True}
    )
    sc, _new = org.StandingCommittee.objects.get_or_create(
        term=term, defaults={"name": f"{CONGRESS_NAME}常务委员会"}
    )
    city = City(congress=congress, term=term, sc=sc)

    have = set(org.Committee.objects.filter(standing_committee=sc).values_list("name", flat=True))
    rows = [
        org.Committee(standing_committee=sc, kind=kind, name=name, short_name=short, order=i)
        for kind, bodies in (
            (CommitteeKind.SPECIAL, SPECIAL_COMMITTEES),
            (CommitteeKind.WORKING, WORKING_BODIES),
        )
        for i, (name, short) in enumerate(bodies, start=1)
        if name not in have
    ]
    org.Committee.objects.bulk_create(rows)
    created["committees"] += len(rows)
    city.committees = dict(org.Committee.objects.filter(standing_committee=sc).values_list("name", "id"))

    have = set(org.Delegation.objects.filter(term=term).values_list("name", flat=True))
    delegations = [org.Delegation(term=term, **d) for d in plan.delegations if d["name"] not in have]
    org.Delegation.objects.bulk_create(delegations)
    created["delegations"] += len(delegations)
    city.delegations = dict(org.Delegation.objects.filter(term=term).values_list("name", "id"))

    _write_units(plan, created)
    city.units = dict(org.HandlingUnit.objects.values_list("name", "id"))
    city.unit_codes = dict(org.HandlingUnit.objects.values_list("code", "id"))
    return city


def _write_units(plan: Plan, created: dict) -> None:
    """Handling units, parents before children."""
    unit_ids = dict(org.HandlingUnit.objects.values_list("code", "id"))
    have_names = set(org.HandlingUnit.objects.values_list("name", flat=True))
    pending = [u for u in plan.units if u["code"] not in unit_ids and u["name"] not in have_names]
    while pending:
        ready = [u for u in pending if u["parent"] is None or u["parent"] in unit_ids]
        later = [u for u in pending if u not in ready]
        org.HandlingUnit.objects.bulk_create(
            [org.HandlingUnit(**_without(u, "parent"), parent_id=unit_ids.get(u["parent"])) for u in ready]
        )
        created["units"] += len(ready)
        unit_ids = dict(org.HandlingUnit.objects.values_list("code", "id"))
        if len(later) == len(pending):  # a parent is missing (someone renamed it): keep the rest as roots
            later = [{**u, "parent": None} for u in later]
        pending = later


def write_stations(plan: Plan, city: City, keepers: dict, created: dict) -> None:
    """Liaison stations, each with its keeper (a user written before)."""
    have = set(org.LiaisonStation.objects.values_list("name", flat=True))
    rows = [
        org.LiaisonStation(**{**s, "keeper": keepers[s["keeper"]]})
        for s in plan.stations
        if s["name"] not in have
    ]
    org.LiaisonStation.objects.bulk_create(rows)
    created["stations"] += len(rows)
    city.stations = dict(org.LiaisonStation.objects.values_list("name", "id"))
