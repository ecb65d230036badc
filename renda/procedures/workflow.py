"""Government-side procedures as tables (pure), in core's one table shape (MISSION.md §8; issue 18).

A major administrative decision (重大行政决策程序暂行条例, 2019)::

    preparing ─submit_review─▶ reviewing ─review─▶ ready ─meeting─▶ decided ─publish─▶ published
        ▲                                   │                 └──────▶ dropped      (evaluate ─▶ evaluated)
        └──────────── revise ◀── returned ◀─┘ (found unlawful, or to be revised)

While preparing, the lead unit records the three preparatory steps (public participation with a public draft
and its comment period, expert argument, risk assessment) or an exemption with its legal basis. The guards
(named below, evaluated by renda.procedures.rules through the policy) refuse a skipped step by its name.

An enforcement case (行政执法三项制度)::

    open ─propose─▶ proposed ─issue─▶ issued ─publish─▶ published
    (record: the whole-process record, files fingerprinted; review: the legal review's opinion)
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Who, Workflow, t


class State(StrEnum):
    PREPARING = "preparing"
    REVIEWING = "reviewing"
    RETURNED = "returned"
    READY = "ready"
    DECIDED = "decided"
    DROPPED = "dropped"
    PUBLISHED = "published"
    EVALUATED = "evaluated"


class CaseState(StrEnum):
    OPEN = "open"
    PROPOSED = "proposed"
    ISSUED = "issued"
    PUBLISHED = "published"


class CatalogueState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


ADMIN = frozenset({"admin"})
UNIT_ROLES = frozenset({"unit_handler", "unit_leader"})
LEAD = "lead"  # the actor works in the decision's lead unit (决策承办单位) or the case's enforcing body
REVIEWER = "reviewer"  # the actor works in the unit that reviews legality (司法行政部门 / 法制审核机构)
OFFICE = "office"  # the actor works in the government office that compiles the catalogue
LEAD_UNIT = Who(UNIT_ROLES, LEAD)
REVIEW_UNIT = Who(UNIT_ROLES, REVIEWER)
OFFICE_UNIT = Who(UNIT_ROLES, OFFICE)

# guards (renda.procedures.permissions evaluates them with renda.procedures.rules)
COMMENT_CLOSED = "comment_closed"  # public participation: the comment period is over, every comment answered
PREPARED = "prepared"  # the three preparatory steps done or exempt (before legality review)
REVIEWED = "reviewed"  # every step before the meeting, legality found lawful, risk controllable
CAN_OPEN = "can_open"  # no public draft open yet
ISSUABLE = "issuable"  # a major enforcement decision has a passing legal review

WORKFLOW = Workflow(
    "procedures.decision",
    {
        #  action             from                      to                who                      guard
        "open_comment": t({State.PREPARING}, None, LEAD_UNIT, ADMIN, guard=CAN_OPEN),
        "answer": t({State.PREPARING}, None, LEAD_UNIT, ADMIN),
        "participation": t({State.PREPARING}, None, LEAD_UNIT, ADMIN, guard=COMMENT_CLOSED),
        "expert": t({State.PREPARING}, None, LEAD_UNIT, ADMIN),
        "risk": t({State.PREPARING}, None, LEAD_UNIT, ADMIN),
        "exempt": t({State.PREPARING}, None, LEAD_UNIT, ADMIN),
        "submit_review": t({State.PREPARING}, State.REVIEWING, LEAD_UNIT, ADMIN, guard=PREPARED),
        "review": t({State.REVIEWING}, None, REVIEW_UNIT, ADMIN),
        "revise": t({State.RETURNED}, State.PREPARING, LEAD_UNIT, ADMIN),
        "meeting": t({State.READY}, None, LEAD_UNIT, OFFICE_UNIT, ADMIN, guard=REVIEWED),
        "publish": t({State.DECIDED}, State.PUBLISHED, LEAD_UNIT, OFFICE_UNIT, ADMIN),
        "track": t({State.PUBLISHED}, None, LEAD_UNIT, ADMIN),
        "evaluate": t({State.PUBLISHED}, State.EVALUATED, LEAD_UNIT, ADMIN),
    },
    states=set(State),
    decided={"review": {State.READY, State.RETURNED}, "meeting": {State.DECIDED, State.DROPPED}},
)

CASE_WORKFLOW = Workflow(
    "procedures.case",
    {
        "record": t({CaseState.OPEN, CaseState.PROPOSED, CaseState.ISSUED}, None, LEAD_UNIT, ADMIN),
        "propose": t({CaseState.OPEN}, CaseState.PROPOSED, LEAD_UNIT, ADMIN),
        "review": t({CaseState.PROPOSED}, None, REVIEW_UNIT, ADMIN),
        "issue": t({CaseState.PROPOSED}, CaseState.ISSUED, LEAD_UNIT, ADMIN, guard=ISSUABLE),
        "publish": t({CaseState.ISSUED}, CaseState.PUBLISHED, LEAD_UNIT, ADMIN),
    },
    states=set(CaseState),
)

CATALOGUE_WORKFLOW = Workflow(
    "procedures.catalogue",
    {
        "add_decision": t({CatalogueState.DRAFT, CatalogueState.PUBLISHED}, None, OFFICE_UNIT, ADMIN),
        "publish": t({CatalogueState.DRAFT}, CatalogueState.PUBLISHED, OFFICE_UNIT, ADMIN),
    },
    states=set(CatalogueState),
)
