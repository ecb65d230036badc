"""Issue 17's decisions journey in a real browser: a clerk registers a major matter the city government
submits, drafts the decision, puts it on the standing committee's meeting under way, opens the vote; the
members vote (their own ballots, through the voting engine); the clerk closes the vote — passed on more than
half of ALL members — publishes it with its number; the implementation report's due date shows; a citizen on
a phone finds the decision on the public list. axe-core on each page."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.decisions.models import Matter
from renda.decisions.tests import scenario
from renda.voting.tests import engine_setup
from tests.e2e.conftest import assert_accessible, login, open_action_form, submit_action_form
from tests.factories import PASSWORD, user_with_role


def test_a_major_matter_from_submission_to_the_public_list(page, phone_page):
    staff = user_with_role(Role.STAFF, username="e2e-dm-staff")
    meeting = engine_setup.build(15, present=13, kind="standing_committee", staff=staff, prefix="常委")
    login(page, staff.username, PASSWORD)

    page.goto("/decisions/")
    assert_accessible(page, "matters list")
    page.get_by_test_id("matter-new").click()
    page.wait_for_url("**/decisions/new/")
    page.fill("input[name=title]", "关于江城市城市轨道交通第二期建设规划的议案")
    page.select_option("select[name=submitter]", "government")
    page.fill("textarea[name=report]", "市人民政府提请审议江城市城市轨道交通第二期建设规划。")
    assert_accessible(page, "matter form")
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("matter-status")).to_contain_text("已提请")
    matter_url = page.url

    # the draft decision, then the agenda of the meeting under way
    open_action_form(page, "edit")
    page.fill("input[name=edit-decision_title]", scenario.TITLE)
    page.fill("textarea[name=edit-decision_text]", scenario.TEXT)
    submit_action_form(page, "edit")
    expect(page.get_by_test_id("decision-text")).to_contain_text("会议决定")
    open_action_form(page, "schedule")
    page.select_option("select[name=schedule-session_id]", str(meeting.session.pk))
    submit_action_form(page, "schedule")
    expect(page.get_by_test_id("agenda")).to_contain_text("审议")
    assert_accessible(page, "matter on the agenda")

    # the vote: opened by the clerk, cast by the members present (13 of 15; 9 yes), closed by the clerk
    open_action_form(page, "open_vote")
    submit_action_form(page, "open_vote")
    expect(page.get_by_test_id("matter-status")).to_contain_text("表决中")
    poll_id = Matter.objects.get().poll_id
    scenario.vote(meeting, poll_id, yes=9, no=3, abstain=1)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_test_id("action-close_vote").click()
    expect(page.get_by_test_id("matter-status")).to_contain_text("已通过")
    expect(page.get_by_test_id("vote-result")).to_contain_text("通过需 8 票")

    # published with its number; the implementation report falls due
    open_action_form(page, "publish")
    expect(page.locator("input[name=publish-number]")).to_have_value(
        "江人常决〔2026〕1号".replace("2026", str(Matter.objects.get().decided_on.year))
    )
    submit_action_form(page, "publish")
    expect(page.get_by_test_id("matter-status")).to_contain_text("已公布")
    expect(page.get_by_test_id("followup-due")).to_be_visible()
    assert_accessible(page, "published matter")
    assert page.url == matter_url

    # a citizen on a phone, without signing in
    phone = phone_page
    phone.goto("/decisions/public/")
    assert_accessible(phone, "public decisions")
    phone.get_by_role("link", name=scenario.TITLE).click()
    phone.wait_for_url("**/decisions/public/*/")
    expect(phone.get_by_test_id("public-text")).to_contain_text("会议决定，批准")
    assert_accessible(phone, "public decision")
