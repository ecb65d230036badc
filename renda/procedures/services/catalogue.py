"""The yearly catalogue of major administrative decisions (决策事项目录) and the decisions listed in it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.roles import Role
from renda.core.services import event_record
from renda.procedures.models import (
    Catalogue,
    Decision,
)
from renda.procedures.permissions import can_compile
from renda.procedures.services._common import _date, _text, _unit


def catalogue_create(*, actor: ActorLike, year: int, title: str, office_id: int) -> Catalogue:
    """A year's catalogue (决策事项目录), compiled by the government's office (a unit the actor works in, or
    any unit for the administrator)."""
    actor = as_actor(actor)
    if not can_compile(actor):
        raise PermissionDenied(_("只有政府部门或系统管理员可以编制决策事项目录"))
    title = _text(title, "title", limit=200)
    office = _unit(office_id, "office_id")
    if not actor.has_role(Role.ADMIN) and office.pk not in actor.unit_ids:
        raise ApplicationError(_("只能以本单位名义编制目录"), field="office_id")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicationError(_("请填写正确的年度"), field="year")
    with transaction.atomic():
        if Catalogue.objects.filter(year=year).exists():
            raise ApplicationError(_("%(year)s 年度的目录已经存在") % {"year": year}, field="year")
        catalogue = Catalogue.objects.create(year=year, title=title, office=office)
        event_record(actor=actor, action="procedures_catalogue_create", obj=catalogue)
    return catalogue


def catalogue_publish(*, actor: ActorLike, catalogue_id: int | Catalogue) -> Catalogue:
    actor = as_actor(actor)
    catalogue = spine.require(actor, spine.get_visible(Catalogue, actor, catalogue_id), "publish")
    with transaction.atomic():
        catalogue = spine.require_state(spine.lock(Catalogue, catalogue.pk), "publish")
        if not catalogue.decisions.exists():
            raise ApplicationError(_("目录中还没有决策事项，不能公布"))
        spine.set_state(catalogue, "publish")
        catalogue.published_on = timezone.localdate()
        catalogue.save(update_fields=["status", "published_on", "updated_at"])
        event_record(actor=actor, action="procedures_catalogue_publish", obj=catalogue)
    return catalogue


def decision_add(
    *,
    actor: ActorLike,
    catalogue_id: int | Catalogue,
    title: str,
    lead_unit_id: int,
    review_unit_id: int,
    planned_decision: datetime.date,
    summary: str = "",
) -> Decision:
    actor = as_actor(actor)
    title = _text(title, "title", limit=200)
    summary = _text(summary, "summary", required=False)
    lead = _unit(lead_unit_id, "lead_unit_id")
    review = _unit(review_unit_id, "review_unit_id")
    if lead.pk == review.pk:
        raise ApplicationError(_("合法性审查单位不能是决策承办单位本身"), field="review_unit_id")
    planned = _date(planned_decision, "planned_decision")
    catalogue = spine.require(actor, spine.get_visible(Catalogue, actor, catalogue_id), "add_decision")
    with transaction.atomic():
        catalogue = spine.require_state(spine.lock(Catalogue, catalogue.pk), "add_decision")
        if planned.year != catalogue.year:
            raise ApplicationError(
                _("计划决策时间应在 %(year)s 年内") % {"year": catalogue.year}, field="planned_decision"
            )
        number = (catalogue.decisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        decision = Decision.objects.create(
            catalogue=catalogue,
            number=number,
            title=title,
            summary=summary,
            lead_unit=lead,
            review_unit=review,
            planned_decision=planned,
        )
        event_record(actor=actor, action="procedures_decision_add", obj=decision)
    return decision
