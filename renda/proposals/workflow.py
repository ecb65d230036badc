"""The life of a motion or suggestion as a table (pure: no Django, no database).

Suggestions (建议)::

    draft ─invite_cosigners─▶ cosigning ─(cosign …)─┐
      └──────────────submit──────────────────────────┴─▶ submitted
    submitted ─review_accept─▶ accepted ─assign─▶ assigned
                                       review_return ▶ returned │ review_letter ▶ letter │ merge ▶ merged
    assigned ─sign_reply (all leads signed)─▶ replied ─rate─▶ closed | follow_up (B/C) | rehandling (不满意)
    rehandling ─sign_reply─▶ replied ;  follow_up ─follow_up(done)─▶ closed
    withdraw: draft, cosigning, submitted, accepted ─▶ withdrawn (joint items: every signer consented)

Motions (议案) share draft → submitted, then the presidium decides (motion_decide): on_agenda,
to_committee (then decided again), not_on_agenda, or to_suggestion (→ accepted as a suggestion, keeping its
history and motion number). A motion is withdrawn before the vote with the presidium's consent, which staff
record (withdraw by staff only).

The table has core's one shape (renda.core.workflow: t(from, to, *Who(roles, scope), guard=, variants=)).
Each row: the states an action starts from (a suggestion's; a motion's are the row's "motion" variant — the
policy reads the item's kind), the state it leads to (None: unchanged, or decided by the service from its
input — see DECIDED), who may do it, and the name of the guard the policy evaluates:

- roles are renda.core.roles.Role values;
- scope says which of the item's people the user must be: ANY (any item), LEAD (the lead deputy),
  COSIGNER (an invited co-signer), SIGNER (a co-signer who confirmed), HANDLER (the user's unit is an
  active lead or split lead 主办/分办), CO_UNIT (an active co-handler 会办), ASSIGNED (any active unit),
  RATER (the lead deputy; co-signers too when the term's setting says so).

permissions.ProposalPolicy binds the table to Proposal (renda.core.spine): spine.available_actions(actor,
proposal) and spine.require(actor, proposal, action) evaluate it with the guards, so pages draw only the
buttons the services accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from renda.core.workflow import ANY, Transition, Who, Workflow, t


class S(StrEnum):  # mirrors renda.proposals.choices.Status
    DRAFT = "draft"
    COSIGNING = "cosigning"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    LETTER = "letter"
    ON_AGENDA = "on_agenda"
    TO_COMMITTEE = "to_committee"
    NOT_ON_AGENDA = "not_on_agenda"
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    REPLIED = "replied"
    REHANDLING = "rehandling"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"


class Scope(StrEnum):
    ANY = ANY
    LEAD = "lead"
    COSIGNER = "cosigner"
    SIGNER = "signer"
    HANDLER = "handler"
    CO_UNIT = "co_unit"
    ASSIGNED = "assigned"
    RATER = "rater"


SUGGESTION = "suggestion"
MOTION = "motion"
KINDS = (SUGGESTION, MOTION)

STAFF = frozenset({"staff", "admin"})
LEADER = frozenset({"leader"})
DEPUTY = frozenset({"deputy"})
UNIT = frozenset({"unit_handler", "unit_leader"})
UNIT_LEADER = frozenset({"unit_leader"})

UNSUBMITTED = frozenset({S.DRAFT, S.COSIGNING})
IN_HANDLING = frozenset({S.ASSIGNED, S.REHANDLING})
# States in which a reply is owed: overdue and due-soon are computed only for them (the one "open" set:
# selectors, reports and the pages read it from here).
OPEN = IN_HANDLING
OPEN_STATES = tuple(sorted(s.value for s in OPEN))
# States whose reply may be published (and rated).
PUBLISHED = frozenset({S.REPLIED, S.FOLLOW_UP, S.CLOSED})
# States after which nothing more happens.
FINAL = frozenset({S.RETURNED, S.LETTER, S.NOT_ON_AGENDA, S.CLOSED, S.WITHDRAWN, S.MERGED})


def _t(
    sources: Iterable[str],
    target: str | None,
    *who: Who,
    motion: Iterable[str] | None = None,
    guard: str | None = None,
) -> Transition:
    """`sources` for suggestions, `motion` (default: the same) for motions; empty: not for that kind."""
    return t(sources, target, *who, guard=guard, variants=None if motion is None else {MOTION: motion})


_STAFF = Who(STAFF)
_LEAD = Who(DEPUTY, Scope.LEAD)
_UNIT_HANDLER = Who(UNIT, Scope.HANDLER)

TRANSITIONS: dict[str, Transition] = {
    # action                 from (suggestion)                     to            who
    "save_draft": _t(UNSUBMITTED, None, _LEAD, _STAFF),
    "invite_cosigners": _t(UNSUBMITTED, S.COSIGNING, _LEAD, _STAFF),
    "cosign": _t({S.COSIGNING}, None, Who(DEPUTY, Scope.COSIGNER), guard="invited"),
    "decline_cosign": _t({S.COSIGNING}, None, Who(DEPUTY, Scope.COSIGNER), guard="invited"),
    "submit": _t(UNSUBMITTED, S.SUBMITTED, _LEAD, _STAFF),
    "withdraw": _t(
        {*UNSUBMITTED, S.SUBMITTED, S.ACCEPTED},
        S.WITHDRAWN,
        _LEAD,
        _STAFF,
        motion={*UNSUBMITTED, S.SUBMITTED, S.ON_AGENDA, S.TO_COMMITTEE},
        guard="signers_consented",
    ),
    "consent_withdraw": _t(
        {S.SUBMITTED, S.ACCEPTED},
        None,
        Who(DEPUTY, Scope.SIGNER),
        motion={S.SUBMITTED, S.ON_AGENDA, S.TO_COMMITTEE},
        guard="not_yet_consented",
    ),
    "review_accept": _t({S.SUBMITTED}, S.ACCEPTED, _STAFF, motion=()),
    "review_return": _t({S.SUBMITTED}, S.RETURNED, _STAFF, motion=()),
    "review_letter": _t({S.SUBMITTED}, S.LETTER, _STAFF, motion=()),
    "motion_decide": _t((), None, _STAFF, motion={S.SUBMITTED, S.TO_COMMITTEE}),
    "merge": _t({S.SUBMITTED, S.ACCEPTED}, S.MERGED, _STAFF, motion=()),
    "assign": _t({S.ACCEPTED}, S.ASSIGNED, _STAFF, motion=()),
    "request_return": _t(
        {S.ASSIGNED}, None, Who(UNIT, Scope.ASSIGNED), motion=(), guard="within_return_window"
    ),
    "decide_return": _t({S.ASSIGNED}, None, _STAFF, motion=(), guard="return_pending"),
    "request_extension": _t({S.ASSIGNED}, None, _UNIT_HANDLER, motion=(), guard="extension_left"),
    "decide_extension": _t({S.ASSIGNED}, None, _STAFF, motion=(), guard="extension_pending"),
    "co_opinion": _t(IN_HANDLING, None, Who(UNIT, Scope.CO_UNIT), motion=()),
    "consult": _t(IN_HANDLING, None, _UNIT_HANDLER, motion=()),
    "draft_reply": _t(IN_HANDLING, None, _UNIT_HANDLER, motion=()),
    "sign_reply": _t(
        IN_HANDLING, S.REPLIED, Who(UNIT_LEADER, Scope.HANDLER), motion=(), guard="draft_waiting"
    ),
    # the leader sends a draft back to the handler with a reason (退回修改); the handler drafts it again
    "send_back_reply": _t(
        IN_HANDLING, None, Who(UNIT_LEADER, Scope.HANDLER), motion=(), guard="draft_waiting"
    ),
    # guard: the lead deputy rates in `replied` only and that moves the item; co-signers (when the term's
    # setting lets them) rate the same round once, before or after, without moving it
    "rate": _t(PUBLISHED, None, Who(DEPUTY, Scope.RATER), motion=(), guard="rating_due"),
    "follow_up": _t({S.FOLLOW_UP}, None, _UNIT_HANDLER, motion=()),
    "mark_key": _t(
        {S.SUBMITTED, S.ACCEPTED, *IN_HANDLING, S.REPLIED, S.FOLLOW_UP},
        None,
        Who(LEADER),
        motion=(),
    ),
    "publish": _t(PUBLISHED, None, _STAFF, motion=()),
    # 催办: staff press a unit on an item past its due date and still unanswered (guard: overdue)
    "urge": _t(IN_HANDLING, None, _STAFF, motion=(), guard="overdue"),
    # the year's end: promised items still followed up roll into the next year (结转), in one batch
    "roll_over": _t({S.FOLLOW_UP}, None, _STAFF, motion=()),
    # the item's category (类别) while staff review and assign it, until a reply exists: reports count by
    # category, so it is fixed before the answer; drafts keep theirs through save_draft
    "set_topic": _t(
        {S.SUBMITTED, S.ACCEPTED, S.ASSIGNED}, None, _STAFF, motion={S.SUBMITTED, S.TO_COMMITTEE}
    ),
}

# Actions whose resulting state the service decides from its input (the table's target is None):
DECIDED: dict[str, frozenset[S]] = {
    # presidium: on the agenda, to a committee first, not on the agenda, converted (→ accepted suggestion)
    "motion_decide": frozenset({S.ON_AGENDA, S.TO_COMMITTEE, S.NOT_ON_AGENDA, S.ACCEPTED}),
    # the lead deputy's rating: 不满意 → rehandling; promised categories → follow_up; else closed
    "rate": frozenset({S.REHANDLING, S.FOLLOW_UP, S.CLOSED}),
    # the last part reported done closes the item
    "follow_up": frozenset({S.FOLLOW_UP, S.CLOSED}),
    # split leads (分办): the item is replied once every lead unit's reply of the round is signed
    "sign_reply": frozenset({S.ASSIGNED, S.REHANDLING, S.REPLIED}),
}

WORKFLOW = Workflow("proposals.proposal", TRANSITIONS, states=set(S), decided=DECIDED, variants=KINDS)

# A session's deadline for motions (议案截止时间) is not an item's step: a one-row table of its own, bound to
# MotionWindow (permissions.MotionWindowPolicy). A window is always open to being set (or set again).
WINDOW_OPEN = "open"
MOTION_WINDOW = Workflow(
    "proposals.motion_window",
    {"set_motion_deadline": t({WINDOW_OPEN}, None, _STAFF)},
    states={WINDOW_OPEN},
)

# Every action of the app: the items' table, then the motion window's.
ACTIONS = (*WORKFLOW.actions, *MOTION_WINDOW.actions)
# The actions of one item (its page's buttons): the year's rollover is a batch, not a button.
ITEM_ACTIONS = tuple(a for a in WORKFLOW.actions if a != "roll_over")

PRESIDIUM_TARGETS = {
    "on_agenda": S.ON_AGENDA,
    "to_committee": S.TO_COMMITTEE,
    "not_on_agenda": S.NOT_ON_AGENDA,
    "to_suggestion": S.ACCEPTED,
}
RATING_TARGETS = {"rehandling": S.REHANDLING, "follow_up": S.FOLLOW_UP, "closed": S.CLOSED}


# --- the table read with the proposals' names (the item's kind is the variant) -----------------------------


def sources(action: str, kind: str) -> frozenset[S]:
    return frozenset(S(s) for s in WORKFLOW.sources(action, kind))


def allowed(action: str, status: str, kind: str = SUGGESTION) -> bool:
    """Whether `action` may start from `status` for an item of `kind` (whoever asks)."""
    return WORKFLOW.allowed(action, S(status), kind)


def target(action: str, status: str) -> str:
    """The state after `action` (when the table fixes it; else the unchanged state)."""
    return WORKFLOW.target(action, S(status).value)


def possible_targets(action: str, status: str) -> frozenset[S]:
    """Every state the action may lead to from `status`."""
    return frozenset(S(s) for s in WORKFLOW.possible_targets(action, S(status).value))


def _table(action: str) -> Workflow:
    return MOTION_WINDOW if action in MOTION_WINDOW else WORKFLOW


def roles_for(action: str) -> frozenset[str]:
    """Every role that may take `action` on some item (or, for the motion deadline, some session)."""
    return _table(action).roles_for(action)


def permitted(action: str, held: set[tuple[str, Scope]] | frozenset[tuple[str, Scope]]) -> bool:
    """Whether someone may take `action`, given the (role, scope) pairs they hold on the item.

    A role held at all gives (role, ANY); a relation gives its pair through the role that carries it: the
    leader of the lead unit holds ("unit_leader", HANDLER), a co-signing deputy ("deputy", COSIGNER). The
    caller computes the pairs (permissions.ProposalPolicy.held).
    """
    return _table(action).permitted(action, held)
