"""The supervision pages and API: each item page draws exactly `available_actions`, an action posted through
the ActionMenu moves the item, refusals are 403/404, the 审议意见书 downloads, public pages show only what is
published, and the API answers the same."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse

from renda.core import spine
from renda.supervision.models import Item, Plan
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db
JSON = {"content_type": "application/json"}
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def w():
    return scenario.world(prefix="vw")


def _drawn(html: str) -> list[str]:
    return re.findall(r'data-testid="action-([a-z_]+)"', html)


def test_item_page_draws_exactly_the_available_actions(client, w):
    items = {state: make(w, title=f"页面-{state}") for state, make in scenario.BY_STATE.items()}
    for user in (w.staff, w.leader, w.auditor, w.handlers[0], w.unit_leaders[0]):
        client.force_login(user)
        for item in items.values():
            item = Item.objects.get(pk=item.pk)
            response = client.get(reverse("supervision:item", args=[item.pk]))
            if not spine.policy_for(item).visible(spine.as_actor(user), item):
                assert response.status_code == 404
                continue
            assert response.status_code == 200
            assert _drawn(response.content.decode()) == spine.available_actions(user, item), (
                user,
                item.status,
            )


def test_actions_through_the_menu_and_refusals(client, w):
    item = scenario.sent(w)
    client.force_login(w.handlers[2])  # another unit: the item is absent
    assert client.get(reverse("supervision:item", args=[item.pk])).status_code == 404
    client.force_login(w.handlers[0])  # the reporting body
    url = reverse("supervision:item_action", args=[item.pk, "answer"])
    bad = client.post(url, {"answer-text": "已办理。", "answer-signed_by": ""})
    assert bad.status_code == 400 and Item.objects.get(pk=item.pk).status == "sent"
    ok = client.post(url, {"answer-text": "已办理。", "answer-signed_by": "王局长"})
    assert ok.status_code == 302 and Item.objects.get(pk=item.pk).status == "answered"
    assert (
        client.post(
            reverse("supervision:item_action", args=[item.pk, "comment"]), {"comment-text": "x"}
        ).status_code
        == 403
    )


def test_overdue_flag_on_pages_and_the_opinions_document(client, w):
    import docx

    with time_machine.travel(dt.datetime(2026, 4, 10, 10, tzinfo=SHANGHAI), tick=False):
        item = scenario.sent(w)
    client.force_login(w.leader)
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, tzinfo=SHANGHAI), tick=False):
        home = client.get(reverse("supervision:home")).content.decode()
        page = client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    assert 'data-testid="overdue-list"' in home and item.title in home
    assert "逾期 5 天未报告" in page
    response = client.get(reverse("supervision:opinions_docx", args=[item.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "加快黑臭水体治理" in text and "2026年6月10日前" in text and w.units[0].name in text


def test_plan_pages_and_public_pages(client, w):
    client.force_login(w.staff)
    assert client.post(reverse("supervision:plan_new"), {"year": 2026, "title": ""}).status_code == 302
    plan = Plan.objects.get(year=2026)
    data = {"kind": "work_report", "title": "全市养老服务工作", "body_id": w.units[0].pk, "planned_month": 13}
    assert client.post(reverse("supervision:item_new", args=[plan.pk]), data).status_code == 400
    data["planned_month"] = 6
    assert client.post(reverse("supervision:item_new", args=[plan.pk]), data).status_code == 302
    client.force_login(w.lead)  # a deputy: the draft plan is absent
    assert client.get(reverse("supervision:plan", args=[plan.pk])).status_code == 404
    client.force_login(w.leader)
    adopt = client.post(reverse("supervision:plan_action", args=[plan.pk, "adopt"]))
    assert adopt.status_code == 302
    client.force_login(w.lead)
    assert "全市养老服务工作" in client.get(reverse("supervision:plan", args=[plan.pk])).content.decode()
    client.logout()
    done = scenario.published(w, title="全市交通治理工作")
    hidden = scenario.sent(w, title="全市教育工作")
    public = client.get(reverse("supervision:public")).content.decode()
    assert "全市交通治理工作" in public and "全市教育工作" not in public
    assert client.get(reverse("supervision:public_item", args=[done.pk])).status_code == 200
    assert client.get(reverse("supervision:public_item", args=[hidden.pk])).status_code == 404


def test_api(client, w):
    item = scenario.sent(w)
    assert client.get("/api/supervision/items").status_code == 401
    client.force_login(w.handlers[2])
    assert client.get("/api/supervision/items").json()["items"] == []
    assert client.get(f"/api/supervision/items/{item.pk}").status_code == 404
    assert client.get("/api/supervision/ranking").status_code == 200  # units see the ranking
    client.force_login(w.lead)
    assert client.get("/api/supervision/ranking").status_code == 403
    client.force_login(w.handlers[0])
    body = client.get(f"/api/supervision/items/{item.pk}").json()
    assert body["status"] == "sent" and body["timing"] == "pending"
    bad = client.post(f"/api/supervision/items/{item.pk}/answer", {"text": "已办理", "signed_by": ""}, **JSON)
    assert bad.status_code == 400
    ok = client.post(
        f"/api/supervision/items/{item.pk}/answer", {"text": "已办理", "signed_by": "王局长"}, **JSON
    )
    assert ok.status_code == 200 and ok.json()["timing"] == "on_time"
    again = client.post(f"/api/supervision/items/{item.pk}/answer", {"text": "再", "signed_by": "王"}, **JSON)
    assert again.status_code in (403, 409)
