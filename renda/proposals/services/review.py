"""Review (审查), the presidium's decisions on motions, merging (并案), an item's category (类别).

Merged items keep the status `merged` and point at the main item; their deputies see the main item
(Proposal.objects.restrict) and are notified of its reply, which answers them too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import inputs, spine
from renda.core.actors import ActorLike, user_of
from renda.core.errors import ApplicationError, NotFound
from renda.core.services import diff_fields, event_record
from renda.meetings.models import Session
from renda.proposals import workflow
from renda.proposals.choices import (
    InadmissibleReason,
    Kind,
    PresidiumDecision,
    Status,
)
from renda.proposals.models import (
    MotionWindow,
    Proposal,
    Topic,
)
from renda.proposals.services._common import (
    _acquire,
    _deputy_user_ids,
    _index_text,
    _next_number,
    _notify,
    _set_status,
)


@transaction.atomic
def proposal_review(
    *, actor: ActorLike, proposal_id: int | Proposal, decision: str, reason: str = "", note: str = ""
) -> Proposal:
    """Staff review (审查): accept, return (with a reason of InadmissibleReason) or handle as a letter."""
    actions = {"accept": "review_accept", "return": "review_return", "letter": "review_letter"}
    if decision not in actions:
        raise ApplicationError(_("审查结论：应为受理、退回或转为代表来信"), field="decision")
    p = _acquire(actor, proposal_id, actions[decision])
    fields: dict = {"reviewed_at": timezone.now(), "review_note": note or ""}
    if decision == "return":
        if reason not in InadmissibleReason.values:
            raise ApplicationError(_("不予受理原因：请选择"), field="reason")
        if reason == InadmissibleReason.OTHER and not (note or "").strip():
            raise ApplicationError(_("审查意见：选择“其他”时须说明原因"), field="note")
        fields["inadmissible_reason"] = reason
    target = {"accept": Status.ACCEPTED, "return": Status.RETURNED, "letter": Status.LETTER}[decision]
    changes = _set_status(p, target, **fields)
    event_record(
        actor=actor,
        action={
            "accept": "proposal_review_accept",
            "return": "proposal_review_return",
            "letter": "proposal_review_letter",
        }[decision],
        obj=p,
        changes=changes,
        comment=note,
    )
    if decision != "accept":
        _notify(_deputy_user_ids(p), _("审查结果：%(title)s") % {"title": p.title}, p, body=note)
    return p


BATCH_LIMIT = 200  # a review queue's page or two; a larger batch is refused before anything is written


@dataclass(frozen=True)
class BatchResult:
    """One item's outcome in a batch: accepted, or why not (the service's refusal: its code, message)."""

    proposal_id: int
    ok: bool
    title: str = ""
    code: str = ""
    message: str = ""


def proposal_review_accept_many(*, actor: ActorLike, proposal_ids: Iterable[int]) -> list[BatchResult]:
    """Batch accept (批量受理) from the review queue: each item is accepted by proposal_review, in its own
    transaction, after spine.require of "review_accept" on it — an item refused (outside the actor's
    scope, a role that may not, no longer submitted, a motion) is reported with the reason and left as it
    was, the others are accepted; nothing is half-done on any item. Not atomic across items on purpose:
    one stale row must not undo the clerk's other forty. Results in the order given, each id once."""
    ids = inputs.distinct_ids(proposal_ids, "proposal_ids", _("所选事项有误"))
    if not ids:
        raise ApplicationError(_("请至少选择一件"), field="proposal_ids")
    if len(ids) > BATCH_LIMIT:
        raise ApplicationError(
            _("一次最多受理%(n)s件") % {"n": BATCH_LIMIT}, field="proposal_ids", code="too_many"
        )
    results = []
    for pid in ids:
        try:
            p = spine.require(actor, spine.get_visible(Proposal, actor, pid), "review_accept")
            p = proposal_review(actor=actor, proposal_id=p, decision="accept")
        except ApplicationError as exc:
            results.append(BatchResult(pid, False, code=exc.code or "refused", message=str(exc.message)))
        else:
            results.append(BatchResult(pid, True, title=p.title))
    return results


@transaction.atomic
def motion_deadline_set(*, actor: ActorLike, session_id: int, deadline: dt.datetime) -> MotionWindow:
    """The presidium's deadline for motions in one session (staff enter it)."""
    # staff only (workflow.MOTION_WINDOW: one state, no guard), so the window need not be read to require
    spine.require(actor, MotionWindow(session_id=session_id), "set_motion_deadline")
    session = Session.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("未找到该会议"))
    if deadline is None:
        raise ApplicationError(_("议案截止时间：必填"), field="deadline")
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    window, _created = MotionWindow.objects.update_or_create(
        session=session, defaults={"deadline": deadline, "set_by": user_of(actor)}
    )
    event_record(
        actor=actor, action="motion_deadline_set", obj=session, changes={"deadline": deadline.isoformat()}
    )
    return window


