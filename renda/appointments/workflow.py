"""A list of appointments and removals (任免案) through the standing committee (MISSION.md §7), as a table in
core's one shape (pure).

    draft ─submit─▶ submitted ─schedule─▶ scheduled ─vote─▶ decided ─oath (each appointee, no change)
      │ add_person     │                      │
      └───────────── withdraw ───────────────┴──▶ withdrawn

- add_person: a nominee with their record, while the list is a draft (the nominating body's 提请).
- submit: the nominating body's 提请任免 received by the standing committee's office.
- schedule: the council of chairpersons (主任会议) reviewed it and put it on a standing-committee meeting's
  agenda (through renda.meetings).
- open_polls: one appointment poll per person on the list's agenda item, in voting order, for the members'
  voting devices (renda.voting: opened, cast and closed on its pages; it opens no appointment before the
  removal from the same post).
- vote: the meeting's result person by person or together, more than half of all members
  (renda.voting.rules): counts entered by the clerk, or read from the closed polls.
- oath: the constitutional oath of an appointee (宪法宣誓, 决定 第一条), recorded with date and witnesses.
- resign: an appointee's resignation accepted by the standing committee ends their tenure (the register).
- resolve_clash: a removal failed while the appointment to its post passed (rules.clashes); the office
  records how it is resolved (a note: a follow-up list, …).
Staff (the office's clerks) take every action; leaders and auditors read.
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Workflow, t


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCHEDULED = "scheduled"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


DRAFT, SUBMITTED, SCHEDULED = State.DRAFT, State.SUBMITTED, State.SCHEDULED
DECIDED, WITHDRAWN = State.DECIDED, State.WITHDRAWN

STAFF = frozenset({"staff", "admin"})
HAS_PEOPLE = "has_people"  # guard: a list names at least one person before it is submitted
OATH_PENDING = "oath_pending"  # guard: an appointee has not yet taken the oath
NO_POLLS = "no_polls"  # guard: the list is not yet with the voting engine
HOLDERS = "holders"  # guard: an appointee of the list still holds the post
CLASH = "clash"  # guard: a removal failed while the appointment to its post passed, not yet resolved

WORKFLOW = Workflow(
    "appointments.case",
    {
        #  action          from                          to          who     guard
        "add_person": t({DRAFT}, None, STAFF),
        "submit": t({DRAFT}, SUBMITTED, STAFF, guard=HAS_PEOPLE),
        "schedule": t({SUBMITTED}, SCHEDULED, STAFF),
        "open_polls": t({SCHEDULED}, None, STAFF, guard=NO_POLLS),
        "vote": t({SCHEDULED}, DECIDED, STAFF),
        "oath": t({DECIDED}, None, STAFF, guard=OATH_PENDING),
        "withdraw": t({DRAFT, SUBMITTED, SCHEDULED}, WITHDRAWN, STAFF),
        "resign": t({DECIDED}, None, STAFF, guard=HOLDERS),
        "resolve_clash": t({DECIDED}, None, STAFF, guard=CLASH),
    },
    states=set(State),
)
