"""Assignment (交办), units' return requests and extension requests, and the staff's decisions on them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike, user_of
from renda.core.errors import ApplicationError, one_or_not_found
from renda.core.services import decision_record, diff_fields, event_record
from renda.proposals import permissions, rules
from renda.proposals.choices import (
    AssignmentRole,
    Status,
)
from renda.proposals.models import (
    Assignment,
    ExtensionRequest,
    Proposal,
    ReturnRequest,
)
from renda.proposals.selectors import settings_for
from renda.proposals.services._common import (
    _acquire,
    _deputy_user_ids,
    _lock_request,
    _manager_user_ids,
    _notify,
    _required,
    _set_status,
    _today,
    _unit_user_ids,
    _units,
    _visible,
)


def _refuse_assigned(actor, p: Proposal) -> None:
    """Two staff assigning at once: the second is told it was done, not that the state is wrong."""
    if p.status == Status.ASSIGNED and permissions.is_manager(actor):
        raise ApplicationError(
            _("“%(title)s”已被他人交办，请刷新后查看") % {"title": p.title}, code="conflict", status=409
        )


@transaction.atomic
def proposal_assign(
    *,
    actor: ActorLike,
    proposal_id: int | Proposal,
    lead_unit_ids: Iterable[int],
    co_unit_ids: Iterable[int] = (),
    wide_ranging: bool = False,
) -> Proposal:
    """交办: one lead unit (主办), or several split leads (分办) each answering their part, and co-handlers
    (会办). Due date: 3 months (6 if wide-ranging or hard) from today, 代表法 第51条."""
    p = _visible(actor, proposal_id)
    _refuse_assigned(actor, p)
    # under the lock: assigned by someone else while this request waited for it
    p = _acquire(actor, p, "assign", locked=lambda row: _refuse_assigned(actor, row))
    leads = _units(lead_unit_ids, "lead_unit_ids")
    cos = _units(co_unit_ids, "co_unit_ids")
    if not leads:
        raise ApplicationError(_("主办单位：必填"), field="lead_unit_ids")
    if set(leads) & set(cos):
        raise ApplicationError(_("会办单位：不能同时是主办单位"), field="co_unit_ids")
    conf = settings_for(p.term_id)
    today = _today()
    lead_role = AssignmentRole.LEAD if len(leads) == 1 else AssignmentRole.SPLIT
    for uid in leads:
        Assignment.objects.create(proposal=p, unit_id=uid, role=lead_role, assigned_on=today)
    for uid in cos:
        Assignment.objects.create(
            proposal=p,
            unit_id=uid,
            role=AssignmentRole.CO,
            assigned_on=today,
            co_opinion_due=rules.co_opinion_due(today, conf.co_opinion_months),
        )
    due = rules.reply_due(
        today,
        wide_ranging=wide_ranging,
        reply_months=conf.reply_months,
        reply_months_hard=conf.reply_months_hard,
    )
    changes = _set_status(
        p,
        Status.ASSIGNED,
        wide_ranging=bool(wide_ranging),
        assigned_at=today,
        due_date=due,
        extended_months=0,
    )
    event_record(
        actor=actor,
        action="proposal_assign",
        obj=p,
        changes={**changes, "lead_units": leads, "co_units": cos, "role": lead_role},
    )
    _notify(_unit_user_ids(leads + cos), _("新交办：%(title)s") % {"title": p.title}, p)
    return p


@transaction.atomic
def return_request(
    *, actor: ActorLike, proposal_id: int | Proposal, reason: str, suggested_unit_id: int | None = None
) -> ReturnRequest:
    """A unit asks to give back an item it should not have received, within 7 working days."""
    p = _acquire(actor, proposal_id, "request_return")
    _required(reason, "reason", _("退回理由"))
    if suggested_unit_id is not None:
        _units([suggested_unit_id], "suggested_unit_id")
    a = next(a for a in p.assignments.filter(is_active=True) if a.unit_id in actor.unit_ids)
    req = ReturnRequest.objects.create(
        assignment=a, reason=reason.strip(), suggested_unit_id=suggested_unit_id, requested_by=user_of(actor)
    )
    event_record(
        actor=actor,
        action="proposal_return_request",
        obj=p,
        changes={"unit": a.unit_id, "suggested_unit": suggested_unit_id},
        comment=reason,
    )
    _notify(_manager_user_ids(), _("退回申请：%(title)s") % {"title": p.title}, p, body=reason)
    return req


@transaction.atomic
def return_decide(
    *, actor: ActorLike, request_id: int, approve: bool, new_unit_id: int | None = None
) -> ReturnRequest:
    """Staff approve (and reassign) or refuse a unit's return request. Approving a lead's return needs the
    new lead unit (a unit never keeps or passes on an item by itself); the deadline restarts from the new
    assignment."""
    req = one_or_not_found(
        ReturnRequest.objects.select_related("assignment"), _("未找到该退回申请"), pk=request_id
    )
    p = _acquire(actor, req.assignment.proposal_id, "decide_return")
    req = _lock_request(ReturnRequest.objects.select_related("assignment"), request_id, _("该退回申请已处理"))
    a = req.assignment
    changes: dict = {"request": req.pk, "approve": bool(approve), "unit": a.unit_id}
    if approve:
        if a.role != AssignmentRole.CO and new_unit_id is None:
            raise ApplicationError(_("新承办单位：退回主办单位时必须指定"), field="new_unit_id")
        if new_unit_id is not None:
            _units([new_unit_id], "new_unit_id")
            if p.assignments.filter(is_active=True, unit_id=new_unit_id).exclude(pk=a.pk).exists():
                raise ApplicationError(_("新承办单位：已在承办该建议"), field="new_unit_id")
        a.is_active = False
        a.save(update_fields=["is_active", "updated_at"])
        today = _today()
        if new_unit_id is not None:
            conf = settings_for(p.term_id)
            Assignment.objects.create(
                proposal=p,
                unit_id=new_unit_id,
                role=a.role,
                assigned_on=today,
                co_opinion_due=rules.co_opinion_due(today, conf.co_opinion_months)
                if a.role == AssignmentRole.CO
                else None,
            )
            changes["new_unit"] = new_unit_id
            if a.role != AssignmentRole.CO:
                due = rules.reply_due(
                    today,
                    wide_ranging=p.wide_ranging,
                    reply_months=conf.reply_months,
                    reply_months_hard=conf.reply_months_hard,
                    extended_months=p.extended_months,
                )
                changes.update(diff_fields(p, {"assigned_at": today, "due_date": due}))
                p.save(update_fields=["assigned_at", "due_date", "updated_at"])
            _notify(_unit_user_ids([new_unit_id]), _("新交办：%(title)s") % {"title": p.title}, p)
    decision_record(req, user=user_of(actor), approve=approve)
    event_record(actor=actor, action="proposal_return_decide", obj=p, changes=changes)
    _notify(
        _unit_user_ids([a.unit_id]),
        (_("退回申请已同意：%(title)s") if approve else _("退回申请未同意：%(title)s")) % {"title": p.title},
        p,
    )
    return req


@transaction.atomic
def extension_request(
    *, actor: ActorLike, proposal_id: int | Proposal, months: int, reason: str
) -> ExtensionRequest:
    """The lead unit asks for more time (up to 3 months in all, 上海)."""
    p = _acquire(actor, proposal_id, "request_extension")
    _required(reason, "reason", _("延期理由"))
    conf = settings_for(p.term_id)
    try:
        months = int(months)
    except (TypeError, ValueError):
        raise ApplicationError(_("延期月数：应为整数"), field="months") from None
    if not rules.extension_allowed(p.extended_months, months, conf.extension_max_months):
        raise ApplicationError(
            _("延期月数：累计不得超过%(max)s个月（已延期%(n)s个月）")
            % {"max": conf.extension_max_months, "n": p.extended_months},
            field="months",
        )
    unit_id = permissions.handling_units_of(actor, p)[0]
    req = ExtensionRequest.objects.create(
        proposal=p, unit_id=unit_id, months=months, reason=reason.strip(), requested_by=user_of(actor)
    )
    event_record(
        actor=actor,
        action="proposal_extension_request",
        obj=p,
        changes={"months": months, "unit": unit_id},
        comment=reason,
    )
    _notify(_manager_user_ids(), _("延期申请：%(title)s") % {"title": p.title}, p, body=reason)
    return req


@transaction.atomic
def extension_decide(*, actor: ActorLike, request_id: int, approve: bool) -> ExtensionRequest:
    """Staff approve or refuse an extension; the deputy is told."""
    req = one_or_not_found(ExtensionRequest.objects.all(), _("未找到该延期申请"), pk=request_id)
    p = _acquire(actor, req.proposal_id, "decide_extension")
    req = _lock_request(ExtensionRequest.objects.all(), request_id, _("该延期申请已处理"))
    changes: dict = {"request": req.pk, "approve": bool(approve), "months": req.months}
    if approve:
        conf = settings_for(p.term_id)
        if not rules.extension_allowed(p.extended_months, req.months, conf.extension_max_months):
            raise ApplicationError(_("延期月数：累计超过上限"), field="months")
        extended = p.extended_months + req.months
        due = rules.reply_due(
            p.assigned_at,
            wide_ranging=p.wide_ranging,
            reply_months=conf.reply_months,
            reply_months_hard=conf.reply_months_hard,
            extended_months=extended,
        )
        changes.update(diff_fields(p, {"extended_months": extended, "due_date": due}))
        p.save(update_fields=["extended_months", "due_date", "updated_at"])
    decision_record(req, user=user_of(actor), approve=approve)
    event_record(actor=actor, action="proposal_extension_decide", obj=p, changes=changes)
    title = _("延期申请已同意：%(title)s") if approve else _("延期申请未同意：%(title)s")
    _notify(_deputy_user_ids(p) + _unit_user_ids([req.unit_id]), title % {"title": p.title}, p)
    return req
