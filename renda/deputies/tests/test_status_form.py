"""The deputy page's status form offers exactly the moves the service accepts (issue 9: every control a page
draws is one its service accepts, and no other) — the deputies' counterpart of the other apps' button tests:
a status change is one form with a choice of the new status, not a button per action."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import reverse

from renda.core.errors import ApplicationError
from renda.deputies import services
from renda.deputies.choices import DeputyStatus
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db

FIRST, LATER = dt.date(2024, 5, 6), dt.date(2024, 5, 7)


def _change(staff, deputy, to_status: str, day: dt.date):
    return services.deputy_change_status(
        actor=staff,
        deputy_id=deputy.pk,
        to_status=to_status,
        effective_date=day,
        reason="moved" if to_status == DeputyStatus.TERMINATED else "",
    )


def _offered(body: str) -> set[str]:
    select = re.search(r'<select name="to_status".*?</select>', body, re.S)
    return set(re.findall(r'<option value="(\w+)"', select.group(0))) if select else set()


def _accepted(staff, deputy) -> set[str]:
    out = set()
    for value in DeputyStatus.values:
        try:
            with transaction.atomic():
                _change(staff, deputy, value, LATER)
                out.add(value)
                transaction.set_rollback(True)
        except ApplicationError:
            pass
    return out


@pytest.mark.parametrize("path", [(), ("suspended",), ("suspended", "active"), ("terminated",)])
def test_the_status_form_offers_exactly_what_the_service_accepts(client, role_users, path):
    staff = role_users["staff"]
    deputy = DeputyFactory()
    deputy.term.start_date = dt.date(2023, 1, 1)
    deputy.term.save(update_fields=["start_date"])
    for step in path:
        _change(staff, deputy, step, FIRST)
    client.force_login(staff)
    body = client.get(reverse("deputies:detail", args=[deputy.pk])).content.decode()
    offered = _offered(body)
    assert offered == _accepted(staff, deputy)
    assert (path[-1] if path else "active") not in offered  # never "change" to the status it has
    if path[-1:] == ("terminated",):
        assert offered == set() and 'data-testid="status-form"' not in body
