"""The counting rules of votes and elections (pure: standard library only, no Django, no database).

Shared by electronic and paper ballots: the services store ballots, then call these functions to decide
quorum, count a motion or an election and publish a digest of the ballot set. Article numbers follow
MISSION.md §3:
组织法 = 地方各级人民代表大会和地方各级人民政府组织法; 选举法 = 全国人民代表大会和地方各级人民代表大会选举法.

- Quorum (`quorum_met`): a congress session needs two thirds of all deputies present (组织法 第14条); a
  standing-committee meeting more than half of its members (组织法 第51条).
- Threshold (`passes`): resolutions and elections pass with more than half of ALL deputies (全体代表的过半数,
  组织法 第25条) or of all standing-committee members (第51条) — not of the votes cast.
- Elections — the candidate margin, nomination, ballot and election validity, winners, another election, the
  formal candidates after a preliminary election — are in renda.voting.elections.rules, which counts with the
  threshold and the digest of this module.
- List ballots (`tally_list`, `list_ballot_valid`): one ballot, a mark per item (a project list voted, a
  satisfaction evaluation); the deciding rule is the calling app's (renda.livelihood.rules).
- Appointment lists (`order_appointments`, `dismissals_first`): dismissal before appointment to the same post.
- Verifiability (`ballot_digest`): SHA-256 over the canonical, order-independent ballot set.

Impossible input (a negative count, more present than members, a mark for someone not on the ballot) raises
`ValueError`: it is a bug or a data error in the caller, not a voter's act. Voters' acts (an over-marked
ballot, more ballots returned than issued) are outcomes, reported in the results.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

# The meetings app's quorum (Body, quorum_met, quorum_required), re-exported so a count reads as one module.
from renda.meetings.rules import Body as Body
from renda.meetings.rules import check_counts
from renda.meetings.rules import quorum_met as quorum_met
from renda.meetings.rules import quorum_required as quorum_required

if TYPE_CHECKING:
    from renda.voting.elections.rules import ElectionBallot

_B = TypeVar("_B")

# --- Bodies, quorum and threshold -------------------------------------------------------------------------


def passes(yes: int, total_entitled: int) -> bool:
    """More than half of ALL deputies (全体代表的过半数, 组织法 第25条) or all members (第51条).

    The base is everyone entitled to vote, not those present nor the votes cast: yes × 2 > total_entitled.
    With 500 deputies, 240 yes fails (480 < 500) however few voted no; 251 yes passes.
    """
    check_counts(yes, total_entitled, what="yes")
    return yes * 2 > total_entitled


def majority_needed(total_entitled: int) -> int:
    """The least number of yes votes that `passes` (total // 2 + 1)."""
    check_counts(0, total_entitled, what="yes")
    return total_entitled // 2 + 1


# --- Motions ----------------------------------------------------------------------------------------------


class Choice(StrEnum):
    """A voter's choice: 赞成 / 反对 / 弃权, and 未按表决器 (present but not voting) on motions."""

    YES = "yes"  # 赞成
    NO = "no"  # 反对
    ABSTAIN = "abstain"  # 弃权
    NOT_VOTING = "not_voting"  # 未投票 (motions only; recorded as such)


@dataclass(frozen=True)
class MotionResult:
    """The count of a motion (a resolution, a report, a list voted together)."""

    yes: int
    no: int
    abstain: int
    not_voting: int
    total_entitled: int
    passed: bool

    @property
    def recorded(self) -> int:
        """Ballots recorded: yes + no + abstain + not voting."""
        return self.yes + self.no + self.abstain + self.not_voting

    @property
    def cast(self) -> int:
        """Votes cast: yes + no + abstain."""
        return self.yes + self.no + self.abstain

    @property
    def absent(self) -> int:
        """Entitled voters with no ballot recorded (absent or on leave)."""
        return self.total_entitled - self.recorded


def tally_motion(ballots: Iterable[Choice | str], total_entitled: int) -> MotionResult:
    """Count a motion: one entry per voter present (赞成 / 反对 / 弃权 / not voting).

    Passed when yes × 2 > total_entitled (组织法 第25条, 第51条): abstentions, no-votes, not voting and
    absence all count the same way — as not yes. Totals are conserved: yes + no + abstain + not_voting =
    the entries.
    """
    counts = Counter(Choice(b) for b in ballots)
    recorded = sum(counts.values())
    if total_entitled <= 0:
        raise ValueError(f"total_entitled must be positive, got {total_entitled}")
    if recorded > total_entitled:
        raise ValueError(f"{recorded} ballots for {total_entitled} entitled voters")
    yes = counts[Choice.YES]
    return MotionResult(
        yes=yes,
        no=counts[Choice.NO],
        abstain=counts[Choice.ABSTAIN],
        not_voting=counts[Choice.NOT_VOTING],
        total_entitled=total_entitled,
        passed=passes(yes, total_entitled),
    )


# --- List ballots (one ballot, a mark per item) -------------------------------------------------------------

LIST_MARKS = ("yes", "no", "abstain")  # 赞成 / 反对 / 弃权 (a list vote: 民生实事项目票决)
RATING_MARKS = ("satisfied", "basic", "unsatisfied", "abstain")  # 满意 / 基本满意 / 不满意 / 弃权 (测评)


def distinct_ballots(ballots: Iterable[_B]) -> list[tuple[_B, int]]:
    """Each ballot object once, with how many times it occurs, in first-seen order — by identity, not by
    value: a count checks and tallies a ballot that occurs n times once, weighted n, and gives the same
    result as over the ballots one by one. The close of a sealed poll hands equal ballots as one shared
    object (renda.voting.services.counting); distinct objects stay apart, equal or not. Each object is held
    in the answer, so no id is reused while it is built."""
    seen: dict[int, list] = {}
    for ballot in ballots:
        entry = seen.get(id(ballot))
        if entry is None:
            seen[id(ballot)] = [ballot, 1]
        else:
            entry[1] += 1
    return [(ballot, n) for ballot, n in seen.values()]


def list_ballot_valid(marks: Mapping[str, str], *, max_choices: int | None) -> bool:
    """A list ballot counts unless it is "choose up to N" and marks more than N items 赞成 (the rule of
    选举法 第44条 — more chosen than places is void — that the local rules of project votes adopt). A ballot
    marking each item 赞成/反对/弃权 (no limit) is always valid; an unmarked item is 弃权."""
    if max_choices is None:
        return True
    return sum(1 for mark in marks.values() if mark == "yes") <= max_choices


@dataclass(frozen=True)
class ListCount:
    """A list poll's count: per item, the marks on the valid ballots (every mark of the vocabulary present,
    zero or more), the ballots returned, and those void ("choose up to N" over-marked)."""

    tallies: dict[str, dict[str, int]]
    returned: int
    valid: int
    invalid: int


def tally_list(
    ballots: Iterable[Mapping[str, str]],
    *,
    options: Sequence[str],
    marks: Sequence[str],
    max_choices: int | None = None,
) -> ListCount:
    """Count list ballots: each maps item → a mark of `marks`; an item left unmarked counts as "abstain".

    Only the tally — what a vote of items decides (selection, ranking, grades) is the deciding app's rule
    (renda.livelihood.rules). A mark for an item not on the ballot or outside the vocabulary raises
    ValueError (the service validated every stored ballot).
    """
    if len(set(options)) != len(options):
        raise ValueError("an item is listed twice")
    if "abstain" not in marks:
        raise ValueError("the marks must include abstain")
    on_ballot = set(options)
    vocabulary = set(marks)
    pairs: Counter[tuple[str, str]] = Counter()  # (item, mark) over the valid ballots
    returned = valid = 0
    for ballot, n in distinct_ballots(ballots):
        returned += n
        if not ballot.keys() <= on_ballot:
            raise ValueError(f"marks for items not on the ballot: {sorted(set(ballot) - on_ballot)}")
        if not set(ballot.values()) <= vocabulary:
            raise ValueError("a mark outside the ballot's vocabulary")
        if max_choices is not None and not list_ballot_valid(ballot, max_choices=max_choices):
            continue
        valid += n
        if n == 1:
            pairs.update(ballot.items())
        else:
            for pair in ballot.items():
                pairs[pair] += n
    counts = {}
    for o in options:  # an unmarked item counts as abstain
        counts[o] = {m: pairs[(o, m)] for m in marks if m != "abstain"}
        counts[o]["abstain"] = valid - sum(counts[o].values())
        counts[o] = {m: counts[o][m] for m in marks}  # in the vocabulary's order
    return ListCount(tallies=counts, returned=returned, valid=valid, invalid=returned - valid)


# --- Appointment lists (任免) ------------------------------------------------------------------------------


class AppointmentAction(StrEnum):
    APPOINT = "appoint"  # 任命
    DISMISS = "dismiss"  # 免职


@dataclass(frozen=True)
class AppointmentItem:
    person: str
    post: str
    action: AppointmentAction


def order_appointments(items: Sequence[AppointmentItem]) -> list[AppointmentItem]:
    """The list in voting order: for the same post, every dismissal comes before any appointment.

    The smallest change to the given order: items keep their places, except that a dismissal listed after an
    appointment to the same post moves up to just before that appointment (dismissals keep their own order).
    """
    done: set[int] = set()
    ordered: list[AppointmentItem] = []
    for index, item in enumerate(items):
        if AppointmentAction(item.action) is AppointmentAction.APPOINT:
            moved = [
                k for k, d in enumerate(items) if k not in done and d.post == item.post and _dismissal(d)
            ]
            done.update(moved)
            ordered.extend(items[k] for k in moved)
        if index not in done:
            done.add(index)
            ordered.append(item)
    return ordered


def _dismissal(item: AppointmentItem) -> bool:
    return AppointmentAction(item.action) is AppointmentAction.DISMISS


def dismissals_first(item: AppointmentItem, undecided: Iterable[AppointmentItem]) -> list[AppointmentItem]:
    """The undecided dismissals that `order_appointments` puts before an appointment: it waits for them."""
    ordered = order_appointments([*undecided, item])
    ahead = [] if _dismissal(item) else ordered[: ordered.index(item)]
    return [o for o in ahead if o.post == item.post and _dismissal(o)]


# --- Digest ------------------------------------------------------------------------------------------------


def _canonical_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@functools.lru_cache(maxsize=4096)
def _pair(key: str, mark: str) -> str:
    """One `"key":"mark"` member of a list ballot's canonical JSON (a poll has few distinct ones)."""
    return _canonical_json(key) + ":" + _canonical_json(mark)


def canonical_ballot(ballot: ElectionBallot | Mapping[str, str] | Choice | str) -> str:
    """Canonical JSON of one ballot: an election ballot's `canonical()`, a list ballot's {"options": {item:
    mark}} (sorted keys), or a motion choice as JSON string."""
    if hasattr(
        ballot, "canonical"
    ):  # an ElectionBallot (renda.voting.elections.rules), which counts through here
        return ballot.canonical()
    if isinstance(ballot, Mapping):  # = _canonical_json({"options": dict(ballot)}); pairs cached
        return '{"options":{' + ",".join(_pair(k, m) for k, m in sorted(ballot.items())) + "}}"
    return _choice_json(ballot)


@functools.lru_cache(maxsize=16)
def _choice_json(choice: Choice | str) -> str:
    """A motion choice's canonical JSON (a handful of values, 3,000 ballots at a count)."""
    return _canonical_json(Choice(choice).value)


def ballot_digest(ballots: Iterable[ElectionBallot | Mapping[str, str] | Choice | str]) -> str:
    """SHA-256 (hex) of the ballot set, independent of the order the ballots are stored or exported in.

    Each ballot is serialised as canonical JSON (`canonical_ballot`); the strings are sorted (duplicates kept:
    it is a multiset) and the list is serialised as a canonical JSON array, UTF-8 encoded, then hashed. Anyone
    holding the exported ballots can recompute it: sha256(json.dumps(sorted(canonical ballots),
    ensure_ascii=False, separators=(",", ":")).encode("utf-8")).
    """
    lines = sorted(line for b, n in distinct_ballots(ballots) for line in [canonical_ballot(b)] * n)
    return hashlib.sha256(_canonical_json(lines).encode("utf-8")).hexdigest()
