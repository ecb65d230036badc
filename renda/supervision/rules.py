"""The standing committee's supervision (各级人民代表大会常务委员会监督法, 2024 revision; 地方组织法 2022):
pure rules, each citing its source. No Django, no database (check_layers refuses both).

- interpellations (质询案, 监督法 第五十一至五十四条): who may table one (joint signatures by level), when the
  signers may ask for a second answer (more than half of them dissatisfied);
- investigations of a specific question (第五十五、五十六条) and removal motions (撤职案): one fifth or
  more of all members, rounded up;
- the standing committee's own meeting: quorum (more than half of all members present) and decisions (more
  than half of all members, not of those present) — 组织法 第五十一条, the same rules as renda.meetings and
  renda.voting, reused from there;
- the written answer to deliberation opinions (第十七、二十九、三十七条): due after a set number of months
  (local practice, a setting, default two) unless a resolution sets its own deadline; overdue is derived;
- the ranking of handling units for deputies' suggestions (代表法 第五十一条: replies in time; the deputies'
  satisfaction; re-handling after 不满意): the figures, the published formula and the places.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from renda.meetings.rules import Body, check_counts, quorum_met
from renda.proposals.rules import add_months
from renda.voting.rules import passes


def _(message: str) -> str:
    """Marks a label for extraction without importing Django: pages call gettext on it."""
    return message


# --- interpellations (质询案) ------------------------------------------------------------------------------

# 监督法 第五十一条 (2024): members of a standing committee may jointly table an interpellation — ten or
# more of the NPC Standing Committee, five or more at the provincial and the city-with-districts level,
# three or more at county level. A township congress has no standing
# committee. The numbers are the law's floor; a place may configure its own (a setting), never lower.
INTERPELLATION_SIGNERS: dict[str, int] = {"national": 10, "province": 5, "city": 5, "county": 3}


def interpellation_min_signers(level: str, *, configured: Mapping[str, int] | None = None) -> int:
    """The least number of members who must sign an interpellation at a congress of `level`
    (监督法 第五十一条): the configured number for the level when given, else the law's."""
    if level not in INTERPELLATION_SIGNERS:
        raise ValueError(f"no standing committee at level {level!r}")
    law = INTERPELLATION_SIGNERS[level]
    chosen = (configured or {}).get(level, law)
    if chosen < law:
        raise ValueError(f"{level}: {chosen} signers is below the law's {law}")
    return chosen


def interpellation_signers_ok(
    signers: int, level: str, *, configured: Mapping[str, int] | None = None
) -> bool:
    """Whether `signers` distinct members are enough to table an interpellation (…人以上联名: the
    number itself is enough)."""
    if signers < 0:
        raise ValueError("signers must not be negative")
    return signers >= interpellation_min_signers(level, configured=configured)


def second_answer_allowed(dissatisfied: int, signers: int) -> bool:
    """监督法 第五十四条: if more than half (过半数) of the members who tabled the interpellation are
    dissatisfied with the answer, they may ask for a second answer (the council decides). Exactly half is
    not more than half: dissatisfied × 2 > signers."""
    check_counts(dissatisfied, signers, what="dissatisfied")
    return dissatisfied * 2 > signers


class AnswerForm(StrEnum):
    """监督法 第五十三条: answered orally (by the body's head, at the plenary or a committee meeting; the
    signers may attend) or in writing (signed by the body's head)."""

    ORAL = "oral"
    WRITTEN = "written"


# --- one fifth of the members: investigations and removal motions ------------------------------------------


