"""Every write of motions and suggestions (MISSION §2). The only place that changes `Proposal.status`.

Each service is keyword-only and runs in one transaction: it locks the item (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE), checks the scope (outside it: NotFound), the
transition table and the role (workflow.TRANSITIONS, permissions.held: else PermissionDenied or a 409
ApplicationError) and the guards (permissions.guard), validates its input (ApplicationError naming the
field, nothing written), writes, appends an Event on the item, and notifies whoever must act next
(Notification rows created on commit).

Decisions recorded here:
- Numbering per term and kind at submission (第0123号): the term row is locked while the next number is
  taken, so simultaneous submissions get distinct numbers; the unique constraint backs it.
- Merged items (并案) keep the status `merged` and point at the main item; their deputies see the main
  item (permissions.scope_for) and are notified of its reply, which answers them too.
- Split leads (分办) each draft and sign their own reply; the item becomes `replied` when every active lead
  unit's reply of the round is signed; its category is the least resolved of them and its promised date
  the latest.
- The lead deputy's rating moves the item; co-signers (when the term's setting lets them) rate too,
  once per round, without moving it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Notification
from renda.core.roles import Role
from renda.core.services import diff_fields, event_record
from renda.deputies.models import Deputy
from renda.meetings.models import Session
from renda.organization.models import Committee, HandlingUnit, Term
from renda.proposals import permissions, rules, workflow
from renda.proposals.choices import (
    AssignmentRole,
    CategoryScheme,
    ConsultationMethod,
    CosignStatus,
    InadmissibleReason,
    Kind,
    PresidiumDecision,
    ReplyStatus,
    RequestStatus,
    Satisfaction,
    Status,
)
from renda.proposals.models import (
    Assignment,
    Attachment,
    CoHandlerOpinion,
    Consultation,
    Cosigner,
    ExtensionRequest,
    FollowUpReport,
    MotionWindow,
    Proposal,
    ProposalSettings,
    Rating,
    Reply,
    ReturnRequest,
    Topic,
)
from renda.proposals.selectors import settings_for

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".doc", ".ofd", ".jpg", ".jpeg", ".png", ".xlsx")
LETTER_EXTENSIONS = (".pdf", ".docx", ".doc", ".ofd")
DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
DRAFT_FIELDS = ("title", "content", "cause", "basis", "plan", "topic_id", "session_id")


def max_attachment_bytes() -> int:
    return int(getattr(settings, "RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


# --- helpers ------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _lock(proposal_id: int, actor=None) -> Proposal:
    """The item locked FOR UPDATE; outside the actor's scope it does not exist (NotFound)."""
    qs = Proposal.objects.select_for_update(of=("self",))
    try:
        p = qs.get(pk=proposal_id)
    except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("未找到该议案建议")) from exc
    if actor is not None and not permissions.scope_for(actor, "view").filter(pk=p.pk).exists():
        raise NotFound(_("未找到该议案建议"))
    return p


def _check(actor, p: Proposal, action: str, *, today: dt.date | None = None) -> None:
    """Table, role and guard; raises with a message that says why."""
    if not workflow.permitted(action, permissions.held(actor, p)):
        raise PermissionDenied(_("您无权对该议案建议执行此操作"))
    if not workflow.allowed(action, p.status, p.kind):
        raise ApplicationError(
            _("“%(title)s”当前状态为“%(status)s”，不能执行此操作")
            % {"title": p.title, "status": p.get_status_display()},
            code="wrong_state",
            status=409,
        )
    reason = permissions.guard(actor, p, action, today=today)
    if reason:
        raise ApplicationError(reason, code="refused", status=409)


def _set_status(p: Proposal, status: str, **fields) -> dict:
    changes = diff_fields(p, {"status": status, **fields})
    if changes:
        p.save(update_fields=[*changes, "updated_at"])
    return changes


def _item_url(p: Proposal) -> str:
    try:
        return reverse("proposals:detail", args=[p.pk])
    except NoReverseMatch:
        return f"/proposals/{p.pk}/"


def _notify(user_ids: Iterable[int | None], title: str, p: Proposal, body: str = "") -> None:
    """In-app notices, written once the transaction commits."""
    ids = sorted({u for u in user_ids if u})
    if not ids:
        return
    url = _item_url(p)

    def write():
        Notification.objects.bulk_create(
            [Notification(user_id=u, title=title[:200], body=body, url=url) for u in ids]
        )

    transaction.on_commit(write)


def _unit_user_ids(unit_ids: Iterable[int], roles=(Role.UNIT_HANDLER, Role.UNIT_LEADER)) -> list[int]:
    from renda.accounts.models import RoleAssignment

    return list(
        RoleAssignment.objects.filter(unit_id__in=list(unit_ids), role__in=list(roles)).values_list(
            "user_id", flat=True
        )
    )


def _deputy_user_ids(p: Proposal, *, with_cosigners: bool = True) -> list[int]:
    ids = [Deputy.objects.filter(pk=p.lead_deputy_id).values_list("user_id", flat=True).first()]
    if with_cosigners:
        ids += list(
            p.cosigners.filter(status=CosignStatus.CONFIRMED).values_list("deputy__user_id", flat=True)
        )
    return ids


def _manager_user_ids() -> list[int]:
    from renda.accounts.models import RoleAssignment

    return list(RoleAssignment.objects.filter(role=Role.STAFF).values_list("user_id", flat=True))


