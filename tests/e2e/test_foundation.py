"""Browser tests for the foundation: each role's home page, the language switch, a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from renda.core.roles import Role
from tests.e2e.conftest import follow_menu, login
from tests.factories import PASSWORD, DeputyFactory


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_logs_in_and_sees_its_home(page, role_users, role):
    login(page, role_users[role].username, PASSWORD)
    section = page.get_by_test_id(f"home-{role}")
    section.wait_for()
    expect(section).to_be_visible()
    assert page.get_by_test_id("current-user").inner_text() == str(role_users[role])
    # a user sees no other role's section
    for other in Role:
        if other.value != role:
            assert page.get_by_test_id(f"home-{other.value}").count() == 0


def test_wrong_password_is_refused(page, role_users):
    page.goto("/accounts/login/")
    page.fill("#id_username", role_users["staff"].username)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_be_visible()
    assert "/accounts/login/" in page.url


def test_language_switch(page, role_users):
    login(page, role_users["staff"].username, PASSWORD)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.get_by_role("link", name="工作台").first).to_be_visible()
    page.get_by_test_id("language-switch").select_option("en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    expect(page.get_by_role("link", name="Home").first).to_be_visible()
    expect(page.get_by_test_id("home-staff")).to_be_visible()
    # the choice sticks across pages, and switching back works
    page.goto("/deputies/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_test_id("language-switch").select_option("zh-hans")
    page.wait_for_function("document.documentElement.lang === 'zh-hans'")


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_phone_sized_screen_is_usable(phone_page, role_users):
    page = phone_page
    staff = role_users["staff"]
    DeputyFactory(name="张晓红")
    login(page, staff.username, PASSWORD)
    assert _no_horizontal_overflow(page)
    # the menu collapses behind the toggler and opens on a tap
    expect(page.locator(".navbar-toggler")).to_be_visible()
    follow_menu(page, "代表工作", "代表")
    page.wait_for_url("**/deputies/")
    expect(page.get_by_text("张晓红").first).to_be_visible()
    assert _no_horizontal_overflow(page)


def test_deputy_on_a_phone_sees_own_home(phone_page, role_users):
    page = phone_page
    login(page, role_users["deputy"].username, PASSWORD)
    expect(page.get_by_test_id("home-deputy")).to_be_visible()
    assert _no_horizontal_overflow(page)