def one_fifth(members: int) -> int:
    """The least whole number of members that is one fifth or more (五分之一以上) of `members`: rounded
    up (ceil(members / 5)), computed on integers."""
    if members <= 0:
        raise ValueError(f"members must be positive, got {members}")
    return -(-members // 5)


def investigation_proposal_ok(signers: int, members: int) -> bool:
    """监督法 第五十五条: a committee of investigation of a specific question may be proposed in writing
    by one fifth or more of the standing committee's members (or by the council of chairpersons, which
    needs no count): signers × 5 ≥ members."""
    check_counts(signers, members, what="signers")
    return signers >= one_fifth(members)


def removal_motion_ok(signers: int, members: int) -> bool:
    """撤职案 (监督法, the chapter on removal): the council of chairpersons, or one fifth or more of the
    standing committee's members jointly in writing, may move a removal; the same count as above."""
    return investigation_proposal_ok(signers, members)


# --- the standing committee's meeting (组织法 第五十一条) ------------------------------------------------


def committee_quorum(present: int, members: int) -> bool:
    """A standing-committee meeting is held only when more than half of all its members are present."""
    return quorum_met(present, members, body=Body.STANDING_COMMITTEE)


def committee_decides(yes: int, members: int) -> bool:
    """A standing-committee decision (a resolution on a report, an investigation's conclusion, a
    removal) passes with more than half of ALL its members, not of those present or voting."""
    return passes(yes, members)


# --- the written answer to deliberation opinions -----------------------------------------------------------

DEFAULT_ANSWER_MONTHS = 2  # local practice (e.g. 上海、浙江: 两个月内); a setting


def answer_due(
    sent_on: dt.date, *, months: int = DEFAULT_ANSWER_MONTHS, resolution_due: dt.date | None = None
) -> dt.date:
    """监督法 第十七、二十九、三十七条: the reporting body answers the deliberation opinions in writing
    within the time the standing committee sets. A resolution's own deadline wins; otherwise `months`
    calendar months from the day the opinions were sent (31 Jan + 1 month = the end of February)."""
    if resolution_due is not None:
        if resolution_due < sent_on:
            raise ValueError("a resolution's deadline cannot precede the day the opinions were sent")
        return resolution_due
    if months < 1:
        raise ValueError("months must be at least 1")
    return add_months(sent_on, months)


class AnswerTiming(StrEnum):
    PENDING = "pending"  # not yet due, not yet answered
    OVERDUE = "overdue"  # past due, not answered: flagged
    ON_TIME = "on_time"
    LATE = "late"


def answer_timing(due: dt.date, answered_on: dt.date | None, today: dt.date) -> AnswerTiming:
    """Derived, never set by hand (as for suggestions): the due day itself is still in time."""
    if answered_on is not None:
        return AnswerTiming.ON_TIME if answered_on <= due else AnswerTiming.LATE
    return AnswerTiming.OVERDUE if today > due else AnswerTiming.PENDING


def days_overdue(due: dt.date, answered_on: dt.date | None, today: dt.date) -> int:
    """Days past the due date: until the answer for a late answer, until today for a missing one; 0 if
    in time."""
    end = answered_on or today
    return max(0, (end - due).days)


# --- the ranking of handling units for deputies' suggestions -----------------------------------------------


@dataclass(frozen=True)
class Weights:
    """The published formula's weights (a setting). Score = 100 × the weighted mean of the measurable
    rates (a rate with nothing to measure yet drops out and the others' weights are renormalised)
    − `per_overdue_day` points per day that replies are overdue, at most `overdue_cap` points."""

    on_time: Decimal = Decimal("40")
    satisfaction: Decimal = Decimal("40")
    not_rehandled: Decimal = Decimal("20")
    per_overdue_day: Decimal = Decimal("0.1")
    overdue_cap: Decimal = Decimal("20")

    def __post_init__(self) -> None:
        parts = (self.on_time, self.satisfaction, self.not_rehandled, self.per_overdue_day, self.overdue_cap)
        if any(p < 0 for p in parts):
            raise ValueError("weights must not be negative")
        if self.on_time + self.satisfaction + self.not_rehandled <= 0:
            raise ValueError("at least one rate must weigh")


DEFAULT_WEIGHTS = Weights()

FORMULA = _(
    "得分 = 100 × (按期答复率×%(on_time)s + 满意率×%(satisfaction)s + (1 − 重新办理占比)×%(not_rehandled)s)"
    " ÷ 参与计算的权重之和 − 逾期天数×%(per_day)s（最多扣 %(cap)s 分）"
)
FORMULA_NOTES = _(
    "按期答复率 = 按期首次答复件数 ÷ 应答复件数（已答复或已过期限者）；满意率 = 领衔代表最近一次测评"
    "“满意”“基本满意”件数 ÷ 已测评件数；重新办理占比 = 重新办理过的件数 ÷ 已答复件数；"
    "逾期天数 = 办理中（含重新办理）且已过期限的各件超期天数之和。"
    "尚无可计算的比率不参与计算，其权重按比例分给其余比率。"
)


def formula_values(w: Weights) -> dict[str, str]:
    return {
        "on_time": f"{w.on_time.normalize():f}",
        "satisfaction": f"{w.satisfaction.normalize():f}",
        "not_rehandled": f"{w.not_rehandled.normalize():f}",
        "per_day": f"{w.per_overdue_day.normalize():f}",
        "cap": f"{w.overdue_cap.normalize():f}",
    }


@dataclass(frozen=True)
class UnitFigures:
    """One handling unit's counts over the items it leads (主办 or 分办) in the period."""

    items: int  # items led
    owed: int  # items that owe a reply (replied, or past due unanswered)
    on_time: int  # first replies given by their due date
    replied: int
    rated: int  # items whose lead deputy has rated the reply
    satisfied: int  # of those, latest result 满意 or 基本满意
    rehandled: int  # replied items re-handled at least once after 不满意
    overdue_days: int  # sum of days past due of the items in handling (or re-handling) past due

    def __post_init__(self) -> None:
        if (
            min(
                self.items,
                self.owed,
                self.on_time,
                self.replied,
                self.rated,
                self.satisfied,
                self.rehandled,
                self.overdue_days,
            )
            < 0
        ):
            raise ValueError("counts must not be negative")
        if not (self.on_time <= self.owed and self.replied <= self.owed and self.owed <= self.items):
            raise ValueError("on_time ≤ owed, replied ≤ owed ≤ items")
        if not (self.satisfied <= self.rated <= self.replied and self.rehandled <= self.replied):
            raise ValueError("satisfied ≤ rated ≤ replied, rehandled ≤ replied")


def _ratio(num: int, den: int) -> Decimal | None:
    return Decimal(num) / Decimal(den) if den else None


def four(value: Decimal | None) -> Decimal | None:
    """A rate as shown and exported: four decimal places, half up."""
    return None if value is None else value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitScore:
    on_time_rate: Decimal | None
    satisfaction_rate: Decimal | None
    rehandle_share: Decimal | None
    overdue_penalty: Decimal
    score: Decimal  # two decimal places


def unit_score(f: UnitFigures, w: Weights = DEFAULT_WEIGHTS) -> UnitScore:
    """The published formula (FORMULA) applied to one unit's figures. The rates shown are rounded to four
    places; the score is computed from the exact rates and rounded to two places, half up."""
    on_time = _ratio(f.on_time, f.owed)
    satisfaction = _ratio(f.satisfied, f.rated)
    rehandle = _ratio(f.rehandled, f.replied)
    parts = [
        (w.on_time, on_time),
        (w.satisfaction, satisfaction),
        (w.not_rehandled, None if rehandle is None else 1 - rehandle),
    ]
    weighed = [(weight, rate) for weight, rate in parts if rate is not None and weight > 0]
    total_weight = sum((weight for weight, _r in weighed), Decimal(0))
    base = (
        Decimal(100) * sum((weight * rate for weight, rate in weighed), Decimal(0)) / total_weight
        if total_weight
        else Decimal(0)
    )
    penalty = min(w.overdue_cap, w.per_overdue_day * f.overdue_days)
    score = (base - penalty).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return UnitScore(four(on_time), four(satisfaction), four(rehandle), penalty, score)


def places(scores: Sequence[tuple[str, Decimal, Decimal | None]]) -> list[int]:
    """Places of rows already sorted by `ranking_key`: equal scores share a place and the next place skips
    (1, 1, 3: standard competition ranking)."""
    out: list[int] = []
    previous: Decimal | None = None
    for i, (_name, score, _on_time) in enumerate(scores, 1):
        out.append(out[-1] if previous is not None and score == previous else i)
        previous = score
    return out


def ranking_key(name: str, score: Decimal, on_time_rate: Decimal | None) -> tuple[Decimal, Decimal, str]:
    """Order of the table: score, highest first; among equal scores the better on-time rate, then the name
    (so that the listing is a total order; places still tie on equal scores)."""
    return (-score, -(on_time_rate if on_time_rate is not None else Decimal(-1)), name)


# --- the members' rating of the written answer (满意度测评) ---------------------------------------------


class RatingResult(StrEnum):
    SATISFACTORY = "satisfactory"
    UNSATISFACTORY = "unsatisfactory"


def rating_result(satisfied: int, basic: int, unsatisfied: int, members: int) -> RatingResult:
    """The members' rating of a body's report on what it did with the opinions (监督法 第十七条 third
    paragraph: the standing committee may rate it; local rules, e.g. 浙江、上海 满意度测评办法): satisfactory
    when 满意 and 基本满意 together are more than half of ALL members (as a decision of the committee,
    组织法 第五十一条), else unsatisfactory — the body then reports again."""
    check_counts(satisfied + basic + unsatisfied, members, what="votes")
    for n in (satisfied, basic, unsatisfied):
        if n < 0:
            raise ValueError("counts must not be negative")
    return RatingResult.SATISFACTORY if passes(satisfied + basic, members) else RatingResult.UNSATISFACTORY


# --- law-enforcement inspections (执法检查) --------------------------------------------------------------


class GroupRole(StrEnum):
    LEADER = "leader"
    MEMBER = "member"
    DEPUTY = "deputy"


def group_role_allowed(role: str, *, on_standing_committee: bool) -> bool:
    """监督法 第三十六条: the inspection group is made up of members of the standing committee (its leader
    too), and deputies of the congress may be invited to take part: a leader or a member must serve on the
    standing committee; an invited deputy need not."""
    if role not in set(GroupRole):
        raise ValueError(f"unknown group role {role!r}")
    return role == GroupRole.DEPUTY or on_standing_committee


# --- special inquiries (专题询问) -------------------------------------------------------------------------


class InquiryForm(StrEnum):
    PLENARY = "plenary"
    JOINT = "joint"
    GROUP = "group"


def problem_list(problems: list[str]) -> str:
    """The list of problems raised at a special inquiry (问题清单), numbered, as the deliberation opinions
    the body receives (监督法 第六章: the opinions raised at a special inquiry go to the body, which studies
    them and reports in writing on what it did). Blank entries are refused."""
    cleaned = [p.strip() for p in problems]
    if not cleaned or any(not p for p in cleaned):
        raise ValueError("a problem list needs at least one problem and no blank one")
    return "\n".join(f"{i}. {p}" for i, p in enumerate(cleaned, start=1))


# --- the committee of investigation (调查委员会, 监督法 第五十六条) --------------------------------------


class CommitteeRole(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    EXPERT = "expert"


def committee_seat_allowed(role: str, *, on_standing_committee: bool, interested: bool) -> bool:
    """监督法 第五十六条: the committee of investigation is made of a chair, vice chairs and members,
    proposed by the council from the standing committee's members (and other deputies), with experts
    invited; a member of the standing committee or a deputy with an interest in the question (与调查的问题
    有利害关系) may not serve. Here: a chair, vice chair or member must serve on the standing committee;
    an expert need not; no one who declared an interest sits in any role."""
    if role not in set(CommitteeRole):
        raise ValueError(f"unknown committee role {role!r}")
    if interested:
        return False
    return role == CommitteeRole.EXPERT or on_standing_committee
