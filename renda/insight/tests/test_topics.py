from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.insight import services, topics
from renda.insight.models import TopicSnapshot
from renda.insight.tests.fixtures import topic_items


def test_burst_topic_comes_first_with_keywords_places_and_growth():
    found = topics.cluster(topic_items())
    first = found[0]
    assert set(first.ids) == {f"burst{i}" for i in range(12)}
    assert "油烟" in first.keywords
    assert first.places[0] == "幸福里小区"
    assert first.growing
    assert sum(first.trend.values()) == 12
    assert not any(t.growing for t in found[1:] if t.size < 3)


def test_places_are_extracted():
    assert "魅力之城小区" in topics.places("A市A5区魅力之城小区楼下餐馆油烟扰民")
    assert "经济学院" in topics.places("A市经济学院强制学生实习")
    assert topics.places("今天天气很好") == []
    # what a request puts before the place is not part of it
    for text in (
        "请求整治锦绣花园小区的油烟",
        "再次反映锦绣花园小区噪音",
        "强烈要求关停锦绣花园小区楼下烧烤店",
    ):
        assert topics.places(text) == ["锦绣花园小区"], text
    assert topics.places("投诉到街道没人管") == []  # 街道 alone is no place
    assert topics.places("到家小区停车难") == ["到家小区"]  # 到 only after a request word
    assert topics.places("向阳小区停车难") == ["向阳小区"]


def test_growth_rule():
    assert topics.is_growing({"2024-01": 1, "2024-02": 1, "2024-03": 6})
    assert not topics.is_growing({"2024-01": 5, "2024-02": 5, "2024-03": 6})
    assert not topics.is_growing({"2024-03": 2})
    assert topics.is_growing({"2024-03": 3})
    assert not topics.is_growing({})


def test_period_of():
    when = datetime(2024, 1, 3, tzinfo=UTC)
    assert topics.period_of(when, "month") == "2024-01"
    assert topics.period_of(when, "week") == "2024-W01"
    assert topics.period_of(None, "month") is None


words = st.sampled_from(["路灯", "油烟", "噪音", "学校", "医院", "公交", "幸福里小区", "停车", "的", "。"])
item_lists = st.lists(st.lists(words, min_size=0, max_size=6).map("".join), min_size=0, max_size=14)


@settings(max_examples=20, deadline=None)
@given(item_lists)
def test_topics_partition_their_inputs(texts):
    start = datetime(2024, 1, 1, tzinfo=UTC)
    items = [(i, t, start + timedelta(days=i), 1.0) for i, t in enumerate(texts)]
    found = topics.cluster(items)
    ids = [i for t in found for i in t.ids]
    assert sorted(ids) == list(range(len(texts)))
    assert sum(t.size for t in found) == len(texts)
    heats = [t.heat for t in found]
    assert heats == sorted(heats, reverse=True)


@pytest.mark.django_db
def test_snapshot_service(role_users):
    snap = services.topics_compute(actor=role_users["staff"], items=topic_items(), source="synthetic")
    assert TopicSnapshot.objects.count() == 1
    assert snap.item_count == 36
    assert snap.topics[0]["places"][0] == "幸福里小区"
    assert snap.topics[0]["growing"] is True
