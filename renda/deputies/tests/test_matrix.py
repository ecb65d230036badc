"""The deputies' permission matrix generated from the table (renda.deputies.workflow), checked against the
real services: every status × action × role (and anonymous) allowed or refused as the table says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from renda.core import spine
from renda.core.errors import ApplicationError
from renda.core.roles import Role
from renda.core.workflow import role_pairs
from renda.deputies import services
from renda.deputies.workflow import STATUS_ACTIONS, STATUSES, WORKFLOW
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db

ROLES = [*(role.value for role in Role), "anonymous"]
CALLS = {
    "suspend": {"to_status": "suspended"},
    "resume": {"to_status": "active"},
    "terminate": {"to_status": "terminated", "reason": "moved"},
}


class _Undo(Exception):
    pass


def accepts(action: str, actor, deputy) -> bool:
    try:
        with transaction.atomic():
            if action == "edit":
                services.deputy_update(actor=actor, deputy_id=deputy.pk, name="新名")
            else:
                services.deputy_change_status(
                    actor=actor, deputy_id=deputy.pk, effective_date=timezone.localdate(), **CALLS[action]
                )
            raise _Undo
    except _Undo:
        return True
    except ApplicationError:
        return False


def test_every_action_has_a_call():
    assert set(WORKFLOW.actions) == {*CALLS, "edit"}


@pytest.mark.parametrize("status", STATUSES)
def test_services_accept_exactly_what_the_table_says(role_users, status):
    deputy = DeputyFactory(status=status, status_date=dt.date(2023, 1, 1) if status != "active" else None)
    wrong = []
    for action in WORKFLOW.actions:
        for role in ROLES:
            held = role_pairs({role}) if role != "anonymous" else frozenset()
            expected = WORKFLOW.allowed(action, status) and WORKFLOW.permitted(action, held)
            actor = None if role == "anonymous" else role_users[role]
            if accepts(action, actor, deputy) is not expected:
                wrong.append(f"{status} {action} {role}: expected {'allowed' if expected else 'refused'}")
    assert not wrong, "\n".join(wrong)


def test_each_move_requires_its_own_action(role_users):
    """The service asks the table for the move's own row (suspend, resume, terminate)."""
    for action, call in CALLS.items():
        source = next(iter(WORKFLOW.sources(action)))
        deputy = DeputyFactory(status=source, status_date=dt.date(2023, 1, 1) if source != "active" else None)
        with spine.trace() as calls:
            assert accepts(action, role_users["staff"], deputy)
        assert ("require", "deputies.Deputy", action) in calls
        assert STATUS_ACTIONS[call["to_status"]] == action
