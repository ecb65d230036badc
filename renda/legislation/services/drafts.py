"""The legislative plan and the draft's table: revise, open for comment, read, vote, submit, approve,
publish, file."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError
from renda.core.inputs import choice as _choice
from renda.core.inputs import past_day as _day
from renda.core.inputs import text as _text
from renda.core.numerals import chinese_number
from renda.core.selectors import work_calendar
from renda.core.services import event_record, transition
from renda.core.step_dates import later_day
from renda.legislation import articles, rules
from renda.legislation.models import (
    Draft,
    ExplanationKind,
    Field,
    PlanItem,
    PlanKind,
    Reading,
    Version,
)
from renda.legislation.services._common import (
    MAX_COMMENT,
    MAX_TEXT,
    _manager,
    _today,
    parse_text,
)
from renda.meetings import services as meetings
from renda.meetings.choices import AgendaKind, SessionKind
from renda.meetings.models import Session

# --- the legislative plan (立法计划) ------------------------------------------------------------------------


def plan_item_add(
    *,
    actor: ActorLike,
    year: int,
    kind: str,
    title: str,
    field: str,
    drafting_body: str,
    lead_committee: str,
    planned_readings: str = "",
) -> PlanItem:
    """An item of the year's legislative plan (staff), last in its kind."""
    actor = _manager(actor)
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度：请填写四位年份"), field="year")
    if PlanItem.objects.filter(year=year).exclude(published_on=None).exists():
        raise ApplicationError(_("该年度立法计划已公布，不能再增加项目"), field="year", status=409)
    kind = _choice(kind, PlanKind, "kind")
    order = (PlanItem.objects.filter(year=year, kind=kind).aggregate(m=Max("order"))["m"] or 0) + 1
    with transaction.atomic():
        item = PlanItem.objects.create(
            year=year,
            kind=kind,
            title=_text(title, "title", limit=200),
            field=_choice(field, Field, "field"),
            drafting_body=_text(drafting_body, "drafting_body", limit=100),
            lead_committee=_text(lead_committee, "lead_committee", limit=100),
            planned_readings=_text(planned_readings, "planned_readings", limit=100, required=False),
            order=order,
        )
        event_record(
            actor=actor, action="legislation_plan_item", obj=item, changes={"year": year, "kind": kind}
        )
    return item


def plan_publish(*, actor: ActorLike, year: int) -> int:
    """The year's plan, adopted by the council of chairpersons, published: its items go public."""
    actor = _manager(actor)
    with transaction.atomic():
        items = PlanItem.objects.select_for_update().filter(year=year, published_on=None)
        n = items.update(published_on=_today())
        if not n:
            raise ApplicationError(_("该年度没有待公布的立法计划项目"), field="year", status=409)
        event_record(actor=actor, action="legislation_plan_publish", changes={"year": year, "items": n})
    return n


# --- drafts and their versions ------------------------------------------------------------------------------


def draft_create(
    *,
    actor: ActorLike,
    title: str,
    text: str,
    field: str = "",
    drafting_body: str = "",
    lead_committee: str = "",
    plan_item_id: int | None = None,
    explanation: str = "",
) -> Draft:
    """A draft regulation with its first version (草案) and its 起草说明; from a plan item, its field,
    drafting body and lead committee unless given."""
    actor = _manager(actor)
    item = PlanItem.objects.filter(pk=plan_item_id).first() if plan_item_id else None
    if plan_item_id and item is None:
        raise ApplicationError(_("立法计划项目不存在"), field="plan_item_id")
    text = _text(text, "text", limit=MAX_TEXT)
    parse_text(text)
    with transaction.atomic():
        draft = Draft.objects.create(
            title=_text(title, "title", limit=200),
            plan_item=item,
            field=_choice(field or (item.field if item else ""), Field, "field"),
            drafting_body=_text(
                drafting_body or (item.drafting_body if item else ""), "drafting_body", limit=100
            ),
            lead_committee=_text(
                lead_committee or (item.lead_committee if item else ""), "lead_committee", limit=100
            ),
            created_by=user_of(actor),
        )
        version = Version.objects.create(
            draft=draft,
            number=1,
            label=_("草案"),
            text=text,
            explanation_kind=ExplanationKind.DRAFTING if explanation.strip() else "",
            explanation=_text(explanation, "explanation", limit=MAX_TEXT, required=False),
            created_by=user_of(actor),
        )
        event_record(
            actor=actor, action="legislation_draft_create", obj=draft, changes={"version": version.number}
        )
    return draft


