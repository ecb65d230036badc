"""Drafting, co-signing, submission, withdrawal.

Numbering per term and kind at submission (第0123号): the term row is locked while the next number is taken,
so simultaneous submissions get distinct numbers; the unique constraint backs it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import uploads
from renda.core.actors import ActorLike, user_of
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import diff_fields, event_record
from renda.deputies.models import Deputy
from renda.meetings.models import Session
from renda.proposals import permissions, rules
from renda.proposals.choices import (
    CosignStatus,
    Kind,
    Status,
)
from renda.proposals.models import (
    Attachment,
    Cosigner,
    MotionWindow,
    Proposal,
    Topic,
)
from renda.proposals.selectors import settings_for
from renda.proposals.services._common import (
    _acquire,
    _check_file,
    _index_text,
    _manager_user_ids,
    _next_number,
    _notify,
    _required,
    _set_status,
    _unindex,
)

DRAFT_FIELDS = ("title", "content", "cause", "basis", "plan", "topic_id", "session_id")


def _validate_draft_refs(topic_id, session_id, term_id) -> None:
    if topic_id is not None and not Topic.objects.filter(pk=topic_id, is_active=True).exists():
        raise ApplicationError(_("类别：不存在或已停用"), field="topic_id")
    if session_id is not None and not Session.objects.filter(pk=session_id, term_id=term_id).exists():
        raise ApplicationError(_("会议：不存在或不属于本届"), field="session_id")


@transaction.atomic
def proposal_create_draft(
    *,
    actor: ActorLike,
    kind: str,
    title: str,
    content: str = "",
    cause: str = "",
    basis: str = "",
    plan: str = "",
    topic_id: int | None = None,
    session_id: int | None = None,
    lead_deputy_id: int | None = None,
) -> Proposal:
    """A deputy's draft, led by the actor's Deputy; staff enter one on a deputy's behalf (lead_deputy_id)."""
    if kind not in Kind.values:
        raise ApplicationError(_("类别：应为建议或议案"), field="kind")
    if lead_deputy_id is not None and lead_deputy_id != permissions.deputy_id_of(actor):
        if not permissions.is_manager(actor):
            raise PermissionDenied(_("只有工作人员可以代代表录入"))
    else:
        lead_deputy_id = permissions.deputy_id_of(actor)
        if lead_deputy_id is None:
            if permissions.is_manager(actor):
                raise ApplicationError(_("领衔代表：必填"), field="lead_deputy_id")
            raise PermissionDenied(_("只有代表可以提出议案建议"))
    deputy = Deputy.objects.select_related("term").filter(pk=lead_deputy_id).first()
    if deputy is None:
        raise ApplicationError(_("领衔代表：不存在"), field="lead_deputy_id")
    title = (title or "").strip()
    _required(title, "title", _("标题"))
    if len(title) > 200:
        raise ApplicationError(_("标题：不超过200字"), field="title")
    _validate_draft_refs(topic_id, session_id, deputy.term_id)
    p = Proposal.objects.create(
        term_id=deputy.term_id,
        kind=kind,
        title=title,
        content=content or "",
        cause=cause or "",
        basis=basis or "",
        plan=plan or "",
        topic_id=topic_id,
        session_id=session_id,
        lead_deputy=deputy,
        delegation_id=deputy.delegation_id,
        created_by=user_of(actor),
    )
    event_record(actor=actor, action="proposal_create", obj=p, changes={"kind": kind, "title": title})
    return p


