"""The demo's interpellations, written through the services: one tabled by six members, sent, answered in
writing and closed (two of six dissatisfied); one collecting signatures with the leader's awaited; a second
run writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from renda.accounts.models import RoleAssignment
from renda.core.roles import Role
from renda.demo.interpellations import write_interpellations
from renda.demo.logins import Users
from renda.demo.names import HANDLER_UNIT_NAME
from renda.supervision import selectors
from renda.supervision.models import Interpellation
from tests.factories import (
    DeputyFactory,
    HandlingUnitFactory,
    StandingCommitteeMemberFactory,
    TermFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _member(term, username, position="member"):
    user = UserFactory(username=username)
    RoleAssignment.objects.create(user=user, role=Role.DEPUTY)
    deputy = DeputyFactory(user=user, delegation__term=term)
    StandingCommitteeMemberFactory(standing_committee__term=term, deputy=deputy, position=position)
    return user


def test_demo_interpellations_through_the_services():
    term = TermFactory()
    unit = HandlingUnitFactory(name=HANDLER_UNIT_NAME)
    leader = _member(term, "leader", position="vice_chair")
    RoleAssignment.objects.create(user=leader, role=Role.LEADER)
    for i in range(10):
        _member(term, f"m{i}")
    unit_leader = user_with_role(Role.UNIT_LEADER, username="unitleader", unit=unit)
    users = Users(by_name={"staff": user_with_role(Role.STAFF, username="staff"), "leader": leader})
    users.unit_leader[unit.pk] = unit_leader
    created: dict = {}
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), tick=False):
        write_interpellations(users, created)
        closed, open_ = Interpellation.objects.order_by("id")
        assert created["interpellations"] == 2
        assert (closed.status, closed.answered_by, closed.answer_form) == ("closed", "王建国", "written")
        count = selectors.signature_count(closed)
        assert (count.signed, count.dissatisfied, count.second_allowed) == (6, 2, False)
        assert open_.status == "signing" and selectors.signature_count(open_).signed == 4
        assert [i.pk for i in selectors.interpellations_to_sign(leader)] == [open_.pk]
        write_interpellations(users, created)  # a second run writes nothing
    assert Interpellation.objects.count() == 2
