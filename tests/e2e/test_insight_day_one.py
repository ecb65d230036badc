"""Issue 10's insight acceptance in a real browser, on a city built as the demo seed leaves it: items filed
before the index existed, no routing model, no hot topics — then the one call the seed ends with
(`insight.services.rebuild_all`). A deputy drafting 社区食堂 on a phone sees the 社区食堂 items as similar;
staff assigning see a proposed unit at once (民政局 for a canteen, nobody trained anything); the routing page
speaks a clerk's language; the leader's home shows the hot topics. axe-core finds nothing serious."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from renda.insight import services as insight
from renda.insight.models import RoutingModel, TextIndexEntry, TopicSnapshot
from renda.proposals.tests.engine_setup import accepted, make_world, submitted
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD, HandlingUnitFactory

UNITS = ["江临市民政局", "江临市人力资源和社会保障局", "江临市交通运输局", "江临市生态环境局"]
CANTEENS = [
    (
        "关于切实做好西山区滨江镇社区食堂建设的建议",
        "老年人就餐难，建议在各社区建设社区食堂，提供老年助餐服务。",
    ),
    ("关于加快推进江北区社区食堂建设的建议", "社区食堂覆盖不足，独居老人吃饭难，建议加快建设社区食堂。"),
    ("关于完善社区老年食堂运营补贴的建议", "社区老年食堂运营困难，建议完善补贴政策，保障老年助餐。"),
]
TRAFFIC = [
    ("关于统筹推进江北区杏花镇交通拥堵治理的建议", "杏花镇早晚高峰交通拥堵严重，建议优化信号灯和公交线路。"),
    ("关于着力解决东湖区交通拥堵的建议", "东湖区上下班高峰交通拥堵，建议增设公交专用道。"),
]


@pytest.fixture
def city(transactional_db):
    insight.index_reset()
    insight._models.clear()
    w = make_world(prefix="day1")
    w.extra["units"] = {name: HandlingUnitFactory(name=name) for name in UNITS}
    items = [submitted(w, title=t, content=c) for t, c in CANTEENS[:2] + TRAFFIC]
    w.extra["open"] = accepted(w, title=CANTEENS[2][0], content=CANTEENS[2][1])
    w.extra["items"] = items
    # as the demo leaves it before its last call: nothing derived yet
    TextIndexEntry.objects.all().delete()
    RoutingModel.objects.all().delete()
    TopicSnapshot.objects.all().delete()
    insight.index_reset()
    insight.rebuild_all(actor=None)  # the seed's last call
    yield w
    insight.index_reset()
    insight._models.clear()


def test_a_deputy_drafting_community_canteens_sees_the_filed_ones(phone_page, city):
    page = phone_page
    login(page, city.lead.username, PASSWORD)
    page.goto("/proposals/new/")
    page.locator("#id_title").fill("关于建设社区食堂的建议")
    page.locator("#id_content").fill("社区食堂")
    page.locator("#id_content").press("End")
    links = page.locator("#similar-results").get_by_test_id("similar-link")
    expect(links.first).to_be_visible()
    titles = links.all_inner_texts()
    assert set(titles[:3]) == {c[0] for c in CANTEENS}, titles  # the three canteens first
    assert_accessible(page, "drafting with similar items (phone)")


def test_staff_assigning_see_a_proposed_unit_without_training(page, city):
    login(page, city.staff.username, PASSWORD)
    page.goto(f"/proposals/{city.extra['open'].pk}/")
    page.get_by_test_id("action-assign").click()
    proposal = page.get_by_test_id("form-assign").get_by_test_id("routing-proposal")
    first = proposal.get_by_test_id("routing-unit").get_by_test_id("routing-row").first
    expect(first).to_have_attribute("data-label", "江临市民政局")
    expect(first.get_by_test_id("routing-confidence")).to_have_text(re.compile(r"^\d+%$"))

    page.goto("/insight/routing/")
    expect(page.get_by_test_id("routing-table-unit")).to_be_visible()
    expect(page.get_by_test_id("routing-prior").first).to_contain_text("另参考部门职责")
    expect(page.locator("body")).not_to_contain_text("宏平均")
    assert_accessible(page, "routing page")


def test_hot_topics_show_on_the_leaders_home(page, city):
    login(page, city.leader.username, PASSWORD)
    page.goto("/")
    tile = page.get_by_test_id("home-hot-topics")
    expect(tile.get_by_test_id("home-hot-topic").first).to_be_visible()
    expect(tile.get_by_test_id("home-hot-topic").first).to_contain_text("食堂")
    expect(tile).to_contain_text("交通拥堵")
    expect(tile).not_to_contain_text("推进")
    assert_accessible(page, "leader home")