def _draft(actor, draft_id: int | Draft, action: str) -> Draft:
    return spine.require(actor, spine.get_visible(Draft, actor, draft_id), action)


def _acquire(actor, draft_id: int | Draft, action: str, change: Callable[[Draft], dict]) -> Draft:
    """A step of the table (core.services.transition): require, lock, state, `change(row)`, one Event."""
    return transition(
        actor,
        Draft,
        draft_id,
        action,
        change,
        action={  # the step's Event
            "revise": "legislation_revise",
            "open_comment": "legislation_open_comment",
            "read": "legislation_read",
            "vote": "legislation_vote",
            "submit": "legislation_submit",
            "approve": "legislation_approve",
            "publish": "legislation_publish",
            "file": "legislation_file",
            "publish_answers": "legislation_publish_answers",
        }[action],
    )


def latest_version(draft: Draft) -> Version:
    version = draft.versions.order_by("-number").first()
    assert version is not None  # a draft is created with its first version
    return version


def draft_revise(
    *,
    actor: ActorLike,
    draft_id: int | Draft,
    text: str,
    label: str,
    explanation_kind: str = "",
    explanation: str = "",
) -> Version:
    """A new version of the text (草案修改稿, 草案表决稿 …) with the explanation that presents it."""
    text = _text(text, "text", limit=MAX_TEXT)
    parse_text(text)
    label = _text(label, "label", limit=50)
    if explanation_kind:
        _choice(explanation_kind, ExplanationKind, "explanation_kind")
    explanation = _text(explanation, "explanation", limit=MAX_TEXT, required=False)
    if explanation and not explanation_kind:
        raise ApplicationError(_("请选择说明类别"), field="explanation_kind")
    created: list[Version] = []

    def change(d: Draft) -> dict:
        last = latest_version(d)
        if articles._norm(last.text) == articles._norm(text):
            raise ApplicationError(_("条文与上一稿相同，无需另存新稿"), field="text")
        if last.comment_opens_on and last.comment_closes_on and last.comment_closes_on >= _today():
            raise ApplicationError(
                _("征求意见期间不能修改该稿，请在截止后另存新稿"), field="text", status=409
            )
        created.append(
            Version.objects.create(
                draft=d,
                number=last.number + 1,
                label=label,
                text=text,
                explanation_kind=explanation_kind,
                explanation=explanation,
                created_by=user_of(actor),
            )
        )
        return {"version": last.number + 1, "label": label}

    _acquire(actor, draft_id, "revise", change)
    return created[0]


def draft_open_comment(
    *, actor: ActorLike, draft_id: int | Draft, days: int = rules.COMMENT_MIN_DAYS
) -> Version:
    """The latest version published for public comment from today, for `days` days (at least 30, 立法法
    第四十条); the period ends as 民法典 第二百零一、二百零三条 count it."""
    if not isinstance(days, int) or days < rules.COMMENT_MIN_DAYS or days > 365:
        raise ApplicationError(
            _("征求意见期限不少于 %(n)s 日（立法法第四十条）") % {"n": rules.COMMENT_MIN_DAYS}, field="days"
        )
    opened: list[Version] = []

    def change(d: Draft) -> dict:
        version = latest_version(d)
        if version.comment_opens_on is not None:
            raise ApplicationError(_("该稿已公开征求过意见"), field="days", status=409)
        today = _today()
        version.comment_opens_on = today
        version.comment_closes_on = rules.comment_closes(
            today, work_calendar(start_year=today.year, end_year=today.year + 1), days
        )
        version.save(update_fields=["comment_opens_on", "comment_closes_on", "updated_at"])
        opened.append(version)
        return {"version": version.number, "deadline": version.comment_closes_on}

    _acquire(actor, draft_id, "open_comment", change)
    return opened[0]


def draft_read(
    *,
    actor: ActorLike,
    draft_id: int | Draft,
    held_on: datetime.date | None = None,
    session_id: int | None = None,
    note: str = "",
) -> Reading:
    """A reading of the latest version; at a standing-committee meeting, added to its agenda."""
    actor = as_actor(actor)
    held_on = _day(held_on, "held_on")
    note = _text(note, "note", limit=MAX_COMMENT, required=False)
    session = None
    if session_id:
        session = Session.objects.filter(pk=session_id, kind=SessionKind.STANDING_COMMITTEE).first()
        if session is None:
            raise ApplicationError(_("请选择常委会会议"), field="session_id")
    made: list[Reading] = []

    def change(d: Draft) -> dict:
        number = d.readings.count() + 1
        item = None
        if session is not None:
            item = meetings.agenda_item_add(
                actor=actor,
                session_id=session.pk,
                kind=AgendaKind.DRAFT_READING,
                title=_("审议《%(t)s》（第%(n)s次审议）") % {"t": d.title, "n": chinese_number(number)},
            )
        made.append(
            Reading.objects.create(
                draft=d,
                number=number,
                version=latest_version(d),
                held_on=held_on,
                agenda_item=item,
                note=note,
            )
        )
        return {"reading": number, "session": session.pk if session else None}

    _acquire(actor, draft_id, "read", change)
    return made[0]


