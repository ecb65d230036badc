"""Who may see and do what with motions and suggestions (MISSION §2, Users and roles).

| role                         | sees (restrict "list"/"view")                          | export        |
|------------------------------|--------------------------------------------------------|---------------|
| staff, admin, leader, auditor| every submitted item (+ drafts they entered themselves) | all           |
| unit handler / unit leader   | items with an ACTIVE assignment to one of their units   | same as sees  |
| deputy                       | own items (lead or co-signer, drafts too), items their  | none          |
|                              | own items were merged into, and published replies       |               |
| station keeper, anonymous    | none                                                    | none          |

A unit that returned an item (assignment no longer active) stops seeing it. What each may *do* is the
transition table (workflow.WORKFLOW) plus the guards below, bound to Proposal by ProposalPolicy on the
spine (renda.core.spine): `Proposal.objects.restrict(actor, action)` is the scope, `spine.require` what every
service checks before it locks the item, `spine.available_actions` what pages draw — the same code, so
pages never offer a button the service would refuse.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.prefetch import rows
from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, Role, has_role
from renda.core.selectors import work_calendar
from renda.core.workflow import Pair, role_pairs
from renda.proposals import rules, workflow
from renda.proposals.choices import AssignmentRole, CosignStatus, ReplyStatus, RequestStatus
from renda.proposals.models import Assignment, Cosigner, MotionWindow, Proposal, Rating, ReturnRequest
from renda.proposals.selectors import settings_for
from renda.proposals.workflow import ITEM_ACTIONS, MOTION_WINDOW, WINDOW_OPEN, WORKFLOW, Scope

SCOPE_ACTIONS = ("list", "view", "export")
UNSUBMITTED = workflow.UNSUBMITTED


def is_manager(user: ActorLike) -> bool:
    """Staff (and admins) run the process: review, assign, approve returns and extensions."""
    return has_role(user, Role.STAFF, Role.ADMIN)


def deputy_id_of(user: ActorLike) -> int | None:
    """The Deputy record of a signed-in deputy (the actor context reads it once per user object)."""
    return as_actor(user).deputy_id


def can_list(user: ActorLike) -> bool:
    return getattr(user, "is_authenticated", False) and (
        has_role(user, *READ_ALL_ROLES, *UNIT_ROLES) or deputy_id_of(user) is not None
    )


def can_export(user: ActorLike) -> bool:
    return has_role(user, *READ_ALL_ROLES, *UNIT_ROLES)


def can_view(user: ActorLike, proposal: Proposal) -> bool:
    return Proposal.objects.restrict(user, "view").filter(pk=proposal.pk).exists()


def can_create(user: ActorLike) -> bool:
    return deputy_id_of(user) is not None or is_manager(user)


def can_set_motion_deadline(user: ActorLike) -> bool:
    return is_manager(user)


def can_roll_over(user: ActorLike) -> bool:
    return is_manager(user)


def can_edit_settings(user: ActorLike) -> bool:
    """The term's settings (ProposalSettings: category scheme, deadlines, thresholds): staff and admins."""
    return is_manager(user)


# --- the (role, scope) pairs a user holds on one item -------------------------------------------------


def _cosigners(p: Proposal) -> list[Cosigner]:
    return rows(p, "cosigners")  # prefetched by selectors


def _active_assignments(p: Proposal) -> list[Assignment]:
    return [a for a in rows(p, "assignments") if a.is_active]  # prefetched by selectors


def held(user: ActorLike, p: Proposal, *, cosigners_rate: bool | None = None) -> frozenset[Pair]:
    """Every (role, scope) pair that `user` holds on `p` (see workflow.permitted)."""
    actor = as_actor(user)
    if not actor.is_authenticated:
        return frozenset()
    pairs: set[Pair] = set(role_pairs(actor.roles))
    deputy_id = actor.deputy_id
    if deputy_id is not None:
        if p.lead_deputy_id == deputy_id:
            pairs |= {(Role.DEPUTY.value, Scope.LEAD), (Role.DEPUTY.value, Scope.RATER)}
        for c in _cosigners(p):
            if c.deputy_id != deputy_id:
                continue
            if c.status == CosignStatus.INVITED:
                pairs.add((Role.DEPUTY.value, Scope.COSIGNER))
            elif c.status == CosignStatus.CONFIRMED:
                pairs.add((Role.DEPUTY.value, Scope.SIGNER))
                if cosigners_rate is None:
                    cosigners_rate = settings_for(p.term_id).cosigners_rate
                if cosigners_rate:
                    pairs.add((Role.DEPUTY.value, Scope.RATER))
    for role in (Role.UNIT_HANDLER, Role.UNIT_LEADER):
        units = actor.unit_ids_for(role)
        if not units:
            continue
        for a in _active_assignments(p):
            if a.unit_id not in units:
                continue
            pairs.add((role.value, Scope.ASSIGNED))
            if a.role in (AssignmentRole.LEAD, AssignmentRole.SPLIT):
                pairs.add((role.value, Scope.HANDLER))
            else:
                pairs.add((role.value, Scope.CO_UNIT))
    return frozenset(pairs)


