"""Every write of the supervision app, and the documents that leave the office (their making is in the
audit trail)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.meetings.choices import AgendaKind, SessionKind
from renda.meetings.models import Session
from renda.organization import selectors as organization_selectors
from renda.organization.models import Committee, HandlingUnit, Term
from renda.supervision import documents, permissions, rules, selectors
from renda.supervision.models import (
    DeliberationOpinion,
    Item,
    ItemKind,
    OpinionSource,
    Plan,
    SupervisionSettings,
)
from renda.supervision.services._steps import _moved, _on_agenda


def _congress_name() -> str:
    return organization_selectors.congress_name()


def ranking_document(
    *, actor: ActorLike, fmt: str, term_id: int | None = None, year: int | None = None
) -> tuple[bytes, str]:
    """The ranking of handling units as `fmt` "xlsx" (the register) or "docx" (the bulletin, GB/T 9704);
    the same rows as the page. Returns (content, a label for the file name)."""
    actor = as_actor(actor)
    if not permissions.can_rank(actor):
        raise PermissionDenied(_("无权查看承办单位排名"))
    result = selectors.unit_ranking(term_id=term_id, year=year)
    if fmt == "xlsx":
        content = documents.ranking_xlsx(result, congress=_congress_name())
    elif fmt == "docx":
        issuer = (
            _("%(congress)s常务委员会办公室") % {"congress": _congress_name()} if _congress_name() else ""
        )
        content = documents.ranking_docx(result, issuer=issuer or _("人大常委会办公室"), today=result.today)
    else:
        raise ValueError(fmt)
    with transaction.atomic():
        event_record(
            actor=actor,
            action="supervision_ranking_export",
            obj=result.term,
            changes={"format": fmt, "year": year, "units": len(result.rows)},
        )
    label = "-".join(str(x) for x in (term_id, year) if x) or "all"
    return content, f"{label}-{timezone.localdate():%Y%m%d}"


# --- the annual plan (年度监督工作计划) --------------------------------------------------------------------


def _text(value: Any, *, field: str, label: str, max_length: int | None = None, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ApplicationError(_("%(label)s：不能为空") % {"label": label}, field=field)
    if max_length and len(text) > max_length:
        raise ApplicationError(
            _("%(label)s：不能超过 %(n)s 个字") % {"label": label, "n": max_length}, field=field
        )
    return text


def _require_manager(actor: Actor) -> None:
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以编制监督工作计划"))


def plan_create(*, actor: ActorLike, term_id: int, year: int, title: str = "") -> Plan:
    """A draft plan for a term's year (the staff); one a year."""
    actor = as_actor(actor)
    _require_manager(actor)
    term = Term.objects.filter(pk=term_id).first()
    if term is None:
        raise ApplicationError(_("届：请选择"), field="term_id")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicationError(_("年度：请填写四位年份"), field="year")
    title = _text(title, field="title", label=_("标题"), max_length=200, required=False) or _(
        "%(year)s年度监督工作计划"
    ) % {"year": year}
    with transaction.atomic():
        if Plan.objects.filter(term=term, year=year).exists():
            raise ApplicationError(_("年度：该年度已有监督工作计划"), field="year", code="duplicate")
        plan = Plan.objects.create(term=term, year=year, title=title)
        event_record(actor=actor, action="supervision_plan_create", obj=plan, changes={"year": year})
    return plan


def item_add(
    *,
    actor: ActorLike,
    plan_id: int | Plan,
    kind: str,
    title: str,
    body_id: int,
    planned_month: int,
    committee_id: int | None = None,
) -> Item:
    """An item of the plan: what is heard (kind, title), the body reported on, the lead committee and the
    month."""
    actor = as_actor(actor)
    _require_manager(actor)
    plan = spine.get_visible(Plan, actor, plan_id)
    if kind not in ItemKind.values:
        raise ApplicationError(_("监督方式：请选择"), field="kind")
    title = _text(title, field="title", label=_("监督事项"), max_length=200)
    body = HandlingUnit.objects.filter(pk=body_id).first() if body_id else None
    if body is None:
        raise ApplicationError(_("报告机关：请选择"), field="body_id")
    committee = Committee.objects.filter(pk=committee_id).first() if committee_id else None
    if committee_id and committee is None:
        raise ApplicationError(_("牵头委员会：未找到"), field="committee_id")
    if not isinstance(planned_month, int) or not 1 <= planned_month <= 12:
        raise ApplicationError(_("计划月份：请填写 1 至 12"), field="planned_month")
    with transaction.atomic():
        item = Item.objects.create(
            plan=plan, kind=kind, title=title, body=body, committee=committee, planned_month=planned_month
        )
        event_record(
            actor=actor,
            action="supervision_item_add",
            obj=item,
            changes={"plan": plan.pk, "kind": kind, "body": body.pk, "month": planned_month},
        )
    return item


