"""Removal motions (撤职案, 地方组织法 第五十条; 监督法): moved by the council of chairpersons or jointly in
writing by one fifth or more of the standing committee's members, naming an office holder from the register
of office holders (renda.appointments); put on a standing-committee meeting as a removal list through
renda.appointments' own services (its list, its agenda item); decided by more than half of ALL members; a
passed removal ends the tenure in the register (appointments' rules.tenures: a passed removal ends it).
Nothing here writes appointments' rows: only its services do."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.appointments import rules as appointment_rules
from renda.appointments import selectors as appointment_selectors
from renda.appointments import services as appointments
from renda.appointments.models import Action, Result, VoteMode
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.supervision.models import MotionSignature, RemovalMotion
from renda.supervision.services import _text
from renda.supervision.services._motions import (
    _closed_counts,
    _counts,
    _deadline,
    _decided,
    _filed,
    _notify,
    _opened,
    _proposer,
    _session,
    _signatory_user_ids,
    _signed,
    _signed_by,
)
from renda.supervision.services._steps import _acquire, _moved
from renda.voting import services as voting


def _url(obj: RemovalMotion) -> str:
    return f"/supervision/removals/{obj.pk}/"


def holders() -> list:
    """The office holders a removal may name: the register's current tenures (appointments' selector)."""
    return [p for _t, p in appointment_selectors.holders(current=True)]


def removal_create(
    *, actor: ActorLike, holder_id: int, reasons: str, by_council: bool = False
) -> RemovalMotion:
    """A removal motion naming a current office holder from the register, with its reasons: by a member (a
    draft, to be signed by one fifth or more of the members) or the council's own (filed at once)."""
    actor = as_actor(actor)
    reasons = _text(reasons, field="reasons", label=_("撤职理由"), max_length=20000)
    holder = next((p for p in holders() if p.pk == holder_id), None)
    if holder is None:
        raise ApplicationError(_("被提请撤职人员：请从任职名册中选择在任人员"), field="holder_id")
    fields = _proposer(actor, by_council, "filed")
    with transaction.atomic():
        obj = RemovalMotion.objects.create(
            title=_("关于撤销%(name)s%(post)s职务的议案") % {"name": holder.name, "post": holder.post},
            reasons=reasons,
            by_council=by_council,
            holder=holder,
            holder_name=holder.name,
            post=holder.post,
            **fields,
        )
        event_record(
            actor=actor,
            action="supervision_removal_create",
            obj=obj,
            changes={"person": holder.name, "post": holder.post, "by_council": by_council},
        )
    return obj


def removal_open(
    *, actor: ActorLike, removal_id: int | RemovalMotion, deadline: dt.datetime
) -> RemovalMotion:
    """The lead opens the motion to every member's signature until `deadline` (one fifth needed)."""
    actor = as_actor(actor)
    deadline = _deadline(deadline)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "open")
        return _opened(
            actor,
            obj,
            deadline,
            action="supervision_removal_open",
            title=_("撤职案征集联名：%(title)s"),
            url=_url(obj),
        )


def removal_sign(*, actor: ActorLike, removal_id: int | RemovalMotion) -> MotionSignature:
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "sign")
        return _signed_by(actor, obj, action="supervision_removal_sign")


def removal_file(*, actor: ActorLike, removal_id: int | RemovalMotion) -> RemovalMotion:
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "file")
        return _filed(actor, obj, action="supervision_removal_file")


def removal_lapse(*, actor: ActorLike, removal_id: int | RemovalMotion) -> RemovalMotion:
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "lapse")
        return _moved(
            actor,
            obj,
            "lapse",
            action="supervision_removal_lapse",
            fields=[],
            changes={"signed": _signed(obj)},
        )


def removal_withdraw(*, actor: ActorLike, removal_id: int | RemovalMotion) -> RemovalMotion:
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "withdraw")
        return _moved(actor, obj, "withdraw", action="supervision_removal_withdraw", fields=[], changes={})


