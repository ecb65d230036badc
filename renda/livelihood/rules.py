"""The rules of livelihood projects (民生实事项目人大代表票决制; pure: standard library only, no Django).

No national statute sets them: MISSION.md §4 gives the practice (群众提、代表定、政府办、人大督) as the
published rules of Zhejiang and Shanghai run it, and every local choice is a setting with the default below.

- Collection (征集, §4.1): the main month (`MAIN_MONTH`, default September) and the negative list
  (`NEGATIVE_LIST`: office buildings, image projects, stalled projects …), screened with a reason
  (`negative_hits` suggests the entries a proposal's text touches; the staff decide).
- Shortlist (初定, §4.2): candidates exceed the places to select (差额, `margin_ok`; default 15 for 10).
- Review (审议, §4.3): the council's (or the standing committee's) review of the shortlist, agreed and
  covering every candidate, comes before the vote (`review_done`).
- Vote (票决, §4.4): per project 赞成/反对/弃权 (default) or "choose up to N" (a ballot choosing more than N
  projects is void, `ballot_valid`); a project is selected with more than half of ALL deputies in favour
  (全体代表的过半数, the rule of 组织法 第25条 that the local rules adopt), then ranked by votes, top N; a
  tie across the last place goes to a revote among the tied; fewer passing than places leaves a shortfall
  (`select`, `count_ballots`). The threshold and the cut-off are the voting engine's (renda.voting.rules).
- Implementation (§4.5): a selected project's milestones (节点) each have a planned date; a milestone not
  done once its planned date, plus the year's grace days (setting, default 0), has passed is lagging
  (`milestone_lagging`), and a project with a lagging milestone is lagging (`project_lagging`). A milestone
  done late is no longer lagging: it is done, its lateness shows in its dates. Progress photos are JPEG or
  PNG (`PHOTO_FORMATS`), at most `PHOTO_MAX_BYTES` each, `PHOTOS_PER_REPORT` per report.
- Evaluation (满意度测评, §4.6): 满意 / 基本满意 / 不满意 / 弃权 on one secret ballot covering the selected
  projects (`count_evaluation`), graded by the 镇海 rule (`grade`; its base a setting, `GradeRule`); a
  不满意 project is re-reported.

Impossible input (a negative count, more votes than deputies) raises ValueError: a bug or a data error in
the caller, not a voter's act.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from renda.core import tracking_codes
from renda.voting.elections.rules import winners
from renda.voting.rules import distinct_ballots, list_ballot_valid, majority_needed, passes

MAIN_MONTH = 9  # §4.1: the main collection month, September by default (setting)
DEFAULT_PLACES = 10  # §4.2: e.g. 15 candidates for 10 places (settings)
DEFAULT_CANDIDATES = 15
LAG_GRACE_DAYS = 0  # §4.5: days after a milestone's planned date before it counts as lagging (setting)
MAX_GRACE_DAYS = 90
PHOTO_FORMATS = frozenset({"JPEG", "PNG"})  # §4.5: what a progress photo may be, by its decoded content
PHOTO_MAX_BYTES = 8 * 1024 * 1024  # per photo, as uploaded
PHOTO_MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
PHOTOS_PER_REPORT = 6
PHOTO_MAX_SIDE = 2048  # the stored photo's longer side (re-encoded, EXIF dropped)
THUMB_SIDE = 320

# §4.1: the negative list (setting) — each entry: (code, label, words that suggest it in a proposal's text)
NEGATIVE_LIST: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("office", "楼堂馆所等办公用房建设", ("办公楼", "办公用房", "楼堂馆所", "培训中心")),
    ("image", "形象工程、政绩工程", ("形象工程", "政绩工程", "景观大道", "地标")),
    ("stalled", "已停建或难以实施的项目", ("停建", "烂尾", "停工")),
    ("routine", "部门日常工作或已列入计划的项目", ("日常工作", "已列入计划")),
    ("profit", "营利性、竞争性项目", ("营利", "商业开发", "招商")),
)
SCREEN_OTHER = "other"  # a reason outside the list, stated in the note


def main_month_valid(month: int) -> bool:
    """A main collection month is a month of the year (§4.1, setting)."""
    return 1 <= month <= 12


def negative_hits(
    text: str, negative_list: Sequence[tuple[str, str, Sequence[str]]] = NEGATIVE_LIST
) -> list[str]:
    """The codes of the negative-list entries whose words occur in `text` (§4.1), in the list's order.

    A suggestion for the screener, never a decision: the staff screen every proposal and state the reason.
    """
    compact = re.sub(r"\s+", "", text or "")
    return [code for code, _label, words in negative_list if any(w and w in compact for w in words)]


def margin_ok(candidates: int, places: int) -> bool:
    """差额 (§4.2): more candidates than places to select, and at least one place."""
    if candidates < 0:
        raise ValueError(f"candidates must not be negative, got {candidates}")
    return places >= 1 and candidates > places


REVIEW_AGREED = "agreed"  # the review's outcome that sends the shortlist to the session's vote


def review_done(reviews: Sequence[tuple[str, Iterable[int]]], candidates: Iterable[int]) -> bool:
    """审议 before 票决 (§4.3): the shortlist goes to the session's vote only once the standing committee's
    council (主任会议) or the standing committee has reviewed it and agreed to submit it. `reviews` are the
    year's reviews in the order they were held, each (outcome, the candidates reviewed); the last one
    decides: it agreed ("agreed"; a review asking for changes calls for another), and it covered every
    candidate now on the shortlist (a project shortlisted after the review has not been reviewed). A revote
    among tied candidates stays covered by the review of the shortlist they came from."""
    if not reviews:
        return False
    outcome, reviewed = reviews[-1]
    return outcome == REVIEW_AGREED and set(candidates) <= set(reviewed)


# --- the vote ------------------------------------------------------------------------------------------


VOTE_MARKS = frozenset({"yes", "no", "abstain"})  # 赞成 / 反对 / 弃权


class VoteMode(StrEnum):
    APPROVE = "approve"  # per project 赞成/反对/弃权 (default)
    CHOOSE = "choose"  # choose up to N projects


@dataclass(frozen=True)
class ProjectTally:
    """One project's marks on the valid ballots (赞成 / 反对 / 弃权)."""

    yes: int = 0
    no: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        if min(self.yes, self.no, self.abstain) < 0:
            raise ValueError("a count must not be negative")


