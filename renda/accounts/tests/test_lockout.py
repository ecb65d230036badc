"""The lockout behind the reverse proxy, the growing wait after failed passwords, and the staff unlock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.urls import reverse
from django.utils import timezone

from renda.accounts import rules, services
from renda.core.errors import PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.production_hashers

LOGIN = reverse("accounts:login")
HOME = reverse("reports:home")
PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _fresh_axes(db, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 3
    axes_reset()
    yield
    axes_reset()


def attempt(client, username, password, client_ip):
    """A sign-in through the proxy: the socket's peer is the proxy, the client is in X-Forwarded-For."""
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def let_the_wait_pass(username):
    """Move the last failure back in time past the growing wait (as a patient attacker would wait)."""
    AccessAttempt.objects.filter(username=username).update(
        attempt_time=timezone.now() - timedelta(seconds=rules.MAX_WAIT_SECONDS + 1)
    )


def test_an_attacker_behind_the_shared_proxy_cannot_lock_the_victim_out(client, db, settings):
    UserFactory(username="victim")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "victim", "guess", "192.0.2.66")
        let_the_wait_pass("victim")
    # the attacker's address is locked for that account …
    assert attempt(client, "victim", PASSWORD, "192.0.2.66").status_code == 429
    # … the victim, through the same proxy from their own desk, signs in
    response = attempt(client, "victim", PASSWORD, "198.51.100.7")
    assert response.status_code == 302 and response.url == HOME
    rows = {a.ip_address: a.failures_since_start for a in AccessAttempt.objects.filter(username="victim")}
    assert rows.get("192.0.2.66", 0) >= settings.AXES_FAILURE_LIMIT
    assert "198.51.100.7" not in rows  # the victim's success reset nothing of theirs, and counted none


def test_without_a_trusted_proxy_the_header_is_ignored(client, db, settings):
    settings.TRUSTED_PROXIES = []
    UserFactory(username="victim")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "victim", "guess", f"192.0.2.{n + 1}")  # a forged header changes nothing
        let_the_wait_pass("victim")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    assert attempt(client, "victim", PASSWORD, "198.51.100.7").status_code == 429


def test_a_failure_after_the_free_ones_makes_the_account_wait(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 10
    UserFactory(username="zhangsan")
    for _ in range(rules.FREE_FAILURES + 2):
        let_the_wait_pass("zhangsan")
        response = attempt(client, "zhangsan", "typo", "192.0.2.5")
        assert response.status_code == 200 and 'data-testid="signin-wait"' not in response.content.decode()
    assert rules.signin_wait(rules.FREE_FAILURES + 2) == 4
    # the right password right after (not after argon2's hashing time: the clock of the last failure is now)
    AccessAttempt.objects.filter(username="zhangsan").update(attempt_time=timezone.now())
    response = attempt(client, "zhangsan", PASSWORD, "192.0.2.5")
    assert response.status_code == 200
    assert 'data-testid="signin-wait"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="zhangsan").failures_since_start == rules.FREE_FAILURES + 3
    # another address is not made to wait
    assert attempt(client, "zhangsan", PASSWORD, "198.51.100.7").status_code == 302


def test_after_the_wait_the_right_password_signs_in(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 10
    UserFactory(username="zhangsan")
    for _ in range(rules.FREE_FAILURES + 1):
        attempt(client, "zhangsan", "typo", "192.0.2.5")
    let_the_wait_pass("zhangsan")
    assert attempt(client, "zhangsan", PASSWORD, "192.0.2.5").status_code == 302


def test_hammering_during_the_wait_reaches_the_lockout(client, db, settings):
    UserFactory(username="zhangsan")
    statuses = [attempt(client, "zhangsan", "guess", "192.0.2.5").status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert AccessAttempt.objects.get(username="zhangsan").failures_since_start >= settings.AXES_FAILURE_LIMIT


# --- the staff unlock ------------------------------------------------------------------------------------


def lock(client, username, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "guess", "192.0.2.66")
        let_the_wait_pass(username)


def test_staff_unlock_lets_the_user_in_and_leaves_an_event(client, db, settings):
    user = UserFactory(username="zhangsan")
    staff = user_with_role(Role.STAFF, username="clerk")
    lock(client, "zhangsan", settings)
    assert attempt(client, "zhangsan", PASSWORD, "192.0.2.66").status_code == 429
    assert services.lockout_clear(actor=staff, username="zhangsan") >= 1
    event = Event.objects.get(action="lockout_clear")
    assert event.actor_id == staff.pk and event.object_id == str(user.pk)
    assert event.changes["username"] == "zhangsan"
    assert attempt(client, "zhangsan", PASSWORD, "192.0.2.66").status_code == 302


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.AUDITOR, Role.UNIT_LEADER, Role.LEADER])
def test_only_staff_and_admins_unlock(db, client, settings, role):
    UserFactory(username="zhangsan")
    lock(client, "zhangsan", settings)
    with pytest.raises(PermissionDenied):
        services.lockout_clear(actor=user_with_role(role, username="someone"), username="zhangsan")
    assert AccessAttempt.objects.filter(username="zhangsan").exists()
    assert not Event.objects.filter(action="lockout_clear").exists()


def test_the_unlock_page_lists_the_lockout_and_unlocks(client, db, settings):
    settings.TWOFA_ENFORCED = False  # this test is about the page, signed in with force_login
    UserFactory(username="zhangsan")
    admin = user_with_role(Role.ADMIN, username="root")
    lock(client, "zhangsan", settings)
    client.force_login(admin)
    page = client.get(reverse("accounts:signin_security"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="unlock-zhangsan"' in html and "192.0.2.66" in html
    response = client.post(reverse("accounts:lockout_clear"), {"username": "zhangsan"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="zhangsan").exists()
    assert Event.objects.filter(action="lockout_clear", actor=admin).count() == 1


def test_the_unlock_message_says_whether_a_lock_was_lifted(client, db, settings):
    """A locked username: 已解除…登录锁定; a single failure, not a lock: 已清除…失败登录记录."""
    settings.TWOFA_ENFORCED = False
    UserFactory(username="zhangsan")
    UserFactory(username="lisi")
    lock(client, "zhangsan", settings)
    attempt(client, "lisi", "typo", "192.0.2.7")
    assert rules.signin_locked(settings.AXES_FAILURE_LIMIT, settings.AXES_FAILURE_LIMIT)
    assert not rules.signin_locked(settings.AXES_FAILURE_LIMIT - 1, settings.AXES_FAILURE_LIMIT)
    client.force_login(user_with_role(Role.STAFF, username="clerk"))
    page = client.post(reverse("accounts:lockout_clear"), {"username": "zhangsan"}, follow=True)
    assert "已解除“zhangsan”的登录锁定" in page.content.decode()
    page = client.post(reverse("accounts:lockout_clear"), {"username": "lisi"}, follow=True)
    html = page.content.decode()
    assert "已清除“lisi”的失败登录记录" in html and "登录锁定</div>" not in html
    assert not AccessAttempt.objects.filter(username__in=["zhangsan", "lisi"]).exists()
