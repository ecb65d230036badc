"""The procedures pages: each page by role (the congress reads, a unit outside it sees nothing), the buttons
are exactly the available actions, a skipped step refused on the page by its name, the public draft takes a
comment without sign-in, a file changed after upload is flagged on the case page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core import spine
from renda.procedures import services
from renda.procedures.tests import scenario
from renda.procedures.views import CASE_MENU, MENU

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    return scenario.government()


@pytest.fixture
def decision(gov):
    return scenario.decision(gov)


def test_pages_by_role(client, gov, decision):
    case = scenario.case(gov)
    pages = [
        reverse("procedures:index"),
        reverse("procedures:decision", args=[decision.pk]),
        reverse("procedures:cases"),
        reverse("procedures:case", args=[case.pk]),
    ]
    for user in (gov.admin, gov.staff, gov.leader, gov.lead_user):
        client.force_login(user)
        for url in pages[:2]:
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(gov.police_user)
    assert client.get(pages[3]).status_code == 200
    assert client.get(pages[1]).status_code == 404  # a draft catalogue's decision of another unit
    client.force_login(gov.other_unit_user)
    assert client.get(pages[3]).status_code == 404
    assert client.get(reverse("procedures:congress")).status_code == 403
    client.force_login(gov.staff)
    response = client.get(reverse("procedures:congress"))
    assert response.status_code == 200 and "城市公共交通票价调整" in response.content.decode()
    assert client.get(pages[3]).status_code == 200
    client.logout()
    for url in (reverse("procedures:public_catalogue"), reverse("procedures:notice")):
        assert client.get(url).status_code == 200
    assert client.get(pages[0]).status_code == 302


def test_buttons_are_exactly_the_available_actions(client, gov, decision):
    for user in (gov.lead_user, gov.staff, gov.justice_user, gov.admin):
        client.force_login(user)
        response = client.get(reverse("procedures:decision", args=[decision.pk]))
        names = {b.name for b in response.context["buttons"]}
        assert names == set(spine.available_actions(user, decision, only=MENU.names()))
    assert names  # the administrator has some
    client.force_login(gov.staff)
    assert client.get(reverse("procedures:decision", args=[decision.pk])).context["buttons"] == []
    case = scenario.case(gov)
    client.force_login(gov.police_user)
    names = {b.name for b in client.get(reverse("procedures:case", args=[case.pk])).context["buttons"]}
    assert (
        names
        == set(spine.available_actions(gov.police_user, case, only=CASE_MENU.names()))
        == {"record", "propose"}
    )


def test_a_skipped_step_is_refused_on_the_page_by_name(client, gov, decision):
    client.force_login(gov.staff)
    url = reverse("procedures:decision_action", args=[decision.pk, "submit_review"])
    assert client.post(url).status_code == 403  # the congress never acts
    client.force_login(gov.lead_user)
    page = client.get(reverse("procedures:decision", args=[decision.pk])).content.decode()
    assert 'data-testid="blocked"' in page and "尚未完成：公众参与、专家论证、风险评估" in page
    response = client.post(url, follow=True)
    text = response.content.decode()
    assert "尚未完成" in text and "专家论证" in text
    decision.refresh_from_db()
    assert decision.status == "preparing"
    response = client.post(
        reverse("procedures:decision_action", args=[decision.pk, "exempt"]),
        {"exempt-step": "legality", "exempt-basis": scenario.BASIS},
    )
    assert response.status_code == 400 and "不可免予" in response.content.decode()


def test_the_public_draft_takes_a_comment_without_sign_in(client, gov, decision):
    today = timezone.localdate()
    services.draft_open(
        actor=gov.lead_user,
        decision_id=decision,
        draft_text="征求意见稿正文",
        comment_opens=today,
        comment_closes=today + dt.timedelta(days=30),
    )
    url = reverse("procedures:public_decision", args=[decision.pk])
    assert "征求意见稿正文" in client.get(url).content.decode()
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "建议延长夜班公交", "author": ""}, follow=True)
    assert "已收到您的意见" in response.content.decode()
    assert decision.comments.count() == 1


def test_a_changed_file_is_flagged_on_the_case_page(client, gov):
    case = scenario.case(gov)
    client.force_login(gov.police_user)
    response = client.post(
        reverse("procedures:case_action", args=[case.pk, "record"]),
        {"record-kind": "investigation", "record-note": "现场检查笔录", "record-file": scenario.pdf()},
    )
    assert response.status_code == 302
    entry = case.files.get()
    page = client.get(reverse("procedures:case", args=[case.pk])).content.decode()
    assert 'data-testid="fingerprint-ok"' in page and entry.sm3 in page
    with open(entry.file.path, "ab") as fh:
        fh.write(b"x")
    page = client.get(reverse("procedures:case", args=[case.pk])).content.decode()
    assert 'data-testid="fingerprint-changed"' in page


def test_settings_page_is_the_administrators(client, gov):
    client.force_login(gov.police_user)
    assert client.get(reverse("procedures:settings")).status_code == 403
    client.force_login(gov.admin)
    assert client.get(reverse("procedures:settings")).status_code == 200
    bad = client.post(reverse("procedures:settings"), {"publish_days": "0", "major_categories": ["revoke"]})
    assert bad.status_code == 400
    ok = client.post(
        reverse("procedures:settings"), {"publish_days": "5", "major_categories": ["revoke", "fine"]}
    )
    assert ok.status_code == 302
    from renda.procedures import selectors

    row = selectors.settings_row()
    assert (row.publish_days, row.major_categories) == (5, ["fine", "revoke"])


def test_the_public_notice_states_the_procedure_and_the_set_days(client, gov):
    services.settings_update(actor=gov.admin, publish_days=5, major_categories=["revoke"])
    page = client.get(reverse("procedures:notice")).content.decode()
    assert "立案 → 调查取证 → 告知 → 听证 → 决定 → 送达 → 执行" in page
    assert "执法决定作出后 5 个工作日内公示" in page and "申请行政复议或者提起行政诉讼" in page
