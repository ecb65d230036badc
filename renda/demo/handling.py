"""The demo items' handling, through the proposals services: assignment (with co-handlers), key supervision,
extensions and returns, consultation with the deputy, co-handlers' opinions, the reply (drafted by the lead
unit's handler, signed by its leader), the lead deputy's rating, follow-up reports and publication.

The demo unit (江临市交通运输局, the handler and unitleader logins) also gets one item whose reply waits for
sign-off, one pending return request and one pending extension request (the plan's marks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from renda.demo.clock import Story
from renda.demo.names import CITY, MALE_CHARS, SURNAMES
from renda.demo.proposals_plan import CONSULT_METHODS, TOPIC_COMMITTEE
from renda.proposals import services as proposal_services

if TYPE_CHECKING:
    from renda.demo.proposals import Demo

EXTENSION_REASON = "涉及多个部门协调，需要更多时间开展调研。"
PENDING_EXTENSION_REASON = "需要会同省级部门论证，申请延期两个月答复。"
RETURN_REASON = "该建议所提事项属于区级事权，建议改由区人民政府办理。"
RETURN_TO_UNIT = f"{CITY}临江区人民政府"
CONSULT_PARTICIPANTS = "领衔代表、承办单位分管负责人、经办人"
CONSULT_NOTES = "就建议所提问题逐条沟通办理思路，代表表示认可。"
CO_OPINION = "我单位同意主办单位的办理意见。"
EXPLANATION = "受财力和规划条件限制，目前暂时不能解决，已留作今后工作参考。"
UNSATISFIED_REASON = "所提问题未得到实质解决，答复内容针对性不强。"
FOLLOW_UP_TEXT = "已完成前期调研和方案编制，正在按计划推进。"
DRAFT_REPLY_TEXT = "经认真研究，拟答复如下：……（待单位负责人签发）"


def tell(demo: Demo, item: dict, story: Story, pk: Callable[[], int]) -> None:
    """The steps after acceptance, up to the item's planned status."""
    r = demo.rng
    staff, units = demo.staff, demo.city.units
    lead_unit = units[item["lead_unit"]]
    handler, signer = demo.users.unit_handler[lead_unit], demo.users.unit_leader[lead_unit]
    co_ids = [units[u] for u in item["co_units"] if units.get(u) and units[u] != lead_unit]
    assigned_ago, replied_ago, mark = item["assigned_ago"], item.get("replied_ago"), item.get("mark")
    story.then(
        demo.day(assigned_ago),
        lambda: proposal_services.proposal_assign(
            actor=staff,
            proposal_id=pk(),
            lead_unit_ids=[lead_unit],
            co_unit_ids=co_ids,
            wide_ranging=item["wide_ranging"],
        ),
    )
    if item["key"]:
        committee_id = demo.city.committees[TOPIC_COMMITTEE[item["topic"][0]]]
        official = f"{r.choice(SURNAMES)}{r.choice(MALE_CHARS)}{r.choice(MALE_CHARS)}（副市长）"
        story.then(
            demo.day(assigned_ago),
            lambda: proposal_services.key_supervision_mark(
                actor=demo.users["leader"],
                proposal_id=pk(),
                committee_id=committee_id,
                leading_official=official,
            ),
        )
    if item["extended"]:
        story.then(
            demo.day(max(0, assigned_ago - 40)),
            lambda: _extension(handler, staff, pk(), item["extended"], EXTENSION_REASON, approve=True),
        )
    if mark == "return_request":
        suggested = units.get(RETURN_TO_UNIT)
        story.then(
            demo.day(max(0, assigned_ago - 1)),
            lambda: proposal_services.return_request(
                actor=handler, proposal_id=pk(), reason=RETURN_REASON, suggested_unit_id=suggested
            ),
        )
    if mark == "extension_request":
        story.then(
            demo.day(max(0, assigned_ago - 30)),
            lambda: _extension(handler, staff, pk(), 2, PENDING_EXTENSION_REASON, approve=None),
        )
    if item["consulted"]:
        held = replied_ago + r.randint(3, 15) if replied_ago else max(0, assigned_ago - r.randint(5, 30))
        held_on = demo.today - dt.timedelta(days=min(held, assigned_ago))
        method = r.choice(CONSULT_METHODS)
        story.then(
            demo.day(min(held, assigned_ago)),
            lambda: proposal_services.consultation_record(
                actor=handler,
                proposal_id=pk(),
                method=method,
                held_on=held_on,
                participants=CONSULT_PARTICIPANTS,
                notes=CONSULT_NOTES,
            ),
        )
    if replied_ago is not None:
        for co in co_ids:
            co_handler = demo.users.unit_handler[co]
            story.then(
                demo.day(replied_ago + 1),
                partial(_co_opinion, co_handler, pk),
            )
        _reply(demo, item, story, pk, handler, signer)
    elif mark == "reply_draft":
        promised = demo.today + dt.timedelta(days=90)
        story.then(
            demo.day(1),
            lambda: proposal_services.reply_draft(
                actor=handler, proposal_id=pk(), text=DRAFT_REPLY_TEXT, category="B", promised_date=promised
            ),
        )
    if item["rating"]:
        _rate(demo, item, story, pk, handler)


