"""The livelihood pages: the public form (no sign-in, tracking code, rate limit, no personal data shown), the
pages' buttons are exactly the actions the services accept, each role opens only what it may, the export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from renda.core import spine
from renda.core.roles import Role
from renda.livelihood import views
from renda.livelihood.models import Project, VoteRound
from renda.livelihood.tests import scenario
from renda.livelihood.workflow import State
from tests.factories import HandlingUnitFactory, user_with_role
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(Role.STAFF, username="v-staff")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_public_propose_track_and_rate_limit(client, staff):
    scenario.year(staff)
    data = {
        "title": "增设社区食堂",
        "description": "老人吃饭难",
        "proposer_name": "李四",
        "proposer_phone": "13900001111",
    }
    response = client.post(reverse("livelihood:propose"), data)
    project = Project.objects.get()
    assert project.source == "public" and project.proposer_phone == "13900001111"
    assert response.status_code == 302 and project.code in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert project.code in page and "增设社区食堂" in page and "已征集" in page
    assert "李四" not in page and "13900001111" not in page
    for _ in range(views.PROPOSALS_PER_HOUR - 1):
        client.post(reverse("livelihood:propose"), data)
    assert client.post(reverse("livelihood:propose"), data).status_code == 429
    assert Project.objects.count() == views.PROPOSALS_PER_HOUR


def test_public_page_shows_public_states_only(client, staff):
    scenario.year(staff)
    unit = HandlingUnitFactory()
    collected = scenario.in_state(staff, unit, "collected")
    scenario.collect("另一个", proposer_name="王五", proposer_phone="13700002222")
    selected = scenario.in_state(staff, unit, "selected")
    page = client.get(reverse("livelihood:public")).content.decode()
    assert selected.title in page and collected.title not in page
    assert "王五" not in page and "13700002222" not in page


@pytest.mark.parametrize("state", [s.value for s in State])
def test_buttons_are_exactly_the_available_actions(client, staff, state):
    scenario.year(staff)
    unit = HandlingUnitFactory()
    project = scenario.in_state(staff, unit, state)
    owner = user_with_role(Role.UNIT_LEADER, username="v-owner", unit=unit)
    for user in (staff, owner, user_with_role(Role.AUDITOR)):
        client.force_login(user)
        response = client.get(reverse("livelihood:detail", args=[project.pk]))
        if not Project.objects.restrict(user).filter(pk=project.pk).exists():
            assert response.status_code == 404
            continue
        page = response.content.decode()
        drawn = {a for a in views.PROJECT_MENU.names() if f'data-testid="action-{a}"' in page}
        # the vote and the council's review are recorded for the year's candidates at once, on their pages
        assert drawn == set(spine.available_actions(user, project)) - {"record_vote", "review"}, (state, user)


def test_action_post_refuses_other_roles_and_screens_for_staff(client, staff):
    scenario.year(staff)
    project = scenario.collect()
    users = {r: user_with_role(r, username=f"va-{r}") for r in Role.values}
    url = reverse("livelihood:action", args=[project.pk, "reject"])
    expect = {r: 404 for r in Role.values} | {"anonymous": 302, "staff": 302, "admin": 302}
    expect |= {"leader": 403, "auditor": 403}  # they see it, may not screen it
    check_matrix(client, users, url, expect, method="post", data={"reject-reason": "office"})
    assert Project.objects.get().status == "rejected"


def test_pages_by_role(client, staff):
    scenario.year(staff)
    users = {r: user_with_role(r, username=f"vp-{r}") for r in Role.values}
    anyone = {r: 200 for r in Role.values}
    check_matrix(client, users, reverse("livelihood:list"), {**anyone, "anonymous": 302})
    check_matrix(client, users, reverse("livelihood:public"), {**anyone, "anonymous": 200})
    managers = {r: 403 for r in Role.values} | {"staff": 200, "admin": 200, "anonymous": 302}
    check_matrix(client, users, reverse("livelihood:year"), managers)
    check_matrix(client, users, reverse("livelihood:vote", args=[2027]), managers)
    readers = managers | {"leader": 200, "auditor": 200}
    check_matrix(client, users, reverse("livelihood:export"), readers)


def test_vote_entry_and_export(client, staff):
    scenario.year(staff, places=1, candidates=4)
    unit = HandlingUnitFactory()
    a, b = (scenario.shortlisted(staff, unit, t) for t in ("甲", "乙"))
    client.force_login(staff)
    data = {"total_entitled": 10, f"yes_{a.pk}": 8, f"no_{a.pk}": 2, f"abstain_{a.pk}": 0}
    data |= {f"yes_{b.pk}": 3, f"no_{b.pk}": 7, f"abstain_{b.pk}": 0}
    refused = client.post(reverse("livelihood:vote", args=[2027]), data)  # not reviewed yet: the step named
    assert refused.status_code == 200 and "须先经主任会议或常委会会议审议" in refused.content.decode()
    assert not VoteRound.objects.exists()
    scenario.reviewed(staff, a.year_id)
    response = client.post(reverse("livelihood:vote", args=[2027]), data)
    assert response.status_code == 302
    assert Project.objects.get(pk=a.pk).rank == 1
    content = client.get(reverse("livelihood:export") + "?year=2027").content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles[0] == "甲" and set(titles) == {"甲", "乙"}
