"""A major matter's path (MISSION.md §7: the government reports, the standing committee deliberates and
decides) as a table (pure), in core's one table shape.

    submitted ─schedule─▶ scheduled ─open_vote─▶ voting ─close_vote─▶ adopted ─publish─▶ published
      │  edit                 ▲  edit              │                └─▶ rejected               │ report
      └─return─▶ returned     └─(a void vote)──────┘                              closed ◀─close─ reported
- schedule: the council of chairpersons puts the matter on a standing-committee meeting's agenda (an item
  of the meeting, renda.meetings); the draft decision or resolution must be written first.
- open_vote / close_vote: the vote at the meeting through the voting engine (renda.voting: a motion poll on
  the agenda item, more than half of ALL members); the close decides adopted or rejected.
- publish: the decision with its number goes on the public list; the implementation report falls due.
- report: the body that carries it out reports on its implementation; close: the standing committee has
  heard the report (the follow-up ends).
Staff (the general office's clerks) take every action; leaders, auditors and deputies read.
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Workflow, t


class State(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    SCHEDULED = "scheduled"
    VOTING = "voting"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    PUBLISHED = "published"
    REPORTED = "reported"
    CLOSED = "closed"


SUBMITTED, RETURNED, SCHEDULED, VOTING = State.SUBMITTED, State.RETURNED, State.SCHEDULED, State.VOTING
ADOPTED, REJECTED, PUBLISHED = State.ADOPTED, State.REJECTED, State.PUBLISHED
REPORTED, CLOSED = State.REPORTED, State.CLOSED

STAFF = frozenset({"staff", "admin"})
HAS_TEXT = "has_text"  # guard: the draft decision is written before the matter goes on an agenda

WORKFLOW = Workflow(
    "decisions.matter",
    {
        #  action         from                    to          who     guard
        "edit": t({SUBMITTED, SCHEDULED}, None, STAFF),
        "return": t({SUBMITTED}, RETURNED, STAFF),
        "schedule": t({SUBMITTED}, SCHEDULED, STAFF, guard=HAS_TEXT),
        "open_vote": t({SCHEDULED}, VOTING, STAFF),
        "close_vote": t({VOTING}, None, STAFF),
        "publish": t({ADOPTED}, PUBLISHED, STAFF),
        "report": t({PUBLISHED}, REPORTED, STAFF),
        "close": t({REPORTED}, CLOSED, STAFF),
    },
    states=set(State),
    decided={"close_vote": {ADOPTED, REJECTED, SCHEDULED}},  # a void paper vote: back to the agenda
)
