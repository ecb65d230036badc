"""The livelihood vote and evaluation through the API: staff open the vote on an agenda item, deputies cast
the one ballot through the voting API's cast (idempotent), staff close it; then the evaluation."""

import datetime
import re

import pytest

from renda.core.roles import Role
from renda.livelihood import services
from renda.livelihood.models import Project
from renda.livelihood.tests import scenario
from renda.voting.tests.engine_setup import build
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_vote_and_evaluation_over_the_api(client):
    s = build(5)
    services.year_save(actor=s.staff, year=scenario.YEAR, places=1, candidates=3)
    unit = HandlingUnitFactory()
    a, b = (scenario.shortlisted(s.staff, unit, t) for t in "甲乙")
    client.force_login(s.users[0])
    url = f"/api/livelihood/years/{scenario.YEAR}/vote/open"
    assert client.post(url, {"item_id": s.item.pk}, content_type=JSON).status_code == 403
    client.force_login(user_with_role(Role.LEADER, username="api-lv-leader"))
    assert client.post(url, {"item_id": s.item.pk}, content_type=JSON).status_code == 403
    client.force_login(s.staff)
    early = client.post(url, {"item_id": s.item.pk}, content_type=JSON)  # before the council's review
    assert early.status_code == 409 and "须先经主任会议或常委会会议审议" in early.json()["message"]
    review = {"body": "council", "meeting_date": str(datetime.date.today()), "outcome": "agreed"}
    response = client.post(f"/api/livelihood/years/{scenario.YEAR}/reviews", review, content_type=JSON)
    assert response.status_code == 201, response.content
    response = client.post(url, {"item_id": s.item.pk}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    poll_id = body["poll_id"]
    assert body["kind"] == "list" and body["status"] == "open" and len(body["options"]) == 2
    assert client.post(url, {"item_id": s.item.pk}, content_type=JSON).status_code == 409
    listed = client.get(f"/api/livelihood/years/{scenario.YEAR}/polls").json()
    assert [p["poll_id"] for p in listed] == [poll_id]
    assert client.get(f"/api/voting/polls/{poll_id}").json()["options"] == body["options"]

    for i in range(5):
        client.force_login(s.users[i])
        marks = {str(a.pk): "yes" if i < 4 else "no", str(b.pk): "yes" if i < 2 else "no"}
        cast = client.post(
            f"/api/voting/polls/{poll_id}/cast", {"payload": {"options": marks}}, content_type=JSON
        )
        assert cast.status_code == 200 and cast.json()["recorded"] is True
        # issue 11: the sealed ballot's receipt (a fingerprint, never the choice); none for a repeat
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", cast.json()["receipt"])
        again = client.post(
            f"/api/voting/polls/{poll_id}/cast", {"payload": {"options": {}}}, content_type=JSON
        )
        assert again.json() == {"recorded": False, "receipt": ""}
    bad = client.post(
        f"/api/voting/polls/{poll_id}/cast", {"payload": {"options": {"0": "yes"}}}, content_type=JSON
    )
    assert bad.status_code in (
        400,
        200,
    )  # the deputy has voted: a replay answers before validation or refuses

    client.force_login(s.staff)
    response = client.post(f"/api/livelihood/years/{scenario.YEAR}/vote/close", content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["result"]["selected"] == [str(a.pk)]
    assert Project.objects.get(pk=b.pk).status == "not_selected"

    response = client.post(
        f"/api/livelihood/years/{scenario.YEAR}/evaluation/open", {"item_id": s.item.pk}, content_type=JSON
    )
    assert response.status_code == 201 and response.json()["kind"] == "rating"
    poll_id = response.json()["poll_id"]
    for i in range(3):
        client.force_login(s.users[i])
        payload = {"payload": {"options": {str(a.pk): "satisfied"}}}
        assert client.post(f"/api/voting/polls/{poll_id}/cast", payload, content_type=JSON).status_code == 200
    client.force_login(s.staff)
    response = client.post(f"/api/livelihood/years/{scenario.YEAR}/evaluation/close", content_type=JSON)
    assert response.status_code == 200, response.content
    assert [(p["id"], p["grade"], p["status"]) for p in response.json()] == [(a.pk, "satisfied", "evaluated")]
    assert (
        client.post(f"/api/livelihood/years/{scenario.YEAR}/vote/close", content_type=JSON).status_code == 409
    )
