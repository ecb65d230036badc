"""The demo's decisions on major matters, written through the services: the catalogue; the rail plan voted
at the standing committee's meeting under way (more than half of all members), published, its report due;
a matter waiting for its draft decision; one returned; a second run writes nothing."""

import pytest

from renda.core.roles import Role
from renda.decisions import selectors
from renda.decisions.models import CatalogueEntry, Matter
from renda.demo.decisions import write_decisions
from renda.voting.tests import engine_setup
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_demo_decisions_through_the_services():
    staff = user_with_role(Role.STAFF, username="staff")
    engine_setup.build(15, present=13, kind="standing_committee", staff=staff, with_users=False)
    created: dict = {}
    write_decisions({"staff": staff}, created)
    assert CatalogueEntry.objects.count() > 5 and created["decisions"] == 3
    rail = Matter.objects.get(title__contains="轨道交通")
    assert rail.status == "published" and rail.number.endswith("1号") and rail.agenda_item is not None
    assert rail.members_total == 15 and 2 * rail.votes_yes > 15
    assert selectors.followup(rail).due > rail.decided_on
    assert sorted(Matter.objects.values_list("status", flat=True)) == ["published", "returned", "submitted"]
    assert [m.pk for m, _f in selectors.public_list()] == [rail.pk]
    write_decisions({"staff": staff}, created)  # a second run writes nothing
    assert Matter.objects.count() == 3
