"""The livelihood API of implementation (§4.5): milestones with the lagging flag, a progress report with
photos (multipart; EXIF stripped; an HTML file named .jpg refused with a clear message), the supervision
group and its inspections answered by the owner unit."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from renda.core.roles import Role
from renda.livelihood.models import Inspection
from renda.livelihood.tests import scenario
from tests.factories import HandlingUnitFactory, StandingCommitteeMemberFactory, user_with_role

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def setup():
    staff = user_with_role(Role.STAFF, username="ai-staff")
    unit = HandlingUnitFactory()
    scenario.year(staff)
    project = scenario.in_state(staff, unit, "selected")
    owner = user_with_role(Role.UNIT_HANDLER, username="ai-owner", unit=unit)
    return staff, owner, project


def _gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 5.0)}
    out = io.BytesIO()
    Image.new("RGB", (100, 80), (10, 200, 10)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_milestones_api(client, setup):
    _staff, owner, project = setup
    client.force_login(owner)
    url = f"/api/livelihood/projects/{project.pk}/milestones"
    past = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    created = client.post(url, {"title": "完成设计", "planned": past}, content_type=JSON)
    assert created.status_code == 201, created.content
    listed = client.get(url).json()
    assert [(m["title"], m["lagging"], m["days_late"]) for m in listed] == [("完成设计", True, 2)]
    done = client.post(f"{url}/{created.json()['id']}/done", {}, content_type=JSON)
    assert done.status_code == 200 and done.json()["lagging"] is False
    client.force_login(user_with_role(Role.DEPUTY, username="ai-dep"))
    assert client.post(url, {"title": "x", "planned": past}, content_type=JSON).status_code == 403


def test_report_with_photos_api(client, setup):
    _staff, owner, project = setup
    client.force_login(owner)
    url = f"/api/livelihood/projects/{project.pk}/photo-reports"
    fake = SimpleUploadedFile("x.jpg", b"<html><body>hi</body></html>", content_type="image/jpeg")
    refused = client.post(url, {"text": "进展", "percent": 30, "photos": [fake]})
    assert refused.status_code == 400
    assert "JPEG 或 PNG" in refused.content.decode()
    photo = SimpleUploadedFile("p.jpg", _gps_jpeg(), content_type="image/jpeg")
    response = client.post(url, {"text": "进展", "percent": 30, "photos": [photo]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["photos"]) == 1
    served = client.get(body["photos"][0]["url"])
    data = b"".join(served.streaming_content)
    assert not Image.open(io.BytesIO(data)).getexif()
    listed = client.get(f"/api/livelihood/projects/{project.pk}/reports").json()
    assert listed[0]["photos"][0]["thumbnail_url"].endswith("/thumb/")


def test_group_and_inspections_api(client, setup):
    staff, owner, project = setup
    leader = StandingCommitteeMemberFactory(position="chair").deputy
    member = user_with_role(Role.DEPUTY, username="ai-member")
    client.force_login(staff)
    group = client.post(
        f"/api/livelihood/years/{scenario.YEAR}/group",
        {"leader_id": leader.pk, "member_ids": [member.deputy.pk]},
        content_type=JSON,
    )
    assert group.status_code == 200, group.content
    client.force_login(member)
    body = {
        "project_id": project.pk,
        "day": timezone.localdate().isoformat(),
        "findings": "正常",
        "opinion": "加快",
    }
    created = client.post("/api/livelihood/inspections", body, content_type=JSON)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    client.force_login(user_with_role(Role.DEPUTY, username="ai-outsider"))
    assert client.post("/api/livelihood/inspections", body, content_type=JSON).status_code == 403
    assert client.get("/api/livelihood/inspections").json()["items"] == []
    client.force_login(owner)
    assert [i["id"] for i in client.get("/api/livelihood/inspections?open=true").json()["items"]] == [pk]
    answered = client.post(
        f"/api/livelihood/inspections/{pk}/answer", {"answer": "已加快"}, content_type=JSON
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    assert Inspection.objects.get().answer == "已加快"
