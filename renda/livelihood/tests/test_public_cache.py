"""The public page's list is rendered once and served from the cache (livelihood.publiccache) until something
it shows is written: a second visit reads no project row; a change made through a service, a unit renamed,
another language or another year is shown at once, never a stale or foreign list."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.core.roles import Role
from renda.livelihood import services
from renda.livelihood.tests import scenario
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

PROJECT_TABLE = '"livelihood_project"'
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


@pytest.fixture
def staff():
    return user_with_role(Role.STAFF, username="pc-staff")


def _visit(client, **params):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("livelihood:public"), params).content.decode()
    page = CSRF.sub("", page)  # masked anew for every response
    reads = [q["sql"] for q in queries.captured_queries if PROJECT_TABLE in q["sql"]]
    return page, reads


def test_a_second_visit_reads_no_project_and_a_change_shows_at_once(client, staff):
    scenario.year(staff)
    unit = HandlingUnitFactory(name="市城管局")
    selected = scenario.in_state(staff, unit, "selected")

    first, reads = _visit(client)
    assert selected.title in first and "市城管局" in first and reads
    again, reads = _visit(client)
    assert again == first and reads == []

    services.project_report(actor=staff, project_id=selected.pk, percent=40, text="已完成管网改造四成")
    page, reads = _visit(client)
    assert "已完成管网改造四成" in page and "40%" in page and reads

    unit.name = "市城市管理局"
    unit.save()
    page, _ = _visit(client)
    assert "市城市管理局" in page


def test_languages_and_signed_in_visitors_get_their_own_page(client, staff):
    scenario.year(staff)
    selected = scenario.in_state(staff, HandlingUnitFactory(), "selected")
    chinese, _ = _visit(client)
    assert "赞成" in chinese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, _ = _visit(client)
    assert selected.title in english and "赞成" not in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(staff)
    signed_in, _ = _visit(client)
    assert selected.title in signed_in and "赞成" in signed_in and staff.username in signed_in


def test_another_year_is_not_served_this_years_list(client, staff):
    scenario.year(staff)
    selected = scenario.in_state(staff, HandlingUnitFactory(), "selected")
    this_year, _ = _visit(client, year=selected.year.year)
    assert selected.title in this_year
    other, _ = _visit(client, year=selected.year.year - 1)
    assert selected.title not in other
