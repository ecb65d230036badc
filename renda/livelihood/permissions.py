"""Who may see and do what with livelihood projects (MISSION, Users and roles; §4): the table of
renda.livelihood.workflow bound to ``Project`` on the spine.

| what                                  | staff, admin | leader, auditor | owner unit | deputy  | public |
|---------------------------------------|--------------|-----------------|------------|---------|--------|
| propose (collection)                  | any source   | no              | as unit    | as self | form   |
| view a project                        | all          | all             | own        | own     | public |
| the proposer's name and phone         | yes          | masked          | no         | no      | no     |
| screen, shortlist, record vote, grade | yes          | no              | no         | no      | no     |
| report progress                       | yes          | no              | owned      | no      | no     |
| delegation's notes on a candidate     | any          | no              | no         | own del.| no     |

"public" = the candidates and what became of them (workflow.PUBLIC_STATES), what the public page shows.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.record_scope import RecordScopePolicy
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.deputies.choices import DeputyStatus
from renda.deputies.models import Deputy
from renda.deputies.privacy import mask_phone
from renda.livelihood import rules, workflow
from renda.livelihood.models import (
    Inspection,
    Project,
    ProjectStatus,
    ShortlistReview,
    Source,
    SupervisionGroup,
)

MANAGERS = (Role.STAFF, Role.ADMIN)


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGERS)


def sources_for(actor: Actor) -> list[str]:
    """The sources a proposal by `actor` may carry: staff enter any (paper forms); a deputy proposes as a
    deputy, a unit as a unit; anyone else (the public form) as the public."""
    if can_manage(actor):
        return [str(v) for v in Source.values]
    out: list[str] = []
    if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
        out.append(Source.DEPUTY.value)
    if actor.unit_ids:
        out.append(Source.UNIT.value)
    return out or [Source.PUBLIC.value]


def proposer_shown(actor: Actor, project: Project) -> dict[str, str]:
    """The proposer's personal data as `actor` may see it: whole for staff, masked for the other readers of
    every record, absent for everyone else (MISSION: citizens' personal data)."""
    if can_manage(actor):
        return {"name": project.proposer_name, "phone": project.proposer_phone}
    if actor.has_role(*READ_ALL_ROLES) and (project.proposer_name or project.proposer_phone):
        return {"name": project.proposer_name[:1] + "**", "phone": mask_phone(project.proposer_phone)}
    return {}


# what anyone may see of the projects, signed in or not (the public page: "public")
PUBLIC = Q(status__in=workflow.PUBLIC_STATES)


def _owner_pairs(actor: Actor, owner_unit_id: int | None) -> frozenset[Pair]:
    """The actor's roles, and the owner unit's scope for the unit roles they hold in `owner_unit_id`."""
    pairs = role_pairs(actor.roles)
    if owner_unit_id is not None:
        for role in UNIT_ROLES:
            if owner_unit_id in actor.unit_ids_for(role):
                pairs |= {(str(role), workflow.OWNER)}
    return pairs


@spine.register
class ProjectPolicy(RecordScopePolicy[Project]):
    model = Project
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, obj: Project) -> frozenset[Pair]:
        pairs = _owner_pairs(actor, obj.owner_unit_id)
        if Role.DEPUTY in actor.roles and actor.deputy_id is not None:
            pairs |= {(str(Role.DEPUTY), workflow.DELEGATE)}
        return pairs

    def guard(self, actor: Actor, obj: Project, action: str) -> str | None:
        if action == "record_vote":
            # The year's counts and reviews, read once per year instance: a service requiring every candidate
            # of the year hands them one shared instance (services.vote._share_year), so 15 candidates cost 3
            # queries.
            counts = obj.year.__dict__.get("_vote_counts")
            if counts is None:
                shortlist = list(
                    Project.objects.filter(year_id=obj.year_id, status=ProjectStatus.SHORTLISTED).values_list(
                        "pk", flat=True
                    )
                )
                reviews = [
                    (outcome, [int(c[0]) for c in candidates])
                    for outcome, candidates in ShortlistReview.objects.filter(year_id=obj.year_id)
                    .order_by("meeting_date", "pk")
                    .values_list("outcome", "candidates")
                ]
                counts = (
                    Project.objects.filter(year_id=obj.year_id, status=ProjectStatus.SELECTED).count(),
                    len(shortlist),
                    rules.review_done(reviews, shortlist),
                )
                obj.year.__dict__["_vote_counts"] = counts
            if not counts[2]:
                return _(
                    "候选项目须先经主任会议或常委会会议审议、同意提请代表大会票决（审议后列入的候选项目须再审议），"
                    "方可票决"
                )
            places = obj.year.places - counts[0]
            shortlisted = counts[1]
            if not rules.margin_ok(shortlisted, max(places, 1)):
                return _("候选项目数（%(n)s）须多于应选名额（%(places)s），实行差额票决") % {
                    "n": shortlisted,
                    "places": places,
                }
        return None

    def restrict(self, qs: QuerySet[Project], actor: Actor, action: str) -> QuerySet[Project]:
        if action == "public":
            return qs.filter(PUBLIC)
        return super().restrict(qs, actor, action)

    def own(self, actor: Actor) -> Q:
        own = PUBLIC
        if actor.unit_ids:
            own |= Q(owner_unit_id__in=actor.unit_ids) | Q(proposer_unit_id__in=actor.unit_ids)
        if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
            own |= Q(proposer_deputy_id=actor.deputy_id)
        return own

    def not_found_message(self) -> str:
        return _("未找到该民生实事项目")

    def forbidden_message(self, obj: Project, action: str) -> str:
        if action == "discuss":
            return _("只有代表或人大工作人员可以录入代表团讨论意见")
        if action == "report":
            return _("只有责任单位或人大工作人员可以报告进展")
        if action == "plan":
            return _("只有责任单位或人大工作人员可以设置实施节点")
        return _("只有人大工作人员可以办理民生实事项目")


