"""Investigations of a specific question (特定问题调查, 监督法 第七章 第五十五至五十九条): proposed by the
council of chairpersons, or in writing by one fifth or more of the standing committee's members (signed on
their own accounts before the deadline); the council puts it on a standing-committee meeting, which decides
by more than half of ALL members; the committee of investigation (members of the standing committee, no
interested one, and experts), its hearings and evidence, its report, the standing committee's resolution on
it, publication. Every step is checked against INVESTIGATION_WORKFLOW under the row's lock and audited."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine, uploads
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.deputies.models import Deputy
from renda.meetings.choices import AgendaKind
from renda.organization import selectors as organization_selectors
from renda.supervision import rules
from renda.supervision.models import (
    CommitteeRole,
    Investigation,
    InvestigationConflict,
    InvestigationEvidence,
    InvestigationHearing,
    InvestigationMember,
    MotionSignature,
)
from renda.supervision.services import _text
from renda.supervision.services._motions import (
    _counts,
    _deadline,
    _decided,
    _filed,
    _method,
    _motion_poll,
    _notify,
    _opened,
    _poll_closed,
    _proposer,
    _serving,
    _session,
    _signatory_user_ids,
    _signed,
    _signed_by,
)
from renda.supervision.services._steps import _acquire, _moved, _on_agenda

EVIDENCE = uploads.INVESTIGATION_EVIDENCE
RESOLUTION_COUNTS = ["res_members", "res_yes", "res_no", "res_abstain"]


def _url(obj: Investigation) -> str:
    return f"/supervision/investigations/{obj.pk}/"


# --- the proposal and its signatures ------------------------------------------------------------------


def investigation_create(
    *, actor: ActorLike, title: str, reasons: str, by_council: bool = False
) -> Investigation:
    """A proposal: by a member of the standing committee (a draft, to be signed by one fifth or more of the
    members), or the council of chairpersons' own (recorded by a leader or the staff; proposed at once,
    第五十五条: the council needs no signatures)."""
    actor = as_actor(actor)
    title = _text(title, field="title", label=_("案由"), max_length=200)
    reasons = _text(reasons, field="reasons", label=_("调查的特定问题和理由"), max_length=20000)
    fields = _proposer(actor, by_council, "proposed")
    with transaction.atomic():
        obj = Investigation.objects.create(title=title, reasons=reasons, by_council=by_council, **fields)
        event_record(
            actor=actor,
            action="supervision_investigation_create",
            obj=obj,
            changes={"by_council": by_council, "status": obj.status},
        )
    return obj


def investigation_open(
    *, actor: ActorLike, investigation_id: int | Investigation, deadline: dt.datetime
) -> Investigation:
    """The lead opens the proposal to every member's signature until `deadline`; the one fifth needed is
    fixed now from the members serving (rules.one_fifth); the lead's own signature counts."""
    actor = as_actor(actor)
    deadline = _deadline(deadline)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "open")
        return _opened(
            actor,
            obj,
            deadline,
            action="supervision_investigation_open",
            title=_("特定问题调查提议征集联名：%(title)s"),
            url=_url(obj),
        )


def investigation_sign(*, actor: ActorLike, investigation_id: int | Investigation) -> MotionSignature:
    """A member signs on their own account before the deadline (once; the row lock serialises signatures)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "sign")
        return _signed_by(actor, obj, action="supervision_investigation_sign")


def investigation_file(*, actor: ActorLike, investigation_id: int | Investigation) -> Investigation:
    """Filed once one fifth or more of the members signed in time (the guard)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "file")
        return _filed(actor, obj, action="supervision_investigation_file")


def investigation_lapse(*, actor: ActorLike, investigation_id: int | Investigation) -> Investigation:
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "lapse")
        return _moved(
            actor,
            obj,
            "lapse",
            action="supervision_investigation_lapse",
            fields=[],
            changes={"signed": _signed(obj)},
        )


