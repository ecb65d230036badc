"""Who may see and do what with motions and suggestions (MISSION §2, Users and roles).

| role                         | sees (scope_for "list"/"view")                         | export        |
|------------------------------|--------------------------------------------------------|---------------|
| staff, admin, leader, auditor| every submitted item (+ drafts they entered themselves) | all           |
| unit handler / unit leader   | items with an ACTIVE assignment to one of their units   | same as sees  |
| deputy                       | own items (lead or co-signer, drafts too), items their  | none          |
|                              | own items were merged into, and published replies       |               |
| station keeper, anonymous    | none                                                    | none          |

A unit that returned an item (assignment no longer active) stops seeing it. What each may *do* is the
transition table (workflow.TRANSITIONS) plus the guards below, both shared with the services, so that
available_actions never offers a button the service would refuse.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.roles import READ_ALL_ROLES, UNIT_ROLES, Role, has_role
from renda.deputies.models import Deputy
from renda.proposals import workflow
from renda.proposals.choices import AssignmentRole, CosignStatus, ReplyStatus, RequestStatus, Status
from renda.proposals.models import Assignment, Cosigner, Proposal
from renda.proposals.workflow import Scope

SCOPE_ACTIONS = ("list", "view", "export")
UNSUBMITTED = (Status.DRAFT, Status.COSIGNING)
PUBLISHED_STATES = (Status.REPLIED, Status.FOLLOW_UP, Status.CLOSED)


def is_manager(user) -> bool:
    """Staff (and admins) run the process: review, assign, approve returns and extensions."""
    return has_role(user, Role.STAFF, Role.ADMIN)


def deputy_id_of(user) -> int | None:
    """The Deputy record of a signed-in deputy (cached on the user object for the request)."""
    if not has_role(user, Role.DEPUTY):
        return None
    cached = user.__dict__.get("_proposals_deputy_id", False)
    if cached is False:
        cached = Deputy.objects.filter(user=user).values_list("pk", flat=True).first()
        user.__dict__["_proposals_deputy_id"] = cached
    return cached


def scope_for(user, action: str = "list") -> QuerySet[Proposal]:
    """The items `user` may `action` (list, view, export); an item outside answers 404."""
    if action not in SCOPE_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    qs = Proposal.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    cond = Q(pk__in=[])
    if has_role(user, *READ_ALL_ROLES):
        cond |= ~Q(status__in=UNSUBMITTED) | Q(created_by=user)
    unit_ids = user.unit_ids if has_role(user, *UNIT_ROLES) else frozenset()
    if unit_ids:
        cond |= Q(
            pk__in=Assignment.objects.filter(unit_id__in=sorted(unit_ids), is_active=True).values(
                "proposal_id"
            )
        )
    deputy_id = deputy_id_of(user) if action != "export" else None
    if deputy_id is not None:
        own = Q(lead_deputy_id=deputy_id) | Q(
            pk__in=Cosigner.objects.filter(deputy_id=deputy_id).values("proposal_id")
        )
        merged_into = Proposal.objects.filter(own, merged_into__isnull=False).values("merged_into_id")
        cond |= own | Q(pk__in=merged_into) | Q(is_public=True, status__in=PUBLISHED_STATES)
    return qs.filter(cond)


def can_list(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        has_role(user, *READ_ALL_ROLES, *UNIT_ROLES) or deputy_id_of(user) is not None
    )


def can_export(user) -> bool:
    return has_role(user, *READ_ALL_ROLES, *UNIT_ROLES)


def can_view(user, proposal: Proposal) -> bool:
    return scope_for(user, "view").filter(pk=proposal.pk).exists()


def can_create(user) -> bool:
    return deputy_id_of(user) is not None or is_manager(user)


def can_set_motion_deadline(user) -> bool:
    return is_manager(user)


def can_roll_over(user) -> bool:
    return is_manager(user)


def can_edit_settings(user) -> bool:
    """The term's settings (ProposalSettings: category scheme, deadlines, thresholds): staff and admins."""
    return is_manager(user)


# --- the (role, scope) pairs a user holds on one item -------------------------------------------------


def _cosigners(p: Proposal) -> list[Cosigner]:
    return list(p.cosigners.all())  # prefetched by selectors


def _active_assignments(p: Proposal) -> list[Assignment]:
    return [a for a in p.assignments.all() if a.is_active]  # prefetched by selectors


