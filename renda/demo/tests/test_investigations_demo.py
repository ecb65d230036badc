"""The demo's investigation and removal motion, written through the services after the appointments: one
investigation signed by one fifth of the members, set up by the 31st meeting and in progress (a member with an
interest off the committee, a hearing recorded); one removal motion signed, voted at the 32nd meeting and
passed — the office holder's tenure ends in the register; a second run writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from renda.accounts.models import RoleAssignment
from renda.appointments import selectors as appointment_selectors
from renda.core.roles import Role
from renda.demo.appointments import write_appointments
from renda.demo.investigations import write_investigations
from renda.demo.logins import Users
from renda.supervision.models import Investigation, RemovalMotion
from tests.factories import (
    DeputyFactory,
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


def test_demo_investigation_in_progress_and_a_removal_decided():
    term = TermFactory()
    leader = _member(term, "leader", position="vice_chair")
    RoleAssignment.objects.create(user=leader, role=Role.LEADER)
    for i in range(15):
        _member(term, f"m{i}")
    staff = user_with_role(Role.STAFF, username="staff")
    users = Users(by_name={"staff": staff, "leader": leader})
    created: dict = {}
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), tick=False):
        write_appointments(users, created)
        assert "韩志远" in [p.name for _t, p in appointment_selectors.holders(current=True)]
        write_investigations(users, created)
        assert created["investigations"] == 2
        inv = Investigation.objects.get()
        assert (inv.status, inv.members_total, inv.signers_needed) == ("investigating", 16, 4)
        assert inv.signatures.count() == 4 and inv.hearings.count() == 1
        assert sorted(inv.members.values_list("role", flat=True)) == ["chair", "expert", "member"]
        assert not inv.members.filter(deputy__in=inv.conflicts.values("deputy")).exists()
        removal = RemovalMotion.objects.get()
        assert removal.status == "removed" and removal.signatures.count() == 4
        assert removal.meeting.number == 32
        assert "韩志远" not in [p.name for _t, p in appointment_selectors.holders(current=True)]
        write_investigations(users, created)  # a second run writes nothing
    assert Investigation.objects.count() == 1 and RemovalMotion.objects.count() == 1
