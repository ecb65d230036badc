"""`seed_demo(seed=…)`: write the demo city, inserting only what is missing (a second run changes nothing).

Records are matched by natural keys (names, unit codes, card numbers, titles): to see another seed's city,
start from an empty database (`manage.py flush`), since a second seed never overwrites what the first wrote.
Reference data (bodies, units, the roster, memberships, the accounts the stories need) goes in with
bulk_create; the demo logins and their roles, the ended mandates, the sessions and every step of the motions
and suggestions go through the apps' services, on the day each happened (clock.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from renda.accounts.models import User
from renda.core import auditchain
from renda.core.models import Notification
from renda.core.roles import Role
from renda.core.services import event_record
from renda.demo import appointments as demo_appointments
from renda.demo import decisions as demo_decisions
from renda.demo import deputies, livelihood, logins, meetings, opinions, organization, proposals
from renda.demo import legislation as demo_legislation
from renda.demo import procedures as demo_procedures
from renda.demo import targets as demo_targets
from renda.demo.interpellations import write_interpellations
from renda.demo.investigations import write_investigations
from renda.demo.names import DEFAULT_SEED, DEMO_LOGINS
from renda.demo.plan import build_plan
from renda.demo.supervision import write_supervision
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.insight import services as insight_services
from renda.organization.models import HandlingUnit, LiaisonStation
from renda.proposals import services as proposal_services

COUNTS = [
    "congress",
    "committees",
    "delegations",
    "units",
    "users",
    "roles",
    "stations",
    "deputies",
    "status_changes",
    "sc_members",
    "committee_members",
    "station_members",
    "sessions",
    "topics",
    "proposals",
    "proposal_steps",
    "livelihood",
    "opinions",
    "targets",
    "procedures",
    "cases",
    "supervision",
    "legislation_drafts",
    "legislation_comments",
    "procedures_raised",
    "decisions",
    "appointments",
    "interpellations",
    "investigations",
]


@dataclass
class SeedResult:
    seed: int
    created: dict[str, int]
    logins: list[tuple[str, str, str, str]]  # username, password, roles, description

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def seed_demo(*, seed: int = DEFAULT_SEED, history: bool = True) -> SeedResult:
    """Write the demo city; only what is missing is written, so a second run changes nothing.

    `history=False` writes the city alone — its bodies, units, logins and accounts, stations, the roster, the
    ended mandates and the memberships, i.e. everything `demo_fingerprint` reads — without the sessions, the
    items' histories, the livelihood year and the insight rebuild: a few seconds instead of the whole seed
    (the determinism test compares two such cities)."""
    # the Events of the demo's history join the audit chain once, at the end (renda.core.auditchain)
    with auditchain.deferred_sealing():
        return _seed_demo(seed, history)


def _seed_demo(seed: int, history: bool) -> SeedResult:
    from django.conf import settings

    plan = build_plan(seed)
    created = dict.fromkeys(COUNTS, 0)
    last_notice = Notification.objects.aggregate(m=Max("id"))["m"] or 0
    # the services' notices of the whole history in one INSERT (they are replaced by today's digest below);
    # the submitted items indexed for similar items in bulk when the history is written
    with proposal_services.notices_gathered(), proposal_services.index_deferred(), transaction.atomic():
        city = organization.write_bodies(plan, created)
        users = logins.write_logins(plan, city, created)
        logins.write_accounts(plan, city, users, proposals.planned_unit_names(plan), created)
        organization.write_stations(plan, city, users.by_name, created)
        deputy_ids = deputies.write_deputies(plan, city, users, created)
        wrote_items = False
        if history:
            session = meetings.write_meetings(city, users, created)
            wrote_items = proposals.write_proposals(
                plan=plan, city=city, users=users, deputies=deputy_ids, session_id=session.pk, created=created
            )
            livelihood.write_livelihood(users, created)
            opinions.write_opinions(users, created)
            demo_targets.write_targets(users, created)
            demo_procedures.write_procedures(users, created)
            write_supervision(users, created)
            write_interpellations(users, created)
            demo_legislation.write_legislation(users, created)
            demo_procedures.write_raised(users, created)
            demo_decisions.write_decisions(users, created)
            demo_appointments.write_appointments(users, created)
            write_investigations(users, created)  # after the appointments: a motion names an office holder
        if any(created.values()):
            event_record(actor=None, action="seed_demo", obj=city.congress, changes={"seed": seed, **created})
    if wrote_items:
        _fresh_inbox(last_notice)
    if history:
        # insight trusted on day one: every item indexed, routing trained, hot topics computed (issue 10)
        insight_services.rebuild_all(actor=None, missing_only=not any(created.values()))

    password = settings.RENDA_DEMO_PASSWORD
    rows = [
        (username, password, "、".join(str(Role(r).label) for r in roles), label)
        for username, roles, label in DEMO_LOGINS
    ]
    return SeedResult(seed=seed, created=created, logins=rows)


def _fresh_inbox(last_notice: int) -> None:
    """The services notified whoever had to act at each step of the items' history; those notices were
    written when the transaction committed (dated now, about a past that the timelines show). They are
    dropped, and today's digest (overdue and due-soon items) is what each demo login finds at first."""
    from renda.proposals.digest import digest_run

    Notification.objects.filter(pk__gt=last_notice).delete()
    digest_run(today=timezone.localdate())


def demo_fingerprint() -> str:
    """A digest of the stored demo data (deputies, units, stations …): equal seeds, equal digests."""
    parts: list[str] = []
    parts += [
        "|".join(map(str, row))
        for row in Deputy.objects.order_by("card_number").values_list(
            "card_number",
            "name",
            "id_number",
            "gender",
            "party",
            "occupation",
            "delegation__name",
            "status",
            "phone",
        )
    ]
    parts += [
        "|".join(map(str, row))
        for row in HandlingUnit.objects.order_by("code").values_list(
            "code", "name", "parent__code", "contact_name"
        )
    ]
    parts += [
        "|".join(map(str, row))
        for row in LiaisonStation.objects.order_by("name").values_list("name", "address", "keeper__username")
    ]
    parts += sorted(
        f"{s}|{c}"
        for s, c in Deputy.stations.through.objects.values_list("liaisonstation__name", "deputy__card_number")
    )
    parts += sorted(
        f"{p}|{c}" for p, c in StandingCommitteeMember.objects.values_list("position", "deputy__card_number")
    )
    parts += sorted(User.objects.values_list("username", flat=True))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
