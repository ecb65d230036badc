"""What the services of investigation proposals and removal motions share: the lock-and-check, the
signing by one fifth or more of the members (rules.one_fifth), the standing committee's counted vote
(rules.committee_decides: more than half of ALL members), notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Notification
from renda.core.services import event_record
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.meetings.choices import SessionKind
from renda.meetings.models import Session
from renda.organization.models import Term
from renda.supervision import rules
from renda.supervision.models import Investigation, MotionSignature, RemovalMotion
from renda.supervision.permissions_investigations import can_propose_for_council
from renda.supervision.services._steps import _moved
from renda.voting import services as voting
from renda.voting.choices import PollKind, PollMethod
from renda.voting.models import Poll

M = TypeVar("M", Investigation, RemovalMotion)
MAX_COUNT = 1000


def _decided(
    actor: Actor, obj: M, state: str, *, action: str, fields: list[str], changes: dict, step: str = "decide"
) -> M:
    """The state the vote chose (the table's `decided` for `step`) saved with `fields`, and the Event
    `action`."""
    return _moved(actor, obj, step, action=action, fields=fields, changes=changes, state=state)


def _notify(user_ids: Iterable[int | None], title: str, url: str) -> None:
    ids = sorted({u for u in user_ids if u})
    if ids:
        transaction.on_commit(
            lambda: Notification.objects.bulk_create(
                [Notification(user_id=u, title=title[:200], url=url) for u in ids]
            )
        )


def _serving(term_id: int) -> list[int]:
    """The deputies serving on the term's standing committee today (组成人员)."""
    return list(
        StandingCommitteeMember.objects.filter(
            standing_committee__term_id=term_id, end_date__isnull=True
        ).values_list("deputy_id", flat=True)
    )


def _membership(actor: Actor, refusal: str = "") -> StandingCommitteeMember:
    """The actor's seat on the current term's standing committee, else refused (with `refusal`)."""
    seat = (
        StandingCommitteeMember.objects.filter(
            deputy_id=actor.deputy_id, end_date__isnull=True, standing_committee__term__is_current=True
        )
        .select_related("standing_committee")
        .first()
        if actor.deputy_id
        else None
    )
    if seat is None:
        raise PermissionDenied(refusal or _("只有本届常务委员会组成人员可以提出"))
    return seat


def _deadline(deadline: Any) -> dt.datetime:
    if not isinstance(deadline, dt.datetime) or timezone.is_naive(deadline):
        raise ApplicationError(_("联名截止时间：请填写日期和时间"), field="deadline")
    if deadline <= timezone.now():
        raise ApplicationError(_("联名截止时间：须晚于现在"), field="deadline")
    return deadline


def _open_signing(obj: M, deadline: dt.datetime) -> dict:
    """Under the lock: the deadline, the members counted now and the one fifth they need (rules.one_fifth);
    the lead's own signature. Returns the Event's changes."""
    members = len(_serving(obj.term_id))
    if members < 1:
        raise ApplicationError(_("本届常务委员会还没有组成人员"), code="no_members", status=409)
    need = rules.one_fifth(members)
    obj.sign_deadline, obj.members_total, obj.signers_needed = deadline, members, need
    field = "investigation" if isinstance(obj, Investigation) else "removal"
    assert obj.lead_id is not None  # opened by its lead (the table's scope)
    MotionSignature.objects.create(**{field: obj}, deputy_id=obj.lead_id, signed_at=timezone.now())
    return {"members": members, "needed": need, "deadline": deadline.isoformat()}


def _add_signature(actor: Actor, obj: M) -> MotionSignature:
    """Under the parent's lock (one signature at a time per motion): the actor's signature, once. A second
    signature of the same member is refused (checked here, and by the unique constraint should two
    transactions ever pass the check together)."""
    if actor.deputy_id is None:
        raise PermissionDenied(_("只有本届常务委员会组成人员可以联名"))
    field = "investigation" if isinstance(obj, Investigation) else "removal"
    if MotionSignature.objects.filter(**{field: obj}, deputy_id=actor.deputy_id).exists():
        raise ApplicationError(_("您已联名"), code="duplicate", status=409)
    try:
        with transaction.atomic():
            return MotionSignature.objects.create(
                **{field: obj}, deputy_id=actor.deputy_id, signed_at=timezone.now()
            )
    except IntegrityError as exc:
        raise ApplicationError(_("您已联名"), code="duplicate", status=409) from exc


def _opened(actor: Actor, obj: M, deadline: dt.datetime, *, action: str, title: str, url: str) -> M:
    """Under the lock: the motion opened to every member's signature (_open_signing), the Event `action`,
    and every other member told (`title`, a message with the motion's %(title)s)."""
    changes = _open_signing(obj, deadline)
    _moved(
        actor,
        obj,
        "open",
        action=action,
        fields=["sign_deadline", "members_total", "signers_needed"],
        changes=changes,
    )
    _notify(
        [u for u in _member_user_ids(obj.term_id) if u != actor.user_id], title % {"title": obj.title}, url
    )
    return obj


def _signed_by(actor: Actor, obj: M, *, action: str) -> MotionSignature:
    """Under the lock: the actor's signature (_add_signature) and the Event `action` with the count."""
    row = _add_signature(actor, obj)
    event_record(
        actor=actor,
        action=action,
        obj=obj,
        changes={"deputy": row.deputy_id, "signed": _signed(obj), "needed": obj.signers_needed},
    )
    return row


def _filed(actor: Actor, obj: M, *, action: str) -> M:
    """Under the lock: filed now (the guard found one fifth or more signed in time)."""
    obj.filed_at = timezone.now()
    return _moved(actor, obj, "file", action=action, fields=["filed_at"], changes={"signed": _signed(obj)})


def _signed(obj: M) -> int:
    qs = obj.signatures.all()
    if obj.sign_deadline is not None:
        qs = qs.filter(signed_at__lte=obj.sign_deadline)
    return qs.count()


def _signatory_user_ids(obj: M) -> list[int]:
    return list(
        Deputy.objects.filter(pk__in=obj.signatures.values("deputy_id")).values_list("user_id", flat=True)
    )


def _member_user_ids(term_id: int) -> list[int]:
    return list(Deputy.objects.filter(pk__in=_serving(term_id)).values_list("user_id", flat=True))


def _proposer(actor: Actor, by_council: bool, status: str) -> dict[str, Any]:
    """The new row's term and proposer: the council's own (a leader or the staff records it; the current
    term, `status` at once, filed now) or a member's draft (their term, their lead)."""
    if by_council:
        if not can_propose_for_council(actor):
            raise PermissionDenied(_("只有主任会议成员或人大工作人员可以登记主任会议的提议"))
        term = Term.objects.filter(is_current=True).order_by("-start_date").first()
        if term is None:
            raise ApplicationError(_("没有本届的届次"), code="no_term", status=409)
        return {"term": term, "status": status, "filed_at": timezone.now()}
    seat = _membership(actor)
    return {"term_id": seat.standing_committee.term_id, "lead_id": seat.deputy_id}


def _session(term_id: int, meeting_id: Any, field: str = "meeting_id") -> Session:
    session = (
        Session.objects.filter(pk=meeting_id, kind=SessionKind.STANDING_COMMITTEE, term_id=term_id).first()
        if isinstance(meeting_id, int) and not isinstance(meeting_id, bool)
        else None
    )
    if session is None:
        raise ApplicationError(_("会议：请选择本届常务委员会会议"), field=field)
    return session


def _counts(members: Any, yes: Any, no: Any, abstain: Any) -> tuple[int, int, int, int, bool]:
    """The meeting's counts checked: whole numbers, at least one member, yes + no + abstain ≤ members;
    passed when yes is more than half of ALL members (rules.committee_decides)."""
    values = {"members": members, "yes": yes, "no": no, "abstain": abstain}
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            raise ApplicationError(_("表决票数：请填写非负整数"), field=name)
    if members < 1:
        raise ApplicationError(_("组成人员总数：请填写正整数"), field="members")
    if yes + no + abstain > members:
        raise ApplicationError(_("赞成、反对、弃权票数之和超过组成人员总数"), field="abstain")
    return members, yes, no, abstain, rules.committee_decides(yes, members)


# --- the vote on the members' devices (a poll of the voting engine on the agenda item) ---------------------


def _method(value: Any) -> str:
    if value not in PollMethod.values:
        raise ApplicationError(_("表决方式：请选择电子表决或纸质表决"), field="method")
    return str(value)


def _motion_poll(actor: Actor, item_id: int | None, title: str, method: str) -> Poll:
    """A motion poll (not secret: the standing committee's members vote on their devices by name) on the
    agenda item, opened; the engine refuses it unless the meeting is in progress and quorate."""
    assert item_id is not None  # scheduled: the table's state guarantees the agenda item
    poll = voting.poll_create(
        actor=actor, item_id=item_id, kind=PollKind.MOTION, title=title[:200], secret=False, method=method
    )
    return voting.poll_open(actor=actor, poll_id=poll.pk)


def _closed_counts(actor: Actor, poll_id: int | None) -> tuple[int, int, int, int, bool] | None:
    """The poll closed by the engine and its counts, checked and decided as entered counts are (the base is
    the meeting's roll: ALL members); None when the engine found the vote void (a paper vote whose ballots
    outnumber those issued: it is taken again)."""
    assert poll_id is not None  # the guard: a poll is open
    result = voting.poll_close(actor=actor, poll_id=poll_id).result
    if result.get("void"):
        return None
    return _counts(
        int(result["total_entitled"]), int(result["yes"]), int(result["no"]), int(result["abstain"])
    )


def _poll_closed(
    actor: Actor, obj: M, field: str, *, step: str, action: str
) -> tuple[tuple[int, int, int, int, bool] | None, int | None]:
    """(the counts, the poll's id) of the poll in `field`, closed by the engine; a void vote clears the
    field, saves it with the Event `action` (the state unchanged: the vote is taken again) and answers no
    counts."""
    poll_id = getattr(obj, f"{field}_id")
    counted = _closed_counts(actor, poll_id)
    if counted is None:
        setattr(obj, field, None)
        _moved(actor, obj, step, action=action, fields=[field], changes={"poll": poll_id, "void": True})
    return counted, poll_id
