"""The investigation and removal endpoints: a member drafts and opens a proposal, members sign with their
own accounts (one fifth of the members), staff file it, put it on a meeting and enter the vote; a deputy who
is not a member and a unit see nothing (404); bad counts are refused; a removal passed by more than half of
all members ends the tenure."""

import datetime as dt

import pytest
from django.utils import timezone

from renda.appointments import selectors as appointment_selectors
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def w():
    return scenario.world(prefix="api-iv")


def test_a_proposal_signed_by_one_fifth_through_the_api(client, w):
    ms = scenario.members(w, 11)
    client.force_login(ms[0][0])
    made = client.post(
        "/api/supervision/investigations", {"title": "资金问题", "reasons": "线索。"}, content_type=JSON
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    deadline = (timezone.now() + dt.timedelta(days=2)).isoformat()
    opened = client.post(
        f"/api/supervision/investigations/{pk}/open", {"deadline": deadline}, content_type=JSON
    )
    assert opened.status_code == 200 and opened.json()["signers_needed"] == 3
    client.force_login(ms[1][0])
    assert [r["id"] for r in client.get("/api/supervision/investigations?to_sign=true").json()["items"]] == [
        pk
    ]
    assert client.post(f"/api/supervision/investigations/{pk}/sign").json()["signed"] == 2
    assert client.post(f"/api/supervision/investigations/{pk}/sign").status_code == 409
    client.force_login(w.staff)
    short = client.post(f"/api/supervision/investigations/{pk}/file")
    assert short.status_code == 409 and "五分之一以上（3人）" in short.json()["message"]
    client.force_login(ms[2][0])
    client.post(f"/api/supervision/investigations/{pk}/sign")
    for user in (w.lead, w.handlers[0]):  # a deputy not on the committee, a unit
        client.force_login(user)
        assert client.get(f"/api/supervision/investigations/{pk}").status_code == 404
        assert client.post(f"/api/supervision/investigations/{pk}/sign").status_code == 404
    client.force_login(w.staff)
    assert client.post(f"/api/supervision/investigations/{pk}/file").json()["status"] == "proposed"
    meeting = {"meeting_id": w.extra["meeting"].pk}
    assert (
        client.post(f"/api/supervision/investigations/{pk}/schedule", meeting, content_type=JSON).status_code
        == 200
    )
    bad = {"members": 11, "yes": 9, "no": 2, "abstain": 1}
    assert (
        client.post(f"/api/supervision/investigations/{pk}/decide", bad, content_type=JSON).status_code == 400
    )
    vote = {"members": 11, "yes": 6, "no": 2, "abstain": 1}
    decided = client.post(f"/api/supervision/investigations/{pk}/decide", vote, content_type=JSON).json()
    assert decided["status"] == "established" and decided["vote_yes"] == 6


def test_a_removal_through_the_api_ends_the_tenure(client, w):
    obj = scenario.removal_filed(w)
    client.force_login(w.staff)
    meeting = {"meeting_id": w.extra["meeting"].pk}
    scheduled = client.post(f"/api/supervision/removals/{obj.pk}/schedule", meeting, content_type=JSON)
    assert scheduled.status_code == 200 and scheduled.json()["case_id"]
    vote = {"members": 11, "yes": 8, "no": 1, "abstain": 0}
    assert (
        client.post(f"/api/supervision/removals/{obj.pk}/decide", vote, content_type=JSON).json()["status"]
        == "removed"
    )
    assert "钱进" not in [p.name for _t, p in appointment_selectors.holders(current=True)]
    client.force_login(w.handlers[0])
    assert client.get(f"/api/supervision/removals/{obj.pk}").status_code == 404
    assert client.get("/api/supervision/removals").json()["items"] == []
