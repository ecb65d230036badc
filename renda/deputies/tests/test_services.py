"""deputy_change_status and deputy_update: rules, locking, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.deputies.models import DeputyStatusChange
from renda.deputies.services import deputy_change_status, deputy_update
from tests.factories import DelegationFactory, DeputyFactory, TermFactory, id_number_with_checksum

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(role_users):
    return role_users["staff"]


def test_terminate_records_change_and_event(staff):
    deputy = DeputyFactory()
    deputy_change_status(
        actor=staff,
        deputy_id=deputy.pk,
        to_status="terminated",
        effective_date=dt.date(2024, 4, 1),
        reason="resigned",
        note="本人书面辞职，常委会接受",
    )
    deputy.refresh_from_db()
    assert (deputy.status, deputy.status_date, deputy.status_reason) == (
        "terminated",
        dt.date(2024, 4, 1),
        "resigned",
    )
    change = DeputyStatusChange.objects.get(deputy=deputy)
    assert (change.from_status, change.to_status, change.recorded_by) == ("active", "terminated", staff)
    event = Event.objects.get(action="deputy_status_change", object_id=str(deputy.pk))
    assert event.actor == staff
    assert event.changes == {
        "status": ["active", "terminated"],
        "effective_date": "2024-04-01",
        "reason": "resigned",
    }
    assert event.comment == "本人书面辞职，常委会接受"


def test_suspend_then_resume(staff):
    deputy = DeputyFactory()
    deputy_change_status(
        actor=staff, deputy_id=deputy.pk, to_status="suspended", effective_date=dt.date(2024, 1, 5)
    )
    deputy_change_status(
        actor=staff, deputy_id=deputy.pk, to_status="active", effective_date=dt.date(2024, 3, 5)
    )
    deputy.refresh_from_db()
    assert (
        deputy.status == "active" and deputy.status_date == dt.date(2024, 3, 5) and deputy.status_reason == ""
    )
    assert list(deputy.status_changes.values_list("to_status", flat=True)) == ["suspended", "active"]
    assert Event.objects.filter(action="deputy_status_change").count() == 2


def _refused(staff, deputy, *, field, **kwargs):
    before = DeputyStatusChange.objects.count(), Event.objects.count()
    args = {"to_status": "terminated", "effective_date": dt.date(2024, 4, 1), "reason": "moved"} | kwargs
    with pytest.raises(ApplicationError) as exc:
        deputy_change_status(actor=staff, deputy_id=deputy.pk, **args)
    assert exc.value.field == field
    assert (DeputyStatusChange.objects.count(), Event.objects.count()) == before
    return exc.value


def test_refusals(staff):
    deputy = DeputyFactory()
    assert _refused(staff, deputy, field="to_status", to_status="active", reason="").code == "unchanged"
    assert _refused(staff, deputy, field="to_status", to_status="gone").code == "unknown"
    assert _refused(staff, deputy, field="reason", reason="").code == "required"
    assert _refused(staff, deputy, field="reason", reason="bogus").code == "invalid"
    assert _refused(staff, deputy, field="reason", to_status="suspended").code == "not_applicable"
    assert _refused(staff, deputy, field="effective_date", effective_date=None).code == "required"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert _refused(staff, deputy, field="effective_date", effective_date=tomorrow).code == "future"
    # before the term began (term 16 starts 2022-01-01)
    assert (
        _refused(staff, deputy, field="effective_date", effective_date=dt.date(2021, 12, 31)).code
        == "too_early"
    )
    deputy.refresh_from_db()
    assert deputy.status == "active"


def test_today_is_accepted(staff):
    deputy = DeputyFactory()
    deputy_change_status(
        actor=staff,
        deputy_id=deputy.pk,
        to_status="terminated",
        effective_date=timezone.localdate(),
        reason="died",
    )


def test_history_stays_in_order(staff):
    deputy = DeputyFactory()
    deputy_change_status(
        actor=staff, deputy_id=deputy.pk, to_status="suspended", effective_date=dt.date(2024, 6, 1)
    )
    error = _refused(staff, deputy, field="effective_date", effective_date=dt.date(2024, 5, 31))
    assert error.code == "too_early"


def test_termination_is_final(staff):
    deputy = DeputyFactory()
    deputy_change_status(
        actor=staff,
        deputy_id=deputy.pk,
        to_status="terminated",
        effective_date=dt.date(2024, 1, 1),
        reason="moved",
    )
    for target in ("active", "suspended"):
        error = _refused(
            staff, deputy, field="to_status", to_status=target, effective_date=dt.date(2024, 2, 1)
        )
        assert error.code == "not_allowed"


@pytest.mark.parametrize(
    "role", ["leader", "auditor", "deputy", "station_keeper", "unit_handler", "unit_leader"]
)
def test_only_staff_and_admin_change_status(role_users, role):
    deputy = DeputyFactory()
    with pytest.raises(PermissionDenied):
        deputy_change_status(
            actor=role_users[role],
            deputy_id=deputy.pk,
            to_status="suspended",
            effective_date=dt.date(2024, 1, 1),
        )
    deputy.refresh_from_db()
    assert deputy.status == "active"
    assert not Event.objects.filter(action="deputy_status_change").exists()


def test_admin_may_change_status(role_users):
    deputy = DeputyFactory()
    deputy_change_status(
        actor=role_users["admin"],
        deputy_id=deputy.pk,
        to_status="suspended",
        effective_date=dt.date(2024, 1, 1),
    )


def test_missing_deputy(staff):
    with pytest.raises(NotFound):
        deputy_change_status(
            actor=staff, deputy_id=999999, to_status="suspended", effective_date=dt.date(2024, 1, 1)
        )


# --- deputy_update --------------------------------------------------------------------------------


def test_update_writes_only_changed_fields_and_audits(staff):
    deputy = DeputyFactory(name="旧名", phone="13800000000")
    new_delegation = DelegationFactory(name="新代表团")
    deputy_update(
        actor=staff,
        deputy_id=deputy.pk,
        name="新名",
        phone="13800000000",
        delegation=new_delegation,
        congress_levels=["city", "county"],
    )
    deputy.refresh_from_db()
    assert deputy.name == "新名" and deputy.delegation == new_delegation
    event = Event.objects.get(action="deputy_update")
    assert set(event.changes) == {"name", "delegation", "congress_levels"}
    assert event.changes["name"] == ["旧名", "新名"]
    assert event.changes["delegation"][1] == new_delegation.pk


def test_update_without_change_writes_nothing(staff):
    deputy = DeputyFactory(name="不变")
    deputy_update(actor=staff, deputy_id=deputy.pk, name="不变")
    assert not Event.objects.filter(action="deputy_update").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "terminated"}, "status"),
        ({"term": 1}, "term"),
        ({"name": "  "}, "name"),
        ({"gender": "X"}, "gender"),
        ({"party": "nope"}, "party"),
        ({"ethnicity": "火星族"}, "ethnicity"),
        ({"id_number": "330102197505171234"}, "id_number"),
        ({"congress_levels": ["galaxy"]}, "congress_levels"),
        ({"birth_date": "1975-05-17"}, "birth_date"),
    ],
)
def test_update_refusals(staff, fields, field):
    deputy = DeputyFactory()
    with pytest.raises(ApplicationError) as exc:
        deputy_update(actor=staff, deputy_id=deputy.pk, **fields)
    assert exc.value.field == field
    assert not Event.objects.filter(action="deputy_update").exists()


def test_update_refuses_duplicates_and_other_terms_delegation(staff):
    a, b = DeputyFactory(), DeputyFactory()
    with pytest.raises(ApplicationError) as exc:
        deputy_update(actor=staff, deputy_id=b.pk, card_number=a.card_number)
    assert exc.value.field == "card_number"
    with pytest.raises(ApplicationError) as exc:
        deputy_update(actor=staff, deputy_id=b.pk, id_number=a.id_number)
    assert exc.value.field == "id_number"
    old_term = TermFactory(number=15, is_current=False, start_date=dt.date(2017, 1, 1))
    with pytest.raises(ApplicationError) as exc:
        deputy_update(actor=staff, deputy_id=b.pk, delegation=DelegationFactory(term=old_term))
    assert exc.value.field == "delegation"
    ok = id_number_with_checksum("33010219800101999")
    deputy_update(actor=staff, deputy_id=b.pk, id_number=ok.lower())
    b.refresh_from_db()
    assert b.id_number == ok


def test_update_refused_to_readers(role_users):
    deputy = DeputyFactory(name="甲")
    with pytest.raises(PermissionDenied):
        deputy_update(actor=role_users["leader"], deputy_id=deputy.pk, name="乙")
    deputy.refresh_from_db()
    assert deputy.name == "甲"
