"""An opinion recorded and carried along its one path (MISSION.md §5): answered on the spot, handled by the
street, forwarded to a department, converted into a deputy's suggestion (proposals' drafting service), fed
into livelihood's collection (`project_collect`), the feedback given and the citizen's rating."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.inputs import text as _text
from renda.core.services import event_record
from renda.deputies.models import Deputy
from renda.livelihood import services as livelihood
from renda.opinions import rules
from renda.opinions.models import (
    Channel,
    Opinion,
    OpinionRating,
    Rating,
    Reception,
)
from renda.opinions.permissions import (
    can_manage,
    channels_for,
    kept_station_ids,
)
from renda.organization.models import LiaisonStation
from renda.proposals.choices import Kind
from renda.proposals.services import drafting

from ._common import MAX_TEXT, _days, _new_code, _notify, _today, _unit, _unit_users


def opinion_record(
    *,
    actor: ActorLike,
    title: str,
    content: str,
    channel: str | None = None,
    station_id: int | None = None,
    deputy_id: int | None = None,
    citizen_name: str = "",
    citizen_phone: str = "",
    location: str = "",
    received_on: datetime.date | None = None,
    reception_id: int | None = None,
) -> Opinion:
    """A citizen's opinion, "received": recorded by a keeper at the station, by a deputy (on a phone), by
    staff from a station's paper register (any channel), or submitted online by the citizen (anyone). Its
    tracking code is random; the answer carries it."""
    actor = as_actor(actor)
    allowed = channels_for(actor)
    channel = channel or allowed[0]
    if channel not in allowed:
        raise PermissionDenied(_("不能以此渠道登记社情民意"))
    data = dict(
        title=_text(title, "title", limit=200),
        content=_text(content, "content", limit=MAX_TEXT),
        location=_text(location, "location", limit=200, required=False),
        citizen_name=_text(citizen_name, "citizen_name", limit=50, required=False),
        citizen_phone=_text(citizen_phone, "citizen_phone", limit=30, required=False),
    )
    if data["citizen_phone"] and not all(c.isdigit() or c in "-+ " for c in data["citizen_phone"]):
        raise ApplicationError(_("联系电话只能包含数字"), field="citizen_phone")
    manager = can_manage(actor)
    if channel == Channel.STATION:
        if not manager:
            kept = kept_station_ids(actor)
            station_id = station_id if station_id in kept else (kept[0] if kept else None)
        if station_id is None or not LiaisonStation.objects.filter(pk=station_id).exists():
            raise ApplicationError(_("请选择联络站"), field="station_id")
    elif channel == Channel.DEPUTY:
        if not manager:
            deputy_id = actor.deputy_id
        if deputy_id is None or not Deputy.objects.filter(pk=deputy_id).exists():
            raise ApplicationError(_("请选择接待代表"), field="deputy_id")
    if station_id is not None and not LiaisonStation.objects.filter(pk=station_id).exists():
        raise ApplicationError(_("联络站不存在"), field="station_id")
    if deputy_id is not None and not Deputy.objects.filter(pk=deputy_id).exists():
        raise ApplicationError(_("代表不存在"), field="deputy_id")
    if channel == Channel.ONLINE and not manager:
        deputy_id = None  # a citizen names a station, never a deputy
    today = _today()
    if received_on is None or not manager:
        received_on = today
    elif received_on > today:
        raise ApplicationError(_("受理日期不能晚于今天"), field="received_on")
    if reception_id is not None:
        reception = Reception.objects.filter(pk=reception_id).first()
        if reception is None:
            raise ApplicationError(_("接待日不存在"), field="reception_id")
        station_id = station_id if station_id is not None else reception.station_id
        if not rules.opinion_fits_reception(reception.station_id, reception.date, station_id, received_on):
            raise ApplicationError(_("接待日记录的意见应在该联络站、接待当天受理"), field="reception_id")
    for _attempt in range(5):  # a random code colliding with a stored one: draw again
        try:
            with transaction.atomic():
                opinion = Opinion.objects.create(
                    code=_new_code(received_on.year),
                    channel=channel,
                    station_id=station_id,
                    deputy_id=deputy_id,
                    recorded_by=user_of(actor),
                    received_on=received_on,
                    reception_id=reception_id,
                    **data,
                )
                event_record(actor=actor, action="opinion_record", obj=opinion, changes={"channel": channel})
                return opinion
        except IntegrityError:
            continue
    raise ApplicationError(_("系统繁忙，请稍后再试"), status=503)


def _visible(actor: ActorLike, opinion_id: int | Opinion) -> Opinion:
    return spine.get_visible(Opinion, actor, opinion_id)


def _move(actor, opinion: Opinion, action: str, change) -> Opinion:
    """After the caller's spine.require: lock, the state again, the fields `change(row)` sets, the new
    state, an Event. (Each caller names its action literally in its own require.)"""
    with transaction.atomic():
        row = spine.require_state(spine.lock(Opinion, opinion.pk), action)
        old = row.status
        changes = change(row)
        spine.set_state(row, action)
        if action in rules.ROUTE_OF_ACTION:
            row.route = rules.ROUTE_OF_ACTION[action].value
        row.save()
        event_record(
            actor=actor,
            action={
                "answer": "opinion_answer",
                "refer": "opinion_refer",
                "forward": "opinion_forward",
                "reply": "opinion_reply",
                "convert": "opinion_convert",
                "feed": "opinion_feed",
                "feedback": "opinion_feedback",
            }[action],
            obj=row,
            changes={"status": [old, row.status], **changes},
        )
    return row


def opinion_answer(*, actor: ActorLike, opinion_id: int | Opinion, answer: str) -> Opinion:
    """received → closed: answered on the spot; the answer is the feedback to the citizen."""
    answer = _text(answer, "answer", limit=MAX_TEXT)

    def change(o: Opinion) -> dict:
        o.reply, o.replied_on, o.feedback, o.closed_on = answer, _today(), answer, _today()
        return {"answer": answer}

    actor = as_actor(actor)
    opinion = spine.require(actor, _visible(actor, opinion_id), "answer")
    return _move(actor, opinion, "answer", change)


def _to_unit(actor, opinion_id, action: str, unit_id, days, note: str) -> Opinion:
    unit = _unit(unit_id, "unit_id")
    days = _days(days)
    note = _text(note, "note", limit=500, required=False)
    actor = as_actor(actor)

    def change(o: Opinion) -> dict:
        if o.unit_id == unit.pk:
            raise ApplicationError(_("已在该单位办理，请选择其他单位"), field="unit_id")
        o.unit, o.due_on = unit, rules.due_date(_today(), days)
        return {"unit": unit.pk, "due_on": o.due_on, "note": note}

    return _move(actor, opinion_id, action, change)


def opinion_refer(
    *, actor: ActorLike, opinion_id: int | Opinion, unit_id: int, days: int | None = None, note: str = ""
) -> Opinion:
    """received → street: handled by the township/street government, reply due in `days`."""
    actor = as_actor(actor)
    opinion = spine.require(actor, _visible(actor, opinion_id), "refer")
    row = _to_unit(actor, opinion, "refer", unit_id, days, note)
    _notify(_unit_users(row.unit_id), _("新的社情民意待办理：%(t)s") % {"t": row.title}, row)
    return row


def opinion_forward(
    *, actor: ActorLike, opinion_id: int | Opinion, unit_id: int, days: int | None = None, note: str = ""
) -> Opinion:
    """received or street → forwarded: to a department, with a due date (a street forwards what is not its
    own to handle)."""
    actor = as_actor(actor)
    opinion = spine.require(actor, _visible(actor, opinion_id), "forward")
    row = _to_unit(actor, opinion, "forward", unit_id, days, note)
    _notify(_unit_users(row.unit_id), _("新的社情民意待办理：%(t)s") % {"t": row.title}, row)
    return row


def opinion_reply(*, actor: ActorLike, opinion_id: int | Opinion, text: str) -> Opinion:
    """street or forwarded → replied: the unit's answer (staff enter a paper one)."""
    text = _text(text, "text", limit=MAX_TEXT)

    def change(o: Opinion) -> dict:
        o.reply, o.replied_on = text, _today()
        return {"late_days": rules.overdue(o.due_on, _today(), replied=False)}

    actor = as_actor(actor)
    opinion = spine.require(actor, _visible(actor, opinion_id), "reply")
    return _move(actor, opinion, "reply", change)


