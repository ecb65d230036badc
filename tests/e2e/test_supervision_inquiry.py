"""Issue 15's special inquiry (专题询问, 监督法 第六章) in a real browser: staff open the inquiry of an
item on a meeting's agenda, record a member's question and the official's answer, list a problem (a blank
one is refused with the field named), send the problem list — the item's opinions go to the body with their
due date — and the council publishes the summary; the body's handler then sees the inquiry and the item.
axe-core on every page."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.supervision import rules
from renda.supervision.models import Inquiry, Item
from renda.supervision.tests import scenario
from renda.supervision.tests.test_inquiries import inquiry_item
from tests.e2e.conftest import assert_accessible, login, open_action_form, submit_action_form
from tests.factories import PASSWORD


def test_staff_hold_a_special_inquiry_and_send_the_problem_list(page, live_server):
    w = scenario.world(prefix="e2e-iq")
    item = inquiry_item(w)
    member = scenario.members(w, 1)[0][1]

    login(page, w.staff.username, PASSWORD)
    page.goto(f"/supervision/items/{item.pk}/")
    assert_accessible(page, "item page with the inquiry form")
    page.fill("input[name=topic]", "养老服务体系建设")
    page.select_option("select[name=form]", "joint")
    page.fill("input[name=held_on]", f"{w.extra['meeting'].start_date:%Y-%m-%d}")
    page.get_by_test_id("inquiry-new").click()
    page.wait_for_url("**/supervision/inquiries/*/")
    obj = Inquiry.objects.get(item=item)
    expect(page.get_by_test_id("inquiry-status")).to_contain_text("询问中")
    assert_accessible(page, "inquiry page")

    open_action_form(page, "ask")
    page.select_option("select[name=ask-asker_id]", str(member.pk))
    page.select_option("select[name=ask-body_id]", str(item.body_id))
    page.fill("textarea[name=ask-question]", "社区养老设施配建为何滞后？")
    page.fill("input[name=ask-answered_by]", "市民政局局长")
    page.fill("textarea[name=ask-answer]", "两年内补齐。")
    submit_action_form(page, "ask")
    expect(page.get_by_test_id("inquiry-questions")).to_contain_text("市民政局局长")

    open_action_form(page, "add_problem")
    page.fill("textarea[name=add_problem-text]", "   ")
    submit_action_form(page, "add_problem")
    expect(page.get_by_test_id("error-text")).to_contain_text("问题：")
    assert not obj.problems.exists()
    assert_accessible(page, "inquiry page with an error")
    page.fill("textarea[name=add_problem-text]", "社区养老设施配建滞后")
    submit_action_form(page, "add_problem")
    expect(page.get_by_test_id("inquiry-problems")).to_contain_text("社区养老设施配建滞后")

    open_action_form(page, "send_list")
    submit_action_form(page, "send_list")
    expect(page.get_by_test_id("inquiry-status")).to_contain_text("问题清单已交办")
    item = Item.objects.get(pk=item.pk)
    assert item.status == "sent" and "1. 社区养老设施配建滞后" in item.opinions_text
    expect(page.get_by_test_id("inquiry-due")).to_have_text(f"{rules.answer_due(item.sent_on):%Y-%m-%d}")

    open_action_form(page, "publish")
    page.fill("textarea[name=publish-summary]", "联组会议专题询问，1位委员提问，市民政局局长应询。")
    submit_action_form(page, "publish")
    expect(page.get_by_test_id("inquiry-summary")).to_contain_text("联组会议专题询问")
    assert_accessible(page, "published inquiry")

    # the body's handler sees the inquiry and answers along the item's path
    page.context.clear_cookies()
    login(page, w.handlers[0].username, PASSWORD)
    page.goto(f"/supervision/inquiries/{obj.pk}/")
    expect(page.get_by_test_id("inquiry-problems")).to_contain_text("社区养老设施配建滞后")
    assert_accessible(page, "inquiry page (body)")
    page.goto(f"/supervision/items/{item.pk}/")
    expect(page.get_by_test_id("action-answer")).to_be_visible()