def _required(value, field: str, label: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ApplicationError(_("%(label)s：必填") % {"label": label}, field=field)


def _check_file(file, field: str, extensions: tuple[str, ...]) -> str:
    name = os.path.basename(getattr(file, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    if not name or ext not in extensions:
        raise ApplicationError(
            _("附件“%(name)s”的类型不允许；可上传：%(types)s")
            % {"name": name, "types": "、".join(e.lstrip(".") for e in extensions)},
            field=field,
            code="file_type",
        )
    size = getattr(file, "size", None)
    limit = max_attachment_bytes()
    if size is None or size > limit:
        raise ApplicationError(
            _("附件“%(name)s”超过大小上限（%(mb)s MB）") % {"name": name, "mb": f"{limit / 1024 / 1024:g}"},
            field=field,
            code="file_size",
        )
    if size == 0:
        raise ApplicationError(_("附件“%(name)s”是空文件") % {"name": name}, field=field, code="file_empty")
    return name


# --- drafting, co-signing, submission, withdrawal ------------------------------------------------------


def _validate_draft_refs(topic_id, session_id, term_id) -> None:
    if topic_id is not None and not Topic.objects.filter(pk=topic_id, is_active=True).exists():
        raise ApplicationError(_("类别：不存在或已停用"), field="topic_id")
    if session_id is not None and not Session.objects.filter(pk=session_id, term_id=term_id).exists():
        raise ApplicationError(_("会议：不存在或不属于本届"), field="session_id")


@transaction.atomic
def proposal_create_draft(
    *,
    actor,
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
        created_by=actor,
    )
    event_record(actor=actor, action="proposal_create", obj=p, changes={"kind": kind, "title": title})
    return p


@transaction.atomic
def proposal_update_draft(*, actor, proposal_id: int, **fields) -> Proposal:
    """Change a draft's text, topic or session (before submission)."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ApplicationError(
            _("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    p = _lock(proposal_id, actor)
    _check(actor, p, "save_draft")
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
def attachment_add(*, actor, proposal_id: int, file) -> Attachment:
    """Attach a file to a draft: pdf/docx/doc/ofd/jpg/png/xlsx up to RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "save_draft")
    name = _check_file(file, "file", ALLOWED_EXTENSIONS)
    att = Attachment.objects.create(proposal=p, file=file, name=name[:200], uploaded_by=actor)
    event_record(actor=actor, action="proposal_attach", obj=p, changes={"attachment": att.pk, "name": name})
    return att


@transaction.atomic
def cosigners_invite(*, actor, proposal_id: int, deputy_ids: Iterable[int]) -> list[Cosigner]:
    """Invite co-signers (附议/联名); each confirms on their own account."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "invite_cosigners")
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
def cosign_respond(*, actor, proposal_id: int, accept: bool) -> Cosigner:
    """A co-signer confirms (or declines) on their own account."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "cosign" if accept else "decline_cosign")
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
    _notify(_deputy_user_ids(p, with_cosigners=False), _("联名代表已答复：%(title)s") % {"title": p.title}, p)
    return c


def _next_number(term_id: int, kind: str) -> int:
    Term.objects.select_for_update().filter(pk=term_id).first()  # serialises numbering per term
    top = Proposal.objects.filter(term_id=term_id, kind=kind).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


@transaction.atomic
def proposal_submit(*, actor, proposal_id: int) -> Proposal:
    """Submit: every invited co-signer has answered; a motion has 案由/案据/方案, enough signers and is in
    before the session's deadline. The item gets its number (per term and kind)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "submit")
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


INDEX_SOURCE = "proposal"


def proposal_text(p: Proposal) -> str:
    """The text other tools read (similar items, routing): the title and the body of either kind."""
    return "\n".join(x for x in (p.title, p.content, p.cause, p.basis, p.plan) if x)


def _index_text(p: Proposal) -> None:
    """Keep the similar-items index (renda.insight) in step once the submission commits. Derived data: a
    failure is logged (robust), never undoes the submission."""
    from renda.insight.services import index_upsert

    pk, text, year = p.pk, proposal_text(p), (p.submitted_at or timezone.now()).year
    transaction.on_commit(
        lambda: index_upsert(source=INDEX_SOURCE, object_id=pk, text=text, year=year), robust=True
    )


def _unindex(p: Proposal) -> None:
    from renda.insight.services import index_remove

    pk = p.pk
    transaction.on_commit(lambda: index_remove(source=INDEX_SOURCE, object_id=pk), robust=True)


@transaction.atomic
def withdraw_consent(*, actor, proposal_id: int) -> Cosigner:
    """A confirmed co-signer agrees to the joint item's withdrawal."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "consent_withdraw")
    c = Cosigner.objects.select_for_update().get(proposal=p, deputy_id=permissions.deputy_id_of(actor))
    c.consents_to_withdraw = True
    c.save(update_fields=["consents_to_withdraw"])
    event_record(actor=actor, action="proposal_consent_withdraw", obj=p, changes={"deputy": c.deputy_id})
    return c


@transaction.atomic
def proposal_withdraw(*, actor, proposal_id: int, note: str = "") -> Proposal:
    """Withdraw: a joint suggestion once every signer consented; a motion with the presidium's consent,
    recorded by staff (note: the consent)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "withdraw")
    if p.kind == Kind.MOTION and p.status not in permissions.UNSUBMITTED:
        _required(note, "note", _("主席团同意撤回的说明"))
    submitted_before = p.number is not None
    changes = _set_status(p, Status.WITHDRAWN)
    event_record(actor=actor, action="proposal_withdraw", obj=p, changes=changes, comment=note)
    if submitted_before:
        _unindex(p)
    return p


# --- review, the presidium, merging ---------------------------------------------------------------------


@transaction.atomic
def proposal_review(*, actor, proposal_id: int, decision: str, reason: str = "", note: str = "") -> Proposal:
    """Staff review (审查): accept, return (with a reason of InadmissibleReason) or handle as a letter."""
    actions = {"accept": "review_accept", "return": "review_return", "letter": "review_letter"}
    if decision not in actions:
        raise ApplicationError(_("审查结论：应为受理、退回或转为代表来信"), field="decision")
    p = _lock(proposal_id, actor)
    _check(actor, p, actions[decision])
    fields: dict = {"reviewed_at": timezone.now(), "review_note": note or ""}
    if decision == "return":
        if reason not in InadmissibleReason.values:
            raise ApplicationError(_("不予受理原因：请选择"), field="reason")
        if reason == InadmissibleReason.OTHER and not (note or "").strip():
            raise ApplicationError(_("审查意见：选择“其他”时须说明原因"), field="note")
        fields["inadmissible_reason"] = reason
    target = {"accept": Status.ACCEPTED, "return": Status.RETURNED, "letter": Status.LETTER}[decision]
    changes = _set_status(p, target, **fields)
    event_record(actor=actor, action=f"proposal_review_{decision}", obj=p, changes=changes, comment=note)
    if decision != "accept":
        _notify(_deputy_user_ids(p), _("审查结果：%(title)s") % {"title": p.title}, p, body=note)
    return p


@transaction.atomic
def motion_deadline_set(*, actor, session_id: int, deadline: dt.datetime) -> MotionWindow:
    """The presidium's deadline for motions in one session (staff enter it)."""
    if not permissions.can_set_motion_deadline(actor):
        raise PermissionDenied(_("只有工作人员可以设置议案截止时间"))
    session = Session.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("未找到该会议"))
    if deadline is None:
        raise ApplicationError(_("议案截止时间：必填"), field="deadline")
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    window, _created = MotionWindow.objects.update_or_create(
        session=session, defaults={"deadline": deadline, "set_by": actor}
    )
    event_record(
        actor=actor, action="motion_deadline_set", obj=session, changes={"deadline": deadline.isoformat()}
    )
    return window


@transaction.atomic
def motion_decide(*, actor, proposal_id: int, decision: str, note: str = "") -> Proposal:
    """Record the presidium's decision on a motion; to_suggestion converts it (kind → suggestion, its motion
    number kept, a new suggestion number, status accepted), keeping its history."""
    if decision not in PresidiumDecision.values:
        raise ApplicationError(_("主席团决定：请选择"), field="decision")
    p = _lock(proposal_id, actor)
    _check(actor, p, "motion_decide")
    fields: dict = {"presidium_decision": decision, "review_note": note or p.review_note}
    if decision == PresidiumDecision.TO_SUGGESTION:
        fields.update(
            kind=Kind.SUGGESTION,
            motion_number=p.number,
            number=_next_number(p.term_id, Kind.SUGGESTION),
            content=p.content or "\n\n".join(x for x in (p.cause, p.basis, p.plan) if x),
        )
    target = workflow.PRESIDIUM_TARGETS[decision]
    changes = _set_status(p, target.value, **fields)
    event_record(actor=actor, action="motion_decide", obj=p, changes=changes, comment=note)
    if decision == PresidiumDecision.TO_SUGGESTION:
        _index_text(p)
    _notify(_deputy_user_ids(p), _("主席团决定：%(title)s") % {"title": p.title}, p, body=note)
    return p


@transaction.atomic
def proposal_merge(*, actor, proposal_id: int, into_id: int) -> Proposal:
    """并案: `proposal_id` follows `into_id`'s handling and reply; its deputies are answered by it."""
    if proposal_id == into_id:
        raise ApplicationError(_("并入的建议不能是其本身"), field="into_id")
    p = _lock(proposal_id, actor)
    _check(actor, p, "merge")
    main = Proposal.objects.select_for_update(of=("self",)).filter(pk=into_id).first()
    if (
        main is None
        or main.term_id != p.term_id
        or main.kind != p.kind
        or main.status not in (Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED)
    ):
        raise ApplicationError(_("并入的建议：须为本届已提交、已受理或已交办的建议"), field="into_id")
    changes = _set_status(p, Status.MERGED, merged_into=main)
    event_record(actor=actor, action="proposal_merge", obj=p, changes=changes)
    event_record(actor=actor, action="proposal_merged_in", obj=main, changes={"merged": p.pk})
    _notify(_deputy_user_ids(p), _("已并案办理：%(title)s") % {"title": p.title}, p)
    return p


# --- assignment, returns, extensions --------------------------------------------------------------------


def _units(ids: Iterable[int], field: str) -> list[int]:
    ids = [int(i) for i in ids]
    if len(set(ids)) != len(ids):
        raise ApplicationError(_("承办单位：重复"), field=field)
    found = set(HandlingUnit.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    if any(i not in found for i in ids):
        raise ApplicationError(_("承办单位：不存在或已停用"), field=field)
    return ids


@transaction.atomic
def proposal_assign(
    *,
    actor,
    proposal_id: int,
    lead_unit_ids: Iterable[int],
    co_unit_ids: Iterable[int] = (),
    wide_ranging: bool = False,
) -> Proposal:
    """交办: one lead unit (主办), or several split leads (分办) each answering their part, and co-handlers
    (会办). Due date: 3 months (6 if wide-ranging or hard) from today, 代表法 第51条."""
    p = _lock(proposal_id, actor)
    if p.status == Status.ASSIGNED and permissions.is_manager(actor):
        raise ApplicationError(
            _("“%(title)s”已被他人交办，请刷新后查看") % {"title": p.title}, code="conflict", status=409
        )
    _check(actor, p, "assign")
    leads = _units(lead_unit_ids, "lead_unit_ids")
    cos = _units(co_unit_ids, "co_unit_ids")
    if not leads:
        raise ApplicationError(_("主办单位：必填"), field="lead_unit_ids")
    if set(leads) & set(cos):
        raise ApplicationError(_("会办单位：不能同时是主办单位"), field="co_unit_ids")
    conf = settings_for(p.term_id)
    today = _today()
    lead_role = AssignmentRole.LEAD if len(leads) == 1 else AssignmentRole.SPLIT
    for uid in leads:
        Assignment.objects.create(proposal=p, unit_id=uid, role=lead_role, assigned_on=today)
    for uid in cos:
        Assignment.objects.create(
            proposal=p,
            unit_id=uid,
            role=AssignmentRole.CO,
            assigned_on=today,
            co_opinion_due=rules.co_opinion_due(today, conf.co_opinion_months),
        )
    due = rules.reply_due(
        today,
        wide_ranging=wide_ranging,
        reply_months=conf.reply_months,
        reply_months_hard=conf.reply_months_hard,
    )
    changes = _set_status(
        p,
        Status.ASSIGNED,
        wide_ranging=bool(wide_ranging),
        assigned_at=today,
        due_date=due,
        extended_months=0,
    )
    event_record(
        actor=actor,
        action="proposal_assign",
        obj=p,
        changes={**changes, "lead_units": leads, "co_units": cos, "role": lead_role},
    )
    _notify(_unit_user_ids(leads + cos), _("新交办：%(title)s") % {"title": p.title}, p)
    return p


@transaction.atomic
def return_request(
    *, actor, proposal_id: int, reason: str, suggested_unit_id: int | None = None
) -> ReturnRequest:
    """A unit asks to give back an item it should not have received, within 7 working days."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "request_return")
    _required(reason, "reason", _("退回理由"))
    if suggested_unit_id is not None:
        _units([suggested_unit_id], "suggested_unit_id")
    a = next(a for a in p.assignments.filter(is_active=True) if a.unit_id in actor.unit_ids)
    req = ReturnRequest.objects.create(
        assignment=a, reason=reason.strip(), suggested_unit_id=suggested_unit_id, requested_by=actor
    )
    event_record(
        actor=actor,
        action="proposal_return_request",
        obj=p,
        changes={"unit": a.unit_id, "suggested_unit": suggested_unit_id},
        comment=reason,
    )
    _notify(_manager_user_ids(), _("退回申请：%(title)s") % {"title": p.title}, p, body=reason)
    return req


@transaction.atomic
def return_decide(*, actor, request_id: int, approve: bool, new_unit_id: int | None = None) -> ReturnRequest:
    """Staff approve (and reassign) or refuse a unit's return request. Approving a lead's return needs the
    new lead unit (a unit never keeps or passes on an item by itself); the deadline restarts from the new
    assignment."""
    req = ReturnRequest.objects.select_related("assignment").filter(pk=request_id).first()
    if req is None:
        raise NotFound(_("未找到该退回申请"))
    p = _lock(req.assignment.proposal_id, actor)
    _check(actor, p, "decide_return")
    req = ReturnRequest.objects.select_for_update().select_related("assignment").get(pk=request_id)
    if req.status != RequestStatus.PENDING:
        raise ApplicationError(_("该退回申请已处理"), code="conflict", status=409)
    a = req.assignment
    changes: dict = {"request": req.pk, "approve": bool(approve), "unit": a.unit_id}
    if approve:
        if a.role != AssignmentRole.CO and new_unit_id is None:
            raise ApplicationError(_("新承办单位：退回主办单位时必须指定"), field="new_unit_id")
        if new_unit_id is not None:
            _units([new_unit_id], "new_unit_id")
            if p.assignments.filter(is_active=True, unit_id=new_unit_id).exclude(pk=a.pk).exists():
                raise ApplicationError(_("新承办单位：已在承办该建议"), field="new_unit_id")
        a.is_active = False
        a.save(update_fields=["is_active", "updated_at"])
        today = _today()
        if new_unit_id is not None:
            conf = settings_for(p.term_id)
            Assignment.objects.create(
                proposal=p,
                unit_id=new_unit_id,
                role=a.role,
                assigned_on=today,
                co_opinion_due=rules.co_opinion_due(today, conf.co_opinion_months)
                if a.role == AssignmentRole.CO
                else None,
            )
            changes["new_unit"] = new_unit_id
            if a.role != AssignmentRole.CO:
                due = rules.reply_due(
                    today,
                    wide_ranging=p.wide_ranging,
                    reply_months=conf.reply_months,
                    reply_months_hard=conf.reply_months_hard,
                    extended_months=p.extended_months,
                )
                changes.update(diff_fields(p, {"assigned_at": today, "due_date": due}))
                p.save(update_fields=["assigned_at", "due_date", "updated_at"])
            _notify(_unit_user_ids([new_unit_id]), _("新交办：%(title)s") % {"title": p.title}, p)
    req.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    event_record(actor=actor, action="proposal_return_decide", obj=p, changes=changes)
    _notify(
        _unit_user_ids([a.unit_id]),
        (_("退回申请已同意：%(title)s") if approve else _("退回申请未同意：%(title)s")) % {"title": p.title},
        p,
    )
    return req


@transaction.atomic
def extension_request(*, actor, proposal_id: int, months: int, reason: str) -> ExtensionRequest:
    """The lead unit asks for more time (up to 3 months in all, 上海)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "request_extension")
    _required(reason, "reason", _("延期理由"))
    conf = settings_for(p.term_id)
    try:
        months = int(months)
    except (TypeError, ValueError):
        raise ApplicationError(_("延期月数：应为整数"), field="months") from None
    if not rules.extension_allowed(p.extended_months, months, conf.extension_max_months):
        raise ApplicationError(
            _("延期月数：累计不得超过%(max)s个月（已延期%(n)s个月）")
            % {"max": conf.extension_max_months, "n": p.extended_months},
            field="months",
        )
    unit_id = permissions.handling_units_of(actor, p)[0]
    req = ExtensionRequest.objects.create(
        proposal=p, unit_id=unit_id, months=months, reason=reason.strip(), requested_by=actor
    )
    event_record(
        actor=actor,
        action="proposal_extension_request",
        obj=p,
        changes={"months": months, "unit": unit_id},
        comment=reason,
    )
    _notify(_manager_user_ids(), _("延期申请：%(title)s") % {"title": p.title}, p, body=reason)
    return req


@transaction.atomic
def extension_decide(*, actor, request_id: int, approve: bool) -> ExtensionRequest:
    """Staff approve or refuse an extension; the deputy is told."""
    req = ExtensionRequest.objects.filter(pk=request_id).first()
    if req is None:
        raise NotFound(_("未找到该延期申请"))
    p = _lock(req.proposal_id, actor)
    _check(actor, p, "decide_extension")
    req = ExtensionRequest.objects.select_for_update().get(pk=request_id)
    if req.status != RequestStatus.PENDING:
        raise ApplicationError(_("该延期申请已处理"), code="conflict", status=409)
    changes: dict = {"request": req.pk, "approve": bool(approve), "months": req.months}
    if approve:
        conf = settings_for(p.term_id)
        if not rules.extension_allowed(p.extended_months, req.months, conf.extension_max_months):
            raise ApplicationError(_("延期月数：累计超过上限"), field="months")
        extended = p.extended_months + req.months
        due = rules.reply_due(
            p.assigned_at,
            wide_ranging=p.wide_ranging,
            reply_months=conf.reply_months,
            reply_months_hard=conf.reply_months_hard,
            extended_months=extended,
        )
        changes.update(diff_fields(p, {"extended_months": extended, "due_date": due}))
        p.save(update_fields=["extended_months", "due_date", "updated_at"])
    req.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    event_record(actor=actor, action="proposal_extension_decide", obj=p, changes=changes)
    title = _("延期申请已同意：%(title)s") if approve else _("延期申请未同意：%(title)s")
    _notify(_deputy_user_ids(p) + _unit_user_ids([req.unit_id]), title % {"title": p.title}, p)
    return req


# --- handling: opinions, consultation, replies ----------------------------------------------------------


@transaction.atomic
def co_opinion_submit(*, actor, proposal_id: int, text: str) -> CoHandlerOpinion:
    """A co-handler's written opinion to the lead unit."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "co_opinion")
    _required(text, "text", _("会办意见"))
    unit_id = permissions.handling_units_of(actor, p, co=True)[0]
    a = p.assignments.get(is_active=True, unit_id=unit_id)
    op = CoHandlerOpinion.objects.create(assignment=a, text=text.strip(), author=actor)
    event_record(actor=actor, action="proposal_co_opinion", obj=p, changes={"unit": unit_id})
    leads = list(
        p.assignments.filter(is_active=True).exclude(role=AssignmentRole.CO).values_list("unit_id", flat=True)
    )
    _notify(_unit_user_ids(leads), _("会办意见：%(title)s") % {"title": p.title}, p)
    return op


@transaction.atomic
def consultation_record(
    *, actor, proposal_id: int, method: str, held_on: dt.date, participants: str, notes: str = ""
) -> Consultation:
    """沟通/面商 with the deputy before replying (代表法 第51条): how, when, who."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "consult")
    if method not in ConsultationMethod.values:
        raise ApplicationError(_("沟通方式：请选择"), field="method")
    if held_on is None:
        raise ApplicationError(_("沟通日期：必填"), field="held_on")
    if held_on > _today():
        raise ApplicationError(_("沟通日期：不能晚于今天"), field="held_on")
    _required(participants, "participants", _("参加人员"))
    unit_id = permissions.handling_units_of(actor, p)[0]
    c = Consultation.objects.create(
        proposal=p,
        unit_id=unit_id,
        method=method,
        held_on=held_on,
        participants=participants.strip()[:300],
        notes=notes or "",
        recorded_by=actor,
    )
    event_record(
        actor=actor,
        action="proposal_consult",
        obj=p,
        changes={"method": method, "held_on": held_on.isoformat(), "unit": unit_id},
    )
    return c


@transaction.atomic
def reply_draft(
    *,
    actor,
    proposal_id: int,
    text: str,
    category: str,
    promised_date: dt.date | None = None,
    explanation: str = "",
    letter=None,
) -> Reply:
    """The handler's draft reply for this round (written again while still a draft)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "draft_reply")
    conf = settings_for(p.term_id)
    _required(text, "text", _("答复内容"))
    cat = rules.category(conf.category_scheme, category)
    if cat is None:
        raise ApplicationError(_("办理结果分类：请选择"), field="category")
    if cat.needs_promised_date:
        if promised_date is None:
            raise ApplicationError(
                _("承诺解决时限：%(c)s类答复必填") % {"c": cat.code}, field="promised_date"
            )
        if promised_date < _today():
            raise ApplicationError(_("承诺解决时限：不能早于今天"), field="promised_date")
    else:
        promised_date = None
    if cat.needs_explanation and not (explanation or "").strip():
        raise ApplicationError(_("说明：%(c)s类答复须说明原因") % {"c": cat.code}, field="explanation")
    if letter is not None:
        _check_file(letter, "letter", LETTER_EXTENSIONS)
    unit_id = permissions.handling_units_of(actor, p)[0]
    round_ = p.rehandle_count + 1
    reply = Reply.objects.select_for_update().filter(proposal=p, unit_id=unit_id, round=round_).first()
    if reply is not None and reply.status == ReplyStatus.SIGNED:
        raise ApplicationError(_("本轮答复已签发，不能修改"), code="conflict", status=409)
    values = {
        "text": text.strip(),
        "category": cat.code,
        "promised_date": promised_date,
        "explanation": explanation or "",
        "drafted_by": actor,
    }
    if reply is None:
        reply = Reply(proposal=p, unit_id=unit_id, round=round_, **values)
    else:
        for k, v in values.items():
            setattr(reply, k, v)
    if letter is not None:
        reply.letter = letter
    reply.save()
    event_record(
        actor=actor,
        action="proposal_reply_draft",
        obj=p,
        changes={"reply": reply.pk, "unit": unit_id, "round": round_, "category": cat.code},
    )
    _notify(
        _unit_user_ids([unit_id], roles=(Role.UNIT_LEADER,)),
        _("待签发答复：%(title)s") % {"title": p.title},
        p,
    )
    return reply


@transaction.atomic
def reply_sign(*, actor, reply_id: int) -> Reply:
    """签发 by the unit's leader. When every lead unit's reply of the round is signed, the item is replied."""
    reply = Reply.objects.filter(pk=reply_id).first()
    if reply is None:
        raise NotFound(_("未找到该答复"))
    p = _lock(reply.proposal_id, actor)
    if reply.unit_id not in actor.unit_ids_for(Role.UNIT_LEADER):
        raise PermissionDenied(_("只有本单位负责人可以签发答复"))
    _check(actor, p, "sign_reply")
    reply = Reply.objects.select_for_update().get(pk=reply_id)
    if reply.status != ReplyStatus.DRAFT or reply.round != p.rehandle_count + 1:
        raise ApplicationError(_("该答复已签发或不属于本轮"), code="conflict", status=409)
    reply.status = ReplyStatus.SIGNED
    reply.signed_by = actor
    reply.signed_at = timezone.now()
    reply.save(update_fields=["status", "signed_by", "signed_at", "updated_at"])
    leads = set(
        p.assignments.filter(is_active=True).exclude(role=AssignmentRole.CO).values_list("unit_id", flat=True)
    )
    signed = list(p.replies.filter(round=reply.round, status=ReplyStatus.SIGNED, unit_id__in=leads))
    changes: dict = {"reply": reply.pk, "unit": reply.unit_id}
    if {r.unit_id for r in signed} >= leads:
        conf = settings_for(p.term_id)
        promised = [r.promised_date for r in signed if r.promised_date]
        today = _today()
        on_time = p.first_reply_on_time
        if p.rehandle_count == 0:
            on_time = p.due_date is None or today <= p.due_date
        changes.update(
            _set_status(
                p,
                Status.REPLIED,
                replied_at=today,
                first_reply_on_time=on_time,
                result_category=rules.least_resolved(conf.category_scheme, [r.category for r in signed]),
                promised_date=max(promised) if promised else None,
            )
        )
        merged = list(p.merged_items.all())
        _notify(_deputy_user_ids(p), _("已答复：%(title)s") % {"title": p.title}, p)
        for m in merged:
            _notify(_deputy_user_ids(m), _("并案建议已答复：%(title)s") % {"title": p.title}, p)
    event_record(actor=actor, action="proposal_reply_sign", obj=p, changes=changes)
    return reply


# --- rating, follow-up, supervision -----------------------------------------------------------------------


@transaction.atomic
def rating_submit(*, actor, proposal_id: int, attitude: str, result: str, reason: str = "") -> Rating:
    """满意度测评: attitude and result; 不满意 needs a reason and reopens the item (re-handling, 1 month)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "rate")
    if attitude not in Satisfaction.values:
        raise ApplicationError(_("办理态度：请选择"), field="attitude")
    if result not in Satisfaction.values:
        raise ApplicationError(_("办理结果：请选择"), field="result")
    if rules.rating_needs_reason(attitude, result) and not (reason or "").strip():
        raise ApplicationError(_("理由：评为不满意时必须说明理由"), field="reason")
    deputy_id = permissions.deputy_id_of(actor)
    rating = Rating.objects.create(
        proposal=p,
        deputy_id=deputy_id,
        round=p.rehandle_count + 1,
        attitude=attitude,
        result=result,
        reason=(reason or "").strip(),
    )
    changes: dict = {"rating": rating.pk, "attitude": attitude, "result": result}
    if deputy_id == p.lead_deputy_id:
        conf = settings_for(p.term_id)
        outcome = rules.rating_outcome(
            attitude, result, scheme=conf.category_scheme, category_code=p.result_category
        )
        today = _today()
        if outcome == "rehandling":
            changes.update(
                _set_status(
                    p,
                    Status.REHANDLING,
                    rehandle_count=p.rehandle_count + 1,
                    due_date=rules.rehandle_due(today, conf.rehandle_months),
                )
            )
            leads = (
                p.assignments.filter(is_active=True)
                .exclude(role=AssignmentRole.CO)
                .values_list("unit_id", flat=True)
            )
            _notify(
                _unit_user_ids(leads),
                _("代表不满意，需重新办理：%(title)s") % {"title": p.title},
                p,
                body=reason,
            )
        elif outcome == "follow_up":
            changes.update(_set_status(p, Status.FOLLOW_UP))
        else:
            changes.update(_set_status(p, Status.CLOSED, closed_at=today))
    event_record(actor=actor, action="proposal_rate", obj=p, changes=changes, comment=reason or "")
    return rating


