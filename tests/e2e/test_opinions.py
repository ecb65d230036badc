"""Issue 14's opinions journey in a real browser: a keeper records a citizen's opinion at a reception and
forwards it to a department, which replies; the keeper gives the feedback; the citizen checks the tracking
code on a phone and rates it. Another opinion becomes a deputy's suggestion, visible from both sides (the
opinion links to the suggestion; the suggestion's record names the opinion). axe-core on each page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.deputies.models import Deputy
from renda.opinions.models import Opinion
from renda.organization.models import LiaisonStation
from tests.e2e.conftest import _new_page, assert_accessible, login, open_action_form, submit_action_form
from tests.factories import PASSWORD, HandlingUnitFactory, user_with_role


def test_keeper_records_department_replies_citizen_rates_and_deputy_converts(
    page, phone_page, browser, live_server
):
    keeper = user_with_role(Role.STATION_KEEPER, username="e2e-op-keeper")
    station = LiaisonStation.objects.get(keeper=keeper)
    deputy_user = user_with_role(Role.DEPUTY, username="e2e-op-deputy")
    deputy = Deputy.objects.get(user=deputy_user)
    deputy.stations.add(station)
    unit = HandlingUnitFactory(name="市住建局")
    handler = user_with_role(Role.UNIT_HANDLER, username="e2e-op-handler", unit=unit)

    # the keeper records the opinion received at the station
    login(page, keeper.username, PASSWORD)
    page.goto("/opinions/")
    assert_accessible(page, "keeper's list")
    page.get_by_test_id("opinion-new").click()
    page.wait_for_url("**/opinions/new/")
    assert_accessible(page, "entry form")
    page.fill("input[name=title]", "老旧小区雨后积水")
    page.fill("textarea[name=content]", "每逢下雨小区门口积水过膝，老人出行困难。")
    page.fill("input[name=citizen_name]", "王小明")
    page.fill("input[name=citizen_phone]", "13912345678")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("opinion-status")).to_contain_text("已受理")
    expect(page.get_by_test_id("citizen")).to_contain_text("13912345678")
    code = page.get_by_test_id("opinion-code").inner_text()
    assert_accessible(page, "opinion page")
    open_action_form(page, "forward")
    page.select_option("select[name=forward-unit_id]", label="市住建局")
    page.fill("input[name=forward-days]", "15")
    submit_action_form(page, "forward")
    expect(page.get_by_test_id("opinion-status")).to_contain_text("部门办理中")
    expect(page.get_by_test_id("opinion-unit")).to_contain_text("市住建局")

    # the department replies
    context, unit_page = _new_page(browser, live_server)
    try:
        login(unit_page, handler.username, PASSWORD)
        unit_page.goto("/opinions/")
        unit_page.get_by_role("link", name="老旧小区雨后积水").click()
        unit_page.wait_for_url(re.compile(r"/opinions/\d+/$"))
        assert_accessible(unit_page, "unit's opinion page")
        open_action_form(unit_page, "reply")
        unit_page.fill("textarea[name=reply-text]", "已安排疏通排水管网，本月底前完成。")
        submit_action_form(unit_page, "reply")
        expect(unit_page.get_by_test_id("opinion-status")).to_contain_text("已答复")
    finally:
        context.close()

    # the keeper gives the feedback
    page.reload()
    open_action_form(page, "feedback")
    page.fill("textarea[name=feedback-text]", "已电话告知王小明，住建局本月底前疏通。")
    submit_action_form(page, "feedback")
    expect(page.get_by_test_id("opinion-status")).to_contain_text("已反馈")

    # the citizen checks the tracking code on a phone and rates it
    phone = phone_page
    phone.goto("/opinions/track/")
    phone.fill("input[name=code]", code.lower())
    phone.get_by_test_id("track-submit").click()
    expect(phone.get_by_test_id("track-status")).to_contain_text("已反馈")
    expect(phone.get_by_test_id("track-reply")).to_contain_text("疏通排水管网")
    expect(phone.locator("body")).not_to_contain_text("13912345678")
    assert_accessible(phone, "tracking page")
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_test_id("rate-submit").click()
    expect(phone.get_by_test_id("track-rating")).to_contain_text("满意")
    assert_accessible(phone, "tracking page, rated")
    assert Opinion.objects.get(code=code).rating.rating == "satisfied"

    # another opinion becomes the deputy's suggestion, visible from both sides
    phone.goto("/opinions/submit/")
    assert_accessible(phone, "online form")
    context, deputy_page = _new_page(browser, live_server)
    try:
        login(deputy_page, deputy_user.username, PASSWORD)
        deputy_page.goto("/opinions/new/")
        deputy_page.fill("input[name=title]", "建议增开社区公交微循环线路")
        deputy_page.fill("textarea[name=content]", "新建小区距地铁站三公里，没有公交。")
        deputy_page.get_by_test_id("submit").click()
        open_action_form(deputy_page, "convert")
        submit_action_form(deputy_page, "convert")
        expect(deputy_page.get_by_test_id("opinion-status")).to_contain_text("已转为代表建议")
        assert_accessible(deputy_page, "converted opinion")
        deputy_page.get_by_test_id("opinion-proposal").click()
        expect(deputy_page.get_by_test_id("timeline")).to_contain_text("由社情民意转为代表建议")
        expect(deputy_page.get_by_test_id("timeline")).to_contain_text("建议增开社区公交微循环线路")
        assert_accessible(deputy_page, "the suggestion")
    finally:
        context.close()
