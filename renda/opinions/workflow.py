"""The path of a citizen's opinion (社情民意, MISSION.md §5) as a table (pure), in core's one table shape.

    received ─answer─▶ closed                          (on the spot: the answer is the feedback)
       ├─refer─▶ street ─reply─▶ replied ─feedback─▶ closed   (the township/street)
       ├─forward─▶ forwarded ─reply─▶ replied           (a department, due date; the street may forward)
       ├─convert─▶ converted ─feedback─▶ closed         (a deputy's suggestion, through proposals)
       └─feed─▶ fed ─feedback─▶ closed                  (livelihood-project collection)

Every path ends "closed" with feedback to the citizen and the deputy; then the citizen may rate it (a rating
is not a table action: the citizen has no account, see rules.can_rate). "convert" and "feed" are open from
received, street and replied: a unit's reply may show that the matter needs a suggestion or a project.

Scopes the policy grants: "keeper" (the keeper of the opinion's station), "recorder" (the opinion's deputy),
"handler" (a handler or leader of the unit it is referred or forwarded to).
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Who, Workflow, t


class State(StrEnum):
    RECEIVED = "received"
    STREET = "street"
    FORWARDED = "forwarded"
    REPLIED = "replied"
    CONVERTED = "converted"
    FED = "fed"
    CLOSED = "closed"


RECEIVED, STREET, FORWARDED, REPLIED = State.RECEIVED, State.STREET, State.FORWARDED, State.REPLIED
CONVERTED, FED, CLOSED = State.CONVERTED, State.FED, State.CLOSED

STAFF = frozenset({"staff", "admin"})
KEEPER, RECORDER, HANDLER = "keeper", "recorder", "handler"
STATION_KEEPER = Who({"station_keeper"}, KEEPER)
ITS_DEPUTY = Who({"deputy"}, RECORDER)
UNIT = Who({"unit_handler", "unit_leader"}, HANDLER)

# The states in which a unit handles the opinion (its reply is due).
OPEN_AT_UNIT = frozenset({STREET, FORWARDED})
# Where the path has been taken and feedback is owed to the citizen and the deputy.
AWAITING_FEEDBACK = frozenset({REPLIED, CONVERTED, FED})
HAS_DEPUTY = "has_deputy"

WORKFLOW = Workflow(
    "opinions.opinion",
    {
        #  action       from                          to         who
        "answer": t({RECEIVED}, CLOSED, STATION_KEEPER, ITS_DEPUTY, STAFF),
        "refer": t({RECEIVED}, STREET, STATION_KEEPER, ITS_DEPUTY, STAFF),
        "forward": t({RECEIVED, STREET}, FORWARDED, STATION_KEEPER, UNIT, STAFF),
        "reply": t(OPEN_AT_UNIT, REPLIED, UNIT, STAFF),
        "convert": t({RECEIVED, STREET, REPLIED}, CONVERTED, ITS_DEPUTY, STAFF, guard=HAS_DEPUTY),
        "feed": t({RECEIVED, STREET, REPLIED}, FED, STAFF),
        "feedback": t(AWAITING_FEEDBACK, CLOSED, STATION_KEEPER, ITS_DEPUTY, STAFF),
    },
    states=set(State),
)
