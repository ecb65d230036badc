"""Hot topics from the platform's own suggestions, in a real browser: deputies have submitted five
suggestions about restaurant fumes and noise at one invented compound (江临市锦绣花园小区) among five on
other subjects; a sixth about the same compound is still a draft and a seventh was withdrawn. Staff open 热点
(nothing computed yet), press 重新计算, see it queued; the background worker (`manage.py db_worker`, started
afterwards) computes it and the page reloads by itself with the five as one topic, its size 5, and the
snapshot's source 平台近90天的建议和议案、社情民意."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from renda.insight.models import TopicSnapshot
from renda.proposals import services
from renda.proposals.tests.engine_setup import draft, make_world, submitted
from tests.e2e.conftest import login
from tests.factories import PASSWORD

PLACE = "锦绣花园小区"
CLUSTER = [
    (
        "关于整治锦绣花园小区餐饮油烟的建议",
        "锦绣花园小区楼下新开的川菜馆油烟直排，排风机噪音很大，居民晚上无法休息。",
    ),
    (
        "关于锦绣花园小区底商烧烤店扰民的建议",
        "锦绣花园小区底商烧烤店营业到凌晨，油烟呛人，食客喧哗噪音扰民。",
    ),
    (
        "关于锦绣花园小区饭店油烟净化的建议",
        "锦绣花园小区3栋下面的火锅店没有油烟净化设备，油烟味飘进卧室，风机噪音不断。",
    ),
    (
        "关于锦绣花园小区临街餐馆噪音的建议",
        "锦绣花园小区临街饭店的抽油烟机和空调外机噪音很大，油烟熏黑外墙。",
    ),
    (
        "关于锦绣花园小区餐饮油烟执法的建议",
        "锦绣花园小区居民多次投诉楼下餐馆油烟和夜间噪音，建议执法部门查处。",
    ),
]
OTHERS = [
    ("关于增开18路公交班次的建议", "城东客运站18路公交车班次太少，等车要四十分钟，希望增加班次。"),
    ("关于第三中学教辅收费的建议", "第三中学强制学生购买教辅资料，价格比书店贵很多，请教育局调查。"),
    ("关于维修滨江路路灯的建议", "滨江路的路灯坏了一个多月，晚上一片漆黑，行人很不安全。"),
    ("关于增加公办养老院床位的建议", "公办养老院床位紧张，私立养老院收费太高，建议增加公办床位。"),
    ("关于城南菜市场卫生的建议", "城南菜市场地面污水横流，卫生条件差，希望加强管理。"),
]


@pytest.fixture
def world(transactional_db):
    w = make_world(prefix="e2e")
    mine = [submitted(w, title=t, content=c).pk for t, c in CLUSTER]
    for t, c in OTHERS:
        submitted(w, title=t, content=c)
    draft(w, title="关于锦绣花园小区油烟扰民的建议", content="锦绣花园小区楼下餐馆油烟和噪音扰民（草稿）。")
    gone = submitted(w, title="关于锦绣花园小区夜市噪音的建议", content="锦绣花园小区门口夜市油烟噪音扰民。")
    services.proposal_withdraw(actor=w.lead, proposal_id=gone.pk)
    w.extra["mine"] = {f"proposal:{pk}" for pk in mine}
    return w


def test_staff_recompute_from_submitted_suggestions(page, world, start_task_worker):
    login(page, world.staff.username, PASSWORD)
    page.goto("/insight/topics/")
    expect(page.get_by_test_id("topics-empty")).to_be_visible()

    page.get_by_test_id("topics-refresh").click()
    status = page.get_by_test_id("topics-refresh-status")
    expect(status).to_have_attribute("data-state", "queued")  # no worker runs yet
    expect(status).to_contain_text("已加入计算队列（平台近90天的建议和议案、社情民意）")
    assert not TopicSnapshot.objects.exists()

    start_task_worker()
    mine = page.get_by_test_id("topic-row").filter(has_text=PLACE)
    expect(mine).to_have_count(1, timeout=60_000)  # the page reloaded itself when the task was done
    expect(page.get_by_test_id("topics-empty")).to_have_count(0)
    expect(page.get_by_test_id("topics-refresh-status")).to_have_count(0)
    expect(mine.get_by_test_id("topic-size")).to_have_text("5")  # not the draft, not the withdrawn one
    expect(mine.get_by_test_id("topic-keywords")).to_contain_text("油烟")
    expect(mine.get_by_test_id("topic-places")).to_have_text(re.compile(rf"^{PLACE}(、|$)"))
    expect(page.get_by_test_id("topics-meta")).to_contain_text("文本数 10")
    expect(page.get_by_test_id("topics-source")).to_have_text("平台近90天的建议和议案、社情民意")

    snap = TopicSnapshot.objects.get()
    topic = next(t for t in snap.topics if PLACE in t["places"])
    assert set(topic["ids"]) == world.extra["mine"]
    assert snap.computed_by == world.staff
