"""Issue 13's main flow in a real browser: a citizen proposes a livelihood project on a phone (no sign-in)
and follows it by tracking code; staff screen it and shortlist it (owner unit, budget, timeline) through the
project's action menu; staff record the session's vote for all candidates; the citizen's tracking page and
the public page show the project selected, ranked first."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.livelihood.models import Project
from renda.livelihood.tests import scenario
from tests.e2e.conftest import login
from tests.factories import PASSWORD, HandlingUnitFactory, user_with_role


def test_propose_track_screen_shortlist_vote_public(page, phone_page):
    staff = user_with_role(Role.STAFF, username="e2e-lv-staff")
    unit = HandlingUnitFactory(name="市民政局")
    scenario.year(staff, places=1, candidates=4)
    others = [scenario.shortlisted(staff, unit, t) for t in ("城区公交线网优化", "背街小巷整治")]

    phone = phone_page
    phone.goto("/livelihood/propose/")
    phone.fill("input[name=title]", "社区老年食堂")
    phone.fill("textarea[name=description]", "老人吃饭难，建议每个社区设助餐点。")
    phone.fill("input[name=proposer_name]", "李四")
    phone.fill("input[name=proposer_phone]", "13900001111")
    phone.get_by_test_id("submit").click()
    expect(phone.get_by_test_id("track-status")).to_contain_text("已征集")
    code = phone.get_by_test_id("track-code").inner_text()
    expect(phone.locator("body")).not_to_contain_text("13900001111")
    project = Project.objects.get(code=code)

    login(page, staff.username, PASSWORD)
    page.goto(f"/livelihood/{project.pk}/")
    expect(page.get_by_test_id("proposer")).to_contain_text("13900001111")  # staff see the proposer
    expect(page.get_by_test_id("action-shortlist")).to_have_count(0)  # not screened yet
    page.get_by_test_id("action-accept").click()
    page.get_by_test_id("submit-accept").click()
    expect(page.get_by_test_id("project-status")).to_contain_text("通过初筛")
    page.get_by_test_id("action-shortlist").click()
    page.select_option("select[name=shortlist-owner_unit_id]", label="市民政局")
    page.fill("input[name=shortlist-budget]", "1500")
    page.fill("textarea[name=shortlist-scope]", "新建社区老年食堂 60 个")
    page.fill("input[name=shortlist-start_date]", "2027-02-01")
    page.fill("input[name=shortlist-end_date]", "2027-12-15")
    page.get_by_test_id("submit-shortlist").click()
    expect(page.get_by_test_id("project-status")).to_contain_text("候选项目")
    expect(page.get_by_test_id("owner-unit")).to_contain_text("市民政局")

    page.goto("/livelihood/?year=2027")
    page.get_by_test_id("vote-entry").click()
    page.fill("input[name=total_entitled]", "10")
    for p, yes in ((project, 8), (others[0], 6), (others[1], 3)):
        page.fill(f"input[name=yes_{p.pk}]", str(yes))
        page.fill(f"input[name=no_{p.pk}]", str(10 - yes))
        page.fill(f"input[name=abstain_{p.pk}]", "0")
    page.get_by_test_id("vote-submit").click()
    expect(page.locator("#messages")).to_contain_text("第 1 轮")
    assert Project.objects.get(pk=project.pk).rank == 1

    phone.goto(f"/livelihood/track/?code={code.lower()}")
    expect(phone.get_by_test_id("track-status")).to_contain_text("票决入选")
    phone.goto("/livelihood/public/")
    first = phone.get_by_test_id("public-project").first
    expect(first).to_contain_text("社区老年食堂")
    expect(first.get_by_test_id("public-rank")).to_have_text("1")
    expect(phone.locator("body")).not_to_contain_text("李四")
