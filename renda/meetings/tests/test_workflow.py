"""The session transition table: every (state, action, role) triple allowed or refused, and properties.

The table is a renda.core.workflow.Workflow; `allowed` and `available_actions` below read it as the spine
does for someone holding `roles` on their own roll line (the scope "self" included), with the quorum guard
given as `quorate` (renda.meetings.tests.test_permissions checks the same against the real services).
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.roles import Role
from renda.core.workflow import role_pairs
from renda.meetings import workflow
from renda.meetings.workflow import CHECK_IN, CLOSED, IN_PROGRESS, PLANNED, WORKFLOW

TRANSITIONS = workflow.SESSION_ACTIONS
OPERATIONS = tuple(a for a in WORKFLOW.actions if a not in TRANSITIONS)


def user_roles(user) -> frozenset[str]:
    return frozenset(user.roles) if user.is_authenticated else frozenset()


def allowed(action, state, roles, *, quorate=True) -> bool:
    if action not in WORKFLOW:
        return False
    if WORKFLOW.guard(action) == "quorate" and not quorate:
        return False
    held = role_pairs(roles) | {(role, workflow.SELF) for role in roles}
    return WORKFLOW.allowed(action, state) and WORKFLOW.permitted(action, held)


def available_actions(user, session, *, quorate=True, only=TRANSITIONS) -> list[str]:
    roles = user_roles(user)
    return [a for a in WORKFLOW.actions if a in only and allowed(a, session.status, roles, quorate=quorate)]


ROLES = [r.value for r in Role]
MANAGERS = {"staff", "admin"}

# What MISSION §3 and the contract say, written out in full (not derived from the table under test).
ALLOWED_STATES = {
    "create": {PLANNED},
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
    "create": MANAGERS,
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
    assert set(WORKFLOW.actions) == set(ALLOWED_STATES)


@pytest.mark.parametrize(("state", "action", "role"), TRIPLES)
def test_every_triple(state, action, role):
    roles = set() if role == "anonymous" else {role}
    expected = state in ALLOWED_STATES[action] and role in ALLOWED_ROLES[action]
    assert allowed(action, state, roles) is expected


@pytest.mark.parametrize("role", ROLES)
def test_start_needs_quorum(role):
    assert allowed("start", CHECK_IN, {role}, quorate=False) is False


def test_targets():
    assert WORKFLOW.target("open_check_in", PLANNED) == CHECK_IN
    assert WORKFLOW.target("start", CHECK_IN) == IN_PROGRESS
    assert WORKFLOW.target("close", IN_PROGRESS) == CLOSED
    assert WORKFLOW["check_in"].target is None


def test_unknown_action_refused():
    assert allowed("reopen", CLOSED, {"staff"}) is False


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
    assert available_actions(staff, FakeSession(PLANNED)) == ["open_check_in"]
    assert available_actions(staff, FakeSession(CHECK_IN)) == ["start", "close"]
    assert available_actions(staff, FakeSession(CHECK_IN), quorate=False) == ["close"]
    assert available_actions(staff, FakeSession(IN_PROGRESS)) == ["close"]
    assert available_actions(staff, FakeSession(CLOSED)) == []
    assert available_actions(FakeUser("deputy"), FakeSession(CHECK_IN)) == []
    assert available_actions(FakeUser("staff", authenticated=False), FakeSession(PLANNED)) == []
    deputy_ops = available_actions(FakeUser("deputy"), FakeSession(IN_PROGRESS), only=OPERATIONS)
    assert deputy_ops == ["check_in", "request_leave"]


@given(st.lists(st.sampled_from(sorted(TRANSITIONS)), max_size=12))
def test_any_sequence_of_actions_walks_forward_only(actions):
    """Applying any sequence of allowed transitions: the state only moves forward, closed is final, and
    every step lands where the table says."""
    order = {s: i for i, s in enumerate(workflow.STATES)}
    state = PLANNED
    for action in actions:
        if allowed(action, state, {"staff"}):
            new = WORKFLOW.target(action, state)
            assert order[new] > order[state]
            state = new
        else:
            assert state not in WORKFLOW.sources(action)
    if state == CLOSED:
        assert available_actions(FakeUser("staff"), FakeSession(state)) == []


@given(
    st.sampled_from(workflow.STATES),
    st.sampled_from(sorted(WORKFLOW.actions)),
    st.sets(st.sampled_from([*ROLES, "nobody"])),
    st.booleans(),
)
def test_allowed_is_state_and_role_and_guard(state, action, roles, quorate):
    expected = (
        state in ALLOWED_STATES[action]
        and bool(set(roles) & ALLOWED_ROLES[action])
        and (quorate or action != "start")
    )
    assert allowed(action, state, roles, quorate=quorate) is expected
    # more roles never take a permission away
    if expected:
        assert allowed(action, state, set(roles) | {"auditor"}, quorate=quorate)


@given(st.sampled_from(workflow.STATES), st.sets(st.sampled_from(ROLES)))
def test_available_actions_are_exactly_the_allowed_transitions(state, roles):
    user = FakeUser(*roles)
    got = available_actions(user, FakeSession(state))
    assert got == [a for a in TRANSITIONS if allowed(a, state, user_roles(user))]
    # at most one way forward from each state besides closing
    assert len([a for a in got if a != "close"]) <= 1
