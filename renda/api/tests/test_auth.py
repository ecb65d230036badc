import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from renda.accounts.models import ApiToken
from renda.accounts.services import api_token_revoke
from renda.core.roles import Role

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def test_token_authenticates_its_user(client, staff, token_for):
    raw = token_for(staff)
    response = client.get("/api/me", headers=bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == staff.username
    assert body["auth"] == "token"
    assert [r["role"] for r in body["roles"]] == [Role.STAFF]


def test_token_is_accepted_case_insensitively_on_the_scheme(client, staff, token_for):
    raw = token_for(staff)
    assert client.get("/api/me", headers={"Authorization": f"bearer {raw}"}).status_code == 200


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz"])
def test_wrong_token_is_401(client, staff, token_for, header):
    token_for(staff)
    response = client.get("/api/deputies", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401(client, staff, token_for):
    raw = token_for(staff)
    assert client.get("/api/me", headers=bearer(raw)).status_code == 200
    api_token_revoke(actor=staff, token=ApiToken.objects.get(key_hash=ApiToken.hash(raw)))
    response = client.get("/api/me", headers=bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_token_of_inactive_user_is_401(client, staff, token_for):
    raw = token_for(staff)
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert client.get("/api/me", headers=bearer(raw)).status_code == 401


def test_bad_token_is_refused_even_with_a_session(client, staff):
    client.force_login(staff)
    assert client.get("/api/me").status_code == 200
    assert client.get("/api/me", headers=bearer("wrong")).status_code == 401


def test_last_used_at_is_written_at_most_once_a_minute(client, staff, token_for):
    raw = token_for(staff)
    token = ApiToken.objects.get(key_hash=ApiToken.hash(raw))
    assert token.last_used_at is None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        client.get("/api/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + dt.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        client.get("/api/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == later


def test_token_lookup_costs_constant_queries(client, staff, token_for, django_assert_max_num_queries):
    raw = token_for(staff)
    client.get("/api/me", headers=bearer(raw))  # writes last_used_at
    # token+user, roles, deputy
    with django_assert_max_num_queries(3):
        assert client.get("/api/me", headers=bearer(raw)).status_code == 200


def test_session_authenticates(client, staff):
    client.force_login(staff)
    response = client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["auth"] == "session"


@pytest.mark.parametrize(
    "url", ["/api/me", "/api/deputies", "/api/deputies/1", "/api/units", "/api/units/1", "/api/delegations"]
)
def test_anonymous_is_401_json(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unauthorized"


@pytest.mark.urls("renda.api.tests.urls")
class TestCsrf:
    """Unsafe methods: a session needs the CSRF token; a Bearer token does not (no cookie to forge)."""

    def test_session_post_without_csrf_token_is_403(self, staff):
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff)
        response = client.post("/api-test/echo", {"text": "你好"}, content_type="application/json")
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"

    def test_session_post_with_csrf_token_passes(self, staff):
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff)
        client.get("/api/docs")  # the docs page sets the CSRF cookie, as Swagger UI needs it
        csrf = client.cookies["csrftoken"].value
        response = client.post(
            "/api-test/echo", {"text": "你好"}, content_type="application/json", headers={"X-CSRFToken": csrf}
        )
        assert response.status_code == 200
        assert response.json() == {"text": "你好", "user": staff.username}

    def test_token_post_needs_no_csrf_token(self, staff, token_for):
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            "/api-test/echo", {"text": "x"}, content_type="application/json", headers=bearer(token_for(staff))
        )
        assert response.status_code == 200

    def test_anonymous_post_is_401_not_403(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/api-test/echo", {"text": "x"}, content_type="application/json")
        assert response.status_code == 401
