"""The inspection pages: staff start one from the enforcement item's page; the inspection page draws exactly
`available_actions` for every role in every state; the group, a visit and the report through the menu; bad
input redraws with the field's error and changes nothing; the item page links the inspection; 403/404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core import spine
from renda.supervision import services
from renda.supervision.models import Inspection, Item, ItemKind, Plan
from renda.supervision.services import inspections as svc
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world(prefix="ivw")


def _drawn(html: str) -> list[str]:
    return re.findall(r'data-testid="action-([a-z_]+)"', html)


def test_the_page_draws_exactly_the_available_actions(client, w):
    preparing = scenario.inspection(w, title="准备中")
    started = scenario.inspection(w, title="检查中")
    leader = scenario.members(w, 1)[0][1]
    svc.inspection_add_member(actor=w.staff, inspection_id=started.pk, deputy_id=leader.pk, role="leader")
    svc.inspection_start(actor=w.staff, inspection_id=started.pk)
    reported = scenario.inspection_reported(w, title="已报告")
    for user in (w.staff, w.leader, w.auditor, w.handlers[0], w.handlers[1], scenario.members(w)[0][0]):
        client.force_login(user)
        for obj in (preparing, started, reported):
            obj = Inspection.objects.get(pk=obj.pk)
            response = client.get(reverse("supervision:inspection", args=[obj.pk]))
            if not spine.policy_for(obj).visible(spine.as_actor(user), obj):
                assert response.status_code == 404
                continue
            assert response.status_code == 200
            assert _drawn(response.content.decode()) == spine.available_actions(user, obj), (user, obj.status)


def test_staff_run_an_inspection_through_the_pages(client, w):
    plan = Plan.objects.filter(term=w.term).first() or scenario.plan(w)
    item = services.item_add(
        actor=w.staff, plan_id=plan.pk, kind=ItemKind.ENFORCEMENT, title="《安全生产法》",
        body_id=w.units[0].pk, planned_month=6,
    )  # fmt: skip
    client.force_login(w.leader)  # no form for the council; POST refused
    assert (
        'data-testid="inspection-new"'
        not in client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    )
    assert client.post(reverse("supervision:inspection_new", args=[item.pk]), {}).status_code == 403
    client.force_login(w.staff)
    assert (
        'data-testid="inspection-new"'
        in client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    )
    response = client.post(
        reverse("supervision:inspection_new", args=[item.pk]),
        {"law": "中华人民共和国安全生产法", "articles": "第二十一条"},
    )
    obj = Inspection.objects.get(item=item)
    assert response["Location"] == reverse("supervision:inspection", args=[obj.pk])
    url = lambda a: reverse("supervision:inspection_action", args=[obj.pk, a])  # noqa: E731
    ms = scenario.members(w, 2)
    bad = client.post(
        url("add_member"), {"add_member-deputy_id": w.lead_deputy.pk, "add_member-role": "leader"}
    )
    assert bad.status_code == 400 and "组长和组员须为常务委员会组成人员" in bad.content.decode()
    assert not obj.members.exists()
    client.post(url("add_member"), {"add_member-deputy_id": ms[0][1].pk, "add_member-role": "leader"})
    client.post(url("start"))
    bad = client.post(
        url("record_visit"),
        {"record_visit-place": "", "record_visit-visited_on": "2026-01-05", "record_visit-findings": "x"},
    )
    assert bad.status_code == 400 and not obj.visits.exists()
    client.post(
        url("record_visit"),
        {
            "record_visit-place": "城东工业园",
            "record_visit-visited_on": f"{timezone.localdate():%Y-%m-%d}",
            "record_visit-findings": "隐患未整改。",
        },
    )
    done = client.post(url("report"), {"report-text": "一、总体情况。"})
    assert done.status_code == 302 and Inspection.objects.get(pk=obj.pk).status == "reported"
    page = client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    assert 'data-testid="item-inspection"' in page and "action-schedule" in page
    assert Item.objects.get(pk=item.pk).status == "planned"


def test_api_lists_and_reads_within_the_scope(client, w):
    preparing = scenario.inspection(w, title="准备中")
    reported = scenario.inspection_reported(w, title="已报告")
    assert client.get("/api/supervision/inspections").status_code == 401
    client.force_login(w.handlers[0])  # the body inspected: only the reported one
    assert [r["id"] for r in client.get("/api/supervision/inspections").json()["items"]] == [reported.pk]
    assert client.get(f"/api/supervision/inspections/{preparing.pk}").status_code == 404
    body = client.get(f"/api/supervision/inspections/{reported.pk}").json()
    assert body["status"] == "reported" and body["visits"][0]["place"] == "江北化工园区"
    assert [m["role"] for m in body["members"]] == ["leader", "member", "deputy"]
    client.force_login(w.auditor)
    assert len(client.get("/api/supervision/inspections").json()["items"]) == 2


def test_the_report_docx_agrees_with_the_record(client, w):
    import io

    import docx

    from renda.core.models import Event

    preparing = scenario.inspection(w, title="准备中")
    obj = scenario.inspection_reported(w)
    client.force_login(w.staff)
    assert client.get(reverse("supervision:inspection_report_docx", args=[preparing.pk])).status_code == 404
    client.force_login(w.handlers[0])
    page = client.get(reverse("supervision:inspection", args=[obj.pk])).content.decode()
    assert 'data-testid="inspection-report-docx"' in page
    response = client.get(reverse("supervision:inspection_report_docx", args=[obj.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "关于检查《中华人民共和国大气污染防治法》实施情况的报告" in text
    assert "成员3人" in text and "第十九条、第四十三条" in text
    assert "江北化工园区实地检查：两家企业在线监测数据缺失。" in text and "二、存在的问题。" in text
    assert (
        Event.objects.filter(action="supervision_inspection_report_docx", object_id=str(obj.pk)).count() == 1
    )
