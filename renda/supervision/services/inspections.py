"""Law-enforcement inspections (执法检查, 监督法 第三十四至三十九条): an item of the plan of the kind
"enforcement" gets its inspection — the law and the articles checked, the group (第三十六条: members of the
standing committee, deputies invited), the places visited and what was found, then the group's report
(第三十七条), which the meeting hears as the item's report; the item's own path (deliberation opinions → the
body's report on rectification) follows. Every step is locked, checked against INSPECTION_WORKFLOW and
audited."""

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
from renda.organization import selectors as organization_selectors
from renda.supervision import permissions, rules
from renda.supervision.models import (
    GroupRole,
    Inspection,
    InspectionMember,
    InspectionVisit,
    Item,
    ItemKind,
)
from renda.supervision.services import _text
from renda.supervision.services._steps import _acquire, _moved
from renda.supervision.workflow import State


def inspection_create(*, actor: ActorLike, item_id: int | Item, law: str, articles: str) -> Inspection:
    """The inspection of a planned "enforcement" item: the law and the articles checked (第三十五条: the
    plan fixes the law inspected)."""
    actor = as_actor(actor)
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以组织执法检查"))
    item = spine.get_visible(Item, actor, item_id)
    law = _text(law, field="law", label=_("检查的法律法规"), max_length=200)
    articles = _text(articles, field="articles", label=_("检查的重点条款"), max_length=5000)
    with transaction.atomic():
        # no lock on the item (its state is the plan's, moved by its own services): the one-to-one link
        # refuses a second inspection of the same item in the database
        item = Item.objects.get(pk=item.pk)
        if item.kind != ItemKind.ENFORCEMENT or item.status != State.PLANNED:
            raise ApplicationError(_("只有计划中的执法检查事项可以组织检查"), code="wrong_state", status=409)
        if Inspection.objects.filter(item=item).exists():
            raise ApplicationError(_("该事项已组织执法检查"), code="duplicate", status=409)
        obj = Inspection.objects.create(item=item, law=law, articles=articles)
        event_record(actor=actor, action="supervision_inspection_create", obj=obj, changes={"item": item.pk})
    return obj


def inspection_add_member(
    *, actor: ActorLike, inspection_id: int | Inspection, deputy_id: int, role: str
) -> InspectionMember:
    """A member of the group: its leader or a member from the standing committee, or an invited deputy
    (rules.group_role_allowed, 第三十六条); one leader."""
    actor = as_actor(actor)
    if role not in GroupRole.values:
        raise ApplicationError(_("检查组职务：请选择"), field="role")
    spine.require(actor, spine.get_visible(Inspection, actor, inspection_id), "add_member")
    with transaction.atomic():
        obj = spine.require_state(spine.lock(Inspection, spine.pk_of(inspection_id)), "add_member")
        term_id = obj.item.plan.term_id
        deputy = Deputy.objects.filter(pk=deputy_id or 0, term_id=term_id).first()
        if deputy is None:
            raise ApplicationError(_("代表：请选择本届代表"), field="deputy_id")
        serving = StandingCommitteeMember.objects.filter(
            deputy=deputy, standing_committee__term_id=term_id, end_date__isnull=True
        ).exists()
        if not rules.group_role_allowed(role, on_standing_committee=serving):
            raise ApplicationError(
                _("代表：组长和组员须为常务委员会组成人员，其他代表可作为应邀参加的代表"), field="deputy_id"
            )
        if obj.members.filter(deputy=deputy).exists():
            raise ApplicationError(_("代表：已在检查组中"), field="deputy_id")
        if role == GroupRole.LEADER and obj.members.filter(role=GroupRole.LEADER).exists():
            raise ApplicationError(_("检查组职务：检查组已有组长"), field="role")
        member = InspectionMember.objects.create(inspection=obj, deputy=deputy, role=role)
        event_record(
            actor=actor,
            action="supervision_inspection_add_member",
            obj=obj,
            changes={"deputy": deputy.pk, "role": role},
        )
    return member


def inspection_start(*, actor: ActorLike, inspection_id: int | Inspection) -> Inspection:
    """The group sets out (it has a leader: the guard)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Inspection, inspection_id, "start")
        return _moved(actor, obj, "start", action="supervision_inspection_start", fields=[], changes={})


def inspection_record_visit(
    *, actor: ActorLike, inspection_id: int | Inspection, place: str, visited_on: dt.date, findings: str
) -> InspectionVisit:
    """A place visited (实地检查) and what was found there."""
    actor = as_actor(actor)
    place = _text(place, field="place", label=_("检查地点"), max_length=200)
    findings = _text(findings, field="findings", label=_("发现的问题"), max_length=5000)
    if not isinstance(visited_on, dt.date) or visited_on > timezone.localdate():
        raise ApplicationError(_("检查日期：请填写不晚于今天的日期"), field="visited_on")
    spine.require(actor, spine.get_visible(Inspection, actor, inspection_id), "record_visit")
    with transaction.atomic():
        obj = spine.require_state(spine.lock(Inspection, spine.pk_of(inspection_id)), "record_visit")
        visit = InspectionVisit.objects.create(
            inspection=obj, place=place, visited_on=visited_on, findings=findings, recorded_by=actor.user
        )
        event_record(
            actor=actor,
            action="supervision_inspection_record_visit",
            obj=obj,
            changes={"visit": visit.pk, "place": place},
        )
    return visit


def inspection_report(*, actor: ActorLike, inspection_id: int | Inspection, text: str) -> Inspection:
    """The group's report (第三十七条: the law's implementation judged, the problems found, proposals, and
    proposals to amend laws); it may then be put on a meeting's agenda as the item's report."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("执法检查报告"), max_length=30000)
    with transaction.atomic():
        obj = _acquire(actor, Inspection, inspection_id, "report")
        obj.report_text, obj.reported_on = text, timezone.localdate()
        return _moved(
            actor,
            obj,
            "report",
            action="supervision_inspection_report",
            fields=["report_text", "reported_on"],
            changes={},
        )


def report_document(*, actor: ActorLike, inspection_id: int | Inspection) -> bytes:
    """执法检查报告 (GB/T 9704) once made; its making is in the audit trail."""
    from renda.supervision import documents

    actor = as_actor(actor)
    obj = spine.get_visible(Inspection, actor, inspection_id)
    if obj.reported_on is None:
        raise ApplicationError(_("执法检查报告尚未形成"), code="wrong_state", status=409)
    congress = organization_selectors.congress_name()
    issuer = _("%(congress)s常务委员会执法检查组") % {"congress": congress} if congress else _("执法检查组")
    content = documents.inspection_report_docx(obj, issuer=issuer, today=timezone.localdate())
    with transaction.atomic():
        event_record(actor=actor, action="supervision_inspection_report_docx", obj=obj)
    return content
