"""The demo's targets year, written through the services: the goals imported from the sheet, eleven months of
reports by the lead units (a few late), 督办单 on the red targets answered (one late), a finding and an award;
the ranking follows; a second run writes nothing."""

import pytest

from renda.core.models import Event
from renda.core.roles import Role
from renda.demo.targets import GOALS, YEAR, write_targets
from renda.targets import selectors
from renda.targets.models import Goal, Note, Order, Report, Target, TargetYear
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_targets_through_the_services():
    staff = user_with_role(Role.STAFF, username="staff")
    for _ in range(6):
        HandlingUnitFactory(kind="government")
    created = {"targets": 0}
    write_targets({"staff": staff}, created)
    n = sum(len(g[3]) for g in GOALS)
    assert created["targets"] == n == Target.objects.count()
    assert Goal.objects.count() == 12
    assert Report.objects.count() == n * 11
    assert Report.objects.filter(reported_on__day=8).exists()  # a few late
    orders = list(Order.objects.order_by("id"))
    assert 1 <= len(orders) <= 4 and all(o.status == "answered" for o in orders)
    assert orders[0].answered_on > orders[0].due
    assert Note.objects.count() == 2
    ranking = selectors.ranking(TargetYear.objects.get(year=YEAR), f"{YEAR}-11")
    places = [r.place for rows in ranking.groups.values() for r in rows]
    assert places and min(places) == 1
    assert Event.objects.filter(action="targets_report").count() == n * 11
    write_targets({"staff": staff}, created)  # a second run writes nothing
    assert Report.objects.count() == n * 11
