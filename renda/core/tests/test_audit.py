import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from renda.core import selectors
from renda.core.models import Event
from renda.core.services import diff_fields, event_record
from tests.factories import HandlingUnitFactory, user_with_role


@pytest.fixture
def auditor(db):
    return user_with_role("auditor")


def test_event_record_keeps_actor_object_and_changes(db):
    staff = user_with_role("staff")
    unit = HandlingUnitFactory(name="市教育局")
    event = event_record(
        actor=staff, action="unit_update", obj=unit, changes={"name": ["旧", "新"]}, comment="更名"
    )
    event.refresh_from_db()
    assert event.actor == staff
    assert event.content_type == ContentType.objects.get_for_model(unit)
    assert event.object_id == str(unit.pk)
    assert event.object_repr == "市教育局"
    assert event.changes == {"name": ["旧", "新"]}
    assert list(selectors.events_for(unit)) == [event]


def test_event_record_from_anonymous_has_no_actor(db):
    from django.contrib.auth.models import AnonymousUser

    event = event_record(actor=AnonymousUser(), action="public_view")
    assert event.actor is None and event.content_type is None


def test_diff_fields_reports_only_changes(db):
    unit = HandlingUnitFactory(name="甲", short_name="甲")
    changed = diff_fields(unit, {"name": "乙", "short_name": "甲"})
    assert changed == {"name": ["甲", "乙"]}
    assert unit.name == "乙"


def test_audit_filters(client, auditor):
    staff = user_with_role("staff")
    unit = HandlingUnitFactory(name="市民政局")
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        event_record(actor=staff, action="unit_create", obj=unit)
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC), tick=False):
        event_record(actor=auditor, action="roster_export")
    client.force_login(auditor)

    response = client.get("/audit/", {"action": "unit_create"})
    assert response.status_code == 200
    assert "市民政局" in response.text and "roster_export" not in response.text.split("<tbody>")[1]

    response = client.get("/audit/", {"date_from": "2026-04-01"})
    body = response.text.split("<tbody>")[1]
    assert "roster_export" in body and "unit_create" not in body

    response = client.get("/audit/", {"actor": staff.username})
    body = response.text.split("<tbody>")[1]
    assert "unit_create" in body and "roster_export" not in body

    response = client.get("/audit/", {"model": "organization.handlingunit", "object_id": str(unit.pk)})
    assert "市民政局" in response.text.split("<tbody>")[1]


def test_audit_htmx_returns_only_the_results(client, auditor):
    event_record(actor=auditor, action="x")
    client.force_login(auditor)
    response = client.get("/audit/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="results"' in response.text and "<html" not in response.text


def test_audit_list_query_count_is_constant(client, auditor, django_assert_max_num_queries):
    staff = user_with_role("staff")
    for i in range(60):
        event_record(actor=staff, action="bulk", obj=HandlingUnitFactory(name=f"单位{i}"))
    client.force_login(auditor)
    with django_assert_max_num_queries(12):
        client.get("/audit/")
    assert Event.objects.count() >= 60
