"""Interpellations (质询案, 监督法 第五十一至五十四条): a member drafts one and invites members to sign; each
signs on their own account before the deadline; it is filed only with the statutory number of signatures
(a setting by the congress's level, never below the law's); the council decides to send it to the body;
the body answers orally at a meeting (the staff record it) or in writing signed by its head; each
signatory declares whether they are satisfied; if more than half are not, the council has it answered
again. Every step locks the row, is checked against INTERPELLATION_WORKFLOW and is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.accounts.models import RoleAssignment
from renda.core import spine
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Notification
from renda.core.roles import Role
from renda.core.services import event_record
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.meetings.choices import SessionKind
from renda.meetings.models import Session
from renda.organization import selectors as organization_selectors
from renda.organization.models import HandlingUnit, Term
from renda.supervision import rules
from renda.supervision.models import (
    AnswerForm,
    Interpellation,
    InterpellationSigner,
    SignatureStatus,
    SupervisionSettings,
)
from renda.supervision.services import _text
from renda.supervision.services._motions import _membership
from renda.supervision.services._steps import _acquire


def _notify(user_ids: Iterable[int | None], title: str, obj: Interpellation) -> None:
    ids = sorted({u for u in user_ids if u})
    if ids:
        url = f"/supervision/interpellations/{obj.pk}/"
        transaction.on_commit(
            lambda: Notification.objects.bulk_create(
                [Notification(user_id=u, title=title[:200], url=url) for u in ids]
            )
        )


def _members(term_id: int) -> Iterable[int]:
    """The deputies serving on the term's standing committee today (组成人员)."""
    return StandingCommitteeMember.objects.filter(
        standing_committee__term_id=term_id, end_date__isnull=True
    ).values_list("deputy_id", flat=True)


def signers_needed(term: Term) -> int:
    """The statutory number of signers at the term's congress (监督法 第五十一条; the setting by level)."""
    conf = SupervisionSettings.current()
    configured = {
        "province": conf.interpellation_signers_city,
        "city": conf.interpellation_signers_city,
        "county": conf.interpellation_signers_county,
    }
    return rules.interpellation_min_signers(term.congress.level, configured=configured)


def _moved(
    actor: Actor, obj: Interpellation, step: str, *, fields: list[str], changes: dict
) -> Interpellation:
    old = obj.status
    spine.set_state(obj, step)
    obj.save(update_fields=["status", "updated_at", *fields])
    event_record(
        actor=actor,
        action={
            "invite": "supervision_interpellation_invite",
            "file": "supervision_interpellation_file",
            "lapse": "supervision_interpellation_lapse",
            "withdraw": "supervision_interpellation_withdraw",
            "accept": "supervision_interpellation_accept",
            "reject": "supervision_interpellation_reject",
            "answer": "supervision_interpellation_answer",
            "request_second": "supervision_interpellation_request_second",
            "answer_again": "supervision_interpellation_answer_again",
            "close": "supervision_interpellation_close",
        }[step],
        obj=obj,
        changes={"status": [old, obj.status], **changes},
    )
    return obj


def _deputy(actor: Actor) -> int:
    """The actor's deputy id (the table granted a signer's scope, so there is one)."""
    if actor.deputy_id is None:
        raise PermissionDenied(_("只有受邀联名的组成人员可以联名"))
    return actor.deputy_id


def _signatory_user_ids(obj: Interpellation) -> list[int]:
    return list(
        Deputy.objects.filter(
            pk__in=obj.signers.filter(status=SignatureStatus.SIGNED).values("deputy_id")
        ).values_list("user_id", flat=True)
    )


def _body_user_ids(obj: Interpellation) -> list[int]:
    return list(
        RoleAssignment.objects.filter(
            unit_id=obj.body_id, role__in=[Role.UNIT_HANDLER, Role.UNIT_LEADER]
        ).values_list("user_id", flat=True)
    )


# --- drafting and signing -------------------------------------------------------------------------------


