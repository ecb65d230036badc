"""Issue 14's duty record (履职档案) in a real browser, reached by clicking from the home page: a deputy signs
in, follows the menu to their record (the inspection staff recorded and the reception they attended counted),
and downloads the 述职报告 drafted from it (a GB/T 9704 docx naming them); a member of the public goes from
the front page through the deputies' list to the deputy's public profile and its duties (no personal data,
no report). axe-core on each page."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django.utils import timezone
from playwright.sync_api import expect

from renda.core.roles import Role
from renda.deputies.models import Deputy
from renda.opinions import services
from renda.opinions.models import Reception, ReceptionDuty
from renda.organization.models import LiaisonStation
from tests.e2e.conftest import assert_accessible, follow_menu, login
from tests.factories import PASSWORD, user_with_role


def _record(deputy: Deputy) -> None:
    """What Renda already records for the deputy this year: an inspection staff entered, a reception day
    at their station they attended."""
    staff = user_with_role(Role.STAFF, username="e2e-duty-staff")
    keeper = user_with_role(Role.STATION_KEEPER, username="e2e-duty-keeper")
    station = LiaisonStation.objects.get(keeper=keeper)
    deputy.stations.add(station)
    day = timezone.localdate()
    services.duty_activity_add(
        actor=staff, deputy_id=deputy.pk, kind="inspection", date=day, title="视察城区老旧小区改造"
    )
    reception = Reception.objects.create(station=station, date=day, held=True)
    ReceptionDuty.objects.create(reception=reception, deputy=deputy, attended=True)


def test_deputy_opens_record_from_home_and_downloads_report(page, live_server):
    deputy_user = user_with_role(Role.DEPUTY, username="e2e-duty-deputy")
    deputy = Deputy.objects.get(user=deputy_user)
    _record(deputy)

    login(page, deputy_user.username, PASSWORD)
    page.goto("/")
    follow_menu(page, "代表工作", "履职档案")
    page.wait_for_url(re.compile(rf"/opinions/duty/{deputy.pk}/$"))
    expect(page.get_by_test_id("duty-heading")).to_contain_text(deputy.name)
    line = page.get_by_test_id("duty-line-inspection")
    expect(line.get_by_test_id("duty-count")).to_have_text("1")
    expect(page.get_by_test_id("duty-line-receptions").get_by_test_id("duty-count")).to_have_text("1")
    expect(page.get_by_test_id("duty-receptions")).to_be_visible()
    assert_accessible(page, "the deputy's duty record")

    with page.expect_download() as info:
        page.get_by_test_id("duty-report").click()
    download = info.value
    year = timezone.localdate().year
    assert download.suggested_filename == f"duty-report-{deputy.pk}-{year}.docx"
    with open(download.path(), "rb") as fh:
        data = fh.read()
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        body = docx.read("word/document.xml").decode()
    assert deputy.name in body and "视察城区老旧小区改造" in body


def test_public_opens_a_deputys_duties_from_the_front_page(page, live_server):
    deputy_user = user_with_role(Role.DEPUTY, username="e2e-duty-public")
    deputy = Deputy.objects.get(user=deputy_user)
    Deputy.objects.filter(pk=deputy.pk).update(phone="13911112222", birth_date=dt.date(1971, 3, 4))
    _record(deputy)

    page.goto("/")
    assert_accessible(page, "front page")
    page.get_by_test_id("front-deputies").click()
    page.wait_for_url("**/deputies/public/**")
    assert_accessible(page, "deputies' list")
    page.get_by_role("link", name=deputy.name, exact=True).click()
    page.wait_for_url(re.compile(rf"/deputies/{deputy.pk}/profile/$"))
    assert_accessible(page, "public profile")
    page.get_by_test_id("profile-duty").click()
    page.wait_for_url(re.compile(rf"/opinions/duty/{deputy.pk}/public/$"))
    expect(page.get_by_test_id("duty-heading")).to_contain_text(deputy.name)
    expect(page.get_by_test_id("duty-line-inspection").get_by_test_id("duty-count")).to_have_text("1")
    expect(page.get_by_test_id("duty-score")).not_to_be_empty()
    body = page.locator("body")
    expect(body).not_to_contain_text("13911112222")
    expect(body).not_to_contain_text("1971")
    expect(page.get_by_test_id("duty-report")).to_have_count(0)
    assert_accessible(page, "public duty profile")
