"""The queries of one sealed cast, pinned (issue 11: the cast path's cost against the minimal baseline of
bench/voting.py). Through the API: the token, its last use (written once a minute), the roles, the poll with
the caller's deputy record and roll line in one query, then in one transaction the shared lock, the voter
mark and the sealed box. Through the phone page: the same cast after the session's sign-in and the page's
own reads. A change that adds a query to the hot path fails here."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.accounts.models import ApiToken
from renda.voting.models import SealedBallot, VoterMark
from renda.voting.tests.engine_setup import build, open_motion

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _token(user) -> str:
    raw = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="phone", key_hash=ApiToken.hash(raw), prefix=raw[:8])
    return raw


@pytest.mark.parametrize(
    "fast, first, retry",
    [
        # the lean path (renda.api.fastcast): the token with its user, roles and deputy record in one query,
        # the poll + roll line, then the cast's one transaction (here a savepoint: the test's transaction is
        # open; served, BEGIN … COMMIT): FOR SHARE, the token's last use, mark, box; a retry within the
        # minute: no last-use write, no box (the mark decides)
        (True, 8, 6),
        # the full stack (RENDA_FAST_CAST off): token, its last use, roles, then the same
        (False, 9, 7),
    ],
)
def test_api_cast_of_a_sealed_ballot_queries(client, django_assert_num_queries, settings, fast, first, retry):
    settings.RENDA_FAST_CAST = fast
    s = build(3)
    poll = open_motion(s)
    url = f"/api/voting/polls/{poll.pk}/cast"
    tokens = [_token(u) for u in s.users]
    with django_assert_num_queries(first):
        answer = client.post(
            url, {"payload": {"choice": "no"}}, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {tokens[0]}"
        )
    assert answer.status_code == 200 and answer.json()["recorded"] is True
    with django_assert_num_queries(retry):
        again = client.post(
            url, {"payload": {"choice": "no"}}, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {tokens[0]}"
        )
    assert again.json() == {"recorded": False, "receipt": ""}
    assert VoterMark.objects.filter(poll=poll).count() == SealedBallot.objects.filter(poll=poll).count() == 1


def test_phone_cast_of_a_sealed_ballot_queries(client, django_assert_num_queries):
    s = build(3)
    poll = open_motion(s)
    client.force_login(s.users[1])
    with django_assert_num_queries(PHONE_CAST_QUERIES):
        answer = client.post(reverse("voting:my_vote", args=[poll.pk]), {"choice": "yes", "confirm": "1"})
    assert answer.status_code == 302
    assert VoterMark.objects.get(poll=poll).deputy_id == s.deputies[1].pk
    assert SealedBallot.objects.filter(poll=poll).count() == 1


PHONE_CAST_QUERIES = 13  # measured: the session, the user (with its 2FA device), roles, page reads, the cast