def _co_opinion(handler, pk: Callable[[], int]) -> None:
    proposal_services.co_opinion_submit(actor=handler, proposal_id=pk(), text=CO_OPINION)


def _extension(handler, staff, proposal_id: int, months: int, reason: str, *, approve: bool | None) -> None:
    """The lead unit asks for more time; staff decide at once (approve None: the request waits)."""
    request = proposal_services.extension_request(
        actor=handler, proposal_id=proposal_id, months=months, reason=reason
    )
    if approve is not None:
        proposal_services.extension_decide(actor=staff, request_id=request.pk, approve=approve)


def _reply(demo: Demo, item: dict, story: Story, pk, handler, signer) -> None:
    """The handler drafts the reply and the unit's leader signs it, on the day it was answered."""
    category = item["category"]
    extra: dict = {}
    if category in ("B", "C"):
        extra["promised_date"] = demo.today + dt.timedelta(days=demo.rng.randint(30, 400))
    if category == "D":
        extra["explanation"] = EXPLANATION
    text = f"关于{item['title'].removeprefix('关于')}的答复：经认真研究，现将办理情况答复如下……"

    def draft_and_sign():
        reply = proposal_services.reply_draft(
            actor=handler, proposal_id=pk(), text=text, category=category, **extra
        )
        proposal_services.reply_sign(actor=signer, reply_id=reply.pk)

    story.then(demo.day(item["replied_ago"]), draft_and_sign)


def _rate(demo: Demo, item: dict, story: Story, pk, handler) -> None:
    """The lead deputy rates the reply; then the unit reports progress (follow-up) or staff publish it."""
    rated_ago, attitude, result = item["rating"]
    lead = demo.users.deputies[item["lead"]]
    reason = UNSATISFIED_REASON if "unsatisfied" in (attitude, result) else ""
    story.then(
        demo.day(rated_ago),
        lambda: proposal_services.rating_submit(
            actor=lead, proposal_id=pk(), attitude=attitude, result=result, reason=reason
        ),
    )
    if item["status"] == "follow_up":
        story.then(
            demo.day(max(0, rated_ago - 7)),
            lambda: proposal_services.follow_up_report(
                actor=handler, proposal_id=pk(), text=FOLLOW_UP_TEXT, done=False
            ),
        )
    if item["status"] == "closed" and demo.rng.random() < 0.5:
        story.then(
            demo.day(rated_ago),
            lambda: proposal_services.proposal_publish(actor=demo.staff, proposal_id=pk(), public=True),
        )
