"""Who may see and do what in government procedures (MISSION, Users and roles; §8): the tables of
renda.procedures.workflow bound to ``Catalogue``, ``Decision`` and ``Case`` on the spine.

| what                                      | admin | staff, leader, auditor | lead | review | office |
|-------------------------------------------|-------|------------------------|------|--------|--------|
| read catalogues, decisions, steps, cases  | all   | all (read-only)        | own  | own    | own    |
| record steps, exemptions, the draft       | yes   | no                     | yes  | no     | no     |
| legality review, a case's legal review    | yes   | no                     | no   | yes    | no     |
| the meeting, publication                  | yes   | no                     | yes  | no     | yes    |
| compile and publish the catalogue         | yes   | no                     | no   | no     | yes    |

Deputies and other units read the published catalogues' decisions.

The congress (staff, the council of chairpersons, auditors) reads everything and changes nothing: it
supervises the government's procedures, it does not run them. From there the staff raise a decision or a
body's enforcement for supervision (an item of the supervision plan, a deliberation opinion: can_raise).
Anyone may read a published catalogue, a public draft and the enforcement notice, and comment on a draft
while its period is open (the public pages).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import spine
from renda.core.actors import Actor
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.procedures import rules, selectors, workflow
from renda.procedures.models import Case, Catalogue, CatalogueStatus, Decision

STEP_LABELS = {
    rules.Step.PARTICIPATION: gettext_lazy("公众参与"),
    rules.Step.EXPERT: gettext_lazy("专家论证"),
    rules.Step.RISK: gettext_lazy("风险评估"),
    rules.Step.LEGALITY: gettext_lazy("合法性审查"),
    rules.Step.MEETING: gettext_lazy("集体讨论决定"),
}


def step_names(steps: list[rules.Step]) -> str:
    return "、".join(str(STEP_LABELS[s]) for s in steps)


def can_congress(actor: Actor) -> bool:
    """The congress's read-only view: the readers of every record."""
    return actor.has_role(*READ_ALL_ROLES)


def can_raise(actor: Actor) -> bool:
    """Who raises a procedure for supervision from the congress's view: the staff, as renda.supervision's
    services require (they draft the supervision plan and record the members' opinions); the council and
    auditors read what was raised."""
    return bool(actor.is_authenticated and actor.has_role(Role.STAFF, Role.ADMIN))


def can_compile(actor: Actor) -> bool:
    """Who may start a year's catalogue: the administrator, or a unit's staff (as its office)."""
    return actor.has_role(Role.ADMIN) or bool(actor.unit_ids)


def can_open_case(actor: Actor) -> bool:
    return actor.has_role(Role.ADMIN) or bool(actor.unit_ids)


def _held(actor: Actor, *links: tuple[int | None, str]) -> frozenset[Pair]:
    """The actor's roles, and (role, scope) for each (unit, scope) of the object whose unit role they hold
    (a unit's handler is not its leader)."""
    return role_pairs(actor.roles) | frozenset(
        (str(role), scope)
        for unit_id, scope in links
        if unit_id is not None
        for role in UNIT_ROLES
        if unit_id in actor.unit_ids_for(role)
    )


def _by_units(
    qs: QuerySet, actor: Actor, touching: Callable[[list[int]], Q], *, distinct: bool = False
) -> QuerySet:
    """What a signed-in actor sees: everything for the readers of every record, else the rows `touching`
    their units selects (`distinct` when it follows a to-many relation); nothing without sign-in."""
    if not actor.is_authenticated:
        return qs.none()
    if actor.has_role(*READ_ALL_ROLES):
        return qs
    own = qs.filter(touching(list(actor.unit_ids)))
    return own.distinct() if distinct else own


@spine.register
class CataloguePolicy(spine.Policy[Catalogue]):
    model = Catalogue
    workflow = workflow.CATALOGUE_WORKFLOW

    def held(self, actor: Actor, obj: Catalogue) -> frozenset[Pair]:
        return _held(actor, (obj.office_id, workflow.OFFICE))

    def restrict(self, qs: QuerySet[Catalogue], actor: Actor, action: str) -> QuerySet[Catalogue]:
        return _by_units(
            qs,
            actor,
            lambda units: (
                Q(status=CatalogueStatus.PUBLISHED)
                | Q(office_id__in=units)
                | Q(decisions__lead_unit_id__in=units)
                | Q(decisions__review_unit_id__in=units)
            ),
            distinct=True,
        )

    def not_found_message(self) -> str:
        return _("未找到该决策事项目录")

    def forbidden_message(self, obj: Catalogue, action: str) -> str:
        return _("只有目录编制单位可以编制和公布决策事项目录")


