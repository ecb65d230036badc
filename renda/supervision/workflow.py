"""The paths of supervision (监督法 2024, MISSION.md §6) as tables (pure), in core's one table shape.

The annual supervision plan (年度监督工作计划): drafted by the staff, adopted by the council of chairpersons
(recorded by the staff), then published to the deputies and the public.

    draft ─adopt─▶ adopted

An item of the plan that hears a report (a special work report, the budget, plan or audit report, a
law-enforcement inspection's report; 第十七、二十九、三十七条):

    planned ─schedule─▶ scheduled ─consolidate─▶ consolidated ─send─▶ sent ─answer─▶ answered
    (a standing-committee     (members' opinions recorded     (to the reporting    (its written report
     meeting's agenda)         meanwhile: record_opinion)      body, a due date)    on what it did)
    answered ─comment─▶ commented ─put_on_agenda─▶ on_agenda ─rate─▶ rated ─publish─▶ published
              (the committee)      (the council, optional)     (members' 满意度)    (commented ─publish─▶ too)

Scopes the policy grants: "body" (a handler or leader of the reporting body).
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Who, Workflow, t


class PlanState(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"


class State(StrEnum):
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    CONSOLIDATED = "consolidated"
    SENT = "sent"
    ANSWERED = "answered"
    COMMENTED = "commented"
    ON_AGENDA = "on_agenda"
    RATED = "rated"
    PUBLISHED = "published"


STAFF = frozenset({"staff", "admin"})
COUNCIL = frozenset({"leader", "staff", "admin"})  # the council decides; the staff record its decision
BODY = "body"
REPORTING_BODY = Who({"unit_handler", "unit_leader"}, BODY)

# The answer is owed (and may be overdue) only while the opinions are out with the body.
AWAITING_ANSWER = frozenset({State.SENT})
# Once the opinions have been sent, the body sees the item.
SENT_OR_LATER = frozenset(
    {State.SENT, State.ANSWERED, State.COMMENTED, State.ON_AGENDA, State.RATED, State.PUBLISHED}
)

PLAN_WORKFLOW = Workflow(
    "supervision.plan",
    {"adopt": t({PlanState.DRAFT}, PlanState.ADOPTED, COUNCIL)},
    states=set(PlanState),
)

WORKFLOW = Workflow(
    "supervision.item",
    {
        #  action            from                              to                  who
        "schedule": t({State.PLANNED}, State.SCHEDULED, STAFF),
        "record_opinion": t({State.SCHEDULED}, None, STAFF),
        "consolidate": t({State.SCHEDULED}, State.CONSOLIDATED, STAFF, guard="has_opinions"),
        "send": t({State.CONSOLIDATED}, State.SENT, STAFF),
        "answer": t({State.SENT}, State.ANSWERED, REPORTING_BODY, STAFF),
        "comment": t({State.ANSWERED}, State.COMMENTED, STAFF),
        # the council decides; the staff record it on the meeting's agenda (renda.meetings: staff only)
        "put_on_agenda": t({State.COMMENTED}, State.ON_AGENDA, STAFF),
        "rate": t({State.ON_AGENDA}, State.RATED, STAFF),
        "publish": t({State.COMMENTED, State.RATED}, State.PUBLISHED, COUNCIL),
    },
    states=set(State),
)


# --- interpellations (质询案, 监督法 第五十一至五十四条; 地方组织法) ---------------------------------------
#
#   draft ─invite─▶ signing ─file─▶ filed ─accept─▶ accepted ─answer─▶ answered ─close─▶ closed
#                   (each invited member signs or      (the council        (orally at a meeting,
#                    declines on their phone before     decides to send     or in writing signed
#                    the deadline; filed only with      it to the body)     by the body's head)
#                    enough signatures in time)       filed ─reject─▶ not_accepted
#   signing ─lapse─▶ lapsed (the deadline passed without enough signatures)
#   draft|signing ─withdraw─▶ withdrawn
#   answered: each signatory declares satisfied or not (declare); more than half dissatisfied →
#   answered ─request_second─▶ second_requested ─answer_again─▶ closed (第五十四条)


class IState(StrEnum):
    DRAFT = "draft"
    SIGNING = "signing"
    FILED = "filed"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    ANSWERED = "answered"
    SECOND_REQUESTED = "second_requested"
    CLOSED = "closed"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


LEAD = "lead"  # the member who drafted it (领衔)
SIGNER = "signer"  # an invited member who has not answered yet
SIGNATORY = "signatory"  # a member who signed it
INTERPELLATED_BODY = Who({"unit_handler", "unit_leader"}, BODY)

# The questioned body sees it once the council has decided to send it.
SENT_TO_BODY = frozenset({IState.ACCEPTED, IState.ANSWERED, IState.SECOND_REQUESTED, IState.CLOSED})

INTERPELLATION_WORKFLOW = Workflow(
    "supervision.interpellation",
    {
        #  action            from                            to                      who
        "invite": t({IState.DRAFT}, IState.SIGNING, Who("deputy", LEAD)),
        "sign": t({IState.SIGNING}, None, Who("deputy", SIGNER), guard="before_deadline"),
        "decline": t({IState.SIGNING}, None, Who("deputy", SIGNER)),
        "file": t({IState.SIGNING}, IState.FILED, Who("deputy", LEAD), STAFF, guard="enough_signed"),
        "lapse": t({IState.SIGNING}, IState.LAPSED, STAFF, guard="deadline_missed"),
        "withdraw": t({IState.DRAFT, IState.SIGNING}, IState.WITHDRAWN, Who("deputy", LEAD)),
        "accept": t({IState.FILED}, IState.ACCEPTED, COUNCIL),
        "reject": t({IState.FILED}, IState.NOT_ACCEPTED, COUNCIL),
        # the body answers in writing; the staff record an oral answer given at the meeting
        "answer": t({IState.ACCEPTED}, IState.ANSWERED, INTERPELLATED_BODY, STAFF),
        "declare": t({IState.ANSWERED}, None, Who("deputy", SIGNATORY)),
        "request_second": t(
            {IState.ANSWERED}, IState.SECOND_REQUESTED, COUNCIL, guard="majority_dissatisfied"
        ),
        "answer_again": t({IState.SECOND_REQUESTED}, IState.CLOSED, INTERPELLATED_BODY, STAFF),
        "close": t({IState.ANSWERED}, IState.CLOSED, COUNCIL),
    },
    states=set(IState),
)


# --- law-enforcement inspections (执法检查, 监督法 第四章 第三十四至三十九条) ------------------------------
#
# An item of the plan of the kind "enforcement" gets an inspection: the law and the articles checked, the
# inspection group (its leader from the standing committee's chairpersons or members, members, invited
# deputies; 第三十六条), the places visited with their findings, then the group's report (第三十七条), which
# goes to a standing-committee meeting as the item's report: the item's own path (schedule → deliberation
# opinions → the body's report on rectification …) carries on from there.
#
#   preparing ─start─▶ inspecting ─report─▶ reported
#   (add_member meanwhile)  (record_visit meanwhile)


class InspState(StrEnum):
    PREPARING = "preparing"
    INSPECTING = "inspecting"
    REPORTED = "reported"


INSPECTION_WORKFLOW = Workflow(
    "supervision.inspection",
    {
        #  action          from                                        to                     who
        "add_member": t({InspState.PREPARING, InspState.INSPECTING}, None, STAFF),
        "start": t({InspState.PREPARING}, InspState.INSPECTING, STAFF, guard="has_leader"),
        "record_visit": t({InspState.INSPECTING}, None, STAFF),
        "report": t({InspState.INSPECTING}, InspState.REPORTED, STAFF, guard="has_visits"),
    },
    states=set(InspState),
)


# --- special inquiries (专题询问, 监督法 第六章) ------------------------------------------------------------
#
# An item of the plan of the kind "inquiry", once on a standing-committee meeting's agenda, gets its special
# inquiry held while the members deliberate the report (at a plenary, joint-group or group meeting): the
# questions each member asks the body or its head, who answered and the gist of the answer; the problems
# raised are listed (问题清单) and go to the body as the item's deliberation opinions with a due date — the
# item's own path (the body's written report → the committee's comment → …) carries on from there; then the
# inquiry's summary is published.
#
#   open ─send_list─▶ listed ─publish─▶ published
#   (ask, add_problem meanwhile)


class QState(StrEnum):
    OPEN = "open"
    LISTED = "listed"
    PUBLISHED = "published"


INQUIRY_WORKFLOW = Workflow(
    "supervision.inquiry",
    {
        #  action          from              to                who
        "ask": t({QState.OPEN}, None, STAFF),
        "add_problem": t({QState.OPEN}, None, STAFF),
        "send_list": t({QState.OPEN}, QState.LISTED, STAFF, guard="has_questions_and_problems"),
        "publish": t({QState.LISTED}, QState.PUBLISHED, COUNCIL),
    },
    states=set(QState),
)


# --- investigations of a specific question (特定问题调查, 监督法 第七章 第五十五至五十九条) -----------------
#
# Proposed by the council of chairpersons (created as proposed) or in writing by one fifth or more of the
# members (第五十五条): a member drafts it, opens it for signing, every member of the standing committee may
# sign it on their phone before the deadline, and it is filed once ceil(members / 5) signed in time. The
# council puts it on a standing-committee meeting; the meeting decides by more than half of ALL members
# (组织法 第五十一条). The committee of investigation (chair, vice chairs, members from the standing
# committee's members, no interested member; experts: 第五十六条), its hearings and evidence (第五十七条),
# its report (第五十八条), the standing committee's resolution on it, and publication (第五十九条).
#
#   draft ─open─▶ signing ─file─▶ proposed ─schedule─▶ scheduled ─decide─▶ established | not_established
#   (sign meanwhile)   signing ─lapse─▶ lapsed;  draft|signing ─withdraw─▶ withdrawn
#   established ─start─▶ investigating ─report─▶ reported ─schedule_report─▶ report_scheduled
#   (add_member, declare_conflict)  (record_hearing, add_evidence)
#   report_scheduled ─resolve─▶ resolved ─publish─▶ published


class InvState(StrEnum):
    DRAFT = "draft"
    SIGNING = "signing"
    PROPOSED = "proposed"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"
    SCHEDULED = "scheduled"
    ESTABLISHED = "established"
    NOT_ESTABLISHED = "not_established"
    INVESTIGATING = "investigating"
    REPORTED = "reported"
    REPORT_SCHEDULED = "report_scheduled"
    RESOLVED = "resolved"
    PUBLISHED = "published"


MEMBER = "member"  # a member of the standing committee serving now (may sign)

INVESTIGATION_WORKFLOW = Workflow(
    "supervision.investigation",
    {
        #  action              from                                   to                       who
        "open": t({InvState.DRAFT}, InvState.SIGNING, Who("deputy", LEAD)),
        "sign": t({InvState.SIGNING}, None, Who("deputy", MEMBER), guard="before_deadline"),
        "file": t({InvState.SIGNING}, InvState.PROPOSED, Who("deputy", LEAD), STAFF, guard="enough_signed"),
        "lapse": t({InvState.SIGNING}, InvState.LAPSED, STAFF, guard="deadline_missed"),
        "withdraw": t({InvState.DRAFT, InvState.SIGNING}, InvState.WITHDRAWN, Who("deputy", LEAD)),
        # the council decides to put it on a meeting; the staff record it on the agenda (renda.meetings)
        "schedule": t({InvState.PROPOSED}, InvState.SCHEDULED, STAFF),
        # the vote: counted by hand and entered (decide), or a motion poll of the voting engine on the agenda
        # item, opened and closed by the staff (the members vote on their devices)
        "decide": t({InvState.SCHEDULED}, None, STAFF, guard="no_poll"),
        "open_vote": t({InvState.SCHEDULED}, None, STAFF, guard="no_poll"),
        "close_vote": t({InvState.SCHEDULED}, None, STAFF, guard="poll_open"),
        "declare_conflict": t({InvState.ESTABLISHED, InvState.INVESTIGATING}, None, STAFF),
        # a member declares their own interest (not once declared, not while on the committee)
        "declare_own_interest": t(
            {InvState.ESTABLISHED, InvState.INVESTIGATING}, None, Who("deputy", MEMBER), guard="undeclared"
        ),
        "add_member": t({InvState.ESTABLISHED, InvState.INVESTIGATING}, None, STAFF),
        "start": t({InvState.ESTABLISHED}, InvState.INVESTIGATING, STAFF, guard="has_chair"),
        "record_hearing": t({InvState.INVESTIGATING}, None, STAFF),
        "add_evidence": t({InvState.INVESTIGATING}, None, STAFF),
        "report": t({InvState.INVESTIGATING}, InvState.REPORTED, STAFF, guard="has_hearings"),
        "schedule_report": t({InvState.REPORTED}, InvState.REPORT_SCHEDULED, STAFF),
        "resolve": t({InvState.REPORT_SCHEDULED}, InvState.RESOLVED, STAFF, guard="no_poll"),
        "open_resolution_vote": t({InvState.REPORT_SCHEDULED}, None, STAFF, guard="no_poll"),
        "close_resolution_vote": t({InvState.REPORT_SCHEDULED}, None, STAFF, guard="poll_open"),
        "publish": t({InvState.RESOLVED}, InvState.PUBLISHED, COUNCIL),
    },
    states=set(InvState),
    decided={
        "decide": {InvState.ESTABLISHED, InvState.NOT_ESTABLISHED},
        # a void vote (a paper vote whose ballots outnumber those issued) leaves it on the agenda
        "close_vote": {InvState.ESTABLISHED, InvState.NOT_ESTABLISHED},
        "close_resolution_vote": {InvState.RESOLVED},
    },
)

# The committee's work is seen by its own members and experts' deputies once established.
INV_ESTABLISHED_OR_LATER = frozenset(
    {
        InvState.ESTABLISHED,
        InvState.INVESTIGATING,
        InvState.REPORTED,
        InvState.REPORT_SCHEDULED,
        InvState.RESOLVED,
        InvState.PUBLISHED,
    }
)


# --- removal motions (撤职案, 地方组织法 第五十条、监督法) ------------------------------------------------
#
# Moved by the council of chairpersons (created as filed) or jointly in writing by one fifth or more of
# the members (signed as above), naming an office holder from the register (renda.appointments); the council
# puts it on a standing-committee meeting (a removal list through renda.appointments' services); the
# meeting decides by more than half of ALL members; if it passes, the tenure ends in the register.
#
#   draft ─open─▶ signing ─file─▶ filed ─schedule─▶ scheduled ─decide─▶ removed | not_removed
#   signing ─lapse─▶ lapsed;  draft|signing ─withdraw─▶ withdrawn


class RemState(StrEnum):
    DRAFT = "draft"
    SIGNING = "signing"
    FILED = "filed"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"
    SCHEDULED = "scheduled"
    REMOVED = "removed"
    NOT_REMOVED = "not_removed"


REMOVAL_WORKFLOW = Workflow(
    "supervision.removal",
    {
        #  action        from                                 to                   who
        "open": t({RemState.DRAFT}, RemState.SIGNING, Who("deputy", LEAD)),
        "sign": t({RemState.SIGNING}, None, Who("deputy", MEMBER), guard="before_deadline"),
        "file": t({RemState.SIGNING}, RemState.FILED, Who("deputy", LEAD), STAFF, guard="enough_signed"),
        "lapse": t({RemState.SIGNING}, RemState.LAPSED, STAFF, guard="deadline_missed"),
        "withdraw": t({RemState.DRAFT, RemState.SIGNING}, RemState.WITHDRAWN, Who("deputy", LEAD)),
        "schedule": t({RemState.FILED}, RemState.SCHEDULED, STAFF),
        "decide": t({RemState.SCHEDULED}, None, STAFF, guard="no_poll"),
        # or the removal list's poll on the members' devices (renda.appointments' case polls)
        "open_vote": t({RemState.SCHEDULED}, None, STAFF, guard="no_poll"),
        "close_vote": t({RemState.SCHEDULED}, None, STAFF, guard="poll_open"),
    },
    states=set(RemState),
    decided={
        "decide": {RemState.REMOVED, RemState.NOT_REMOVED},
        "close_vote": {RemState.REMOVED, RemState.NOT_REMOVED},
    },
)