def plan_adopt(*, actor: ActorLike, plan_id: int | Plan, adopted_on: dt.date | None = None) -> Plan:
    """The council of chairpersons adopts the plan (the staff record it); it is then published to the
    deputies and the public."""
    actor = as_actor(actor)
    spine.require(actor, spine.get_visible(Plan, actor, plan_id), "adopt")
    with transaction.atomic():
        plan = spine.require_state(spine.lock(Plan, spine.pk_of(plan_id)), "adopt")
        if not plan.items.exists():
            raise ApplicationError(_("计划还没有监督事项"), code="empty")
        plan.adopted_on = adopted_on or timezone.localdate()
        return _moved(
            actor, plan, "adopt", action="supervision_plan_adopt", fields=["adopted_on"], changes={}
        )


# --- an item's path: report, deliberation opinions, the written answer -----------------------------------


def _locked(item_id: int | Item, action: str) -> Item:
    """The row locked and its state checked again (after the service's own spine.require)."""
    return spine.require_state(spine.lock(Item, spine.pk_of(item_id)), action)


def _committee_session(item: Item, session_id: int | None, field: str) -> Session:
    session = Session.objects.filter(pk=session_id).first() if session_id else None
    if (
        session is None
        or session.kind != SessionKind.STANDING_COMMITTEE
        or session.term_id != item.plan.term_id
    ):
        raise ApplicationError(_("会议：请选择本届常务委员会会议"), field=field)
    return session


def item_schedule(*, actor: ActorLike, item_id: int | Item, meeting_id: int) -> Item:
    """The report on a standing-committee meeting's agenda (an agenda item through renda.meetings)."""
    actor = as_actor(actor)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "schedule")
    with transaction.atomic():
        item = spine.require_state(spine.lock(Item, spine.pk_of(item_id)), "schedule")
        return _on_agenda(
            actor,
            item,
            _committee_session(item, meeting_id, "meeting_id"),
            "schedule",
            action="supervision_item_schedule",
            kind=AgendaKind.REPORT,
            title=_("审议%(body)s关于%(title)s的报告") % {"body": item.body.name, "title": item.title},
            fields=("meeting", "agenda_item"),
            item_in_changes=True,
        )


def opinion_record(
    *, actor: ActorLike, item_id: int | Item, source: str, speaker: str, text: str
) -> DeliberationOpinion:
    """A member's deliberation opinion (at the meeting, in a group, in writing)."""
    actor = as_actor(actor)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "record_opinion")
    if source not in OpinionSource.values:
        raise ApplicationError(_("来源：请选择"), field="source")
    speaker = _text(speaker, field="speaker", label=_("发言人"), max_length=50)
    text = _text(text, field="text", label=_("意见"), max_length=5000)
    with transaction.atomic():
        item = spine.require_state(spine.lock(Item, spine.pk_of(item_id)), "record_opinion")
        opinion = DeliberationOpinion.objects.create(
            item=item, source=source, speaker=speaker, text=text, recorded_by=actor.user
        )
        event_record(
            actor=actor,
            action="supervision_opinion_record",
            obj=item,
            changes={"opinion": opinion.pk, "source": source, "speaker": speaker},
        )
    return opinion


def item_consolidate(*, actor: ActorLike, item_id: int | Item, text: str) -> Item:
    """The committee consolidates the members' opinions into the deliberation opinions (审议意见)."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("审议意见"), max_length=20000)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "consolidate")
    with transaction.atomic():
        item = _locked(item_id, "consolidate")
        item.opinions_text = text
        return _moved(
            actor,
            item,
            "consolidate",
            action="supervision_item_consolidate",
            fields=["opinions_text"],
            changes={},
        )


def item_send(
    *,
    actor: ActorLike,
    item_id: int | Item,
    resolution_due: dt.date | None = None,
    sent_on: dt.date | None = None,
) -> Item:
    """The opinions go to the reporting body with a due date: the setting's months (default two), or the
    deadline a resolution set (rules.answer_due)."""
    actor = as_actor(actor)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "send")
    with transaction.atomic():
        item = _locked(item_id, "send")
        sent_on = sent_on or timezone.localdate()
        try:
            due = rules.answer_due(
                sent_on, months=SupervisionSettings.current().answer_months, resolution_due=resolution_due
            )
        except ValueError as exc:
            raise ApplicationError(_("决议规定的期限：不能早于交办日期"), field="resolution_due") from exc
        item.sent_on, item.resolution_due, item.due_date = sent_on, resolution_due, due
        return _moved(
            actor,
            item,
            "send",
            action="supervision_item_send",
            fields=["sent_on", "resolution_due", "due_date"],
            changes={"due_date": due},
        )


def item_answer(*, actor: ActorLike, item_id: int | Item, text: str, signed_by: str) -> Item:
    """The body's written report on what it did with the opinions, signed by its head; late answers stay
    flagged (rules.answer_timing)."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("研究处理情况报告"), max_length=20000)
    signed_by = _text(signed_by, field="signed_by", label=_("签发负责人"), max_length=50)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "answer")
    with transaction.atomic():
        item = _locked(item_id, "answer")
        item.answer_text, item.answer_signed_by, item.answered_on = text, signed_by, timezone.localdate()
        timing = rules.answer_timing(item.due_date or item.answered_on, item.answered_on, item.answered_on)
        return _moved(
            actor,
            item,
            "answer",
            action="supervision_item_answer",
            fields=["answer_text", "answer_signed_by", "answered_on"],
            changes={"timing": str(timing)},
        )


