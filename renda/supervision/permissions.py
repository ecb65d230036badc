"""Who may do what in the supervision app (MISSION.md, Users and roles).

| page or document                          | staff, leader, auditor, admin | unit handler/leader | deputy |
|-------------------------------------------|-------------------------------|---------------------|--------|
| the ranking of units, its xlsx and docx   | yes                           | yes (and its place) | no     |
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.supervision import rules, workflow
from renda.supervision.models import (
    AnswerForm,
    Inquiry,
    Inspection,
    Interpellation,
    InterpellationSigner,
    Item,
    Plan,
    SignatureStatus,
)


def can_rank(actor: Actor) -> bool:
    """The ranking of handling units for deputies' suggestions: every reader of all records (the leader's
    "who is slow"), and the units themselves, which see the table and their own place in it."""
    return bool(actor.is_authenticated and actor.has_role(*READ_ALL_ROLES, *UNIT_ROLES))


def own_units(actor: Actor) -> frozenset[int]:
    """The units whose place the page points out to the actor (a unit's own page)."""
    if not actor.is_authenticated or not actor.has_role(*UNIT_ROLES):
        return frozenset()
    return frozenset(actor.unit_ids)


# --- the annual plan and its items (renda.supervision.workflow's tables on the spine) ---------------------
#
# - staff, admin: see every plan and item; take every step.
# - leader (主任会议): sees all; adopts the plan, publishes (the staff record its agenda decisions).
# - auditor: sees all; does nothing.
# - the reporting body's handler or leader: its items once the opinions are sent; answers in writing.
# - deputies, other units, the public: adopted plans and published items.


def can_manage(actor: Actor) -> bool:
    """Create plans and items, record opinions: the staff."""
    return bool(actor.is_authenticated and actor.has_role(Role.STAFF, Role.ADMIN))


@spine.register
class PlanPolicy(spine.Policy[Plan]):
    model = Plan
    workflow = workflow.PLAN_WORKFLOW

    def restrict(self, qs: QuerySet[Plan], actor: Actor, action: str) -> QuerySet[Plan]:
        if action == "public":
            return qs.filter(status=workflow.PlanState.ADOPTED)
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        return qs.filter(status=workflow.PlanState.ADOPTED)

    def visible(self, actor: Actor, obj: Plan, pairs: frozenset[Pair] | None = None) -> bool:
        if not actor.is_authenticated:
            return False
        return actor.has_role(*READ_ALL_ROLES) or obj.status == workflow.PlanState.ADOPTED

    def not_found_message(self) -> str:
        return _("未找到该年度监督工作计划")


@spine.register
class ItemPolicy(spine.Policy[Item]):
    model = Item
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, obj: Item) -> frozenset[Pair]:
        pairs = role_pairs(actor.roles)
        if actor.is_authenticated and obj.status in workflow.SENT_OR_LATER:
            for role in UNIT_ROLES:
                if obj.body_id in actor.unit_ids_for(role):
                    pairs |= {(str(role), workflow.BODY)}
        return pairs

    def guard(self, actor: Actor, obj: Item, action: str) -> str | None:
        if action == "consolidate" and obj.kind == "inquiry":
            # 监督法 第六章: the problems raised at the special inquiry are what the body receives
            listed = Inquiry.objects.filter(item=obj).exclude(status=workflow.QState.OPEN).exists()
            return None if listed else _("专题询问的问题清单尚未交办")
        if action == "consolidate" and not obj.opinions.exists():
            return _("尚未记录组成人员的审议意见")
        if action == "schedule" and obj.kind == "enforcement":
            # 监督法 第三十七条: the inspection group's report is what the meeting hears
            inspection = Inspection.objects.filter(item=obj).values_list("status", flat=True).first()
            if inspection != workflow.InspState.REPORTED:
                return _("执法检查报告尚未形成，不能列入会议议程")
        return None

    def restrict(self, qs: QuerySet[Item], actor: Actor, action: str) -> QuerySet[Item]:
        if action == "public":
            return qs.filter(status=workflow.State.PUBLISHED)
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        own = Q(status=workflow.State.PUBLISHED)
        if actor.unit_ids:
            own |= Q(body_id__in=actor.unit_ids, status__in=workflow.SENT_OR_LATER)
        return qs.filter(own)

    def visible(self, actor: Actor, obj: Item, pairs: frozenset[Pair] | None = None) -> bool:
        if not actor.is_authenticated:
            return False
        if actor.has_role(*READ_ALL_ROLES) or obj.status == workflow.State.PUBLISHED:
            return True
        return obj.status in workflow.SENT_OR_LATER and obj.body_id in actor.unit_ids

    def not_found_message(self) -> str:
        return _("未找到该监督事项")

    def forbidden_message(self, obj: Item, action: str) -> str:
        if action == "answer":
            return _("只有报告机关或人大工作人员可以报送研究处理情况")
        if action in ("adopt", "publish"):
            return _("只有主任会议成员或人大工作人员可以办理")
        return _("只有人大工作人员可以办理")


