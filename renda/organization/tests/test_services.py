"""unit_create / unit_update: validation, the no-loop rule, permission, audit."""

from __future__ import annotations

import pytest

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.organization.models import HandlingUnit
from renda.organization.services import unit_create, unit_update
from tests.factories import HandlingUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(role_users):
    return role_users["staff"]


def test_create_audits(staff):
    parent = HandlingUnitFactory(name="市政府办公室")
    unit = unit_create(actor=staff, name=" 市交通运输局 ", code="JT01", kind="government", parent=parent.pk)
    assert unit.name == "市交通运输局" and unit.parent == parent
    event = Event.objects.get(action="unit_create", object_id=str(unit.pk))
    assert event.actor == staff
    assert event.changes["name"] == [None, "市交通运输局"]
    assert event.changes["parent"] == [None, parent.pk]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"code": " "}, "code"),
        ({"kind": "ministry"}, "kind"),
        ({"parent": 999999}, "parent"),
        ({"order": "abc"}, "order"),
        ({"order": -1}, "order"),
    ],
)
def test_create_refusals(staff, kwargs, field):
    args = {"name": "新单位", "code": "NEW1"} | kwargs
    with pytest.raises(ApplicationError) as exc:
        unit_create(actor=staff, **args)
    assert exc.value.field == field
    assert not HandlingUnit.objects.filter(code="NEW1").exists()
    assert not Event.objects.filter(action="unit_create").exists()


def test_create_refuses_duplicates(staff):
    HandlingUnitFactory(name="市教育局", code="JY01")
    with pytest.raises(ApplicationError) as exc:
        unit_create(actor=staff, name="市教育局", code="JY02")
    assert exc.value.field == "name"
    with pytest.raises(ApplicationError) as exc:
        unit_create(actor=staff, name="市教育局二", code="JY01")
    assert exc.value.field == "code"


def test_update_audits_changed_fields_only(staff):
    unit = HandlingUnitFactory(name="旧名", contact_name="张三")
    unit_update(actor=staff, unit_id=unit.pk, name="新名", contact_name="张三", is_active=False)
    unit.refresh_from_db()
    assert unit.name == "新名" and unit.is_active is False
    event = Event.objects.get(action="unit_update")
    assert event.changes == {"name": ["旧名", "新名"], "is_active": [True, False]}
    unit_update(actor=staff, unit_id=unit.pk, name="新名")
    assert Event.objects.filter(action="unit_update").count() == 1


def test_update_refuses_loops(staff):
    top = HandlingUnitFactory()
    middle = HandlingUnitFactory(parent=top)
    bottom = HandlingUnitFactory(parent=middle)
    for new_parent in (top, middle, bottom):
        if new_parent == top:
            with pytest.raises(ApplicationError) as exc:
                unit_update(actor=staff, unit_id=top.pk, parent=top)
        else:
            with pytest.raises(ApplicationError) as exc:
                unit_update(actor=staff, unit_id=top.pk, parent=new_parent)
        assert exc.value.field == "parent" and exc.value.code == "cycle"
    top.refresh_from_db()
    assert top.parent is None
    assert not Event.objects.filter(action="unit_update").exists()
    # moving a leaf to the top, and a unit to a sibling branch, are fine
    unit_update(actor=staff, unit_id=bottom.pk, parent=None)
    other = HandlingUnitFactory()
    unit_update(actor=staff, unit_id=middle.pk, parent=other)
    middle.refresh_from_db()
    assert middle.parent == other


def test_update_refuses_unknown_fields_and_missing_unit(staff):
    unit = HandlingUnitFactory()
    with pytest.raises(ApplicationError) as exc:
        unit_update(actor=staff, unit_id=unit.pk, created_at=None)
    assert exc.value.field == "created_at"
    with pytest.raises(NotFound):
        unit_update(actor=staff, unit_id=999999, name="x")


@pytest.mark.parametrize(
    "role", ["leader", "auditor", "deputy", "station_keeper", "unit_handler", "unit_leader"]
)
def test_only_registrars_write_units(role_users, role):
    unit = HandlingUnitFactory(name="不可改")
    with pytest.raises(PermissionDenied):
        unit_update(actor=role_users[role], unit_id=unit.pk, name="改了")
    with pytest.raises(PermissionDenied):
        unit_create(actor=role_users[role], name="新建", code="X1")
    unit.refresh_from_db()
    assert unit.name == "不可改"
    assert not HandlingUnit.objects.filter(code="X1").exists()


def test_admin_writes_units(role_users):
    unit_create(actor=role_users["admin"], name="管理员建", code="ADM1", kind="court")
