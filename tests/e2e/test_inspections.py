"""Issue 15's law-enforcement inspection (执法检查, 监督法 第三十四至三十九条) in a real browser: staff
organise the inspection of an enforcement item from its page, form the group (a leader from the standing
committee, an invited deputy), start, record a visit, make the report; the item then goes on a meeting's
agenda (its path to the body's report on rectification follows); the body inspected reads the report on a
phone. axe-core on every page, at 1280 px and 375 px."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from renda.supervision import services
from renda.supervision.models import Inspection, ItemKind, Plan
from renda.supervision.tests import scenario
from tests.e2e.conftest import (
    PHONE,
    _new_page,
    assert_accessible,
    login,
    open_action_form,
    submit_action_form,
)
from tests.factories import PASSWORD


def test_staff_run_an_inspection_and_its_report_goes_to_the_meeting(page, browser, live_server):
    w = scenario.world(prefix="e2e-in")
    plan = Plan.objects.filter(term=w.term).first() or scenario.plan(w)
    item = services.item_add(
        actor=w.staff, plan_id=plan.pk, kind=ItemKind.ENFORCEMENT, title="《大气污染防治法》实施情况",
        body_id=w.units[0].pk, planned_month=8,
    )  # fmt: skip
    leader = scenario.members(w, 1)[0][1]

    login(page, w.staff.username, PASSWORD)
    page.goto(f"/supervision/items/{item.pk}/")
    page.fill("input[name=law]", "中华人民共和国大气污染防治法")
    page.fill("textarea[name=articles]", "第十九条、第二十四条")
    assert_accessible(page, "enforcement item page")
    with page.expect_navigation():
        page.get_by_test_id("inspection-new").click()
    obj = Inspection.objects.get(item=item)
    page.wait_for_url(f"**/supervision/inspections/{obj.pk}/")
    for deputy, role in ((leader, "leader"), (w.lead_deputy, "deputy")):
        open_action_form(page, "add_member")
        page.select_option("select[name=add_member-deputy_id]", str(deputy.pk))
        page.select_option("select[name=add_member-role]", role)
        submit_action_form(page, "add_member")
    expect(page.get_by_test_id("inspection-group")).to_contain_text("组长")
    with page.expect_navigation():
        page.get_by_test_id("action-start").click()
    expect(page.get_by_test_id("inspection-status")).to_contain_text("检查中")
    open_action_form(page, "record_visit")
    page.fill("input[name=record_visit-place]", "江北化工园区")
    page.fill("input[name=record_visit-visited_on]", f"{timezone.localdate():%Y-%m-%d}")
    page.fill("textarea[name=record_visit-findings]", "两家企业自动监测数据缺失。")
    submit_action_form(page, "record_visit")
    open_action_form(page, "report")
    page.fill("textarea[name=report-text]", "一、法律实施总体情况良好。\n二、自动监测不到位。")
    assert_accessible(page, "inspection page")
    submit_action_form(page, "report")
    expect(page.get_by_test_id("inspection-status")).to_contain_text("已形成执法检查报告")

    # the report goes to a standing-committee meeting as the item's report
    page.goto(f"/supervision/items/{item.pk}/")
    open_action_form(page, "schedule")
    page.select_option("select[name=schedule-meeting_id]", str(w.extra["meeting"].pk))
    submit_action_form(page, "schedule")
    expect(page.get_by_test_id("item-status")).to_contain_text("已列入会议议程")

    # the body inspected reads the report on a phone
    context, phone = _new_page(browser, live_server, viewport=PHONE)
    try:
        login(phone, w.handlers[0].username, PASSWORD)
        phone.goto(f"/supervision/inspections/{obj.pk}/")
        expect(phone.get_by_test_id("inspection-report")).to_contain_text("自动监测不到位")
        expect(phone.get_by_test_id("inspection-visits")).to_contain_text("江北化工园区")
        assert_accessible(phone, "inspection page (phone)")
    finally:
        context.close()
