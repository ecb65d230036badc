"""Every role's first morning in a real browser (issue 10): the to-do tiles lead to the right list (count
and filters, never a 403), the error pages render in the layout on a phone, a stranger finds the public
front page, staff reach the voting console — and axe-core finds no critical or serious violation on any
main page at 1280 and 375 px; the menus fit a 1280 px window in Chinese and English, tap targets on phones
are at least 44 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from renda.meetings import services as meeting_services
from renda.proposals import services as proposal_services
from renda.proposals.models import Proposal, Reply
from renda.reports.tests.proposals_fixture import build_city, hand_to_deputy
from tests.e2e.conftest import PHONE, assert_accessible, login
from tests.factories import PASSWORD, SessionFactory

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}


@pytest.fixture
def city(role_users, django_capture_on_commit_callbacks):
    city = build_city(role_users)
    hand_to_deputy(city, role_users["deputy"])
    Proposal.objects.filter(pk=city.items["a2"].pk).update(is_public=True)
    Reply.objects.filter(proposal=city.items["a2"]).update(status="signed")
    session = SessionFactory(term=city.term, title="第十六届人民代表大会第一次会议")
    meeting_services.session_open_check_in(actor=role_users["staff"], session_id=session.pk)
    city.extra["session"] = session
    # a draft reply waiting for the unit leader's 签发, and a unit's request waiting for staff (through the
    # services: the staff are notified of the request, so the menu's 通知 has an unread count)
    handler = role_users["unit_handler"]
    a1 = city.items["a1"]
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.reply_draft(
            actor=handler, proposal_id=a1.pk, text="拟答复：年内优化三条线路。", category="A"
        )
        proposal_services.extension_request(
            actor=handler, proposal_id=a1.pk, months=1, reason="需与公交集团协调"
        )
    return city


def _context(browser, live_server, width: str):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=WIDTHS[width])
    context.set_default_timeout(15_000)
    return context, context.new_page()


ROLE_PAGES = {
    "deputy": [
        "/",
        "/proposals/",
        "/proposals/new/",
        "/proposals/cosign/",
        "/reports/proposals/",
        "/voting/my/",
    ],
    "staff": [
        "/",
        "/proposals/",
        "/proposals/review/",
        "/proposals/overdue/",
        "/proposals/requests/",
        "/notifications/",
        "/reports/proposals/",
        "/meetings/",
        "/meetings/{session}/",
        "/voting/session/{session}/",
        "/deputies/",
        "/org/units/",
    ],
    "unit_handler": ["/", "/proposals/", "/proposals/overdue/", "/proposals/{a1}/"],
    "unit_leader": ["/", "/proposals/?to_sign=1", "/proposals/{a1}/"],
    "leader": ["/", "/reports/proposals/", "/insight/topics/"],
    "admin": ["/", "/audit/"],
    "auditor": ["/audit/"],
    "station_keeper": ["/"],
}
PUBLIC_PAGES = ["/", "/proposals/public/", "/deputies/public/", "/accounts/login/", "/no-such-page/"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_critical_or_serious_violation_on_the_main_pages(
    browser, live_server, role_users, city, width
):
    fill = {"session": city.extra["session"].pk, "a1": city.items["a1"].pk}
    context, page = _context(browser, live_server, width)
    for url in PUBLIC_PAGES:
        page.goto(url)
        assert_accessible(page, f"anonymous {url} @{width}")
    for role, urls in ROLE_PAGES.items():
        login(page, role_users[role].username, PASSWORD)
        for url in urls:
            url = url.format(**fill)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert_accessible(page, f"{role} {url} @{width}")
        page.context.clear_cookies()
    context.close()


ROLES = ["deputy", "staff", "unit_handler", "unit_leader", "leader", "station_keeper", "auditor", "admin"]
# the tiles each role must find on the city (the proposals' presets, the staff's requests, the new ones)
OFFERED = {
    "deputy": {"work-drafts", "work-replied", "work-cosign", "work-new"},
    "staff": {
        "work-review",
        "work-handling",
        "work-overdue",
        "work-due-soon",
        "work-follow-up",
        "work-requests",
    },
    "unit_handler": {"work-handling", "work-overdue", "work-due-soon", "work-follow-up"},
    "unit_leader": {"work-handling", "work-overdue", "work-due-soon", "work-follow-up", "work-to-sign"},
    "leader": {"work-handling", "work-overdue", "work-due-soon", "work-follow-up", "work-key"},
    "station_keeper": set(),
    "auditor": set(),
    "admin": {"work-review", "work-requests"},
}
# tiles no role but these may see
ONLY = {
    "work-to-sign": {"unit_leader"},
    "work-requests": {"staff", "admin"},
    "work-review": {"staff", "admin"},
}


def _rows_on(page, testid: str) -> int:
    """The rows the page a tile opened shows, as the tile counts them."""
    if testid == "work-requests":
        return (
            page.get_by_test_id("pending-return").count() + page.get_by_test_id("pending-extension").count()
        )
    if testid == "work-cosign":
        return page.get_by_test_id("cosign-item").count()
    text = page.get_by_test_id("result-count").inner_text()
    return int(re.search(r"共 (\d+) 件", text).group(1))


@pytest.mark.parametrize("role", ROLES)
def test_every_home_tile_opens_its_list_with_the_count_it_shows(page, role_users, city, role):
    """Every tile of every role is clicked: never an error page; a counted tile opens a list of exactly that
    many (the proposals' lists with their filters shown, the requests page, the co-signing inbox)."""
    login(page, role_users[role].username, PASSWORD)
    tiles = page.locator("a[data-testid^=work-]")
    found = {}
    for i in range(tiles.count()):
        tile = tiles.nth(i)
        found[tile.get_attribute("data-testid")] = tile.locator(".tile-value").inner_text().strip()
    assert OFFERED[role] <= set(found), (role, found)
    for testid, roles in ONLY.items():
        assert (testid in found) == (role in roles), (role, testid)
    assert all(value != "→" for value in found.values()), found  # a count, not an arrow
    if role == "unit_leader":
        assert found["work-to-sign"] == "1"  # the draft reply of a1
    if role == "staff":
        assert found["work-requests"] == "1"  # the extension request of a1
    for testid, value in found.items():
        page.goto("/")
        with page.expect_navigation():  # the tile's page, loaded, before it is read
            page.get_by_test_id(testid).click()
        assert page.locator("[data-testid=error-page]").count() == 0, (role, testid, page.url)
        if not value.isdigit():
            continue
        count = int(value)
        assert _rows_on(page, testid) == count, (role, testid, page.url)
        if page.get_by_test_id("result-count").count():
            expect(page.get_by_test_id("proposal-row")).to_have_count(min(count, 30))
            if "status=" in page.url:  # the two-state filter is shown on the list, not dropped
                assert "," in page.locator("#id_status").input_value() or "%2C" not in page.url
            if "to_sign=" in page.url:
                expect(page.locator("#id_to_sign")).to_be_checked()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_unread_count_on_notifications_leads_to_them(browser, live_server, role_users, city, width):
    context, page = _context(browser, live_server, width)
    login(page, role_users["staff"].username, PASSWORD)
    badge = page.get_by_test_id("header-unread") if width == "phone" else page.get_by_test_id("nav-unread")
    expect(badge).to_contain_text("1")
    assert_accessible(page, f"staff home with an unread notice @{width}")
    badge.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.get_by_text("需与公交集团协调").first).to_be_visible()
    page.goto("/")  # read now: no count
    expect(page.get_by_test_id("nav-unread")).to_have_count(0)
    expect(page.get_by_test_id("header-unread")).to_have_count(0)
    context.close()