def note_delegations(actor: Actor) -> list[int] | None:
    """The delegations whose discussion notes `actor` may enter (§4.3): any (None) for staff, who enter
    them from a delegation's record; for a deputy in office, their own delegation; else none."""
    if can_manage(actor):
        return None
    if not actor.has_role(Role.DEPUTY) or actor.deputy_id is None:
        return []
    own = Deputy.objects.filter(pk=actor.deputy_id, status=DeputyStatus.ACTIVE)
    return list(own.values_list("delegation_id", flat=True))


def in_group(actor: Actor, group) -> bool:
    """Whether `actor` is a deputy of the supervision group (its leader or a member)."""
    if group is None or actor.deputy_id is None or not actor.has_role(Role.DEPUTY):
        return False
    return group.leader_id == actor.deputy_id or group.members.filter(pk=actor.deputy_id).exists()


@spine.register
class InspectionPolicy(RecordScopePolicy[Inspection]):
    """Inspections of the supervision group (§4.5): the group's members and the readers of every record see
    all the group's records; the owner unit sees (and answers) those on its projects."""

    model = Inspection
    workflow = workflow.INSPECTION_WORKFLOW

    def held(self, actor: Actor, obj: Inspection) -> frozenset[Pair]:
        return _owner_pairs(actor, obj.project.owner_unit_id)

    def own(self, actor: Actor) -> Q:
        own = Q(pk__in=[])
        if actor.unit_ids:
            own |= Q(project__owner_unit_id__in=actor.unit_ids)
        if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
            groups = SupervisionGroup.objects.filter(
                Q(leader_id=actor.deputy_id) | Q(members=actor.deputy_id)
            ).values("pk")
            own |= Q(group_id__in=groups)
        return own

    def not_found_message(self) -> str:
        return _("未找到该视察记录")

    def forbidden_message(self, obj: Inspection, action: str) -> str:
        return _("只有项目责任单位或人大工作人员可以答复视察意见")