def investigation_withdraw(*, actor: ActorLike, investigation_id: int | Investigation) -> Investigation:
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "withdraw")
        return _moved(
            actor, obj, "withdraw", action="supervision_investigation_withdraw", fields=[], changes={}
        )


# --- the standing committee's decision -----------------------------------------------------------------


def investigation_schedule(
    *, actor: ActorLike, investigation_id: int | Investigation, meeting_id: int
) -> Investigation:
    """The council decided to put the proposal on a standing-committee meeting: an agenda item of the
    meeting (renda.meetings), recorded by the staff."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "schedule")
        return _on_agenda(
            actor,
            obj,
            _session(obj.term_id, meeting_id),
            "schedule",
            action="supervision_investigation_schedule",
            kind=AgendaKind.RESOLUTION,
            title=_("关于组织%(title)s特定问题调查委员会的决定（草案）") % {"title": obj.title},
            fields=("meeting", "agenda_item"),
            item_in_changes=True,
        )


def investigation_decide(
    *,
    actor: ActorLike,
    investigation_id: int | Investigation,
    members: int,
    yes: int,
    no: int,
    abstain: int,
    voted_on: dt.date | None = None,
) -> Investigation:
    """The meeting's vote as counted: the committee of investigation is set up when yes is more than half
    of ALL members (rules.committee_decides), else the proposal is not adopted."""
    actor = as_actor(actor)
    counted = _counts(members, yes, no, abstain)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "decide")
        _established(
            actor, obj, counted, voted_on or timezone.localdate(), step="decide",
            action="supervision_investigation_decide", changes={},
        )  # fmt: skip
    return obj


def _established(
    actor: Actor, obj: Investigation, counted: tuple, day: dt.date, *, step: str, action: str, changes: dict
) -> Investigation:
    """The meeting's count recorded (entered, or the poll's): the committee set up when it passed."""
    members, yes, no, abstain, passed = counted
    obj.vote_members, obj.vote_yes, obj.vote_no, obj.vote_abstain = members, yes, no, abstain
    obj.decided_on = day
    obj.established_on = day if passed else None
    _decided(
        actor,
        obj,
        "established" if passed else "not_established",
        step=step,
        action=action,
        fields=["vote_members", "vote_yes", "vote_no", "vote_abstain", "decided_on", "established_on"],
        changes={**changes, "members": members, "yes": yes, "no": no, "abstain": abstain, "passed": passed},
    )
    _notify(
        _signatory_user_ids(obj),
        (_("常务委员会决定组织调查委员会：%(t)s") if passed else _("特定问题调查提议未通过：%(t)s"))
        % {"t": obj.title},
        _url(obj),
    )
    return obj


def investigation_vote_open(
    *, actor: ActorLike, investigation_id: int | Investigation, method: str = "electronic"
) -> Investigation:
    """The vote at the meeting on the members' devices instead of counts entered by hand: a motion poll of
    the voting engine on the proposal's agenda item (the engine checks the meeting is in progress and
    quorate; the members cast on the voting pages)."""
    actor = as_actor(actor)
    method = _method(method)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "open_vote")
        title = _("关于组织%(title)s特定问题调查委员会的决定（草案）") % {"title": obj.title}
        obj.poll = _motion_poll(actor, obj.agenda_item_id, title, method)
        return _moved(
            actor,
            obj,
            "open_vote",
            action="supervision_investigation_open_vote",
            fields=["poll"],
            changes={"poll": obj.poll.pk, "method": method},
        )


def investigation_vote_close(*, actor: ActorLike, investigation_id: int | Investigation) -> Investigation:
    """The poll closed by the engine and its count decided as entered counts are (more than half of ALL
    members, rules.committee_decides); a void vote leaves the proposal on the agenda for a new vote."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "close_vote")
        counted, poll_id = _poll_closed(
            actor, obj, "poll", step="close_vote", action="supervision_investigation_close_vote"
        )
        if counted is not None:
            _established(
                actor,
                obj,
                counted,
                timezone.localdate(),
                step="close_vote",
                action="supervision_investigation_close_vote",
                changes={"poll": poll_id},
            )
    return obj


