"""A session's life as one transition table (pure: no Django, no database; renda.core.workflow's shape).

    planned ──open_check_in──▶ check_in ──start──▶ in_progress ──close──▶ closed
                                   └───────────────close──────────────────▶

Rows whose `to` is None do not change the session's status (checking in, asking for leave, adding agenda
items …) but need it in certain states: they are in the same table, so buttons and services read one table.

- `start` has a guard, "quorate": two thirds of all deputies present for a congress, over half of all
  members for a standing committee (组织法 第14条, 第51条; renda.meetings.rules); the policy
  (renda.meetings.permissions.SessionPolicy) evaluates it from the roll.
- who: staff and admins (MANAGERS) on any session; a deputy only for themselves ("self": the roll line is
  their own, renda.meetings.permissions.RollLinePolicy) to check in and ask for leave.
"""

from __future__ import annotations

from renda.core.workflow import ANY, Who, Workflow, t

PLANNED = "planned"
CHECK_IN = "check_in"
IN_PROGRESS = "in_progress"
CLOSED = "closed"
STATES = (PLANNED, CHECK_IN, IN_PROGRESS, CLOSED)

STAFF = "staff"
ADMIN = "admin"
DEPUTY = "deputy"
MANAGERS = Who({STAFF, ADMIN}, ANY)
SELF = "self"  # the scope of a deputy on their own roll line
ONESELF = Who(DEPUTY, SELF)

LIVE = {CHECK_IN, IN_PROGRESS}
OPEN = {PLANNED, CHECK_IN, IN_PROGRESS}
EVER = {PLANNED, CHECK_IN, IN_PROGRESS, CLOSED}

WORKFLOW = Workflow(
    "meetings.session",
    {
        #  action            from        to           who                 guard
        "create": t({PLANNED}, None, MANAGERS),  # a new session is planned
        "open_check_in": t({PLANNED}, CHECK_IN, MANAGERS),
        "start": t({CHECK_IN}, IN_PROGRESS, MANAGERS, guard="quorate"),
        "close": t(LIVE, CLOSED, MANAGERS),
        # a deputy for themselves; staff for anyone on the roll
        "check_in": t(LIVE, None, MANAGERS, ONESELF),
        "request_leave": t(LIVE, None, MANAGERS, ONESELF),
        # leave may be approved after the session (an absence later excused), so closed is included
        "decide_leave": t(LIVE | {CLOSED}, None, MANAGERS),
        "add_item": t(OPEN, None, MANAGERS),
        "add_note": t(EVER, None, MANAGERS),
        "add_document": t(EVER, None, MANAGERS),
    },
    states=STATES,
)

# The actions that move the session (the buttons of its page) and those on one roll line.
SESSION_ACTIONS = tuple(a for a in WORKFLOW.actions if WORKFLOW.changes_state(a))
LINE_ACTIONS = ("check_in", "request_leave")
