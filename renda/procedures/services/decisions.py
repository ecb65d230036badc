"""A decision's five steps (重大行政决策程序暂行条例, 2019): the public draft and its comments, expert
argument, risk assessment, exemptions with their basis, the legality review, the collective meeting; then
publication, tracking and the post-decision evaluation."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, user_of
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.procedures import rules, selectors, workflow
from renda.procedures.models import (
    Comment,
    Decision,
    Legality,
    RiskRating,
    StepRecord,
    Tracking,
)
from renda.procedures.permissions import STEP_LABELS
from renda.procedures.services._common import _acquire, _date, _moved, _text


def _step(decision: Decision, actor: ActorLike, step: rules.Step, **fields: Any) -> StepRecord:
    return StepRecord.objects.create(
        decision=decision, step=step, recorded_by=user_of(actor), recorded_at=timezone.now(), **fields
    )


def draft_open(
    *,
    actor: ActorLike,
    decision_id: int | Decision,
    draft_text: str,
    comment_opens: datetime.date,
    comment_closes: datetime.date,
    shortened_reason: str = "",
) -> Decision:
    """The public draft (征求意见稿) with its comment period: at least 30 days, or a shorter one with its
    reason stated (第15条)."""
    text = _text(draft_text, "draft_text")
    opens = _date(comment_opens, "comment_opens")
    closes = _date(comment_closes, "comment_closes")
    reason = _text(shortened_reason, "shortened_reason", limit=500, required=False)
    if opens < timezone.localdate():
        raise ApplicationError(_("征求意见开始日期不能早于今天"), field="comment_opens")
    refusal = rules.comment_period_refusal(opens, closes, reason)
    if refusal == "order":
        raise ApplicationError(_("截止日期应晚于开始日期"), field="comment_closes")
    if refusal == "short":
        raise ApplicationError(
            _("征求意见期限一般不少于 30 日；缩短期限须说明理由（第15条）"), field="shortened_reason"
        )

    def write(d: Decision) -> dict[str, Any]:
        d.draft_text, d.comment_opens, d.comment_closes, d.shortened_reason = text, opens, closes, reason
        d.save(
            update_fields=["draft_text", "comment_opens", "comment_closes", "shortened_reason", "updated_at"]
        )
        return {"comment_opens": opens, "comment_closes": closes}

    return _acquire(Decision, actor, decision_id, "open_comment", write, action="procedures_draft_open")


def comment_submit(*, decision_id: int, text: str, author: str = "") -> Comment:
    """Anyone's comment on a public draft while its period is open (the public page, no sign-in)."""
    text = _text(text, "text", limit=5000)
    author = _text(author, "author", limit=50, required=False)
    with transaction.atomic():
        decision = Decision.objects.filter(pk=decision_id).first()  # the period is set once: no lock
        if decision is None or decision.comment_opens is None:
            raise ApplicationError(_("未找到该征求意见稿"), code="not_found", status=404)
        if not rules.comment_open(decision.comment_opens, decision.comment_closes, timezone.localdate()):
            raise ApplicationError(_("不在征求意见期限内，不能提交意见"), code="wrong_state", status=409)
        comment = Comment.objects.create(
            decision=decision, text=text, author=author, submitted_at=timezone.now()
        )
        event_record(actor=None, action="procedures_comment", obj=decision, changes={"comment": comment.pk})
    return comment


def comment_answer(*, actor: ActorLike, comment_id: int, answer: str) -> Comment:
    answer = _text(answer, "answer", limit=5000)
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise ApplicationError(_("未找到该意见"), code="not_found", status=404)
    out: dict[str, Comment] = {}

    def write(d: Decision) -> dict[str, Any]:
        c = Comment.objects.select_for_update().get(pk=comment_id)
        c.answer, c.answered_at = answer, timezone.now()
        c.save(update_fields=["answer", "answered_at"])
        out["c"] = c
        return {"comment": c.pk}

    _acquire(Decision, actor, comment.decision_id, "answer", write, action="procedures_comment_answer")
    return out["c"]


def participation_record(
    *, actor: ActorLike, decision_id: int | Decision, summary: str, hearing_held: bool = False
) -> Decision:
    """Public participation done: the period is over, every comment answered; how the views were adopted."""
    summary = _text(summary, "summary")
    return _acquire(
        Decision,
        actor,
        decision_id,
        "participation",
        lambda d: {
            "step": _step(d, actor, rules.Step.PARTICIPATION, summary=summary, hearing_held=hearing_held).pk
        },
        action="procedures_participation",
    )


def expert_record(
    *, actor: ActorLike, decision_id: int | Decision, participants: str, summary: str
) -> Decision:
    participants = _text(participants, "participants", limit=2000)
    summary = _text(summary, "summary")
    return _acquire(
        Decision,
        actor,
        decision_id,
        "expert",
        lambda d: {"step": _step(d, actor, rules.Step.EXPERT, participants=participants, summary=summary).pk},
        action="procedures_expert",
    )


