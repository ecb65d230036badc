"""Two-factor sign-in: required roles are sent to enrolment and can do nothing else; enrolment with a server
QR code; the code step; recovery codes; the API through a half-signed-in session; the staff reset."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts import selectors, services
from renda.accounts.backends import UserBackend
from renda.accounts.views import PENDING_KEY
from renda.core.errors import PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from tests.factories import PASSWORD, user_with_role
from tests.twofa import KEY, code_for_key, current_code, enrol, throttle_elapsed

pytestmark = pytest.mark.twofa

LOGIN = reverse("accounts:login")
HOME = reverse("reports:home")
VERIFY = reverse("accounts:twofa_verify")
ENROL = reverse("accounts:twofa_enrol")
QR = reverse("accounts:twofa_qr")
REQUIRED = [Role.STAFF, Role.UNIT_LEADER, Role.AUDITOR, Role.ADMIN]
OPTIONAL = [Role.DEPUTY, Role.UNIT_HANDLER, Role.LEADER, Role.STATION_KEEPER]


def sign_in(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD})


@pytest.mark.parametrize("role", REQUIRED)
def test_a_required_role_without_a_device_is_sent_to_enrolment_and_nowhere_else(client, db, role):
    user = user_with_role(role)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert client.get(response.url).url.startswith(ENROL)
    for url in (HOME, reverse("accounts:tokens"), reverse("accounts:password_change"), "/admin/"):
        got = client.get(url)
        assert got.status_code == 302 and got.url.startswith(ENROL), url
    assert client.post(reverse("accounts:tokens"), {"name": "x"}).url.startswith(ENROL)
    assert client.get(ENROL).status_code == 200


@pytest.mark.parametrize("role", OPTIONAL)
def test_roles_without_the_requirement_sign_in_with_the_password_alone(client, db, role):
    user = user_with_role(role)
    assert sign_in(client, user).url == HOME
    assert client.get(HOME).status_code == 200


def test_enrolment_shows_a_server_drawn_qr_code_and_the_secret(client, db):
    user = user_with_role(Role.STAFF)
    sign_in(client, user)
    page = client.get(ENROL)
    html = page.content.decode()
    assert f'src="{QR}"' in html and "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert 'style="' not in html
    secret = page.context["secret"]
    assert len(secret.replace(" ", "")) == 32  # 20 bytes of base32
    qr = client.get(QR)
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert "no-store" in qr["Cache-Control"]


def test_enrolment_with_the_apps_code_binds_and_shows_ten_recovery_codes_once(client, db):
    user = user_with_role(Role.STAFF)
    sign_in(client, user)
    client.get(ENROL)
    key = client.session[PENDING_KEY]
    wrong = client.post(ENROL, {"token": "000000" if code_for_key(key) != "000000" else "111111"})
    assert wrong.status_code == 400 and not TOTPDevice.objects.filter(user=user).exists()
    response = client.post(ENROL, {"token": code_for_key(key)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(
        codes
    )
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(HOME).status_code == 200  # the session passed the second step
    assert PENDING_KEY not in client.session
    assert Event.objects.filter(action="twofa_enrol", object_id=str(user.pk)).count() == 1
    assert client.get(QR).status_code == 404  # nothing pending any more


def test_an_enrolled_user_enters_the_code_after_the_password(client, db):
    user = user_with_role(Role.STAFF)
    enrol(user)
    response = sign_in(client, user)
    assert client.get(response.url).url.startswith(VERIFY)
    assert client.get(ENROL).url == VERIFY  # no re-binding before the second step
    assert client.get(QR).status_code == 404  # no secret pending
    bad = client.post(VERIFY, {"token": "abcdef"})
    assert bad.status_code == 400
    assert Event.objects.filter(action="twofa_failure", object_id=str(user.pk)).count() == 1
    assert client.get(HOME).url.startswith(VERIFY)
    throttle_elapsed(user)  # django-otp's throttle: 1 s after one wrong code
    ok = client.post(VERIFY, {"token": current_code(user), "next": "/deputies/"})
    assert ok.status_code == 302 and ok.url == "/deputies/"
    assert client.get(HOME).status_code == 200


def test_wrong_codes_make_the_next_try_wait(client, db):
    user = user_with_role(Role.STAFF)
    enrol(user)
    sign_in(client, user)
    client.post(VERIFY, {"token": "abcdef"})
    # the right code right after a wrong one is refused: django-otp throttles the device (1 s, 2 s, 4 s …)
    assert client.post(VERIFY, {"token": current_code(user)}).status_code == 400
    assert client.get(HOME).url.startswith(VERIFY)


def test_the_code_step_never_redirects_off_site(client, db):
    user = user_with_role(Role.STAFF)
    enrol(user)
    sign_in(client, user)
    ok = client.post(VERIFY, {"token": current_code(user), "next": "https://evil.example/"})
    assert ok.url == HOME


def test_a_recovery_code_signs_in_once(client, db):
    user = user_with_role(Role.AUDITOR)
    sign_in(client, user)
    client.get(ENROL)
    codes = client.post(ENROL, {"token": code_for_key(client.session[PENDING_KEY])}).context["codes"]
    client.post(reverse("accounts:logout"))
    sign_in(client, user)
    assert client.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    assert client.get(HOME).status_code == 200
    event = Event.objects.get(action="twofa_recovery_use", object_id=str(user.pk))
    assert event.changes == {"recovery_codes": 9}
    client.post(reverse("accounts:logout"))
    sign_in(client, user)
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 400  # used up


def test_a_deputy_may_enrol_and_then_needs_the_code(client, db):
    deputy = user_with_role(Role.DEPUTY)
    sign_in(client, deputy)
    page = client.get(reverse("accounts:twofa"))
    assert 'data-testid="twofa-enable"' in page.content.decode()
    client.get(ENROL)
    client.post(ENROL, {"token": code_for_key(client.session[PENDING_KEY])})
    client.post(reverse("accounts:logout"))
    sign_in(client, deputy)
    assert client.get(HOME).url.startswith(VERIFY)


def test_the_api_refuses_a_session_that_has_not_passed_the_second_step(client, db):
    user = user_with_role(Role.STAFF)
    sign_in(client, user)
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_the_api_accepts_the_session_after_the_second_step(client, db):
    user = user_with_role(Role.STAFF)
    enrol(user)
    sign_in(client, user)
    client.post(VERIFY, {"token": current_code(user)})
    assert client.get("/api/me").status_code == 200


def test_a_token_cannot_be_created_before_the_second_step(client, db):
    user = user_with_role(Role.ADMIN)
    enrol(user)
    sign_in(client, user)
    client.post(reverse("accounts:tokens"), {"name": "sync"})
    assert not user.api_tokens.exists()


def test_enforcement_off_lets_a_required_role_in_with_the_password(client, db, settings):
    settings.TWOFA_ENFORCED = False
    user = user_with_role(Role.STAFF)
    sign_in(client, user)
    assert client.get(HOME).status_code == 200


# --- the staff reset ---------------------------------------------------------------------------------------


def test_staff_reset_a_users_devices_and_the_user_enrols_again(client, db):
    staff = user_with_role(Role.STAFF, username="clerk")
    handler = user_with_role(Role.UNIT_LEADER, username="lost-phone")
    enrol(handler)
    assert services.twofa_reset(actor=staff, user=handler) == 1
    assert not TOTPDevice.objects.filter(user=handler).exists()
    assert not StaticToken.objects.filter(device__user=handler).exists()
    event = Event.objects.get(action="twofa_reset")
    assert event.actor_id == staff.pk and event.object_id == str(handler.pk)
    sign_in(client, handler)
    assert client.get(HOME).url.startswith(ENROL)


@pytest.mark.parametrize(
    ("actor_role", "target_role", "allowed"),
    [
        (Role.STAFF, Role.UNIT_LEADER, True),
        (Role.STAFF, Role.DEPUTY, True),
        (Role.STAFF, Role.ADMIN, False),
        (Role.STAFF, Role.AUDITOR, False),
        (Role.ADMIN, Role.AUDITOR, True),
        (Role.ADMIN, Role.STAFF, True),
        (Role.AUDITOR, Role.DEPUTY, False),
        (Role.DEPUTY, Role.DEPUTY, False),
        (Role.UNIT_LEADER, Role.UNIT_HANDLER, False),
    ],
)
def test_who_may_reset_whom(db, actor_role, target_role, allowed):
    actor = user_with_role(actor_role, username="actor")
    target = user_with_role(target_role, username="target")
    enrol(target)
    if allowed:
        services.twofa_reset(actor=actor, user=target)
        assert not TOTPDevice.objects.filter(user=target).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.twofa_reset(actor=actor, user=target)
        assert TOTPDevice.objects.filter(user=target).exists()
        assert not Event.objects.filter(action="twofa_reset").exists()


def test_nobody_resets_their_own_second_factor(db):
    admin = user_with_role(Role.ADMIN)
    enrol(admin)
    with pytest.raises(PermissionDenied):
        services.twofa_reset(actor=admin, user=admin)


def test_the_reset_page_action_for_staff(client, db):
    staff = user_with_role(Role.STAFF, username="clerk")
    target = user_with_role(Role.UNIT_LEADER, username="lost-phone")
    enrol(target)
    enrol(staff)
    client.force_login(staff)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=staff).persistent_id
    session.save()
    assert client.get(reverse("accounts:signin_security")).status_code == 200
    response = client.post(reverse("accounts:twofa_reset"), {"username": "lost-phone"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.UNIT_HANDLER, Role.AUDITOR, Role.LEADER])
def test_the_sign_in_security_page_is_for_staff_and_admins_only(client, db, settings, role):
    settings.TWOFA_ENFORCED = False
    user = user_with_role(role)
    target = user_with_role(Role.DEPUTY, username="target")
    enrol(target)
    client.force_login(user)
    assert client.get(reverse("accounts:signin_security")).status_code == 403
    assert client.post(reverse("accounts:twofa_reset"), {"username": "target"}).status_code == 403
    assert client.post(reverse("accounts:lockout_clear"), {"username": "target"}).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()


def test_the_enrolment_key_is_never_the_fixed_test_key(client, db):
    user = user_with_role(Role.STAFF)
    sign_in(client, user)
    client.get(ENROL)
    assert client.session[PENDING_KEY] != KEY and len(client.session[PENDING_KEY]) == 40


def test_the_admin_shows_no_device_and_no_secret(admin_client):
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404


@pytest.mark.parametrize("role", REQUIRED)
def test_the_second_step_pages_show_no_menu_that_would_lead_back_to_them(client, db, role):
    user = user_with_role(role)
    sign_in(client, user)
    enrolment = client.get(ENROL).content.decode()
    assert 'class="nav-link"' not in enrolment and reverse("accounts:password_change") not in enrolment
    assert reverse("accounts:logout") in enrolment  # signing out stays
    enrol(user)
    client.logout()
    sign_in(client, user)
    step = client.get(VERIFY).content.decode()
    assert 'class="nav-link"' not in step and reverse("accounts:logout") in step
    client.post(VERIFY, {"token": current_code(user)})
    assert 'class="nav-link"' in client.get(HOME).content.decode()  # past the step, the menu is back


@pytest.mark.parametrize("role", [*REQUIRED, *OPTIONAL])
def test_the_home_account_card_offers_sign_in_security_only_to_who_may_manage_it(client, db, settings, role):
    settings.TWOFA_ENFORCED = False
    client.force_login(user_with_role(role))
    home = client.get(HOME).content.decode()
    offered = 'data-testid="link-signin-security"' in home
    assert offered == (role in (Role.STAFF, Role.ADMIN))
    for url in ("accounts:twofa", "accounts:tokens", "accounts:password_change"):
        assert 'data-testid="back-home"' in client.get(reverse(url)).content.decode(), url


def test_a_session_signed_in_before_another_enrols_is_asked_for_the_code_at_its_next_page(db):
    """The second step's question (has the user an authenticator?) is read with the session's user on every
    page (accounts.backends.UserBackend): enrolling on the phone sends the desk's open session to the code
    step at its very next page, as a query of its own did."""
    deputy = user_with_role(Role.DEPUTY)
    desk, phone = Client(), Client()
    sign_in(desk, deputy)
    assert desk.get(HOME).status_code == 200
    sign_in(phone, deputy)
    phone.get(ENROL)
    phone.post(ENROL, {"token": code_for_key(phone.session[PENDING_KEY])})
    assert TOTPDevice.objects.filter(user=deputy, confirmed=True).exists()
    assert desk.get(HOME).url.startswith(VERIFY)
    services.twofa_reset(actor=user_with_role(Role.STAFF), user=deputy)
    assert desk.get(HOME).status_code == 200  # and the reset lets it in again at once


def test_the_second_steps_question_costs_no_query_of_its_own(client, db):
    """A page of a session that has not passed the second step (a deputy without an authenticator) reads the
    session, the user with the answer, and the roles — no separate query of the devices."""
    sign_in(client, user_with_role(Role.DEPUTY))
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "otp_totp_totpdevice" in s and "accounts_user" not in s], sql
    assert any("otp_totp_totpdevice" in s and "accounts_user" in s for s in sql), sql


def test_the_own_security_page_shows_the_new_authenticator_in_the_request_that_bound_it(client, db):
    """An enrolment in this request drops the answer read with the session's user (services.twofa_enrol):
    the page drawn afterwards says the user is enrolled."""
    deputy = user_with_role(Role.DEPUTY)
    loaded = UserBackend().get_user(deputy.pk)
    assert selectors.twofa_enrolled(loaded) is False
    enrol(loaded)
    assert selectors.twofa_enrolled(loaded) is True
