"""Handling: co-handlers' opinions, consultations with the deputy, replies drafted and signed.

Split leads (分办) each draft and sign their own reply; the item becomes `replied` when every active lead
unit's reply of the round is signed; its category is the least resolved of them and its promised date the
latest."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine, uploads
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, PermissionDenied, one_or_not_found
from renda.core.roles import Role
from renda.core.services import event_record
from renda.proposals import permissions, rules
from renda.proposals.choices import (
    AssignmentRole,
    ConsultationMethod,
    ReplyStatus,
    Status,
)
from renda.proposals.models import (
    CoHandlerOpinion,
    Consultation,
    Proposal,
    Reply,
)
from renda.proposals.selectors import settings_for
from renda.proposals.services._common import (
    _acquire,
    _check_file,
    _deputy_user_ids,
    _notify,
    _required,
    _set_status,
    _today,
    _unit_user_ids,
    _visible,
)


@transaction.atomic
def co_opinion_submit(*, actor: ActorLike, proposal_id: int | Proposal, text: str) -> CoHandlerOpinion:
    """A co-handler's written opinion to the lead unit."""
    p = _acquire(actor, proposal_id, "co_opinion")
    _required(text, "text", _("会办意见"))
    unit_id = permissions.handling_units_of(actor, p, co=True)[0]
    a = p.assignments.get(is_active=True, unit_id=unit_id)
    op = CoHandlerOpinion.objects.create(assignment=a, text=text.strip(), author=user_of(actor))
    event_record(actor=actor, action="proposal_co_opinion", obj=p, changes={"unit": unit_id})
    leads = list(
        p.assignments.filter(is_active=True).exclude(role=AssignmentRole.CO).values_list("unit_id", flat=True)
    )
    _notify(_unit_user_ids(leads), _("会办意见：%(title)s") % {"title": p.title}, p)
    return op


@transaction.atomic
def consultation_record(
    *,
    actor: ActorLike,
    proposal_id: int | Proposal,
    method: str,
    held_on: dt.date,
    participants: str,
    notes: str = "",
) -> Consultation:
    """沟通/面商 with the deputy before replying (代表法 第51条): how, when, who."""
    p = _acquire(actor, proposal_id, "consult")
    if method not in ConsultationMethod.values:
        raise ApplicationError(_("沟通方式：请选择"), field="method")
    if held_on is None:
        raise ApplicationError(_("沟通日期：必填"), field="held_on")
    if held_on > _today():
        raise ApplicationError(_("沟通日期：不能晚于今天"), field="held_on")
    _required(participants, "participants", _("参加人员"))
    unit_id = permissions.handling_units_of(actor, p)[0]
    c = Consultation.objects.create(
        proposal=p,
        unit_id=unit_id,
        method=method,
        held_on=held_on,
        participants=participants.strip()[:300],
        notes=notes or "",
        recorded_by=user_of(actor),
    )
    event_record(
        actor=actor,
        action="proposal_consult",
        obj=p,
        changes={"method": method, "held_on": held_on.isoformat(), "unit": unit_id},
    )
    return c


@transaction.atomic
def reply_draft(
    *,
    actor: ActorLike,
    proposal_id: int | Proposal,
    text: str,
    category: str,
    promised_date: dt.date | None = None,
    explanation: str = "",
    letter=None,
) -> Reply:
    """The handler's draft reply for this round (written again while still a draft)."""
    p = _acquire(actor, proposal_id, "draft_reply")
    conf = settings_for(p.term_id)
    _required(text, "text", _("答复内容"))
    cat = rules.category(conf.category_scheme, category)
    if cat is None:
        raise ApplicationError(_("办理结果分类：请选择"), field="category")
    if cat.needs_promised_date:
        if promised_date is None:
            raise ApplicationError(
                _("承诺解决时限：%(c)s类答复必填") % {"c": cat.code}, field="promised_date"
            )
        if promised_date < _today():
            raise ApplicationError(_("承诺解决时限：不能早于今天"), field="promised_date")
    else:
        promised_date = None
    if cat.needs_explanation and not (explanation or "").strip():
        raise ApplicationError(_("说明：%(c)s类答复须说明原因") % {"c": cat.code}, field="explanation")
    if letter is not None:
        _check_file(letter, "letter", uploads.REPLY_LETTER)
    unit_id = permissions.handling_units_of(actor, p)[0]
    round_ = p.rehandle_count + 1
    reply = Reply.objects.select_for_update().filter(proposal=p, unit_id=unit_id, round=round_).first()
    if reply is not None and reply.status == ReplyStatus.SIGNED:
        raise ApplicationError(_("本轮答复已签发，不能修改"), code="conflict", status=409)
    values = {
        "text": text.strip(),
        "category": cat.code,
        "promised_date": promised_date,
        "explanation": explanation or "",
        "drafted_by": user_of(actor),
    }
    if reply is not None:  # a draft sent back is a draft again, written anew
        values.update(status=ReplyStatus.DRAFT, send_back_reason="")
    if reply is None:
        reply = Reply(proposal=p, unit_id=unit_id, round=round_, **values)
    else:
        for k, v in values.items():
            setattr(reply, k, v)
    if letter is not None:
        reply.letter = letter
    reply.save()
    event_record(
        actor=actor,
        action="proposal_reply_draft",
        obj=p,
        changes={"reply": reply.pk, "unit": unit_id, "round": round_, "category": cat.code},
    )
    _notify(
        _unit_user_ids([unit_id], roles=(Role.UNIT_LEADER,)),
        _("待签发答复：%(title)s") % {"title": p.title},
        p,
    )
    return reply