def opinion_convert(*, actor: ActorLike, opinion_id: int | Opinion, title: str = "") -> Opinion:
    """received, street or replied → converted: a draft suggestion of the opinion's deputy, through the
    proposals service; the opinion links to it and the suggestion's timeline names the opinion."""
    actor = as_actor(actor)
    opinion = spine.require(actor, _visible(actor, opinion_id), "convert")
    title = _text(title or opinion.title, "title", limit=200)

    def change(o: Opinion) -> dict:
        lead = None if actor.deputy_id == o.deputy_id else o.deputy_id
        proposal = drafting.proposal_create_draft(
            actor=actor,
            kind=Kind.SUGGESTION,
            title=title,
            content=o.content,
            cause=_("源自群众反映的社情民意（查询码 %(code)s）") % {"code": o.code},
            lead_deputy_id=lead,
        )
        o.proposal = proposal
        event_record(
            actor=actor,
            action="opinion_became_suggestion",
            obj=proposal,
            comment=_("源自社情民意 %(code)s：%(t)s") % {"code": o.code, "t": o.title},
        )
        return {"proposal": proposal.pk}

    return _move(actor, opinion, "convert", change)


def opinion_feed(*, actor: ActorLike, opinion_id: int | Opinion, year: int | None = None) -> Opinion:
    """received, street or replied → fed: a livelihood-project proposal of the year (livelihood's collection
    seam), the citizen as its proposer."""
    actor = as_actor(actor)
    opinion = spine.require(actor, _visible(actor, opinion_id), "feed")

    def change(o: Opinion) -> dict:
        project = livelihood.project_collect(
            actor=actor,
            year=year or _today().year,
            title=o.title,
            description=o.content,
            location=o.location,
            source="public",
            proposer_name=o.citizen_name,
            proposer_phone=o.citizen_phone,
            origin=f"opinions:{o.pk}",
        )
        o.project = project
        return {"project": project.code}

    return _move(actor, opinion, "feed", change)