@transaction.atomic
def follow_up_report(*, actor, proposal_id: int, text: str, done: bool) -> FollowUpReport:
    """跟踪: progress of a promised item. It is closed when every lead unit whose last reply promised
    something (B/C, 乙) has reported done (a split lead that answered A/D has nothing to follow up)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "follow_up")
    _required(text, "text", _("进展情况"))
    unit_id = permissions.handling_units_of(actor, p)[0]
    rep = FollowUpReport.objects.create(
        proposal=p, unit_id=unit_id, text=text.strip(), done=bool(done), reported_by=actor
    )
    changes: dict = {"report": rep.pk, "done": bool(done), "unit": unit_id}
    if done:
        conf = settings_for(p.term_id)
        leads = set(
            p.assignments.filter(is_active=True)
            .exclude(role=AssignmentRole.CO)
            .values_list("unit_id", flat=True)
        )
        last = p.replies.filter(round=p.rehandle_count + 1, status=ReplyStatus.SIGNED, unit_id__in=leads)
        promised = {
            r.unit_id
            for r in last
            if (c := rules.category(conf.category_scheme, r.category)) and c.needs_promised_date
        }
        leads = promised or leads
        finished = set(p.follow_ups.filter(done=True).values_list("unit_id", flat=True))
        if finished >= leads:
            changes.update(_set_status(p, Status.CLOSED, closed_at=_today()))
    event_record(actor=actor, action="proposal_follow_up", obj=p, changes=changes, comment=text)
    return rep


@transaction.atomic
def key_supervision_mark(
    *, actor, proposal_id: int, committee_id: int, leading_official: str = ""
) -> Proposal:
    """重点督办 (代表法 第52条): leaders mark an item, name the supervising committee and the official who
    personally leads its handling (领办)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "mark_key")
    if committee_id is None or not Committee.objects.filter(pk=committee_id).exists():
        raise ApplicationError(_("督办委员会：请选择"), field="committee_id")
    changes = diff_fields(
        p,
        {
            "key_supervision": True,
            "supervising_committee_id": committee_id,
            "leading_official": (leading_official or "").strip()[:100],
        },
    )
    if changes:
        p.save(update_fields=[*changes, "updated_at"])
    event_record(actor=actor, action="proposal_mark_key", obj=p, changes=changes)
    leads = p.assignments.filter(is_active=True).values_list("unit_id", flat=True)
    _notify(_unit_user_ids(leads), _("列为重点督办：%(title)s") % {"title": p.title}, p)
    return p