# --- interpellations (renda.supervision.workflow.INTERPELLATION_WORKFLOW) ----------------------------------
#
# - a member of the standing committee (a deputy): drafts one (lead), invites members, files it; an invited
#   member signs or declines; after the answer, each signatory declares satisfied or not.
# - staff, admin: see all; file one with enough signatures, lapse one past its deadline, record an oral
#   answer; the council's decisions (accept, reject, second answer, close) with the leaders.
# - leader (主任会议): sees all; decides.  auditor: sees all; does nothing.
# - the questioned body's handler or leader: sees it once the council sent it; answers.
# - other deputies, units, the public: nothing.


def _signature(actor: Actor, obj: Interpellation) -> str | None:
    """The actor's own signature row's status on `obj` (one query), or None."""
    if actor.deputy_id is None:
        return None
    return (
        InterpellationSigner.objects.filter(interpellation=obj, deputy_id=actor.deputy_id)
        .values_list("status", flat=True)
        .first()
    )


@spine.register
class InterpellationPolicy(spine.Policy[Interpellation]):
    model = Interpellation
    workflow = workflow.INTERPELLATION_WORKFLOW

    def held(self, actor: Actor, obj: Interpellation) -> frozenset[Pair]:
        pairs = role_pairs(actor.roles)
        if not actor.is_authenticated:
            return pairs
        if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
            if obj.lead_id == actor.deputy_id:
                pairs |= {("deputy", workflow.LEAD)}
            status = _signature(actor, obj)
            if status == SignatureStatus.INVITED:
                pairs |= {("deputy", workflow.SIGNER)}
            elif status == SignatureStatus.SIGNED:
                pairs |= {("deputy", workflow.SIGNATORY)}
        if obj.status in workflow.SENT_TO_BODY:
            for role in UNIT_ROLES:
                if obj.body_id in actor.unit_ids_for(role):
                    pairs |= {(str(role), workflow.BODY)}
        return pairs

    def guard(self, actor: Actor, obj: Interpellation, action: str) -> str | None:
        past = obj.sign_deadline is not None and timezone.now() > obj.sign_deadline
        if action == "sign" and past:
            return _("联名截止时间已过")
        if action in ("file", "lapse"):
            signed = obj.signers.filter(
                status=SignatureStatus.SIGNED, signed_at__lte=obj.sign_deadline
            ).count()
            enough = signed >= obj.signers_needed
            if action == "file" and not enough:
                return _("联名人数不足：须%(need)s人以上联名，截止时间前已联名%(n)s人") % {
                    "need": obj.signers_needed,
                    "n": signed,
                }
            if action == "lapse" and (enough or not past):
                return _("联名截止时间未过或联名人数已足")
        oral = obj.answer_form == AnswerForm.ORAL
        if action in ("answer", "answer_again") and oral and not actor.has_role(Role.STAFF, Role.ADMIN):
            return _("口头答复在会议上作出，由人大工作人员记录")
        if action == "request_second":
            rows = list(
                obj.signers.filter(status=SignatureStatus.SIGNED).values_list("dissatisfied", flat=True)
            )
            if not rules.second_answer_allowed(sum(1 for d in rows if d), len(rows)):
                return _("不满意的联名人未过半数，不能要求再作答复")
        return None

    def restrict(self, qs: QuerySet[Interpellation], actor: Actor, action: str) -> QuerySet[Interpellation]:
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        own = Q(pk__in=[])
        if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
            signs = InterpellationSigner.objects.filter(
                interpellation=OuterRef("pk"), deputy_id=actor.deputy_id
            )
            own |= Q(lead_id=actor.deputy_id) | Q(Exists(signs))
        if actor.unit_ids:
            own |= Q(body_id__in=actor.unit_ids, status__in=workflow.SENT_TO_BODY)
        return qs.filter(own)

    def visible(self, actor: Actor, obj: Interpellation, pairs: frozenset[Pair] | None = None) -> bool:
        if not actor.is_authenticated:
            return False
        if actor.has_role(*READ_ALL_ROLES):
            return True
        if obj.status in workflow.SENT_TO_BODY and obj.body_id in actor.unit_ids:
            return True
        if actor.deputy_id is None:
            return False
        return obj.lead_id == actor.deputy_id or _signature(actor, obj) is not None

    def not_found_message(self) -> str:
        return _("未找到该质询案")

    def forbidden_message(self, obj: Interpellation, action: str) -> str:
        if action in ("invite", "withdraw"):
            return _("只有领衔人可以办理")
        if action in ("sign", "decline"):
            return _("只有受邀联名的组成人员可以联名")
        if action == "declare":
            return _("只有联名人可以表示是否满意")
        if action in ("answer", "answer_again"):
            return _("只有被质询机关或人大工作人员可以答复")
        if action in ("accept", "reject", "request_second", "close"):
            return _("只有主任会议成员或人大工作人员可以办理")
        return _("只有人大工作人员可以办理")


