"""Issue 5's hot-topics acceptance in a real browser, on a synthetic fixture written for this test: a dozen
citizens' messages about restaurant fumes and noise at one invented compound (江临市A区锦绣花园小区), spread
over the last four weeks and growing in the last one, among 46 messages on other subjects and places. The
messages go in as the product takes them (`manage.py insight_topics` on a portal's CSV export); staff open
the dashboard from the menu and see the dozen as one topic among the top ten, with its keywords, size,
places, weekly trend and the fast-growth flag, then download the xlsx and find the same topic in it; a
deputy and a unit handler are refused."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from renda.insight.models import TopicSnapshot
from tests.e2e.conftest import follow_menu, login
from tests.factories import PASSWORD, user_with_role

PLACE = "锦绣花园小区"
# (text, week relative to last week, likes): 1, 1, 2 then 8 messages a week — a topic that grows fast
CLUSTER = [
    ("江临市A区锦绣花园小区楼下新开的川菜馆油烟直排，家里窗户都不敢开，晚上还有排风机噪音。", -3, 6),
    ("锦绣花园小区底商烧烤店每天营业到凌晨两点，油烟呛人，食客喧哗噪音扰民，请环保部门管一管。", -2, 3),
    ("投诉江临市A区锦绣花园小区3栋下面的火锅店，油烟管道没有净化设备，油烟味飘进卧室。", -1, 2),
    ("请求整治锦绣花园小区临街饭店的抽油烟机和空调外机噪音，老人孩子晚上睡不着。", -1, 5),
    ("关于锦绣花园小区周边餐馆油烟污染和夜间噪音的投诉，多次反映没有结果，请求整治。", 0, 8),
    ("江临市A区锦绣花园小区商铺改成餐饮店后油烟扰民严重，噪音也很大，这些店有没有环评手续？", 0, 1),
    ("再次反映锦绣花园小区楼下大排档占道经营，油烟熏黑了外墙，半夜划拳噪音不断。", 0, 4),
    ("反映锦绣花园小区餐饮油烟问题：烧烤店的油烟直接排到居民楼，噪音持续到深夜，这是第二次反映。", 0, 7),
    ("锦绣花园小区2号楼底下的饭馆油烟和噪音扰民，投诉到街道也没有解决。", 0, 2),
    ("江临市A区锦绣花园小区居民楼下的餐馆排烟口正对窗户，油烟和风机噪音让人无法生活。", 0, 5),
    ("锦绣花园小区一楼烧烤店油烟很大，夏天晚上噪音扰民，希望执法部门查处。", 0, 3),
    ("强烈要求关停锦绣花园小区楼下违规排放油烟的餐馆，油烟和噪音已经影响健康。", 0, 6),
]
BACKGROUND = [
    # small groups of their own: a bus line, a school's fees, street lights, fumes at another compound
    "江临市18路公交车班次太少，城东客运站等车经常要四十分钟，希望增加班次。",
    "城东客运站的18路公交末班车太早，晚上下班回不了家，建议延长运营时间。",
    "18路公交车高峰期拥挤不堪，城东客运站上车要排长队，请公交公司加开车辆。",
    "建议18路公交在城东客运站增设候车亭，雨天乘客只能淋雨等车。",
    "江临市第三中学收取补课费是否合规？家长被要求每学期交两千元辅导费。",
    "第三中学强制学生购买教辅资料，价格比书店贵很多，请教育局调查。",
    "江临市第三中学周末组织有偿补课，学生不参加就被老师批评。",
    "滨江路的路灯坏了一个多月，晚上一片漆黑，行人很不安全。",
    "滨江路夜间照明不足，多盏路灯不亮，请市政部门尽快维修。",
    "反映滨江路路灯长期损坏，晚上散步的老人摔倒过好几次。",
    "翠湖家园小区门口的早餐店油烟大，早上五点就开始炸油条。",
    "投诉翠湖家园小区旁边的面馆油烟排到人行道上。",
    # one message each, on many subjects and places
    "新城医院挂号难，专家号一放出来就没了，希望增加网上预约名额。",
    "我在江临市某物流公司工作，公司拖欠三个月工资，劳动监察能否介入？",
    "城南菜市场地面污水横流，卫生条件差，希望加强管理。",
    "金桂苑小区电梯经常故障，物业不及时维修，老人被困过两次。",
    "公积金提取手续太繁琐，需要跑三次窗口，能不能网上办理？",
    "江临市人民公园的健身器材损坏，很久没人修理。",
    "明珠广场晚上广场舞音响太大声，附近居民休息受影响。",
    "建议在城西大道和解放路路口增加左转信号灯，经常堵车。",
    "外地户口的孩子在江临市上小学需要什么材料？入学政策能否公开？",
    "桂花村的自来水经常停水，而且水质发黄，村民饮水困难。",
    "东湖镇垃圾中转站臭气很重，夏天苍蝇成群，请求搬迁。",
    "医保异地报销比例太低，在省城住院只能报一半。",
    "希望江临市增加公办养老院床位，私立养老院收费太高。",
    "阳光公寓楼顶违建加盖两层，城管多次来看都没拆除。",
    "出租车司机拒载短途乘客，火车站门口尤其严重。",
    "建设银行大厦附近共享单车乱停乱放，堵住了盲道。",
    "滨河新村冬天供暖温度不达标，室内只有十四度。",
    "江临市职业技术学院食堂饭菜涨价，学生意见很大。",
    "农民工子女能否在城区中学参加中考？政策不清楚。",
    "幸福大道的施工工地夜间施工，渣土车噪音很大。",
    "希望开通从江临市到省城的城际列车，方便通勤。",
    "青年创业贷款审批太慢，申请三个月了还没有结果。",
    "长青社区卫生服务站缺少儿科医生，孩子看病要去市里。",
    "江临市图书馆周末开放时间太短，建议延长到晚上九点。",
    "农村危房改造补助标准是多少？我们村的申请一直没批。",
    "新华路小学门口上下学时段交通混乱，需要交警疏导。",
    "电动车充电难，小区没有充电桩，居民只能飞线充电。",
    "残疾人补贴发放不及时，已经拖了两个月。",
    "商品房交房延期一年，开发商不给违约金。",
    "江临市中心医院停车场收费太贵，看病停车一天要六十元。",
    "东湖镇中心小学的校车超载，一辆车挤了四十多个孩子。",
    "滨河新村旁边的河道漂满垃圾，夏天发臭。",
    "城南菜市场旁的违章摊点占满人行道，行人只能走机动车道。",
    "社保卡补办要等一个月，能否当场制卡？",
]
HEADER = ["留言编号", "留言时间", "留言详情", "点赞数"]


def _week(when: datetime) -> str:
    year, week, _day = when.isocalendar()
    return f"{year}-W{week:02d}"


def _messages():
    """The CSV rows (shuffled), the cluster's ids, its likes and its expected weekly trend."""
    now = datetime.now(UTC)
    # Monday 00:00 UTC of last week: every message below lies in a whole ISO week that is already over
    last_week = (now - timedelta(days=now.weekday() + 7)).replace(hour=0, minute=0, second=0, microsecond=0)
    rng = random.Random(20)
    rows, trend = [], {}
    for n, (text, week, likes) in enumerate(CLUSTER, start=1):
        when = last_week + timedelta(weeks=week, days=n % 7, hours=8 + n)
        rows.append([f"88{n:04d}", when.isoformat(), text, likes])
        trend[_week(when)] = trend.get(_week(when), 0) + 1
    ids = {r[0] for r in rows}
    for n, text in enumerate(BACKGROUND, start=1):
        when = last_week - timedelta(weeks=n % 10, days=-(3 * n % 7), hours=-(8 + n % 12))
        rows.append([f"77{n:04d}", when.isoformat(), text, rng.randint(0, 3)])
    rng.shuffle(rows)
    return rows, ids, sum(likes for *_x, likes in CLUSTER), dict(sorted(trend.items()))