def opinion_feedback(*, actor: ActorLike, opinion_id: int | Opinion, text: str) -> Opinion:
    """replied, converted or fed → closed: the feedback to the citizen and the deputy (every path ends so)."""
    text = _text(text, "text", limit=MAX_TEXT)

    def change(o: Opinion) -> dict:
        o.feedback, o.closed_on = text, _today()
        return {}

    actor = as_actor(actor)
    opinion = spine.require(actor, _visible(actor, opinion_id), "feedback")
    row = _move(actor, opinion, "feedback", change)
    if row.deputy_id:
        deputy_user = Deputy.objects.filter(pk=row.deputy_id).values_list("user_id", flat=True).first()
        _notify([deputy_user], _("社情民意已反馈：%(t)s") % {"t": row.title}, row)
    return row


def opinion_rate(*, code: str, rating: str, comment: str = "") -> OpinionRating:
    """The citizen's rating by the tracking code, once, after the feedback (rules.can_rate). No account: the
    code is the citizen's key (the page that calls this is rate-limited)."""
    normalized = rules.normalize_code(code)
    opinion = Opinion.objects.filter(code=normalized).first() if normalized else None
    if opinion is None:
        raise NotFound(_("查询码无效或不存在"))
    if rating not in Rating.values:
        raise ApplicationError(_("请选择满意、基本满意或不满意"), field="rating")
    comment = _text(comment, "comment", limit=500, required=False)
    rated = OpinionRating.objects.filter(opinion=opinion).exists()
    if not rules.can_rate(opinion.status, rated, opinion.closed_on, _today()):
        if rated:
            raise ApplicationError(_("该意见已评价过"), code="already_rated", status=409)
        raise ApplicationError(
            _("反馈后 %(n)s 天内可以评价") % {"n": rules.RATING_DAYS}, code="not_open", status=409
        )
    try:
        with transaction.atomic():
            row = OpinionRating.objects.create(opinion=opinion, rating=rating, comment=comment)
            event_record(actor=None, action="opinion_rate", obj=opinion, changes={"rating": rating})
    except IntegrityError as exc:  # a second rating at the same moment
        raise ApplicationError(_("该意见已评价过"), code="already_rated", status=409) from exc
    return row