def interpellation_create(*, actor: ActorLike, body_id: int, title: str, questions: str) -> Interpellation:
    """A member of the standing committee drafts an interpellation: the body questioned and the questions
    (第五十一条: 写明质询对象、质询的问题和内容)."""
    actor = as_actor(actor)
    membership = _membership(actor, _("只有本届常务委员会组成人员可以提出质询案"))
    title = _text(title, field="title", label=_("案由"), max_length=200)
    questions = _text(questions, field="questions", label=_("质询的问题和内容"), max_length=20000)
    body = HandlingUnit.objects.filter(pk=body_id, is_active=True).first() if body_id else None
    if body is None:
        raise ApplicationError(_("被质询机关：请选择"), field="body_id")
    with transaction.atomic():
        obj = Interpellation.objects.create(
            term_id=membership.standing_committee.term_id,
            title=title,
            body=body,
            questions=questions,
            lead_id=membership.deputy_id,
        )
        event_record(
            actor=actor, action="supervision_interpellation_create", obj=obj, changes={"body": body.pk}
        )
    return obj


def interpellation_invite(
    *,
    actor: ActorLike,
    interpellation_id: int | Interpellation,
    deputy_ids: Iterable[int],
    deadline: dt.datetime,
) -> Interpellation:
    """The lead invites members to sign before `deadline`; the lead's own signature is recorded now. As
    many members must be invited as the law needs (the lead counts)."""
    actor = as_actor(actor)
    try:
        ids = sorted({int(i) for i in deputy_ids})
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("联名人：请选择常务委员会组成人员"), field="deputy_ids") from exc
    if not isinstance(deadline, dt.datetime) or timezone.is_naive(deadline):
        raise ApplicationError(_("联名截止时间：请填写日期和时间"), field="deadline")
    if deadline <= timezone.now():
        raise ApplicationError(_("联名截止时间：须晚于现在"), field="deadline")
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "invite")
        ids = [i for i in ids if i != obj.lead_id]
        members = set(_members(obj.term_id))
        if not ids or any(i not in members for i in ids):
            raise ApplicationError(_("联名人：只能邀请本届常务委员会组成人员"), field="deputy_ids")
        need = signers_needed(obj.term)
        if len(ids) + 1 < need:
            raise ApplicationError(
                _("联名人：须%(need)s人以上联名（含领衔人），只邀请了%(n)s人")
                % {"need": need, "n": len(ids) + 1},
                field="deputy_ids",
            )
        now = timezone.now()
        InterpellationSigner.objects.create(
            interpellation=obj, deputy_id=obj.lead_id, status=SignatureStatus.SIGNED, signed_at=now
        )
        InterpellationSigner.objects.bulk_create(
            [InterpellationSigner(interpellation=obj, deputy_id=i) for i in ids]
        )
        obj.sign_deadline, obj.signers_needed = deadline, need
        _moved(
            actor,
            obj,
            "invite",
            fields=["sign_deadline", "signers_needed"],
            changes={"invited": ids, "needed": need, "deadline": deadline.isoformat()},
        )
        _notify(
            Deputy.objects.filter(pk__in=ids).values_list("user_id", flat=True),
            _("质询案联名邀请：%(title)s") % {"title": obj.title},
            obj,
        )
    return obj


def interpellation_sign(
    *, actor: ActorLike, interpellation_id: int | Interpellation, accept: bool
) -> InterpellationSigner:
    """An invited member signs (before the deadline) or declines, on their own account."""
    actor = as_actor(actor)
    action = "sign" if accept else "decline"
    spine.require(actor, spine.get_visible(Interpellation, actor, interpellation_id), action, guard=False)
    with transaction.atomic():
        obj = spine.lock(Interpellation, spine.pk_of(interpellation_id))
        spine.require_locked(actor, obj, action)
        row = InterpellationSigner.objects.select_for_update().get(
            interpellation=obj, deputy_id=_deputy(actor)
        )
        if row.status != SignatureStatus.INVITED:
            raise ApplicationError(_("您已对该质询案作出答复"), code="wrong_state", status=409)
        row.status = SignatureStatus.SIGNED if accept else SignatureStatus.DECLINED
        row.signed_at = timezone.now() if accept else None
        row.save(update_fields=["status", "signed_at", "updated_at"])
        event_record(
            actor=actor,
            action="supervision_interpellation_sign" if accept else "supervision_interpellation_decline",
            obj=obj,
            changes={"deputy": row.deputy_id},
        )
    return row


