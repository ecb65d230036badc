"""The rules of government procedures (pure; no Django), cited to the law.

Major administrative decisions — 重大行政决策程序暂行条例 (国务院令第713号, 2019):

- Public participation, expert argument, risk assessment, legality review and collective discussion and
  decision are the statutory procedure (法定程序) of a major administrative decision.
- 第13条: the lead unit hears the public's views, except on matters that by law are not made public —
  the ground on which public participation may be exempt.
- 第15条: a public comment period is generally not shorter than 30 days; a shorter one, for urgency or
  another cause, says why when the draft is published.
- 第19条: expert argument for matters of strong professional or technical character — a matter without that
  character may record why it needs none.
- 第22条: risk assessment where carrying the decision out may harm social stability, public safety …; where
  it cannot, the exemption records why. 第24条: a risk judged uncontrollable must first be made controllable
  (the draft adjusted) before the decision is made.
- 第25条: the draft is reviewed for legality before it goes to the decision body's meeting; review may not be
  replaced by consultation; a draft not reviewed, or found unlawful, may not be put to the meeting.
  Legality review therefore cannot be exempted; nor can 第30条's collective discussion at the executive or
  plenary meeting, where the principal decides after the members have spoken.

Enforcement's three systems —
国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见
(国办发〔2018〕118号) and 行政处罚法 (2021):

- 118号文: decisions on permits and penalties are published within 7 working days of the decision (a setting).
- 行政处罚法 第42条: enforcement by at least two officers holding enforcement certificates.
- 行政处罚法 第58条: a decision of the kinds listed (major public interest, heavy consequence after a hearing,
  complex cases …) is reviewed for legality before the responsible officer decides; without a passing
  review it may not be made (the list of major categories is a setting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Step(StrEnum):
    PARTICIPATION = "participation"
    EXPERT = "expert"
    RISK = "risk"
    LEGALITY = "legality"
    MEETING = "meeting"


STEPS: tuple[Step, ...] = tuple(Step)
PREPARATORY: tuple[Step, ...] = (Step.PARTICIPATION, Step.EXPERT, Step.RISK)
# The steps an exemption may cover, with the article that allows it; legality review (第25条) and the
# collective meeting (第30条) are never exempt.
EXEMPTIBLE: Mapping[Step, str] = {
    Step.PARTICIPATION: "重大行政决策程序暂行条例 第13条",
    Step.EXPERT: "重大行政决策程序暂行条例 第19条",
    Step.RISK: "重大行政决策程序暂行条例 第22条",
}
MIN_BASIS = 4  # an exemption's legal basis names at least a law and an article
COMMENT_DAYS = 30  # 第15条


class Legality(StrEnum):
    LAWFUL = "lawful"  # 合法
    REVISE = "revise"  # 修改后可提交（合法性存在问题，须修改）
    UNLAWFUL = "unlawful"  # 不合法


class RiskRating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"  # 风险不可控 (第24条): adjust the draft first


@dataclass(frozen=True)
class Progress:
    """What is recorded of a decision's steps: done, exempt (with the basis), the latest legality conclusion
    and risk rating."""

    done: frozenset[Step] = frozenset()
    exempt: Mapping[Step, str] = field(default_factory=dict)
    legality: Legality | None = None
    risk: RiskRating | None = None

    def satisfied(self, step: Step) -> bool:
        if step is Step.LEGALITY:
            return self.legality is Legality.LAWFUL
        if step in self.done:
            return True
        return step in EXEMPTIBLE and exemption_refusal(step, self.exempt.get(step, "")) is None


# The step an action stands at: every step before it must be satisfied.
ACTION_STEP: Mapping[str, Step] = {
    "submit_review": Step.LEGALITY,
    "review": Step.LEGALITY,
    "meeting": Step.MEETING,
}
AFTER_MEETING = frozenset({"publish", "track", "evaluate"})


def required_before(step: Step) -> tuple[Step, ...]:
    """The steps that must be done (or validly exempt) before `step`: the preparatory three before legality
    review (the draft goes to review with their results), and all four before the meeting."""
    if step in PREPARATORY:
        return ()
    return STEPS[: STEPS.index(step)]


def missing(progress: Progress, action: str) -> list[Step]:
    """The required steps `action` would skip, in the statutory order (empty: none)."""
    if action in AFTER_MEETING:
        needed: Iterable[Step] = STEPS
    elif action in ACTION_STEP:
        needed = required_before(ACTION_STEP[action])
    else:
        return []
    return [s for s in needed if not progress.satisfied(s)]


def exemption_refusal(step: Step | str, basis: str, *, recorded: bool = False) -> str | None:
    """Why an exemption of `step` with this legal basis does not stand (a code), or None.
    "not_exemptible": legality review and the meeting; "no_basis": no legal basis recorded; "recorded": the
    step was already carried out (its finding — a high risk — cannot be set aside by exempting it)."""
    try:
        step = Step(step)
    except ValueError:
        return "not_exemptible"
    if step not in EXEMPTIBLE:
        return "not_exemptible"
    if len((basis or "").strip()) < MIN_BASIS:
        return "no_basis"
    if recorded:
        return "recorded"
    return None


def submit_refusal(progress: Progress) -> tuple[str, list[Step]] | None:
    """Why the draft may not yet go to legality review, or None: ("missing", steps) for preparatory steps
    neither done nor validly exempt; ("risk", [RISK]) while the risk is rated uncontrollable (第24条: adjust
    the draft and assess again first — so a draft never reaches the meeting with an uncontrollable risk)."""
    gaps = missing(progress, "submit_review")
    if gaps:
        return "missing", gaps
    if progress.risk is RiskRating.HIGH:
        return "risk", [Step.RISK]
    return None


def meeting_refusal(progress: Progress) -> tuple[str, list[Step]] | None:
    """Why the draft may not go to the collective meeting, or None: ("missing", steps) for steps skipped,
    ("unlawful", [LEGALITY]) when legality review found it unlawful (第25条), ("risk", [RISK]) while the risk
    is rated uncontrollable (第24条)."""
    if progress.legality is Legality.UNLAWFUL:
        return "unlawful", [Step.LEGALITY]
    gaps = missing(progress, "meeting")
    if gaps:
        return "missing", gaps
    if progress.risk is RiskRating.HIGH:
        return "risk", [Step.RISK]
    return None


def review_outcome(conclusion: Legality) -> str:
    """The decision's state after legality review: lawful → ready for the meeting; else back to the unit."""
    return "ready" if conclusion is Legality.LAWFUL else "returned"


