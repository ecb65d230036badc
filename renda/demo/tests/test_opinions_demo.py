"""The demo's citizens' opinions, written through the services: every path at each station, fed back and
mostly rated, a suggestion and a livelihood proposal linked, one online; a second run writes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from renda.core.models import Event
from renda.core.roles import Role
from renda.demo.clock import at
from renda.demo.logins import Users
from renda.demo.names import HANDLER_UNIT_NAME
from renda.demo.opinions import TOPICS, YEAR, write_opinions
from renda.deputies.models import Deputy
from renda.livelihood import services as livelihood
from renda.opinions.models import Opinion, OpinionRating
from renda.organization.models import LiaisonStation
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_opinions_through_the_services():
    staff = user_with_role(Role.STAFF, username="staff")
    HandlingUnitFactory(name=HANDLER_UNIT_NAME)
    HandlingUnitFactory(), HandlingUnitFactory()
    for n in range(2):
        keeper = user_with_role(Role.STATION_KEEPER, username=f"keeper{n}")
        deputy_user = user_with_role(Role.DEPUTY, username=f"deputy{n}")
        Deputy.objects.get(user=deputy_user).stations.add(LiaisonStation.objects.get(keeper=keeper))
    livelihood.year_save(actor=staff, year=YEAR)
    created: dict = {}
    write_opinions(Users(by_name={"staff": staff}), created)
    assert created["opinions"] == Opinion.objects.count() == 2 * len(TOPICS) + 1
    routes = set(Opinion.objects.exclude(route="").values_list("route", flat=True))
    assert routes == {"spot", "street", "department", "suggestion", "livelihood"}
    assert Opinion.objects.filter(status="closed").count() == 2 * 5
    assert Opinion.objects.filter(status__in=["received", "forwarded"]).count() == 2 * 2 + 1
    assert (
        Opinion.objects.exclude(proposal=None).count() == Opinion.objects.exclude(project=None).count() == 2
    )
    assert OpinionRating.objects.count() >= 6
    assert Opinion.objects.filter(channel="online").count() == 1
    write_opinions(Users(by_name={"staff": staff}), created)
    assert Opinion.objects.count() == 2 * len(TOPICS) + 1  # written once


def test_demo_reception_days_with_attendance_and_linked_opinions():
    from renda.opinions.models import Reception, ReceptionDuty

    staff = user_with_role(Role.STAFF, username="staff")
    HandlingUnitFactory(name=HANDLER_UNIT_NAME)
    HandlingUnitFactory(), HandlingUnitFactory()
    keeper = user_with_role(Role.STATION_KEEPER, username="keeper0")
    deputy_user = user_with_role(Role.DEPUTY, username="deputy0")
    Deputy.objects.get(user=deputy_user).stations.add(LiaisonStation.objects.get(keeper=keeper))
    livelihood.year_save(actor=staff, year=YEAR)
    write_opinions(Users(by_name={"staff": staff}), {})
    now = timezone.now()
    announced = [  # the 9th and 19th of every month, each announced a week before: those announced by now
        d
        for m in range(1, 13)
        for d in (dt.date(YEAR, m, 9), dt.date(YEAR, m, 19))
        if at(d - dt.timedelta(days=7), hour=16) <= now
    ]
    assert sorted(Reception.objects.values_list("date", flat=True)) == announced
    assert not Event.objects.filter(created_at__gt=now).exists()
    assert not ReceptionDuty.objects.filter(reception__date__gt=timezone.localdate()).exclude(attended=None)
    label = Event.objects.filter(action="reception_create").order_by("id").first().object_repr
    assert label.startswith(LiaisonStation.objects.get(keeper=keeper).name + f" {YEAR}-01-09")
    assert ReceptionDuty.objects.filter(attended=True).exists()
    assert ReceptionDuty.objects.filter(attended=None).count() == Reception.objects.filter(held=False).count()
    at_station = Opinion.objects.filter(channel="station")
    assert at_station.count() == len(TOPICS) and not at_station.filter(reception=None).exists()
