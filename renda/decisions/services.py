"""Every write of decisions on major matters (MISSION.md §7, issue 17). Each action of the matter's table:
spine.require before the row lock, the state checked again under the lock, an Event in the same transaction
(labels in renda.core.event_names). The review goes on a standing-committee meeting's agenda through the
meetings service; the vote is a motion poll of the voting engine on that agenda item (more than half of ALL
members, counted by the engine on the meeting's roll).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.inputs import choice as _choice
from renda.core.inputs import past_day as _day
from renda.core.inputs import text as _text
from renda.core.services import event_record, transition
from renda.core.step_dates import later_day
from renda.decisions import rules
from renda.decisions.models import CatalogueEntry, DecisionKind, Matter, Submitter
from renda.decisions.permissions import can_manage
from renda.meetings import services as meetings
from renda.meetings.choices import AgendaKind, SessionKind, SessionStatus
from renda.meetings.models import Session
from renda.voting import services as voting
from renda.voting.choices import PollKind, PollMethod

MAX_TEXT = 100_000


def _today() -> datetime.date:
    return timezone.localdate()


def _months(value: int) -> int:
    if not isinstance(value, int) or not 1 <= value <= rules.MAX_FOLLOWUP_MONTHS:
        raise ApplicationError(
            _("执行情况报告期限为 1 至 %(n)s 个月") % {"n": rules.MAX_FOLLOWUP_MONTHS},
            field="followup_months",
        )
    return value


def _manager(actor: ActorLike):
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以办理重大事项"))
    return actor


# --- the catalogue (a setting) ---------------------------------------------------------------------------


def catalogue_add(*, actor: ActorLike, title: str, basis: str) -> CatalogueEntry:
    """A kind of matter the government must put to the standing committee, last in the list."""
    actor = _manager(actor)
    title = _text(title, "title", limit=200)
    basis = _text(basis, "basis", limit=200)
    if CatalogueEntry.objects.filter(title=title, is_active=True).exists():
        raise ApplicationError(_("目录中已有该事项"), field="title", status=409)
    with transaction.atomic():
        order = (CatalogueEntry.objects.aggregate(m=Max("order"))["m"] or 0) + 1
        entry = CatalogueEntry.objects.create(title=title, basis=basis, order=order)
        event_record(actor=actor, action="decisions_catalogue_add", obj=entry, changes={"title": title})
    return entry


def catalogue_seed(*, actor: ActorLike) -> int:
    """The default list (rules.DEFAULT_CATALOGUE) into an empty catalogue; 0 when it has entries."""
    actor = _manager(actor)
    with transaction.atomic():
        if CatalogueEntry.objects.exists():
            return 0
        CatalogueEntry.objects.bulk_create(
            CatalogueEntry(title=t, basis=b, order=i) for i, (t, b) in enumerate(rules.DEFAULT_CATALOGUE, 1)
        )
        n = len(rules.DEFAULT_CATALOGUE)
        event_record(actor=actor, action="decisions_catalogue_seed", changes={"entries": n})
    return n


def catalogue_retire(*, actor: ActorLike, entry_id: int) -> CatalogueEntry:
    """An entry no longer required (the local rule changed); matters filed under it keep it."""
    actor = _manager(actor)
    with transaction.atomic():
        entry = CatalogueEntry.objects.select_for_update().filter(pk=entry_id, is_active=True).first()
        if entry is None:
            raise ApplicationError(_("未找到该目录事项"), field="entry_id", status=404)
        entry.is_active = False
        entry.save(update_fields=["is_active", "updated_at"])
        event_record(
            actor=actor, action="decisions_catalogue_retire", obj=entry, changes={"title": entry.title}
        )
    return entry


# --- matters --------------------------------------------------------------------------------------------


def matter_create(
    *,
    actor: ActorLike,
    title: str,
    submitter: str,
    report: str,
    kind: str = DecisionKind.DECISION,
    catalogue_id: int | None = None,
    signers: int | None = None,
    submitted_on: datetime.date | None = None,
    decision_title: str = "",
    decision_text: str = "",
    followup_months: int = rules.DEFAULT_FOLLOWUP_MONTHS,
) -> Matter:
    """A matter submitted (提请) to the standing committee, with its report and, if ready, the draft
    decision."""
    actor = _manager(actor)
    submitter = _choice(submitter, Submitter, "submitter")
    entry = None
    if catalogue_id:
        entry = CatalogueEntry.objects.filter(pk=catalogue_id, is_active=True).first()
        if entry is None:
            raise ApplicationError(_("目录事项不存在或已停用"), field="catalogue_id")
    if submitter == Submitter.MEMBERS:
        if not isinstance(signers, int) or not rules.joint_members_ok(signers):
            raise ApplicationError(
                _("常委会组成人员联名提请须 %(n)s 人以上") % {"n": rules.MIN_JOINT_MEMBERS}, field="signers"
            )
    else:
        signers = None
    with transaction.atomic():
        matter = Matter.objects.create(
            title=_text(title, "title", limit=200),
            catalogue=entry,
            submitter=submitter,
            signers=signers,
            report=_text(report, "report", limit=MAX_TEXT),
            submitted_on=_day(submitted_on, "submitted_on"),
            kind=_choice(kind, DecisionKind, "kind"),
            decision_title=_text(decision_title, "decision_title", limit=200, required=False),
            decision_text=_text(decision_text, "decision_text", limit=MAX_TEXT, required=False),
            followup_months=_months(followup_months),
            created_by=user_of(actor),
        )
        event_record(
            actor=actor,
            action="decisions_matter_create",
            obj=matter,
            changes={"submitter": submitter, "catalogue": entry.pk if entry else None},
        )
    return matter


def _acquire(actor, matter_id: int | Matter, action: str, change: Callable[[Matter], dict]) -> Matter:
    """A step of the table (core.services.transition): require, lock, state, `change(row)`, one Event."""
    return transition(
        actor,
        Matter,
        matter_id,
        action,
        change,
        action={  # the step's Event
            "edit": "decisions_edit",
            "return": "decisions_return",
            "schedule": "decisions_schedule",
            "open_vote": "decisions_open_vote",
            "close_vote": "decisions_close_vote",
            "publish": "decisions_publish",
            "report": "decisions_report",
            "close": "decisions_close",
        }[action],
    )


def matter_edit(
    *,
    actor: ActorLike,
    matter_id: int | Matter,
    decision_title: str,
    decision_text: str,
    kind: str = DecisionKind.DECISION,
    followup_months: int = rules.DEFAULT_FOLLOWUP_MONTHS,
) -> Matter:
    """The draft resolution or decision (its title, text, kind and the follow-up period), before the vote."""
    decision_title = _text(decision_title, "decision_title", limit=200)
    decision_text = _text(decision_text, "decision_text", limit=MAX_TEXT)
    kind = _choice(kind, DecisionKind, "kind")
    followup_months = _months(followup_months)

    def change(m: Matter) -> dict:
        m.decision_title, m.decision_text, m.kind, m.followup_months = (
            decision_title, decision_text, kind, followup_months,
        )  # fmt: skip
        return {"decision_title": decision_title, "kind": kind, "followup_months": followup_months}

    return _acquire(actor, matter_id, "edit", change)


def matter_return(*, actor: ActorLike, matter_id: int | Matter, reason: str) -> Matter:
    """Returned to the submitter (outside the committee's powers, or the materials incomplete), with why."""
    reason = _text(reason, "reason", limit=3000)

    def change(m: Matter) -> dict:
        m.return_reason = reason
        return {"reason": reason}

    return _acquire(actor, matter_id, "return", change)


def matter_schedule(*, actor: ActorLike, matter_id: int | Matter, session_id: int) -> Matter:
    """On a standing-committee meeting's agenda (an item of the meeting), as the council of chairpersons
    decided; the draft decision is written first (the table's guard)."""
    actor = as_actor(actor)
    session = (
        Session.objects.filter(pk=session_id, kind=SessionKind.STANDING_COMMITTEE)
        .exclude(status=SessionStatus.CLOSED)
        .first()
        if session_id
        else None
    )
    if session is None:
        raise ApplicationError(_("请选择未闭会的常委会会议"), field="session_id")

    def change(m: Matter) -> dict:
        m.agenda_item = meetings.agenda_item_add(
            actor=actor,
            session_id=session.pk,
            kind=AgendaKind.RESOLUTION,
            title=_("审议%(t)s") % {"t": m.decision_title or m.title},
        )
        return {"session": session.pk, "item": m.agenda_item.pk}

    return _acquire(actor, matter_id, "schedule", change)


def vote_open(*, actor: ActorLike, matter_id: int | Matter, method: str = PollMethod.ELECTRONIC) -> Matter:
    """The vote on the draft decision opened at the meeting: a motion poll of the voting engine on the
    matter's agenda item (the engine checks the meeting is in progress and quorate)."""
    actor = as_actor(actor)
    method = _choice(method, PollMethod, "method")

    def change(m: Matter) -> dict:
        assert m.agenda_item_id is not None  # scheduled: the table's state guarantees the item
        poll = voting.poll_create(
            actor=actor, item_id=m.agenda_item_id, kind=PollKind.MOTION, title=m.decision_title,
            secret=False, method=method,
        )  # fmt: skip
        m.poll = voting.poll_open(actor=actor, poll_id=poll.pk)
        return {"poll": poll.pk, "method": method}

    return _acquire(actor, matter_id, "open_vote", change)


def vote_close(*, actor: ActorLike, matter_id: int | Matter) -> Matter:
    """The vote closed by the engine: adopted when yes is more than half of ALL members (the engine's count
    on the meeting's roll), rejected otherwise; a void paper vote goes back to the agenda for a new vote."""
    actor = as_actor(actor)

    def change(m: Matter) -> dict:
        assert m.poll_id is not None  # voting: the table's state guarantees the poll
        poll = voting.poll_close(actor=actor, poll_id=m.poll_id)
        result = poll.result
        if result.get("void"):
            m.poll = None
            return {"_to": "scheduled", "poll": poll.pk, "void": True}
        m.decided_on = _today()
        m.votes_yes, m.votes_no, m.votes_abstain = result["yes"], result["no"], result["abstain"]
        m.members_total = result["total_entitled"]
        return {
            "_to": "adopted" if result["passed"] else "rejected",
            "poll": poll.pk, "yes": m.votes_yes, "no": m.votes_no, "abstain": m.votes_abstain,
            "members_total": m.members_total, "needed": result["threshold"],
        }  # fmt: skip

    return _acquire(actor, matter_id, "close_vote", change)


def matter_publish(
    *, actor: ActorLike, matter_id: int | Matter, number: str, published_on: datetime.date | None = None
) -> Matter:
    """The resolution or decision published with its number; the implementation report falls due."""
    number = _text(number, "number", limit=50)
    published_on = _day(published_on, "published_on")
    if Matter.objects.filter(number=number).exists():
        raise ApplicationError(_("该文号已被使用"), field="number", status=409)

    def change(m: Matter) -> dict:
        dated = later_day(
            m, "published_on", published_on, after="decided_on", refused=_("公布日期不能早于表决日期")
        )
        m.number = number
        return {"number": number, **dated}

    return _acquire(actor, matter_id, "publish", change)


def matter_report(
    *, actor: ActorLike, matter_id: int | Matter, report: str, reported_on: datetime.date | None = None
) -> Matter:
    """The implementing body's report on how the decision was carried out (entered by staff)."""
    report = _text(report, "report", limit=MAX_TEXT)
    reported_on = _day(reported_on, "reported_on")

    def change(m: Matter) -> dict:
        dated = later_day(
            m, "reported_on", reported_on, after="published_on", refused=_("报告日期不能早于公布日期")
        )
        m.followup_report = report
        from renda.decisions import selectors  # the due date on the holiday calendar

        due = selectors.followup_due(m)
        return {**dated, "late_days": max(0, (reported_on - due).days) if due else 0}

    return _acquire(actor, matter_id, "report", change)


def matter_close(
    *, actor: ActorLike, matter_id: int | Matter, closed_on: datetime.date | None = None
) -> Matter:
    """The standing committee heard the implementation report: the follow-up ends."""
    closed_on = _day(closed_on, "closed_on")

    refused = _("办结日期不能早于报告日期")
    return _acquire(
        actor,
        matter_id,
        "close",
        lambda m: later_day(m, "closed_on", closed_on, after="reported_on", refused=refused),
    )