def comment_period_refusal(opens: dt.date, closes: dt.date, reason: str) -> str | None:
    """第15条: a period of at least 30 days (closes − opens), or a shorter one with its reason stated."""
    if closes <= opens:
        return "order"
    if (closes - opens).days < COMMENT_DAYS and not (reason or "").strip():
        return "short"
    return None


def participation_refusal(closes: dt.date | None, today: dt.date, unanswered: int) -> str | None:
    """Public participation is complete when the draft was published, its period is over and every comment
    has its answer (the unit studies the views and explains what it adopted)."""
    if closes is None:
        return "no_draft"
    if today <= closes:
        return "open"
    if unanswered:
        return "unanswered"
    return None


def comment_open(opens: dt.date | None, closes: dt.date | None, today: dt.date) -> bool:
    return opens is not None and closes is not None and opens <= today <= closes


# --- enforcement ----------------------------------------------------------------------------------------

MIN_OFFICERS = 2  # 行政处罚法 第42条
DEFAULT_PUBLISH_DAYS = 7  # 国办发〔2018〕118号: permits and penalties within 7 working days
DEFAULT_MAJOR = ("large_fine", "suspend", "revoke", "hearing", "complex")  # 行政处罚法 第58条


class Calendar(Protocol):  # renda.core.workdays.WorkCalendar
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...


def is_major(category: str, major: Iterable[str]) -> bool:
    return category in set(major)


def issue_refusal(major: bool, review_passed: bool | None) -> str | None:
    """行政处罚法 第58条: a major decision is issued only after a passing legal review. None: may issue;
    "no_review": none recorded yet; "failed": the review did not pass."""
    if not major:
        return None
    if review_passed is None:
        return "no_review"
    if not review_passed:
        return "failed"
    return None


def publish_due(issued_on: dt.date, days: int, calendar: Calendar) -> dt.date:
    """The last day to publish an enforcement decision: `days` working days after it was issued."""
    return calendar.add_workdays(issued_on, days)


def fingerprint_changed(recorded: str, current: str | None) -> bool:
    """A file whose SM3 now differs from the one taken at upload (or that is gone) was changed."""
    return current is None or current.lower() != recorded.lower()


def mask_party(name: str) -> str:
    """A party named in a public notice: a person's name keeps its first character (个人信息保护); an
    organisation (a name longer than four characters) is shown whole."""
    name = (name or "").strip()
    if len(name) > 4:
        return name
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


# --- the congress ------------------------------------------------------------------------------------------

# What the standing committee puts in its supervision plan when it raises a procedure (监督法 2024): the
# government's report on a major decision's implementation is a special work report (听取和审议专项工作报告);
# a body's enforcement is looked at by a law-enforcement inspection (法律法规实施情况的检查). The codes are
# renda.supervision's ItemKind values.
RAISE_ITEM_KIND = {"decision": "work_report", "enforcement": "enforcement"}

# A written deliberation opinion joins the members' opinions while the item is being deliberated (after it
# is on a meeting's agenda, before the committee consolidates them: supervision's "record_opinion").
OPINION_OPEN_STATES = frozenset({"scheduled"})


def opinion_refusal(item_status: str, item_body_id: int, subject_body_id: int) -> str | None:
    """Why a deliberation opinion on a procedure cannot go to this supervision item: "body" — the item hears
    another body than the one the procedure is about (the decision's lead unit, the enforcing body);
    "state" — its opinions are no longer being gathered. None: it may."""
    if item_body_id != subject_body_id:
        return "body"
    if item_status not in OPINION_OPEN_STATES:
        return "state"
    return None
