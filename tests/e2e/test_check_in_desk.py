"""Browser tests of the session-day desk and the review queue's batch accept (issue 10): staff scan deputy
cards (a USB scanner types the number and Enter) and tick present deputies on the roll; staff tick items
of the review queue and accept them at once, each item's result listed — axe-core at 1280 and 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from renda.core.roles import Role
from renda.meetings import services as meeting_services
from renda.meetings.models import Attendance
from renda.proposals.models import Proposal
from renda.proposals.tests.engine_setup import make_world, submitted
from tests.e2e.conftest import PHONE, assert_accessible, login
from tests.factories import PASSWORD, DeputyFactory, SessionFactory, TermFactory, user_with_role

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}


def _context(browser, live_server, width):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=WIDTHS[width])
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_staff_scan_cards_and_check_in_ticked_deputies(browser, live_server, width):
    term = TermFactory()
    staff = user_with_role(Role.STAFF, username=f"e2e-desk-{width}")
    deputies = [DeputyFactory(delegation__term=term) for _ in range(4)]
    session = SessionFactory(term=term, title="第十六届人民代表大会第七次会议")
    meeting_services.session_open_check_in(actor=staff, session_id=session.pk)
    context, page = _context(browser, live_server, width)
    login(page, staff.username, PASSWORD)
    page.goto(f"/meetings/{session.pk}/")
    assert_accessible(page, f"session desk @{width}")

    box = page.get_by_test_id("scan-card")
    box.click()
    page.keyboard.type(deputies[0].card_number)  # what a scanner acting as a keyboard does
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("scan-message")).to_contain_text(f"{deputies[0].name} 签到成功")
    expect(box).to_have_value("")  # ready for the next card
    expect(box).to_be_focused()
    page.keyboard.type("99999999")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("scan-message")).to_have_attribute("data-ok", "0")
    expect(page.get_by_test_id("scan-message")).to_contain_text("99999999")
    assert_accessible(page, f"session desk after a scan @{width}")

    page.reload()
    for d in deputies[1:3]:
        page.get_by_test_id(f"batch-line-{d.pk}").check()
    expect(page.locator("[data-check-count=batch-check-in]")).to_have_text("2")
    page.get_by_test_id("batch-check-in").click()
    expect(page.locator(".alert-success")).to_contain_text("2人签到成功")
    statuses = dict(Attendance.objects.filter(session=session).values_list("deputy_id", "status"))
    assert [statuses[d.pk] for d in deputies] == ["present", "present", "present", "expected"]
    expect(page.get_by_test_id(f"batch-line-{deputies[3].pk}")).to_be_visible()  # still to come
    expect(page.get_by_test_id(f"batch-line-{deputies[1].pk}")).to_have_count(0)  # present: no box
    context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_staff_batch_accept_the_review_queue_and_read_each_result(browser, live_server, width):
    w = make_world(prefix=f"e2e{width[0]}")
    items = [submitted(w, title=f"关于批量受理第{i}件的建议") for i in range(3)]
    context, page = _context(browser, live_server, width)
    login(page, w.staff.username, PASSWORD)
    page.goto("/proposals/review/")
    assert_accessible(page, f"review queue @{width}")
    page.get_by_test_id("batch-all").check()
    expect(page.locator("[data-check-count=batch-accept]")).to_have_text("3")
    # meanwhile another clerk accepts one of them: it is reported, the others go through
    from renda.proposals import services

    services.proposal_review(actor=w.staff2, proposal_id=items[1].pk, decision="accept")
    page.get_by_test_id("batch-accept").click()
    expect(page.get_by_test_id("batch-summary")).to_contain_text("已受理 2 件，未受理 1 件")
    expect(page.locator(f"[data-testid=batch-result][data-pk='{items[1].pk}']")).to_have_attribute(
        "data-ok", "0"
    )
    assert_accessible(page, f"batch results @{width}")
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in items]).values_list("status", flat=True)) == {
        "accepted"
    }
    page.get_by_test_id("back-to-review").click()
    expect(page.get_by_test_id("empty")).to_be_visible()
    context.close()
