"""Issue 17: the clerk answers alike public comments once. Comments on one article, paraphrasing two asks,
are shown in two clusters; the clerk answers the larger cluster with one form and every comment in it is
answered. axe-core on the clusters page."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.legislation import services
from renda.legislation.models import Comment
from renda.legislation.tests import scenario
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD, user_with_role

TWO_YEARS = [
    "登记证有效期一年太短，建议延长为两年。",
    "建议将犬只登记证的有效期改为两年。",
    "作为养犬人，每年都要延续登记太麻烦了，登记证有效期一年太短，建议延长为两年。",
]
LEASH = ["遛狗必须牵绳，建议写明牵引绳长度不超过一米五。", "建议规定牵引绳长度，不超过1.5米。"]


def test_the_clerk_answers_a_cluster_once(page):
    staff = user_with_role(Role.STAFF, username="e2e-lk-staff")
    w = scenario.World(staff, {"staff": staff})
    draft = scenario.draft(w)
    services.draft_open_comment(actor=staff, draft_id=draft.pk)
    version = draft.versions.get()
    for text in TWO_YEARS + LEASH:
        services.comment_submit(version_id=version.pk, article=7, text=text)
    login(page, staff.username, PASSWORD)

    page.goto(f"/legislation/{draft.pk}/comments/")
    page.get_by_test_id("clusters-link").click()
    page.wait_for_url("**/comments/clusters/**")
    clusters = page.get_by_test_id("cluster")
    expect(clusters).to_have_count(2)
    expect(clusters.nth(0).get_by_test_id("cluster-size")).to_contain_text("3")
    assert_accessible(page, "comment clusters")
    first = clusters.nth(0)
    first.locator("select[name=answer]").select_option("partly")
    first.locator("textarea[name=reason]").fill("有效期调整为两年，延续手续另行简化。")
    with page.expect_navigation():
        first.get_by_test_id("cluster-submit").click()
    expect(page.get_by_test_id("cluster-answer")).to_have_count(1)
    answered = Comment.objects.exclude(answer="")
    assert sorted(answered.values_list("text", flat=True)) == sorted(TWO_YEARS)
    assert set(answered.values_list("answer", flat=True)) == {"partly"}
    assert_accessible(page, "comment clusters after the answer")