def draft_vote(
    *,
    actor: ActorLike,
    draft_id: int | Draft,
    yes: int,
    no: int,
    abstain: int,
    members_total: int,
    voted_on: datetime.date | None = None,
) -> Draft:
    """The standing committee's vote: passed iff yes is more than half of ALL members (rules.vote_result)."""
    voted_on = _day(voted_on, "voted_on")
    for name, value in (("yes", yes), ("no", no), ("abstain", abstain), ("members_total", members_total)):
        if not isinstance(value, int) or value < 0:
            raise ApplicationError(_("请填写非负整数"), field=name)
    if members_total < 1:
        raise ApplicationError(_("常委会组成人员总数至少为 1"), field="members_total")
    if yes + no + abstain > members_total:
        raise ApplicationError(_("赞成、反对、弃权票数之和超过组成人员总数"), field="yes")
    result = rules.vote_result(yes=yes, no=no, abstain=abstain, total_members=members_total)

    def change(d: Draft) -> dict:
        d.voted_on, d.votes_yes, d.votes_no, d.votes_abstain, d.members_total = (
            voted_on,
            yes,
            no,
            abstain,
            members_total,
        )
        return {
            "_to": "passed" if result.passed else "rejected",
            "yes": yes, "no": no, "abstain": abstain, "members_total": members_total, "needed": result.needed,
        }  # fmt: skip

    return _acquire(actor, draft_id, "vote", change)


def draft_submit(
    *, actor: ActorLike, draft_id: int | Draft, submitted_on: datetime.date | None = None
) -> Draft:
    """Submitted to the provincial standing committee for approval (within four months, 第八十一条)."""
    submitted_on = _day(submitted_on, "submitted_on")

    refused = _("报请批准日期不能早于表决日期")
    return _acquire(
        actor,
        draft_id,
        "submit",
        lambda d: later_day(d, "submitted_on", submitted_on, after="voted_on", refused=refused),
    )


def draft_approve(
    *, actor: ActorLike, draft_id: int | Draft, approved_on: datetime.date | None = None
) -> Draft:
    """The provincial standing committee's approval, as its decision dates it."""
    approved_on = _day(approved_on, "approved_on")

    refused = _("批准日期不能早于报请批准日期")
    return _acquire(
        actor,
        draft_id,
        "approve",
        lambda d: later_day(d, "approved_on", approved_on, after="submitted_on", refused=refused),
    )


def draft_publish(
    *,
    actor: ActorLike,
    draft_id: int | Draft,
    announcement_no: str,
    effective_on: datetime.date,
    published_on: datetime.date | None = None,
) -> Draft:
    """Published by the city standing committee's announcement (第八十八条); filing due in thirty days."""
    published_on = _day(published_on, "published_on")
    announcement_no = _text(announcement_no, "announcement_no", limit=50)
    if effective_on is None or effective_on < published_on:
        raise ApplicationError(_("施行日期不能早于公布日期"), field="effective_on")

    def change(d: Draft) -> dict:
        dated = later_day(
            d, "published_on", published_on, after="approved_on", refused=_("公布日期不能早于批准日期")
        )
        d.announcement_no, d.effective_on = announcement_no, effective_on
        return {**dated, "announcement_no": announcement_no, "effective_date": effective_on}

    return _acquire(actor, draft_id, "publish", change)


def draft_file(*, actor: ActorLike, draft_id: int | Draft, filed_on: datetime.date | None = None) -> Draft:
    """Filed with the NPC Standing Committee and the State Council (第一百零九条: within thirty days)."""
    filed_on = _day(filed_on, "filed_on")

    def change(d: Draft) -> dict:
        dated = later_day(
            d, "filed_on", filed_on, after="published_on", refused=_("备案日期不能早于公布日期")
        )
        published = d.published_on or filed_on  # published: the table's state guarantees the date
        due = rules.filing_due(
            published, work_calendar(start_year=published.year, end_year=published.year + 1)
        )
        return {**dated, "late_days": max(0, (filed_on - due).days)}

    return _acquire(actor, draft_id, "file", change)