@dataclass(frozen=True)
class Selection:
    """The outcome of one vote round.

    `ranked`: every project, most yes votes first; equal votes in the order of the keys as numbers (a
    project's id: "9" before "10"), only for a stable display — `ranks` shows them as tied.
    `selected`: the projects selected, in rank order — each passed the majority and ranks within the places.
    `ranks`: each selected project's place (1 = most votes); equal votes share a place and the next place
    skips as many (1, 2, 2, 4): projects with the same votes are tied, never ordered by their ids.
    `revote_among`: the projects tied across the last place, who go to a revote for `revote_places` places
    and are not selected by this round. `shortfall`: places left empty because too few passed.
    """

    places: int
    total_entitled: int
    threshold: int
    ranked: tuple[str, ...]
    passing: tuple[str, ...]
    selected: tuple[str, ...]
    revote_among: tuple[str, ...]
    revote_places: int
    shortfall: int
    ranks: Mapping[str, int]


def key_order(key: str) -> tuple[int, int, str]:
    """The display order of project keys with equal votes: ids as numbers ("9" before "10"), then any
    other key as text."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def tied_ranks(votes: Mapping[str, int], keys: Sequence[str]) -> dict[str, int]:
    """The places of `keys` (most votes first): 1 + how many of them have more votes — equal votes tie."""
    return {k: 1 + sum(1 for o in keys if votes[o] > votes[k]) for k in keys}


def select(tallies: Mapping[str, ProjectTally], *, places: int, total_entitled: int) -> Selection:
    """Which projects the round selects (§4.4; the cut-off is renda.voting.elections.rules.winners).

    1. A project passes with yes × 2 > total_entitled (more than half of ALL deputies, not of votes cast).
    2. Passing ≤ places: all are selected; the places left are a shortfall (no project without the majority).
    3. Passing > places: the most voted are selected; a tie across the last place leaves the tied to a
       revote (`revote_among`, for `revote_places`), none of them selected by this round.
    """
    if places < 1:
        raise ValueError(f"places must be at least 1, got {places}")
    if total_entitled <= 0:
        raise ValueError(f"total_entitled must be positive, got {total_entitled}")
    for key, tally in tallies.items():
        if tally.yes + tally.no + tally.abstain > total_entitled:
            raise ValueError(f"more marks than deputies for {key!r}")
    votes = {key: tally.yes for key, tally in tallies.items()}
    chosen, tied, revote_places = winners(votes, seats=places, total_entitled=total_entitled)
    by_votes = lambda k: (-votes[k], key_order(k))  # noqa: E731
    selected, revote_among = tuple(sorted(chosen, key=by_votes)), tuple(sorted(tied, key=by_votes))
    ranked = tuple(sorted(votes, key=by_votes))
    passing = tuple(k for k in ranked if passes(votes[k], total_entitled))
    return Selection(
        places=places,
        total_entitled=total_entitled,
        threshold=majority_needed(total_entitled),
        ranked=ranked,
        passing=passing,
        selected=selected,
        revote_among=revote_among,
        revote_places=revote_places,
        shortfall=places - len(selected) - revote_places,
        ranks=tied_ranks(votes, selected),
    )


def ballot_valid(marks: Mapping[str, str], *, mode: VoteMode | str, places: int) -> bool:
    """A ballot's validity (§4.4): per-project ballots are always valid (an unmarked project is 弃权); a
    "choose up to N" ballot choosing more than N projects is void, as many or fewer is valid (the rule of
    选举法 第44条 the local rules adopt)."""
    choose = VoteMode(mode) is VoteMode.CHOOSE
    return list_ballot_valid(marks, max_choices=places if choose else None)


def count_ballots(
    ballots: Iterable[Mapping[str, str]],
    *,
    projects: Sequence[str],
    mode: VoteMode | str,
    places: int,
    total_entitled: int,
) -> tuple[dict[str, ProjectTally], int, Selection]:
    """Count one ballot covering all projects: (tallies per project, void ballots, the selection).

    Each ballot maps project → "yes" / "no" / "abstain"; a project left unmarked counts as 弃权; a mark for
    a project not on the ballot raises ValueError. Void ballots count for no project.
    """
    on_ballot = set(projects)
    choose = VoteMode(mode) is VoteMode.CHOOSE
    pairs: Counter[tuple[str, str]] = Counter()  # (project, mark) over the valid ballots
    void = returned = 0
    for marks, n in distinct_ballots(ballots):  # a ballot object occurring n times: checked once, weighted n
        returned += n
        if not marks.keys() <= on_ballot:
            raise ValueError(f"marks for projects not on the ballot: {sorted(set(marks) - on_ballot)}")
        if not set(marks.values()) <= VOTE_MARKS:
            raise ValueError("a mark is 赞成 (yes), 反对 (no) or 弃权 (abstain)")
        if choose and not ballot_valid(marks, mode=mode, places=places):
            void += n
            continue
        if n == 1:
            pairs.update(marks.items())
        else:
            for pair in marks.items():
                pairs[pair] += n
    if returned > total_entitled:
        raise ValueError("more ballots than deputies")
    valid = returned - void
    tallies = {}
    for p in projects:  # unmarked counts as 弃权
        yes, no = pairs[(p, "yes")], pairs[(p, "no")]
        tallies[p] = ProjectTally(yes, no, valid - yes - no)
    return tallies, void, select(tallies, places=places, total_entitled=total_entitled)


# --- the evaluation ------------------------------------------------------------------------------------


class Grade(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASIC = "basic"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class GradeRule(StrEnum):
    """The base of the grade's "more than half" (§4.6, a setting of the year)."""

    ENTITLED = "entitled"  # the 镇海 rule (default): half of ALL voters entitled
    CAST = "cast"  # half of the valid evaluation ballots returned (a local variant)


