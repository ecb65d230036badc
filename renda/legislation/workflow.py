"""A draft regulation's path (MISSION.md §7) as a table (pure), in core's one table shape.

    drafting ─read─▶ reading ─vote─▶ passed ─submit─▶ submitted ─approve─▶ approved ─publish─▶ published
        │              │  ▲  └─(vote fails)─▶ rejected                                              │
        │              └─read (the 2nd, 3rd … reading)                                            file
        └─ revise / open_comment / answer / publish_answers: while drafting or reading (no change)   ▼
                                                                                                  filed
- read: a reading at a standing-committee meeting (立法法 第三十二条: usually three).
- vote: the standing committee's vote; the service decides passed or rejected (rules.vote_result: more than
  half of all members).
- submit: to the provincial standing committee, which approves within four months (第八十一条).
- publish: the city standing committee's announcement (第八十八条); file: within thirty days (第一百零九条).
- revise: a new version of the text; open_comment: the latest version out for public comment (≥ 30 days,
  第四十条); answer: the lead committee answers a comment; publish_answers: the answers go public.
Staff (the legislative affairs office's clerks) take every action; leaders and auditors read.
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Workflow, t


class State(StrEnum):
    DRAFTING = "drafting"
    READING = "reading"
    PASSED = "passed"
    REJECTED = "rejected"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    FILED = "filed"


DRAFTING, READING, PASSED, REJECTED = State.DRAFTING, State.READING, State.PASSED, State.REJECTED
SUBMITTED, APPROVED, PUBLISHED, FILED = State.SUBMITTED, State.APPROVED, State.PUBLISHED, State.FILED

STAFF = frozenset({"staff", "admin"})
OPEN = frozenset({DRAFTING, READING})  # the text may still change
READ_ONCE = "read_once"  # guard: the vote follows at least one reading
COMMENT_CLOSED = "comment_closed"  # guard: no comment period still open at the vote
ALL_ANSWERED = "all_answered"  # guard: every comment answered before the answers go public
NOT_IN_COMMENT = "not_in_comment"  # guard: the latest version is not out for comment now (its text is fixed)
NEVER_COMMENTED = "never_commented"  # guard: the latest version has not been out for comment yet

WORKFLOW = Workflow(
    "legislation.draft",
    {
        #  action              from        to          who     guard
        "revise": t(OPEN, None, STAFF, guard=NOT_IN_COMMENT),
        "open_comment": t(OPEN, None, STAFF, guard=NEVER_COMMENTED),
        "read": t(OPEN, READING, STAFF),
        "answer": t(OPEN | {PASSED}, None, STAFF),
        "publish_answers": t(OPEN | {PASSED}, None, STAFF, guard=ALL_ANSWERED),
        "vote": t({READING}, None, STAFF, guard=READ_ONCE),
        "submit": t({PASSED}, SUBMITTED, STAFF),
        "approve": t({SUBMITTED}, APPROVED, STAFF),
        "publish": t({APPROVED}, PUBLISHED, STAFF),
        "file": t({PUBLISHED}, FILED, STAFF),
    },
    states=set(State),
    decided={"vote": {PASSED, REJECTED}},
)
