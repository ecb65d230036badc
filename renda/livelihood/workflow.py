"""The life of a livelihood project as a table (pure), in core's one table shape (MISSION.md §4).

    collected ─accept─▶ accepted ─shortlist─▶ shortlisted ─record_vote─▶ selected ─evaluate─▶ evaluated
        └─reject─▶ rejected  ▲                │  (tied: stays       │   ▲
                             └──── unlist ────┘   for the revote)   └───┘ report (progress)
                                                 └─record_vote─▶ not_selected

- collection (征集): a proposal arrives "collected" (the public form, a deputy, a unit, staff entry);
- screening (初筛): staff accept it, or reject it with a reason from the negative list;
- shortlist (初定): staff (for the government) make it a candidate with an owner unit, budget, scope and
  timeline; "unlist" takes it back while the vote has not been recorded;
- vote (票决): staff record the session's count for all candidates at once; the rules decide, per project,
  selected, not selected, or — tied across the last place — still shortlisted for the revote (``decided``);
  the guard "margin" refuses a count while the candidates do not exceed the places (差额);
- implementation: the owner unit (handler or leader) and staff report progress;
- evaluation (满意度测评): staff record the year-end count; the grade is the rules'.
- milestones ("plan"): the owner unit and staff set a selected project's milestones and mark them done.

An inspection of the year's supervision group (监督小组, INSPECTION_WORKFLOW) is recorded "open" by a
member of the group or staff; the project's owner unit (or staff, entering a paper answer) answers its
opinion.
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Who, Workflow, t


class State(StrEnum):
    COLLECTED = "collected"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    SHORTLISTED = "shortlisted"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    EVALUATED = "evaluated"


COLLECTED, REJECTED, ACCEPTED = State.COLLECTED, State.REJECTED, State.ACCEPTED
SHORTLISTED, SELECTED, NOT_SELECTED, EVALUATED = (
    State.SHORTLISTED,
    State.SELECTED,
    State.NOT_SELECTED,
    State.EVALUATED,
)

STAFF = frozenset({"staff", "admin"})
OWNER = "owner"  # the scope: the actor works in the project's owner unit
OWNER_UNIT = Who({"unit_handler", "unit_leader"}, OWNER)

# The states anyone (the public page) may read: the candidates and what became of them.
PUBLIC_STATES = frozenset({SHORTLISTED, SELECTED, NOT_SELECTED, EVALUATED})
MARGIN = "margin"

WORKFLOW = Workflow(
    "livelihood.project",
    {
        #  action          from            to            who                guard
        "accept": t({COLLECTED}, ACCEPTED, STAFF),
        "reject": t({COLLECTED}, REJECTED, STAFF),
        "shortlist": t({ACCEPTED}, SHORTLISTED, STAFF),
        "unlist": t({SHORTLISTED}, ACCEPTED, STAFF),
        "record_vote": t({SHORTLISTED}, None, STAFF, guard=MARGIN),
        "report": t({SELECTED}, None, OWNER_UNIT, STAFF),
        "plan": t({SELECTED}, None, OWNER_UNIT, STAFF),
        "evaluate": t({SELECTED}, EVALUATED, STAFF),
    },
    states=set(State),
    decided={"record_vote": {SELECTED, NOT_SELECTED, SHORTLISTED}},
)


class InspectionState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


INSPECTION_WORKFLOW = Workflow(
    "livelihood.inspection",
    {
        #  action     from                      to                         who
        "answer": t({InspectionState.OPEN}, InspectionState.ANSWERED, OWNER_UNIT, STAFF),
    },
    states=set(InspectionState),
)
