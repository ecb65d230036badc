"""The demo's supervision year, written through the services: the plan adopted, a report's opinions
answered late then rated and published, an inspection's answer overdue, two items planned; a second run
writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from renda.core.roles import Role
from renda.demo.logins import Users
from renda.demo.supervision import ITEMS, write_supervision
from renda.supervision import selectors
from renda.supervision.models import Item, Plan
from renda.supervision.rules import AnswerTiming
from tests.factories import HandlingUnitFactory, StandingCommitteeMemberFactory, TermFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_supervision_through_the_services():
    term = TermFactory()
    StandingCommitteeMemberFactory(
        standing_committee__term=term, deputy__delegation__term=term, position="vice_chair"
    )
    for _ in range(2):
        StandingCommitteeMemberFactory(standing_committee__term=term, deputy__delegation__term=term)
    for _ in range(4):
        HandlingUnitFactory(kind="government")
    users = Users(
        by_name={
            "staff": user_with_role(Role.STAFF, username="staff"),
            "leader": user_with_role(Role.LEADER, username="leader"),
        }
    )
    created = {"supervision": 0}
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), tick=False):
        write_supervision(users, created)
        assert created["supervision"] == len(ITEMS) == Item.objects.count()
        assert Plan.objects.get().status == "adopted"
        report, inspection, *rest = selectors.with_timing(Item.objects.order_by("planned_month"))
        assert (
            report.status == "published"
            and report.timing is AnswerTiming.LATE
            and report.rating_result == "satisfactory"
        )
        assert inspection.status == "sent" and inspection.timing is AnswerTiming.OVERDUE
        assert inspection.inspection.status == "reported" and inspection.inspection.visits.count() == 2
        audit, inquiry = rest
        assert audit.status == "planned"
        assert inquiry.status == "sent" and inquiry.timing is not AnswerTiming.OVERDUE
        assert inquiry.inquiry.status == "published" and inquiry.inquiry.questions.count() == 3
        assert inquiry.opinions_text.count("\n") == 3  # the heading and three numbered problems
        write_supervision(users, created)  # a second run writes nothing
    assert Item.objects.count() == len(ITEMS)
