"""The session transition table: every (state, action, role) triple allowed or refused, and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.roles import Role
from renda.meetings import workflow
from renda.meetings.workflow import CHECK_IN, CLOSED, IN_PROGRESS, PLANNED

ROLES = [r.value for r in Role]
MANAGERS = {"staff", "admin"}

# What MISSION §3 and the contract say, written out in full (not derived from the table under test).
ALLOWED_STATES = {
    "open_check_in": {PLANNED},
    "start": {CHECK_IN},
    "close": {CHECK_IN, IN_PROGRESS},
    "check_in": {CHECK_IN, IN_PROGRESS},
    "request_leave": {CHECK_IN, IN_PROGRESS},
    "decide_leave": {CHECK_IN, IN_PROGRESS, CLOSED},
    "add_item": {PLANNED, CHECK_IN, IN_PROGRESS},
    "add_note": {PLANNED, CHECK_IN, IN_PROGRESS, CLOSED},
    "add_document": {PLANNED, CHECK_IN, IN_PROGRESS, CLOSED},
}
ALLOWED_ROLES = {
    "open_check_in": MANAGERS,
    "start": MANAGERS,
    "close": MANAGERS,
    "check_in": MANAGERS | {"deputy"},
    "request_leave": MANAGERS | {"deputy"},
    "decide_leave": MANAGERS,
    "add_item": MANAGERS,
    "add_note": MANAGERS,
    "add_document": MANAGERS,
}

TRIPLES = [(s, a, r) for s in workflow.STATES for a in ALLOWED_STATES for r in [*ROLES, "anonymous"]]


def test_the_table_covers_every_action():
    assert set(workflow.ACTIONS) == set(ALLOWED_STATES)


@pytest.mark.parametrize(("state", "action", "role"), TRIPLES)
def test_every_triple(state, action, role):
    roles = set() if role == "anonymous" else {role}
    expected = state in ALLOWED_STATES[action] and role in ALLOWED_ROLES[action]
    assert workflow.allowed(action, state, roles) is expected


@pytest.mark.parametrize("role", ROLES)
def test_start_needs_quorum(role):
    assert workflow.allowed("start", CHECK_IN, {role}, quorate=False) is False


def test_targets():
    assert workflow.target("open_check_in") == CHECK_IN
    assert workflow.target("start") == IN_PROGRESS
    assert workflow.target("close") == CLOSED
    assert workflow.target("check_in") is None


def test_unknown_action_refused():
    assert workflow.allowed("reopen", CLOSED, {"staff"}) is False


class FakeUser:
    def __init__(self, *roles, authenticated=True):
        self.roles = set(roles)
        self.is_authenticated = authenticated

    def has_role(self, *roles):
        return bool(self.roles & set(roles))


class FakeSession:
    def __init__(self, status):
        self.status = status


def test_available_actions():
    staff = FakeUser("staff")
    assert workflow.available_actions(staff, FakeSession(PLANNED)) == ["open_check_in"]
    assert workflow.available_actions(staff, FakeSession(CHECK_IN)) == ["start", "close"]
    assert workflow.available_actions(staff, FakeSession(CHECK_IN), quorate=False) == ["close"]
    assert workflow.available_actions(staff, FakeSession(IN_PROGRESS)) == ["close"]
    assert workflow.available_actions(staff, FakeSession(CLOSED)) == []
    assert workflow.available_actions(FakeUser("deputy"), FakeSession(CHECK_IN)) == []
    assert workflow.available_actions(FakeUser("staff", authenticated=False), FakeSession(PLANNED)) == []
    deputy_ops = workflow.available_actions(
        FakeUser("deputy"), FakeSession(IN_PROGRESS), only=workflow.OPERATIONS
    )
    assert deputy_ops == ["check_in", "request_leave"]


@given(st.lists(st.sampled_from(sorted(workflow.TRANSITIONS)), max_size=12))
def test_any_sequence_of_actions_walks_forward_only(actions):
    """Applying any sequence of allowed transitions: the state only moves forward, closed is final, and
    every step lands where the table says."""
    order = {s: i for i, s in enumerate(workflow.STATES)}
    state = PLANNED
    for action in actions:
        if workflow.allowed(action, state, {"staff"}):
            new = workflow.target(action)
            assert order[new] > order[state]
            state = new
        else:
            assert state not in workflow.TRANSITIONS[action].sources
    if state == CLOSED:
        assert workflow.available_actions(FakeUser("staff"), FakeSession(state)) == []


@given(
    st.sampled_from(workflow.STATES),
    st.sampled_from(sorted(workflow.ACTIONS)),
    st.sets(st.sampled_from([*ROLES, "nobody"])),
    st.booleans(),
)
def test_allowed_is_state_and_role_and_guard(state, action, roles, quorate):
    expected = (
        state in ALLOWED_STATES[action]
        and bool(set(roles) & ALLOWED_ROLES[action])
        and (quorate or action != "start")
    )
    assert workflow.allowed(action, state, roles, quorate=quorate) is expected
    # more roles never take a permission away
    if expected:
        assert workflow.allowed(action, state, set(roles) | {"auditor"}, quorate=quorate)


@given(st.sampled_from(workflow.STATES), st.sets(st.sampled_from(ROLES)))
def test_available_actions_are_exactly_the_allowed_transitions(state, roles):
    user = FakeUser(*roles)
    got = workflow.available_actions(user, FakeSession(state))
    assert got == [a for a in workflow.TRANSITIONS if workflow.allowed(a, state, workflow.user_roles(user))]
    # at most one way forward from each state besides closing
    assert len([a for a in got if a != "close"]) <= 1