def grade(
    *,
    satisfied: int,
    basic: int,
    unsatisfied: int,
    abstain: int,
    entitled: int,
    rule: GradeRule | str = GradeRule.ENTITLED,
) -> Grade:
    """满意度测评 (§4.6, the 镇海 rule, the default setting).

    满意 if 满意 votes exceed half of ALL voters entitled; else 基本满意 if 满意 + 基本满意 exceed half; else
    不满意 (a 不满意 project is re-reported). 弃权 and voters who did not vote count towards the base only.
    The setting `rule` "cast" takes as the base the ballots returned (满意 + 基本满意 + 不满意 + 弃权)
    instead of everyone entitled; no ballot at all is then 不满意.
    """
    if min(satisfied, basic, unsatisfied, abstain) < 0:
        raise ValueError("a count must not be negative")
    if entitled <= 0:
        raise ValueError(f"entitled must be positive, got {entitled}")
    if satisfied + basic + unsatisfied + abstain > entitled:
        raise ValueError("more votes than voters entitled")
    base = entitled
    if GradeRule(rule) is GradeRule.CAST:
        base = satisfied + basic + unsatisfied + abstain
        if base == 0:
            return Grade.UNSATISFIED
    if satisfied * 2 > base:
        return Grade.SATISFIED
    if (satisfied + basic) * 2 > base:
        return Grade.BASIC
    return Grade.UNSATISFIED


