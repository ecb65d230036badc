"""The appointments API: lists by role with masked personal data, the whole path through the endpoints, bad
input naming its field and changing nothing, a role that may not act refused, the register."""

import pytest

from renda.appointments.models import Case
from renda.appointments.tests import scenario
from renda.appointments.tests.scenario import DAY, D, on

pytestmark = pytest.mark.django_db

JSON = {"content_type": "application/json"}


@pytest.fixture
def w():
    return scenario.world("api")


def test_lists_by_role_with_personal_data_masked(client, w):
    c = scenario.at_state(w, "submitted")
    assert client.get("/api/appointments/cases").status_code == 401
    for role in ("staff", "leader", "auditor", "deputy"):
        client.force_login(w.users[role])
        assert [i["id"] for i in client.get("/api/appointments/cases").json()["items"]] == [c.pk], role
    client.force_login(w.staff)
    people = client.get(f"/api/appointments/cases/{c.pk}").json()["people"]
    assert [p["name"] for p in people] == ["赵强", "李华", "孙磊"]  # the dismissal before the appointment
    assert people[1]["personal"]["id_number"] == "110101197605051234"
    client.force_login(w.users["leader"])
    li = client.get(f"/api/appointments/cases/{c.pk}").json()["people"][1]
    assert li["personal"]["id_number"] != "110101197605051234" and "*" in li["personal"]["id_number"]
    client.force_login(w.users["deputy"])
    assert client.get(f"/api/appointments/cases/{c.pk}").json()["people"][1]["personal"] == {}
    client.force_login(w.users["unit_handler"])
    assert client.get(f"/api/appointments/cases/{c.pk}").status_code == 404


def test_the_whole_path_through_the_api(client, w):
    session = scenario.meeting()
    client.force_login(w.staff)
    with on(DAY):
        r = client.post("/api/appointments/cases", {"title": "关于提请任免审判员的议案",
                        "nominator": "court_president", "nominator_name": "院长 钱正"}, **JSON)  # fmt: skip
        assert r.status_code == 200, r.content
        case_id = r.json()["id"]
        bad = client.post(f"/api/appointments/cases/{case_id}/people", {"action": "appoint", "name": "吴敏",
                          "post": "市人民检察院检察员", "post_class": "procuratorate"}, **JSON)  # fmt: skip
        assert bad.status_code == 400 and bad.json()["field"] == "post_class"
        r = client.post(f"/api/appointments/cases/{case_id}/people", {"action": "appoint", "name": "吴敏",
                        "post": "市中级人民法院审判员", "post_class": "court"}, **JSON)  # fmt: skip
        person = r.json()["id"]
        assert client.post(f"/api/appointments/cases/{case_id}/submit", {}, **JSON).status_code == 200
        r = client.post(f"/api/appointments/cases/{case_id}/schedule", {"session_id": session.pk}, **JSON)
        assert r.json()["status"] == "scheduled"
        vote = f"/api/appointments/cases/{case_id}/vote"
        tally = {"person_id": person, "yes": 46, "no": 0, "abstain": 0}
        bad = client.post(vote, {"mode": "per_person", "members_total": 45, "counts": [tally]}, **JSON)
        assert bad.status_code == 400 and Case.objects.get(pk=case_id).status == "scheduled"
        tally["yes"] = 23
        r = client.post(vote, {"mode": "per_person", "members_total": 45, "counts": [tally]}, **JSON)
        assert r.status_code == 200 and r.json()["people"][0]["result"] == "passed"
    with on(D(2026, 3, 3)):
        client.force_login(w.users["leader"])
        refused = client.post(f"/api/appointments/cases/{case_id}/oath", {"person_id": person,
                              "administered_by": "市中级人民法院", "witnesses": "陈监"}, **JSON)  # fmt: skip
        assert refused.status_code == 403
        client.force_login(w.staff)
        r = client.post(f"/api/appointments/cases/{case_id}/oath", {"person_id": person,
                        "administered_by": "市中级人民法院", "witnesses": "陈监，周证"}, **JSON)  # fmt: skip
        assert r.status_code == 200 and r.json()["witnesses"] == ["陈监", "周证"]
        reg = client.get("/api/appointments/register").json()["items"]
    assert [(i["name"], i["oath_taken_on"]) for i in reg] == [("吴敏", "2026-03-03")]


def test_the_holders_a_resignation_and_a_clash_through_the_api(client, w):
    c = scenario.clashed(w)  # 赵强's removal failed while 李华's appointment to the post passed
    assert client.get("/api/appointments/holders").status_code == 401
    client.force_login(w.users["unit_handler"])
    assert client.get("/api/appointments/holders").json()["items"] == []
    client.force_login(w.users["deputy"])
    with on(DAY):
        items = client.get("/api/appointments/holders").json()["items"]
    assert {(i["name"], i["ended_by"]) for i in items} == {("李华", None), ("孙磊", None)}
    sun = c.people.get(name="孙磊").pk
    with on(D(2026, 3, 3)):
        refused = client.post(f"/api/appointments/cases/{c.pk}/resign", {"person_id": sun}, **JSON)
        assert refused.status_code == 403
        client.force_login(w.staff)
        bad = client.post(f"/api/appointments/cases/{c.pk}/resign", {"person_id": 999999}, **JSON)
        assert bad.status_code == 400 and bad.json()["field"] == "person_id"
        r = client.post(f"/api/appointments/cases/{c.pk}/resign", {"person_id": sun}, **JSON)
        assert r.status_code == 200 and r.json()["name"] == "孙磊"
        items = client.get("/api/appointments/holders?current=false").json()["items"]
        assert {i["name"]: i["ended_by"] for i in items} == {"李华": None, "孙磊": "resigned"}
        assert [i["name"] for i in client.get("/api/appointments/holders").json()["items"]] == ["李华"]
        r = client.post(f"/api/appointments/cases/{c.pk}/clash", {"note": "市政府另行提请免职"}, **JSON)
        assert r.status_code == 200
        again = client.post(f"/api/appointments/cases/{c.pk}/clash", {"note": "再说明"}, **JSON)
        assert again.status_code in (400, 409)
    assert Case.objects.get(pk=c.pk).clash_note == "市政府另行提请免职"
