"""The demo's motions and suggestions, played through the proposals services.

Each planned item (proposals_plan.py) becomes a story: the lead deputy drafts it, invites co-signers, who
confirm on their own accounts; it is submitted, reviewed by staff (or decided by the presidium), assigned,
consulted on, answered by the unit's handler and signed by its leader, rated by the lead deputy, and so on,
up to the status the plan gives it. Every step is one service call taken by whoever the workflow table
names, on the day it happened (clock.py); nothing here assigns a status or writes a row of the workflow.

The stories run on one timeline in time order, so numbers are given in submission order and every guard
that reads today (deadlines, return windows) is checked on its day.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils import timezone

from renda.demo import handling
from renda.demo.clock import Story, Timeline, at
from renda.demo.logins import Users
from renda.demo.organization import City
from renda.demo.plan import Plan
from renda.demo.proposals_plan import PROPOSAL_TOPICS, build_proposals_plan
from renda.proposals import services as proposal_services
from renda.proposals.models import Proposal, ProposalSettings, Topic

RETURN_NOTE = "经审查，不符合代表建议的提出要求，退回领衔代表。"
WITHDRAW_NOTE = "经主席团同意撤回。"


@dataclass
class Demo:
    """What the stories share: who acts, the ids they need and the items written so far."""

    users: Users
    city: City
    topics: dict[tuple[str, str], int]
    deputies: dict[str, int]  # card number → deputy id
    session_id: int
    today: dt.date
    rng: random.Random
    ids: dict[str, int] = field(default_factory=dict)  # title → proposal id, filled as drafts are written
    submitted: dict[str, int] = field(default_factory=dict)  # title → days ago it was submitted

    def day(self, ago: int, minutes: int = 0) -> dt.datetime:
        return at(self.today - dt.timedelta(days=ago), minutes)

    @property
    def staff(self):
        return self.users["staff"]


def planned_unit_names(plan: Plan) -> set[str]:
    """The units that handle a demo item (they get a handler's and a leader's account)."""
    names: set[str] = set()
    for item in build_proposals_plan(plan):
        if "assigned_ago" in item:
            names.add(item["lead_unit"])
            names.update(item["co_units"])
    return names


def _write_topics(created: dict) -> dict[tuple[str, str], int]:
    """The category tree (reference data)."""
    have_roots = set(Topic.objects.filter(parent__isnull=True).values_list("name", flat=True))
    rows = [
        Topic(name=root, order=order)
        for order, (root, _children) in enumerate(PROPOSAL_TOPICS, start=1)
        if root not in have_roots
    ]
    Topic.objects.bulk_create(rows)
    created["topics"] += len(rows)
    roots = {t.name: t for t in Topic.objects.filter(parent__isnull=True)}
    have = set(Topic.objects.filter(parent__isnull=False).values_list("parent_id", "name"))
    rows = [
        Topic(name=child, parent=roots[root], order=i)
        for root, children in PROPOSAL_TOPICS
        for i, child in enumerate(children, start=1)
        if (roots[root].pk, child) not in have
    ]
    Topic.objects.bulk_create(rows)
    created["topics"] += len(rows)
    children = Topic.objects.filter(parent__isnull=False).values_list("parent__name", "name", "pk")
    return {(root, child): pk for root, child, pk in children}


def write_proposals(
    *, plan: Plan, city: City, users: Users, deputies: dict[str, int], session_id: int, created: dict
) -> bool:
    """Play the stories of the items whose title is missing; False when there was none to write."""
    topics = _write_topics(created)
    ProposalSettings.objects.get_or_create(term=city.term)
    have = set(Proposal.objects.filter(term=city.term).values_list("title", flat=True))
    items = [i for i in build_proposals_plan(plan) if i["title"] not in have and i["lead"] in deputies]
    if not items:
        return False
    demo = Demo(
        users, city, topics, deputies, session_id, timezone.localdate(), random.Random(plan.seed * 31 + 17)
    )
    demo.submitted = {i["title"]: i["submitted_ago"] for i in items if i["submitted_ago"] is not None}
    timeline = Timeline()
    motions = [i["submitted_ago"] for i in items if i["kind"] == "motion" and i["submitted_ago"] is not None]
    if motions:
        timeline.story().then(demo.day(max(motions) + 10), lambda: _motion_deadline(demo))
    for item in items:
        _tell(demo, item, timeline.story())
    created["proposals"] += len(items)
    created["proposal_steps"] += timeline.run()
    return True


def _motion_deadline(demo: Demo) -> None:
    """The presidium's deadline for motions at the congress session: its last day (or later, so that the
    demo's motions, dated back from today, are in time whenever it is written)."""
    from renda.demo.meetings import CONGRESS_SESSION

    last = max(CONGRESS_SESSION["end_date"], demo.today)
    proposal_services.motion_deadline_set(
        actor=demo.staff, session_id=demo.session_id, deadline=at(last, hour=17)
    )


