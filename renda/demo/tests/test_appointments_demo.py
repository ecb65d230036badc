"""The demo's appointments, written through the services: two lists voted person by person at the standing
committee's 31st meeting (removals before appointments), letters numbered, the appointees' collective oath; a
third list submitted and awaiting the council; a second run writes nothing."""

import pytest

from renda.appointments import selectors
from renda.appointments.models import Case, Oath
from renda.core.roles import Role
from renda.demo.appointments import write_appointments
from renda.meetings.models import AgendaItem
from tests.factories import TermFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_demo_appointments_through_the_services():
    staff = user_with_role(Role.STAFF, username="staff")
    TermFactory()
    created: dict = {}
    write_appointments({"staff": staff}, created)
    assert created["appointments"] == 3
    assert list(Case.objects.order_by("id").values_list("status", flat=True)) == [
        "decided",
        "decided",
        "submitted",
    ]
    assert AgendaItem.objects.filter(kind="appointment", session__number=31).count() == 2
    register = [(p.name, p.action) for p in selectors.register()]
    assert ("周建国", "dismiss") in register and ("林晓梅", "appoint") in register and len(register) == 6
    assert Oath.objects.count() == 4 and set(Oath.objects.values_list("leader", flat=True)) == {"林晓梅"}
    assert not any(selectors.oath_pending(c) for c in Case.objects.all())
    numbers = sorted(selectors.register().exclude(certificate_no="").values_list("certificate_no", flat=True))
    assert numbers == [f"〔2026〕第{n}号" for n in range(1, 5)]
    write_appointments({"staff": staff}, created)  # a second run writes nothing
    assert Case.objects.count() == 3