@transaction.atomic
def motion_decide(
    *, actor: ActorLike, proposal_id: int | Proposal, decision: str, note: str = ""
) -> Proposal:
    """Record the presidium's decision on a motion; to_suggestion converts it (kind → suggestion, its motion
    number kept, a new suggestion number, status accepted), keeping its history."""
    if decision not in PresidiumDecision.values:
        raise ApplicationError(_("主席团决定：请选择"), field="decision")
    p = _acquire(actor, proposal_id, "motion_decide")
    fields: dict = {"presidium_decision": decision, "review_note": note or p.review_note}
    if decision == PresidiumDecision.TO_SUGGESTION:
        fields.update(
            kind=Kind.SUGGESTION,
            motion_number=p.number,
            number=_next_number(p.term_id, Kind.SUGGESTION),
            content=p.content or "\n\n".join(x for x in (p.cause, p.basis, p.plan) if x),
        )
    target = workflow.PRESIDIUM_TARGETS[decision]
    changes = _set_status(p, target.value, **fields)
    event_record(actor=actor, action="motion_decide", obj=p, changes=changes, comment=note)
    if decision == PresidiumDecision.TO_SUGGESTION:
        _index_text(p)
    _notify(_deputy_user_ids(p), _("主席团决定：%(title)s") % {"title": p.title}, p, body=note)
    return p


@transaction.atomic
def proposal_merge(*, actor: ActorLike, proposal_id: int | Proposal, into_id: int) -> Proposal:
    """并案: `proposal_id` follows `into_id`'s handling and reply; its deputies are answered by it."""
    if proposal_id == into_id:
        raise ApplicationError(_("并入的建议不能是其本身"), field="into_id")
    p = _acquire(actor, proposal_id, "merge")
    main = Proposal.objects.select_for_update(of=("self",)).filter(pk=into_id).first()
    if (
        main is None
        or main.term_id != p.term_id
        or main.kind != p.kind
        or main.status not in (Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED)
    ):
        raise ApplicationError(_("并入的建议：须为本届已提交、已受理或已交办的建议"), field="into_id")
    changes = _set_status(p, Status.MERGED, merged_into=main)
    event_record(actor=actor, action="proposal_merge", obj=p, changes=changes)
    event_record(actor=actor, action="proposal_merged_in", obj=main, changes={"merged": p.pk})
    _notify(_deputy_user_ids(p), _("已并案办理：%(title)s") % {"title": p.title}, p)
    return p


@transaction.atomic
def proposal_set_topic(
    *, actor: ActorLike, proposal_id: int | Proposal, topic_id: int | None, routing_version: int | None = None
) -> Proposal:
    """Staff set or change a submitted item's category (类别) while reviewing and assigning it, or accept
    the routing proposal's category (采纳; `routing_version` is the proposing model's version, kept in the
    Event).

    Allowed (workflow "set_topic") for suggestions that are submitted, accepted or assigned, and for
    motions before the presidium's decision (submitted, to_committee): the category is settled before the
    reply, since the reports count replies by category; once replied it stays as answered. Drafts get their
    category from the deputy (save_draft). The topic must exist and be active; the same topic again is
    refused (field topic_id) and changes nothing."""
    p = _acquire(actor, proposal_id, "set_topic")
    if topic_id is None or topic_id == "":
        raise ApplicationError(_("类别：请选择"), field="topic_id")
    try:
        topic_id = int(topic_id)
    except (TypeError, ValueError):
        raise ApplicationError(_("类别：不存在或已停用"), field="topic_id") from None
    topic = Topic.objects.filter(pk=topic_id, is_active=True).first()
    if topic is None:
        raise ApplicationError(_("类别：不存在或已停用"), field="topic_id")
    if topic.pk == p.topic_id:
        raise ApplicationError(
            _("类别：已是“%(name)s”，未作修改") % {"name": topic.name}, field="topic_id", code="unchanged"
        )
    old = Topic.objects.filter(pk=p.topic_id).values_list("name", flat=True).first() if p.topic_id else None
    changes = diff_fields(p, {"topic_id": topic.pk})
    p.save(update_fields=["topic", "updated_at"])
    changes["topic"] = [old, topic.name]
    if routing_version is not None:
        changes["routing_version"] = routing_version
    event_record(
        actor=actor,
        action="proposal_set_topic",
        obj=p,
        changes=changes,
        comment=f"{old or '—'} → {topic.name}",
    )
    return p