# --- the committee of investigation -------------------------------------------------------------------


def investigation_declare_conflict(
    *, actor: ActorLike, investigation_id: int | Investigation, deputy_id: int, reason: str
) -> InvestigationConflict:
    """A member's interest in the question, as recorded by the staff (they may not then serve on the
    committee)."""
    actor = as_actor(actor)
    reason = _text(reason, field="reason", label=_("利害关系"), max_length=500)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "declare_conflict")
        return _conflict_recorded(actor, obj, deputy_id, reason, own=False)


def investigation_declare_own_interest(
    *, actor: ActorLike, investigation_id: int | Investigation, reason: str
) -> InvestigationConflict:
    """A member of the standing committee declares their own interest in the question (第五十六条: an
    interested member may not sit on the committee), from the investigation's page."""
    actor = as_actor(actor)
    reason = _text(reason, field="reason", label=_("利害关系"), max_length=500)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "declare_own_interest")
        assert actor.deputy_id is not None  # the table: a serving member (a deputy)
        return _conflict_recorded(actor, obj, actor.deputy_id, reason, own=True)


def _conflict_recorded(
    actor: Actor, obj: Investigation, deputy_id: int, reason: str, *, own: bool
) -> InvestigationConflict:
    if not Deputy.objects.filter(pk=deputy_id).exists():
        raise ApplicationError(_("组成人员：请选择"), field="deputy_id")
    if obj.members.filter(deputy_id=deputy_id).exists():
        raise ApplicationError(_("该组成人员已是调查委员会成员"), field="deputy_id", status=409)
    row, created = InvestigationConflict.objects.get_or_create(
        investigation=obj, deputy_id=deputy_id, defaults={"reason": reason, "recorded_by": actor.user}
    )
    if not created:
        raise ApplicationError(_("已登记该组成人员的利害关系"), field="deputy_id", status=409)
    event_record(
        actor=actor,
        action="supervision_investigation_conflict",
        obj=obj,
        changes={"deputy": deputy_id, "reason": reason, "own": own},
    )
    return row


def investigation_add_member(
    *,
    actor: ActorLike,
    investigation_id: int | Investigation,
    role: str,
    deputy_id: int | None = None,
    name: str = "",
    affiliation: str = "",
) -> InvestigationMember:
    """A seat on the committee (rules.committee_seat_allowed): a chair, vice chair or member from the
    standing committee's members serving now, none who declared an interest; an expert by name."""
    actor = as_actor(actor)
    if role not in CommitteeRole.values:
        raise ApplicationError(_("职务：请选择"), field="role")
    affiliation = _text(affiliation, field="affiliation", label=_("工作单位"), max_length=100, required=False)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "add_member")
        deputy = Deputy.objects.filter(pk=deputy_id).first() if deputy_id else None
        if role != CommitteeRole.EXPERT and deputy is None:
            raise ApplicationError(_("组成人员：请选择"), field="deputy_id")
        if deputy is not None:
            interested = obj.conflicts.filter(deputy=deputy).exists()
            if interested:
                raise ApplicationError(
                    _("%(name)s已申报与调查的问题有利害关系，不得担任调查委员会成员") % {"name": deputy.name},
                    field="deputy_id",
                    code="conflict",
                )
            on_committee = deputy.pk in _serving(obj.term_id)
            if not rules.committee_seat_allowed(role, on_standing_committee=on_committee, interested=False):
                raise ApplicationError(
                    _("主任委员、副主任委员和委员须为本届常务委员会组成人员"), field="deputy_id"
                )
            if obj.members.filter(deputy=deputy).exists():
                raise ApplicationError(_("该人员已是调查委员会成员"), field="deputy_id", status=409)
            name = deputy.name
        else:
            name = _text(name, field="name", label=_("专家姓名"), max_length=50)
        if role == CommitteeRole.CHAIR and obj.members.filter(role=CommitteeRole.CHAIR).exists():
            raise ApplicationError(_("调查委员会已有主任委员"), field="role", status=409)
        row = InvestigationMember.objects.create(
            investigation=obj, deputy=deputy, name=name, affiliation=affiliation, role=role
        )
        event_record(
            actor=actor,
            action="supervision_investigation_member",
            obj=obj,
            changes={"deputy": deputy.pk if deputy else None, "name": name, "role": role},
        )
    return row