def risk_record(
    *, actor: ActorLike, decision_id: int | Decision, rating: str, summary: str, measures: str
) -> Decision:
    if rating not in RiskRating.values:
        raise ApplicationError(_("请选择风险等级"), field="rating")
    summary = _text(summary, "summary")
    measures = _text(measures, "measures")
    return _acquire(
        Decision,
        actor,
        decision_id,
        "risk",
        lambda d: {
            "step": _step(d, actor, rules.Step.RISK, rating=rating, summary=summary, measures=measures).pk,
            "rating": rating,
        },
        action="procedures_risk",
    )


def step_exempt(*, actor: ActorLike, decision_id: int | Decision, step: str, basis: str) -> Decision:
    """An exemption of a preparatory step, with its recorded legal basis; legality review and the meeting are
    never exempt (第25条, 第30条)."""
    refusal = rules.exemption_refusal(step, basis)
    if refusal == "not_exemptible":
        label = STEP_LABELS[rules.Step(step)] if step in set(rules.Step) else step
        raise ApplicationError(_("“%(step)s”是不可免予的法定程序") % {"step": label}, field="step")
    if refusal == "no_basis":
        raise ApplicationError(_("免予程序须记录法律依据（法律名称和条款）"), field="basis")
    basis = _text(basis, "basis", limit=500)

    def write(d: Decision) -> dict[str, Any]:
        latest = selectors.latest_steps(d).get(rules.Step(step))
        if rules.exemption_refusal(step, basis, recorded=latest is not None and not latest.exempt):
            raise ApplicationError(
                _("“%(step)s”已经进行并记录，不能再免予") % {"step": STEP_LABELS[rules.Step(step)]},
                field="step",
            )
        return {"step": _step(d, actor, rules.Step(step), exempt=True, basis=basis).pk, "exempt": step}

    return _acquire(Decision, actor, decision_id, "exempt", write, action="procedures_exempt")


def review_submit(*, actor: ActorLike, decision_id: int | Decision) -> Decision:
    return _acquire(
        Decision,
        actor,
        decision_id,
        "submit_review",
        _moved("submit_review"),
        action="procedures_submit_review",
    )


def legality_review(
    *, actor: ActorLike, decision_id: int | Decision, conclusion: str, summary: str
) -> Decision:
    """The legality review's conclusion (by the justice bureau or the legal adviser): lawful → ready for the
    meeting; to be revised or unlawful → back to the lead unit, and the meeting stays closed to it."""
    if conclusion not in Legality.values:
        raise ApplicationError(_("请选择审查结论"), field="conclusion")
    summary = _text(summary, "summary")

    def write(d: Decision) -> dict[str, Any]:
        _step(d, actor, rules.Step.LEGALITY, legality=conclusion, summary=summary)
        spine.set_state(d, "review", rules.review_outcome(rules.Legality(conclusion)))
        d.save(update_fields=["status", "updated_at"])
        return {"legality": conclusion, "status": d.status}

    return _acquire(Decision, actor, decision_id, "review", write, action="procedures_legality")


def decision_revise(*, actor: ActorLike, decision_id: int | Decision) -> Decision:
    return _acquire(Decision, actor, decision_id, "revise", _moved("revise"), action="procedures_revise")


def meeting_record(
    *,
    actor: ActorLike,
    decision_id: int | Decision,
    meeting_name: str,
    meeting_date: datetime.date,
    speakers: str,
    conclusion: str,
    adopted: bool,
) -> Decision:
    """The executive meeting (第30条): who spoke, and the principal's decision after them."""
    name = _text(meeting_name, "meeting_name", limit=200)
    day = _date(meeting_date, "meeting_date")
    if day > timezone.localdate():
        raise ApplicationError(_("会议日期不能晚于今天"), field="meeting_date")
    speakers = _text(speakers, "speakers")
    conclusion = _text(conclusion, "conclusion")

    def write(d: Decision) -> dict[str, Any]:
        d.meeting_name, d.meeting_date, d.speakers, d.conclusion = name, day, speakers, conclusion
        spine.set_state(d, "meeting", workflow.State.DECIDED if adopted else workflow.State.DROPPED)
        d.save(
            update_fields=["meeting_name", "meeting_date", "speakers", "conclusion", "status", "updated_at"]
        )
        return {"status": d.status, "meeting_date": day}

    return _acquire(Decision, actor, decision_id, "meeting", write, action="procedures_meeting")


def decision_publish(*, actor: ActorLike, decision_id: int | Decision, publication_ref: str) -> Decision:
    ref = _text(publication_ref, "publication_ref", limit=200)
    write = _moved("publish", published_on=timezone.localdate(), publication_ref=ref)
    return _acquire(Decision, actor, decision_id, "publish", write, action="procedures_publish")


def tracking_add(*, actor: ActorLike, decision_id: int | Decision, note: str) -> Decision:
    note = _text(note, "note")
    return _acquire(
        Decision,
        actor,
        decision_id,
        "track",
        lambda d: {
            "tracking": Tracking.objects.create(
                decision=d, day=timezone.localdate(), note=note, recorded_by=user_of(actor)
            ).pk
        },
        action="procedures_track",
    )


def decision_evaluate(*, actor: ActorLike, decision_id: int | Decision, evaluation: str) -> Decision:
    text = _text(evaluation, "evaluation")
    write = _moved("evaluate", evaluation=text, evaluated_on=timezone.localdate())
    return _acquire(Decision, actor, decision_id, "evaluate", write, action="procedures_evaluate")
