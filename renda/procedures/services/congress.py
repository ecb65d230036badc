"""The congress's side (issue 18, "for the congress"): the standing committee's staff, reading the
procedures' record, raise a major decision or a body's enforcement for supervision — as an item of the
annual supervision plan (a special work report on the decision, a law-enforcement inspection of the body)
or as a written deliberation opinion on an item being deliberated. Both are made through
renda.supervision's own services (item_add, opinion_record), in the same transaction as the link kept here
(Raised) and this app's Event; the text carries the procedure's standing as the page shows it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor, ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import event_record
from renda.organization.models import HandlingUnit
from renda.procedures import documents, rules, selectors
from renda.procedures.models import Case, Decision, Raised, RaisedKind
from renda.procedures.permissions import STEP_LABELS, can_raise
from renda.procedures.services._common import _text


def _subject(actor: Actor, decision_id: Any, unit_id: Any) -> tuple[Decision | None, HandlingUnit]:
    """The decision raised (one the actor reads), or the enforcing body (one with cases); and the body the
    supervision item hears."""
    if not can_raise(actor):
        raise PermissionDenied(_("只有人大工作人员可以提请监督"))
    if bool(decision_id) == bool(unit_id):
        raise ApplicationError(_("请指明重大行政决策或执法主体"), field="decision_id")
    if decision_id:
        decision = spine.get_visible(Decision, actor, spine.pk_of(decision_id))
        return decision, decision.lead_unit
    unit = HandlingUnit.objects.filter(pk=unit_id).first()
    if unit is None or not Case.objects.filter(unit=unit).exists():
        raise ApplicationError(_("该单位没有行政执法案件"), field="unit_id")
    return None, unit


def standing(decision: Decision | None, unit: HandlingUnit) -> str:
    """The procedure's standing as the pages show it, dated: a decision's five steps, or a body's
    enforcement figures."""
    today = timezone.localdate().isoformat()
    if decision is not None:
        cells = selectors.step_cells(decision)
        steps = "，".join(f"{STEP_LABELS[rules.Step(c.step)]}{documents.cell_text(c.state)}" for c in cells)
        return _(
            "【重大行政决策】%(catalogue)s第%(number)s项“%(title)s”；决策承办单位：%(lead)s；状态：%(status)s；"
            "法定程序：%(steps)s（%(day)s）。"
        ) % {
            "catalogue": decision.catalogue.title,
            "number": decision.number,
            "title": decision.title,
            "lead": decision.lead_unit.name,
            "status": decision.get_status_display(),
            "steps": steps,
            "day": today,
        }
    stats = selectors.enforcement_stats(Case.objects.filter(unit=unit))
    s = stats[0]
    return _(
        "【行政执法】%(unit)s：案件%(cases)s件，重大执法决定%(major)s件，经法制审核通过%(reviewed)s件，"
        "已作出决定%(issued)s件，已公示%(published)s件，逾期公示%(late)s件（%(day)s）。"
    ) % {
        "unit": unit.name,
        "cases": s.cases,
        "major": s.major,
        "reviewed": s.reviewed,
        "issued": s.issued,
        "published": s.published,
        "late": s.late,
        "day": today,
    }


def _record(actor: Actor, decision: Decision | None, unit: HandlingUnit, action: str, raised: Raised) -> None:
    event_record(
        actor=actor,
        action=action,
        obj=decision if decision is not None else unit,
        changes={
            "supervision_item": raised.item_id,
            "deliberation_opinion": raised.opinion_id,
            "enforcing_body": unit.pk,
        },
    )


def raise_item(
    *,
    actor: ActorLike,
    plan_id: int,
    planned_month: int,
    decision_id: int | Decision | None = None,
    unit_id: int | None = None,
    title: str = "",
) -> Raised:
    """A decision or a body's enforcement put in a year's supervision plan (renda.supervision.item_add): a
    special work report by the decision's lead unit, or a law-enforcement inspection of the body."""
    from renda.supervision import services as supervision

    actor = as_actor(actor)
    decision, body = _subject(actor, decision_id, unit_id)
    title = _text(title, "title", limit=200, required=False)
    if not title:
        title = (
            _("重大行政决策“%(title)s”的决策和执行情况") % {"title": decision.title}
            if decision is not None
            else _("%(unit)s行政执法情况") % {"unit": body.name}
        )
    kind = rules.RAISE_ITEM_KIND["decision" if decision is not None else "enforcement"]
    with transaction.atomic():
        item = supervision.item_add(
            actor=actor,
            plan_id=plan_id,
            kind=kind,
            title=title[:200],
            body_id=body.pk,
            planned_month=planned_month,
        )
        raised = Raised.objects.create(
            decision=decision,
            unit=None if decision is not None else body,
            kind=RaisedKind.ITEM,
            item=item,
            raised_on=timezone.localdate(),
            raised_by=user_of(actor),
        )
        _record(actor, decision, body, "procedures_raise_item", raised)
    return raised


def raise_opinion(
    *,
    actor: ActorLike,
    item_id: int,
    speaker: str,
    text: str,
    decision_id: int | Decision | None = None,
    unit_id: int | None = None,
) -> Raised:
    """A written deliberation opinion on a supervision item that hears the same body and whose opinions are
    being gathered (renda.supervision.opinion_record), its text followed by the procedure's standing."""
    from renda.supervision import services as supervision
    from renda.supervision.models import Item, OpinionSource

    actor = as_actor(actor)
    decision, body = _subject(actor, decision_id, unit_id)
    speaker = _text(speaker, "speaker", limit=50)
    text = _text(text, "text", limit=4000)
    item = Item.objects.filter(pk=item_id).first() if item_id else None
    if item is None:
        raise ApplicationError(_("请选择监督事项"), field="item_id")
    refusal = rules.opinion_refusal(item.status, item.body_id, body.pk)
    if refusal == "body":
        raise ApplicationError(_("该监督事项听取的不是%(unit)s的报告") % {"unit": body.name}, field="item_id")
    if refusal == "state":
        raise ApplicationError(_("该监督事项已不在审议中，不能再提出审议意见"), field="item_id")
    with transaction.atomic():
        opinion = supervision.opinion_record(
            actor=actor,
            item_id=item.pk,
            source=OpinionSource.WRITTEN,
            speaker=speaker,
            text=f"{text}\n\n{standing(decision, body)}",
        )
        raised = Raised.objects.create(
            decision=decision,
            unit=None if decision is not None else body,
            kind=RaisedKind.OPINION,
            item=item,
            opinion=opinion,
            raised_on=timezone.localdate(),
            raised_by=user_of(actor),
        )
        _record(actor, decision, body, "procedures_raise_opinion", raised)
    return raised
