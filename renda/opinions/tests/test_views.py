"""The opinions pages: the citizen's online form and tracking page (no sign-in, tracking code, rate limit,
nothing personal, the rating), the keeper's list and entry form, an opinion's page drawing exactly the
actions the services accept, each role opening only what it may, the export."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from renda.core import spine
from renda.opinions import views
from renda.opinions.models import Opinion, OpinionRating
from renda.opinions.tests import scenario
from renda.opinions.workflow import State
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def w():
    return scenario.world("v")


def test_citizen_submits_online_tracks_and_is_rate_limited(client, w):
    data = {
        "title": "夜间施工噪音",
        "content": "每晚十一点后施工",
        "citizen_name": "李四",
        "citizen_phone": "13900001111",
    }
    response = client.post(reverse("opinions:submit"), data)
    o = Opinion.objects.get()
    assert o.channel == "online" and o.citizen_phone == "13900001111"
    assert response.status_code == 302 and o.code in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert o.code in page and "夜间施工噪音" in page and "已受理" in page
    assert "李四" not in page and "13900001111" not in page and 'data-testid="rate-form"' not in page
    for _ in range(views.SUBMISSIONS_PER_HOUR - 1):
        client.post(reverse("opinions:submit"), data)
    assert client.post(reverse("opinions:submit"), data).status_code == 429
    assert Opinion.objects.count() == views.SUBMISSIONS_PER_HOUR


def test_tracking_an_unknown_code_says_so(client):
    page = client.get(reverse("opinions:track"), {"code": "SQ2027-22222222"}).content.decode()
    assert "查询码无效或不存在" in page and 'data-testid="track-result"' not in page


def test_citizen_rates_on_the_tracking_page_once(client, w):
    o = scenario.in_state(w, "closed")
    url = reverse("opinions:track")
    page = client.get(url, {"code": o.code}).content.decode()
    assert 'data-testid="rate-form"' in page and "王小明" not in page
    bad = client.post(url, {"code": o.code, "rate-rating": "bogus"})
    assert bad.status_code == 200 and not OpinionRating.objects.exists()
    response = client.post(url, {"code": o.code, "rate-rating": "satisfied"})
    assert response.status_code == 302
    page = client.get(url, {"code": o.code}).content.decode()
    assert 'data-testid="track-rating"' in page and 'data-testid="rate-form"' not in page
    assert OpinionRating.objects.get().rating == "satisfied"


def test_keeper_records_and_the_list_shows_own_station_only(client, w):
    client.force_login(w.keeper)
    response = client.post(
        reverse("opinions:new"),
        {"title": "路灯不亮", "content": "请修复", "citizen_name": "张三", "citizen_phone": "13800000000"},
    )
    o = Opinion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("opinions:detail", args=[o.pk])
    assert o.station_id == w.station.pk and o.channel == "station"
    services_other = services_record_elsewhere()
    page = client.get(reverse("opinions:list")).content.decode()
    assert "路灯不亮" in page and services_other.title not in page
    bad = client.post(reverse("opinions:new"), {"title": "", "content": "x"})
    assert bad.status_code == 200 and Opinion.objects.filter(station=w.station).count() == 1


def services_record_elsewhere() -> Opinion:
    from renda.opinions import services

    return services.opinion_record(actor=None, title="别处的意见", content="内容")


@pytest.mark.parametrize("state", [s.value for s in State])
def test_detail_draws_exactly_the_available_actions(client, w, state):
    o = scenario.in_state(w, state)
    for role in ("staff", "station_keeper", "deputy", "unit_handler", "leader"):
        user = w.users[role]
        client.force_login(user)
        response = client.get(reverse("opinions:detail", args=[o.pk]))
        if not Opinion.objects.restrict(user).filter(pk=o.pk).exists():
            assert response.status_code == 404, role
            continue
        page = response.content.decode()
        drawn = set(re.findall(r'data-action="([a-z_]+)"', page))
        assert drawn == set(spine.available_actions(user, o)), (role, state)
        assert ("13912345678" in page) is (role != "leader"), role  # masked for the leader


def test_forward_reply_and_feedback_through_the_pages(client, w):
    o = scenario.record(w)
    client.force_login(w.keeper)
    url = reverse("opinions:action", args=[o.pk, "forward"])
    bad = client.post(url, {"forward-unit_id": w.unit.pk, "forward-days": 99})
    assert bad.status_code == 400 and Opinion.objects.get(pk=o.pk).status == "received"
    assert client.post(url, {"forward-unit_id": w.unit.pk, "forward-days": 7}).status_code == 302
    client.force_login(w.users["unit_handler"])
    client.post(reverse("opinions:action", args=[o.pk, "reply"]), {"reply-text": "已处理"})
    assert Opinion.objects.get(pk=o.pk).status == "replied"
    client.force_login(w.keeper)  # the keeper may not reply (the unit's), but gives the feedback
    client.post(reverse("opinions:action", args=[o.pk, "feedback"]), {"feedback-text": "已告知"})
    assert Opinion.objects.get(pk=o.pk).status == "closed"


def test_stranger_gets_404_and_anonymous_the_login(client, w):
    o = scenario.record(w)
    client.force_login(user_with_role("unit_handler", username="far-unit"))
    assert client.get(reverse("opinions:detail", args=[o.pk])).status_code == 404
    assert (
        client.post(reverse("opinions:action", args=[o.pk, "answer"]), {"answer-answer": "x"}).status_code
        == 404
    )
    client.logout()
    assert client.get(reverse("opinions:list")).status_code == 302
    assert Opinion.objects.get(pk=o.pk).status == "received"


def test_export_for_staff_without_personal_data(client, w):
    scenario.record(w)
    client.force_login(w.keeper)
    assert client.get(reverse("opinions:export")).status_code == 403
    client.force_login(w.staff)
    response = client.get(reverse("opinions:export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row]
    assert "小区门口路灯不亮" in cells and not any("王小明" in c or "13912345678" in c for c in cells)


def test_forwarding_slip_in_word_for_the_handling_scope(client, w):
    import docx

    received = scenario.record(w)
    forwarded = scenario.in_state(w, "forwarded")
    client.force_login(w.users["unit_handler"])
    response = client.get(reverse("opinions:slip", args=[forwarded.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "关于转交群众反映的社情民意的函" in text and forwarded.code in text
    assert w.unit.name in text and "13912345678" in text  # the handling unit contacts the citizen
    client.force_login(w.users["leader"])
    text = "\n".join(
        p.text
        for p in docx.Document(
            io.BytesIO(client.get(reverse("opinions:slip", args=[forwarded.pk])).content)
        ).paragraphs
    )
    assert "13912345678" not in text and "139****5678" in text  # masked for the leader
    client.force_login(w.keeper)
    assert client.get(reverse("opinions:slip", args=[received.pk])).status_code == 404  # at no unit yet
    client.force_login(user_with_role("unit_handler", username="slip-far"))
    assert client.get(reverse("opinions:slip", args=[forwarded.pk])).status_code == 404


def test_the_entry_form_offers_each_role_only_its_stations(client, w):
    """A keeper is offered the stations they keep, a deputy those they receive at, staff every station."""
    from tests.factories import LiaisonStationFactory

    other = LiaisonStationFactory(name="另一个联络站")

    def offered(user) -> set[str]:
        client.force_login(user)
        html = client.get(reverse("opinions:new")).content.decode()
        select = re.search(r'<select name="station_id".*?</select>', html, re.S)
        assert select, "the entry form has a station field"
        return set(re.findall(r'<option value="(\d+)"', select.group(0)))

    assert offered(w.keeper) == {str(w.station.pk)}
    assert offered(w.deputy_user) == {str(w.station.pk)}
    assert offered(w.staff) >= {str(w.station.pk), str(other.pk)}