EVAL_MARKS = ("satisfied", "basic", "unsatisfied", "abstain")  # 满意 / 基本满意 / 不满意 / 弃权


@dataclass(frozen=True)
class Evaluation:
    """One project's evaluation: its marks on the ballots returned and the grade they give."""

    satisfied: int
    basic: int
    unsatisfied: int
    abstain: int
    grade: Grade

    @property
    def rereport(self) -> bool:
        """A 不满意 project is re-reported (§4.6)."""
        return self.grade is Grade.UNSATISFIED


def count_evaluation(
    ballots: Iterable[Mapping[str, str]],
    *,
    projects: Sequence[str],
    entitled: int,
    rule: GradeRule | str = GradeRule.ENTITLED,
) -> dict[str, Evaluation]:
    """Count the year-end evaluation (§4.6): one secret ballot marks each project 满意 / 基本满意 / 不满意 /
    弃权 (unmarked: 弃权); each project graded by `grade` under the year's rule. A mark for a project not on
    the ballot, or outside the four, raises ValueError; so do more ballots than voters entitled."""
    on_ballot = set(projects)
    counts = {p: dict.fromkeys(EVAL_MARKS, 0) for p in projects}
    returned = 0
    for marks in ballots:
        returned += 1
        if set(marks) - on_ballot:
            raise ValueError(f"marks for projects not on the ballot: {sorted(set(marks) - on_ballot)}")
        for p in projects:
            mark = marks.get(p, "abstain")
            if mark not in counts[p]:
                raise ValueError("a mark is 满意, 基本满意, 不满意 or 弃权")
            counts[p][mark] += 1
    if returned > entitled:
        raise ValueError("more ballots than voters entitled")
    return {p: Evaluation(**c, grade=grade(**c, entitled=entitled, rule=rule)) for p, c in counts.items()}


# --- tracking codes ------------------------------------------------------------------------------------

CODE_ALPHABET, CODE_LENGTH = tracking_codes.ALPHABET, tracking_codes.LENGTH
CODE_PREFIX = "MS"


def tracking_code(year: int, random_digits: Sequence[int]) -> str:
    """The code a proposer follows the proposal by: "MS<year>-" and 8 characters (core.tracking_codes)."""
    return tracking_codes.make(CODE_PREFIX, year, random_digits)


def normalize_code(text: str) -> str | None:
    """A code as typed (any case, spaces) in its stored form, or None when it cannot be one."""
    return tracking_codes.normalize(CODE_PREFIX, text)


# --- implementation: milestones (§4.5) ----------------------------------------------------------------------


def milestone_lagging(
    planned: dt.date, done: dt.date | None, today: dt.date, grace_days: int = LAG_GRACE_DAYS
) -> bool:
    """A milestone lags (滞后) when it is not done and its planned date plus the grace days is past:
    on the last day of grace it does not lag yet, the day after it does. A done milestone never lags."""
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise ValueError("grace days out of range")
    return done is None and today > planned + dt.timedelta(days=grace_days)


def lag_cutoff(today: dt.date, grace_days: int = LAG_GRACE_DAYS) -> dt.date:
    """The planned dates that lag today (undone) are those before this day: the query form of
    `milestone_lagging` (planned < cutoff ⇔ today > planned + grace)."""
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise ValueError("grace days out of range")
    return today - dt.timedelta(days=grace_days)


def project_lagging(
    milestones: Iterable[tuple[dt.date, dt.date | None]], today: dt.date, grace_days: int = LAG_GRACE_DAYS
) -> bool:
    """A project lags when any of its milestones (planned, done) lags."""
    return any(milestone_lagging(p, d, today, grace_days) for p, d in milestones)


def days_late(planned: dt.date, done: dt.date | None, today: dt.date) -> int:
    """How many days a milestone is past its planned date (done: when it was done; else today); 0 if not."""
    return max(0, ((done or today) - planned).days)
