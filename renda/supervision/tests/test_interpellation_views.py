"""The interpellation pages: each page draws exactly `available_actions` for every role in every state; a
member drafts one, invites and files through the menu; the signature page (from the home page's to-do tile)
signs; bad input redraws with the field's error and changes nothing; refusals are 403/404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core import spine
from renda.supervision.models import Interpellation
from renda.supervision.services import interpellations as svc
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world(prefix="iv")


def _drawn(html: str) -> list[str]:
    return re.findall(r'data-testid="action-([a-z_]+)"', html)


def test_the_page_draws_exactly_the_available_actions(client, w):
    objs = [
        scenario.drafted(w, title="页面-草稿"),
        scenario.signing(w, title="页面-联名"),
        scenario.filed(w, title="页面-提出"),
        scenario.accepted_written(w, title="页面-交付"),
        scenario.answered_written(w, title="页面-答复"),
    ]
    ms = scenario.members(w)
    users = [
        w.staff,
        w.leader,
        w.auditor,
        w.handlers[0],
        w.unit_leaders[0],
        w.handlers[1],
        ms[0][0],
        ms[1][0],
    ]
    for user in users:
        client.force_login(user)
        for obj in objs:
            obj = Interpellation.objects.get(pk=obj.pk)
            response = client.get(reverse("supervision:interpellation", args=[obj.pk]))
            if not spine.policy_for(obj).visible(spine.as_actor(user), obj):
                assert response.status_code == 404
                continue
            assert response.status_code == 200
            assert _drawn(response.content.decode()) == spine.available_actions(user, obj), (user, obj.status)


def test_a_member_drafts_invites_and_the_invited_sign_from_their_home_page(client, w):
    ms = scenario.members(w)
    client.force_login(w.lead)  # a deputy who is not on the standing committee: no draft form, POST refused
    assert (
        'data-testid="interpellation-new"'
        not in client.get(reverse("supervision:interpellations")).content.decode()
    )
    assert client.post(reverse("supervision:interpellation_new"), {}).status_code == 403
    client.force_login(ms[0][0])
    bad = client.post(
        reverse("supervision:interpellation_new"),
        {"title": "", "body_id": w.units[0].pk, "questions": "问题"},
    )
    assert bad.status_code == 400 and not Interpellation.objects.exists()
    response = client.post(
        reverse("supervision:interpellation_new"),
        {"title": "关于学校食品安全的质询案", "body_id": w.units[0].pk, "questions": "为何未整改？"},
    )
    obj = Interpellation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "supervision:interpellation", args=[obj.pk]
    )
    deadline = (timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    invite = reverse("supervision:interpellation_action", args=[obj.pk, "invite"])
    short = client.post(invite, {"invite-deputy_ids": [ms[1][1].pk], "invite-deadline": deadline})
    assert short.status_code == 400 and "须5人以上联名" in short.content.decode()
    assert Interpellation.objects.get(pk=obj.pk).status == "draft"
    ok = client.post(invite, {"invite-deputy_ids": [d.pk for _u, d in ms[1:]], "invite-deadline": deadline})
    assert ok.status_code == 302 and Interpellation.objects.get(pk=obj.pk).status == "signing"
    # an invited member: the home page's tile, the signature page, one tap
    client.force_login(ms[1][0])
    home = client.get("/").content.decode()
    assert 'data-testid="work-interpellations"' in home
    page = client.get(reverse("supervision:interpellations_sign")).content.decode()
    assert page.count('data-testid="sign-item"') == 1
    signed = client.post(
        reverse("supervision:interpellation_action", args=[obj.pk, "sign"]), {"next": "sign"}
    )
    assert signed.status_code == 302 and signed["Location"] == reverse("supervision:interpellations_sign")
    assert obj.signers.get(deputy=ms[1][1]).status == "signed"
    assert 'data-testid="work-interpellations"' not in client.get("/").content.decode()
    # signing twice is refused by the table (the member is no longer an invitee): 403
    again = client.post(reverse("supervision:interpellation_action", args=[obj.pk, "sign"]))
    assert again.status_code == 403


def test_outsiders_get_404_and_other_roles_403(client, w):
    obj = scenario.filed(w)
    client.force_login(w.handlers[0])  # the body, before the council sent it: absent
    assert client.get(reverse("supervision:interpellation", args=[obj.pk])).status_code == 404
    client.force_login(w.auditor)
    url = reverse("supervision:interpellation_action", args=[obj.pk, "accept"])
    assert client.post(url, {"accept-answer_form": "written"}).status_code == 403
    client.force_login(w.leader)
    assert client.post(url, {"accept-answer_form": "written"}).status_code == 302
    assert Interpellation.objects.get(pk=obj.pk).status == "accepted"
    svc.interpellation_answer(
        actor=w.handlers[0], interpellation_id=obj.pk, text="答复。", answered_by="李局长"
    )
    client.force_login(scenario.members(w)[1][0])
    declare = reverse("supervision:interpellation_action", args=[obj.pk, "declare"])
    assert client.post(declare, {"declare-dissatisfied": "1"}).status_code == 302
    assert obj.signers.get(deputy=scenario.members(w)[1][1]).dissatisfied is True
    page = client.get(reverse("supervision:interpellation", args=[obj.pk])).content.decode()
    assert 'data-testid="dissatisfied-count">1 / 5' in page


def test_api_signs_answers_and_declares(client, w):
    JSON = {"content_type": "application/json"}
    obj = scenario.signing(w)
    ms = scenario.members(w)
    assert client.get("/api/supervision/interpellations").status_code == 401
    client.force_login(ms[1][0])
    listed = client.get("/api/supervision/interpellations?to_sign=true").json()["items"]
    assert [r["id"] for r in listed] == [obj.pk]
    assert (
        client.post(
            f"/api/supervision/interpellations/{obj.pk}/sign", {"accept": "maybe"}, **JSON
        ).status_code
        == 422
    )
    body = client.post(f"/api/supervision/interpellations/{obj.pk}/sign", {"accept": True}, **JSON).json()
    assert (body["signed"], body["signers_needed"], body["status"]) == (2, 5, "signing")
    assert (
        client.post(f"/api/supervision/interpellations/{obj.pk}/sign", {"accept": True}, **JSON).status_code
        == 403
    )
    client.force_login(scenario.members(w, 8)[7][0])  # a member not invited: absent
    assert client.get(f"/api/supervision/interpellations/{obj.pk}").status_code == 404
    for user, _d in ms[2:5]:
        svc.interpellation_sign(actor=user, interpellation_id=obj.pk, accept=True)
    svc.interpellation_file(actor=ms[0][0], interpellation_id=obj.pk)
    svc.interpellation_accept(actor=w.leader, interpellation_id=obj.pk, answer_form="written")
    client.force_login(w.unit_leaders[0])
    bad = client.post(
        f"/api/supervision/interpellations/{obj.pk}/answer", {"text": "答复", "answered_by": ""}, **JSON
    )
    assert bad.status_code == 400 and bad.json()["field"] == "answered_by"
    ok = client.post(
        f"/api/supervision/interpellations/{obj.pk}/answer", {"text": "答复", "answered_by": "李局长"}, **JSON
    )
    assert ok.status_code == 200 and ok.json()["status"] == "answered"
    for user, _d in ms[:3]:
        client.force_login(user)
        out = client.post(
            f"/api/supervision/interpellations/{obj.pk}/declare", {"dissatisfied": True}, **JSON
        )
        assert out.status_code == 200
    assert out.json()["dissatisfied"] == 3
    svc.interpellation_request_second(actor=w.leader, interpellation_id=obj.pk)
    client.force_login(w.handlers[0])
    again = client.post(
        f"/api/supervision/interpellations/{obj.pk}/answer",
        {"text": "再次答复", "answered_by": "李局长"},
        **JSON,
    )
    assert again.json()["status"] == "closed" and again.json()["second_answer_text"] == "再次答复"


def test_the_answer_notice_docx_agrees_with_the_record(client, w):
    import io

    import docx

    from renda.core.models import Event

    filed = scenario.filed(w, title="未答复的质询案")
    obj = scenario.answered_written(w)
    svc.interpellation_declare(actor=scenario.members(w)[2][0], interpellation_id=obj.pk, dissatisfied=True)
    client.force_login(w.staff)
    assert client.get(reverse("supervision:interpellation_notice", args=[filed.pk])).status_code == 404
    client.force_login(w.handlers[1])  # another unit: absent
    assert client.get(reverse("supervision:interpellation_notice", args=[obj.pk])).status_code == 404
    client.force_login(scenario.members(w)[0][0])
    page = client.get(reverse("supervision:interpellation", args=[obj.pk])).content.decode()
    assert 'data-testid="notice-docx"' in page
    response = client.get(reverse("supervision:interpellation_notice", args=[obj.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "关于《关于全市学校食品安全监管问题的质询案》答复情况的通报" in text
    assert "5名常务委员会组成人员" in text and "已责令整改。" in text and "李局长" in text
    assert "5名组成人员中，1名对答复表示不满意" in text
    assert (
        Event.objects.filter(action="supervision_interpellation_notice_docx", object_id=str(obj.pk)).count()
        == 1
    )
