"""An investigation's evidence uploaded through the API (checked by content like the page's), and the
published investigations on the public supervision page (监督法 第五十九条): the report, the committee and the
resolution with its vote, without sign-in — never the evidence or the signatures, never before publication."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.supervision.models import Investigation
from renda.supervision.services import investigations as svc
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w():
    return scenario.world(prefix="ivp")


def test_evidence_through_the_api_is_checked_by_content(client, w):
    obj = scenario.inv_investigating(w)
    url = f"/api/supervision/investigations/{obj.pk}/evidence"
    client.force_login(w.staff)
    fake = SimpleUploadedFile("台账.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    refused = client.post(url, {"title": "伪装文件", "file": fake})
    assert refused.status_code == 400 and "PDF" in refused.content.decode()
    assert not obj.evidence.exists()
    missing = client.post(url, {"title": "没有文件"})
    assert missing.status_code in (400, 422) and not obj.evidence.exists()
    done = client.post(url, {"title": "资金拨付台账", "file": SimpleUploadedFile("台账.pdf", PDF)})
    assert done.status_code == 200, done.content
    assert [(e["title"], e["file_name"]) for e in done.json()["evidence"]] == [("资金拨付台账", "台账.pdf")]
    # a deputy who is not on the committee may neither upload nor see it
    client.force_login(w.lead)
    again = client.post(url, {"title": "x", "file": SimpleUploadedFile("b.pdf", PDF)})
    assert again.status_code in (403, 404) and obj.evidence.count() == 1


def _published(w, title: str) -> Investigation:
    obj = scenario.inv_investigating(w, title=title)
    svc.investigation_record_hearing(
        actor=w.staff, investigation_id=obj.pk, held_on=dt.date(2026, 4, 2), witnesses="市住建局",
        summary="听取情况说明。",
    )  # fmt: skip
    svc.investigation_add_evidence(
        actor=w.staff, investigation_id=obj.pk, title="内部台账（不公开）",
        file=SimpleUploadedFile("台账.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    svc.investigation_report(actor=w.staff, investigation_id=obj.pk, text="一、资金挪用情况属实。")
    svc.investigation_schedule_report(
        actor=w.staff, investigation_id=obj.pk, meeting_id=w.extra["review_meeting"].pk
    )
    svc.investigation_resolve(
        actor=w.staff, investigation_id=obj.pk, text="责成市政府三个月内整改。", members=11, yes=9, no=1,
        abstain=0,
    )  # fmt: skip
    return svc.investigation_publish(actor=w.leader, investigation_id=obj.pk)


def test_the_public_page_shows_published_investigations_only(client, w, django_assert_max_num_queries):
    published = _published(w, "全市地下管网建设资金使用问题")
    scenario.inv_investigating(w, title="尚在调查的问题")
    assert list(Investigation.objects.restrict(None, "public")) == [published]
    with django_assert_max_num_queries(14):  # no query per investigation or per committee member
        html = client.get(reverse("supervision:public")).content.decode()  # no sign-in
    assert html.count('data-testid="public-investigation"') == 1
    assert html.index('data-testid="public-investigation"') > html.index("</head>")  # in the page's body
    assert "全市地下管网建设资金使用问题" in html and "尚在调查的问题" not in html
    assert "一、资金挪用情况属实。" in html and "责成市政府三个月内整改。" in html
    assert "组成人员 11 人，赞成 9，反对 1，弃权 0" in html
    assert "周教授" in html  # the committee (an expert)
    assert "内部台账" not in html and "台账.pdf" not in html  # evidence stays inside
