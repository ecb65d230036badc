"""Issue 17's legislation journey in a real browser: a clerk registers a draft regulation, records its first
reading and publishes it for comment; a citizen on a phone comments on an article and gets a tracking code;
after the period the clerk answers and publishes the answers, which the citizen then sees; the revised draft
is saved and the article diff shows what moved; the second and third readings; the vote passes on more than
half of all members; the approval and filing deadlines appear. axe-core on each page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from renda.core.roles import Role
from renda.legislation.models import Comment, Version
from renda.legislation.samples import FIRST, SECOND
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD, user_with_role


def _submit(page, name: str) -> None:
    """Open an action's form is done by the caller; post it and wait for the page that follows."""
    with page.expect_navigation():
        page.get_by_test_id(f"submit-{name}").click()


def test_draft_through_comment_three_readings_vote_and_deadlines(page, phone_page):
    staff = user_with_role(Role.STAFF, username="e2e-lf-staff")
    login(page, staff.username, PASSWORD)

    # the clerk registers the draft
    page.goto("/legislation/")
    assert_accessible(page, "drafts list")
    page.get_by_test_id("draft-new").click()
    page.fill("input[name=title]", "江城市养犬管理条例")
    page.select_option("select[name=field]", "urban")
    page.fill("input[name=drafting_body]", "市公安局")
    page.fill("input[name=lead_committee]", "法制委员会")
    page.fill("textarea[name=text]", FIRST)
    page.fill("textarea[name=explanation]", "关于草案的说明")
    assert_accessible(page, "draft form")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("draft-status")).to_contain_text("起草中")
    draft_url = page.url

    # the first reading, then public comment for thirty days
    page.get_by_test_id("action-read").click()
    _submit(page, "read")
    expect(page.get_by_test_id("draft-status")).to_contain_text("审议中")
    page.get_by_test_id("action-open_comment").click()
    _submit(page, "open_comment")
    expect(page.get_by_test_id("deadline-comment")).to_be_visible()
    assert_accessible(page, "draft page")

    # a citizen comments on article 5 on a phone, without signing in
    phone = phone_page
    phone.goto("/legislation/public/")
    assert_accessible(phone, "public drafts")
    phone.get_by_role("link", name="江城市养犬管理条例（草案）").click()
    phone.get_by_test_id("comment-on-5").click()
    expect(phone.locator("select[name=article]")).to_have_value("5")
    assert_accessible(phone, "public draft with the comment form")
    phone.fill("textarea[name=text]", "三十日内办理登记太紧，建议幼犬满三个月后再办理。")
    phone.fill("input[name=phone]", "13912345678")
    with phone.expect_navigation():
        phone.get_by_test_id("comment-submit").click()
    code = phone.get_by_test_id("track-code").inner_text()
    expect(phone.get_by_test_id("track-pending")).to_be_visible()
    assert_accessible(phone, "tracking page")
    assert Comment.objects.get(code=code).article == 5

    # the period ends (its dates moved back: the journey cannot wait thirty days)
    today = timezone.localdate()
    Version.objects.filter(draft__title="江城市养犬管理条例").update(
        comment_opens_on=today - dt.timedelta(days=31), comment_closes_on=today - dt.timedelta(days=1)
    )

    # the clerk answers the comment and publishes the answers
    page.goto(draft_url)
    page.get_by_test_id("comments-link").click()
    expect(page.get_by_test_id("comment-table")).to_contain_text("13912345678")
    assert_accessible(page, "comments page")
    page.get_by_test_id("pick").check()
    page.select_option("select[name=answer]", "partly")
    page.fill("textarea[name=reason]", "增加了犬只满三个月后三十日内办理的情形。")
    with page.expect_navigation():
        page.get_by_test_id("answer-submit").click()
    expect(page.get_by_test_id("answer")).to_contain_text("部分采纳")
    page.goto(draft_url)
    with page.expect_navigation():
        page.get_by_test_id("action-publish_answers").click()

    # the citizen sees what became of the comment
    phone.reload()
    expect(phone.get_by_test_id("track-answer")).to_contain_text("部分采纳")
    phone.goto("/legislation/public/")
    phone.get_by_test_id("answered-draft").click()
    expect(phone.get_by_test_id("answers-5")).to_contain_text("犬只满三个月")
    expect(phone.locator("body")).not_to_contain_text("13912345678")
    assert_accessible(phone, "published answers")

    # the revised draft; the diff shows the added, renumbered, changed and moved
    page.get_by_test_id("action-revise").click()
    page.fill("input[name=revise-label]", "草案修改稿")
    page.fill("textarea[name=revise-text]", SECOND)
    page.select_option("select[name=revise-explanation_kind]", "revision")
    page.fill("textarea[name=revise-explanation]", "关于修改情况的汇报")
    _submit(page, "revise")
    page.get_by_test_id("diff-2").click()
    expect(page.get_by_test_id("diff-summary")).to_contain_text("新增 2 条")
    expect(page.get_by_test_id("moved-in")).to_contain_text("由第七条移入")
    expect(page.locator("ins.diff-ins").first).to_be_visible()
    assert_accessible(page, "article diff")

    # the second and third readings, then the vote
    page.goto(draft_url)
    for _ in range(2):
        page.get_by_test_id("action-read").click()
        _submit(page, "read")
    expect(page.get_by_test_id("readings")).to_contain_text("第 3 次审议")
    page.get_by_test_id("action-vote").click()
    page.fill("input[name=vote-members_total]", "35")
    page.fill("input[name=vote-yes]", "30")
    page.fill("input[name=vote-no]", "1")
    page.fill("input[name=vote-abstain]", "2")
    _submit(page, "vote")
    expect(page.get_by_test_id("draft-status")).to_contain_text("已表决通过")
    expect(page.get_by_test_id("vote-result")).to_contain_text("通过需 18 票")

    # submitted for approval: the four-month deadline; published: the thirty-day filing deadline
    page.get_by_test_id("action-submit").click()
    _submit(page, "submit")
    expect(page.get_by_test_id("deadline-approval-due")).to_be_visible()
    page.get_by_test_id("action-approve").click()
    _submit(page, "approve")
    page.get_by_test_id("action-publish").click()
    page.fill("input[name=publish-announcement_no]", "第12号")
    page.fill("input[name=publish-effective_on]", (today + dt.timedelta(days=60)).isoformat())
    _submit(page, "publish")
    expect(page.get_by_test_id("draft-status")).to_contain_text("已公布")
    expect(page.get_by_test_id("deadline-filing-due")).to_be_visible()
    assert_accessible(page, "published draft with its deadlines")
