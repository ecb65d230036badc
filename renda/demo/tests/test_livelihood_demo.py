"""The demo's livelihood year, written through the services: 15 candidates, 10 selected by rank, progress
and grades; a second run writes nothing."""

import pytest

from renda.core.roles import Role
from renda.demo.livelihood import YEAR, write_livelihood
from renda.livelihood.models import ProgressReport, Project
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_year_through_the_services():
    staff = user_with_role(Role.STAFF, username="staff")
    for _ in range(3):
        HandlingUnitFactory()
    created = {"livelihood": 0}
    write_livelihood({"staff": staff}, 500, created)
    projects = Project.objects.filter(year__year=YEAR)
    assert created["livelihood"] == 17
    assert projects.filter(status="rejected").count() == 2
    assert projects.exclude(status="rejected").exclude(owner_unit=None).count() == 15
    ranks = list(
        projects.filter(status__in=["selected", "evaluated"]).order_by("rank").values_list("rank", flat=True)
    )
    assert ranks == list(range(1, 11))
    assert projects.filter(status="not_selected").count() == 5
    assert set(projects.filter(status="evaluated").values_list("grade", flat=True)) == {"satisfied", "basic"}
    assert ProgressReport.objects.count() == 30
    write_livelihood({"staff": staff}, 500, created)
    assert created["livelihood"] == 17