def interpellation_file(*, actor: ActorLike, interpellation_id: int | Interpellation) -> Interpellation:
    """Filed (提出) once the statutory number of members signed before the deadline (the guard)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "file")
        obj.filed_at = timezone.now()
        signed = obj.signers.filter(status=SignatureStatus.SIGNED).count()
        return _moved(actor, obj, "file", fields=["filed_at"], changes={"signed": signed})


def interpellation_lapse(*, actor: ActorLike, interpellation_id: int | Interpellation) -> Interpellation:
    """The deadline passed without enough signatures: it is not tabled."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "lapse")
        return _moved(actor, obj, "lapse", fields=[], changes={})


def interpellation_withdraw(*, actor: ActorLike, interpellation_id: int | Interpellation) -> Interpellation:
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "withdraw")
        return _moved(actor, obj, "withdraw", fields=[], changes={})


# --- the council's decision and the answer -------------------------------------------------------------


def interpellation_accept(
    *,
    actor: ActorLike,
    interpellation_id: int | Interpellation,
    answer_form: str,
    meeting_id: int | None = None,
    note: str = "",
) -> Interpellation:
    """The council decides to send it to the body (第五十二条) and how it is answered (第五十三条): orally
    at a standing-committee meeting (named here; the signers may attend) or in writing."""
    actor = as_actor(actor)
    if answer_form not in AnswerForm.values:
        raise ApplicationError(_("答复方式：请选择口头答复或书面答复"), field="answer_form")
    note = _text(note, field="note", label=_("主任会议决定"), max_length=2000, required=False)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "accept")
        meeting = None
        if answer_form == AnswerForm.ORAL:
            meeting = Session.objects.filter(
                pk=meeting_id or 0, kind=SessionKind.STANDING_COMMITTEE, term_id=obj.term_id
            ).first()
            if meeting is None:
                raise ApplicationError(_("答复会议：口头答复请选择本届常务委员会会议"), field="meeting_id")
        obj.answer_form, obj.answer_meeting, obj.decision_note = answer_form, meeting, note
        obj.decided_on = timezone.localdate()
        _moved(
            actor,
            obj,
            "accept",
            fields=["answer_form", "answer_meeting", "decision_note", "decided_on"],
            changes={"answer_form": answer_form, "meeting": meeting.pk if meeting else None},
        )
        _notify(_body_user_ids(obj), _("质询案交付答复：%(title)s") % {"title": obj.title}, obj)
        _notify(_signatory_user_ids(obj), _("主任会议决定交付质询案：%(title)s") % {"title": obj.title}, obj)
    return obj


def interpellation_reject(
    *, actor: ActorLike, interpellation_id: int | Interpellation, note: str
) -> Interpellation:
    """The council decides not to send it; the reason is recorded and the signers are told."""
    actor = as_actor(actor)
    note = _text(note, field="note", label=_("不予交付的理由"), max_length=2000)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "reject")
        obj.decision_note, obj.decided_on = note, timezone.localdate()
        _moved(actor, obj, "reject", fields=["decision_note", "decided_on"], changes={})
        _notify(
            _signatory_user_ids(obj), _("主任会议决定不予交付质询案：%(title)s") % {"title": obj.title}, obj
        )
    return obj


def interpellation_answer(
    *, actor: ActorLike, interpellation_id: int | Interpellation, text: str, answered_by: str
) -> Interpellation:
    """The body's answer, by its head (第五十三条): in writing (signed by the head) or the oral answer given
    at the meeting, recorded by the staff (the policy's guard). The signatories are told."""
    actor = as_actor(actor)
    text, answered_by = _answer_input(text, answered_by)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "answer")
        obj.answer_text, obj.answered_by, obj.answered_on = text, answered_by, timezone.localdate()
        fields = ["answer_text", "answered_by", "answered_on"]
        return _answered(actor, obj, "answer", fields, answered_by)


