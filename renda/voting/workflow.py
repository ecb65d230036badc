"""The life of a poll as a table (pure: no Django, no database), in core's one table shape.

    draft ──open──▶ open ──close──▶ closed ──publish──▶ published
                     │  ▲
                     └──┘ cast, paper_entry, paper_settle, paper_issue (no change of state)

Every row says which states an action starts from, the state it leads to (None: the state does not change)
and who may do it:
- "manager" (``MANAGERS``): staff or admin, on any poll;
- "voter" (``Who("deputy", VOTER)``): a deputy on the poll's session roll and checked in, casting their own
  ballot — a manager may also enter a ballot for such a deputy (ballot_cast with source "staff").
Paper-only, electronic-only and election-only actions carry the guard "applies" (``applies``): the policy
refuses them, as "not_applicable", on polls of another method or kind.

``renda.voting.permissions.PollPolicy`` binds this table to ``Poll`` on the spine: every service calls
``spine.require`` before it locks the poll, and pages draw ``spine.available_actions`` (through core's action
menu), so the UI never offers what the service would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from renda.core.workflow import ANY, Pair, Who, Workflow, role_pairs, t


class State(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


MANAGERS = frozenset({"staff", "admin"})
VOTER = "voter"  # the scope: the deputy is on this poll's roll and present
VOTERS = Who("deputy", VOTER)

# Actions that exist only for some polls: the rows' guard "applies" (PollPolicy.guard refuses them, code
# "not_applicable", on the polls of another method or kind).
PAPER_ONLY = frozenset({"paper_issue", "paper_entry", "paper_settle"})
ELECTRONIC_ONLY = frozenset({"cast"})
ELECTION_ONLY = frozenset({"followup"})
APPLIES = "applies"

DRAFT, OPEN, CLOSED, PUBLISHED = State.DRAFT, State.OPEN, State.CLOSED, State.PUBLISHED

WORKFLOW = Workflow(
    "voting.poll",
    {
        #  action        from                 to          who                 guard
        "edit": t({DRAFT}, None, MANAGERS),  # candidates, settings
        "open": t({DRAFT}, OPEN, MANAGERS),
        "cast": t({OPEN}, None, VOTERS, MANAGERS, guard=APPLIES),  # electronic polls
        "paper_issue": t({DRAFT, OPEN}, None, MANAGERS, guard=APPLIES),  # paper polls
        "paper_entry": t({OPEN}, None, MANAGERS, guard=APPLIES),
        "paper_settle": t({OPEN}, None, MANAGERS, guard=APPLIES),
        "close": t({OPEN}, CLOSED, MANAGERS),
        "publish": t({CLOSED}, PUBLISHED, MANAGERS),
        "followup": t({CLOSED, PUBLISHED}, None, MANAGERS, guard=APPLIES),  # elections; see followup_rounds
    },
    states=set(State),
)
TRANSITIONS = WORKFLOW.transitions


def held_pairs(roles: Iterable[str], *, voter: bool) -> frozenset[Pair]:
    """The (role, scope) pairs of someone with these roles who is (or not) a present voter of the poll."""
    pairs = role_pairs(roles)
    return pairs | {("deputy", VOTER)} if voter and "deputy" in set(roles) else pairs


def allowed(action: str, state: str) -> bool:
    """Whether `action` may start from `state` (whoever asks, for a poll it applies to)."""
    return WORKFLOW.allowed(action, state)


def target(action: str, state: str) -> str:
    """The state after `action` from `state`."""
    return WORKFLOW.target(action, state)


def permitted(action: str, *, manager: bool, voter: bool) -> bool:
    """Whether someone who is a manager and/or an eligible voter may do `action`."""
    held = {(r, ANY) for r in MANAGERS} if manager else set()
    return WORKFLOW.permitted(action, held | ({("deputy", VOTER)} if voter else set()))


def applies(action: str, *, method: str, kind: str) -> bool:
    """Whether `action` exists for a poll of this method ("electronic"/"paper") and kind."""
    if action in PAPER_ONLY and method != "paper":
        return False
    if action in ELECTRONIC_ONLY and method != "electronic":
        return False
    return not (action in ELECTION_ONLY and kind != "election")


def entry_for_another(*, secret: bool, method: str) -> bool:
    """Whether a manager may enter an electronic ballot for a present deputy: only in a named poll. A secret
    ballot is cast by the voter in person (选举法 第四十条: 无记名投票; 第四十一条: a voter who cannot write
    may ask a voter of their choice to write the paper ballot) — electronically, a deputy who needs help
    votes on paper or confirms their own ballot at an assisted terminal (issue 11)."""
    return not (secret and method == "electronic")


def actions_for(*, state: str, method: str, kind: str, manager: bool, voter: bool) -> list[str]:
    """The actions (in table order) someone may take on a poll in `state`: pure, for tests and pages."""
    held = {(r, ANY) for r in MANAGERS} if manager else set()
    held |= {("deputy", VOTER)} if voter else set()
    return [a for a in WORKFLOW.candidates(state, held) if applies(a, method=method, kind=kind)]


def followup_rounds(*, round: str, result: Mapping) -> list[str]:
    """The follow-up rounds a closed election leads to, by what its count left open (组织法 第26–29条).

    A preliminary vote (预选) leads to the formal election ("regular"); any other round to a revote among
    those tied at the cut-off ("revote", none after a void election) and to another election (另行选举,
    "another") for the seats left unfilled (all of them after a void election). `result` is the stored count
    (poll.result: revote_among, remaining_seats, void).
    """
    if round == "preliminary":
        return ["regular"]
    rounds = []
    if result.get("revote_among") and not result.get("void"):
        rounds.append("revote")
    if result.get("remaining_seats") or result.get("void"):
        rounds.append("another")
    return rounds
