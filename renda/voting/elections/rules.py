"""The rules of elections (pure: standard library only, no Django, no database): the candidate margin
(差额选举, 组织法 第26–29条 and 选举法 on deputies to the higher congress), nomination by the presidium or
jointly by deputies (组织法 第26–29条), ballot and election validity (选举法 第44条), winners, a revote among
the tied, another election (另行选举) for the shortfall and its candidates, and the formal candidates after a
preliminary election. renda.voting.rules re-exports them, so that a count reads as one module.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from renda.voting.rules import Choice, _canonical_json, ballot_digest, majority_needed

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
    if kind is PostKind.HEAD and allow_single_candidate and seats == 1 and candidates == 1:
        return MarginResult(ok=True, needs_preliminary=False, single_candidate=True, min=low, max=high)
    if candidates > high:
        return MarginResult(
            ok=False, needs_preliminary=True, problem=MarginProblem.TOO_MANY, min=low, max=high
        )
    if candidates < low:
        return MarginResult(
            ok=False, needs_preliminary=False, problem=MarginProblem.TOO_FEW, min=low, max=high
        )
    return MarginResult(ok=True, needs_preliminary=False, min=low, max=high)


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
    marks: dict[str, Counter[Choice]] = {c: Counter() for c in candidates}
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
    void_reason: VoidReason | None = None
    if returned > issued:  # void: nobody elected, every seat left
        void_reason = VoidReason.MORE_RETURNED_THAN_ISSUED
        elected: tuple[str, ...] = ()
        revote_among: tuple[str, ...] = ()
        revote_seats = 0
    else:
        elected, revote_among, revote_seats = winners(votes, seats=seats, total_entitled=total_entitled)
    return ElectionResult(
        void=void_reason is not None,
        void_reason=void_reason,
        elected=elected,
        revote_among=revote_among,
        revote_seats=revote_seats,
        remaining_seats=seats - len(elected) - revote_seats,
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