@pytest.fixture
def fed(transactional_db, tmp_path):
    """Staff's export of the citizens' messages, loaded with the product's command (weekly trend)."""
    rows, ids, likes, trend = _messages()
    path = tmp_path / "留言.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    out = io.StringIO()
    call_command(
        "insight_topics",
        *("--csv", str(path), "--id-col", "留言编号", "--time-col", "留言时间", "--text-col", "留言详情"),
        *("--weight-col", "点赞数", "--by", "week"),
        stdout=out,
    )
    assert out.getvalue().startswith(f"snapshot {TopicSnapshot.objects.get().pk}: {len(rows)} texts")
    return {"ids": ids, "likes": likes, "trend": trend, "n": len(rows)}


def test_staff_see_the_fumes_and_noise_topic_and_export_it(page, fed, tmp_path):
    assert len(CLUSTER) == 12 and fed["n"] == 58
    staff = user_with_role("staff", username="e2e-staff")
    login(page, staff.username, PASSWORD)
    follow_menu(page, "统计分析", "热点")
    expect(page).to_have_url(re.compile(r"/insight/topics/$"))
    expect(page.get_by_test_id("topics-meta")).to_contain_text("文本数 58")

    rows = page.get_by_test_id("topic-row")
    mine = rows.filter(has_text=PLACE)
    expect(mine).to_have_count(1)  # the dozen messages are one topic, not split over several rows
    rank = int(mine.get_by_test_id("topic-rank").inner_text())
    assert 1 <= rank <= 10
    expect(rows.nth(rank - 1)).to_contain_text(PLACE)
    expect(mine.get_by_test_id("topic-size")).to_have_text("12")  # the fumes at 翠湖家园 are not in it
    keywords = mine.get_by_test_id("topic-keywords")
    expect(keywords).to_contain_text("油烟")
    expect(keywords).to_contain_text("噪音")
    expect(mine.get_by_test_id("topic-growing")).to_have_text("快速增长")
    expect(mine.get_by_test_id("topic-places")).to_have_text(re.compile(rf"^{PLACE}(、|$)"))
    trend = " ".join(f"{k}: {v}" for k, v in fed["trend"].items())
    assert list(fed["trend"].values()) == [1, 1, 2, 8]
    expect(mine.get_by_test_id("topic-trend")).to_have_attribute("title", trend + " ")
    expect(mine.get_by_test_id("topic-trend").locator("span")).to_have_count(4)
    # the latest periods' counts are written out too (a tooltip cannot be read on a phone)
    recent = " ".join(f"{k}: {v}" for k, v in list(fed["trend"].items())[-3:])
    expect(mine.get_by_test_id("topic-trend-recent")).to_have_text(recent)
    heat = mine.get_by_test_id("topic-heat").inner_text()

    with page.expect_download() as info:
        page.get_by_test_id("topics-xlsx").click()
    download = info.value
    assert download.suggested_filename == "热点问题.xlsx"
    path = tmp_path / "topics.xlsx"
    download.save_as(path)
    ws = load_workbook(path).active
    assert [c.value for c in ws[2]][:4] == ["排名", "关键词", "地点", "条数"]
    found = [r for r in ws.iter_rows(min_row=3, values_only=True) if PLACE in (r[2] or "")]
    assert len(found) == 1
    (rank_x, keywords_x, places_x, size, weight, heat_x, growing, first, last, trend_x, ids) = found[0]
    assert rank_x == rank
    assert keywords_x == keywords.inner_text().replace("快速增长", "").strip()
    assert places_x == mine.get_by_test_id("topic-places").inner_text()
    assert places_x.split("、")[0] == PLACE
    assert (size, weight, growing) == (12, fed["likes"], "是")
    assert str(heat_x) == heat
    assert trend_x == "; ".join(f"{k}: {v}" for k, v in fed["trend"].items())
    assert set(ids.split(", ")) == fed["ids"]  # exactly the dozen, each once
    assert first < last


@pytest.mark.parametrize("role", ["deputy", "unit_handler"])
def test_roles_without_the_dashboard_are_refused(page, fed, role):
    user = user_with_role(role, username=f"e2e-{role}")
    login(page, user.username, PASSWORD)
    expect(page.get_by_test_id("current-user")).to_be_visible()
    expect(page.locator("#mainnav").get_by_role("link", name="热点", exact=True)).to_have_count(0)
    assert page.goto("/insight/topics/").status == 403
    expect(page.locator("body")).not_to_contain_text(PLACE)
    assert page.request.get("/insight/topics.xlsx").status == 403