def item_comment(*, actor: ActorLike, item_id: int | Item, text: str) -> Item:
    """The committee's comment on the answer, before it goes to the council."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("委员会意见"), max_length=10000)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "comment")
    with transaction.atomic():
        item = _locked(item_id, "comment")
        item.committee_comment = text
        return _moved(
            actor,
            item,
            "comment",
            action="supervision_item_comment",
            fields=["committee_comment"],
            changes={},
        )


def item_put_on_agenda(*, actor: ActorLike, item_id: int | Item, meeting_id: int) -> Item:
    """The council puts the answer on a standing-committee meeting's agenda, for the members to rate it."""
    actor = as_actor(actor)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "put_on_agenda")
    with transaction.atomic():
        item = _locked(item_id, "put_on_agenda")
        return _on_agenda(
            actor,
            item,
            _committee_session(item, meeting_id, "meeting_id"),
            "put_on_agenda",
            action="supervision_item_put_on_agenda",
            kind=AgendaKind.REPORT,
            title=_("审议%(body)s关于%(title)s审议意见研究处理情况的报告")
            % {"body": item.body.name, "title": item.title},
            fields=("review_meeting", "review_agenda_item"),
        )


def item_rate(
    *, actor: ActorLike, item_id: int | Item, members: int, satisfied: int, basic: int, unsatisfied: int
) -> Item:
    """The members' rating (满意度测评) as counted at the meeting; the result by rules.rating_result."""
    actor = as_actor(actor)
    counts = {"members": members, "satisfied": satisfied, "basic": basic, "unsatisfied": unsatisfied}
    for name, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ApplicationError(_("测评票数：请填写非负整数"), field=name)
    if members < 1:
        raise ApplicationError(_("组成人员总数：请填写正整数"), field="members")
    if satisfied + basic + unsatisfied > members:
        raise ApplicationError(_("测评票数：合计不能超过组成人员总数"), field="unsatisfied")
    spine.require(actor, spine.get_visible(Item, actor, item_id), "rate")
    with transaction.atomic():
        item = _locked(item_id, "rate")
        item.rating_members, item.rating_satisfied = members, satisfied
        item.rating_basic, item.rating_unsatisfied = basic, unsatisfied
        item.rating_result = str(rules.rating_result(satisfied, basic, unsatisfied, members))
        return _moved(
            actor,
            item,
            "rate",
            action="supervision_item_rate",
            fields=[
                "rating_members",
                "rating_satisfied",
                "rating_basic",
                "rating_unsatisfied",
                "rating_result",
            ],
            changes={**counts, "result": item.rating_result},
        )


def item_publish(*, actor: ActorLike, item_id: int | Item) -> Item:
    """The opinions and the answer published to the deputies and the public."""
    actor = as_actor(actor)
    spine.require(actor, spine.get_visible(Item, actor, item_id), "publish")
    with transaction.atomic():
        item = _locked(item_id, "publish")
        item.published_on = timezone.localdate()
        return _moved(
            actor, item, "publish", action="supervision_item_publish", fields=["published_on"], changes={}
        )


def opinions_document(*, actor: ActorLike, item_id: int | Item) -> bytes:
    """审议意见书 (GB/T 9704) of an item whose opinions have been consolidated; its making is in the trail."""
    actor = as_actor(actor)
    item = spine.get_visible(Item, actor, item_id)
    if not item.opinions_text:
        raise ApplicationError(_("审议意见尚未汇总"), code="wrong_state", status=409)
    issuer = _("%(congress)s常务委员会") % {"congress": _congress_name()} if _congress_name() else ""
    content = documents.opinions_docx(item, issuer=issuer or _("人大常委会"), today=timezone.localdate())
    with transaction.atomic():
        event_record(actor=actor, action="supervision_opinions_docx", obj=item)
    return content
