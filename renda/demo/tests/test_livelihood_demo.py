"""The demo's livelihood year, written through the services: 15 candidates; the session's secret vote through
the voting engine (10 selected by rank); progress; the year-end evaluation by secret vote at the standing
committee's meeting under way (grades, one re-reported); a second run writes nothing."""

import pytest

from renda.core.roles import Role
from renda.demo.livelihood import YEAR, write_livelihood
from renda.livelihood.models import (
    DelegationNote,
    Milestone,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectPoll,
    ShortlistReview,
)
from renda.organization.models import Delegation
from renda.voting.models import Ballot
from renda.voting.tests.engine_setup import build
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_year_through_the_services():
    staff = user_with_role(Role.STAFF, username="staff")
    build(200, kind="standing_committee", staff=staff)  # the term's deputies; a meeting under way
    for _ in range(3):
        HandlingUnitFactory()
    created = {"livelihood": 0}
    write_livelihood({"staff": staff}, created)
    projects = Project.objects.filter(year__year=YEAR)
    assert created["livelihood"] == 18
    assert projects.filter(status="rejected").count() == 2
    merged = projects.get(status="merged")
    assert merged.merged_into.title == "老旧小区加装电梯"
    review = ShortlistReview.objects.get(year__year=YEAR)
    assert (review.body, review.outcome, len(review.candidates)) == ("council", "agreed", 15)
    notes = DelegationNote.objects.filter(project__year__year=YEAR).count()
    assert notes == min(2, Delegation.objects.count()) >= 1  # the first two delegations, as many as exist
    assert projects.exclude(status__in=["rejected", "merged"]).exclude(owner_unit=None).count() == 15
    ranks = list(projects.filter(status="evaluated").order_by("rank").values_list("rank", flat=True))
    assert ranks == list(range(1, 11))
    assert projects.filter(status="not_selected").count() == 5
    grades = list(projects.filter(status="evaluated").order_by("rank").values_list("grade", flat=True))
    assert grades == ["satisfied"] * 4 + ["basic"] * 5 + ["unsatisfied"]
    assert list(projects.filter(rereport=True).values_list("rank", flat=True)) == [10]
    vote = ProjectPoll.objects.get(purpose="vote").poll
    evaluation = ProjectPoll.objects.get(purpose="evaluation").poll
    assert (vote.kind, vote.status, evaluation.kind, evaluation.status) == (
        "list",
        "closed",
        "rating",
        "closed",
    )
    assert Ballot.objects.filter(poll=vote).count() == 190  # nineteen in twenty present
    assert Ballot.objects.filter(poll=evaluation).count() == 200
    assert ProgressReport.objects.count() == 30
    assert ProgressPhoto.objects.count() == 10  # one photo with each project's second report
    assert Milestone.objects.count() == 30 and Milestone.objects.filter(done=None).count() == 1
    write_livelihood({"staff": staff}, created)
    assert created["livelihood"] == 18