def held(user, p: Proposal, *, cosigners_rate: bool | None = None) -> frozenset[tuple[str, Scope]]:
    """Every (role, scope) pair that `user` holds on `p` (see workflow.permitted)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    pairs: set[tuple[str, Scope]] = {(r, Scope.ANY) for r in user.role_set}
    deputy_id = deputy_id_of(user)
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
                    from renda.proposals.selectors import settings_for

                    cosigners_rate = settings_for(p.term_id).cosigners_rate
                if cosigners_rate:
                    pairs.add((Role.DEPUTY.value, Scope.RATER))
    for role in (Role.UNIT_HANDLER, Role.UNIT_LEADER):
        units = user.unit_ids_for(role)
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
    user, p: Proposal, *, roles=(Role.UNIT_HANDLER, Role.UNIT_LEADER), co=False
) -> list[int]:
    """The user's units that handle `p` as lead/split lead (co=True: as co-handler), in assignment order."""
    units: set[int] = set()
    for role in roles:
        units |= user.unit_ids_for(role)
    wanted = (AssignmentRole.CO,) if co else (AssignmentRole.LEAD, AssignmentRole.SPLIT)
    return [a.unit_id for a in _active_assignments(p) if a.unit_id in units and a.role in wanted]


# --- guards: what the table cannot say -----------------------------------------------------------------


def guard(user, p: Proposal, action: str, *, today: dt.date | None = None) -> str | None:
    """Why `action` is refused although the table allows it (a translated message), or None.

    Shared by the services (which raise it as an ApplicationError) and available_actions.
    """
    today = today or timezone.localdate()
    deputy_id = deputy_id_of(user)
    manager = is_manager(user)
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
        if p.kind == workflow.MOTION and not manager:
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
        from renda.proposals.models import Rating

        round_ = p.rehandle_count + 1
        if deputy_id is None:
            return _("只有代表可以测评")
        if p.lead_deputy_id == deputy_id and p.status != Status.REPLIED:
            return _("该建议当前不在待测评状态")
        if Rating.objects.filter(proposal=p, deputy_id=deputy_id, round=round_).exists():
            return _("您已对本轮答复进行了测评")
    if action == "decide_return":
        from renda.proposals.models import ReturnRequest

        if getattr(p, "has_return_requests", True) is False or not (
            ReturnRequest.objects.filter(assignment__proposal=p, status=RequestStatus.PENDING).exists()
        ):
            return _("没有待审批的退回申请")
    if (
        action == "decide_extension"
        and not p.extension_requests.filter(status=RequestStatus.PENDING).exists()
    ):
        return _("没有待审批的延期申请")
    if action == "request_extension":
        from renda.proposals import rules
        from renda.proposals.selectors import settings_for

        if p.extension_requests.filter(status=RequestStatus.PENDING).exists():
            return _("已有待审批的延期申请")
        maximum = settings_for(p.term_id).extension_max_months
        if not rules.extension_allowed(p.extended_months, 1, maximum):
            return _("延期已达上限（%(n)s个月）") % {"n": maximum}
    if action == "request_return":
        from renda.core.selectors import work_calendar
        from renda.proposals import rules
        from renda.proposals.models import ReturnRequest
        from renda.proposals.selectors import settings_for

        units = user.unit_ids
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
    if action == "sign_reply":
        units = set(handling_units_of(user, p, roles=(Role.UNIT_LEADER,)))
        if not p.replies.filter(
            unit_id__in=units, round=p.rehandle_count + 1, status=ReplyStatus.DRAFT
        ).exists():
            return _("没有待签发的答复")
    return None


def visible(user, p: Proposal, pairs: frozenset | None = None) -> bool:
    """Whether `p` is inside the user's scope; decided without a query in the common cases."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, *READ_ALL_ROLES) and (p.status not in UNSUBMITTED or p.created_by_id == user.pk):
        return True
    pairs = held(user, p) if pairs is None else pairs
    direct = {Scope.ASSIGNED, Scope.LEAD, Scope.COSIGNER, Scope.SIGNER}
    if any(scope in direct for _role, scope in pairs):
        return True
    return scope_for(user, "view").filter(pk=p.pk).exists()


def can(user, p: Proposal, action: str, *, today: dt.date | None = None) -> bool:
    """Whether the service would accept `action` on `p` from `user` (scope, table, role and guard)."""
    if not workflow.allowed(action, p.status, p.kind):
        return False
    pairs = held(user, p)
    if not workflow.permitted(action, pairs) or not visible(user, p, pairs):
        return False
    return guard(user, p, action, today=today) is None


ITEM_ACTIONS = tuple(a for a in workflow.ACTIONS if a != "set_motion_deadline")


def available_actions(user, proposal: Proposal) -> list[str]:
    """The actions `user` may take on `proposal` now, in the table's order (pages draw buttons from it)."""
    if not getattr(user, "is_authenticated", False):
        return []
    pairs = held(user, proposal)
    if not visible(user, proposal, pairs):
        return []
    out = []
    for action in ITEM_ACTIONS:
        if not workflow.allowed(action, proposal.status, proposal.kind):
            continue
        if not workflow.permitted(action, pairs):
            continue
        if guard(user, proposal, action) is None:
            out.append(action)
    return out
