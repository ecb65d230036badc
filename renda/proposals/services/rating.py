"""The deputies' rating (满意度测评) and the follow-up of promised items.

The lead deputy's rating moves the item; co-signers (when the term's setting lets them) rate too, once
per round, without moving it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike, user_of
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.proposals import permissions, rules
from renda.proposals.choices import (
    AssignmentRole,
    ReplyStatus,
    Satisfaction,
    Status,
)
from renda.proposals.models import (
    FollowUpReport,
    Proposal,
    Rating,
)
from renda.proposals.selectors import settings_for
from renda.proposals.services._common import (
    _acquire,
    _notify,
    _required,
    _set_status,
    _today,
    _unit_user_ids,
)


@transaction.atomic
def rating_submit(
    *, actor: ActorLike, proposal_id: int | Proposal, attitude: str, result: str, reason: str = ""
) -> Rating:
    """满意度测评: attitude and result; 不满意 needs a reason and reopens the item (re-handling, 1 month)."""
    p = _acquire(actor, proposal_id, "rate")
    if attitude not in Satisfaction.values:
        raise ApplicationError(_("办理态度：请选择"), field="attitude")
    if result not in Satisfaction.values:
        raise ApplicationError(_("办理结果：请选择"), field="result")
    if rules.rating_needs_reason(attitude, result) and not (reason or "").strip():
        raise ApplicationError(_("理由：评为不满意时必须说明理由"), field="reason")
    deputy_id = permissions.deputy_id_of(actor)
    rating = Rating.objects.create(
        proposal=p,
        deputy_id=deputy_id,
        round=p.rehandle_count + 1,
        attitude=attitude,
        result=result,
        reason=(reason or "").strip(),
    )
    changes: dict = {"rating": rating.pk, "attitude": attitude, "result": result}
    if deputy_id == p.lead_deputy_id:
        conf = settings_for(p.term_id)
        outcome = rules.rating_outcome(
            attitude, result, scheme=conf.category_scheme, category_code=p.result_category
        )
        today = _today()
        if outcome == "rehandling":
            changes.update(
                _set_status(
                    p,
                    Status.REHANDLING,
                    rehandle_count=p.rehandle_count + 1,
                    due_date=rules.rehandle_due(today, conf.rehandle_months),
                )
            )
            leads = (
                p.assignments.filter(is_active=True)
                .exclude(role=AssignmentRole.CO)
                .values_list("unit_id", flat=True)
            )
            _notify(
                _unit_user_ids(leads),
                _("代表不满意，需重新办理：%(title)s") % {"title": p.title},
                p,
                body=reason,
            )
        elif outcome == "follow_up":
            changes.update(_set_status(p, Status.FOLLOW_UP))
        else:
            changes.update(_set_status(p, Status.CLOSED, closed_at=today))
    event_record(actor=actor, action="proposal_rate", obj=p, changes=changes, comment=reason or "")
    return rating


@transaction.atomic
def follow_up_report(
    *, actor: ActorLike, proposal_id: int | Proposal, text: str, done: bool
) -> FollowUpReport:
    """跟踪: progress of a promised item. It is closed when every lead unit whose last reply promised
    something (B/C, 乙) has reported done (a split lead that answered A/D has nothing to follow up)."""
    p = _acquire(actor, proposal_id, "follow_up")
    _required(text, "text", _("进展情况"))
    unit_id = permissions.handling_units_of(actor, p)[0]
    rep = FollowUpReport.objects.create(
        proposal=p, unit_id=unit_id, text=text.strip(), done=bool(done), reported_by=user_of(actor)
    )
    changes: dict = {"report": rep.pk, "done": bool(done), "unit": unit_id}
    if done:
        conf = settings_for(p.term_id)
        leads = set(
            p.assignments.filter(is_active=True)
            .exclude(role=AssignmentRole.CO)
            .values_list("unit_id", flat=True)
        )
        last = p.replies.filter(round=p.rehandle_count + 1, status=ReplyStatus.SIGNED, unit_id__in=leads)
        promised = {
            r.unit_id
            for r in last
            if (c := rules.category(conf.category_scheme, r.category)) and c.needs_promised_date
        }
        leads = promised or leads
        finished = set(p.follow_ups.filter(done=True).values_list("unit_id", flat=True))
        if finished >= leads:
            changes.update(_set_status(p, Status.CLOSED, closed_at=_today()))
    event_record(actor=actor, action="proposal_follow_up", obj=p, changes=changes, comment=text)
    return rep
