"""A citizen, without signing in, opens the published supervision from the front page's "公开与参与" links
and reads a published special inquiry: its summary and each question with who answered and the answer's gist
(issue 15, 监督法 第二十条). axe-core on each page, at 1280 px and on a 375 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from renda.supervision.services import inquiries as svc
from renda.supervision.tests import scenario
from renda.supervision.tests.test_inquiries import asked
from tests.e2e.conftest import PHONE, assert_accessible


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_a_citizen_reads_a_published_inquiry_from_the_front_page(page, live_server, viewport):
    w = scenario.world(prefix="e2e-pub")
    hidden = asked(w, title="未公开的询问")
    svc.inquiry_send_list(actor=w.staff, inquiry_id=hidden.pk)
    shown = asked(w, title="已公开的询问")
    svc.inquiry_send_list(actor=w.staff, inquiry_id=shown.pk)
    svc.inquiry_publish(actor=w.leader, inquiry_id=shown.pk, summary="联组会议专题询问，市民政局局长应询。")

    page.set_viewport_size(viewport)
    page.goto("/")
    expect(page.get_by_test_id("front-open")).to_be_visible()
    assert_accessible(page, "front page with the public links")
    with page.expect_navigation():
        page.get_by_test_id("front-supervision").click()
    expect(page.get_by_test_id("public-inquiry")).to_have_count(1)  # the unpublished one is not there
    inquiry = page.get_by_test_id("public-inquiry")
    expect(inquiry.get_by_test_id("inquiry-summary")).to_have_text("联组会议专题询问，市民政局局长应询。")
    inquiry.locator("summary").click()
    expect(inquiry.locator("dt").first).to_contain_text("社区养老服务设施配建为何滞后？")
    expect(inquiry.locator("dd").first).to_contain_text("市民政局局长 王某")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
    assert_accessible(page, "public supervision page with an inquiry")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_a_citizen_reads_a_published_investigation_from_the_front_page(page, live_server, viewport):
    """The report, the committee and the standing committee's resolution with its vote (监督法 第五十九条);
    never an investigation still under way, never its evidence."""
    from renda.supervision.tests.test_investigation_public import _published

    w = scenario.world(prefix="e2e-pubinv")
    _published(w, "全市地下管网建设资金使用问题")
    scenario.inv_investigating(w, title="尚在调查的问题")

    page.set_viewport_size(viewport)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_test_id("front-supervision").click()
    expect(page.get_by_test_id("public-investigation")).to_have_count(1)
    investigation = page.get_by_test_id("public-investigation")
    expect(investigation).to_contain_text("全市地下管网建设资金使用问题")
    expect(investigation.get_by_test_id("public-resolution")).to_contain_text("责成市政府三个月内整改。")
    expect(investigation.get_by_test_id("public-resolution")).to_contain_text("赞成 9")
    investigation.locator("summary").click()
    expect(investigation.get_by_test_id("public-report")).to_contain_text("资金挪用情况属实")
    expect(page.get_by_text("尚在调查的问题")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page, "public supervision page with an investigation")
