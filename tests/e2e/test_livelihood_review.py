"""Issue 13 in a real browser, before the vote: staff find a duplicate proposal among the similar ones and
merge it (the citizen's tracking page on a phone names the proposal it joined); staff record the council's
review of the shortlist and a delegation's notes, reached by clicking, at 1280 and 375 px; axe on each
page."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.insight import services as insight
from renda.livelihood.models import DelegationNote, Project, ShortlistReview
from renda.livelihood.tests import scenario
from tests.e2e.conftest import PHONE, assert_accessible, login, open_action_form, submit_action_form
from tests.factories import PASSWORD, DelegationFactory, HandlingUnitFactory, user_with_role

LIFT = "老旧小区加装电梯，方便老人上下楼"


def test_merge_a_duplicate_then_review_and_delegation_notes(page, phone_page):
    insight.index_reset()
    staff = user_with_role(Role.STAFF, username="e2e-lv-rev-staff")
    unit = HandlingUnitFactory(name="市住建局")
    scenario.year(staff)
    first = scenario.collect("老旧小区加装电梯", description=LIFT)
    duplicate = scenario.collect("老旧小区电梯加装", description=LIFT + "。")
    candidates = [scenario.shortlisted(staff, unit, f"候选项目{i}") for i in range(3)]
    delegation = DelegationFactory(name="城东区代表团")

    login(page, staff.username, PASSWORD)
    page.goto(f"/livelihood/?year={scenario.YEAR}")
    page.get_by_test_id("project-row").filter(has_text=duplicate.title).get_by_role("link").first.click()
    expect(page.get_by_test_id("similar-item").first).to_contain_text(first.code)
    assert_accessible(page, "project page with similar proposals")
    open_action_form(page, "merge")
    page.select_option("select[name=merge-into_id]", value=str(first.pk))
    page.fill("input[name=merge-note]", "内容相同，合并办理")
    submit_action_form(page, "merge")
    expect(page.get_by_test_id("project-status")).to_contain_text("已合并")
    expect(page.get_by_test_id("merged-into")).to_contain_text(first.code)

    phone_page.goto(f"/livelihood/track/?code={duplicate.code}")
    expect(phone_page.get_by_test_id("track-merged")).to_contain_text(first.code)
    assert_accessible(phone_page, "tracking page of a merged proposal")

    for width in (1280, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/livelihood/?year={scenario.YEAR}")
        page.get_by_test_id("go-review").click()
        expect(page.get_by_test_id("review-candidates").locator("li")).to_have_count(3)
        assert_accessible(page, f"review page at {width}")
    page.select_option("select[name=body]", value="council")
    page.fill("input[name=meeting_date]", "2999-01-01")  # the future: refused, with the field named
    page.select_option("select[name=outcome]", value="agreed")
    page.get_by_test_id("submit-review").click()
    expect(page.locator("body")).to_contain_text("会议日期不能晚于今天")
    assert not ShortlistReview.objects.exists()
    page.fill("input[name=meeting_date]", "2026-12-01")
    page.get_by_test_id("submit-review").click()
    expect(page.get_by_test_id("review-row")).to_have_count(1)
    assert_accessible(page, "review page with a review")

    page.goto(f"/livelihood/{candidates[0].pk}/")
    page.get_by_test_id("action-discuss").click()
    page.select_option("select[name=discuss-delegation_id]", value=str(delegation.pk))
    page.fill("textarea[name=discuss-text]", "建议优先安排老旧小区集中的街道")
    page.get_by_test_id("submit-discuss").click()
    expect(page.get_by_test_id("delegation-note")).to_contain_text("城东区代表团")
    assert_accessible(page, "candidate with a delegation's notes (phone width)")
    assert DelegationNote.objects.filter(project=candidates[0]).count() == 1
    assert Project.objects.get(pk=duplicate.pk).merged_into_id == first.pk
