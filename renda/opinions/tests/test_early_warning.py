"""The early warning (预警器): the rule as a table and a property, and the service on the database: a topic
rising this week sends the leaders an alert with the opinions behind it; the same topic spread over earlier
weeks does not."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from renda.core.models import Event, Notification
from renda.opinions import rules, services
from renda.opinions.models import Opinion
from renda.opinions.tests import scenario

FUMES = [
    "锦绣花园小区楼下餐馆油烟噪音扰民",
    "锦绣花园小区餐馆油烟太大，晚上噪音扰民",
    "投诉锦绣花园小区底商餐馆油烟和噪音",
    "锦绣花园小区餐馆油烟直排，噪音到深夜",
]
OTHER = ["学校门口接送拥堵", "公园厕所太少", "农村道路缺少护栏", "菜市场占道经营", "老年助餐点太少"]


@pytest.mark.parametrize(
    ("last", "before", "alert"),
    [
        (3, [0] * 8, True),
        (2, [0] * 8, False),  # below the minimum
        (3, [1] * 8, False),  # 3 is not more than 3 × 1
        (4, [1] * 8, True),
        (10, [3, 3, 3, 3, 3, 3, 3, 3], True),
        (9, [3] * 8, False),
        (5, [], True),  # no baseline: counts as 0
    ],
)
def test_rising_table(last, before, alert):
    assert rules.rising(last, before) is alert


@given(st.integers(0, 50), st.lists(st.integers(0, 50), max_size=12), st.integers(0, 20))
def test_more_this_week_never_ends_an_alert(last, before, more):
    if rules.rising(last, before):
        assert rules.rising(last + more, before)


def _record(w, title: str, day: datetime.date) -> Opinion:
    o = scenario.record(w, title=title)
    Opinion.objects.filter(pk=o.pk).update(received_on=day)
    return o


@pytest.mark.django_db
def test_a_topic_rising_this_week_alerts_the_leaders_with_its_opinions(client):
    w = scenario.world("ew")
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    fumes = [_record(w, t, monday) for t in FUMES]
    for k, t in enumerate(OTHER):
        _record(w, t, monday - datetime.timedelta(weeks=k + 1))
    alerts = services.early_warning()
    assert len(alerts) == 1 and sorted(alerts[0]["opinion_ids"]) == sorted(o.pk for o in fumes)
    note = Notification.objects.get(user=w.users["leader"])
    assert "锦绣花园" in note.title and not Notification.objects.filter(user=w.staff).exists()
    assert Event.objects.filter(action="opinion_early_warning").count() == 1
    client.force_login(w.users["leader"])
    page = client.get(note.url).content.decode()
    assert all(o.title in page for o in fumes) and "学校门口接送拥堵" not in page
    client.force_login(w.users["unit_handler"])  # the opinions are not at its unit
    assert FUMES[0] not in client.get(note.url).content.decode()


@pytest.mark.django_db
def test_the_same_topic_spread_over_the_weeks_does_not_alert():
    w = scenario.world("ew2")
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    for k, t in enumerate(FUMES):
        _record(w, t, monday - datetime.timedelta(weeks=k))  # one a week
    assert services.early_warning() == []
    assert not Notification.objects.exists()
