"""The lean path of a phone's vote (renda.api.fastcast): the same answers, headers and guarantees as the full
stack, which answers everything the lean path does not take."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from renda.accounts.models import ApiToken
from renda.core.models import Event
from renda.voting.models import Ballot, SealedBallot, VoterMark
from renda.voting.tests.engine_setup import build, open_motion

pytestmark = pytest.mark.django_db
JSON = "application/json"
# headers that may differ between two answers by nature (none of the lean path's own making)
VOLATILE = {"Date", "Expires"}  # Expires: now, to the second (no-store)


def _token(user) -> str:
    raw = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="phone", key_hash=ApiToken.hash(raw), prefix=raw[:8])
    return raw


def _cast(client, poll, token, payload, **extra):
    return client.post(
        f"/api/voting/polls/{poll.pk}/cast",
        {"payload": payload},
        content_type=JSON,
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **extra,
    )


def _lean(response) -> bool:
    return hasattr(response.wsgi_request, "_fast_cast_answer")


def _headers(response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in VOLATILE}


def test_a_sealed_cast_answers_as_the_full_stack_does(client, settings):
    s = build(6)
    poll = open_motion(s)
    tokens = [_token(u) for u in s.users]
    answers = []
    for i, choice in enumerate(("yes", "no", "abstain")):
        settings.RENDA_FAST_CAST = True
        lean = _cast(client, poll, tokens[i], {"choice": choice})
        settings.RENDA_FAST_CAST = False
        full = _cast(client, poll, tokens[i + 3], {"choice": choice})
        assert _lean(lean) and not _lean(full)
        assert lean.status_code == full.status_code == 200
        assert lean.json()["recorded"] is full.json()["recorded"] is True
        assert len(lean.json()["receipt"]) == len(full.json()["receipt"]) == 19
        assert _headers(lean) == _headers(
            full
        )  # CSP, nosniff, referrer, COOP, X-Frame, no-store, Vary, length
        answers += [lean, full]
    assert len({len(a.content) for a in answers}) == 1  # one size whatever the choice and the path
    assert "Content-Security-Policy" in answers[0].headers and "no-store" in answers[0]["Cache-Control"]
    # the one transaction: a voter mark and a sealed box per cast, nothing in plaintext, no Event of a cast
    assert VoterMark.objects.filter(poll=poll).count() == SealedBallot.objects.filter(poll=poll).count() == 6
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not Event.objects.filter(action="ballot_cast").exists()
    # a retry: recorded false, nothing added, the same answer as the full stack's retry
    settings.RENDA_FAST_CAST = True
    again = _cast(client, poll, tokens[0], {"choice": "no"})
    settings.RENDA_FAST_CAST = False
    again_full = _cast(client, poll, tokens[3], {"choice": "no"})
    assert _lean(again) and again.json() == again_full.json() == {"recorded": False, "receipt": ""}
    assert _headers(again) == _headers(again_full)
    assert SealedBallot.objects.filter(poll=poll).count() == 6


def test_a_named_cast_is_recorded_with_its_event(client):
    s = build(2)
    poll = open_motion(s, secret=False)
    answer = _cast(client, poll, _token(s.users[0]), {"choice": "yes"})
    assert _lean(answer) and answer.json() == {"recorded": True, "receipt": ""}
    assert Ballot.objects.get(poll=poll).deputy_id == s.deputies[0].pk
    assert Event.objects.filter(action="ballot_cast").count() == 1


def _both(client, settings, make_request):
    """The same refused request through the lean path's middleware and with it off: the same answer."""
    settings.RENDA_FAST_CAST = True
    lean = make_request()
    settings.RENDA_FAST_CAST = False
    full = make_request()
    settings.RENDA_FAST_CAST = True
    assert not _lean(lean)
    assert (lean.status_code, lean.content) == (full.status_code, full.content)
    assert _headers(lean) == _headers(full)
    return lean


