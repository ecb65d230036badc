"""The counting rules of votes and elections (pure: standard library only, no Django, no database).

Shared by electronic and paper ballots: the services store ballots, then call these functions to decide
quorum, count a motion or an election and publish a digest of the ballot set. Article numbers follow
MISSION.md §3:
组织法 = 地方各级人民代表大会和地方各级人民政府组织法; 选举法 = 全国人民代表大会和地方各级人民代表大会选举法.

- Quorum (`quorum_met`): a congress session needs two thirds of all deputies present (组织法 第14条); a
  standing-committee meeting more than half of its members (组织法 第51条).
- Threshold (`passes`): resolutions and elections pass with more than half of ALL deputies (全体代表的过半数,
  组织法 第25条) or of all standing-committee members (第51条) — not of the votes cast.
- Candidate margin (`margin_check`, 差额选举, 组织法 第26–29条 and 选举法 on deputies to the higher congress).
- Nomination (`nominators_valid`): by the presidium or jointly by deputies (组织法 第26–29条).
- Elections (`count_election`): ballot and election validity (选举法 第44条), winners, revote among the tied,
  another election (另行选举) for the shortfall and its candidates, the formal candidates after a preliminary
  election (`another_election_candidates`, `formal_candidates`; 组织法 第26–29条).
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
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

# The meetings app's quorum (Body, quorum_met, quorum_required), re-exported so a count reads as one module.
from renda.meetings.rules import Body as Body
from renda.meetings.rules import check_counts
from renda.meetings.rules import quorum_met as quorum_met
from renda.meetings.rules import quorum_required as quorum_required

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


# --- Candidate margin (差额选举) ----------------------------------------------------------------------------


class PostKind(StrEnum):
    """Kinds of post with their own candidate margin (组织法 第26–29条; 选举法)."""

    # 常委会主任、秘书长, 乡镇人大主席, 政府正职, 监察委员会主任, 法院院长, 检察院检察长
    HEAD = "head"
    # 常委会副主任, 乡镇人大副主席, 政府副职
    DEPUTY_HEAD = "deputy_head"
    # 常委会委员
    STANDING_MEMBER = "standing_member"
    # 上一级人民代表大会代表 (elected by the congress)
    HIGHER_DEPUTY = "higher_deputy"


# Margins as fractions of the seats (lowest, highest); HEAD and DEPUTY_HEAD have fixed margins instead.
MARGIN_FRACTIONS: dict[PostKind, tuple[Fraction, Fraction]] = {
    PostKind.STANDING_MEMBER: (Fraction(1, 10), Fraction(1, 5)),  # 多十分之一至五分之一 (组织法)
    PostKind.HIGHER_DEPUTY: (Fraction(1, 5), Fraction(1, 2)),  # 多五分之一至二分之一 (选举法)
}
DEPUTY_HEAD_MARGIN = (1, 3)  # 多一人至三人 (组织法)


class MarginProblem(StrEnum):
    TOO_FEW = "too_few"  # not enough candidates: nominate more
    TOO_MANY = "too_many"  # more than the margin allows: preliminary election (预选)


@dataclass(frozen=True)
class MarginResult:
    """The margin check: `min`/`max` are numbers of candidates (not margins) allowed for a direct vote."""

    ok: bool
    min: int
    max: int
    needs_preliminary: bool
    single_candidate: bool = False  # ok as an uncontested (等额) vote of a head post with one nominee
    problem: MarginProblem | None = None


def margin_bounds(kind: PostKind | str, seats: int) -> tuple[int, int]:
    """The least and greatest number of candidates for `seats` seats of this kind of post.

    - HEAD: seats + 1 (一般应多一人).
    - DEPUTY_HEAD: seats + 1 … seats + 3 (多一人至三人).
    - STANDING_MEMBER: seats + m, seats/10 ≤ m ≤ seats/5 (多十分之一至五分之一).
    - HIGHER_DEPUTY: seats + m, seats/5 ≤ m ≤ seats/2 (多五分之一至二分之一).

    Rounding for the fractional kinds: the margin must be at least the lower fraction and at most the upper
    fraction of the seats, so the lowest margin rounds UP and the highest rounds DOWN (15 members: 1.5 … 3 →
    2 … 3). An election with a margin must have at least one candidate more than seats (差额), so the lowest
    margin is never below 1; where the rounded band is empty (fewer than 5 standing-committee members, fewer
    than 3 deputies to elect) the margin is exactly 1.
    """
    kind = PostKind(kind)
    if seats < 1:
        raise ValueError(f"seats must be at least 1, got {seats}")
    if kind is PostKind.HEAD:
        return seats + 1, seats + 1
    if kind is PostKind.DEPUTY_HEAD:
        low, high = DEPUTY_HEAD_MARGIN
        return seats + low, seats + high
    lo_frac, hi_frac = MARGIN_FRACTIONS[kind]
    low = max(1, math.ceil(seats * lo_frac))
    high = max(low, math.floor(seats * hi_frac))
    return seats + low, seats + high


def margin_check(
    kind: PostKind | str, seats: int, candidates: int, *, allow_single_candidate: bool = True
) -> MarginResult:
    """Whether `candidates` nominees may go straight to the vote for `seats` seats (组织法 第26–29条).

    Within the bounds of `margin_bounds` → ok. Above → not ok, a preliminary election (预选) ranks the
    nominees and the most voted, up to the highest number, become the candidates. Below → not ok, more
    nominations are needed. Head posts: when only one person is nominated the vote may be uncontested
    (如果提名的候选人只有一人，也可以等额选举); `allow_single_candidate` (a setting of the election rules,
    default True as the law allows) turns that on, for a single seat.
    """
    if candidates < 0:
        raise ValueError(f"candidates must not be negative, got {candidates}")
    kind = PostKind(kind)
    low, high = margin_bounds(kind, seats)
    bounds = {"min": low, "max": high}
    if kind is PostKind.HEAD and allow_single_candidate and seats == 1 and candidates == 1:
        return MarginResult(ok=True, needs_preliminary=False, single_candidate=True, **bounds)
    if candidates > high:
        return MarginResult(ok=False, needs_preliminary=True, problem=MarginProblem.TOO_MANY, **bounds)
    if candidates < low:
        return MarginResult(ok=False, needs_preliminary=False, problem=MarginProblem.TOO_FEW, **bounds)
    return MarginResult(ok=True, needs_preliminary=False, **bounds)


# --- Nomination (提名) -------------------------------------------------------------------------------------

# 组织法: the least number of deputies who may jointly nominate (代表…人以上书面联名), keyed by the level
# of the congress (the values of organization.choices.CongressLevel).
JOINT_NOMINATION_MIN: dict[str, int] = {
    "province": 30,  # 省、自治区、直辖市: 三十人以上
    "city": 20,  # 设区的市和自治州: 二十人以上
    "county": 10,  # 县级: 十人以上
    "township": 10,  # 乡、民族乡、镇: 十人以上
}


class NominatorKind(StrEnum):
    PRESIDIUM = "presidium"  # 主席团提名
    JOINT = "joint"  # 代表联合提名


@dataclass(frozen=True)
class Nomination:
    """One nomination document: by the presidium, or signed jointly by deputies (`sponsors`, their ids)."""

    by: NominatorKind
    candidates: tuple[str, ...]
    sponsors: frozenset[str] = frozenset()


class NominationProblem(StrEnum):
    TOO_FEW_SPONSORS = "too_few_sponsors"  # fewer deputies signed than the level requires
    PRESIDIUM_OVER_SEATS = "presidium_over_seats"  # the presidium names more candidates than seats
    SPONSOR_OVER_SEATS = "sponsor_over_seats"  # a deputy joined in naming more candidates than seats
    NO_CANDIDATE = "no_candidate"


@dataclass(frozen=True)
class NominationIssue:
    problem: NominationProblem
    nomination: int | None = None  # index in the input, when the issue is one nomination's
    sponsor: str | None = None  # the deputy, for SPONSOR_OVER_SEATS


@dataclass(frozen=True)
class NominationCheck:
    ok: bool
    issues: tuple[NominationIssue, ...] = ()


def nominators_valid(nominations: Sequence[Nomination], *, level: str, seats: int) -> NominationCheck:
    """Check the nominations for one post (组织法 第26–29条).

    Joint nominations need at least `JOINT_NOMINATION_MIN[level]` distinct deputies (province 30, city 20,
    county 10, township 10). The number of candidates named by the presidium, and the number each deputy joins
    in naming (counted over all the joint nominations the deputy signed, each candidate once), may not exceed
    the seats (主席团提名的候选人人数，每一代表与其他代表联合提名的候选人人数，均不得超过应选名额).
    """
    if level not in JOINT_NOMINATION_MIN:
        raise ValueError(f"no joint-nomination rule for level {level!r}")
    if seats < 1:
        raise ValueError(f"seats must be at least 1, got {seats}")
    needed = JOINT_NOMINATION_MIN[level]
    issues: list[NominationIssue] = []
    presidium: set[str] = set()
    per_sponsor: dict[str, set[str]] = {}
    for index, nomination in enumerate(nominations):
        if not nomination.candidates:
            issues.append(NominationIssue(NominationProblem.NO_CANDIDATE, nomination=index))
        if NominatorKind(nomination.by) is NominatorKind.PRESIDIUM:
            presidium.update(nomination.candidates)
            continue
        if len(nomination.sponsors) < needed:
            issues.append(NominationIssue(NominationProblem.TOO_FEW_SPONSORS, nomination=index))
        for sponsor in nomination.sponsors:
            per_sponsor.setdefault(sponsor, set()).update(nomination.candidates)
    if len(presidium) > seats:
        issues.append(NominationIssue(NominationProblem.PRESIDIUM_OVER_SEATS))
    for sponsor in sorted(per_sponsor):
        if len(per_sponsor[sponsor]) > seats:
            issues.append(NominationIssue(NominationProblem.SPONSOR_OVER_SEATS, sponsor=sponsor))
    return NominationCheck(ok=not issues, issues=tuple(issues))


# --- Elections ----------------------------------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """A written name as counted: Unicode NFC, surrounding and inner runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


