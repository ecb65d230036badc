"""Issue 13's main flow in a real browser: a citizen proposes a livelihood project on a phone (no sign-in)
and follows it by tracking code; staff screen it and shortlist it (owner unit, budget, timeline) through the
project's action menu; staff record the session's vote for all candidates; the citizen's tracking page and
the public page show the project selected, ranked first."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.livelihood import services
from renda.livelihood.models import Project
from renda.livelihood.tests import scenario
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD, HandlingUnitFactory, user_with_role


def test_propose_track_screen_shortlist_vote_public(page, phone_page):
    staff = user_with_role(Role.STAFF, username="e2e-lv-staff")
    unit = HandlingUnitFactory(name="市民政局")
    scenario.year(staff, places=1, candidates=4)
    others = [scenario.shortlisted(staff, unit, t) for t in ("城区公交线网优化", "背街小巷整治")]

    phone = phone_page
    phone.goto("/livelihood/propose/")
    assert_accessible(phone, "propose form")
    phone.fill("input[name=title]", "社区老年食堂")
    phone.fill("textarea[name=description]", "老人吃饭难，建议每个社区设助餐点。")
    phone.fill("input[name=proposer_name]", "李四")
    phone.fill("input[name=proposer_phone]", "13900001111")
    phone.get_by_test_id("submit").click()
    expect(phone.get_by_test_id("track-status")).to_contain_text("已征集")
    code = phone.get_by_test_id("track-code").inner_text()
    expect(phone.locator("body")).not_to_contain_text("13900001111")
    assert_accessible(phone, "tracking page")
    project = Project.objects.get(code=code)

    login(page, staff.username, PASSWORD)
    page.goto(f"/livelihood/{project.pk}/")
    expect(page.get_by_test_id("proposer")).to_contain_text("13900001111")  # staff see the proposer
    assert_accessible(page, "project page")
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
    expect(page.get_by_test_id("vote-blocked")).to_contain_text("主任会议")  # the review comes first
    scenario.reviewed(staff)
    page.goto("/livelihood/?year=2027")
    page.get_by_test_id("vote-entry").click()
    page.wait_for_url("**/vote/")
    assert_accessible(page, "vote entry")
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
    assert_accessible(phone, "public page")


def _phone(browser, live_server):
    from tests.e2e.conftest import PHONE, _new_page

    return _new_page(browser, live_server, viewport=PHONE)


def _mark_on_phone(browser, live_server, user, marks: dict[str, str], *, expect_counts: str) -> None:
    """One deputy on a 375 px phone: signs in, marks the one ballot (marks: project key → mark; the others
    stay 弃权), reviews it (every project listed) and casts it."""
    context, phone = _phone(browser, live_server)
    try:
        login(phone, user.username, PASSWORD)
        phone.goto("/voting/my/")
        card = phone.get_by_test_id("my-poll")
        options = card.get_by_test_id("ballot-option")
        n = options.count()
        assert n >= 10
        poll = card.get_attribute("data-poll")
        for key, mark in marks.items():
            phone.locator(f"label[for='o{poll}-{key}-{mark}']").click()
        assert_accessible(phone, "the phone ballot")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
        phone.get_by_test_id("vote-submit").click()
        expect(phone.get_by_test_id("review-item")).to_have_count(n)
        expect(phone.get_by_test_id("vote-counts")).to_contain_text(expect_counts)
        assert_accessible(phone, "the ballot's review")
        phone.get_by_test_id("vote-confirm").click()
        expect(phone.get_by_test_id("voted")).to_be_visible()
        assert_accessible(phone, "voted")
    finally:
        context.close()


def test_deputies_vote_fifteen_projects_on_phones_then_evaluate(browser, live_server, page):
    """Issue 13: the session's vote of 15 candidates for 10 places on three deputies' phones — one ballot, a
    review step — closed by staff: the rules rank and select; then the year-end evaluation by secret vote
    grades each project (满意 / 基本满意 / 不满意, re-reported), and the public page shows it all."""
    from renda.voting.tests.engine_setup import build

    s = build(3)
    for u in [s.staff, *s.users]:
        u.set_password(PASSWORD)
        u.save()
    services.year_save(actor=s.staff, year=scenario.YEAR, places=10, candidates=15)
    unit = HandlingUnitFactory(name="市住建局")
    projects = [scenario.shortlisted(s.staff, unit, f"民生项目{k + 1:02d}") for k in range(15)]
    scenario.reviewed(s.staff, projects[0].year_id)
    keys = [str(p.pk) for p in projects]

    login(page, s.staff.username, PASSWORD)
    page.goto(f"/livelihood/?year={scenario.YEAR}")
    assert_accessible(page, "project list")
    page.get_by_test_id("vote-console").click()
    page.select_option("select[name=item_id]", value=str(s.item.pk))
    assert_accessible(page, "vote console")
    page.get_by_test_id("poll-open").click()
    expect(page.get_by_test_id("poll-current")).to_be_visible()
    assert_accessible(page, "vote console, open")

    # deputy 0: 赞成 the first 12; deputies 1 and 2: the first 10 (the others stay 弃权)
    _mark_on_phone(browser, live_server, s.users[0], {k: "yes" for k in keys[:12]}, expect_counts="赞成 12")
    for user in s.users[1:]:
        _mark_on_phone(browser, live_server, user, {k: "yes" for k in keys[:10]}, expect_counts="赞成 10")
    page.reload()
    expect(page.get_by_test_id("poll-turnout")).to_have_text("3")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("poll-close").click()
    expect(page.locator("#messages")).to_contain_text("已结束并计票")
    selected = Project.objects.filter(status="selected").order_by("rank", "pk")
    assert {p.pk for p in selected} == {p.pk for p in projects[:10]}  # 3 of 3 each; 11, 12: 1 of 3
    # the ten have equal votes (3 of 3): tied, one rank — never ordered by their ids
    assert list(selected.values_list("rank", flat=True)) == [1] * 10
    assert set(
        Project.objects.filter(pk__in=[p.pk for p in projects[10:]]).values_list("status", flat=True)
    ) == {"not_selected"}

    # the year-end evaluation, by the same engine: ranks 1–5 满意, 6–9 基本满意, 10 不满意 (re-reported)
    page.goto(f"/livelihood/?year={scenario.YEAR}")
    page.get_by_test_id("evaluation-console").click()
    page.select_option("select[name=item_id]", value=str(s.item.pk))
    page.get_by_test_id("poll-open").click()
    expect(page.get_by_test_id("poll-current")).to_be_visible()
    assert_accessible(page, "evaluation console")
    top = [str(pk) for pk in selected.values_list("pk", flat=True)]  # by rank

    def evaluation(rank_mark) -> dict[str, str]:
        return {k: rank_mark(r) for r, k in enumerate(top, start=1)}

    _mark_on_phone(
        browser, live_server, s.users[0], evaluation(lambda r: "satisfied"), expect_counts="满意 10"
    )
    _mark_on_phone(
        browser, live_server, s.users[1],
        evaluation(lambda r: "satisfied" if r <= 5 else "basic" if r <= 9 else "unsatisfied"),
        expect_counts="满意 5",
    )  # fmt: skip
    _mark_on_phone(
        browser, live_server, s.users[2], evaluation(lambda r: "unsatisfied" if r == 10 else "basic"),
        expect_counts="基本满意 9",
    )  # fmt: skip
    page.reload()
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("poll-close").click()
    expect(page.locator("#messages")).to_contain_text("已结束并计票")
    grades = dict(Project.objects.filter(pk__in=top).values_list("pk", "grade"))  # by place in `top`
    expected = ["satisfied"] * 5 + ["basic"] * 4 + ["unsatisfied"]
    assert [grades[int(k)] for k in top] == expected
    page.goto(f"/livelihood/{top[9]}/")
    expect(page.get_by_test_id("rereport")).to_be_visible()
    assert_accessible(page, "project page")

    context, phone = _phone(browser, live_server)
    try:
        phone.goto(f"/livelihood/public/?year={scenario.YEAR}")
        first = phone.get_by_test_id("public-project").first
        expect(first.get_by_test_id("public-rank")).to_have_text("1")
        expect(first.get_by_test_id("public-grade")).to_have_text("满意")
        expect(phone.get_by_test_id("public-rereport")).to_have_count(1)
        expect(phone.get_by_test_id("public-grade")).to_have_count(10)
        assert_accessible(phone, "public page")
    finally:
        context.close()


def test_milestone_and_photo_report_reach_the_public_page(page, phone_page, tmp_path):
    """The owner unit sets a milestone, reports progress with a photo taken on a phone (GPS in its EXIF);
    the milestone past its date is flagged lagging; the public page shows the photo, without the position."""
    import datetime as dt
    import io

    from django.utils import timezone
    from PIL import Image

    from renda.livelihood.models import ProgressPhoto

    staff = user_with_role(Role.STAFF, username="e2e-lv-impl-staff")
    unit = HandlingUnitFactory(name="市城管局")
    owner = user_with_role(Role.UNIT_HANDLER, username="e2e-lv-owner", unit=unit)
    scenario.year(staff)
    project = scenario.in_state(staff, unit, "selected")

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 3.0)}
    photo = tmp_path / "site.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 140, 200)).save(buf, "JPEG", exif=exif)
    photo.write_bytes(buf.getvalue())
    fake = tmp_path / "notes.jpg"
    fake.write_text("<html><body>not a photo</body></html>")

    login(page, owner.username, PASSWORD)
    page.goto(f"/livelihood/{project.pk}/")
    page.get_by_test_id("action-plan").click()
    page.fill("input[name=plan-title]", "完成施工招标")
    page.fill("input[name=plan-planned]", (timezone.localdate() - dt.timedelta(days=5)).isoformat())
    page.get_by_test_id("submit-plan").click()
    expect(page.get_by_test_id("milestone-lagging")).to_contain_text("5")
    assert_accessible(page, "project page with milestones")

    page.get_by_test_id("action-report").click()
    page.fill("textarea[name=report-text]", "主体工程已开工")
    page.fill("input[name=report-percent]", "30")
    page.set_input_files("input[name=report-photos_in]", str(fake))
    page.get_by_test_id("submit-report").click()
    expect(page.locator("body")).to_contain_text("JPEG 或 PNG")  # refused, with a clear message
    assert not ProgressPhoto.objects.exists()
    page.fill("textarea[name=report-text]", "主体工程已开工")
    page.fill("input[name=report-percent]", "30")
    page.set_input_files("input[name=report-photos_in]", str(photo))
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("reports").get_by_test_id("photo-thumb")).to_have_count(1)
    assert_accessible(page, "project page with a photo")

    phone = phone_page
    phone.goto("/livelihood/public/")
    card = phone.get_by_test_id("public-project").filter(has_text=project.title)
    expect(card.get_by_test_id("public-lagging")).to_be_visible()
    thumb = card.get_by_test_id("photo-thumb")
    expect(thumb).to_have_count(1)
    thumb.scroll_into_view_if_needed()  # as a reader scrolls to it; then it loads: the thumbnail is served
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    full = phone.request.get(card.get_by_test_id("photos").locator("a").first.get_attribute("href"))
    assert full.ok and not Image.open(io.BytesIO(full.body())).getexif()  # no GPS on the public page
    assert_accessible(phone, "public page with photos")