def handling_units_of(
    user: ActorLike, p: Proposal, *, roles=(Role.UNIT_HANDLER, Role.UNIT_LEADER), co=False
) -> list[int]:
    """The user's units that handle `p` as lead/split lead (co=True: as co-handler), in assignment order."""
    units = as_actor(user).unit_ids_for(*roles)
    wanted = (AssignmentRole.CO,) if co else (AssignmentRole.LEAD, AssignmentRole.SPLIT)
    return [a.unit_id for a in _active_assignments(p) if a.unit_id in units and a.role in wanted]


# --- personal data: the lead deputy's contact -------------------------------------------------------------


def lead_contact_shown(user: ActorLike, p: Proposal) -> bool:
    """Whether `user` reads the lead deputy's phone in full on `p`.

    The handling unit (handler or leader of an active lead or split-lead unit 主办/分办) must consult the
    deputy before replying (代表法 第51条, 沟通/面商): it sees the contact of the deputy of the items it
    handles, and of those only. Everyone else follows the deputies' own table
    (renda.deputies.permissions: staff, admins, auditors, leaders; a keeper for their station's deputies);
    elsewhere the phone is masked (MISSION, Users and roles)."""
    from renda.deputies.permissions import sees_phone

    if p.lead_deputy_id is None:
        return False
    if handling_units_of(user, p):
        return True
    return sees_phone(user, p.lead_deputy)


# --- guards: what the table cannot say -----------------------------------------------------------------


def guard(user: ActorLike, p: Proposal, action: str, *, today: dt.date | None = None) -> str | None:
    """Why `action` is refused although the table allows it (a translated message), or None.

    Evaluated by the spine for the services (spine.require raises it as a 409 ApplicationError) and for
    available_actions alike.
    """
    actor = as_actor(user)
    today = today or timezone.localdate()
    deputy_id = actor.deputy_id
    if action in ("cosign", "decline_cosign"):
        mine = [c for c in _cosigners(p) if c.deputy_id == deputy_id]
        if not mine or mine[0].status != CosignStatus.INVITED:
            return _("您没有待确认的联名邀请")
    if action == "consent_withdraw":
        mine = [c for c in _cosigners(p) if c.deputy_id == deputy_id and c.status == CosignStatus.CONFIRMED]
        if not mine:
            return _("只有已确认的联名代表可以同意撤回")
        if mine[0].consents_to_withdraw:
            return _("您已同意撤回")
    if action == "withdraw" and p.status not in UNSUBMITTED:
        if p.kind == workflow.MOTION and not is_manager(actor):
            return _("议案撤回须经主席团同意，由工作人员登记")
        if p.kind == workflow.SUGGESTION:
            waiting = [
                c for c in _cosigners(p) if c.status == CosignStatus.CONFIRMED and not c.consents_to_withdraw
            ]
            if waiting:
                return _("联名建议须全体联名代表同意后方可撤回（尚有%(n)s位代表未同意）") % {
                    "n": len(waiting)
                }
    if action == "rate":
        round_ = p.rehandle_count + 1
        if deputy_id is None:
            return _("只有代表可以测评")
        if p.lead_deputy_id == deputy_id and p.status != workflow.S.REPLIED:
            return _("该建议当前不在待测评状态")
        if Rating.objects.filter(proposal=p, deputy_id=deputy_id, round=round_).exists():
            return _("您已对本轮答复进行了测评")
    if action == "decide_return" and (
        getattr(p, "has_return_requests", True) is False
        or not ReturnRequest.objects.filter(assignment__proposal=p, status=RequestStatus.PENDING).exists()
    ):
        return _("没有待审批的退回申请")
    if (
        action == "decide_extension"
        and not p.extension_requests.filter(status=RequestStatus.PENDING).exists()
    ):
        return _("没有待审批的延期申请")
    if action == "request_extension":
        if p.extension_requests.filter(status=RequestStatus.PENDING).exists():
            return _("已有待审批的延期申请")
        maximum = settings_for(p.term_id).extension_max_months
        if not rules.extension_allowed(p.extended_months, 1, maximum):
            return _("延期已达上限（%(n)s个月）") % {"n": maximum}
    if action == "request_return":
        units = actor.unit_ids
        mine = [a for a in _active_assignments(p) if a.unit_id in units]
        if not mine:
            return _("本单位没有承办该建议")
        a = mine[0]
        if ReturnRequest.objects.filter(assignment=a, status=RequestStatus.PENDING).exists():
            return _("已有待审批的退回申请")
        cal = work_calendar(start_year=a.assigned_on.year, end_year=a.assigned_on.year + 1)
        last = rules.return_deadline(a.assigned_on, cal, settings_for(p.term_id).return_request_workdays)
        if today > last:
            return _("已超过申请退回的时限（%(date)s前）") % {"date": last.isoformat()}
    if action == "urge" and not rules.is_overdue(p.due_date, today, open_=True):
        return _("该件未逾期，无需催办")
    if action in ("sign_reply", "send_back_reply"):
        units = set(handling_units_of(actor, p, roles=(Role.UNIT_LEADER,)))
        if not p.replies.filter(
            unit_id__in=units, round=p.rehandle_count + 1, status=ReplyStatus.DRAFT
        ).exists():
            return _("没有待签发的答复")
    return None