@dataclass(frozen=True)
class ElectionBallot:
    """A secret election ballot: a mark per candidate, plus names written in (另选他人).

    `marks` maps a candidate to 赞成 / 反对 / 弃权; a candidate left unmarked counts as 弃权. It may be given
    as a dict; it is stored as a tuple of pairs sorted by candidate, so the ballot is hashable and compares by
    content. `write_ins` are stored normalised (`normalize_name`), blanks dropped.
    """

    marks: tuple[tuple[str, Choice], ...] = ()
    write_ins: tuple[str, ...] = ()

    def __init__(
        self,
        marks: Mapping[str, Choice | str] | Iterable[tuple[str, Choice | str]] = (),
        write_ins: Iterable[str] = (),
    ) -> None:
        pairs = list(marks.items()) if isinstance(marks, Mapping) else list(marks)
        seen: set[str] = set()
        stored: list[tuple[str, Choice]] = []
        for candidate, mark in pairs:
            if candidate in seen:
                raise ValueError(f"two marks for candidate {candidate!r}")
            seen.add(candidate)
            choice = Choice(mark)
            if choice is Choice.NOT_VOTING:
                raise ValueError("an election ballot marks 赞成, 反对 or 弃权")
            stored.append((candidate, choice))
        names = tuple(n for n in (normalize_name(w) for w in write_ins) if n)
        object.__setattr__(self, "marks", tuple(sorted(stored)))
        object.__setattr__(self, "write_ins", names)

    def mark(self, candidate: str) -> Choice:
        """The mark for a candidate; unmarked is 弃权."""
        return dict(self.marks).get(candidate, Choice.ABSTAIN)

    def chosen(self) -> frozenset[str]:
        """The persons this ballot votes for: candidates marked 赞成 and the distinct names written in."""
        return frozenset(c for c, m in self.marks if m is Choice.YES) | frozenset(self.write_ins)

    def canonical(self) -> str:
        """Canonical JSON of the ballot (sorted keys and names, no spaces, UTF-8 text)."""
        return _canonical_json({"marks": dict(self.marks), "write_ins": sorted(self.write_ins)})


