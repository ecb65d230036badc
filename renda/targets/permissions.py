"""Who may see and do what with targets (MISSION, Users and roles; §6 "Targets"): the tables of
renda.targets.workflow bound to ``Target`` and ``Order`` on the spine.

| what                                  | staff, admin | leader, auditor | lead unit | co-unit | deputy      |
|---------------------------------------|--------------|-----------------|-----------|---------|-------------|
| view a target, its reports and scores | all          | all             | own       | own     | work report |
| import the year's targets, set rules  | yes          | no              | no        | no      | no          |
| report progress                       | yes          | no              | yes       | no      | no          |
| issue a 督办单 (lagging target only)  | yes          | no              | no        | no      | no          |
| answer a 督办单                       | yes          | no              | yes       | no      | no          |
| the ranking, the bulletin             | all          | all             | yes       | yes     | no          |

A deputy reads (only) the targets behind the government work report's promises (the congress's view).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import spine
from renda.core.actors import Actor
from renda.core.record_scope import RecordScopePolicy
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.targets import rules, workflow
from renda.targets.models import GoalSource, Order, Target

MANAGERS = (Role.STAFF, Role.ADMIN)

LIGHT_LABELS = {
    rules.Light.GREEN: gettext_lazy("正常推进"),
    rules.Light.YELLOW: gettext_lazy("略有滞后"),
    rules.Light.RED: gettext_lazy("严重滞后"),
}


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGERS)


def can_rank(actor: Actor) -> bool:
    """The ranking and its bulletin: every reader of all records, and the units (they compete)."""
    return actor.has_role(*READ_ALL_ROLES) or bool(actor.unit_ids)


def standing(target: Target, today: dt.date | None = None) -> tuple[rules.Light, dt.date]:
    """A target's light on `today` (its latest value against its plan) and the day it is judged."""
    today = today or timezone.localdate()
    ratio = rules.completion(target.kind, target.baseline, target.target_value, target.value)
    plan = rules.planned(target.plan_mode, target.start, target.due, today, target.stage_list())
    return rules.light(ratio, plan, target.year.tolerance), today


def _owner_pairs(actor: Actor, unit_id: int) -> frozenset[Pair]:
    return frozenset(
        (str(role), workflow.OWNER) for role in UNIT_ROLES if unit_id in actor.unit_ids_for(role)
    )


@spine.register
class TargetPolicy(RecordScopePolicy[Target]):
    model = Target
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, obj: Target) -> frozenset[Pair]:
        return role_pairs(actor.roles) | _owner_pairs(actor, obj.lead_unit_id)

    def guard(self, actor: Actor, obj: Target, action: str) -> str | None:
        if action in ("supervise", "raise"):
            light, _day = standing(obj)
            if light is not rules.Light.RED and action == "supervise":
                return _("该指标未滞后（%(light)s），不能签发督办单") % {"light": LIGHT_LABELS[light]}
            if light is not rules.Light.RED:
                return _("该指标未滞后（%(light)s），不能提为意见") % {"light": LIGHT_LABELS[light]}
        return None

    def own(self, actor: Actor) -> Q:
        own = Q(pk__in=[])
        if actor.unit_ids:
            units = list(actor.unit_ids)
            own |= Q(lead_unit_id__in=units) | Q(
                pk__in=Target.co_units.through.objects.filter(handlingunit_id__in=units).values("target_id")
            )
        if actor.has_role(Role.DEPUTY):
            own |= Q(goal__source=GoalSource.WORK_REPORT)
        return own

    def not_found_message(self) -> str:
        return _("未找到该目标指标")

    def forbidden_message(self, obj: Target, action: str) -> str:
        if action == "report":
            return _("只有牵头单位或人大工作人员可以报告进展")
        if action == "raise":
            return _("只有人大代表和主任会议成员可以将滞后指标提为意见")
        return _("只有人大工作人员可以办理目标督查")


@spine.register
class OrderPolicy(RecordScopePolicy[Order]):
    """督办单: the readers of every record see all; the lead unit of the target sees and answers its own."""

    model = Order
    workflow = workflow.ORDER_WORKFLOW

    def held(self, actor: Actor, obj: Order) -> frozenset[Pair]:
        return role_pairs(actor.roles) | _owner_pairs(actor, obj.target.lead_unit_id)

    def own(self, actor: Actor) -> Q:
        return Q(target__lead_unit_id__in=list(actor.unit_ids))

    def not_found_message(self) -> str:
        return _("未找到该督办单")

    def forbidden_message(self, obj: Order, action: str) -> str:
        return _("只有牵头单位或人大工作人员可以答复督办单")
