"""A session's life as a transition table (pure: no Django, no database).

    planned ──open_check_in──▶ check_in ──start──▶ in_progress ──close──▶ closed
                                   └───────────────close──────────────────▶

`start` has a guard: the session must be quorate (组织法 第14条, 第51条; renda.meetings.rules), which the
caller computes from the roll and passes in. Besides the transitions, some actions need the session in
certain states but do not change it (checking in, asking for leave, adding agenda items): they are in
OPERATIONS, with the same shape, so buttons and services read one table.

`available_actions(user, session)` is derived from the tables; templates draw buttons from it, so the UI
never offers what the service would refuse. `user` needs `is_authenticated` and `has_role(*roles)`,
`session` a `status`.
"""

from __future__ import annotations

from typing import NamedTuple

PLANNED = "planned"
CHECK_IN = "check_in"
IN_PROGRESS = "in_progress"
CLOSED = "closed"
STATES = (PLANNED, CHECK_IN, IN_PROGRESS, CLOSED)

STAFF = "staff"
ADMIN = "admin"
DEPUTY = "deputy"
MANAGERS = frozenset({STAFF, ADMIN})


class Transition(NamedTuple):
    sources: frozenset[str]
    target: str | None  # None: the action does not change the session's status
    roles: frozenset[str]


TRANSITIONS: dict[str, Transition] = {
    #                    from                                    to            who
    "open_check_in": Transition(frozenset({PLANNED}), CHECK_IN, MANAGERS),
    "start": Transition(frozenset({CHECK_IN}), IN_PROGRESS, MANAGERS),
    "close": Transition(frozenset({CHECK_IN, IN_PROGRESS}), CLOSED, MANAGERS),
}

OPERATIONS: dict[str, Transition] = {
    # a deputy for themselves; staff for anyone on the roll
    "check_in": Transition(frozenset({CHECK_IN, IN_PROGRESS}), None, MANAGERS | {DEPUTY}),
    "request_leave": Transition(frozenset({CHECK_IN, IN_PROGRESS}), None, MANAGERS | {DEPUTY}),
    # leave may be approved after the session (an absence later excused), so closed is included
    "decide_leave": Transition(frozenset({CHECK_IN, IN_PROGRESS, CLOSED}), None, MANAGERS),
    "add_item": Transition(frozenset({PLANNED, CHECK_IN, IN_PROGRESS}), None, MANAGERS),
    "add_note": Transition(frozenset({PLANNED, CHECK_IN, IN_PROGRESS, CLOSED}), None, MANAGERS),
    "add_document": Transition(frozenset({PLANNED, CHECK_IN, IN_PROGRESS, CLOSED}), None, MANAGERS),
}

ACTIONS: dict[str, Transition] = {**TRANSITIONS, **OPERATIONS}
# Guards beyond state and role: action → the name of the condition the caller supplies.
GUARDS = {"start": "quorate"}


def target(action: str) -> str | None:
    return ACTIONS[action].target


def state_allows(action: str, state: str) -> bool:
    return state in ACTIONS[action].sources


def role_allows(action: str, roles) -> bool:
    return bool(ACTIONS[action].roles & frozenset(roles))


def allowed(action: str, state: str, roles, *, quorate: bool = True) -> bool:
    """May someone holding `roles` do `action` on a session in `state` (and, for `start`, quorate)?"""
    if action not in ACTIONS:
        return False
    if action == "start" and not quorate:
        return False
    return state_allows(action, state) and role_allows(action, roles)


def user_roles(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    every = MANAGERS | {DEPUTY}
    return frozenset(role for role in every if user.has_role(role))


def available_actions(user, session, *, quorate: bool = True, only=TRANSITIONS) -> list[str]:
    """The actions of `only` (by default the status transitions, in table order) `user` may take now."""
    roles = user_roles(user)
    return [action for action in only if allowed(action, session.status, roles, quorate=quorate)]
