"""The special-inquiry pages and API: staff open one from the item's page once the item is on a meeting's
agenda; the inquiry page draws exactly `available_actions` for every role in every state; the questions, the
problems and the list through the menu; bad input redraws with the field's error and changes nothing; the API
reads within the scope and takes the same steps; 403/404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from renda.core import spine
from renda.supervision.models import Inquiry, Item
from renda.supervision.services import inquiries as svc
from renda.supervision.tests import scenario
from renda.supervision.tests.test_inquiries import asked, inquiry_item, opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world(prefix="iqv")


def _drawn(html: str) -> list[str]:
    return re.findall(r'data-testid="action-([a-z_]+)"', html)


def test_the_page_draws_exactly_the_available_actions(client, w):
    open_ = opened(w, title="询问中")
    listed = asked(w, title="已交办")
    svc.inquiry_send_list(actor=w.staff, inquiry_id=listed.pk)
    published = asked(w, title="已公开")
    svc.inquiry_send_list(actor=w.staff, inquiry_id=published.pk)
    svc.inquiry_publish(actor=w.leader, inquiry_id=published.pk, summary="情况")
    for user in (w.staff, w.leader, w.auditor, w.handlers[0], w.handlers[1], scenario.members(w)[0][0]):
        client.force_login(user)
        for obj in (open_, listed, published):
            obj = Inquiry.objects.get(pk=obj.pk)
            response = client.get(reverse("supervision:inquiry", args=[obj.pk]))
            if not spine.policy_for(obj).visible(spine.as_actor(user), obj):
                assert response.status_code == 404
                continue
            assert response.status_code == 200
            assert _drawn(response.content.decode()) == spine.available_actions(user, obj), (user, obj.status)


def test_staff_hold_an_inquiry_through_the_pages(client, w):
    item = inquiry_item(w)
    client.force_login(w.leader)  # no form for the council; POST refused
    assert (
        'data-testid="inquiry-new"'
        not in client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    )
    assert client.post(reverse("supervision:inquiry_new", args=[item.pk]), {}).status_code == 403
    client.force_login(w.staff)
    assert (
        'data-testid="inquiry-new"'
        in client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    )
    response = client.post(
        reverse("supervision:inquiry_new", args=[item.pk]),
        {"topic": "养老服务", "form": "plenary", "held_on": "2026-03-26"},
    )
    obj = Inquiry.objects.get(item=item)
    assert response["Location"] == reverse("supervision:inquiry", args=[obj.pk])
    url = lambda a: reverse("supervision:inquiry_action", args=[obj.pk, a])  # noqa: E731
    ms = scenario.members(w, 1)
    good = {
        "ask-asker_id": ms[0][1].pk,
        "ask-body_id": w.units[0].pk,
        "ask-question": "设施为何滞后？",
        "ask-answered_by": "民政局局长",
        "ask-answer": "年内补齐。",
    }
    bad = client.post(url("ask"), {**good, "ask-answer": ""})
    assert bad.status_code == 400 and "答复要点" in bad.content.decode()
    assert not obj.questions.exists()
    assert client.post(url("ask"), good).status_code == 302
    assert client.post(url("add_problem"), {"add_problem-text": "设施配建滞后"}).status_code == 302
    assert client.post(url("send_list"), {"send_list-resolution_due": ""}).status_code == 302
    item = Item.objects.get(pk=item.pk)
    assert item.status == "sent" and "1. 设施配建滞后" in item.opinions_text
    page = client.get(reverse("supervision:inquiry", args=[obj.pk])).content.decode()
    assert 'data-testid="inquiry-due"' in page and "民政局局长" in page
    assert (
        'data-testid="item-inquiry"'
        in client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    )
    client.force_login(w.handlers[0])  # the body may not add to the list or publish
    assert client.post(url("publish"), {"publish-summary": "x"}).status_code in (403, 404)
    assert Inquiry.objects.get(pk=obj.pk).status == "listed"


def test_api_reads_within_the_scope_and_takes_the_steps(client, w):
    item = inquiry_item(w)
    assert client.get("/api/supervision/inquiries").status_code == 401
    client.force_login(w.leader)
    refused = client.post(
        f"/api/supervision/items/{item.pk}/inquiry",
        {"topic": "x", "form": "group", "held_on": "2026-03-26"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and not Inquiry.objects.exists()
    client.force_login(w.staff)
    created = client.post(
        f"/api/supervision/items/{item.pk}/inquiry",
        {"topic": "养老", "form": "party", "held_on": "2026-03-26"},
        content_type="application/json",
    )
    assert created.status_code == 400 and "form" in created.content.decode()
    created = client.post(
        f"/api/supervision/items/{item.pk}/inquiry",
        {"topic": "养老", "form": "group", "held_on": "2026-03-26"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    ms = scenario.members(w, 1)
    asked_ = client.post(
        f"/api/supervision/inquiries/{pk}/ask",
        {
            "asker_id": ms[0][1].pk,
            "body_id": w.units[0].pk,
            "question": "q",
            "answered_by": "局长",
            "answer": "a",
        },
        content_type="application/json",
    )
    assert asked_.status_code == 201 and asked_.json()["answered_by"] == "局长"
    post = lambda path, data: client.post(path, data, content_type="application/json")  # noqa: E731
    assert post(f"/api/supervision/inquiries/{pk}/problems", {"text": "问题一"}).status_code == 201
    sent = post(f"/api/supervision/inquiries/{pk}/send-list", {})
    assert sent.status_code == 200 and sent.json()["status"] == "listed" and sent.json()["due_date"]
    client.force_login(w.handlers[1])  # another unit: not found
    assert client.get(f"/api/supervision/inquiries/{pk}").status_code == 404
    client.force_login(w.handlers[0])
    assert [r["id"] for r in client.get("/api/supervision/inquiries").json()["items"]] == [pk]
    client.force_login(w.leader)
    done = post(f"/api/supervision/inquiries/{pk}/publish", {"summary": "情况"})
    assert done.status_code == 200 and done.json()["published_on"]


def test_the_public_page_shows_the_published_inquiries_with_their_questions_and_answers(
    client, w, django_assert_max_num_queries
):
    listed = asked(w, title="已交办，未公开")
    svc.inquiry_send_list(actor=w.staff, inquiry_id=listed.pk)
    published = asked(w, title="已公开")
    svc.inquiry_send_list(actor=w.staff, inquiry_id=published.pk)
    svc.inquiry_publish(actor=w.leader, inquiry_id=published.pk, summary="两位委员询问，市民政局作答。")
    assert Inquiry.objects.restrict(None, "public").get() == Inquiry.objects.get(pk=published.pk)
    with django_assert_max_num_queries(12):  # no query per inquiry or per question
        html = client.get(reverse("supervision:public")).content.decode()  # no sign-in
    assert html.count('data-testid="public-inquiry"') == 1
    assert "两位委员询问，市民政局作答。" in html
    assert "社区养老服务设施配建为何滞后？" in html and "年内补齐配建缺口。" in html
    assert "市民政局局长 王某" in html
