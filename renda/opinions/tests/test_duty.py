"""The duty record (履职档案): compiled from what Renda records (sessions, suggestions, motions, co-signing,
named votes, receptions, opinions) plus duties added with evidence and confirmed by staff; the score derived;
the 述职报告 as docx; the deputy sees their own, staff, leaders and auditors every one; the public profile has
no personal data; the ranking for staff."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError, PermissionDenied
from renda.meetings.models import Attendance
from renda.opinions import duty, selectors, services
from renda.opinions.models import DutyActivity
from renda.opinions.tests import scenario
from renda.proposals.models import Cosigner, Proposal
from tests.factories import DeputyFactory, SessionFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def w():
    return scenario.world("d")


def _add(w, deputy, **extra):
    data = {"kind": "inspection", "date": TODAY(), "title": "视察城区防汛设施", "evidence": "视察通知"}
    return services.duty_activity_add(actor=w.deputy_user, deputy_id=deputy.pk, **{**data, **extra})


def test_the_record_fills_in_from_what_renda_records(w):
    year = TODAY().year
    before = selectors.duty_record(w.deputy.pk, year)
    assert before["score"] == 0 and before["band"] == "差"
    session = SessionFactory(term=w.deputy.term, start_date=TODAY())
    Attendance.objects.create(session=session, deputy=w.deputy, status="present")
    now = timezone.now()
    Proposal.objects.create(
        term=w.deputy.term, kind="suggestion", title="建议", lead_deputy=w.deputy, created_by=w.staff,
        submitted_at=now, status="submitted",
    )  # fmt: skip
    other = Proposal.objects.create(
        term=w.deputy.term, kind="motion", title="议案", lead_deputy=DeputyFactory(), created_by=w.staff,
        submitted_at=now, status="submitted",
    )  # fmt: skip
    Cosigner.objects.create(proposal=other, deputy=w.deputy, status="confirmed")
    r = services.reception_create(
        actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk]
    )
    services.reception_attendance(actor=w.keeper, reception_id=r.pk, present_ids=[w.deputy.pk])
    scenario.record(w, reception_id=r.pk)
    counts = selectors.duty_counts(w.deputy.pk, year)
    assert counts["sessions"] == 1 and counts["suggestions_lead"] == 1 and counts["cosigned"] == 1
    assert counts["receptions"] == 1 and counts["opinions"] == 1 and counts["motions_lead"] == 0
    after = selectors.duty_record(w.deputy.pk, year)
    assert after["score"] == duty.score(counts) == 10 + 3 + 1 + 3 + 1
    assert selectors.duty_counts(w.deputy.pk, year - 1)["sessions"] == 0  # by year


def test_a_deputys_own_duty_counts_once_staff_confirm_it(w):
    row = _add(w, w.deputy)
    assert row.status == "pending" and selectors.duty_counts(w.deputy.pk, TODAY().year)["inspection"] == 0
    with pytest.raises(PermissionDenied):
        services.duty_activity_decide(actor=w.deputy_user, activity_id=row.pk, confirm=True)
    services.duty_activity_decide(actor=w.staff, activity_id=row.pk, confirm=True)
    assert selectors.duty_counts(w.deputy.pk, TODAY().year)["inspection"] == 1
    with pytest.raises(ApplicationError) as exc:
        services.duty_activity_decide(actor=w.staff, activity_id=row.pk, confirm=False)
    assert exc.value.status == 409
    refused = _add(w, w.deputy, kind="research")
    services.duty_activity_decide(actor=w.staff, activity_id=refused.pk, confirm=False)
    assert selectors.duty_counts(w.deputy.pk, TODAY().year)["research"] == 0
    staff_row = services.duty_activity_add(
        actor=w.staff, deputy_id=w.deputy.pk, kind="training", date=TODAY(), title="履职培训"
    )
    assert staff_row.status == "confirmed"


def test_a_deputy_adds_only_their_own_with_evidence(w):
    with pytest.raises(PermissionDenied):
        _add(w, DeputyFactory())
    with pytest.raises(ApplicationError) as exc:
        _add(w, w.deputy, evidence="")
    assert exc.value.field == "evidence"
    with pytest.raises(ApplicationError) as exc:
        _add(w, w.deputy, date=TODAY().replace(year=TODAY().year + 1))
    assert exc.value.field == "date"
    with pytest.raises(ApplicationError) as exc:
        _add(w, w.deputy, kind="party")
    assert exc.value.field == "kind"
    for role in ("unit_handler", "station_keeper", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            services.duty_activity_add(
                actor=w.users[role],
                deputy_id=w.deputy.pk,
                kind="other",
                date=TODAY(),
                title="x",
                evidence="y",
            )
    assert not DutyActivity.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("deputy", 200), ("staff", 200), ("leader", 200), ("auditor", 200), ("unit_handler", 404),
     ("station_keeper", 404), ("anonymous", 302)],
)  # fmt: skip
def test_record_and_report_by_role(client, w, role, status):
    if w.users[role] is not None:
        client.force_login(w.users[role])
    page = client.get(reverse("opinions:duty", args=[w.deputy.pk]))
    report = client.get(reverse("opinions:duty_report", args=[w.deputy.pk]))
    assert page.status_code == status and report.status_code == status
    if status == 200:
        assert w.deputy.phone not in page.content.decode()
        with zipfile.ZipFile(io.BytesIO(report.content)) as docx:
            body = docx.read("word/document.xml").decode()
        assert w.deputy.name in body and "履职情况报告" in body and w.deputy.phone not in body


def test_another_deputy_cannot_open_the_record(client, w):
    other = DeputyFactory()
    client.force_login(w.deputy_user)
    assert client.get(reverse("opinions:duty", args=[other.pk])).status_code == 404
    assert client.get(reverse("opinions:duty_report", args=[other.pk])).status_code == 404
    home = client.get(reverse("opinions:duty_home"))
    assert home.status_code == 302 and home["Location"].endswith(f"/opinions/duty/{w.deputy.pk}/")


def test_deputy_adds_on_the_page_staff_confirm_in_the_ranking(client, w):
    client.force_login(w.deputy_user)
    url = reverse("opinions:duty", args=[w.deputy.pk])
    data = {"kind": "report", "date": TODAY().isoformat(), "title": "向选民述职", "evidence": ""}
    bad = client.post(url, data)
    assert bad.status_code == 400 and "佐证材料" in bad.content.decode() and not DutyActivity.objects.exists()
    assert client.post(url, {**data, "evidence": "述职会议记录"}).status_code == 302
    row = DutyActivity.objects.get()
    client.force_login(w.staff)
    ranking = client.get(reverse("opinions:duty_home")).content.decode()
    assert 'data-testid="pending-activities"' in ranking and w.deputy.name in ranking
    client.post(reverse("opinions:duty_decide", args=[row.pk, "confirm"]))
    assert DutyActivity.objects.get().status == "confirmed"
    client.force_login(w.users["unit_handler"])
    assert client.get(reverse("opinions:duty_home")).status_code == 403
    assert client.post(reverse("opinions:duty_decide", args=[row.pk, "reject"])).status_code == 403


def test_public_duty_profile_without_personal_data_or_unconfirmed_duties(client, w):
    _add(w, w.deputy, title="待确认的调研")
    page = client.get(reverse("opinions:duty_public", args=[w.deputy.pk])).content.decode()
    assert w.deputy.name in page and 'data-testid="duty-score"' in page
    for secret in (w.deputy.phone, w.deputy.id_number, w.deputy.card_number, "待确认的调研"):
        assert secret not in page
    assert client.get(reverse("opinions:duty_public", args=[99999])).status_code == 404
