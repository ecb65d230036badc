"""The transition table against MISSION §2, written out independently: every (state, action, role) triple.

EXPECTED below is the reading of the rules by hand (not derived from workflow.TRANSITIONS); the test walks
every action × every status × both kinds × every role (with the relation that role can have to an item)
and asserts that the table allows exactly what EXPECTED says.
"""

import itertools

import pytest

from renda.core.roles import Role
from renda.proposals import workflow
from renda.proposals.choices import Status
from renda.proposals.workflow import S, Scope

SUG, MOT = "suggestion", "motion"
ALL_STATES = [s.value for s in Status]

# (who, relation) a user can stand in to an item
ACTORS = {
    "staff": (Role.STAFF, Scope.ANY),
    "admin": (Role.ADMIN, Scope.ANY),
    "leader": (Role.LEADER, Scope.ANY),
    "auditor": (Role.AUDITOR, Scope.ANY),
    "keeper": (Role.STATION_KEEPER, Scope.ANY),
    "lead_deputy": (Role.DEPUTY, Scope.LEAD),
    "invited_cosigner": (Role.DEPUTY, Scope.COSIGNER),
    "confirmed_cosigner": (Role.DEPUTY, Scope.SIGNER),
    "rating_cosigner": (Role.DEPUTY, Scope.RATER),
    "other_deputy": (Role.DEPUTY, Scope.ANY),
    "lead_handler": (Role.UNIT_HANDLER, Scope.HANDLER),
    "lead_unit_leader": (Role.UNIT_LEADER, Scope.HANDLER),
    "co_handler": (Role.UNIT_HANDLER, Scope.CO_UNIT),
    "co_unit_leader": (Role.UNIT_LEADER, Scope.CO_UNIT),
    "other_unit_handler": (Role.UNIT_HANDLER, Scope.ANY),
}


def pairs_of(actor: str) -> frozenset:
    role, scope = ACTORS[actor]
    held = {(role.value, Scope.ANY), (role.value, scope)}
    if actor == "lead_deputy":
        held.add((role.value, Scope.RATER))
    if scope in (Scope.HANDLER, Scope.CO_UNIT):
        held.add((role.value, Scope.ASSIGNED))
    return frozenset(held)


MANAGERS = {"staff", "admin"}
UNSUB = {"draft", "cosigning"}
HANDLING = {"assigned", "rehandling"}
UNIT_ANY = {"lead_handler", "lead_unit_leader", "co_handler", "co_unit_leader"}
LEAD_UNIT = {"lead_handler", "lead_unit_leader"}

# action → (suggestion states, motion states, actors)
EXPECTED = {
    "save_draft": (UNSUB, UNSUB, MANAGERS | {"lead_deputy"}),
    "invite_cosigners": (UNSUB, UNSUB, MANAGERS | {"lead_deputy"}),
    "cosign": ({"cosigning"}, {"cosigning"}, {"invited_cosigner"}),
    "decline_cosign": ({"cosigning"}, {"cosigning"}, {"invited_cosigner"}),
    "submit": (UNSUB, UNSUB, MANAGERS | {"lead_deputy"}),
    "withdraw": (
        UNSUB | {"submitted", "accepted"},
        UNSUB | {"submitted", "on_agenda", "to_committee"},
        MANAGERS | {"lead_deputy"},
    ),
    "consent_withdraw": (
        {"submitted", "accepted"},
        {"submitted", "on_agenda", "to_committee"},
        {"confirmed_cosigner"},
    ),
    "review_accept": ({"submitted"}, set(), MANAGERS),
    "review_return": ({"submitted"}, set(), MANAGERS),
    "review_letter": ({"submitted"}, set(), MANAGERS),
    "motion_decide": (set(), {"submitted", "to_committee"}, MANAGERS),
    "set_motion_deadline": (set(), set(), MANAGERS),
    "merge": ({"submitted", "accepted"}, set(), MANAGERS),
    "assign": ({"accepted"}, set(), MANAGERS),
    "request_return": ({"assigned"}, set(), UNIT_ANY),
    "decide_return": ({"assigned"}, set(), MANAGERS),
    "request_extension": ({"assigned"}, set(), LEAD_UNIT),
    "decide_extension": ({"assigned"}, set(), MANAGERS),
    "co_opinion": (HANDLING, set(), {"co_handler", "co_unit_leader"}),
    "consult": (HANDLING, set(), LEAD_UNIT),
    "draft_reply": (HANDLING, set(), LEAD_UNIT),
    "sign_reply": (HANDLING, set(), {"lead_unit_leader"}),
    # 退回修改: the lead unit's leader sends its handler's draft back, while handling
    "send_back_reply": (HANDLING, set(), {"lead_unit_leader"}),
    # 催办: staff urge the lead units of an item being handled (the guard: only once overdue)
    "urge": (HANDLING, set(), MANAGERS),
    "rate": ({"replied", "follow_up", "closed"}, set(), {"lead_deputy", "rating_cosigner"}),
    "follow_up": ({"follow_up"}, set(), LEAD_UNIT),
    "mark_key": (
        {"submitted", "accepted", "assigned", "rehandling", "replied", "follow_up"},
        set(),
        {"leader"},
    ),
    "publish": ({"replied", "follow_up", "closed"}, set(), MANAGERS),
    # the year's end: items still followed up roll into the next year (one batch, by staff)
    "roll_over": ({"follow_up"}, set(), MANAGERS),
    # the category while reviewing and assigning, before any reply; motions until the presidium decides
    "set_topic": ({"submitted", "accepted", "assigned"}, {"submitted", "to_committee"}, MANAGERS),
}


def test_expected_covers_every_action():
    assert set(EXPECTED) == set(workflow.ACTIONS)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_state_kind_and_role(action):
    sug, mot, actors = EXPECTED[action]
    failures = []
    for status, kind, actor in itertools.product(ALL_STATES, (SUG, MOT), ACTORS):
        states = sug if kind == SUG else mot
        want = status in states and actor in actors
        got = workflow.allowed(action, status, kind) and workflow.permitted(action, pairs_of(actor))
        if want != got:
            failures.append(f"{action} / {kind} / {status} / {actor}: expected {want}, table says {got}")
    assert not failures, "\n".join(failures)


def test_final_states_allow_nothing_but_rating_and_publishing():
    for status in workflow.FINAL:
        for action in workflow.ACTIONS:
            if workflow.allowed(action, status, SUG) or workflow.allowed(action, status, MOT):
                assert status == S.CLOSED and action in ("rate", "publish"), (status, action)


def test_targets():
    assert workflow.target("submit", "draft") == "submitted"
    assert workflow.target("assign", "accepted") == "assigned"
    assert workflow.target("consult", "assigned") == "assigned"  # no change
    assert workflow.possible_targets("rate", "replied") >= {S.CLOSED, S.FOLLOW_UP, S.REHANDLING}
    assert workflow.PRESIDIUM_TARGETS["to_suggestion"] == S.ACCEPTED
    assert workflow.roles_for("sign_reply") == {"unit_leader"}
    # every state a decided action may reach is a real status
    for reachable in workflow.DECIDED.values():
        assert reachable <= set(S)


def test_every_status_is_reachable_from_draft():
    seen, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for action in workflow.ACTIONS:
            for kind in (SUG, MOT):
                if workflow.allowed(action, state, kind):
                    for nxt in workflow.possible_targets(action, state):
                        if nxt not in seen:
                            seen.add(nxt)
                            frontier.append(nxt)
    assert seen == set(S)
    assert {s.value for s in S} == set(ALL_STATES)