@transaction.atomic
def proposal_publish(*, actor, proposal_id: int, public: bool = True) -> Proposal:
    """Put a replied item on the public page of replies (or take it off)."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "publish")
    changes = diff_fields(p, {"is_public": bool(public)})
    if changes:
        p.save(update_fields=["is_public", "updated_at"])
    event_record(actor=actor, action="proposal_publish", obj=p, changes=changes)
    return p


@transaction.atomic
def follow_up_rollover(*, actor, year: int) -> int:
    """Promised items still under follow-up at the end of `year` roll into the next year (结转)."""
    if not permissions.can_roll_over(actor):
        raise PermissionDenied(_("只有工作人员可以结转跟踪办理事项"))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(_("年度：应为整数"), field="year") from None
    items = list(
        Proposal.objects.select_for_update()
        .filter(status=Status.FOLLOW_UP, replied_at__year__lte=year)
        .exclude(carried_over_from__gte=year)
    )
    for p in items:
        changes = diff_fields(p, {"carried_over_from": year})
        p.save(update_fields=["carried_over_from", "updated_at"])
        event_record(actor=actor, action="proposal_rollover", obj=p, changes=changes)
    return len(items)


# --- an item's category (类别) ----------------------------------------------------------------------------


@transaction.atomic
def proposal_set_topic(
    *, actor, proposal_id: int, topic_id: int | None, routing_version: int | None = None
) -> Proposal:
    """Staff set or change a submitted item's category (类别) while reviewing and assigning it, or accept
    the routing proposal's category (采纳; `routing_version` is the proposing model's version, kept in the
    Event).

    Allowed (workflow "set_topic") for suggestions that are submitted, accepted or assigned, and for
    motions before the presidium's decision (submitted, to_committee): the category is settled before the
    reply, since the reports count replies by category; once replied it stays as answered. Drafts get their
    category from the deputy (save_draft). The topic must exist and be active; the same topic again is
    refused (field topic_id) and changes nothing."""
    p = _lock(proposal_id, actor)
    _check(actor, p, "set_topic")
    if topic_id is None or topic_id == "":
        raise ApplicationError(_("类别：请选择"), field="topic_id")
    try:
        topic_id = int(topic_id)
    except (TypeError, ValueError):
        raise ApplicationError(_("类别：不存在或已停用"), field="topic_id") from None
    topic = Topic.objects.filter(pk=topic_id, is_active=True).first()
    if topic is None:
        raise ApplicationError(_("类别：不存在或已停用"), field="topic_id")
    if topic.pk == p.topic_id:
        raise ApplicationError(
            _("类别：已是“%(name)s”，未作修改") % {"name": topic.name}, field="topic_id", code="unchanged"
        )
    old = Topic.objects.filter(pk=p.topic_id).values_list("name", flat=True).first() if p.topic_id else None
    changes = diff_fields(p, {"topic_id": topic.pk})
    p.save(update_fields=["topic", "updated_at"])
    changes["topic"] = [old, topic.name]
    if routing_version is not None:
        changes["routing_version"] = routing_version
    event_record(
        actor=actor,
        action="proposal_set_topic",
        obj=p,
        changes=changes,
        comment=f"{old or '—'} → {topic.name}",
    )
    return p


# --- the term's settings (ProposalSettings) ---------------------------------------------------------------

SETTINGS_NUMBERS = tuple(rules.SETTINGS_BOUNDS)
SETTINGS_FLAGS = ("delegation_may_table_motion", "cosigners_rate")
SETTINGS_FIELDS = ("category_scheme", "co_handler_label", *SETTINGS_NUMBERS, *SETTINGS_FLAGS)


def _settings_label(name: str) -> str:
    return str(ProposalSettings._meta.get_field(name).verbose_name)


def _settings_message(name: str, problem: str, params: dict) -> str:
    label = _settings_label(name)
    if problem == "range" and name == "motion_min_cosigners":
        return _("%(label)s：应在%(min)s至%(max)s之间（县级以上通常为10人，乡镇为5人）") % {
            "label": label,
            **params,
        }
    if problem == "range":
        return _("%(label)s：应在%(min)s至%(max)s之间") % {"label": label, **params}
    if problem == "hard_below_reply":
        return _("%(label)s：不能少于一般答复时限（%(n)s个月）") % {"label": label, **params}
    if problem == "co_opinion_after_reply":
        return _("%(label)s：不能超过答复时限（%(n)s个月）") % {"label": label, **params}
    raise AssertionError(problem)  # pragma: no cover


def _scheme_conflict(term_id: int, old: str, new: str) -> str | None:
    """Why the term's replies forbid `new`: replies (or items' results) already use the other codes."""
    used = set(
        Reply.objects.filter(proposal__term_id=term_id).values_list("category", flat=True).distinct()
    ) | set(
        Proposal.objects.filter(term_id=term_id)
        .exclude(result_category="")
        .values_list("result_category", flat=True)
        .distinct()
    )
    outside = rules.codes_outside_scheme(new, used)
    if not outside:
        return None
    n = (
        Proposal.objects.filter(term_id=term_id)
        .filter(Q(replies__category__in=outside) | Q(result_category__in=outside))
        .distinct()
        .count()
    )
    return _("%(label)s：本届已有%(n)s件议案建议的答复按“%(old)s”分类（%(codes)s），不能改为“%(new)s”") % {
        "label": _settings_label("category_scheme"),
        "n": n,
        "old": CategoryScheme(old).label if old in CategoryScheme.values else old,
        "codes": "、".join(outside),
        "new": CategoryScheme(new).label,
    }


@transaction.atomic
def proposal_settings_update(*, actor, term_id: int, **fields) -> ProposalSettings:
    """Staff (and admins) change a term's settings: only the fields given; the others keep their values
    (MISSION's defaults for a term that has no row yet).

    Every problem is reported at once (ApplicationError.errors, one per field; the first also as
    message/field) and nothing is written: numbers within rules.SETTINGS_BOUNDS, the hard items' reply
    time not shorter than the ordinary one, co-handlers' opinions not due after the reply, a known
    category scheme, which cannot change once the term's replies use the other scheme's codes. The term
    row is locked so that two staff saving at once are serialised. One Event on the settings row records
    each changed field as [old, new]; saving unchanged values writes nothing.

    New deadlines apply to steps started afterwards: due dates already computed are not moved."""
    if not permissions.can_edit_settings(actor):
        raise PermissionDenied(_("只有工作人员可以修改议案建议设置"))
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ApplicationError(
            _("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    try:
        term = Term.objects.select_for_update().filter(pk=int(term_id)).first()
    except (TypeError, ValueError):
        term = None
    if term is None:
        raise NotFound(_("未找到该届"))
    conf = ProposalSettings.objects.filter(term=term).first() or ProposalSettings(term=term)
    errors: list[dict] = []
    values: dict = {}
    for name, value in fields.items():
        if name in SETTINGS_NUMBERS:
            try:
                if isinstance(value, bool) or value is None or value == "":
                    raise ValueError
                values[name] = int(value)
            except (TypeError, ValueError):
                errors.append(
                    {"field": name, "message": _("%(label)s：应为整数") % {"label": _settings_label(name)}}
                )
        elif name in SETTINGS_FLAGS:
            values[name] = bool(value)
        elif name == "co_handler_label":
            label = (value or "").strip()
            if not label or len(label) > 8:
                errors.append(
                    {
                        "field": name,
                        "message": _("%(label)s：必填，不超过8个字") % {"label": _settings_label(name)},
                    }
                )
            values[name] = label
        elif name == "category_scheme":
            if value not in CategoryScheme.values:
                errors.append(
                    {"field": name, "message": _("%(label)s：请选择") % {"label": _settings_label(name)}}
                )
            values[name] = value
    merged = {n: values.get(n, getattr(conf, n)) for n in SETTINGS_NUMBERS}
    bad_numbers = {e["field"] for e in errors}
    for name, problem, params in rules.settings_problems(
        {k: v for k, v in merged.items() if k not in bad_numbers}
    ):
        errors.append({"field": name, "message": _settings_message(name, problem, params)})
    scheme = values.get("category_scheme")
    if scheme in CategoryScheme.values and scheme != conf.category_scheme:
        conflict = _scheme_conflict(term.pk, conf.category_scheme, scheme)
        if conflict:
            errors.append({"field": "category_scheme", "message": conflict})
    if errors:
        order = list(SETTINGS_FIELDS)
        errors.sort(key=lambda e: order.index(e["field"]))
        first = errors[0]
        raise ApplicationError(first["message"], field=first["field"], errors=errors)
    changes = diff_fields(conf, values)
    if changes:
        conf.save()
        event_record(actor=actor, action="proposal_settings_update", obj=conf, changes=changes)
    return conf
