"""The demo's local legislation, written through the services: the published 2026 plan; the dog regulation
through 300 comments (answered and published), three readings, the vote on all members, approval,
publication and filing; a second draft out for comment now; a second run writes nothing."""

import pytest

from renda.core.roles import Role
from renda.demo.legislation import N_COMMENTS, write_legislation
from renda.legislation import selectors
from renda.legislation.models import Comment, Draft, PlanItem
from tests.factories import LiaisonStationFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_legislation_through_the_services():
    staff = user_with_role(Role.STAFF, username="staff")
    LiaisonStationFactory()
    created: dict = {}
    write_legislation({"staff": staff}, created)
    dogs = Draft.objects.get(title="江城市养犬管理条例")
    assert dogs.status == "filed" and dogs.readings.count() == 3 and dogs.versions.count() == 3
    assert dogs.votes_yes is not None and dogs.members_total and 2 * dogs.votes_yes > dogs.members_total
    assert (
        Comment.objects.filter(version__draft=dogs).count() == N_COMMENTS == created["legislation_comments"]
    )
    assert not Comment.objects.filter(version__draft=dogs, answer="").exists()
    assert {c.channel for c in Comment.objects.filter(version__draft=dogs)} == {
        "online",
        "contact_point",
        "member",
    }
    assert [d.name for d in selectors.deadlines(dogs)] == ["comment", "approval", "filing"]
    assert all(not d.late for d in selectors.deadlines(dogs))
    assert [v.draft.title for v in selectors.public_versions()["open"]] == ["江城市历史文化街区保护条例"]
    assert PlanItem.objects.exclude(published_on=None).count() == 4
    write_legislation({"staff": staff}, created)  # a second run writes nothing
    assert Draft.objects.count() == 2
