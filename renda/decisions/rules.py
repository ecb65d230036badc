"""Pure rules of decisions on major matters (讨论决定重大事项, MISSION.md §7, issue 17), each with its source.
No Django, no database.

- The power: the standing committee of a people's congress at or above county level discusses and decides
  the major matters of its area (地方各级人民代表大会和地方各级人民政府组织法（2022）第五十条: "讨论、决定本
  行政区域内的政治、经济、教育、科学、文化、卫生、生态环境保护、自然资源、城乡建设、民政、社会保障、民族等
  工作的重大事项和项目"); it examines and approves adjustments of the plan and the budget on the government's
  proposal and the final accounts (same article).
- The catalogue: which matters the government MUST put to the standing committee is the local rule's list
  (各地《人大常委会讨论决定重大事项的规定》); here a setting (CatalogueEntry), seeded with DEFAULT_CATALOGUE.
- Who submits (提请): the people's government, the supervisory commission, the court, the procuratorate,
  the council of chairpersons (主任会议), the special committees, or five or more members jointly
  (组织法 on who may put a bill to the standing committee).
- The vote: a resolution passes by MORE THAN HALF OF ALL members of the standing committee (组织法（2022）:
  "常务委员会的决议，由常务委员会以全体组成人员的过半数通过") — the voting engine counts it
  (renda.voting.rules.passes on the meeting's roll).
- Follow-up: the body that carries a resolution out reports on it within the period the resolution sets
  (local rules; DEFAULT_FOLLOWUP_MONTHS a setting per matter). Periods count as 民法典 第二百零一至二百零三条
  (renda.legislation.rules.period_end: the first day not counted, a last day off moved to the next working
  day).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from renda.legislation.rules import Calendar, days_left, period_end

DEFAULT_FOLLOWUP_MONTHS = 6  # local rules commonly ask for the implementation report within six months
MAX_FOLLOWUP_MONTHS = 24


class Submitter(StrEnum):
    GOVERNMENT = "government"
    SUPERVISORY = "supervisory"
    COURT = "court"
    PROCURATORATE = "procuratorate"
    COUNCIL = "council"
    COMMITTEE = "committee"
    MEMBERS = "members"


MIN_JOINT_MEMBERS = 5  # 常委会组成人员五人以上联名

# (title, basis): the matters the people's government puts to the standing committee (a setting; each
# congress edits its own list)
DEFAULT_CATALOGUE: tuple[tuple[str, str], ...] = (
    ("国民经济和社会发展规划纲要、计划的调整方案", "地方组织法第五十条"),
    ("本级预算调整方案", "地方组织法第五十条；预算法"),
    ("本级决算", "地方组织法第五十条；预算法"),
    ("政府债务限额内的举借债务和重大政府投资项目", "预算法；本市讨论决定重大事项的规定"),
    ("国土空间总体规划的修改", "城乡规划法；本市讨论决定重大事项的规定"),
    ("生态环境保护、自然资源的重大事项", "地方组织法第五十条"),
    ("教育、医疗、养老等民生领域的重大事项", "地方组织法第五十条"),
    ("设立本市重要纪念日、授予荣誉称号", "本市讨论决定重大事项的规定"),
)


def joint_members_ok(signers: int) -> bool:
    """Whether a motion of members has enough signers (five or more, 常委会组成人员五人以上联名)."""
    return signers >= MIN_JOINT_MEMBERS


def followup_due(decided_on: dt.date, months: int, calendar: Calendar) -> dt.date:
    """The day by which the implementation report is due: `months` months from the decision, counted as
    民法典 第二百零一至二百零三条 count a period."""
    if not 1 <= months <= MAX_FOLLOWUP_MONTHS:
        raise ValueError(f"the follow-up period is 1 to {MAX_FOLLOWUP_MONTHS} months")
    return period_end(decided_on, calendar, months=months)


def followup_state(due: dt.date, reported_on: dt.date | None, today: dt.date) -> tuple[str, int]:
    """("reported" | "late_reported" | "pending" | "overdue", days): days left while pending, days late when
    overdue or reported late, 0 when reported in time."""
    if reported_on is not None:
        late = (reported_on - due).days
        return ("late_reported", late) if late > 0 else ("reported", 0)
    left = days_left(due, today)
    return ("pending", left) if left >= 0 else ("overdue", -left)


def document_number(prefix: str, year: int, seq: int) -> str:
    """A decision's number as the congress writes it: 江人常决〔2026〕3号."""
    if seq < 1 or not 1949 <= year <= 2999:
        raise ValueError("a number is a year and a positive sequence")
    return f"{prefix}〔{year}〕{seq}号"
