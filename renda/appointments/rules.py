"""Rules of the standing committee's appointments and removals (任免; MISSION.md §7, §3). Pure: no Django.

Sources:
- 组织法 = 地方各级人民代表大会和地方各级人民政府组织法（2022）第五十条: the standing committee, on the
  nomination of the mayor, appoints and removes the secretary-general, heads of departments and committees of
  the government; on the director's nomination, the deputy directors and members of the supervisory
  commission; deputy mayors individually while the congress is not in session (on the mayor's nomination);
  the council of chairpersons (主任会议) nominates the standing committee's own deputy secretary-general and
  heads of its working bodies, and an acting head when a head cannot serve.
- 人民法院组织法（2018）: vice-presidents, members of the judicial committee, division chiefs and their
  deputies and judges are appointed and removed by the standing committee on the court president's
  nomination (提请).
- 人民检察院组织法（2018）: deputy procurators-general, members of the procuratorial committee and
  procurators, on the procurator-general's nomination.
- The vote: more than half of ALL members (组织法 2022; MISSION §3) — renda.voting.rules.passes; per person
  or together; a dismissal is voted before an appointment to the same post (renda.voting.rules
  .order_appointments).
- 全国人民代表大会常务委员会关于实行宪法宣誓制度的决定（2015, 2018 修订）: 第一条 every state functionary
  elected or appointed (决定任命) by a standing committee at or above county level takes the constitutional
  oath publicly on taking office; 第八条 the oath is taken alone or collectively — alone, the oath-taker
  reads the words; collectively, one leads (领誓人) and the others follow; 第九条 the local ceremony follows
  the provincial standing committee's measures (which name who administers it and the 监誓人: a setting,
  MIN_WITNESSES). A removal takes no oath.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from renda.voting.rules import (
    AppointmentAction,
    AppointmentItem,
    majority_needed,
    order_appointments,
    passes,
)


class Nominator(StrEnum):
    MAYOR = "mayor"  # 市长
    SUPERVISORY_DIRECTOR = "supervisory_director"  # 监察委员会主任
    COURT_PRESIDENT = "court_president"  # 中级人民法院院长
    PROCURATOR = "procurator"  # 人民检察院检察长
    COUNCIL = "council"  # 常委会主任会议


class PostClass(StrEnum):
    GOVERNMENT = "government"  # 政府秘书长、局长、委员会主任等
    VICE_MAYOR = "vice_mayor"  # 副市长（闭会期间个别任免）
    SUPERVISORY = "supervisory"  # 监察委员会副主任、委员
    COURT = "court"  # 法院副院长、审判委员会委员、庭长、副庭长、审判员
    PROCURATORATE = "procuratorate"  # 检察院副检察长、检察委员会委员、检察员
    COMMITTEE_STAFF = "committee_staff"  # 常委会副秘书长、工作机构主任、副主任
    ACTING_HEAD = "acting_head"  # 代理人选（正职因故不能担任职务）


# Who may nominate which post: the law each pair rests on.
NOMINATORS: dict[PostClass, tuple[Nominator, str]] = {
    PostClass.GOVERNMENT: (Nominator.MAYOR, "组织法第五十条"),
    PostClass.VICE_MAYOR: (Nominator.MAYOR, "组织法第五十条"),
    PostClass.SUPERVISORY: (Nominator.SUPERVISORY_DIRECTOR, "组织法第五十条；监察法"),
    PostClass.COURT: (Nominator.COURT_PRESIDENT, "组织法第五十条；人民法院组织法"),
    PostClass.PROCURATORATE: (Nominator.PROCURATOR, "组织法第五十条；人民检察院组织法"),
    PostClass.COMMITTEE_STAFF: (Nominator.COUNCIL, "组织法第五十条"),
    PostClass.ACTING_HEAD: (Nominator.COUNCIL, "组织法第五十条"),
}

# The laws a 任命书 names (the post's class → the titles), the local organisation law first.
ORGANISATION_LAW = "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》"
OTHER_LAW = {
    PostClass.SUPERVISORY: "《中华人民共和国监察法》",
    PostClass.COURT: "《中华人民共和国人民法院组织法》",
    PostClass.PROCURATORATE: "《中华人民共和国人民检察院组织法》",
}

MIN_WITNESSES = 1  # 监誓人: the default of the setting (AppointmentSettings.min_witnesses); 决定 第九条
# leaves the ceremony to the provincial measures, so the office keeps the number its province sets.
MAX_WITNESSES = 20  # the setting's upper bound


def may_nominate(nominator: Nominator | str, post_class: PostClass | str) -> bool:
    """Whether `nominator` may put a person forward for a post of `post_class` (NOMINATORS)."""
    try:
        return NOMINATORS[PostClass(post_class)][0] == Nominator(nominator)
    except ValueError:
        return False


def basis(post_class: PostClass | str) -> str:
    """The law the nomination for a post of `post_class` rests on."""
    return NOMINATORS[PostClass(post_class)][1]


def law_titles(post_class: PostClass | str) -> str:
    """The laws the 任命书 of a post of `post_class` cites: 组织法, and the court's, procuratorate's or
    supervision law where the post is theirs."""
    other = OTHER_LAW.get(PostClass(post_class))
    return f"{ORGANISATION_LAW}和{other}" if other else ORGANISATION_LAW


@dataclass(frozen=True)
class VoteResult:
    passed: bool
    needed: int  # the least yes votes that pass: more than half of all members


def vote_result(*, yes: int, no: int, abstain: int, total_members: int) -> VoteResult:
    """A person's (or the list's) vote: passed iff yes × 2 > all members (renda.voting.rules.passes) —
    abstentions, no-votes and absence count alike as not yes. Counts may not exceed the members."""
    if min(yes, no, abstain) < 0 or total_members < 1:
        raise ValueError("counts cannot be negative; members at least one")
    if yes + no + abstain > total_members:
        raise ValueError("more votes than members")
    return VoteResult(passed=passes(yes, total_members), needed=majority_needed(total_members))


@dataclass(frozen=True)
class Entry:
    key: str
    person: str
    post: str
    dismiss: bool


def voting_order(entries: list[Entry]) -> list[str]:
    """The keys in voting order: a dismissal from a post before any appointment to it (MISSION §3: 任免,
    dismissal before appointment for the same post), otherwise as listed (voting.rules.order_appointments)."""
    items = [
        AppointmentItem(e.key, e.post, AppointmentAction.DISMISS if e.dismiss else AppointmentAction.APPOINT)
        for e in entries
    ]
    return [i.person for i in order_appointments(items)]


def oath_required(*, dismiss: bool, passed: bool) -> bool:
    """决定 第一条: a person the standing committee appointed takes the oath on taking office; a removal or a
    nomination that failed takes none."""
    return passed and not dismiss


class OathForm(StrEnum):
    INDIVIDUAL = "individual"  # 单独宣誓
    COLLECTIVE = "collective"  # 集体宣誓


class OathProblem(StrEnum):
    NO_ADMINISTRATOR = "no_administrator"
    FEW_WITNESSES = "few_witnesses"
    NO_LEADER = "no_leader"
    BEFORE_APPOINTMENT = "before_appointment"
    IN_FUTURE = "in_future"


def oath_problems(
    *,
    form: OathForm | str,
    administered_by: str,
    witnesses: list[str],
    leader: str,
    taken_on: dt.date,
    appointed_on: dt.date,
    today: dt.date,
    min_witnesses: int = MIN_WITNESSES,
) -> list[OathProblem]:
    """What a record of the oath lacks (决定 第八、九条): who administered it, enough witnesses (监誓人),
    a leader (领誓人) when collective; taken on or after the appointment and not in the future."""
    out = []
    if not administered_by.strip():
        out.append(OathProblem.NO_ADMINISTRATOR)
    if len([w for w in witnesses if w.strip()]) < min_witnesses:
        out.append(OathProblem.FEW_WITNESSES)
    if OathForm(form) == OathForm.COLLECTIVE and not leader.strip():
        out.append(OathProblem.NO_LEADER)
    if taken_on < appointed_on:
        out.append(OathProblem.BEFORE_APPOINTMENT)
    if taken_on > today:
        out.append(OathProblem.IN_FUTURE)
    return out


def split_names(text: str) -> list[str]:
    """Names written one per line or separated by 、，, ; (the witnesses)."""
    for sep in "、，,;；\n":
        text = text.replace(sep, "\n")
    return [n.strip() for n in text.split("\n") if n.strip()]


# --- the register of office holders (任职名册) -------------------------------------------------------------


class TermKind(StrEnum):
    COMMITTEE = "committee"  # serves the term of the standing committee that appointed them
    OPEN = "open"  # no fixed term: serves until removed or they resign


# How long an appointee serves, by the post's class, with the law it rests on. The default is the term of the
# standing committee that decided the appointment: 组织法（2022）— the standing committee's term is the
# congress's term and it serves until the next congress elects a new one; the government's term is the
# congress's (组织法 on 地方各级人民政府每届任期同本级人民代表大会每届任期相同), and the supervisory
# commission's likewise (监察法 第八条、第九条). Judges and procurators have no fixed term: 法官法（2019）and
# 检察官法（2019）set none, and name when one is removed (法官法 第二十条, 检察官法 第二十条).
GOVERNMENT_TERM = "组织法（2022）：本级人民政府每届任期同本级人民代表大会每届任期相同"
TERM_RULES: dict[PostClass, tuple[TermKind, str]] = {
    PostClass.GOVERNMENT: (TermKind.COMMITTEE, GOVERNMENT_TERM),
    PostClass.VICE_MAYOR: (TermKind.COMMITTEE, GOVERNMENT_TERM),
    PostClass.SUPERVISORY: (
        TermKind.COMMITTEE, "监察法 第八条、第九条：监察委员会每届任期同本级人民代表大会每届任期相同"
    ),
    PostClass.COURT: (TermKind.OPEN, "法官法（2019）不设任期；免除法官职务的情形见 第二十条"),
    PostClass.PROCURATORATE: (TermKind.OPEN, "检察官法（2019）不设任期；免除检察官职务的情形见 第二十条"),
    PostClass.COMMITTEE_STAFF: (
        TermKind.COMMITTEE, "组织法（2022）：常委会每届任期同本级人民代表大会每届任期相同"
    ),
    PostClass.ACTING_HEAD: (
        TermKind.COMMITTEE, "组织法（2022）第五十条：代理至本级人民代表大会选出正职或常委会另行决定"
    ),
}  # fmt: skip


def term_basis(post_class: PostClass | str) -> str:
    return TERM_RULES[PostClass(post_class)][1]


@dataclass(frozen=True)
class CommitteeTerm:
    start: dt.date
    end: dt.date | None  # None: the committee in office


def term_ends(post_class: PostClass | str, decided_on: dt.date, terms: list[CommitteeTerm]) -> dt.date | None:
    """When an appointment decided on `decided_on` to a post of `post_class` ends by its term (TERM_RULES):
    the end of the standing committee's term in which it was decided; None when the post has no fixed term,
    the committee is still in office, or no term covers the day."""
    if TERM_RULES[PostClass(post_class)][0] == TermKind.OPEN:
        return None
    for term in terms:
        if term.start <= decided_on and (term.end is None or decided_on <= term.end):
            return term.end
    return None


class EndReason(StrEnum):
    REMOVED = "removed"  # 免职: a removal the standing committee decided for the same post and person
    RESIGNED = "resigned"  # 辞职: the standing committee accepted a resignation
    TERM = "term"  # the appointing standing committee's term ended


@dataclass(frozen=True)
class Decision:
    """A person's decided line of a list, in the order it was voted (a removal before the appointment)."""

    key: str
    person: str
    post: str
    post_class: str
    dismiss: bool
    passed: bool
    decided_on: dt.date
    resigned_on: dt.date | None = None  # an appointee's accepted resignation


