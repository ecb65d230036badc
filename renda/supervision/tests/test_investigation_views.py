"""The pages of investigations and removal motions: each draws exactly the actions the services accept for
the user; a member signs from the signature page their home page's tile opens; the forms post through the
services (a refused input redrawn with its message); the report's docx and the evidence are served only to
those who see the investigation; a unit sees nothing."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.core import spine
from renda.supervision.models import Investigation, RemovalMotion
from renda.supervision.services import investigations as svc
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w():
    return scenario.world(prefix="ivv")


def _drawn(html: str) -> list[str]:
    return re.findall(r'data-testid="action-([a-z_]+)"', html)


def test_the_pages_draw_exactly_the_available_actions(client, w):
    objs = [
        scenario.inv_drafted(w, title="页面-草稿"),
        scenario.inv_signing(w, title="页面-联名"),
        scenario.inv_proposed(w, title="页面-提出"),
        scenario.inv_established(w, title="页面-组织"),
        scenario.inv_investigating(w, title="页面-调查"),
    ]
    removal = scenario.removal_filed(w)
    ms = scenario.members(w, 11)
    users = [
        w.staff,
        w.leader,
        w.auditor,
        w.handlers[0],
        w.unit_leaders[0],
        w.lead,
        ms[0][0],
        ms[1][0],
        ms[9][0],
    ]
    for user in users:
        client.force_login(user)
        for obj in [*objs, removal]:
            obj = type(obj).objects.get(pk=obj.pk)
            name = "supervision:investigation" if isinstance(obj, Investigation) else "supervision:removal"
            response = client.get(reverse(name, args=[obj.pk]))
            if not spine.policy_for(obj).visible(spine.as_actor(user), obj):
                assert response.status_code == 404
                continue
            assert response.status_code == 200
            assert _drawn(response.content.decode()) == spine.available_actions(user, obj), (user, obj.status)


def test_a_member_signs_from_the_home_tile_and_staff_see_the_threshold_reached(client, w):
    obj = scenario.inv_signing(w)
    ms = scenario.members(w, 11)
    client.force_login(ms[1][0])
    home = client.get("/").content.decode()
    assert 'data-testid="work-motions"' in home
    page = client.get(reverse("supervision:motions_sign")).content.decode()
    assert obj.title in page
    signed = client.post(reverse("supervision:investigation_action", args=[obj.pk, "sign"]), {"next": "sign"})
    assert signed.status_code == 302 and signed["Location"] == reverse("supervision:motions_sign")
    assert obj.title not in client.get(reverse("supervision:motions_sign")).content.decode()
    client.force_login(ms[2][0])
    client.post(reverse("supervision:investigation_action", args=[obj.pk, "sign"]))
    client.force_login(w.staff)
    page = client.get(reverse("supervision:investigation", args=[obj.pk])).content.decode()
    assert 'data-testid="threshold-reached"' in page and "已联名 3 人" in page
    assert "action-file" in page


def test_forms_post_through_the_services_and_files_are_checked(client, w):
    obj = scenario.inv_investigating(w)
    client.force_login(w.staff)
    url = reverse("supervision:investigation_action", args=[obj.pk, "add_evidence"])
    bad = client.post(
        url,
        {"add_evidence-title": "伪装", "add_evidence-file": SimpleUploadedFile("a.pdf", b"MZ" + b"\0" * 99)},
    )
    assert bad.status_code == 400 and "内容不是 PDF" in bad.content.decode()
    good = client.post(
        url, {"add_evidence-title": "台账", "add_evidence-file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert good.status_code == 302
    ev = obj.evidence.get()
    download = reverse("supervision:investigation_evidence", args=[obj.pk, ev.pk])
    assert client.get(download).status_code == 200
    client.force_login(w.handlers[0])
    assert client.get(download).status_code == 404
    assert obj.title not in client.get(reverse("supervision:investigations")).content.decode()
    client.force_login(w.staff)
    svc.investigation_record_hearing(
        actor=w.staff,
        investigation_id=obj.pk,
        held_on=obj.established_on,
        witnesses="市住建局",
        summary="说明。",
    )
    report = client.post(
        reverse("supervision:investigation_action", args=[obj.pk, "report"]), {"report-text": "一、情况。"}
    )
    assert report.status_code == 302
    docx = client.get(reverse("supervision:investigation_report_docx", args=[obj.pk]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_member_drafts_a_removal_naming_a_holder(client, w):
    person = scenario.holder(w)
    ms = scenario.members(w, 11)
    client.force_login(ms[0][0])
    page = client.get(reverse("supervision:investigations")).content.decode()
    assert person.name in page
    made = client.post(reverse("supervision:removal_new"), {"holder_id": person.pk, "reasons": "严重失职。"})
    obj = RemovalMotion.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("supervision:removal", args=[obj.pk])
    client.force_login(w.lead)  # a deputy not on the standing committee: no form, no motion
    page = client.get(reverse("supervision:investigations")).content.decode()
    assert 'data-testid="removal-new"' not in page and obj.title not in page