def _leaders_reply(actor: ActorLike, reply_id: int, refusal: str) -> tuple[Reply, Proposal]:
    """A reply and its item (inside the actor's scope), for a step only the reply unit's leader takes."""
    reply = one_or_not_found(Reply.objects.all(), _("未找到该答复"), pk=reply_id)
    p = _visible(actor, reply.proposal_id)
    if reply.unit_id not in as_actor(actor).unit_ids_for(Role.UNIT_LEADER):
        raise PermissionDenied(refusal)
    return reply, p


@transaction.atomic
def reply_sign(*, actor: ActorLike, reply_id: int) -> Reply:
    """签发 by the unit's leader. When every lead unit's reply of the round is signed, the item is replied."""
    reply, p = _leaders_reply(actor, reply_id, _("只有本单位负责人可以签发答复"))
    # the guard (a draft of this round to sign) before the lock; under the lock the reply row itself decides
    p = spine.require_state(spine.lock(Proposal, spine.require(actor, p, "sign_reply").pk), "sign_reply")
    reply = Reply.objects.select_for_update().get(pk=reply_id)
    if reply.status != ReplyStatus.DRAFT or reply.round != p.rehandle_count + 1:
        raise ApplicationError(_("该答复已签发或不属于本轮"), code="conflict", status=409)
    reply.status = ReplyStatus.SIGNED
    reply.signed_by = user_of(actor)
    reply.signed_at = timezone.now()
    reply.save(update_fields=["status", "signed_by", "signed_at", "updated_at"])
    leads = set(
        p.assignments.filter(is_active=True).exclude(role=AssignmentRole.CO).values_list("unit_id", flat=True)
    )
    signed = list(p.replies.filter(round=reply.round, status=ReplyStatus.SIGNED, unit_id__in=leads))
    changes: dict = {"reply": reply.pk, "unit": reply.unit_id}
    if {r.unit_id for r in signed} >= leads:
        conf = settings_for(p.term_id)
        promised = [r.promised_date for r in signed if r.promised_date]
        today = _today()
        on_time = p.first_reply_on_time
        if p.rehandle_count == 0:
            on_time = p.due_date is None or today <= p.due_date
        changes.update(
            _set_status(
                p,
                Status.REPLIED,
                replied_at=today,
                first_reply_on_time=on_time,
                result_category=rules.least_resolved(conf.category_scheme, [r.category for r in signed]),
                promised_date=max(promised) if promised else None,
            )
        )
        merged = list(p.merged_items.all())
        _notify(_deputy_user_ids(p), _("已答复：%(title)s") % {"title": p.title}, p)
        for m in merged:
            _notify(_deputy_user_ids(m), _("并案建议已答复：%(title)s") % {"title": p.title}, p)
    event_record(actor=actor, action="proposal_reply_sign", obj=p, changes=changes)
    return reply


@transaction.atomic
def reply_send_back(*, actor: ActorLike, reply_id: int, reason: str) -> Reply:
    """退回修改: the unit's leader sends a draft reply back to its handler with a reason; the handler is
    told and drafts it again (draft_reply), and it waits for 签发 once more."""
    reply, p = _leaders_reply(actor, reply_id, _("只有本单位负责人可以退回答复"))
    _required(reason, "reason", _("退回理由"))
    p = _acquire(actor, p, "send_back_reply")
    reply = Reply.objects.select_for_update().get(pk=reply_id)
    if reply.status != ReplyStatus.DRAFT or reply.round != p.rehandle_count + 1:
        raise ApplicationError(_("该答复已签发、已退回或不属于本轮"), code="conflict", status=409)
    reply.status = ReplyStatus.SENT_BACK
    reply.send_back_reason = reason.strip()
    reply.save(update_fields=["status", "send_back_reason", "updated_at"])
    event_record(
        actor=actor,
        action="proposal_reply_send_back",
        obj=p,
        changes={"reply": reply.pk, "unit": reply.unit_id},
        comment=reply.send_back_reason,
    )
    _notify(
        [reply.drafted_by_id],
        _("答复被退回修改：%(title)s") % {"title": p.title},
        p,
        body=reply.send_back_reason,
    )
    return reply
