"""Signing in and out: argon2 hashes, error message, django-axes lockout, password change."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from renda.core.models import Event
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.production_hashers  # these tests are about argon2 and lockout

LOGIN = reverse("accounts:login")
HOME = reverse("reports:home")


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def user(db):
    return UserFactory(username="zhangsan")


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_password_is_stored_with_argon2(user):
    assert user.password.startswith("argon2")


def test_login_with_right_password_goes_home(client, user):
    response = login(client, "zhangsan", PASSWORD)
    assert response.status_code == 302
    assert response.url == HOME
    assert client.get(HOME).status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_page_renders(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "accounts/login.html" in [t.name for t in response.templates]


def test_wrong_password_is_refused_with_a_message(client, user):
    response = login(client, "zhangsan", "not-the-password")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(NON_FIELD_ERRORS, "invalid_login")
    message = str(AuthenticationForm.error_messages["invalid_login"]) % {"username": "用户名"}
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_after_the_failure_limit(client, user):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, "zhangsan", "wrong-password").status_code == 200
    # The attempt that reaches the limit is answered by axes with the lockout page (429 Too Many Requests).
    response = login(client, "zhangsan", "wrong-password")
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert 'data-testid="locked-out"' in response.content.decode()
    assert AccessAttempt.objects.get(username="zhangsan").failures_since_start == limit


def test_locked_user_cannot_sign_in_even_with_the_right_password(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "zhangsan", "wrong-password")
    response = login(client, "zhangsan", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert 'data-testid="front"' in client.get(HOME).content.decode()  # a stranger: the public front page


def test_lockout_counts_username_and_address_together(client, user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="lisi")
    for _ in range(2):
        login(client, "zhangsan", "wrong-password")
    assert login(client, "zhangsan", PASSWORD).status_code == 429
    # Another account from the same address is not locked.
    assert login(client, "lisi", PASSWORD).status_code == 302


def test_reset_unlocks(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "zhangsan", "wrong-password")
    axes_reset(username="zhangsan")
    assert login(client, "zhangsan", PASSWORD).status_code == 302


def test_logout_needs_post(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert 'data-testid="front"' in client.get(HOME).content.decode()  # a stranger: the public front page


def test_password_change_needs_the_old_password(client, user):
    client.force_login(user)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    new = "Jiangling-new-2026!"
    response = client.post(url, {"old_password": "wrong", "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert response.context["form"].has_error("old_password", "password_incorrect")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not Event.objects.filter(action="password_change").exists()


def test_password_change_is_recorded_and_the_new_password_works(client, user):
    client.force_login(user)
    new = "Jiangling-new-2026!"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response.url == HOME
    assert client.get(HOME).status_code == 200  # the session survives the change
    event = Event.objects.get(action="password_change")
    assert event.actor == user and event.object_id == str(user.pk)
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    client.post(reverse("accounts:logout"))
    assert login(client, "zhangsan", PASSWORD).status_code == 200  # the old one no longer works
    assert login(client, "zhangsan", new).status_code == 302


def test_password_change_applies_the_validators(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert not Event.objects.filter(action="password_change").exists()


def test_password_change_requires_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_password_change_revokes_the_users_api_tokens_and_ends_other_sessions(client, user):
    from django.test import Client

    from renda.accounts import services
    from renda.accounts.models import ApiToken

    _token, raw = services.api_token_create(actor=user, user=user, name="集成")
    other = UserFactory(username="lisi")
    _other_token, other_raw = services.api_token_create(actor=other, user=other, name="集成")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/me", **bearer).status_code == 200
    elsewhere = Client()
    elsewhere.force_login(user)  # a second browser
    client.force_login(user)
    new = "Jiangling-new-2026!"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "1 个接口令牌已一并吊销" in response.content.decode()
    assert Client().get("/api/me", **bearer).status_code == 401
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 200  # not theirs
    assert list(ApiToken.objects.filter(user=user).values_list("revoked", flat=True)) == [True]
    event = Event.objects.get(action="password_change")
    assert event.changes == {"revoked_tokens": [raw[:8]]}
    own_page = reverse("accounts:password_change")
    assert elsewhere.get(own_page).status_code == 302  # the other session ended: back to sign-in
    assert client.get(own_page).status_code == 200  # this one survives


def test_signed_in_pages_and_api_answers_are_not_stored(client, user):
    from django.test import Client

    assert "no-store" not in client.get(HOME).get("Cache-Control", "")  # the public front page
    assert "no-store" in Client().get("/api/me")["Cache-Control"]  # refused, and still not cached
    client.force_login(user)
    assert "no-store" in client.get(HOME)["Cache-Control"]


def test_behind_the_proxy_an_attacker_cannot_lock_anothers_account(client, user, settings):
    """Everyone reaches Renda through nginx (127.0.0.1). Failures keyed on the proxy's address would lock
    zhangsan out for all; keyed on the client's address from X-Forwarded-For they lock only the attacker."""
    from django.test import Client

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.66")
    owner = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(LOGIN, {"username": "zhangsan", "password": "guess"})
    assert attacker.post(LOGIN, {"username": "zhangsan", "password": PASSWORD}).status_code == 429
    assert AccessAttempt.objects.get(username="zhangsan").ip_address == "10.0.0.66"
    assert owner.post(LOGIN, {"username": "zhangsan", "password": PASSWORD}).status_code == 302
    # an attacker who is not behind the proxy cannot pose as the owner's address
    direct = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        direct.post(LOGIN, {"username": "zhangsan", "password": "guess"})
    assert owner.post(LOGIN, {"username": "zhangsan", "password": PASSWORD}).status_code == 302
