"""Opinions in every state, built through the services (the tests' shared setup)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.utils import timezone

from renda.accounts.models import User
from renda.core.roles import Role
from renda.deputies.models import Deputy
from renda.livelihood import services as livelihood
from renda.opinions import services
from renda.opinions.models import Opinion
from renda.organization.models import HandlingUnit, LiaisonStation
from tests.factories import HandlingUnitFactory, user_with_role


@dataclass
class World:
    staff: User
    keeper: User
    deputy_user: User
    deputy: Deputy
    station: LiaisonStation
    unit: HandlingUnit
    other_unit: HandlingUnit
    users: dict


ROLES = [*(role.value for role in Role), "anonymous"]


def world(prefix: str = "w") -> World:
    unit, other = HandlingUnitFactory(name=f"{prefix}街道办事处"), HandlingUnitFactory(name=f"{prefix}住建局")
    users = {
        r: None if r == "anonymous" else user_with_role(r, username=f"{prefix}-{r}", unit=unit) for r in ROLES
    }
    # the same user objects as `users` (a second user_with_role would set a new password hash, and a
    # session signed in with the old object would end)
    staff, keeper, deputy_user = (cast(User, users[r]) for r in ("staff", "station_keeper", "deputy"))
    station = LiaisonStation.objects.get(keeper=keeper)
    deputy = Deputy.objects.get(user=deputy_user)
    deputy.stations.add(station)
    livelihood.year_save(actor=staff, year=timezone.localdate().year)
    return World(staff, keeper, deputy_user, deputy, station, unit, other, users)


def record(w: World, title: str = "小区门口路灯不亮", **extra) -> Opinion:
    data = {
        "title": title,
        "content": "晚上出行不便，请尽快修复。",
        "citizen_name": "王小明",
        "citizen_phone": "13912345678",
        "deputy_id": w.deputy.pk,
        **extra,
    }
    return services.opinion_record(actor=w.keeper, **data)


def in_state(w: World, state: str) -> Opinion:
    o = record(w)
    if state == "received":
        return o
    if state == "closed":
        return services.opinion_answer(actor=w.keeper, opinion_id=o.pk, answer="已联系供电所，今晚修复。")
    if state == "street":
        return services.opinion_refer(actor=w.keeper, opinion_id=o.pk, unit_id=w.unit.pk)
    if state in ("forwarded", "replied"):
        o = services.opinion_forward(actor=w.staff, opinion_id=o.pk, unit_id=w.unit.pk, days=10)
        if state == "forwarded":
            return o
        return services.opinion_reply(actor=w.staff, opinion_id=o.pk, text="已修复。")
    if state == "converted":
        return services.opinion_convert(actor=w.staff, opinion_id=o.pk)
    if state == "fed":
        return services.opinion_feed(actor=w.staff, opinion_id=o.pk)
    raise AssertionError(state)