def can_interpellate(actor: Actor) -> bool:
    """Draft an interpellation: a deputy serving on the current term's standing committee (第五十一条)."""
    if not actor.is_authenticated or not actor.has_role(Role.DEPUTY) or actor.deputy_id is None:
        return False
    from renda.deputies.models import StandingCommitteeMember

    return StandingCommitteeMember.objects.filter(
        deputy_id=actor.deputy_id, end_date__isnull=True, standing_committee__term__is_current=True
    ).exists()


# --- law-enforcement inspections (renda.supervision.workflow.INSPECTION_WORKFLOW) ----------------------
#
# - staff, admin: organise the group, record the visits, the report.  leader, auditor: see all.
# - the group's deputies: see it.  the body inspected: sees it once reported.  others: nothing.


@spine.register
class InspectionPolicy(spine.Policy[Inspection]):
    model = Inspection
    workflow = workflow.INSPECTION_WORKFLOW

    def guard(self, actor: Actor, obj: Inspection, action: str) -> str | None:
        if action == "start" and not obj.members.filter(role="leader").exists():
            return _("检查组还没有组长")
        if action == "report" and not obj.visits.exists():
            return _("还没有记录实地检查")
        return None

    def restrict(self, qs: QuerySet[Inspection], actor: Actor, action: str) -> QuerySet[Inspection]:
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        own = Q(pk__in=[])
        if actor.deputy_id is not None:
            own |= Q(members__deputy_id=actor.deputy_id)
        if actor.unit_ids:
            own |= Q(item__body_id__in=actor.unit_ids, status=workflow.InspState.REPORTED)
        return qs.filter(own).distinct()

    def not_found_message(self) -> str:
        return _("未找到该执法检查")


# --- special inquiries (renda.supervision.workflow.INQUIRY_WORKFLOW) ------------------------------------
#
# - staff, admin: open it, record the questions and answers, the problems, send the list.  leader: also
#   publishes.  auditor: sees all.
# - the members who asked: see it.  the body: sees it once the list is sent.  every signed-in user: once
#   published.


@spine.register
class InquiryPolicy(spine.Policy[Inquiry]):
    model = Inquiry
    workflow = workflow.INQUIRY_WORKFLOW

    def guard(self, actor: Actor, obj: Inquiry, action: str) -> str | None:
        if action == "send_list" and not obj.questions.exists():
            return _("还没有记录询问和答复")
        if action == "send_list" and not obj.problems.exists():
            return _("问题清单还没有问题")
        return None

    def restrict(self, qs: QuerySet[Inquiry], actor: Actor, action: str) -> QuerySet[Inquiry]:
        if action == "public":  # the published summary and its questions and answers (监督法 第二十条)
            return qs.filter(status=workflow.QState.PUBLISHED)
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        own = Q(status=workflow.QState.PUBLISHED)
        if actor.deputy_id is not None:
            own |= Q(questions__asker_id=actor.deputy_id)
        if actor.unit_ids:
            own |= Q(item__body_id__in=actor.unit_ids, status=workflow.QState.LISTED)
        return qs.filter(own).distinct()

    def not_found_message(self) -> str:
        return _("未找到该专题询问")


# investigations of a specific question and removal motions: their policies register on import
from renda.supervision import permissions_investigations  # noqa: E402, F401
