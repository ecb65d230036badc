"""The duty record (履职档案): a deputy's activities added and confirmed."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.inputs import text as _text
from renda.core.services import event_record
from renda.deputies.models import Deputy
from renda.opinions.models import (
    ActivityKind,
    ActivityStatus,
    DutyActivity,
)
from renda.opinions.permissions import (
    can_manage,
    may_add_activity,
    may_confirm_activity,
)

from ._common import MAX_TEXT, _today


def duty_activity_add(
    *,
    actor: ActorLike,
    deputy_id: int,
    kind: str,
    date: datetime.date,
    title: str,
    evidence: str = "",
) -> DutyActivity:
    """A duty Renda does not otherwise record (视察, 调研, 培训, 述职, other): staff record it confirmed; the
    deputy adds their own with evidence, counted once staff confirm it."""
    actor = as_actor(actor)
    if not Deputy.objects.filter(pk=deputy_id).exists():
        raise ApplicationError(_("代表不存在"), field="deputy_id")
    if not may_add_activity(actor, deputy_id):
        raise PermissionDenied(_("只能登记本人的履职活动"))
    if kind not in ActivityKind.values:
        raise ApplicationError(_("请选择类别"), field="kind")
    if date > _today():
        raise ApplicationError(_("日期不能晚于今天"), field="date")
    title = _text(title, "title", limit=200)
    evidence = _text(evidence, "evidence", limit=MAX_TEXT, required=False)
    staff = can_manage(actor)
    if not staff and not evidence:
        raise ApplicationError(_("请提供佐证材料（如活动通知、照片说明、记录）"), field="evidence")
    with transaction.atomic():
        row = DutyActivity.objects.create(
            deputy_id=deputy_id,
            kind=kind,
            date=date,
            title=title,
            evidence=evidence,
            status=ActivityStatus.CONFIRMED if staff else ActivityStatus.PENDING,
            recorded_by=user_of(actor),
            confirmed_by=user_of(actor) if staff else None,
        )
        event_record(actor=actor, action="duty_activity_add", obj=row, changes={"kind": kind})
    return row


def duty_activity_decide(*, actor: ActorLike, activity_id: int, confirm: bool) -> DutyActivity:
    """Staff confirm (counted) or refuse (shown, not counted) a duty a deputy added."""
    actor = as_actor(actor)
    if not may_confirm_activity(actor):
        raise PermissionDenied(_("只有人大工作人员可以确认履职活动"))
    with transaction.atomic():
        row = DutyActivity.objects.select_for_update().filter(pk=activity_id).first()
        if row is None:
            raise NotFound(_("未找到该履职活动"))
        if row.status != ActivityStatus.PENDING:
            raise ApplicationError(_("该履职活动已确认过"), code="decided", status=409)
        row.status = ActivityStatus.CONFIRMED if confirm else ActivityStatus.REJECTED
        row.confirmed_by = user_of(actor)
        row.save(update_fields=["status", "confirmed_by", "updated_at"])
        event_record(
            actor=actor,
            action="duty_activity_confirm" if confirm else "duty_activity_reject",
            obj=row,
            changes={"status": [ActivityStatus.PENDING.value, row.status]},
        )
    return row
