"""Issue 11 through the API: a sealed election whose key the scrutineers hold (k of n) is opened and closed
over the API — the shares are answered once by the open, k of them count the ballots, k−1 (or a wrong one)
are refused with the ballots still sealed."""

import pytest

from renda.voting import keystore, services
from renda.voting.models import Ballot, Poll, SealedBallot
from renda.voting.tests.engine_setup import build

pytestmark = pytest.mark.django_db
JSON = "application/json"


def scrutineer_election(s, k, n):
    poll = services.poll_create(
        actor=s.staff,
        item_id=s.election_item.pk,
        kind="election",
        title="选举主任",
        seats=1,
        post="主任",
        post_kind="head",
        key_custody="scrutineers",
        shares_needed=k,
        shares_total=n,
    )
    a = services.candidate_add(actor=s.staff, poll_id=poll.pk, name="甲", nomination="presidium").pk
    b = services.candidate_add(
        actor=s.staff,
        poll_id=poll.pk,
        name="乙",
        nomination="joint",
        nominator_ids=[d.pk for d in s.deputies[:20]],
    ).pk
    return poll, a, b


def test_scrutineer_poll_opened_and_closed_over_the_api(client):
    s = build(25)
    poll, a, _b = scrutineer_election(s, k=3, n=5)
    url = f"/api/voting/polls/{poll.pk}"
    client.force_login(s.staff)
    opened = client.post(f"{url}/open", content_type=JSON)
    assert opened.status_code == 200, opened.content
    shares = opened.json()["key_shares"]
    assert len(shares) == 5 and len(set(shares)) == 5 and opened.json()["status"] == "open"
    assert not keystore.exists(poll.pk)  # the key is only in the shares
    assert client.get(url).json()["key_shares"] == []  # answered once: never again
    choices = ["yes", "yes", "no", "abstain", "yes", "no"]
    for i, choice in enumerate(choices):
        client.force_login(s.users[i])
        cast = client.post(f"{url}/cast", {"payload": {"marks": {str(a): choice}}}, content_type=JSON)
        assert cast.status_code == 200 and cast.json()["recorded"] is True, cast.content
    assert client.post(f"{url}/close/shares", {"shares": shares[:3]}, content_type=JSON).status_code == 403
    client.force_login(s.staff)
    bad = shares[2][:-6] + ("0" if shares[2][-6] != "0" else "1") + shares[2][-5:]
    for given in ([], shares[:2], [shares[0], shares[0], shares[1]], [shares[0], shares[1], bad]):
        refused = client.post(f"{url}/close/shares", {"shares": given}, content_type=JSON)
        assert refused.status_code == 409, (given, refused.content)
        assert refused.json()["code"] == "shares_insufficient"
        assert "3" in refused.json()["message"]  # names how many shares are needed
        assert Poll.objects.get(pk=poll.pk).status == "open"
        assert SealedBallot.objects.filter(poll_id=poll.pk).count() == 6
        assert not Ballot.objects.filter(poll_id=poll.pk).exists()
    # the plain close (no shares): the same refusal, nothing opened
    plain = client.post(f"{url}/close", content_type=JSON)
    assert plain.status_code == 409 and plain.json()["code"] == "shares_insufficient"
    assert SealedBallot.objects.filter(poll_id=poll.pk).count() == 6
    closed = client.post(
        f"{url}/close/shares", {"shares": [shares[4], shares[1], shares[3]]}, content_type=JSON
    )
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["status"] == "closed" and len(body["receipts"]) == 6 and body["key_shares"] == []
    assert not SealedBallot.objects.filter(poll_id=poll.pk).exists()
    assert Ballot.objects.filter(poll_id=poll.pk).count() == 6
    assert client.get(f"{url}/result").status_code == 200
    poll.refresh_from_db()
    assert poll.result["issued"] == poll.result["returned"] == 6
    assert poll.result["votes"]["甲"] == 3  # the three "yes" marks, counted from the opened ballots


def test_close_body_is_checked(client):
    s = build(25)
    poll, _a, _b = scrutineer_election(s, k=2, n=3)
    client.force_login(s.staff)
    client.post(f"/api/voting/polls/{poll.pk}/open", content_type=JSON)
    url = f"/api/voting/polls/{poll.pk}/close"
    for body in (
        {"shares": "1-ab-2"},
        {"shares": [""]},
        {"shares": ["x" * 201]},
        {"shares": ["1-ab-2"] * 21},
    ):
        answer = client.post(url, body, content_type=JSON)
        assert answer.status_code in (400, 422), (body, answer.status_code)
    assert Poll.objects.get(pk=poll.pk).status == "open"