@dataclass(frozen=True)
class Tenure:
    key: str  # the appointment's key
    person: str
    post: str
    post_class: str
    start: dt.date
    term_ends: dt.date | None
    ended_on: dt.date | None
    ended_by: EndReason | None
    removal_key: str | None = None

    def current(self, today: dt.date) -> bool:
        if self.start > today:
            return False
        if self.ended_on is not None and self.ended_on <= today:
            return False
        return self.term_ends is None or today <= self.term_ends


def tenures(decisions: list[Decision], terms: list[CommitteeTerm]) -> list[Tenure]:
    """The tenures the decisions make, in the order given (decided_on, then voting order): each passed
    appointment opens one; a passed removal of the same person from the same post ends every tenure opened
    before it and still open (so a removal and reappointment in one list ends the old tenure, not the new);
    an accepted resignation ends its own tenure; otherwise the term ends it (term_ends)."""
    out: dict[str, Tenure] = {}
    for d in sorted(decisions, key=lambda d: d.decided_on):  # stable: the voting order within a day
        if not d.passed:
            continue
        if d.dismiss:
            for k, t in out.items():
                within = t.term_ends is None or d.decided_on <= t.term_ends
                if t.ended_on is None and (t.person, t.post) == (d.person, d.post) and within:
                    out[k] = _end(t, d.decided_on, EndReason.REMOVED, d.key)
            continue
        t = Tenure(
            key=d.key, person=d.person, post=d.post, post_class=d.post_class, start=d.decided_on,
            term_ends=term_ends(d.post_class, d.decided_on, terms), ended_on=None, ended_by=None,
        )  # fmt: skip
        out[d.key] = t
    for d in decisions:
        held = out.get(d.key)
        if held is None or d.resigned_on is None:
            continue
        first = held.ended_on is None or d.resigned_on < held.ended_on
        if first and (held.term_ends is None or d.resigned_on <= held.term_ends):
            out[d.key] = _end(held, max(d.resigned_on, held.start), EndReason.RESIGNED, None)
    result = []
    for t in out.values():
        if t.ended_on is None and t.term_ends is not None:
            t = _end(t, t.term_ends, EndReason.TERM, None)
        result.append(t)
    return result


def _end(t: Tenure, on: dt.date, why: EndReason, removal_key: str | None) -> Tenure:
    return Tenure(
        key=t.key, person=t.person, post=t.post, post_class=t.post_class, start=t.start,
        term_ends=t.term_ends, ended_on=on, ended_by=why, removal_key=removal_key,
    )  # fmt: skip


# --- a removal that failed while the appointment to its post passed -------------------------------------


@dataclass(frozen=True)
class Clash:
    post: str
    removal: str  # the failed removal's key
    appointment: str  # the passed appointment's key


def clashes(results: list[tuple[Entry, bool]]) -> list[Clash]:
    """Posts of one list where the removal of the holder failed but the appointment of another person to
    the same post passed: the post would have two holders. The vote takes the removal first (MISSION §3;
    voting.rules.order_appointments) precisely so the post is free when the appointment is voted; when it is
    not, the office must resolve it (a note on the list: a follow-up list …)."""
    failed = [e for e, passed in results if e.dismiss and not passed]
    appointed = [e for e, passed in results if not e.dismiss and passed]
    return [
        Clash(post=r.post, removal=r.key, appointment=a.key)
        for r in failed
        for a in appointed
        if a.post == r.post and a.person != r.person
    ]
