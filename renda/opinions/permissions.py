"""Who may see and do what with citizens' opinions (MISSION, Users and roles; §5): the table of
renda.opinions.workflow bound to ``Opinion`` on the spine.

- record: staff any channel; a keeper at the own station; a deputy as a deputy; the citizen online.
- view: staff, leaders, auditors all; a keeper the own stations'; a deputy the own; a unit what is at it;
  the citizen by the tracking code.
- the citizen's name and phone: whole for staff, the keeper, the deputy and the handling unit; masked for
  leaders and auditors; absent for everyone else.
- answer on the spot, refer to the street, give feedback: staff, the keeper, the opinion's deputy.
- forward to a department: staff, the keeper, the street it is at.
- reply: the unit it is at (staff enter a paper reply).
- convert into a suggestion: the opinion's deputy, staff (for that deputy).
- feed livelihood collection: staff. Rate: the citizen, by the tracking code.

"By code": the tracking page shows the state, the path and the replies — nothing personal.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.record_scope import RecordScopePolicy
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.deputies.privacy import mask_phone
from renda.opinions import rules, workflow
from renda.opinions.models import Channel, Opinion
from renda.organization.models import LiaisonStation

MANAGERS = (Role.STAFF, Role.ADMIN)


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGERS)


def kept_station_ids(actor: Actor) -> list[int]:
    """The stations `actor` keeps (one query; none without the keeper role)."""
    if not actor.is_authenticated or not actor.has_role(Role.STATION_KEEPER):
        return []
    cached = actor.__dict__.get("_kept_stations")
    if cached is None:
        cached = list(LiaisonStation.objects.filter(keeper_id=actor.pk).values_list("pk", flat=True))
        actor.__dict__["_kept_stations"] = cached
    return list(cached)


def channels_for(actor: Actor) -> list[str]:
    """The channels an opinion recorded by `actor` may carry: staff enter any (a station's paper register); a
    keeper records at the station, a deputy as a deputy; anyone else (the public form) online."""
    if can_manage(actor):
        return [str(v) for v in Channel.values]
    out: list[str] = []
    if kept_station_ids(actor):
        out.append(Channel.STATION.value)
    if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
        out.append(Channel.DEPUTY.value)
    return out or [Channel.ONLINE.value]


def in_handling_scope(actor: Actor, opinion: Opinion) -> bool:
    """Whether `actor` handles the opinion: staff, its station's keeper, its deputy, the unit it is at."""
    if can_manage(actor):
        return True
    pairs = OpinionPolicy().held(actor, opinion)
    return bool({p[1] for p in pairs} & {workflow.KEEPER, workflow.RECORDER, workflow.HANDLER})


def citizen_shown(actor: Actor, opinion: Opinion) -> dict[str, str]:
    """The citizen's personal data as `actor` may see it: whole within the handling scope, masked for the
    other readers of every record, absent for everyone else (MISSION: citizens' personal data)."""
    if not actor.is_authenticated:
        return {}
    if in_handling_scope(actor, opinion):
        return {"name": opinion.citizen_name, "phone": opinion.citizen_phone}
    if actor.has_role(*READ_ALL_ROLES):
        return {"name": rules.mask_name(opinion.citizen_name), "phone": mask_phone(opinion.citizen_phone)}
    return {}


@spine.register
class OpinionPolicy(RecordScopePolicy[Opinion]):
    model = Opinion
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, obj: Opinion) -> frozenset[Pair]:
        pairs = role_pairs(actor.roles)
        if not actor.is_authenticated:
            return pairs
        if obj.station_id is not None and obj.station_id in kept_station_ids(actor):
            pairs |= {(Role.STATION_KEEPER.value, workflow.KEEPER)}
        if obj.deputy_id is not None and actor.has_role(Role.DEPUTY) and obj.deputy_id == actor.deputy_id:
            pairs |= {(Role.DEPUTY.value, workflow.RECORDER)}
        if obj.unit_id is not None:
            for role in UNIT_ROLES:
                if obj.unit_id in actor.unit_ids_for(role):
                    pairs |= {(str(role), workflow.HANDLER)}
        return pairs

    def guard(self, actor: Actor, obj: Opinion, action: str) -> str | None:
        if action == "convert" and obj.deputy_id is None:
            return _("该意见没有接待代表，无法转为代表建议")
        return None

    def restrict(self, qs: QuerySet[Opinion], actor: Actor, action: str) -> QuerySet[Opinion]:
        if action == "track":  # the tracking page: one opinion by its exact code, nothing personal shown
            return qs
        return super().restrict(qs, actor, action)

    def own(self, actor: Actor) -> Q:
        own = Q(pk__in=[])
        stations = kept_station_ids(actor)
        if stations:
            own |= Q(station_id__in=stations)
        if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
            own |= Q(deputy_id=actor.deputy_id)
        if actor.unit_ids:
            own |= Q(unit_id__in=actor.unit_ids)
        return own

    def visible(self, actor: Actor, obj: Opinion, pairs: frozenset[Pair] | None = None) -> bool:
        if not actor.is_authenticated:
            return False
        if actor.has_role(*READ_ALL_ROLES):
            return True
        held = self.held(actor, obj) if pairs is None else pairs
        return bool({p[1] for p in held} & {workflow.KEEPER, workflow.RECORDER, workflow.HANDLER})

    def not_found_message(self) -> str:
        return _("未找到该社情民意")

    def forbidden_message(self, obj: Opinion, action: str) -> str:
        if action == "reply":
            return _("只有办理单位或人大工作人员可以答复")
        if action == "convert":
            return _("只有接待代表或人大工作人员可以转为代表建议")
        if action == "feed":
            return _("只有人大工作人员可以纳入民生实事征集")
        return _("只有联络站站长、接待代表或人大工作人员可以办理")


# --- reception days and the duty record --------------------------------------------------------------


def may_manage_station(actor: Actor, station_id: int | None) -> bool:
    """Schedule a station's receptions and record their attendance: staff any station, a keeper their own."""
    if can_manage(actor):
        return True
    return station_id is not None and station_id in kept_station_ids(actor)


def may_manage_receptions(actor: Actor) -> bool:
    """Whether the reception pages' writing parts show at all: staff, or a keeper of some station."""
    return can_manage(actor) or bool(kept_station_ids(actor))


def duty_visible(actor: Actor, deputy_id: int) -> bool:
    """A deputy's whole duty record (with the items awaiting confirmation and the 述职报告): the deputy
    their own; staff, leaders and auditors every deputy's. Everyone else reads the public profile."""
    if not actor.is_authenticated:
        return False
    if actor.has_role(*READ_ALL_ROLES):
        return True
    return actor.has_role(Role.DEPUTY) and actor.deputy_id == deputy_id


def may_add_activity(actor: Actor, deputy_id: int) -> bool:
    """Add a duty (视察, 调研, 培训, 述职 …): staff for any deputy (confirmed at once), the deputy their own
    (with evidence, awaiting staff's confirmation)."""
    if can_manage(actor):
        return True
    return actor.is_authenticated and actor.has_role(Role.DEPUTY) and actor.deputy_id == deputy_id


def may_confirm_activity(actor: Actor) -> bool:
    """Confirm or refuse a duty a deputy added: staff."""
    return can_manage(actor)


def may_rank(actor: Actor) -> bool:
    """The ranking tables by delegation: staff, leaders and auditors."""
    return actor.is_authenticated and actor.has_role(*READ_ALL_ROLES)