def interpellation_answer_again(
    *, actor: ActorLike, interpellation_id: int | Interpellation, text: str, answered_by: str
) -> Interpellation:
    """The second answer the council asked for (第五十四条); the interpellation is then closed."""
    actor = as_actor(actor)
    text, answered_by = _answer_input(text, answered_by)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "answer_again")
        today = timezone.localdate()
        obj.second_answer_text, obj.second_answered_by, obj.second_answered_on = text, answered_by, today
        obj.closed_on = today
        fields = ["second_answer_text", "second_answered_by", "second_answered_on", "closed_on"]
        return _answered(actor, obj, "answer_again", fields, answered_by)


def _answer_input(text: str, answered_by: str) -> tuple[str, str]:
    return (
        _text(text, field="text", label=_("答复内容"), max_length=20000),
        _text(answered_by, field="answered_by", label=_("答复负责人"), max_length=50),
    )


def _answered(actor: Actor, obj: Interpellation, step: str, fields: list[str], by: str) -> Interpellation:
    _moved(actor, obj, step, fields=fields, changes={"answered_by": by})
    _notify(_signatory_user_ids(obj), _("质询案已答复：%(title)s") % {"title": obj.title}, obj)
    return obj


def interpellation_declare(
    *, actor: ActorLike, interpellation_id: int | Interpellation, dissatisfied: bool
) -> InterpellationSigner:
    """A signatory says whether they are satisfied with the answer (it may be changed until the council
    acts on it)."""
    actor = as_actor(actor)
    if not isinstance(dissatisfied, bool):
        raise ApplicationError(_("是否满意：请选择"), field="dissatisfied")
    spine.require(actor, spine.get_visible(Interpellation, actor, interpellation_id), "declare")
    with transaction.atomic():
        obj = spine.require_state(spine.lock(Interpellation, spine.pk_of(interpellation_id)), "declare")
        row = InterpellationSigner.objects.select_for_update().get(
            interpellation=obj, deputy_id=_deputy(actor), status=SignatureStatus.SIGNED
        )
        row.dissatisfied = dissatisfied
        row.save(update_fields=["dissatisfied", "updated_at"])
        event_record(
            actor=actor,
            action="supervision_interpellation_declare",
            obj=obj,
            changes={"deputy": row.deputy_id, "dissatisfied": dissatisfied},
        )
    return row


def interpellation_request_second(
    *, actor: ActorLike, interpellation_id: int | Interpellation
) -> Interpellation:
    """More than half of the signatories are dissatisfied (the guard, rules.second_answer_allowed): the
    council has the body answer again."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "request_second")
        votes = list(obj.signers.filter(status=SignatureStatus.SIGNED).values_list("dissatisfied", flat=True))
        _moved(
            actor,
            obj,
            "request_second",
            fields=[],
            changes={"dissatisfied": sum(1 for v in votes if v), "signers": len(votes)},
        )
        _notify(_body_user_ids(obj), _("质询案须再作答复：%(title)s") % {"title": obj.title}, obj)
    return obj


def interpellation_close(*, actor: ActorLike, interpellation_id: int | Interpellation) -> Interpellation:
    """The council closes it after the answer (no second answer asked for)."""
    actor = as_actor(actor)
    with transaction.atomic():
        obj = _acquire(actor, Interpellation, interpellation_id, "close")
        obj.closed_on = timezone.localdate()
        return _moved(actor, obj, "close", fields=["closed_on"], changes={})


def notice_document(*, actor: ActorLike, interpellation_id: int | Interpellation) -> bytes:
    """质询案答复情况通报 (GB/T 9704) once it has been answered; its making is in the audit trail."""
    from renda.supervision import documents, selectors

    actor = as_actor(actor)
    obj = spine.get_visible(Interpellation, actor, interpellation_id)
    if obj.answered_on is None:
        raise ApplicationError(_("质询案尚未答复"), code="wrong_state", status=409)
    count = selectors.signature_count(obj)
    congress = organization_selectors.congress_name()
    issuer = _("%(congress)s常务委员会办公室") % {"congress": congress} if congress else _("人大常委会办公室")
    content = documents.interpellation_notice_docx(
        obj, signers=count.signed, dissatisfied=count.dissatisfied, issuer=issuer, today=timezone.localdate()
    )
    with transaction.atomic():
        event_record(actor=actor, action="supervision_interpellation_notice_docx", obj=obj)
    return content
