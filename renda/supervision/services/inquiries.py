"""Special inquiries (专题询问, 监督法 第六章 询问、专题询问和质询): while a standing-committee meeting
deliberates an item's report, the members question the body and its head, who must attend and answer; the
questions and answers are recorded per member and per official; the problems raised form a list (问题清单)
that goes to the body as the item's deliberation opinions with a due date — the item's own path (the body's
written report on what it did → the committee's comment → …) carries on from there; the summary of the
inquiry is then published. Every step is locked, checked against INQUIRY_WORKFLOW and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import event_record
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.organization.models import HandlingUnit
from renda.supervision import permissions, rules
from renda.supervision.models import Inquiry, InquiryForm, InquiryProblem, InquiryQuestion, Item, ItemKind
from renda.supervision.services import _text, item_consolidate, item_send
from renda.supervision.services._steps import _acquire, _moved
from renda.supervision.workflow import State


def inquiry_create(
    *, actor: ActorLike, item_id: int | Item, topic: str, form: str, held_on: dt.date
) -> Inquiry:
    """The special inquiry of a planned "inquiry" item once its report is on a meeting's agenda (the
    inquiry is held while the members deliberate it, at a plenary, joint-group or group meeting)."""
    actor = as_actor(actor)
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以组织专题询问"))
    item = spine.get_visible(Item, actor, item_id)
    topic = _text(topic, field="topic", label=_("询问主题"), max_length=200)
    if form not in InquiryForm.values:
        raise ApplicationError(_("询问形式：请选择"), field="form")
    if not isinstance(held_on, dt.date) or held_on > timezone.localdate():
        raise ApplicationError(_("询问日期：请填写不晚于今天的日期"), field="held_on")
    with transaction.atomic():
        item = Item.objects.get(pk=item.pk)
        if item.kind != ItemKind.INQUIRY or item.status != State.SCHEDULED:
            raise ApplicationError(
                _("只有已列入会议议程的专题询问事项可以开展询问"), code="wrong_state", status=409
            )
        if item.meeting is not None and held_on < item.meeting.start_date:
            raise ApplicationError(_("询问日期：不能早于会议开幕日期"), field="held_on")
        if Inquiry.objects.filter(item=item).exists():
            raise ApplicationError(_("该事项已开展专题询问"), code="duplicate", status=409)
        obj = Inquiry.objects.create(item=item, topic=topic, form=form, held_on=held_on)
        event_record(actor=actor, action="supervision_inquiry_create", obj=obj, changes={"item": item.pk})
    return obj


def inquiry_ask(
    *,
    actor: ActorLike,
    inquiry_id: int | Inquiry,
    asker_id: int,
    body_id: int,
    question: str,
    answered_by: str,
    answer: str,
) -> InquiryQuestion:
    """A member's question to a body (or its head), who answered it and the gist of the answer."""
    actor = as_actor(actor)
    question = _text(question, field="question", label=_("询问的问题"), max_length=5000)
    answered_by = _text(answered_by, field="answered_by", label=_("应询人"), max_length=100)
    answer = _text(answer, field="answer", label=_("答复要点"), max_length=5000)
    spine.require(actor, spine.get_visible(Inquiry, actor, inquiry_id), "ask")
    with transaction.atomic():
        obj = spine.require_state(spine.lock(Inquiry, spine.pk_of(inquiry_id)), "ask")
        term_id = obj.item.plan.term_id
        asker = Deputy.objects.filter(pk=asker_id or 0, term_id=term_id).first()
        serving = (
            asker is not None
            and StandingCommitteeMember.objects.filter(
                deputy=asker, standing_committee__term_id=term_id, end_date__isnull=True
            ).exists()
        )
        if not serving:
            raise ApplicationError(_("询问人：请选择本届常务委员会组成人员"), field="asker_id")
        body = HandlingUnit.objects.filter(pk=body_id or 0).first()
        if body is None:
            raise ApplicationError(_("被询问机关：请选择"), field="body_id")
        row = InquiryQuestion.objects.create(
            inquiry=obj,
            asker=asker,
            body=body,
            question=question,
            answered_by=answered_by,
            answer=answer,
            recorded_by=actor.user,
        )
        event_record(
            actor=actor,
            action="supervision_inquiry_ask",
            obj=obj,
            changes={"question": row.pk, "asker": asker.pk, "body": body.pk},
        )
    return row


def inquiry_add_problem(*, actor: ActorLike, inquiry_id: int | Inquiry, text: str) -> InquiryProblem:
    """A problem raised at the inquiry, for the list (问题清单)."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("问题"), max_length=2000)
    spine.require(actor, spine.get_visible(Inquiry, actor, inquiry_id), "add_problem")
    with transaction.atomic():
        obj = spine.require_state(spine.lock(Inquiry, spine.pk_of(inquiry_id)), "add_problem")
        row = InquiryProblem.objects.create(inquiry=obj, text=text)
        event_record(
            actor=actor, action="supervision_inquiry_add_problem", obj=obj, changes={"problem": row.pk}
        )
    return row


def inquiry_send_list(
    *, actor: ActorLike, inquiry_id: int | Inquiry, resolution_due: dt.date | None = None
) -> Inquiry:
    """The problem list goes to the body as the item's deliberation opinions (consolidated and sent with
    the due date of the item's path: the setting's months, or a resolution's deadline)."""
    actor = as_actor(actor)
    spine.require(actor, spine.get_visible(Inquiry, actor, inquiry_id), "send_list", guard=False)
    with transaction.atomic():
        obj = spine.require_locked(actor, spine.lock(Inquiry, spine.pk_of(inquiry_id)), "send_list")
        if obj.item.status != State.SCHEDULED:
            raise ApplicationError(
                _("监督事项的审议意见已另行汇总，不能再交办问题清单"), code="wrong_state", status=409
            )
        old = obj.status
        spine.set_state(obj, "send_list")
        obj.save(update_fields=["status", "updated_at"])
        text = (
            _("专题询问问题清单（%(topic)s）") % {"topic": obj.topic}
            + "\n"
            + rules.problem_list(list(obj.problems.order_by("id").values_list("text", flat=True)))
        )
        item_consolidate(actor=actor, item_id=obj.item_id, text=text)
        item = item_send(actor=actor, item_id=obj.item_id, resolution_due=resolution_due)
        event_record(
            actor=actor,
            action="supervision_inquiry_send_list",
            obj=obj,
            changes={"status": [old, obj.status], "due_date": item.due_date},
        )
    obj.item = item  # the item moved on (consolidated, sent with its due date)
    return obj


def inquiry_publish(*, actor: ActorLike, inquiry_id: int | Inquiry, summary: str) -> Inquiry:
    """The summary of the inquiry (the questions, the answers, the problems listed) published to the
    deputies and the public."""
    actor = as_actor(actor)
    summary = _text(summary, field="summary", label=_("专题询问情况"), max_length=20000)
    with transaction.atomic():
        obj = _acquire(actor, Inquiry, inquiry_id, "publish")
        obj.summary, obj.published_on = summary, timezone.localdate()
        return _moved(
            actor,
            obj,
            "publish",
            action="supervision_inquiry_publish",
            fields=["summary", "published_on"],
            changes={},
        )
