"""The opinions API: list and read by role (personal data whole in scope, masked for readers), record, and
the path through the endpoints (forward, reply, feedback; convert), bad input changing nothing."""

import pytest

from renda.opinions.models import Opinion
from renda.opinions.tests import scenario
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

JSON = {"content_type": "application/json"}


@pytest.fixture
def w():
    return scenario.world("api")


def test_list_and_get_by_role(client, w):
    o = scenario.record(w)
    assert client.get("/api/opinions").status_code == 401
    for role in ("staff", "station_keeper", "deputy", "leader"):
        client.force_login(w.users[role])
        listed = client.get("/api/opinions").json()
        assert [item["id"] for item in listed["items"]] == [o.pk], role
        body = client.get(f"/api/opinions/{o.pk}").json()
        assert (body["citizen"].get("phone") == "13912345678") is (role != "leader"), role
    client.force_login(user_with_role("unit_handler", username="api-far"))
    assert client.get("/api/opinions").json()["items"] == []
    assert client.get(f"/api/opinions/{o.pk}").status_code == 404


def test_record_forward_reply_feedback_through_the_api(client, w):
    client.force_login(w.keeper)
    body = {"title": "道路积水", "content": "雨后积水严重", "deputy_id": w.deputy.pk}
    response = client.post("/api/opinions", body, **JSON)
    assert response.status_code == 201 and response.json()["channel"] == "station"
    pk = response.json()["id"]
    bad = client.post(f"/api/opinions/{pk}/forward", {"unit_id": w.unit.pk, "days": 90}, **JSON)
    assert bad.status_code in (400, 422) and Opinion.objects.get(pk=pk).status == "received"
    ok = client.post(f"/api/opinions/{pk}/forward", {"unit_id": w.unit.pk, "days": 20}, **JSON)
    assert ok.status_code == 200 and ok.json()["status"] == "forwarded" and ok.json()["due_on"]
    assert client.post(f"/api/opinions/{pk}/reply", {"text": "x"}, **JSON).status_code == 403
    client.force_login(w.users["unit_handler"])
    assert client.post(f"/api/opinions/{pk}/reply", {"text": "已疏通"}, **JSON).json()["status"] == "replied"
    client.force_login(user_with_role("deputy", username="api-other-deputy"))
    assert client.post(f"/api/opinions/{pk}/feedback", {"text": "x"}, **JSON).status_code == 404
    client.force_login(w.deputy_user)  # the opinion's deputy
    done = client.post(f"/api/opinions/{pk}/feedback", {"text": "已告知"}, **JSON)
    assert done.json()["status"] == "closed" and done.json()["feedback"] == "已告知"


def test_deputy_converts_through_the_api(client, w):
    o = scenario.record(w)
    client.force_login(w.deputy_user)
    body = client.post(f"/api/opinions/{o.pk}/convert", {}, **JSON).json()
    assert body["status"] == "converted" and body["proposal_id"]
    client.force_login(w.users["leader"])
    assert client.post(f"/api/opinions/{o.pk}/feed", {}, **JSON).status_code in (403, 409)


def test_receptions_and_the_duty_record_through_the_api(client, w):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    client.force_login(w.keeper)
    body = {"station_id": w.station.pk, "date": today.isoformat(), "deputy_ids": [w.deputy.pk]}
    past = client.post(
        "/api/opinions/receptions", {**body, "date": str(today - dt.timedelta(days=1))}, **JSON
    )
    assert past.status_code == 400
    made = client.post("/api/opinions/receptions", body, **JSON)
    assert made.status_code == 201 and made.json()["duties"][0]["deputy_id"] == w.deputy.pk
    rid = made.json()["id"]
    listed = client.get("/api/opinions/receptions").json()["items"]
    assert [r["id"] for r in listed] == [rid]
    done = client.post(f"/api/opinions/receptions/{rid}/attendance", {"present_ids": [w.deputy.pk]}, **JSON)
    assert done.status_code == 200 and done.json()["duties"][0]["attended"] is True
    client.force_login(w.users["unit_handler"])
    assert client.get(f"/api/opinions/duty/{w.deputy.pk}").status_code == 404
    assert (
        client.post(f"/api/opinions/receptions/{rid}/attendance", {"present_ids": []}, **JSON).status_code
        == 403
    )
    client.force_login(w.deputy_user)
    record = client.get(f"/api/opinions/duty/{w.deputy.pk}").json()
    assert {line["key"]: line["count"] for line in record["lines"]}["receptions"] == 1
    assert record["score"] == 3 and record["band"] == "差"
    activity = {"kind": "research", "date": today.isoformat(), "title": "调研", "evidence": "调研报告"}
    added = client.post(f"/api/opinions/duty/{w.deputy.pk}/activities", activity, **JSON)
    assert added.status_code == 201 and added.json()["status"] == "pending"
    aid = added.json()["id"]
    assert (
        client.post(f"/api/opinions/duty/activities/{aid}/decide", {"confirm": True}, **JSON).status_code
        == 403
    )
    client.force_login(w.staff)
    decided = client.post(f"/api/opinions/duty/activities/{aid}/decide", {"confirm": True}, **JSON)
    assert decided.json()["status"] == "confirmed"
    assert client.get(f"/api/opinions/duty/{w.deputy.pk}").json()["score"] == 5
