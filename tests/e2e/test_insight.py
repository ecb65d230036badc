"""Issue 5's acceptance in a real browser: staff see the routing proposal for an item (trained on a small
synthetic history) in the assign form, accept it — the lead unit field gets the proposed unit, the
proposed category becomes the item's category — and assign;
a deputy drafting a suggestion on a phone types text close to an existing submitted one and sees it listed
as similar (their own item linked, another deputy's shown only as a number); staff see the routing models."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from renda.insight import services as insight
from renda.insight.tests.fixtures import labelled
from renda.proposals import services
from renda.proposals.models import Assignment, Proposal, Topic
from renda.proposals.tests.engine_setup import accepted, deputy_user, make_world, submitted
from tests.e2e.conftest import login
from tests.factories import PASSWORD, HandlingUnitFactory

UNITS = {
    "交通运输": "市交通运输局",
    "教育文体": "市教育局",
    "卫生计生": "市卫生健康委员会",
    "环境保护": "市生态环境局",
}
SHOWN = re.compile(r"(^|\s)show(\s|$)")


@pytest.fixture
def world(transactional_db):
    insight.index_reset()
    insight._models.clear()
    w = make_world(prefix="e2e")
    w.extra["units"] = {label: HandlingUnitFactory(name=name) for label, name in UNITS.items()}
    for label in UNITS:
        Topic.objects.create(name=label)
    yield w
    insight.index_reset()
    insight._models.clear()


def _train(w):
    """40 Chinese texts over 4 units and 4 topics, through insight's routing_train service."""
    samples = labelled(n_per_label=10, seed=7)
    insight.routing_train(actor=w.staff, kind="unit", samples=[(t, UNITS[lab]) for t, lab in samples])
    insight.routing_train(actor=w.staff, kind="category", samples=samples)


def test_staff_see_and_accept_a_routing_proposal(page, world):
    w = world
    _train(w)
    p = accepted(
        w,
        title="关于缓解道路拥堵的建议",
        content="我们小区附近道路拥堵严重，公交车站和停车位不够，红绿灯时间也不合理，请尽快解决。",
    )
    traffic = w.extra["units"]["交通运输"]
    login(page, w.staff.username, PASSWORD)

    page.goto("/insight/routing/")
    expect(page.locator("[data-testid=routing-model][data-active='1']")).to_have_count(2)
    # a clerk's figure (issue 10), not a macro-F1
    recent = page.get_by_test_id("routing-recent").first
    expect(recent).to_have_text(re.compile(r"^最近 \d+ 件中 \d+ 件分对$"))

    page.goto(f"/proposals/{p.pk}/")
    page.get_by_test_id("action-assign").click()
    form = page.get_by_test_id("form-assign")
    expect(form).to_have_class(SHOWN)
    proposal = form.get_by_test_id("routing-proposal")
    expect(proposal).to_be_visible()
    first_unit = proposal.get_by_test_id("routing-unit").get_by_test_id("routing-row").first
    expect(first_unit).to_have_attribute("data-label", "市交通运输局")
    expect(first_unit.get_by_test_id("routing-confidence")).to_have_text(re.compile(r"^\d+%$"))
    first_category = proposal.get_by_test_id("routing-category").get_by_test_id("routing-row").first
    expect(first_category).to_have_attribute("data-label", "交通运输")

    lead = form.locator("#id_assign-lead_unit_ids")
    expect(lead).to_have_values([])
    assert not Assignment.objects.filter(proposal=p).exists()  # a proposal only, until staff submit
    first_unit.get_by_test_id("routing-accept").click()
    expect(lead).to_have_values([str(traffic.pk)])

    # the category's 采纳 sets the item's category at once (the form's lead unit stays chosen)
    topic = page.get_by_test_id("proposal-topic")
    expect(topic).to_have_text("e2e城乡建设")
    first_category.get_by_test_id("routing-accept").click()
    expect(topic).to_have_text("交通运输")
    first_category = proposal.get_by_test_id("routing-category").get_by_test_id("routing-row").first
    expect(first_category.get_by_test_id("routing-category-current")).to_be_visible()
    expect(first_category.get_by_test_id("routing-accept")).to_have_count(0)
    expect(proposal.get_by_test_id("routing-current-topic")).to_have_text("交通运输")
    assert Proposal.objects.get(pk=p.pk).topic.name == "交通运输"
    expect(lead).to_have_values([str(traffic.pk)])

    with page.expect_navigation():
        form.get_by_test_id("submit-assign").click()
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "assigned")
    expect(page.get_by_test_id("assignment")).to_contain_text("市交通运输局")
    expect(page.get_by_test_id("proposal-topic")).to_have_text("交通运输")
    expect(page.locator("[data-testid=timeline-entry][data-action=proposal_set_topic]")).to_contain_text(
        "e2e城乡建设 → 交通运输"
    )
    assert list(Assignment.objects.filter(proposal=p).values_list("unit_id", flat=True)) == [traffic.pk]


def test_deputy_drafting_sees_similar_items(phone_page, world):
    w = world
    other, _d = deputy_user("e2e-other", w.delegation)
    mine = submitted(
        w,
        title="关于增开城东公交夜班线路的建议",
        content="城东新区居民夜间出行困难，末班公交车太早，建议增开公交夜班线路。",
    )
    draft = services.proposal_create_draft(
        actor=other,
        kind="suggestion",
        title="关于城东新区夜班公交的建议",
        content="城东新区末班公交车太早，居民夜间出行困难，希望增开夜班公交线路。",
    )
    theirs = services.proposal_submit(actor=other, proposal_id=draft.pk)
    page = phone_page
    login(page, w.lead.username, PASSWORD)
    page.goto("/proposals/new/")
    expect(page.get_by_test_id("similar-box")).to_be_visible()
    page.locator("#id_title").fill("建议增开城东夜班公交")
    page.locator("#id_content").fill("城东新区末班公交车太早了，居民夜间出行很困难，建议增开公交夜班线路。")
    page.locator("#id_content").press("End")  # a pause in typing asks for similar items
    items = page.locator("#similar-results [data-testid=similar-item]")
    expect(items).to_have_count(1)  # only what the deputy may read is listed
    link = page.locator("#similar-results").get_by_test_id("similar-link")
    expect(link).to_have_text(mine.title)
    expect(link).to_have_attribute("href", f"/proposals/{mine.pk}/")
    hidden = page.locator("#similar-results").get_by_test_id("similar-hidden")
    expect(hidden).to_have_text("另有 1 件相似的未公开建议")  # the other deputy's item: a count only
    expect(page.locator("#similar-results")).not_to_contain_text(theirs.title)
    expect(page.locator("#similar-results")).not_to_contain_text(f"{theirs.number:04d}")
    expect(items.first.get_by_test_id("similar-score")).to_contain_text("%")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
