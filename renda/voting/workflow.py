"""The life of a poll as a table (pure: no Django, no database).

    draft ──open──▶ open ──close──▶ closed ──publish──▶ published
                     │  ▲
                     └──┘ cast, paper_entry, paper_settle, paper_issue (no change of state)

Every row says which states an action starts from, the state it leads to (None: the state does not change)
and who may do it: "manager" is staff or admin (renda.voting.permissions.can_manage); "voter" is a deputy on
the roll and present, casting their own ballot — a manager may also enter a ballot for such a deputy
(ballot_cast with source "staff"). The services check every write against this table, and pages draw their
buttons from `renda.voting.permissions.available_actions` (this table applied to the user's roles), so the
UI never offers what the service would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


class Who(StrEnum):
    MANAGER = "manager"  # staff, admin
    VOTER = "voter"  # the deputy themselves (a manager may enter for them)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    target: State | None
    who: frozenset[Who]


def _t(sources, target, *who) -> Transition:
    return Transition(frozenset(State(s) for s in sources), State(target) if target else None, frozenset(who))


TRANSITIONS: dict[str, Transition] = {
    #                  from                                   to              who
    "edit": _t({State.DRAFT}, None, Who.MANAGER),  # candidates, settings
    "open": _t({State.DRAFT}, State.OPEN, Who.MANAGER),
    "cast": _t({State.OPEN}, None, Who.VOTER, Who.MANAGER),
    "paper_issue": _t({State.DRAFT, State.OPEN}, None, Who.MANAGER),
    "paper_entry": _t({State.OPEN}, None, Who.MANAGER),
    "paper_settle": _t({State.OPEN}, None, Who.MANAGER),
    "close": _t({State.OPEN}, State.CLOSED, Who.MANAGER),
    "publish": _t({State.CLOSED}, State.PUBLISHED, Who.MANAGER),
    "followup": _t({State.CLOSED, State.PUBLISHED}, None, Who.MANAGER),
}

# Actions that apply only to one method of voting.
PAPER_ONLY = frozenset({"paper_issue", "paper_entry", "paper_settle"})
ELECTRONIC_ONLY = frozenset({"cast"})
ELECTION_ONLY = frozenset({"followup"})


def allowed(action: str, state: str) -> bool:
    """Whether `action` may start from `state` (whoever asks)."""
    return State(state) in TRANSITIONS[action].sources


def target(action: str, state: str) -> str:
    """The state after `action` from `state`."""
    t = TRANSITIONS[action]
    return (t.target or State(state)).value


def permitted(action: str, *, manager: bool, voter: bool) -> bool:
    """Whether someone who is a manager and/or an eligible voter may do `action`."""
    who = TRANSITIONS[action].who
    return (manager and Who.MANAGER in who) or (voter and Who.VOTER in who)


def applies(action: str, *, method: str, kind: str) -> bool:
    """Whether `action` exists for a poll of this method ("electronic"/"paper") and kind."""
    if action in PAPER_ONLY and method != "paper":
        return False
    if action in ELECTRONIC_ONLY and method != "electronic":
        return False
    return not (action in ELECTION_ONLY and kind != "election")


def actions_for(*, state: str, method: str, kind: str, manager: bool, voter: bool) -> list[str]:
    """The actions (in table order) someone may take on a poll in `state`: pure, for tests and pages."""
    return [
        action
        for action in TRANSITIONS
        if allowed(action, state)
        and applies(action, method=method, kind=kind)
        and permitted(action, manager=manager, voter=voter)
    ]


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
