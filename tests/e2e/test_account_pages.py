"""The account pages as a user reaches them, by clicking from the home page, at 1280 and 375 px, with axe-core
on each: a staff member's first sign-in binds an authenticator and reads the recovery codes; from the home
page's account card the two-factor page, the sign-in security page (a lockout row and its unlock), the API
tokens page (a refused empty name, a created token shown once, its revoke after the confirm); every page has
its way back home; the next sign-in's code step takes a recovery code and says how many are left. A deputy
(two factors optional) may start binding and step back without binding.

E2E_SCREENSHOTS=<dir> also saves each page as a PNG there (to look at the pages, as the definition of done
asks; the test asserts the same either way)."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible, open_phone_menu
from tests.factories import PASSWORD

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}


def _seen(page, where: str) -> None:
    """axe-core finds nothing critical or serious; the page fits its window (no sideways scrolling)."""
    assert_accessible(page, where)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{where}: {overflow} px wider than the window"
    shots = os.environ.get("E2E_SCREENSHOTS")
    if shots:
        name = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)


def _context(browser, live_server, width: str):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=WIDTHS[width])
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _password(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/")
    page.get_by_test_id("front-login").click()
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()


def _open_account_link(page, testid: str) -> None:
    page.goto("/")
    page.get_by_test_id("home-account").get_by_test_id(testid).click()


def _back_home(page, where: str) -> None:
    """The page's own way back leads to the home page."""
    page.get_by_test_id("back-home").click()
    expect(page.get_by_test_id("home-account")).to_be_visible()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_staff_reach_every_account_page_by_clicking(browser, live_server, role_users, width):
    staff, deputy = role_users["staff"], role_users["deputy"]
    context, page = _context(browser, live_server, width)
    # a mistyped password for the deputy: a row on the sign-in security page
    _password(page, deputy.username, "not-the-password")
    expect(page.locator("main .alert-danger")).to_be_visible()

    # first sign-in: the enrolment page, then the recovery codes, then home
    _password(page, staff.username)
    expect(page.get_by_test_id("twofa-required")).to_be_visible()
    expect(page.get_by_test_id("twofa-qr")).to_be_visible()
    expect(page.locator("#mainnav .nav-link")).to_have_count(0)  # no menu that leads back to this step
    _seen(page, f"enrol {width}")
    secret = page.get_by_test_id("twofa-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_token", f"{totp(key):06d}")
    page.get_by_test_id("twofa-enrol-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("twofa-codes").locator("code")).to_have_count(10)  # the next page, loaded
    codes = page.get_by_test_id("twofa-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    _seen(page, f"recovery codes {width}")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_test_id("twofa-print").click()  # 请抄写或打印: the page offers the print
    assert page.evaluate("() => window.__printed") == 1
    page.get_by_test_id("twofa-continue").click()
    expect(page.get_by_test_id("home-account")).to_be_visible()

    # the two-factor page, from the home page's account card
    _open_account_link(page, "link-twofa")
    expect(page.get_by_test_id("twofa-state")).to_contain_text("剩余恢复码：10 个")
    _seen(page, f"two-factor page {width}")
    _back_home(page, "two-factor page")

    # sign-in security: from the account card; the deputy's failed attempt, and its unlock
    _open_account_link(page, "link-signin-security")
    row = page.get_by_test_id("lockout-row").filter(has_text=deputy.username)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("1")
    _seen(page, f"sign-in security {width}")
    # one failure does not lock: the row's button clears the record
    expect(row.get_by_test_id(f"unlock-{deputy.username}")).to_have_text("清除记录")
    row.get_by_test_id(f"unlock-{deputy.username}").click()
    expect(page.locator("#messages")).to_contain_text(f"已清除“{deputy.username}”的失败登录记录")
    expect(page.get_by_test_id("lockout-row")).to_have_count(0)
    # a reset asks first; refused, nothing is sent; for a name nobody has, a message naming it
    page.fill("#id_reset_username", "nobody-here")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_test_id("twofa-reset-form").locator("button[type=submit]").click()
    expect(page.locator("#id_reset_username")).to_have_value("nobody-here")
    assert asked and "重置" in asked[0], asked
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("twofa-reset-form").locator("button[type=submit]").click()
    expect(page.locator("#messages")).to_contain_text("没有用户名为“nobody-here”的用户")
    _seen(page, f"sign-in security after unlock {width}")
    _back_home(page, "sign-in security")

    # API tokens: an empty name is refused, a token is shown once, then revoked after the confirm
    _open_account_link(page, "link-tokens")
    _seen(page, f"tokens empty {width}")
    page.get_by_test_id("token-create-form").locator("button[type=submit]").click()
    expect(page.locator("#id_name")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.get_by_test_id("token-raw")).to_have_count(0)
    page.fill("#id_name", "数据中心同步")
    page.get_by_test_id("token-create-form").locator("button[type=submit]").click()
    raw = page.get_by_test_id("token-raw-key").inner_text()
    assert len(raw) > 20
    row = page.locator("[data-testid^=token-row-]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("数据中心同步")
    _seen(page, f"tokens created {width}")
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("[data-testid^=token-revoke-]").click()
    expect(page.locator("#messages")).to_contain_text("令牌“数据中心同步”已吊销")
    expect(row).to_contain_text("已吊销")
    expect(page.get_by_test_id("token-raw")).to_have_count(0)  # never shown again
    _back_home(page, "tokens")

    # the next sign-in: the code step takes a recovery code and says how many are left
    if width == "phone":
        open_phone_menu(page)
    page.get_by_role("button", name="退出").click()
    expect(page.locator("#id_username")).to_be_visible()  # signed out: the sign-in form
    _password(page, staff.username)
    expect(page.get_by_test_id("twofa-verify-form")).to_be_visible()
    expect(page.locator("#mainnav .nav-link")).to_have_count(0)
    _seen(page, f"code step {width}")
    page.fill("#id_token", codes[0])
    page.get_by_test_id("twofa-verify-form").locator("button[type=submit]").click()
    expect(page.locator("#messages")).to_contain_text("还剩 9 个")
    expect(page.get_by_test_id("home-account")).to_be_visible()
    _seen(page, f"home after a recovery code {width}")
    context.close()


def test_a_deputy_may_start_binding_and_step_back(browser, live_server, role_users):
    deputy = role_users["deputy"]
    context, page = _context(browser, live_server, "phone")
    _password(page, deputy.username)
    expect(page.get_by_test_id("home-account")).to_be_visible()
    expect(page.get_by_test_id("home-account").get_by_test_id("link-signin-security")).to_have_count(0)
    _open_account_link(page, "link-twofa")
    expect(page.get_by_test_id("twofa-state")).to_contain_text("未启用")
    _seen(page, "deputy two-factor page phone")
    page.get_by_test_id("twofa-enable").click()
    expect(page.get_by_test_id("twofa-required")).to_have_count(0)
    _seen(page, "deputy enrol phone")
    page.get_by_test_id("twofa-cancel").click()
    expect(page.get_by_test_id("twofa-state")).to_contain_text("未启用")
    _back_home(page, "deputy two-factor page")
    context.close()


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_account_pages_read_in_english(browser, live_server, role_users, width):
    """In English no Chinese is left on the account pages (their own text: these pages hold no Chinese
    data here), and they still fit the window."""
    from tests.e2e.conftest import login

    context, page = _context(browser, live_server, width)
    login(page, role_users["staff"].username, PASSWORD)
    if width == "phone":
        open_phone_menu(page)
    page.get_by_test_id("language-switch").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for testid, marker in [
        ("link-twofa", "Two-factor sign-in"),
        ("link-signin-security", "Sign-in security"),
        ("link-tokens", "API token"),
    ]:
        _open_account_link(page, testid)
        expect(page.locator("main h1")).to_have_text(marker)
        expect(page.get_by_test_id("back-home")).to_have_text("Back to home")
        text = page.locator("main").inner_text()
        assert not CJK.search(text), (testid, CJK.findall(text), text)
        _seen(page, f"english {testid} {width}")
    context.close()