def removal_schedule(*, actor: ActorLike, removal_id: int | RemovalMotion, meeting_id: int) -> RemovalMotion:
    """The council put the motion on a standing-committee meeting: a removal list through appointments'
    services (the list, its one person to be removed, received, on the meeting's agenda)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "schedule")
        session = _session(obj.term_id, meeting_id)
        holder = obj.holder
        nominator = appointment_rules.NOMINATORS[appointment_rules.PostClass(holder.post_class)][0]
        case = appointments.case_create(
            actor=actor,
            title=obj.title,
            nominator=nominator.value,
            nominator_name=_("常务委员会主任会议") if obj.by_council else _("常务委员会组成人员联名"),
        )
        appointments.person_add(
            actor=actor,
            case_id=case,
            action=Action.DISMISS,
            name=holder.name,
            post=holder.post,
            post_class=holder.post_class,
        )
        appointments.case_submit(actor=actor, case_id=case.pk)
        case = appointments.case_schedule(actor=actor, case_id=case.pk, session_id=session.pk)
        obj.meeting, obj.agenda_item, obj.case = session, case.agenda_item, case
        return _moved(
            actor,
            obj,
            "schedule",
            action="supervision_removal_schedule",
            fields=["meeting", "agenda_item", "case"],
            changes={"meeting": session.pk, "case": case.pk},
        )


def removal_decide(
    *,
    actor: ActorLike,
    removal_id: int | RemovalMotion,
    members: int,
    yes: int,
    no: int,
    abstain: int,
    voted_on: dt.date | None = None,
) -> RemovalMotion:
    """The meeting's vote as counted, recorded on the removal list through appointments' case_vote (more
    than half of ALL members); a passed removal ends the tenure in the register of office holders."""
    actor = as_actor(actor)
    counted = _counts(members, yes, no, abstain)
    voted_on = voted_on or timezone.localdate()
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "decide")
        vote = {"mode": VoteMode.TOGETHER, "members_total": counted[0], "together": list(counted[1:4])}
        return _removal_decided(
            actor,
            obj,
            counted,
            voted_on,
            vote,
            step="decide",
            action="supervision_removal_decide",
            changes={},
        )


def _removal_decided(
    actor: Actor,
    obj: RemovalMotion,
    counted: tuple,
    voted_on: dt.date,
    vote: dict,
    *,
    step: str,
    action: str,
    changes: dict,
) -> RemovalMotion:
    """The vote recorded on the removal list (appointments' case_vote: `vote` its mode and counts; a passed
    removal ends the tenure) and on the motion, which the two apps must agree on."""
    members, yes, no, abstain, passed = counted
    case = obj.case
    assert case is not None  # scheduled: the list exists
    appointments.case_vote(actor=actor, case_id=case.pk, voted_on=voted_on, **vote)
    person = appointment_selectors.people(case)[0]
    if (person.result == Result.PASSED) != passed:  # the two apps apply the same rule
        raise ApplicationError(_("表决结果不一致"), code="inconsistent", status=500)
    obj.vote_members, obj.vote_yes, obj.vote_no, obj.vote_abstain = members, yes, no, abstain
    obj.decided_on = voted_on
    _decided(
        actor,
        obj,
        "removed" if passed else "not_removed",
        step=step,
        action=action,
        fields=["vote_members", "vote_yes", "vote_no", "vote_abstain", "decided_on"],
        changes={**changes, "members": members, "yes": yes, "no": no, "abstain": abstain, "passed": passed},
    )
    _notify(
        _signatory_user_ids(obj),
        (_("撤职案表决通过：%(t)s") if passed else _("撤职案未通过：%(t)s")) % {"t": obj.title},
        _url(obj),
    )
    return obj


def removal_vote_open(*, actor: ActorLike, removal_id: int | RemovalMotion) -> RemovalMotion:
    """The removal put to the members' devices: the removal list's poll (appointments' case_open_polls, one
    appointment poll naming the post) opened by the voting engine (it checks the meeting is in progress and
    quorate); the members cast on the voting pages."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "open_vote")
        case = obj.case
        assert case is not None  # scheduled: the list exists
        appointments.case_open_polls(actor=actor, case_id=case.pk)
        person = appointment_selectors.people(case)[0]
        assert person.poll_id is not None
        obj.poll = voting.poll_open(actor=actor, poll_id=person.poll_id)
        return _moved(
            actor,
            obj,
            "open_vote",
            action="supervision_removal_open_vote",
            fields=["poll"],
            changes={"poll": person.poll_id},
        )


def removal_vote_close(*, actor: ActorLike, removal_id: int | RemovalMotion) -> RemovalMotion:
    """The poll closed by the engine, its result recorded on the removal list (appointments' case_vote in
    mode "polls": more than half of ALL members; a passed removal ends the tenure) and on the motion."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, RemovalMotion, removal_id, "close_vote")
        counted = _closed_counts(actor, obj.poll_id)
        if counted is None:
            raise ApplicationError(_("电子表决无效，请由人大工作人员处理后重新表决"), status=409)
        return _removal_decided(
            actor, obj, counted, timezone.localdate(), {"mode": VoteMode.POLLS}, step="close_vote",
            action="supervision_removal_close_vote", changes={"poll": obj.poll_id},
        )  # fmt: skip
