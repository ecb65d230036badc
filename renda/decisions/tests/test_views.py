"""The decisions pages: each role opens only what it may; a matter's page draws exactly the actions the
services accept; staff take them through the page (the vote through the voting engine); the catalogue; the
public list (no sign-in) shows only what was published; the decision as Word; the API."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from renda.core import spine
from renda.decisions import views
from renda.decisions.models import CatalogueEntry, Matter
from renda.decisions.tests import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world("dv")


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("role", "code"),
    [("staff", 200), ("admin", 200), ("leader", 200), ("auditor", 200), ("deputy", 200),
     ("unit_handler", 403), ("station_keeper", 403), ("anonymous", 302)],
)  # fmt: skip
def test_who_opens_the_matters(client, w, role, code):
    m = scenario.matter(w)
    for url in (
        reverse("decisions:list"),
        reverse("decisions:detail", args=[m.pk]),
        reverse("decisions:catalogue"),
        reverse("decisions:docx", args=[m.pk]),
    ):
        assert _get(client, w.users[role], url).status_code == code, url
    new = _get(client, w.users[role], reverse("decisions:new")).status_code
    assert new == (200 if role in ("staff", "admin") else 302 if role == "anonymous" else 403)


def test_detail_draws_exactly_the_actions_the_services_accept(client, w):
    m = scenario.matter(w, decision_text="")
    drawn = {}
    for role in ("staff", "leader", "deputy"):
        client.force_login(w.users[role])
        html = client.get(reverse("decisions:detail", args=[m.pk])).content.decode()
        drawn[role] = set(re.findall(r'data-action="([a-z_]+)"', html))
        assert drawn[role] == set(spine.available_actions(w.users[role], m, only=views.MATTER_MENU.names()))
    assert drawn["leader"] == drawn["deputy"] == set()
    assert drawn["staff"] == {"edit", "return"}  # no draft decision yet: not on an agenda


def test_staff_take_the_path_through_the_pages(client, w):
    s = scenario.meeting(w)
    client.force_login(w.staff)
    form = {"title": "", "submitter": "government", "report": "市人民政府提请设立江城市生态日。",
            "kind": "decision", "submitted_on": "2026-01-05", "followup_months": "6"}  # fmt: skip
    r = client.post(reverse("decisions:new"), form)
    assert r.status_code == 400 and not Matter.objects.exists()
    r = client.post(reverse("decisions:new"), {**form, "title": "关于设立江城市生态日的议案"})
    m = Matter.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("decisions:detail", args=[m.pk])
    act = lambda name, data: client.post(reverse("decisions:action", args=[m.pk, name]), data)  # noqa: E731
    act("schedule", {"schedule-session_id": s.session.pk})  # refused: no draft decision yet
    assert Matter.objects.get().status == "submitted" and not s.session.agenda.exclude(pk=s.item.pk).exists()
    title = "江城市人民代表大会常务委员会关于设立江城市生态日的决定"
    text = "每年6月5日为江城市生态日。"
    r = act("edit", {"edit-kind": "decision", "edit-decision_title": title, "edit-decision_text": text,
                     "edit-followup_months": "12"})  # fmt: skip
    assert r.status_code == 302
    assert act("schedule", {"schedule-session_id": s.session.pk}).status_code == 302
    assert act("open_vote", {"open_vote-method": "electronic"}).status_code == 302
    m.refresh_from_db()
    scenario.vote(s, m.poll_id, yes=12)
    assert act("close_vote", {}).status_code == 302
    r = act(
        "publish",
        {
            "publish-number": "江人常决〔2026〕1号",
            "publish-published_on": str(Matter.objects.get().decided_on),
        },
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.votes_yes, m.followup_months) == ("published", 12, 12)
    html = client.get(reverse("decisions:detail", args=[m.pk])).content.decode()
    assert 'data-testid="followup-due"' in html and "江人常决〔2026〕1号" in html
    client.force_login(w.users["leader"])
    assert (
        act("report", {"report-report": "已开展", "report-reported_on": str(m.decided_on)}).status_code == 403
    )
    assert Matter.objects.get().status == "published"


def test_the_public_sees_only_what_was_published(client, w):
    pending = scenario.matter(w, title="尚未审议的事项")
    m = scenario.adopted(w)
    assert (
        client.get(reverse("decisions:public_detail", args=[m.pk])).status_code == 404
    )  # adopted, not published
    from renda.decisions import services

    services.matter_publish(actor=w.staff, matter_id=m.pk, number="江人常决〔2026〕1号")
    html = client.get(reverse("decisions:public")).content.decode()
    assert (
        scenario.TITLE in html
        and "尚未审议的事项" not in html
        and html.count('data-testid="public-decision"') == 1
    )
    assert client.get(reverse("decisions:public_detail", args=[m.pk])).status_code == 200
    assert client.get(reverse("decisions:public_detail", args=[pending.pk])).status_code == 404
    docx = client.get(reverse("decisions:public_docx", args=[m.pk]))
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert scenario.TITLE in text and "江人常决〔2026〕1号" in text and "会议决定，批准" in text
    assert "通过）" in text  # the line naming the meeting that adopted it


def test_the_catalogue_page(client, w):
    client.force_login(w.users["leader"])
    assert client.post(reverse("decisions:catalogue"), {"title": "x", "basis": "y"}).status_code == 404
    client.force_login(w.staff)
    assert client.post(reverse("decisions:catalogue"), {"title": "", "basis": "y"}).status_code == 400
    client.post(reverse("decisions:catalogue"), {"title": "重大政府投资项目", "basis": "本市规定"})
    entry = CatalogueEntry.objects.get()
    assert "重大政府投资项目" in client.get(reverse("decisions:catalogue")).content.decode()
    client.post(reverse("decisions:catalogue"), {"retire": entry.pk})
    assert not CatalogueEntry.objects.get().is_active


def test_the_api(client, w):
    payload = {
        "title": "关于设立江城市生态日的议案",
        "submitter": "members",
        "signers": 4,
        "report": "联名提请",
    }
    client.force_login(w.users["deputy"])
    assert client.get("/api/decisions/matters").json()["items"] == []
    assert client.post("/api/decisions/matters", payload, content_type="application/json").status_code == 403
    client.force_login(w.staff)
    bad = client.post("/api/decisions/matters", payload, content_type="application/json")
    assert bad.status_code == 400 and "signers" in bad.content.decode() and not Matter.objects.exists()
    made = client.post("/api/decisions/matters", {**payload, "signers": 6}, content_type="application/json")
    assert made.status_code == 200 and made.json()["status"] == "submitted"
    m = scenario.adopted(w)
    from renda.decisions import services

    services.matter_publish(actor=w.staff, matter_id=m.pk, number="江人常决〔2026〕1号")
    body = client.get(f"/api/decisions/matters/{m.pk}").json()
    assert body["followup"]["state"] == "pending" and body["votes_yes"] == 9 and body["members_total"] == 15
    r = client.post(
        f"/api/decisions/matters/{m.pk}/report", {"report": "已执行"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["followup"]["state"] == "reported"
    client.force_login(w.users["unit_handler"])
    assert client.get(f"/api/decisions/matters/{m.pk}").status_code == 404
