"""The demo city's motions and suggestions: every status, work for each demo login, idempotent."""

from __future__ import annotations

import pytest
from django.db.models import F, Q
from django.urls import reverse

from renda.accounts.models import User
from renda.core.models import Event, Notification
from renda.demo.builder import seed_demo
from renda.demo.names import HANDLER_UNIT_NAME
from renda.demo.plan import build_plan
from renda.demo.proposals_plan import build_proposals_plan
from renda.proposals.models import Assignment, Proposal, Rating, Reply, ReturnRequest, Topic


def test_proposals_plan_is_deterministic_and_titles_unique():
    a, b = build_proposals_plan(build_plan(2026)), build_proposals_plan(build_plan(2026))
    assert a == b
    assert len({i["title"] for i in a}) == len(a)
    assert 800 <= sum(i["kind"] == "suggestion" for i in a) <= 810
    assert sum(i["kind"] == "motion" for i in a) == 20


@pytest.mark.django_db
def test_demo_has_every_status_and_work_for_each_login(client):
    seed_demo()
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses >= {
        "draft", "cosigning", "submitted", "returned", "letter", "accepted", "assigned", "replied",
        "rehandling", "follow_up", "closed", "withdrawn", "merged", "on_agenda", "to_committee",
        "not_on_agenda",
    }  # fmt: skip
    assert Proposal.objects.filter(kind="suggestion", motion_number__isnull=False).count() == 3
    assert Proposal.objects.filter(status="merged", merged_into__isnull=False).count() == 10
    assert Topic.objects.filter(parent__isnull=True, name="交通运输").exists()

    unit_items = Proposal.objects.filter(
        assignments__unit__name=HANDLER_UNIT_NAME, assignments__is_active=True
    )
    assert {"assigned", "replied", "rehandling", "follow_up", "closed"} <= set(
        unit_items.values_list("status", flat=True)
    )
    # the assignments' copies of their item's status and due date (the unit lists' filter) are set
    assert Assignment.objects.exists()
    assert not Assignment.objects.exclude(proposal_status=F("proposal__status")).exists()
    assert not Assignment.objects.exclude(
        Q(proposal_due_date=F("proposal__due_date"))
        | Q(proposal_due_date__isnull=True, proposal__due_date__isnull=True)
    ).exists()
    assert Reply.objects.filter(status="draft", unit__name=HANDLER_UNIT_NAME).exists()  # waits for sign-off
    assert ReturnRequest.objects.filter(status="pending").exists()
    assert Notification.objects.filter(user__username="handler").count() == 1
    assert Notification.objects.filter(user__username="staff").count() == 1

    mine = Proposal.objects.filter(lead_deputy__user__username="deputy")
    assert {"draft", "replied", "closed"} <= set(mine.values_list("status", flat=True))
    assert Proposal.objects.filter(
        cosigners__deputy__user__username="deputy", cosigners__status="invited"
    ).exists()
    assert Proposal.objects.filter(key_supervision=True, supervising_committee__isnull=False).exists()
    assert Rating.objects.filter(result="unsatisfied").count() >= 1
    assert Assignment.objects.filter(role="co").exists()
    # timelines are dated when each step happened
    p = unit_items.filter(status="closed").first()
    times = list(
        Event.objects.filter(content_type__model="proposal", object_id=str(p.pk))
        .order_by("created_at")
        .values_list("action", flat=True)
    )
    # (each step is its service's event: the draft is written, then submitted, assigned, answered, rated)
    assert times[0] == "proposal_create"
    assert times.index("proposal_submit") < times.index("proposal_assign") < times.index("proposal_rate")

    client.force_login(User.objects.get(username="handler"))
    html = client.get(reverse("reports:proposals_dashboard")).content.decode()
    visible = unit_items.exclude(status__in=["draft", "cosigning"]).distinct().count()
    assert f'data-testid="fig-total">{visible}<' in html

    n = Proposal.objects.count()
    events = Event.objects.count()
    seed_demo()
    assert Proposal.objects.count() == n and Event.objects.count() == events