@spine.register
class DecisionPolicy(spine.Policy[Decision]):
    model = Decision
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, obj: Decision) -> frozenset[Pair]:
        return _held(
            actor,
            (obj.lead_unit_id, workflow.LEAD),
            (obj.review_unit_id, workflow.REVIEWER),
            (obj.catalogue.office_id, workflow.OFFICE),
        )

    def guard(self, actor: Actor, obj: Decision, action: str) -> str | None:
        guard = self.workflow.guard(action)
        if guard == workflow.CAN_OPEN:
            if obj.comment_closes is not None:
                return _("征求意见稿已经公布，不能再次公布")
        elif guard == workflow.COMMENT_CLOSED:
            reason = rules.participation_refusal(
                obj.comment_closes, timezone.localdate(), selectors.unanswered(obj)
            )
            if reason == "no_draft":
                return _("尚未公布征求意见稿，不能记录公众参与")
            if reason == "open":
                return _("征求意见期限尚未届满（截止 %(day)s）") % {"day": obj.comment_closes}
            if reason == "unanswered":
                return _("还有公众意见未答复，不能完成公众参与")
        elif guard == workflow.PREPARED:
            refusal = rules.submit_refusal(selectors.progress(obj))
            if refusal is not None and refusal[0] == "risk":
                return _("风险评估为高风险（不可控），须调整决策草案、重新评估后方可送请合法性审查")
            if refusal is not None:
                return _("尚未完成：%(steps)s，不能送请合法性审查") % {"steps": step_names(refusal[1])}
        elif guard == workflow.REVIEWED:
            refusal = rules.meeting_refusal(selectors.progress(obj))
            if refusal is not None:
                return meeting_message(refusal)
        return None

    def wrong_state_message(self, obj: Decision, action: str) -> str:
        """A step skipped is refused by its name (issue 18): the steps the action would jump over."""
        progress = selectors.progress(obj)
        if progress.legality is rules.Legality.UNLAWFUL and action in ("meeting", *rules.AFTER_MEETING):
            return meeting_message(("unlawful", [rules.Step.LEGALITY]))
        gaps = rules.missing(progress, action)
        if action in rules.AFTER_MEETING and obj.status in (
            workflow.State.PREPARING,
            workflow.State.REVIEWING,
            workflow.State.RETURNED,
            workflow.State.READY,
        ):
            gaps = [*gaps, rules.Step.MEETING] if rules.Step.MEETING not in gaps else gaps
        if action == "meeting" and obj.status == workflow.State.REVIEWING:
            gaps = gaps or [rules.Step.LEGALITY]
        if gaps:
            return _("尚未完成：%(steps)s，不能执行此操作") % {"steps": step_names(gaps)}
        return super().wrong_state_message(obj, action)

    def restrict(self, qs: QuerySet[Decision], actor: Actor, action: str) -> QuerySet[Decision]:
        return _by_units(
            qs,
            actor,
            lambda units: (
                Q(lead_unit_id__in=units)
                | Q(review_unit_id__in=units)
                | Q(catalogue__office_id__in=units)
                | Q(catalogue__status=CatalogueStatus.PUBLISHED)
            ),
        )

    def not_found_message(self) -> str:
        return _("未找到该决策事项")

    def forbidden_message(self, obj: Decision, action: str) -> str:
        if action == "review":
            return _("只有负责合法性审查的单位可以作出审查结论")
        return _("只有决策承办单位可以办理该决策的程序")


def meeting_message(refusal: tuple[str, list[rules.Step]]) -> str:
    code, steps = refusal
    if code == "unlawful":
        return _("合法性审查结论为不合法，决策草案不得提交集体讨论（重大行政决策程序暂行条例第25条）")
    if code == "risk":
        return _("风险评估为高风险（不可控），须调整决策草案、重新评估后方可提交集体讨论")
    return _("尚未完成：%(steps)s，不得提交集体讨论") % {"steps": step_names(steps)}


@spine.register
class CasePolicy(spine.Policy[Case]):
    model = Case
    workflow = workflow.CASE_WORKFLOW

    def held(self, actor: Actor, obj: Case) -> frozenset[Pair]:
        return _held(actor, (obj.unit_id, workflow.LEAD), (obj.review_unit_id, workflow.REVIEWER))

    def guard(self, actor: Actor, obj: Case, action: str) -> str | None:
        if action == "issue":
            reason = rules.issue_refusal(obj.major, selectors.review_passed(obj))
            if reason == "no_review":
                return _("重大执法决定须经法制审核：尚未记录法制审核意见，不能作出决定")
            if reason == "failed":
                return _("法制审核未通过，不能作出决定")
        return None

    def restrict(self, qs: QuerySet[Case], actor: Actor, action: str) -> QuerySet[Case]:
        return _by_units(qs, actor, lambda units: Q(unit_id__in=units) | Q(review_unit_id__in=units))

    def not_found_message(self) -> str:
        return _("未找到该执法案件")

    def forbidden_message(self, obj: Case, action: str) -> str:
        if action == "review":
            return _("只有法制审核机构可以提出法制审核意见")
        return _("只有执法主体可以办理该案件")