def investigation_start(*, actor: ActorLike, investigation_id: int | Investigation) -> Investigation:
    """The committee begins its investigation (it has a chair: the guard)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "start")
        return _moved(actor, obj, "start", action="supervision_investigation_start", fields=[], changes={})


def investigation_record_hearing(
    *,
    actor: ActorLike,
    investigation_id: int | Investigation,
    held_on: dt.date,
    witnesses: str,
    summary: str,
) -> InvestigationHearing:
    """A hearing: the day, the bodies and people who gave evidence (第五十七条), what was found."""
    actor = as_actor(actor)
    if not isinstance(held_on, dt.date) or held_on > timezone.localdate():
        raise ApplicationError(_("调查日期：请填写不晚于今天的日期"), field="held_on")
    witnesses = _text(witnesses, field="witnesses", label=_("提供材料、接受询问的单位和人员"), max_length=500)
    summary = _text(summary, field="summary", label=_("调查情况"), max_length=20000)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "record_hearing")
        row = InvestigationHearing.objects.create(
            investigation=obj, held_on=held_on, witnesses=witnesses, summary=summary, recorded_by=actor.user
        )
        event_record(
            actor=actor,
            action="supervision_investigation_hearing",
            obj=obj,
            changes={"held_on": held_on, "witnesses": witnesses},
        )
    return row


def investigation_add_evidence(
    *, actor: ActorLike, investigation_id: int | Investigation, title: str, file: Any
) -> InvestigationEvidence:
    """A piece of evidence: checked by content (an allow-list, a size cap: renda.core.uploads) before
    anything is stored; stored under a random name."""
    actor = as_actor(actor)
    title = _text(title, field="title", label=_("材料名称"), max_length=200)
    name = uploads.check_upload(file, EVIDENCE, field="file")
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "add_evidence")
        row = InvestigationEvidence(
            investigation=obj, title=title, file_name=name[:200], uploaded_by=actor.user
        )
        file.seek(0)
        ext = os.path.splitext(name)[1].lower()
        row.file.save(f"{secrets.token_hex(8)}{ext}", ContentFile(file.read()), save=False)
        row.save()
        event_record(
            actor=actor,
            action="supervision_investigation_evidence",
            obj=obj,
            changes={"title": title, "file": name},
        )
    return row


# --- the report, the resolution, publication ------------------------------------------------------------


def investigation_report(
    *, actor: ActorLike, investigation_id: int | Investigation, text: str
) -> Investigation:
    """The committee's report of investigation to the standing committee (第五十八条)."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("调查报告"), max_length=50000)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "report")
        obj.report_text, obj.reported_on = text, timezone.localdate()
        return _moved(
            actor,
            obj,
            "report",
            action="supervision_investigation_report",
            fields=["report_text", "reported_on"],
            changes={},
        )


def investigation_schedule_report(
    *, actor: ActorLike, investigation_id: int | Investigation, meeting_id: int
) -> Investigation:
    """The council puts the report on a standing-committee meeting's agenda."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "schedule_report")
        return _on_agenda(
            actor,
            obj,
            _session(obj.term_id, meeting_id),
            "schedule_report",
            action="supervision_investigation_schedule_report",
            kind=AgendaKind.REPORT,
            title=_("审议关于%(title)s的调查报告") % {"title": obj.title},
            fields=("report_meeting", "report_agenda_item"),
        )


def investigation_resolve(
    *,
    actor: ActorLike,
    investigation_id: int | Investigation,
    text: str,
    members: int,
    yes: int,
    no: int,
    abstain: int,
) -> Investigation:
    """The standing committee's resolution on the report (第五十八条: it may make a resolution or decision
    on the report): its text and the vote; adopted when yes is more than half of ALL members."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("决议"), max_length=20000)
    counted = _counts(members, yes, no, abstain)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "resolve")
        obj.resolution_text = text
        return _resolved(
            actor, obj, counted, step="resolve", action="supervision_investigation_resolve",
            fields=["resolution_text"], changes={},
        )  # fmt: skip