def ballot_valid(ballot: ElectionBallot, *, seats: int) -> bool:
    """选举法 第44条: a ballot choosing more persons than seats is void; as many or fewer is valid.

    The persons chosen are the candidates marked 赞成 and the names written in (另选他人); a write-in of a
    candidate already marked 赞成 is the same person, counted once.
    """
    return len(ballot.chosen()) <= seats


@dataclass(frozen=True)
class CandidateTally:
    """Marks for one candidate on the valid ballots: yes + no + abstain = valid ballots."""

    yes: int = 0
    no: int = 0
    abstain: int = 0


class VoidReason(StrEnum):
    MORE_RETURNED_THAN_ISSUED = "more_returned_than_issued"  # 选举法 第44条: 所投的票数多于投票人数


@dataclass(frozen=True)
class ElectionResult:
    """The count of one election round for one post.

    `votes` counts, per person (candidates and written-in names), the valid ballots choosing them. `elected`
    lists the winners, most votes first. `revote_among` are those tied at the cut-off, who go to a revote for
    `revote_seats` seats and are not elected by this round. `remaining_seats` are left to another election
    (另行选举), with the same threshold. A void election elects nobody and leaves all seats.
    """

    void: bool
    void_reason: VoidReason | None
    seats: int
    total_entitled: int
    issued: int
    returned: int
    valid: int
    invalid: int
    tallies: dict[str, CandidateTally]
    votes: dict[str, int]
    elected: tuple[str, ...]
    revote_among: tuple[str, ...]
    revote_seats: int
    remaining_seats: int
    digest: str = field(default="")

    @property
    def threshold(self) -> int:
        """The least number of votes to be elected: more than half of all deputies."""
        return majority_needed(self.total_entitled)


