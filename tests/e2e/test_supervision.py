"""Issue 15's acceptance journey in a real browser, as far as built: staff record a member's deliberation
opinion, consolidate and send the opinions to the reporting body (due in two months); another report's
answer is overdue and flagged; the body's handler answers it on a phone and it stays flagged as late; the
committee comments, the answer is put on a standing-committee meeting, the members' rating is recorded, and
the council publishes it; the ranking of units is shown. axe-core on every page."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from renda.supervision import rules, services
from renda.supervision.tests import scenario
from tests.e2e.conftest import PHONE, _new_page, assert_accessible, login
from tests.factories import PASSWORD


def test_opinions_out_late_answer_flagged_put_on_meeting_rated(page, browser, live_server):
    w = scenario.world(prefix="e2e-sv")
    fresh = scenario.scheduled(w, title="全市公共交通发展工作")
    sent_on = timezone.localdate() - dt.timedelta(days=75)
    with time_machine.travel(dt.datetime.combine(sent_on, dt.time(10), tzinfo=dt.UTC), tick=False):
        late = scenario.consolidated(w, title="全市大气污染防治工作")
        late = services.item_send(actor=w.staff, item_id=late.pk)
    overdue_days = (timezone.localdate() - late.due_date).days
    assert overdue_days > 0

    # staff: a member's opinion, consolidated, sent to the body
    login(page, w.staff.username, PASSWORD)
    page.goto(f"/supervision/items/{fresh.pk}/")
    assert_accessible(page, "item page")
    page.get_by_test_id("action-record_opinion").click()
    page.select_option("select[name=record_opinion-source]", "group")
    page.fill("input[name=record_opinion-speaker]", "陈委员")
    page.fill("textarea[name=record_opinion-text]", "公交线网与轨道交通衔接不够，建议优化。")
    with page.expect_navigation():
        page.get_by_test_id("submit-record_opinion").click()
    expect(page.get_by_test_id("member-opinions")).to_contain_text("陈委员")
    page.get_by_test_id("action-consolidate").click()
    page.fill("textarea[name=consolidate-text]", "一、优化公交线网，加强与轨道交通衔接。")
    with page.expect_navigation():
        page.get_by_test_id("submit-consolidate").click()
    expect(page.get_by_test_id("item-status")).to_contain_text("审议意见已汇总")
    page.get_by_test_id("action-send").click()
    with page.expect_navigation():
        page.get_by_test_id("submit-send").click()
    expect(page.get_by_test_id("item-status")).to_contain_text("审议意见已交办")
    due = rules.answer_due(timezone.localdate())
    expect(page.get_by_test_id("item-due")).to_have_text(f"{due:%Y-%m-%d}")
    page.goto("/supervision/")
    expect(page.get_by_test_id("overdue-list")).to_contain_text("全市大气污染防治工作")
    assert_accessible(page, "supervision home")

    # the body answers on a phone, late: the flag stays
    context, phone = _new_page(browser, live_server, viewport=PHONE)
    try:
        login(phone, w.handlers[0].username, PASSWORD)
        phone.goto(f"/supervision/items/{late.pk}/")
        expect(phone.get_by_test_id("item-overdue")).to_contain_text(str(overdue_days))
        assert_accessible(phone, "body's item page (phone)")
        phone.get_by_test_id("action-answer").click()
        phone.fill("textarea[name=answer-text]", "已关停超标企业3家，新建监测站5个。")
        phone.fill("input[name=answer-signed_by]", "王局长")
        with phone.expect_navigation():
            phone.get_by_test_id("submit-answer").click()
        expect(phone.get_by_test_id("item-status")).to_contain_text("已书面报告研究处理情况")
        expect(phone.get_by_test_id("item-late")).to_contain_text(str(overdue_days))
    finally:
        context.close()

    # the committee comments; the answer goes before a meeting; the members rate it
    page.goto(f"/supervision/items/{late.pk}/")
    page.get_by_test_id("action-comment").click()
    page.fill("textarea[name=comment-text]", "整改措施具体，但报告逾期。")
    with page.expect_navigation():
        page.get_by_test_id("submit-comment").click()
    page.get_by_test_id("action-put_on_agenda").click()
    page.select_option("select[name=put_on_agenda-meeting_id]", str(w.extra["review_meeting"].pk))
    with page.expect_navigation():
        page.get_by_test_id("submit-put_on_agenda").click()
    expect(page.get_by_test_id("item-review-meeting")).to_contain_text("常务委员会第二十四次会议")
    page.get_by_test_id("action-rate").click()
    for name, value in (("members", "35"), ("satisfied", "12"), ("basic", "9"), ("unsatisfied", "6")):
        page.fill(f"input[name=rate-{name}]", value)
    with page.expect_navigation():
        page.get_by_test_id("submit-rate").click()
    expect(page.get_by_test_id("item-rating")).to_contain_text("满意")
    assert_accessible(page, "rated item")

    # the council publishes; the public sees it; the ranking page
    leader_ctx, leader = _new_page(browser, live_server)
    try:
        login(leader, w.leader.username, PASSWORD)
        leader.goto(f"/supervision/items/{late.pk}/")
        leader.on("dialog", lambda d: d.accept())
        with leader.expect_navigation():
            leader.get_by_test_id("action-publish").click()
        expect(leader.get_by_test_id("item-status")).to_contain_text("已公开")
        leader.goto("/supervision/ranking/")
        expect(leader.get_by_test_id("formula")).to_contain_text("得分 = 100 ×")
        assert_accessible(leader, "unit ranking")
    finally:
        leader_ctx.close()
    page.goto("/supervision/public/")
    expect(page.get_by_test_id("public-items")).to_contain_text("全市大气污染防治工作")
    assert_accessible(page, "public supervision page")