def test_a_deputys_list_is_their_own_drafts_first(page, role_users, city):
    login(page, role_users["deputy"].username, PASSWORD)
    page.goto("/proposals/")
    expect(page.get_by_test_id("list-title")).to_have_text("我的议案建议")
    expect(page.get_by_test_id("proposal-link").first).to_have_text("关于草稿的建议")
    expect(page.get_by_text(city.items["b3"].title)).to_have_count(0)


def test_error_pages_render_in_the_layout_on_a_phone(browser, live_server, role_users, city):
    context, phone = _context(browser, live_server, "phone")
    phone.goto("/no-such-page/")
    expect(phone.get_by_test_id("error-page")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_test_id("error-login").click()
    expect(phone.locator("#id_username")).to_be_visible()
    login(phone, role_users["deputy"].username, PASSWORD)
    phone.goto("/proposals/review/")
    expect(phone.get_by_test_id("error-page")).to_have_attribute("data-status", "403")
    expect(phone.get_by_role("heading", name="无权访问")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_test_id("error-home").click()
    expect(phone.get_by_test_id("home-work")).to_be_visible()
    context.close()


def test_a_stranger_finds_the_public_face_and_the_login(page, city):
    page.goto("/")
    expect(page.get_by_test_id("front")).to_be_visible()
    page.get_by_test_id("front-reply").first.click()
    expect(page.get_by_text(city.items["a2"].title).first).to_be_visible()
    page.goto("/")
    page.get_by_test_id("front-deputies").click()
    page.get_by_test_id("directory-deputy").first.click()
    expect(page.get_by_test_id("profile-name")).to_be_visible()
    page.goto("/")
    page.get_by_test_id("front-login").click()
    expect(page.locator("#id_username")).to_be_visible()


def test_staff_reach_the_voting_console_from_home_the_meeting_list_and_the_meeting(page, role_users, city):
    session = city.extra["session"]
    login(page, role_users["staff"].username, PASSWORD)
    for start, testid in (
        ("/", "work-console"),
        ("/meetings/", "session-console"),
        (f"/meetings/{session.pk}/", "session-console"),
    ):
        page.goto(start)
        page.get_by_test_id(testid).first.click()
        expect(page).to_have_url(re.compile(rf"/voting/session/{session.pk}/$"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_admin_menu_fits_a_1280_px_window(page, role_users, city, language):
    login(page, role_users["admin"].username, PASSWORD)
    if language == "en":
        with page.expect_navigation():
            page.get_by_test_id("language-switch").select_option("en")
        page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for locator in (
        page.get_by_test_id("language-switch"),
        page.get_by_role("button", name=re.compile("退出|Log out|Sign out")),
    ):
        box = locator.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
    heights = page.locator("#mainnav .nav-link").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert max(heights) < 48  # one line per label: none wraps onto two
    tops = page.locator("#mainnav .nav-link").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops  # the whole menu in one row (its groups fold into drop-downs)


def test_tap_targets_on_a_phone_are_at_least_44_px(browser, live_server, role_users, city):
    context, phone = _context(browser, live_server, "phone")
    login(phone, role_users["staff"].username, PASSWORD)
    phone.goto("/proposals/")
    sizes = phone.locator(".form-check, .btn, .form-select").evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= 44, sizes
    context.close()
