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


def test_audit_shows_labels_and_names_not_codes_or_ids(client, auditor):
    from renda.core.roles import Role

    staff = user_with_role("staff")
    staff.display_name = "李书记员"
    staff.save()
    unit = HandlingUnitFactory(name="市住建局")
    other = HandlingUnitFactory(name="市水务局")
    event_record(
        actor=staff,
        action="proposal_return_request",
        obj=unit,
        changes={"unit": unit.pk, "suggested_unit": other.pk, "lead_units": [unit.pk, other.pk]},
    )
    event_record(actor=staff, action="role_grant", obj=staff, changes={"role": "unit_handler"})
    client.force_login(auditor)
    body = client.get("/audit/").text.split("<tbody>")[1]
    assert "李书记员" in body and "承办单位申请退回" in body and "授予角色" in body
    assert "建议改交单位：市水务局" in body and "主办单位：市住建局、市水务局" in body
    assert "角色：" + str(Role("unit_handler").label) in body
    assert "{" not in body and "proposal_return_request</" not in body and f"#{unit.pk}" not in body


def test_audit_shows_a_field_change_as_old_to_new(client, auditor):
    user = user_with_role("staff")
    event_record(
        actor=user, action="unit_update", obj=HandlingUnitFactory(), changes={"name": ["甲局", "乙局"]}
    )
    client.force_login(auditor)
    body = client.get("/audit/").text.split("<tbody>")[1]
    assert "名称：甲局 → 乙局" in body


def test_audit_filters_by_person_name_and_by_unit(client, auditor):
    unit = HandlingUnitFactory(name="市民政局")
    handler = user_with_role("unit_handler", username="h1", unit=unit)
    handler.display_name = "王经办"
    handler.save()
    staff = user_with_role("staff")
    event_record(actor=handler, action="proposal_consult", comment="电话沟通")
    event_record(actor=staff, action="unit_update", obj=unit, comment="改名")
    event_record(actor=staff, action="roster_export", comment="名册")
    client.force_login(auditor)

    body = client.get("/audit/", {"actor": "王经"}).text.split("<tbody>")[1]
    assert "电话沟通" in body and "改名" not in body

    body = client.get("/audit/", {"unit": str(unit.pk)}).text.split("<tbody>")[1]
    assert "电话沟通" in body and "改名" in body and "名册" not in body


def test_audit_action_filter_offers_labels(client, auditor):
    event_record(actor=auditor, action="proposal_submit")
    client.force_login(auditor)
    page = client.get("/audit/").text
    assert '<option value="proposal_submit">提交</option>' in page


def test_audit_export_is_the_filtered_log_in_words_and_is_audited(client, auditor):
    from io import BytesIO

    from openpyxl import load_workbook

    staff = user_with_role("staff")
    unit = HandlingUnitFactory(name="市教育局")
    event_record(actor=staff, action="unit_create", obj=unit, changes={"unit": unit.pk})
    event_record(actor=staff, action="roster_export", comment="不应导出")
    client.force_login(auditor)
    response = client.get("/audit/export.xlsx", {"action": "unit_create"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "操作")
    assert len(rows) == 2
    assert rows[1][2] == "新增承办单位" and "市教育局" in rows[1][4] and "承办单位：市教育局" in rows[1][5]
    logged = Event.objects.get(action="audit_export")
    assert logged.actor == auditor and logged.changes == {"rows": 1, "filters": {"action": "unit_create"}}


@pytest.mark.parametrize("role", ["staff", "leader", "unit_handler", "deputy"])
def test_only_auditors_and_admins_read_or_export_the_log(db, client, role):
    client.force_login(user_with_role(role))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403
    assert not Event.objects.filter(action="audit_export").exists()


def test_audit_export_service_refuses_other_roles(db):
    from renda.core.errors import PermissionDenied
    from renda.core.services import audit_export

    with pytest.raises(PermissionDenied):
        audit_export(actor=user_with_role("staff"), events=selectors.events(), filters={})
