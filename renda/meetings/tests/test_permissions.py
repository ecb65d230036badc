"""The permission matrix generated from the table, checked against the real services, and the pages'
buttons checked against the same services: for every state × action × role, the services accept exactly
what renda.meetings.workflow (its states, its who, its quorum guard) says, and the pages draw exactly the
actions the services accept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.roles import Role
from renda.core.workflow import role_pairs
from renda.meetings.tests.scenario import STATES, accepts, build
from renda.meetings.workflow import LINE_ACTIONS, PLANNED, SELF, WORKFLOW

pytestmark = pytest.mark.django_db

ROLES = [*(role.value for role in Role), "anonymous"]


def table_says(action: str, state_name: str, role: str) -> bool:
    """What the table allows someone holding only `role` (a deputy: on their own roll line)."""
    state, quorate = STATES[state_name]
    if role == "anonymous":
        return False
    held = role_pairs({role})
    if role == Role.DEPUTY and action in LINE_ACTIONS:
        held |= {(role, SELF)}
    from_state = PLANNED if action == "create" else state  # a new session is planned
    return (
        WORKFLOW.allowed(action, from_state)
        and WORKFLOW.permitted(action, held)
        and (WORKFLOW.guard(action) != "quorate" or quorate)
    )


def actor_of(role_users, role):
    return None if role == "anonymous" else role_users[role]


@pytest.mark.parametrize("state_name", list(STATES))
def test_services_accept_exactly_what_the_table_says(term, role_users, state_name):
    scene = build(term, role_users, state_name)
    wrong = []
    for action in WORKFLOW.actions:
        for role in ROLES:
            expected = table_says(action, state_name, role)
            if accepts(action, actor_of(role_users, role), scene) is not expected:
                wrong.append(f"{state_name} {action} {role}: expected {'allowed' if expected else 'refused'}")
    assert not wrong, "\n".join(wrong)


def test_the_matrix_is_not_trivial():
    """Every action is allowed somewhere and refused somewhere; the guard refuses one state."""
    for action in WORKFLOW.actions:
        cells = {table_says(action, s, r) for s in STATES for r in ROLES}
        assert cells == {True, False}, action
    assert table_says("start", "check_in_quorate", "staff") and not table_says("start", "check_in", "staff")
    assert table_says("check_in", "in_progress", "deputy") and not table_says(
        "decide_leave", "closed", "deputy"
    )


# --- the pages draw exactly what the services accept ---------------------------------------------------


def session_page_marks(scene) -> dict[str, str]:
    """How the session page draws each action (the check-in and leave buttons of deputy A's line)."""
    return {
        "open_check_in": 'data-testid="action-open_check_in"',
        "start": 'data-testid="action-start"',
        "close": 'data-testid="action-close"',
        "add_item": 'data-testid="item-form"',
        "add_note": f'data-testid="note-form-{scene.item.pk}"',
        "add_document": f'data-testid="document-form-{scene.item.pk}"',
        "check_in": f'data-testid="check-in-for-{scene.other_deputy_id}"',
        "decide_leave": f'data-testid="approve-leave-{scene.leave.pk}"',
    }


PHONE_MARKS = {"check_in": 'data-testid="check-in-button"', "request_leave": 'data-testid="leave-form"'}


def test_every_action_is_drawn_on_some_page(term, role_users):
    scene = build(term, role_users, "planned")
    assert {"create", *PHONE_MARKS, *session_page_marks(scene)} == set(WORKFLOW.actions)


@pytest.mark.parametrize("state_name", list(STATES))
def test_buttons_are_exactly_the_actions_the_services_accept(client, term, role_users, state_name):
    scene = build(term, role_users, state_name)
    detail = reverse("meetings:session_detail", args=[scene.session.pk])
    wrong = []
    for role in ROLES[:-1]:
        user = role_users[role]
        client.force_login(user)
        page = client.get(detail).content.decode()
        for action, mark in session_page_marks(scene).items():
            # on the session page, checking in is the staff's, for deputy A (another deputy's line)
            if (mark in page) is not accepts(action, user, scene, own=False):
                wrong.append(f"session page, {state_name}, {role}: {action} drawn={mark in page}")
        listing = client.get(reverse("meetings:session_list")).content.decode()
        if ('data-testid="session-create"' in listing) is not accepts("create", user, scene):
            wrong.append(f"list page, {role}: create")
    client.force_login(role_users[Role.DEPUTY])
    phone = client.get(reverse("meetings:check_in", args=[scene.session.pk])).content.decode()
    for action, mark in PHONE_MARKS.items():
        if (mark in phone) is not accepts(action, role_users[Role.DEPUTY], scene):
            wrong.append(f"phone page, {state_name}: {action} drawn={mark in phone}")
    assert not wrong, "\n".join(wrong)
