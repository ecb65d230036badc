"""Two-factor sign-in in a real browser (issue 12): a staff member signs in with a TOTP code computed from the
device's key (django_otp.oath.totp), binds an authenticator on first sign-in from the server-drawn QR code's
secret, and a deputy signs in with the password alone. Every page passes axe-core."""

from __future__ import annotations

import base64

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD
from tests.twofa import current_code, enrol, throttle_elapsed


def password_step(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_staff_sign_in_with_a_totp_code(page, role_users):
    staff = role_users["staff"]
    device = enrol(staff)
    password_step(page, staff.username)
    assert "/accounts/2fa/verify/" in page.url
    assert_accessible(page, "code step")
    # nothing else is reachable before the code
    page.goto("/deputies/")
    assert "/accounts/2fa/verify/" in page.url
    # a wrong code is refused with a message
    page.fill("#id_token", "000000" if f"{totp(device.bin_key):06d}" != "000000" else "111111")
    page.get_by_test_id("twofa-verify-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("twofa-error")).to_be_visible()
    assert_accessible(page, "code step with an error")
    throttle_elapsed(staff)  # django-otp's throttle after one wrong code: 1 s
    page.fill("#id_token", current_code(staff))
    page.get_by_test_id("twofa-verify-form").locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
    assert "/deputies/" in page.url  # where they were going
    assert page.get_by_test_id("current-user").inner_text() == str(staff)


def test_staff_first_sign_in_binds_an_authenticator(page, role_users):
    staff = role_users["staff"]
    password_step(page, staff.username)
    assert "/accounts/2fa/enrol/" in page.url
    expect(page.get_by_test_id("twofa-required")).to_be_visible()
    qr = page.get_by_test_id("twofa-qr")
    page.wait_for_function("(img) => img.complete", arg=qr.element_handle())
    assert page.evaluate("(img) => img.naturalWidth > 0", qr.element_handle())  # the SVG is drawn
    assert_accessible(page, "enrolment")
    secret = page.get_by_test_id("twofa-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_token", f"{totp(key):06d}")
    page.get_by_test_id("twofa-enrol-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("twofa-codes").locator("code")).to_have_count(10)  # the next page, loaded
    codes = page.get_by_test_id("twofa-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "recovery codes")
    page.get_by_test_id("twofa-continue").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
    expect(page.get_by_test_id("home-staff")).to_be_visible()
    assert TOTPDevice.objects.get(user=staff).bin_key == key


def test_a_deputy_signs_in_without_a_second_factor(page, role_users):
    deputy = role_users["deputy"]
    password_step(page, deputy.username)
    assert "/accounts/2fa/" not in page.url
    expect(page.get_by_test_id("home-deputy")).to_be_visible()
    page.get_by_test_id("link-twofa").click()
    page.wait_for_url("**/accounts/2fa/")
    expect(page.get_by_test_id("twofa-enable")).to_be_visible()  # optional: they may turn it on
    assert_accessible(page, "deputy's two-factor page")


def test_staff_unlock_page(page, role_users):
    from tests.e2e.conftest import login

    login(page, role_users["staff"].username, PASSWORD)
    page.goto("/accounts/security/")
    expect(page.get_by_test_id("lockout-list")).to_be_visible()
    assert_accessible(page, "sign-in security")
