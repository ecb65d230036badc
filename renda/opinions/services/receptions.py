"""Reception days at liaison stations (接待日): scheduled, announced with the deputies on duty, attendance
recorded."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.inputs import text as _text
from renda.core.models import Notification
from renda.core.services import event_record
from renda.deputies.models import Deputy
from renda.opinions import rules
from renda.opinions.models import (
    Reception,
    ReceptionDuty,
)
from renda.opinions.permissions import (
    may_manage_station,
)
from renda.organization.models import LiaisonStation

from ._common import _today


def _station_deputies(station_id: int, deputy_ids) -> list[int]:
    ids = sorted({int(d) for d in deputy_ids or []})
    if not ids:
        raise ApplicationError(_("请选择接待代表"), field="deputy_ids")
    if len(ids) > rules.MAX_DEPUTIES_ON_DUTY:
        raise ApplicationError(
            _("一次接待最多安排 %(n)s 名代表") % {"n": rules.MAX_DEPUTIES_ON_DUTY}, field="deputy_ids"
        )
    found = set(
        Deputy.objects.filter(pk__in=ids, stations__id=station_id, status="active").values_list(
            "pk", flat=True
        )
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApplicationError(
            _("代表 %(ids)s 不是本站在任的联系代表") % {"ids": "、".join(map(str, missing))},
            field="deputy_ids",
        )
    return ids


def _slot(slot: str) -> str:
    return _text(slot, "slot", limit=40)


def reception_create(
    *,
    actor: ActorLike,
    station_id: int,
    date: datetime.date,
    deputy_ids,
    slot: str = "09:00-11:30",
    place: str = "",
    theme: str = "",
) -> Reception:
    """One reception day at a station (a keeper's own, or any for staff), public at once on the station's
    page: the day (today or later: announced in advance), the time slot, the deputies on duty (the station's
    serving deputies)."""
    actor = as_actor(actor)
    station = LiaisonStation.objects.filter(pk=station_id).first()
    if station is None:
        raise ApplicationError(_("请选择联络站"), field="station_id")
    if not may_manage_station(actor, station.pk):
        raise PermissionDenied(_("只有该站站长或人大工作人员可以安排接待日"))
    if not rules.may_schedule(date, _today()):
        raise ApplicationError(_("接待日应提前公告，不能安排在今天以前"), field="date")
    slot = _slot(slot)
    ids = _station_deputies(station.pk, deputy_ids)
    with transaction.atomic():
        if Reception.objects.filter(station=station, date=date, slot=slot).exists():
            raise ApplicationError(_("该时间段已安排接待"), field="date", status=409)
        reception = Reception.objects.create(
            station=station,
            date=date,
            slot=slot,
            place=_text(place, "place", limit=200, required=False) or station.address,
            theme=_text(theme, "theme", limit=200, required=False),
            created_by=user_of(actor),
        )
        ReceptionDuty.objects.bulk_create([ReceptionDuty(reception=reception, deputy_id=i) for i in ids])
        event_record(
            actor=actor,
            action="reception_create",
            obj=reception,
            changes={"date": date, "slot": slot, "deputy": ids},
        )
    users = Deputy.objects.filter(pk__in=ids).values_list("user_id", flat=True)
    url = f"/opinions/receptions/{reception.pk}/"
    title = _("接待日安排：%(d)s %(s)s") % {"d": date.isoformat(), "s": station.name}
    transaction.on_commit(
        lambda: Notification.objects.bulk_create(
            [Notification(user_id=u, title=title[:200], url=url) for u in users if u]
        )
    )
    return reception


def reception_schedule(
    *, actor: ActorLike, station_id: int, year: int, month: int, deputy_ids, slot: str = "09:00-11:30"
) -> list[Reception]:
    """A month's reception days from the station's setting (e.g. 每月9日、19日), the same deputies on duty;
    days already past or already scheduled in that slot are left out. Nothing is written if none is left."""
    station = LiaisonStation.objects.filter(pk=station_id).first()
    if station is None:
        raise ApplicationError(_("请选择联络站"), field="station_id")
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ApplicationError(_("月份无效"), field="month")
    days = rules.reception_days(station.reception_days)
    if not days:
        raise ApplicationError(_("该联络站未设置接待日（例如：每月9日、19日）"), field="station_id")
    slot = _slot(slot)
    taken = set(Reception.objects.filter(station=station, slot=slot).values_list("date", flat=True))
    dates = [
        d
        for d in rules.schedule_dates(days, year, month)
        if rules.may_schedule(d, _today()) and d not in taken
    ]
    if not dates:
        raise ApplicationError(_("该月没有可安排的接待日"), field="month")
    with transaction.atomic():
        return [
            reception_create(actor=actor, station_id=station.pk, date=d, deputy_ids=deputy_ids, slot=slot)
            for d in dates
        ]


def reception_attendance(*, actor: ActorLike, reception_id: int, present_ids) -> Reception:
    """Record who of the deputies on duty attended (on the day or after); may be corrected later."""
    actor = as_actor(actor)
    reception = Reception.objects.filter(pk=reception_id).first()
    if reception is None:
        raise NotFound(_("未找到该接待日"))
    if not may_manage_station(actor, reception.station_id):
        raise PermissionDenied(_("只有该站站长或人大工作人员可以登记出席"))
    if not rules.may_record_attendance(reception.date, _today()):
        raise ApplicationError(_("接待日当天或之后才能登记出席"), field="present_ids")
    present = {int(i) for i in present_ids or []}
    with transaction.atomic():
        row = Reception.objects.select_for_update().get(pk=reception.pk)
        duties = list(ReceptionDuty.objects.filter(reception=row))
        unknown = present - {d.deputy_id for d in duties}
        if unknown:
            raise ApplicationError(_("只能登记安排在本次接待的代表"), field="present_ids")
        for duty in duties:
            duty.attended = duty.deputy_id in present
        ReceptionDuty.objects.bulk_update(duties, ["attended"])
        row.held = True
        row.save(update_fields=["held", "updated_at"])
        event_record(actor=actor, action="reception_attendance", obj=row, changes={"deputy": sorted(present)})
    return row