def _tell(demo: Demo, item: dict, story: Story) -> None:
    """The steps of one item, up to its planned status."""
    status, sub = item["status"], item["submitted_ago"]
    lead = demo.users.deputies[item["lead"]]
    story.then(demo.day(sub + 3 if sub is not None else 2), lambda: _draft(demo, item, lead))
    signers = _cosigners(demo, item, story, lead)
    if sub is None:
        return
    pk = lambda: demo.ids[item["title"]]  # noqa: E731 — read when the step runs, after the draft is written
    story.then(demo.day(sub), lambda: proposal_services.proposal_submit(actor=lead, proposal_id=pk()))
    decided = demo.day(max(0, sub - 3))
    staff = demo.staff
    if status == "withdrawn":
        for user in signers:
            story.then(decided, partial(_consent_withdraw, user, pk))
        story.then(decided, lambda: proposal_services.proposal_withdraw(actor=lead, proposal_id=pk()))
        return
    if status in ("returned", "letter"):
        decision = "return" if status == "returned" else "letter"
        reason, note = (item["return_reason"], RETURN_NOTE) if status == "returned" else ("", "")
        story.then(
            decided,
            lambda: proposal_services.proposal_review(
                actor=staff, proposal_id=pk(), decision=decision, reason=reason, note=note
            ),
        )
        return
    if item["kind"] == "motion" and status != "submitted":
        decision = "to_suggestion" if status == "converted" else status
        story.then(
            decided,
            lambda: proposal_services.motion_decide(actor=staff, proposal_id=pk(), decision=decision),
        )
    elif status != "submitted":
        story.then(
            decided,
            lambda: proposal_services.proposal_review(actor=staff, proposal_id=pk(), decision="accept"),
        )
    if status == "merged":
        into = item["merged_into"]
        when = max(demo.day(max(0, sub - 4)), demo.day(demo.submitted[into] - 1))
        story.then(
            when,
            lambda: proposal_services.proposal_merge(actor=staff, proposal_id=pk(), into_id=demo.ids[into]),
        )
    if "assigned_ago" in item:
        handling.tell(demo, item, story, pk)


def _draft(demo: Demo, item: dict, lead) -> None:
    subject = item["title"].removeprefix("关于").removesuffix("的建议").removesuffix("的议案")
    text: dict[str, Any]
    if item["kind"] == "motion":
        text = {
            "cause": f"{subject}关系群众切身利益，现行规定已不适应实际需要。",
            "basis": "依据《中华人民共和国立法法》和有关法律法规的规定，结合本市实际。",
            "plan": f"建议市人大常委会将{subject}列入立法计划，由有关部门起草法规草案。",
            "session_id": demo.session_id,
        }
    else:
        text = {
            "content": f"近年来，{subject}工作取得一定成效，但仍存在投入不足、统筹不够、群众反映较多等问题。"
            f"建议：一是加强统筹规划；二是加大资金投入；三是健全长效管理机制。"
        }
    p = proposal_services.proposal_create_draft(
        actor=lead, kind=item["kind"], title=item["title"], topic_id=demo.topics[item["topic"]], **text
    )
    demo.ids[item["title"]] = p.pk


def _cosigners(demo: Demo, item: dict, story: Story, lead) -> list:
    """Invite the co-signers; those who confirm do so on their own accounts. Returns who confirmed."""
    status, sub = item["status"], item["submitted_ago"]
    if status == "draft":
        return []
    cards = [c for c in item["cosigners"] if c in demo.deputies]
    cards += [
        c for c in item.get("invited", []) if c in demo.deputies and c not in cards and c != item["lead"]
    ]
    if not cards:
        return []
    deputy_ids = [demo.deputies[c] for c in cards]
    story.then(
        demo.day(sub + 3 if sub is not None else 2),
        lambda: proposal_services.cosigners_invite(
            actor=lead, proposal_id=demo.ids[item["title"]], deputy_ids=deputy_ids
        ),
    )
    confirming = [
        c
        for c in item["cosigners"]
        if c in demo.deputies and (status != "cosigning" or demo.rng.random() < 0.5)
    ]
    signers = [demo.users.deputies[c] for c in confirming]
    for user in signers:
        story.then(
            demo.day(sub + 1 if sub is not None else 1),
            partial(_cosign, user, demo, item["title"]),
        )
    return signers


def _cosign(user, demo: Demo, title: str) -> None:
    proposal_services.cosign_respond(actor=user, proposal_id=demo.ids[title], accept=True)


def _consent_withdraw(user, pk) -> None:
    proposal_services.withdraw_consent(actor=user, proposal_id=pk())