def test_refusals_are_the_full_stacks(client, settings):
    s = build(4, present=3)
    poll = open_motion(s)
    tokens = [_token(u) for u in s.users]
    url = f"/api/voting/polls/{poll.pk}/cast"

    def post(token, body, **extra):
        return lambda: client.post(
            url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {token}", **extra
        )

    assert _both(client, settings, post("not-a-token", {"payload": {"choice": "yes"}})).status_code == 401
    assert _both(client, settings, post(tokens[0], {"payload": "yes"})).status_code == 422
    assert _both(client, settings, post(tokens[0], {"payload": {"choice": "maybe"}})).status_code == 400
    assert _both(client, settings, post(tokens[0], {"payload": {}, "extra": 1})).status_code in (400, 422)
    assert (
        _both(client, settings, post(tokens[3], {"payload": {"choice": "yes"}})).status_code == 409
    )  # absent
    staff = _token(s.staff)  # staff may not cast a deputy's secret electronic ballot
    refused = _both(
        client, settings, post(staff, {"deputy_id": s.deputies[0].pk, "payload": {"choice": "yes"}})
    )
    assert refused.status_code == 403
    missing = "/api/voting/polls/999999/cast"
    body = {"payload": {"choice": "yes"}}
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens[0]}"}
    answer = _both(client, settings, lambda: client.post(missing, body, content_type=JSON, **auth))
    assert answer.status_code == 404
    revoked = _token(s.users[1])
    ApiToken.objects.filter(key_hash=ApiToken.hash(revoked)).update(revoked=True)
    assert _both(client, settings, post(revoked, {"payload": {"choice": "yes"}})).status_code == 401
    s.users[2].is_active = False
    s.users[2].save(update_fields=["is_active"])
    assert _both(client, settings, post(tokens[2], {"payload": {"choice": "yes"}})).status_code == 401
    assert not VoterMark.objects.filter(poll=poll).exists() and not SealedBallot.objects.exists()


def test_a_closed_poll_refuses_a_cast(client, settings):
    from renda.voting import services

    s = build(2)
    poll = open_motion(s)
    token = _token(s.users[0])
    services.poll_close(actor=s.staff, poll_id=poll.pk)
    answer = _both(client, settings, lambda: _cast(client, poll, token, {"choice": "yes"}))
    assert answer.status_code == 409 and not VoterMark.objects.filter(poll=poll).exists()


def test_a_browser_session_takes_the_full_stack_with_its_csrf_check(settings):
    s = build(2)
    poll = open_motion(s)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(s.users[0])
    answer = browser.post(
        f"/api/voting/polls/{poll.pk}/cast", {"payload": {"choice": "yes"}}, content_type=JSON
    )
    assert not _lean(answer) and answer.status_code == 403  # CSRF
    # a Bearer cast that carries cookies goes the full way too
    answer = _cast(browser, poll, _token(s.users[1]), {"choice": "yes"})
    assert not _lean(answer) and answer.status_code == 200 and answer.json()["recorded"] is True
    assert VoterMark.objects.filter(poll=poll).count() == 1


def test_a_body_over_the_cap_is_refused_before_it_is_read(client, settings):
    settings.RENDA_MAX_REQUEST_BYTES = 100
    s = build(1)
    poll = open_motion(s)
    token = _token(s.users[0])
    answer = _cast(client, poll, token, {"choice": "yes", "pad": "x" * 200})
    assert not _lean(answer) and answer.status_code == 413
    assert not VoterMark.objects.exists()


def test_the_tokens_last_use_is_written_at_most_once_a_minute(client):
    s = build(2)
    poll = open_motion(s)
    raw = _token(s.users[0])
    token = ApiToken.objects.get(key_hash=ApiToken.hash(raw))
    assert token.last_used_at is None
    assert _lean(_cast(client, poll, raw, {"choice": "yes"}))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < dt.timedelta(seconds=30)
    _cast(client, poll, raw, {"choice": "yes"})
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    _cast(client, poll, raw, {"choice": "yes"})
    token.refresh_from_db()
    assert token.last_used_at > first