def _resolved(
    actor: Actor, obj: Investigation, counted: tuple, *, step: str, action: str, fields: list, changes: dict
) -> Investigation:
    """The resolution's count recorded (entered, or the poll's), adopted or not."""
    members, yes, no, abstain, passed = counted
    obj.resolution_passed, obj.resolved_on = passed, timezone.localdate()
    obj.res_members, obj.res_yes, obj.res_no, obj.res_abstain = members, yes, no, abstain
    return _decided(
        actor,
        obj,
        "resolved",
        step=step,
        action=action,
        fields=[
            *fields,
            "resolution_passed",
            "resolved_on",
            "res_members",
            "res_yes",
            "res_no",
            "res_abstain",
        ],
        changes={**changes, "members": members, "yes": yes, "no": no, "abstain": abstain, "passed": passed},
    )


def investigation_resolution_vote_open(
    *, actor: ActorLike, investigation_id: int | Investigation, text: str, method: str = "electronic"
) -> Investigation:
    """The draft resolution on the report put to the members' devices: its text kept, a motion poll of the
    voting engine on the report's agenda item opened."""
    actor = as_actor(actor)
    text = _text(text, field="text", label=_("决议"), max_length=20000)
    method = _method(method)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "open_resolution_vote")
        title = _("关于%(title)s调查报告的决议（草案）") % {"title": obj.title}
        obj.resolution_text = text
        obj.res_poll = _motion_poll(actor, obj.report_agenda_item_id, title, method)
        return _moved(
            actor,
            obj,
            "open_resolution_vote",
            action="supervision_investigation_open_resolution_vote",
            fields=["resolution_text", "res_poll"],
            changes={"poll": obj.res_poll.pk, "method": method},
        )


def investigation_resolution_vote_close(
    *, actor: ActorLike, investigation_id: int | Investigation
) -> Investigation:
    """The resolution's poll closed by the engine: adopted when yes is more than half of ALL members (the
    count recorded either way, as `investigation_resolve` records it); a void vote is taken again."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "close_resolution_vote")
        counted, poll_id = _poll_closed(
            actor,
            obj,
            "res_poll",
            step="close_resolution_vote",
            action="supervision_investigation_close_resolution_vote",
        )
        if counted is not None:
            _resolved(
                actor,
                obj,
                counted,
                step="close_resolution_vote",
                action="supervision_investigation_close_resolution_vote",
                fields=[],
                changes={"poll": poll_id},
            )
    return obj


def investigation_publish(*, actor: ActorLike, investigation_id: int | Investigation) -> Investigation:
    """The report and the resolution published to the deputies and the public (第五十九条)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Investigation, investigation_id, "publish")
        obj.published_on = timezone.localdate()
        return _moved(
            actor,
            obj,
            "publish",
            action="supervision_investigation_publish",
            fields=["published_on"],
            changes={},
        )


def report_document(*, actor: ActorLike, investigation_id: int | Investigation) -> bytes:
    """调查报告 (GB/T 9704) once reported; its making is in the audit trail."""
    from renda.supervision import documents

    actor = as_actor(actor)
    obj = spine.get_visible(Investigation, actor, investigation_id)
    if obj.reported_on is None:
        raise ApplicationError(_("调查报告尚未提出"), code="wrong_state", status=409)
    congress = organization_selectors.congress_name()
    issuer = _("%(congress)s常务委员会") % {"congress": congress} if congress else _("人大常委会")
    content = documents.investigation_report_docx(
        obj, members=list(obj.members.order_by("id")), issuer=issuer, today=timezone.localdate()
    )
    with transaction.atomic():
        event_record(actor=actor, action="supervision_investigation_report_docx", obj=obj)
    return content