@transaction.atomic
def proposal_update_draft(*, actor: ActorLike, proposal_id: int | Proposal, **fields) -> Proposal:
    """Change a draft's text, topic or session (before submission)."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ApplicationError(
            _("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    p = _acquire(actor, proposal_id, "save_draft")
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        _required(fields["title"], "title", _("标题"))
        if len(fields["title"]) > 200:
            raise ApplicationError(_("标题：不超过200字"), field="title")
    for name in ("content", "cause", "basis", "plan"):
        if name in fields:
            fields[name] = fields[name] or ""
    _validate_draft_refs(
        fields.get("topic_id", p.topic_id), fields.get("session_id", p.session_id), p.term_id
    )
    changes = diff_fields(p, fields)
    if changes:
        p.save(update_fields=[*changes, "updated_at"])
        event_record(actor=actor, action="proposal_update", obj=p, changes=changes)
    return p


@transaction.atomic
def attachment_add(*, actor: ActorLike, proposal_id: int | Proposal, file) -> Attachment:
    """Attach a file to a draft: pdf/docx/doc/ofd/jpg/png/xlsx up to RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES."""
    p = _acquire(actor, proposal_id, "save_draft")
    name = _check_file(file, "file", uploads.PROPOSAL_ATTACHMENT)
    att = Attachment.objects.create(proposal=p, file=file, name=name[:200], uploaded_by=user_of(actor))
    event_record(actor=actor, action="proposal_attach", obj=p, changes={"attachment": att.pk, "name": name})
    return att


@transaction.atomic
def cosigners_invite(
    *, actor: ActorLike, proposal_id: int | Proposal, deputy_ids: Iterable[int]
) -> list[Cosigner]:
    """Invite co-signers (附议/联名); each confirms on their own account."""
    p = _acquire(actor, proposal_id, "invite_cosigners")
    ids = sorted({int(i) for i in deputy_ids})
    if not ids:
        raise ApplicationError(_("联名代表：请至少选择一位代表"), field="deputy_ids")
    if p.lead_deputy_id in ids:
        raise ApplicationError(_("联名代表：领衔代表不能同时作为联名代表"), field="deputy_ids")
    found = set(Deputy.objects.filter(pk__in=ids, term_id=p.term_id).values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApplicationError(_("联名代表：有代表不存在或不属于本届"), field="deputy_ids")
    existing = set(p.cosigners.filter(deputy_id__in=ids).values_list("deputy_id", flat=True))
    created = [Cosigner.objects.create(proposal=p, deputy_id=i) for i in ids if i not in existing]
    changes = _set_status(p, Status.COSIGNING)
    event_record(
        actor=actor,
        action="proposal_invite_cosigners",
        obj=p,
        changes={**changes, "invited": [c.deputy_id for c in created]},
    )
    _notify(
        Deputy.objects.filter(pk__in=[c.deputy_id for c in created]).values_list("user_id", flat=True),
        _("联名邀请：%(title)s") % {"title": p.title},
        p,
    )
    return created


@transaction.atomic
def cosign_respond(*, actor: ActorLike, proposal_id: int | Proposal, accept: bool) -> Cosigner:
    """A co-signer confirms (or declines) on their own account."""
    p = _acquire(actor, proposal_id, "cosign" if accept else "decline_cosign")
    c = Cosigner.objects.select_for_update().get(proposal=p, deputy_id=permissions.deputy_id_of(actor))
    c.status = CosignStatus.CONFIRMED if accept else CosignStatus.DECLINED
    c.responded_at = timezone.now()
    c.save(update_fields=["status", "responded_at"])
    event_record(
        actor=actor,
        action="proposal_cosign" if accept else "proposal_decline_cosign",
        obj=p,
        changes={"deputy": c.deputy_id, "status": c.status},
    )
    # the co-signer's name and the lead deputy's account, in one query
    people = {
        pk: (name, user_id)
        for pk, name, user_id in Deputy.objects.filter(pk__in=[c.deputy_id, p.lead_deputy_id])
        .order_by()
        .values_list("pk", "name", "user_id")
    }
    name = people.get(c.deputy_id, ("", None))[0]
    message = _("%(name)s代表已同意联名：%(title)s") if accept else _("%(name)s代表谢绝联名：%(title)s")
    _notify([people.get(p.lead_deputy_id, ("", None))[1]], message % {"name": name, "title": p.title}, p)
    return c


@transaction.atomic
def proposal_submit(*, actor: ActorLike, proposal_id: int | Proposal) -> Proposal:
    """Submit: every invited co-signer has answered; a motion has 案由/案据/方案, enough signers and is in
    before the session's deadline. The item gets its number (per term and kind)."""
    p = _acquire(actor, proposal_id, "submit")
    conf = settings_for(p.term_id)
    if p.kind == Kind.SUGGESTION:
        _required(p.content, "content", _("内容"))
    else:
        _required(p.cause, "cause", _("案由"))
        _required(p.basis, "basis", _("案据"))
        _required(p.plan, "plan", _("方案"))
    waiting = p.cosigners.filter(status=CosignStatus.INVITED).count()
    if waiting:
        raise ApplicationError(
            _("联名代表：尚有%(n)s位代表未确认") % {"n": waiting}, field="cosigners", code="cosigners_pending"
        )
    if p.kind == Kind.MOTION:
        signers = p.cosigners.filter(status=CosignStatus.CONFIRMED).count() + 1
        if not rules.motion_cosigners_ok(signers, conf.motion_min_cosigners):
            raise ApplicationError(
                _("联名代表：议案须由%(min)s名以上代表联名（含领衔代表），现有%(n)s名")
                % {"min": conf.motion_min_cosigners, "n": signers},
                field="cosigners",
                code="too_few_cosigners",
            )
        if p.session_id is None:
            raise ApplicationError(_("会议：议案须在会议期间提出，请选择会议"), field="session_id")
        window = MotionWindow.objects.filter(session_id=p.session_id).first()
        if window is None:
            raise ApplicationError(_("会议：本次会议尚未设置议案截止时间"), field="session_id")
        if timezone.now() > window.deadline:
            raise ApplicationError(
                _("议案截止时间（%(d)s）已过")
                % {"d": timezone.localtime(window.deadline).strftime("%Y-%m-%d %H:%M")},
                field="session_id",
                code="deadline_passed",
            )
    number = _next_number(p.term_id, p.kind)
    changes = _set_status(p, Status.SUBMITTED, number=number, submitted_at=timezone.now())
    event_record(actor=actor, action="proposal_submit", obj=p, changes=changes)
    _notify(_manager_user_ids(), _("新提交：%(title)s") % {"title": p.title}, p)
    _index_text(p)
    return p


@transaction.atomic
def withdraw_consent(*, actor: ActorLike, proposal_id: int | Proposal) -> Cosigner:
    """A confirmed co-signer agrees to the joint item's withdrawal."""
    p = _acquire(actor, proposal_id, "consent_withdraw")
    c = Cosigner.objects.select_for_update().get(proposal=p, deputy_id=permissions.deputy_id_of(actor))
    c.consents_to_withdraw = True
    c.save(update_fields=["consents_to_withdraw"])
    event_record(actor=actor, action="proposal_consent_withdraw", obj=p, changes={"deputy": c.deputy_id})
    return c


@transaction.atomic
def proposal_withdraw(*, actor: ActorLike, proposal_id: int | Proposal, note: str = "") -> Proposal:
    """Withdraw: a joint suggestion once every signer consented; a motion with the presidium's consent,
    recorded by staff (note: the consent)."""
    p = _acquire(actor, proposal_id, "withdraw")
    if p.kind == Kind.MOTION and p.status not in permissions.UNSUBMITTED:
        _required(note, "note", _("主席团同意撤回的说明"))
    submitted_before = p.number is not None
    changes = _set_status(p, Status.WITHDRAWN)
    event_record(actor=actor, action="proposal_withdraw", obj=p, changes=changes, comment=note)
    if submitted_before:
        _unindex(p)
    return p
