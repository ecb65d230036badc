"""The livelihood API: every endpoint against every role, and what it does (the services of the pages)."""

import datetime

import pytest

from renda.core.roles import Role
from renda.livelihood.models import Project
from renda.livelihood.tests import scenario
from tests.factories import HandlingUnitFactory
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db


def test_list_and_get_by_role(client, role_users):
    staff = role_users[Role.STAFF]
    scenario.year(staff)
    p = scenario.collect(proposer_name="张三", proposer_phone="13812341234")
    signed_in = {**{r: 200 for r in ALL_ROLES}, "anonymous": 401}
    check_matrix(client, role_users, "/api/livelihood/projects", signed_in)
    readers = {**{r: 404 for r in ALL_ROLES}, "anonymous": 401}
    readers |= {Role.STAFF: 200, Role.ADMIN: 200, Role.LEADER: 200, Role.AUDITOR: 200}
    check_matrix(client, role_users, f"/api/livelihood/projects/{p.pk}", readers)
    client.force_login(staff)
    assert client.get(f"/api/livelihood/projects/{p.pk}").json()["proposer"]["phone"] == "13812341234"
    client.force_login(role_users[Role.AUDITOR])
    assert "13812341234" not in client.get(f"/api/livelihood/projects/{p.pk}").content.decode()


def test_screen_shortlist_vote_report_evaluate(client, role_users):
    staff = role_users[Role.STAFF]
    scenario.year(staff, places=1, candidates=3)
    unit = HandlingUnitFactory()
    a = scenario.collect("甲")
    expect = {**{r: 404 for r in ALL_ROLES}, "anonymous": 401, Role.STAFF: 200, Role.ADMIN: 409}
    expect |= {Role.LEADER: 403, Role.AUDITOR: 403}
    check_matrix(client, role_users, f"/api/livelihood/projects/{a.pk}/accept", expect,
                 method="post", data={}, content_type="application/json")  # fmt: skip
    client.force_login(staff)
    body = {"owner_unit_id": unit.pk, "budget": "300", "scope": "十个社区", "start_date": "2027-01-01",
            "end_date": "2027-12-31"}  # fmt: skip
    response = client.post(
        f"/api/livelihood/projects/{a.pk}/shortlist", body, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "shortlisted"
    b = scenario.shortlisted(staff, unit, "乙")
    counts = [
        {"project_id": a.pk, "yes": 8, "no": 2, "abstain": 0},
        {"project_id": b.pk, "yes": 6, "no": 4, "abstain": 0},
    ]
    # no count before the council's review of the shortlist: refused, naming the step
    vote = {"total_entitled": 10, "counts": counts}
    early = client.post("/api/livelihood/years/2027/vote", vote, content_type="application/json")
    assert early.status_code == 409 and "须先经主任会议或常委会会议审议" in early.json()["message"]
    review = {"body": "council", "meeting_date": str(datetime.date.today()), "outcome": "agreed"}
    response = client.post("/api/livelihood/years/2027/reviews", review, content_type="application/json")
    assert response.status_code == 201, response.content
    counts = [
        {"project_id": a.pk, "yes": 8, "no": 2, "abstain": 0},
        {"project_id": b.pk, "yes": 6, "no": 4, "abstain": 0},
    ]
    response = client.post(
        "/api/livelihood/years/2027/vote",
        {"total_entitled": 10, "counts": counts},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["result"]["selected"] == [str(a.pk)]
    assert Project.objects.get(pk=b.pk).status == "not_selected"
    response = client.post(
        f"/api/livelihood/projects/{a.pk}/reports",
        {"text": "开工", "percent": 20},
        content_type="application/json",
    )
    assert response.status_code == 201
    bad = {"satisfied": 9, "basic": 9, "unsatisfied": 0, "abstain": 0, "entitled": 10}
    response = client.post(f"/api/livelihood/projects/{a.pk}/evaluate", bad, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "entitled"
    good = {"satisfied": 6, "basic": 2, "unsatisfied": 2, "abstain": 0, "entitled": 10}
    response = client.post(f"/api/livelihood/projects/{a.pk}/evaluate", good, content_type="application/json")
    assert response.json()["grade"] == "satisfied"


def test_deputy_proposes_as_themselves(client, role_users):
    scenario.year(role_users[Role.STAFF])
    client.force_login(role_users[Role.DEPUTY])
    body = {"year": 2027, "title": "增设公交线路", "description": "新区无公交", "source": "staff"}
    assert client.post("/api/livelihood/projects", body, content_type="application/json").status_code == 403
    body.pop("source")
    response = client.post("/api/livelihood/projects", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["source"] == "deputy"