def count_election(
    ballots: Iterable[ElectionBallot],
    *,
    candidates: Sequence[str],
    seats: int,
    total_entitled: int,
    issued: int,
) -> ElectionResult:
    """Count an election (选举法 第44条; 组织法 第25–29条).

    1. More ballots returned than issued → the whole election is void (the counts are still reported).
    2. Each ballot choosing more persons than seats is void (invalid); the others are valid.
    3. A person (candidate or write-in) qualifies with votes × 2 > total_entitled (全体代表的过半数).
    4. Qualifiers ≤ seats: all are elected; the shortfall is `remaining_seats` for another election.
       Qualifiers > seats: the most voted are elected; if qualifiers tie at the cut-off so that the seats
       cannot be filled, those tied go to a revote (`revote_among`, for `revote_seats`) and are not elected.
    """
    if seats < 1:
        raise ValueError(f"seats must be at least 1, got {seats}")
    if total_entitled <= 0:
        raise ValueError(f"total_entitled must be positive, got {total_entitled}")
    if issued < 0:
        raise ValueError(f"issued must not be negative, got {issued}")
    if len(set(candidates)) != len(candidates):
        raise ValueError("a candidate is listed twice")
    on_ballot = set(candidates)
    ballots = list(ballots)
    marks = {c: Counter() for c in candidates}
    votes: Counter[str] = Counter({c: 0 for c in candidates})
    valid = 0
    for ballot in ballots:
        unknown = {c for c, _ in ballot.marks} - on_ballot
        if unknown:
            raise ValueError(f"marks for persons not on the ballot: {sorted(unknown)}")
        if not ballot_valid(ballot, seats=seats):
            continue
        valid += 1
        for candidate in candidates:
            marks[candidate][ballot.mark(candidate)] += 1
        votes.update(ballot.chosen())
    returned = len(ballots)
    tallies = {
        c: CandidateTally(yes=m[Choice.YES], no=m[Choice.NO], abstain=m[Choice.ABSTAIN])
        for c, m in marks.items()
    }
    result = dict(
        seats=seats,
        total_entitled=total_entitled,
        issued=issued,
        returned=returned,
        valid=valid,
        invalid=returned - valid,
        tallies=tallies,
        votes=dict(sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))),
        digest=ballot_digest(ballots),
    )
    if returned > issued:  # void: nobody elected, every seat left
        void = {"void": True, "void_reason": VoidReason.MORE_RETURNED_THAN_ISSUED, "elected": ()}
        return ElectionResult(revote_among=(), revote_seats=0, remaining_seats=seats, **void, **result)
    elected, revote_among, revote_seats = winners(votes, seats=seats, total_entitled=total_entitled)
    return ElectionResult(
        void=False,
        void_reason=None,
        elected=elected,
        revote_among=revote_among,
        revote_seats=revote_seats,
        remaining_seats=seats - len(elected) - revote_seats,
        **result,
    )


