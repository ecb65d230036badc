"""The life of a livelihood project as a table (pure), in core's one table shape (MISSION.md §4).

    collected ─accept─▶ accepted ─shortlist─▶ shortlisted ─record_vote─▶ selected ─evaluate─▶ evaluated
        ├─merge──▶ merged (into a similar proposal; also from accepted)
        └─reject─▶ rejected  ▲                │  (tied: stays       │   ▲
                             └──── unlist ────┘   for the revote)   └───┘ report (progress)
                                                 └─record_vote─▶ not_selected

- collection (征集): a proposal arrives "collected" (the public form, a deputy, a unit, staff entry);
- screening (初筛): staff accept it, or reject it with a reason from the negative list;
- shortlist (初定): staff (for the government) make it a candidate with an owner unit, budget, scope and
  timeline; "unlist" takes it back while the vote has not been recorded;
- duplicates (合并): staff merge a collected or accepted proposal into a similar one of the year (found
  through renda.insight's similar items); it ends "merged", linked to the one it joined, whose tracking code
  its proposer is shown;
- council review (审议): before the session, staff record the council of chairpersons' (主任会议) or the
  standing committee's review of the shortlist ("review", every candidate at once, like the vote);
- delegations (代表团讨论): a deputy records their own delegation's discussion notes on a candidate, staff
  any delegation's from its record ("discuss");
- vote (票决): staff open the session's vote, or record its count, for all candidates at once; the rules
  decide, per project, selected, not selected, or — tied across the last place — still shortlisted for the
  revote (``decided``); the guard VOTE_READY refuses while the council's review of the shortlist is not done
  (审议: the last review agreed and covered every candidate) and while the candidates do not exceed the
  places (差额);
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
    MERGED = "merged"


COLLECTED, REJECTED, ACCEPTED = State.COLLECTED, State.REJECTED, State.ACCEPTED
SHORTLISTED, SELECTED, NOT_SELECTED, EVALUATED = (
    State.SHORTLISTED,
    State.SELECTED,
    State.NOT_SELECTED,
    State.EVALUATED,
)
MERGED = State.MERGED

STAFF = frozenset({"staff", "admin"})
OWNER = "owner"  # the scope: the actor works in the project's owner unit
OWNER_UNIT = Who({"unit_handler", "unit_leader"}, OWNER)

# The states anyone (the public page) may read: the candidates and what became of them.
PUBLIC_STATES = frozenset({SHORTLISTED, SELECTED, NOT_SELECTED, EVALUATED})
# The vote's guard: the council's review of the shortlist is done (审议: agreed, covering every candidate,
# rules.review_done) and the candidates exceed the places (差额, rules.margin_ok) — in that order.
VOTE_READY = "reviewed_with_margin"
DELEGATE = "delegate"  # the scope: the actor is a deputy, entering the notes of their own delegation

WORKFLOW = Workflow(
    "livelihood.project",
    {
        #  action          from            to            who                guard
        "accept": t({COLLECTED}, ACCEPTED, STAFF),
        "reject": t({COLLECTED}, REJECTED, STAFF),
        "shortlist": t({ACCEPTED}, SHORTLISTED, STAFF),
        "unlist": t({SHORTLISTED}, ACCEPTED, STAFF),
        "merge": t({COLLECTED, ACCEPTED}, MERGED, STAFF),
        "review": t({SHORTLISTED}, None, STAFF),
        "discuss": t({SHORTLISTED}, None, STAFF, Who("deputy", DELEGATE)),
        "record_vote": t({SHORTLISTED}, None, STAFF, guard=VOTE_READY),
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
