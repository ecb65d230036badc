"""Reception days (接待日): a keeper schedules a month from the station's setting or one day, announced at
once on the public station page (names only); attendance on the day or after; an opinion recorded at a
reception links to it; each role may do only its part."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event, Notification
from renda.opinions import services
from renda.opinions.models import Reception, ReceptionDuty
from renda.opinions.tests import scenario
from tests.factories import DeputyFactory, LiaisonStationFactory, user_with_role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def w():
    w = scenario.world("r")
    w.station.reception_days = "每月9日、19日"
    w.station.save()
    return w


def test_keeper_schedules_a_month_from_the_setting_and_it_is_announced(
    client, w, django_capture_on_commit_callbacks
):
    year = TODAY().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        made = services.reception_schedule(
            actor=w.keeper, station_id=w.station.pk, year=year, month=3, deputy_ids=[w.deputy.pk]
        )
    assert [r.date for r in made] == [datetime.date(year, 3, 9), datetime.date(year, 3, 19)]
    assert ReceptionDuty.objects.filter(deputy=w.deputy).count() == 2
    assert Event.objects.filter(action="reception_create").count() == 2
    assert Notification.objects.filter(user=w.deputy_user).count() == 2
    # the same month again: nothing left to schedule, nothing written
    with pytest.raises(ApplicationError) as exc:
        services.reception_schedule(
            actor=w.keeper, station_id=w.station.pk, year=year, month=3, deputy_ids=[w.deputy.pk]
        )
    assert exc.value.field == "month" and Reception.objects.count() == 2
    page = client.get(reverse("opinions:station", args=[w.station.pk])).content.decode()
    assert f"{year}-03-09" in page and w.deputy.name in page
    assert w.deputy.phone not in page and w.deputy.id_number not in page


def test_a_station_without_a_setting_and_a_past_day_are_refused(w):
    w.station.reception_days = ""
    w.station.save()
    with pytest.raises(ApplicationError) as exc:
        services.reception_schedule(
            actor=w.keeper, station_id=w.station.pk, year=TODAY().year + 1, month=1, deputy_ids=[w.deputy.pk]
        )
    assert exc.value.field == "station_id"
    with pytest.raises(ApplicationError) as exc:
        services.reception_create(
            actor=w.keeper, station_id=w.station.pk, date=TODAY() - ONE_DAY, deputy_ids=[w.deputy.pk]
        )
    assert exc.value.field == "date" and not Reception.objects.exists()


def test_only_the_stations_own_serving_deputies_go_on_duty(w):
    stranger = DeputyFactory()
    with pytest.raises(ApplicationError) as exc:
        services.reception_create(
            actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk, stranger.pk]
        )
    assert exc.value.field == "deputy_ids" and str(stranger.pk) in exc.value.message
    with pytest.raises(ApplicationError):
        services.reception_create(actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[])
    assert not Reception.objects.exists()


@pytest.mark.parametrize("role", ["deputy", "unit_handler", "leader", "auditor", "station_keeper"])
def test_who_may_schedule(w, role):
    other = user_with_role(role, username=f"other-{role}")  # a keeper of another station
    with pytest.raises(PermissionDenied):
        services.reception_create(
            actor=other, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk]
        )
    services.reception_create(actor=w.staff, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk])


def test_the_same_slot_twice_is_refused(w):
    services.reception_create(actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk])
    with pytest.raises(ApplicationError) as exc:
        services.reception_create(
            actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk]
        )
    assert exc.value.status == 409 and Reception.objects.count() == 1


def test_attendance_on_the_day_not_before(w):
    later = services.reception_create(
        actor=w.keeper, station_id=w.station.pk, date=TODAY() + ONE_DAY, deputy_ids=[w.deputy.pk]
    )
    with pytest.raises(ApplicationError):
        services.reception_attendance(actor=w.keeper, reception_id=later.pk, present_ids=[w.deputy.pk])
    today = services.reception_create(
        actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk]
    )
    with pytest.raises(ApplicationError):  # not on duty there
        services.reception_attendance(actor=w.keeper, reception_id=today.pk, present_ids=[DeputyFactory().pk])
    with pytest.raises(PermissionDenied):
        services.reception_attendance(actor=w.deputy_user, reception_id=today.pk, present_ids=[w.deputy.pk])
    services.reception_attendance(actor=w.keeper, reception_id=today.pk, present_ids=[w.deputy.pk])
    assert ReceptionDuty.objects.get(reception=today).attended is True
    assert Reception.objects.get(pk=today.pk).held
    services.reception_attendance(actor=w.keeper, reception_id=today.pk, present_ids=[])  # corrected
    assert ReceptionDuty.objects.get(reception=today).attended is False


def test_an_opinion_recorded_at_a_reception_links_to_it(w):
    today = services.reception_create(
        actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk]
    )
    o = scenario.record(w, reception_id=today.pk)
    assert o.reception_id == today.pk and o.station_id == w.station.pk
    later = services.reception_create(
        actor=w.keeper, station_id=w.station.pk, date=TODAY() + ONE_DAY, deputy_ids=[w.deputy.pk]
    )
    with pytest.raises(ApplicationError) as exc:  # received today, not on that day
        scenario.record(w, reception_id=later.pk)
    assert exc.value.field == "reception_id"
    elsewhere = LiaisonStationFactory()
    with pytest.raises(ApplicationError):
        services.opinion_record(
            actor=w.staff, channel="station", station_id=elsewhere.pk, title="t", content="c",
            reception_id=today.pk,
        )  # fmt: skip


def test_pages_keeper_schedules_and_records_attendance(client, w):
    client.force_login(w.keeper)
    page = client.get(reverse("opinions:receptions"))
    assert page.status_code == 200 and 'data-testid="schedule-form"' in page.content.decode()
    response = client.post(
        reverse("opinions:receptions"),
        {"form": "one", "r-station_id": w.station.pk, "r-date": TODAY().isoformat(), "r-slot": "14:00-17:00",
         "r-deputy_ids": [w.deputy.pk]},
    )  # fmt: skip
    reception = Reception.objects.get()
    assert response.status_code == 302 and reception.slot == "14:00-17:00"
    detail = client.get(reverse("opinions:reception", args=[reception.pk])).content.decode()
    assert 'data-testid="attendance-form"' in detail and 'data-testid="record-at-reception"' in detail
    client.post(reverse("opinions:reception", args=[reception.pk]), {"present_ids": [w.deputy.pk]})
    assert ReceptionDuty.objects.get().attended is True
    form = client.get(reverse("opinions:new"), {"reception": reception.pk}).content.decode()
    assert 'name="reception_id"' in form
    bad = client.post(
        reverse("opinions:receptions"),
        {"form": "one", "r-station_id": w.station.pk, "r-date": (TODAY() - ONE_DAY).isoformat(),
         "r-slot": "09:00", "r-deputy_ids": [w.deputy.pk]},
    )  # fmt: skip
    assert bad.status_code == 400 and "不能安排在今天以前" in bad.content.decode()
    assert Reception.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("leader", 200), ("auditor", 200), ("deputy", 200), ("unit_handler", 404),
     ("anonymous", 302)],
)  # fmt: skip
def test_reception_page_by_role(client, w, role, status):
    r = services.reception_create(
        actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk]
    )
    if w.users[role] is not None:
        client.force_login(w.users[role])
    response = client.get(reverse("opinions:reception", args=[r.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert ('data-testid="attendance-form"' in page) is (role == "staff")
    # only a station's keeper or staff may post attendance
    if role in ("leader", "auditor", "deputy"):
        assert client.post(reverse("opinions:reception", args=[r.pk]), {"present_ids": []}).status_code == 403
        assert ReceptionDuty.objects.get().attended is None


def test_other_keeper_does_not_see_the_reception(client, w):
    r = services.reception_create(
        actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk]
    )
    client.force_login(user_with_role("station_keeper", username="keeper-2"))
    assert client.get(reverse("opinions:reception", args=[r.pk])).status_code == 404
    data = {"form": "one", "r-station_id": w.station.pk, "r-date": TODAY().isoformat(), "r-slot": "14:00",
            "r-deputy_ids": [w.deputy.pk]}  # fmt: skip
    response = client.post(reverse("opinions:receptions"), data)  # not a station of theirs to choose
    assert response.status_code == 400 and Reception.objects.count() == 1
    client.force_login(w.users["unit_handler"])
    assert client.post(reverse("opinions:receptions"), data).status_code == 403
    assert Reception.objects.count() == 1


def test_public_station_list(client, w):
    services.reception_create(actor=w.keeper, station_id=w.station.pk, date=TODAY(), deputy_ids=[w.deputy.pk])
    page = client.get(reverse("opinions:stations")).content.decode()
    assert w.station.name in page and TODAY().isoformat() in page
