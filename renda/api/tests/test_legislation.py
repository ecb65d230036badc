"""The legislation API: drafts by role, the due dates, the article diff, answering a comment and the vote
through the endpoints; bad input changing nothing."""

import datetime as dt

import pytest

from renda.legislation import services
from renda.legislation.models import Draft
from renda.legislation.tests import scenario
from renda.legislation.tests.scenario import on

pytestmark = pytest.mark.django_db

JSON = {"content_type": "application/json"}


@pytest.fixture
def w():
    return scenario.world("api")


def test_drafts_by_role_with_deadlines_and_diff(client, w):
    d = scenario.through_first_reading(w)
    scenario.revise(w, d, dt.date(2025, 4, 20))
    assert client.get("/api/legislation/drafts").status_code == 401
    for role in ("staff", "leader", "deputy"):
        client.force_login(w.users[role])
        assert [i["id"] for i in client.get("/api/legislation/drafts").json()["items"]] == [d.pk], role
    body = client.get(f"/api/legislation/drafts/{d.pk}").json()
    assert [v["label"] for v in body["versions"]] == ["草案", "草案修改稿"]
    assert body["deadlines"][0]["name"] == "comment" and body["deadlines"][0]["due"] == "2025-04-02"
    diff = client.get(f"/api/legislation/drafts/{d.pk}/diff?from=1&to=2").json()
    assert diff["summary"]["added"] == 2 and diff["summary"]["moved"] == 1
    assert {"kind": "renumbered", "old": "第三条", "new": "第四条"}.items() <= diff["changes"][3].items()
    client.force_login(w.users["unit_handler"])
    assert client.get(f"/api/legislation/drafts/{d.pk}").status_code == 404


def test_answer_and_vote_through_the_api(client, w):
    d = scenario.through_first_reading(w)
    with on(dt.date(2025, 3, 10)):
        c = services.comment_submit(version_id=d.versions.get().pk, article=2, text="意见")
    client.force_login(w.staff)
    with on(dt.date(2025, 4, 10)):
        bad = client.post(f"/api/legislation/comments/{c.pk}/answer", {"answer": "not_adopted"}, **JSON)
        assert bad.status_code == 400 and bad.json()["field"] == "reason"
        ok = client.post(f"/api/legislation/comments/{c.pk}/answer", {"answer": "adopted"}, **JSON)
        assert ok.status_code == 200 and ok.json()["answer"] == "adopted"
        vote = {"yes": 17, "no": 0, "abstain": 0, "members_total": 35}
        client.force_login(w.users["leader"])
        assert client.post(f"/api/legislation/drafts/{d.pk}/vote", vote, **JSON).status_code == 403
        client.force_login(w.staff)
        body = client.post(f"/api/legislation/drafts/{d.pk}/vote", vote, **JSON).json()
    assert body["status"] == "rejected" and Draft.objects.get(pk=d.pk).votes_yes == 17
