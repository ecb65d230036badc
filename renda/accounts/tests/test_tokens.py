"""The API tokens page: list, create (raw key shown once), revoke — own tokens only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.accounts import services
from renda.accounts.models import ApiToken
from renda.core.models import Event
from tests.factories import UserFactory
from tests.matrix import check_matrix

URL = reverse("accounts:tokens")


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


def revoke_url(token):
    return reverse("accounts:token_revoke", args=[token.pk])


def test_every_signed_in_role_opens_the_page(client, role_users):
    check_matrix(client, role_users, URL, dict.fromkeys(role_users, 200) | {"anonymous": 302})


def test_list_shows_only_own_tokens(client, alice, bob):
    services.api_token_create(actor=alice, user=alice, name="数据中心同步")
    services.api_token_create(actor=bob, user=bob, name="鲍勃的脚本")
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "数据中心同步" in html
    assert "鲍勃的脚本" not in html


def test_create_shows_the_raw_key_once_and_stores_only_its_hash(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"name": "统计报表"})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    token = ApiToken.objects.get(user=alice)
    raw = response.context["raw_key"]
    assert raw and raw in response.content.decode()
    assert token.key_hash == ApiToken.hash(raw) and token.prefix == raw[:8]
    assert raw not in (token.key_hash, token.name)
    assert Event.objects.filter(action="api_token_create", actor=alice).count() == 1
    again = client.get(URL).content.decode()
    assert raw not in again
    assert token.prefix in again


def test_create_without_a_name_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"name": "   "})
    assert response.status_code == 400
    assert "请填写令牌用途" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token(client, alice):
    token, _raw = services.api_token_create(actor=alice, user=alice, name="旧脚本")
    client.force_login(alice)
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response.url == URL
    token.refresh_from_db()
    assert token.revoked
    assert Event.objects.filter(action="api_token_revoke", actor=alice).count() == 1
    assert "已吊销" in client.get(URL).content.decode()
    client.post(revoke_url(token))  # revoking twice records nothing more
    assert Event.objects.filter(action="api_token_revoke").count() == 1


def test_cannot_revoke_another_users_token(client, alice, bob):
    token, _raw = services.api_token_create(actor=bob, user=bob, name="鲍勃的脚本")
    client.force_login(alice)
    assert client.post(revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert not token.revoked
    assert not Event.objects.filter(action="api_token_revoke").exists()


def test_revoke_needs_post_and_login(client, alice):
    token, _raw = services.api_token_create(actor=alice, user=alice, name="x")
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    client.force_login(alice)
    assert client.get(revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert not token.revoked