def test_only_a_json_body_takes_the_lean_path(client, settings):
    s = build(1)
    poll = open_motion(s)
    token = _token(s.users[0])
    url = f"/api/voting/polls/{poll.pk}/cast"
    body = '{"payload": {"choice": "yes"}}'
    answer = client.post(url, body, content_type="text/plain", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert not _lean(answer)  # the full stack decides, as before
    assert VoterMark.objects.filter(poll=poll).count() == (1 if answer.status_code == 200 else 0)


# --- the WSGI entry (config.wsgi.application: what gunicorn serves) --------------------------------------


def _environ(poll, token, body, **extra):
    from django.test import RequestFactory

    request = RequestFactory().post(
        f"/api/voting/polls/{poll.pk}/cast",
        json.dumps(body),
        content_type=JSON,
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **extra,
    )
    return request.environ


def _wsgi(environ):
    """(status, headers but Date/Expires, body, whether Django's handler answered) of config.wsgi.application,
    with the connection kept across requests as Django's test client does (the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    answered: dict = {}
    django_app = application.application

    def spy(environ, start_response):
        answered["django"] = True
        return django_app(environ, start_response)

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = status, headers

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    application.application = spy
    try:
        result = application(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        application.application = django_app
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    headers = {k: v for k, v in answered["headers"] if k not in VOLATILE}
    return answered["status"], headers, body, answered.get("django", False)


def test_the_wsgi_entry_answers_a_sealed_cast_as_the_full_stack_does(settings):
    s = build(8)
    poll = open_motion(s)
    tokens = [_token(u) for u in s.users]
    bodies = []
    for i, choice in enumerate(("yes", "no", "abstain")):
        settings.RENDA_FAST_CAST = True
        lean = _wsgi(_environ(poll, tokens[i], {"payload": {"choice": choice}}))
        settings.RENDA_FAST_CAST = False
        full = _wsgi(_environ(poll, tokens[i + 3], {"payload": {"choice": choice}}))
        assert not lean[3] and full[3]  # the lean answer never reached Django's handler
        assert lean[0] == full[0] == "200 OK"
        assert lean[1] == full[1]  # CSP, nosniff, referrer, COOP, X-Frame, no-store, Vary, language, length
        assert json.loads(lean[2])["recorded"] is json.loads(full[2])["recorded"] is True
        bodies += [lean[2], full[2]]
    assert len({len(b) for b in bodies}) == 1  # one size whatever the choice and the path
    # a language asked for: the same Content-Language and Vary as the full stack's
    settings.RENDA_FAST_CAST = True
    english = _wsgi(_environ(poll, tokens[6], {"payload": {"choice": "yes"}}, HTTP_ACCEPT_LANGUAGE="en"))
    settings.RENDA_FAST_CAST = False
    english_full = _wsgi(_environ(poll, tokens[7], {"payload": {"choice": "yes"}}, HTTP_ACCEPT_LANGUAGE="en"))
    assert not english[3] and english[1] == english_full[1] and english[1]["Content-Language"] == "en"
    assert VoterMark.objects.filter(poll=poll).count() == SealedBallot.objects.filter(poll=poll).count() == 8
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not Event.objects.filter(action="ballot_cast").exists()
    # a retry: recorded false, nothing added, the same answer as the full stack's retry
    settings.RENDA_FAST_CAST = True
    again = _wsgi(_environ(poll, tokens[0], {"payload": {"choice": "no"}}))
    settings.RENDA_FAST_CAST = False
    again_full = _wsgi(_environ(poll, tokens[3], {"payload": {"choice": "no"}}))
    assert not again[3] and (again[0], again[1], again[2]) == (again_full[0], again_full[1], again_full[2])
    assert json.loads(again[2]) == {"recorded": False, "receipt": ""}
    assert SealedBallot.objects.filter(poll=poll).count() == 8


def test_the_wsgi_entry_hands_what_it_does_not_take_to_the_full_stack(settings):
    s = build(3, present=2)
    poll = open_motion(s)
    tokens = [_token(u) for u in s.users]
    settings.RENDA_FAST_CAST = True
    cases = [
        ("not-a-token", {"payload": {"choice": "yes"}}, "401"),
        (tokens[0], {"payload": "yes"}, "422"),  # the body, once read by the lean check, is read again
        (tokens[0], {"payload": {"choice": "maybe"}}, "400"),
        (tokens[2], {"payload": {"choice": "yes"}}, "409"),  # not present
    ]
    for token, body, status in cases:
        lean = _wsgi(_environ(poll, token, body))
        settings.RENDA_FAST_CAST = False
        full = _wsgi(_environ(poll, token, body))
        settings.RENDA_FAST_CAST = True
        assert lean[3] and lean[0].startswith(status)
        assert (lean[0], lean[1], lean[2]) == (full[0], full[1], full[2])
    assert not VoterMark.objects.filter(poll=poll).exists() and not SealedBallot.objects.exists()
    # a cast after a refused one on the same token: taken by the lean path
    ok = _wsgi(_environ(poll, tokens[0], {"payload": {"choice": "yes"}}))
    assert not ok[3] and ok[0] == "200 OK" and VoterMark.objects.filter(poll=poll).count() == 1
