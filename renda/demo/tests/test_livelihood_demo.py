"""The demo's livelihood year, written through the services: 15 candidates; the session's secret vote through
the voting engine (10 selected by rank); progress; the year-end evaluation by secret vote at the standing
committee's meeting under way (grades, one re-reported); a second run writes nothing."""

import pytest

from renda.core.roles import Role
from renda.demo.livelihood import YEAR, write_livelihood
from renda.livelihood.models import Milestone, ProgressPhoto, ProgressReport, Project, ProjectPoll
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
    assert created["livelihood"] == 17
    assert projects.filter(status="rejected").count() == 2
    assert projects.exclude(status="rejected").exclude(owner_unit=None).count() == 15
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
    assert created["livelihood"] == 17
