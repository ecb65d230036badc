"""The Content-Security-Policy in a real browser (issue 12, point 7): the key pages — every role's home, a
proposal with its htmx parts, the leader's home and the proposals dashboard with their ECharts (tooltips
shown), the phone ballot and the projector refreshing itself — run under the policy with zero violations,
and the behaviour that moved from inline handlers to data attributes still works (language switch, the
cosigner search on Enter, a refused confirm)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from renda.core.roles import Role
from renda.proposals.tests import engine_setup as es
from renda.voting.tests import engine_setup as voting_setup
from tests.e2e.conftest import PHONE, _new_page, assert_accessible, csp_violations, login
from tests.factories import PASSWORD, user_with_role

POLICY_PARTS = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")


def visit(page, url: str) -> None:
    """Open `url`, let its scripts and htmx loads settle, and require the policy header and no violation."""
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    header = response.headers.get("content-security-policy", "")
    assert all(part in header for part in POLICY_PARTS), (url, header)
    page.wait_for_load_state("networkidle")
    assert csp_violations(page) == [], url


def hover(page, chart, fx: float, fy: float) -> None:
    """Move the mouse across a chart to the point (fx, fy) of its box, so that ECharts draws its tooltip."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, steps=8)
    page.wait_for_timeout(600)


@pytest.fixture
def world(transactional_db):
    w = es.make_world()
    es.draft(w, title="关于草稿阶段的建议")
    es.accepted(w, title="关于已受理待交办的建议")
    es.replied(w, title="关于已答复的建议")
    return w


@pytest.fixture
def console(page):
    """Console messages about the Content Security Policy (Chromium reports every refusal there too)."""
    seen: list[str] = []
    page.on(
        "console",
        lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return seen


def test_every_role_home_a_proposal_and_the_charts_run_under_the_policy(world, page, console):
    accounts = {
        "deputy": world.lead,
        "staff": world.staff,
        "unit_handler": world.handlers[0],
        "unit_leader": world.unit_leaders[0],
        "leader": world.leader,
        "station_keeper": world.keeper,
        "auditor": world.auditor,
        "admin": world.admin,
    }
    visit(page, "/")  # the public front page
    for role, user in accounts.items():
        page.context.clear_cookies()
        login(page, user.username, PASSWORD)
        visit(page, "/")
        expect(page.get_by_test_id("current-user"), role).to_be_visible()

    # the leader's home: both charts drawn, their tooltips shown
    page.context.clear_cookies()
    login(page, world.leader.username, PASSWORD)
    visit(page, "/")
    for chart in ("chart-delegation", "chart-occupation"):
        box = page.get_by_test_id(chart)
        expect(box.locator("canvas").first).to_be_visible()
        hover(page, box, 0.5, 0.3 if chart == "chart-delegation" else 0.5)
    assert csp_violations(page) == []
    visit(page, "/reports/proposals/")
    expect(page.get_by_test_id("chart-status").locator("canvas").first).to_be_visible()
    hover(page, page.get_by_test_id("chart-status"), 0.5, 0.5)
    assert csp_violations(page) == []

    # staff on an accepted proposal: the assign form's routing suggestion comes by htmx
    page.context.clear_cookies()
    login(page, world.staff.username, PASSWORD)
    accepted = world.extra.get("accepted") or es.Proposal.objects.get(title="关于已受理待交办的建议")
    visit(page, f"/proposals/{accepted.pk}/")
    assert_accessible(page)  # axe-core, loaded from the page's own origin, runs under the policy
    assert csp_violations(page) == []

    # the deputy's draft: Enter in the cosigner search asks htmx (data-enter-triggers), a ticked candidate
    # moves to the chosen list (data-move-when-checked)
    page.context.clear_cookies()
    login(page, world.lead.username, PASSWORD)
    draft = es.Proposal.objects.get(title="关于草稿阶段的建议")
    visit(page, f"/proposals/{draft.pk}/")
    search = page.get_by_test_id("deputy-search")
    if not search.is_visible():
        page.get_by_test_id("action-invite_cosigners").click()
    search.fill(world.cosigners[0][1].name)
    search.press("Enter")
    candidate = page.get_by_test_id("candidate").first
    expect(candidate).to_be_visible()
    candidate.check()
    expect(page.get_by_test_id("deputy-selected").get_by_test_id("candidate")).to_have_count(1)
    assert page.url.endswith(f"/proposals/{draft.pk}/")  # Enter did not submit the form
    assert csp_violations(page) == []

    # the language switch submits by itself (data-autosubmit)
    page.get_by_test_id("language-switch").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert csp_violations(page) == []
    assert console == []


def test_the_phone_ballot_and_the_projector_run_under_the_policy(browser, live_server, transactional_db):
    s = voting_setup.build(3, staff=user_with_role(Role.STAFF, username="csp-ballot-staff"))
    poll = voting_setup.open_motion(s, title="关于内容安全策略的决议")
    voter = s.users[0]
    voter.set_password(PASSWORD)
    voter.save(update_fields=["password"])
    seen: list[str] = []

    context, phone = _new_page(browser, live_server, PHONE)
    phone.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    login(phone, voter.username, PASSWORD)
    visit(phone, "/voting/my/")
    phone.get_by_test_id("vote-yes").first.click()
    expect(phone.get_by_test_id("vote-summary")).to_be_visible()
    assert csp_violations(phone) == []
    context.close()

    context, projector = _new_page(browser, live_server)
    projector.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    login(projector, s.staff.username, PASSWORD)
    visit(projector, f"/voting/{poll.pk}/screen/")
    expect(projector.get_by_test_id("screen-turnout")).to_be_visible()
    projector.wait_for_timeout(2500)  # two of its one-second htmx refreshes
    expect(projector.get_by_test_id("screen-turnout")).to_be_visible()
    assert csp_violations(projector) == []
    context.close()
    assert seen == []