def winners(
    votes: Mapping[str, int], *, seats: int, total_entitled: int
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """(elected, tied for a revote, seats for the revote) from the votes per person (组织法 第26–29条).

    Only persons with votes × 2 > total_entitled qualify. Ordered by votes, most first, names breaking
    ties only for a stable display (never deciding who is elected).
    """
    qualified = sorted(
        ((name, n) for name, n in votes.items() if passes_votes(n, total_entitled)),
        key=lambda kv: (-kv[1], kv[0]),
    )
    if len(qualified) <= seats:
        return tuple(name for name, _ in qualified), (), 0
    cutoff = qualified[seats - 1][1]
    above = tuple(name for name, n in qualified if n > cutoff)
    tied = tuple(name for name, n in qualified if n == cutoff)
    if len(above) + len(tied) <= seats:  # the next qualifier has fewer votes: no tie at the cut-off
        return above + tied, (), 0
    return above, tied, seats - len(above)


def passes_votes(votes: int, total_entitled: int) -> bool:
    """Votes × 2 > total_entitled, for a person's votes (which never exceed the ballots)."""
    return votes * 2 > total_entitled


def formal_candidates(
    votes: Mapping[str, int], *, nominees: Iterable[str], kind: PostKind | str, seats: int
) -> tuple[str, ...] | None:
    """The formal candidates after a preliminary election (预选, 组织法 第26–29条; 选举法: 按得票多少的
    顺序确定正式候选人名单): the nominees (never a name written in) with the most votes, as many as the
    margin's highest number. None when nominees tie across that cut-off: the list cannot be decided."""
    ranked = sorted((n for n in nominees if n in votes), key=lambda n: (-votes[n], n))
    high = margin_bounds(kind, seats)[1]
    if len(ranked) > high and votes[ranked[high - 1]] == votes[ranked[high]]:
        return None
    return tuple(ranked[:high])


def another_election_candidates(
    votes: Mapping[str, int], *, elected: Iterable[str], kind: PostKind | str, seats: int
) -> tuple[str, ...]:
    """The candidates of another election (另行选举, 组织法 第26–29条) for `seats` unfilled seats: the
    persons not elected, most votes first, up to the margin's highest number (more may be nominated)."""
    ranked = sorted(set(votes) - set(elected), key=lambda n: (-votes[n], n))
    return tuple(ranked[: margin_bounds(kind, seats)[1]])


# --- List ballots (one ballot, a mark per item) -------------------------------------------------------------

LIST_MARKS = ("yes", "no", "abstain")  # 赞成 / 反对 / 弃权 (a list vote: 民生实事项目票决)
RATING_MARKS = ("satisfied", "basic", "unsatisfied", "abstain")  # 满意 / 基本满意 / 不满意 / 弃权 (测评)


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
    for ballot in ballots:
        returned += 1
        if not ballot.keys() <= on_ballot:
            raise ValueError(f"marks for items not on the ballot: {sorted(set(ballot) - on_ballot)}")
        if not set(ballot.values()) <= vocabulary:
            raise ValueError("a mark outside the ballot's vocabulary")
        if max_choices is not None and not list_ballot_valid(ballot, max_choices=max_choices):
            continue
        valid += 1
        pairs.update(ballot.items())
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
    if isinstance(ballot, ElectionBallot):
        return ballot.canonical()
    if isinstance(ballot, Mapping):  # = _canonical_json({"options": dict(ballot)}); pairs cached
        return '{"options":{' + ",".join(_pair(k, m) for k, m in sorted(ballot.items())) + "}}"
    return _canonical_json(Choice(ballot).value)


def ballot_digest(ballots: Iterable[ElectionBallot | Mapping[str, str] | Choice | str]) -> str:
    """SHA-256 (hex) of the ballot set, independent of the order the ballots are stored or exported in.

    Each ballot is serialised as canonical JSON (`canonical_ballot`); the strings are sorted (duplicates kept:
    it is a multiset) and the list is serialised as a canonical JSON array, UTF-8 encoded, then hashed. Anyone
    holding the exported ballots can recompute it: sha256(json.dumps(sorted(canonical ballots),
    ensure_ascii=False, separators=(",", ":")).encode("utf-8")).
    """
    lines = sorted(canonical_ballot(b) for b in ballots)
    return hashlib.sha256(_canonical_json(lines).encode("utf-8")).hexdigest()