# --- scope ---------------------------------------------------------------------------------------------


def restrict(qs: QuerySet[Proposal], user: ActorLike, action: str = "list") -> QuerySet[Proposal]:
    """The items of `qs` that `user` may `action` (list, view, export); an item outside answers 404."""
    if action not in SCOPE_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    actor = as_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    cond = Q(pk__in=[])
    if actor.has_role(*READ_ALL_ROLES):
        cond |= ~Q(status__in=UNSUBMITTED) | Q(created_by=actor.user)
    unit_ids = actor.unit_ids
    if unit_ids:
        cond |= Q(
            pk__in=Assignment.objects.filter(unit_id__in=sorted(unit_ids), is_active=True).values(
                "proposal_id"
            )
        )
    deputy_id = actor.deputy_id if action != "export" else None
    if deputy_id is not None:
        own = Q(lead_deputy_id=deputy_id) | Q(
            pk__in=Cosigner.objects.filter(deputy_id=deputy_id).values("proposal_id")
        )
        merged_into = Proposal.objects.filter(own, merged_into__isnull=False).values("merged_into_id")
        cond |= own | Q(pk__in=merged_into) | Q(is_public=True, status__in=workflow.PUBLISHED)
    return qs.filter(cond)


def visible(user: ActorLike, p: Proposal, pairs: frozenset | None = None) -> bool:
    """Whether `p` is inside the user's scope; decided without a query in the common cases."""
    actor = as_actor(user)
    if not actor.is_authenticated:
        return False
    if actor.has_role(*READ_ALL_ROLES) and (p.status not in UNSUBMITTED or p.created_by_id == actor.pk):
        return True
    pairs = held(actor, p) if pairs is None else pairs
    direct = {Scope.ASSIGNED, Scope.LEAD, Scope.COSIGNER, Scope.SIGNER}
    if any(scope in direct for _role, scope in pairs):
        return True
    return restrict(Proposal.objects.all(), actor, "view").filter(pk=p.pk).exists()


@spine.register
class ProposalPolicy(spine.Policy[Proposal]):
    """Proposal on the spine: the item's kind is the table's variant; held pairs, guards and scope above."""

    model = Proposal
    workflow = WORKFLOW
    item_actions = ITEM_ACTIONS

    def variant(self, obj: Proposal) -> str | None:
        return obj.kind

    def held(self, actor: Actor, obj: Proposal) -> frozenset[Pair]:
        return held(actor, obj)

    def guard(self, actor: Actor, obj: Proposal, action: str) -> str | None:
        return guard(actor, obj, action)

    def restrict(self, qs: QuerySet[Proposal], actor: Actor, action: str) -> QuerySet[Proposal]:
        return restrict(qs, actor, action)

    def visible(self, actor: Actor, obj: Proposal, pairs: frozenset[Pair] | None = None) -> bool:
        return visible(actor, obj, pairs)

    def not_found_message(self) -> str:
        return _("未找到该议案建议")

    def forbidden_message(self, obj: Proposal, action: str) -> str:
        return _("您无权对该议案建议执行此操作")

    def wrong_state_message(self, obj: Proposal, action: str) -> str:
        return _("“%(title)s”当前状态为“%(status)s”，不能执行此操作") % {
            "title": obj.title,
            "status": obj.get_status_display(),
        }


@spine.register
class MotionWindowPolicy(spine.Policy[MotionWindow]):
    """A session's motion deadline: staff set it (MOTION_WINDOW); anyone signed in may read it."""

    model = MotionWindow
    workflow = MOTION_WINDOW

    def state(self, obj: MotionWindow) -> str:
        return WINDOW_OPEN

    def visible(self, actor: Actor, obj: MotionWindow, pairs: frozenset[Pair] | None = None) -> bool:
        return actor.is_authenticated

    def forbidden_message(self, obj: MotionWindow, action: str) -> str:
        return _("只有工作人员可以设置议案截止时间")


def available_actions(user: ActorLike, proposal: Proposal) -> list[str]:
    """The actions `user` may take on `proposal` now, in the table's order (pages draw buttons from it)."""
    return spine.available_actions(user, proposal)


def can(user: ActorLike, p: Proposal, action: str) -> bool:
    """Whether the service would accept `action` on `p` from `user` (scope, table, role and guard)."""
    return spine.can(user, p, action)
