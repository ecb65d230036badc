"""Every write on sessions: creation, agenda, roll, check-in, leave, start and close; each one audited.

Attendance and leave decisions have legal effect (代表法: two unapproved absences end a mandate), so
nothing here deletes, and every change appends an Event in the same transaction.

Each service follows the spine (renda.core.spine): `require(actor, obj, action)` by the table of
renda.meetings.workflow (scope, who, state, guard) BEFORE any row lock, then `lock` and `require_state`
under the lock (another request may have moved the session meanwhile).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import inputs, spine, uploads
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError, one_or_not_found
from renda.core.services import decision_record, event_record
from renda.deputies.choices import DeputyStatus
from renda.deputies.models import Deputy, StandingCommitteeMember
from renda.meetings import permissions
from renda.meetings.choices import (
    AgendaKind,
    AttendanceStatus,
    CheckInMethod,
    LeaveStatus,
    SessionKind,
    SessionStatus,
)
from renda.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    DeliberationNote,
    LeaveRequest,
    Session,
)
from renda.organization.models import Delegation, Term

# --- helpers -------------------------------------------------------------------------------------


def _session(actor: Actor, session_id: int | Session) -> Session:
    """The session inside the actor's scope (else NotFound), read without a lock; a session the caller
    already loaded through the scope is taken as it is (no second read: the lock is the service's read)."""
    return spine.get_visible(Session, actor, session_id)


def _locked(session_id: int | Session, action: str) -> Session:
    """The session locked FOR UPDATE, its state checked again for `action` under the lock."""
    return spine.require_state(spine.lock(Session, spine.pk_of(session_id)), action)


def _text(value, *, field: str, label: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(_("%(label)s：请填写") % {"label": label}, field=field)
    if max_length is not None and len(value) > max_length:
        raise ApplicationError(
            _("%(label)s：不能超过 %(n)s 个字") % {"label": label, "n": max_length}, field=field
        )
    return value


# --- sessions and agenda -------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    actor: ActorLike,
    term_id: int,
    kind: str,
    number: int,
    title: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    venue: str = "",
) -> Session:
    """Plan a congress session or a standing-committee meeting of a term (status planned, no roll yet)."""
    actor = as_actor(actor)
    spine.require(actor, Session(status=SessionStatus.PLANNED), "create")
    term = Term.objects.filter(pk=term_id).first()
    if term is None:
        raise ApplicationError(_("届：不存在"), field="term_id")
    if kind not in SessionKind.values:
        raise ApplicationError(_("类别：未知的会议类别"), field="kind")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise ApplicationError(_("次：请填写正整数"), field="number")
    title = _text(title, field="title", label=_("名称"), max_length=200)
    if not isinstance(start_date, dt.date):
        raise ApplicationError(_("开幕日期：请填写日期"), field="start_date")
    if end_date is not None and end_date < start_date:
        raise ApplicationError(_("闭幕日期：不能早于开幕日期"), field="end_date")
    venue = (venue or "").strip()
    if len(venue) > 200:
        raise ApplicationError(_("地点：不能超过 %(n)s 个字") % {"n": 200}, field="venue")
    if Session.objects.filter(term=term, kind=kind, number=number).exists():
        raise ApplicationError(
            _("次：本届已有第 %(number)s 次%(kind)s") % {"number": number, "kind": SessionKind(kind).label},
            field="number",
            code="duplicate",
        )
    session = Session.objects.create(
        term=term,
        kind=kind,
        number=number,
        title=title,
        start_date=start_date,
        end_date=end_date,
        venue=venue,
    )
    event_record(
        actor=actor,
        action="session_create",
        obj=session,
        changes={"term": term.pk, "kind": kind, "number": number, "title": title, "start_date": start_date},
    )
    return session


@transaction.atomic
def agenda_item_add(
    *,
    actor: ActorLike,
    session_id: int | Session,
    kind: str,
    title: str,
    description: str = "",
    order: int | None = None,
) -> AgendaItem:
    """Add an item to a session's agenda; without `order` it goes last. Refused once the session is closed."""
    actor = as_actor(actor)
    spine.require(actor, _session(actor, session_id), "add_item")
    session = _locked(session_id, "add_item")
    if kind not in AgendaKind.values:
        raise ApplicationError(_("类别：未知的议程类别"), field="kind")
    title = _text(title, field="title", label=_("议题"), max_length=300)
    taken = set(AgendaItem.objects.filter(session=session).values_list("order", flat=True))
    if order is None:
        order = max(taken, default=0) + 1
    elif not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise ApplicationError(_("序号：请填写正整数"), field="order")
    elif order in taken:
        raise ApplicationError(
            _("序号：第 %(order)s 项已有议题") % {"order": order}, field="order", code="duplicate"
        )
    item = AgendaItem.objects.create(
        session=session, order=order, kind=kind, title=title, description=(description or "").strip()
    )
    event_record(
        actor=actor,
        action="agenda_item_add",
        obj=item,
        changes={"session": session.pk, "order": order, "kind": kind, "title": title},
    )
    return item


def _roll_deputy_ids(session: Session) -> list[int]:
    """Who is entitled to attend: every active deputy of the term (congress), or the standing committee's
    current members who are active deputies (standing committee)."""
    if session.kind == SessionKind.CONGRESS:
        qs = Deputy.objects.filter(term_id=session.term_id, status=DeputyStatus.ACTIVE)
        return list(qs.order_by("id").values_list("id", flat=True))
    members = StandingCommitteeMember.objects.filter(
        standing_committee__term_id=session.term_id,
        end_date__isnull=True,
        deputy__status=DeputyStatus.ACTIVE,
    )
    return sorted(set(members.values_list("deputy_id", flat=True)))


@transaction.atomic
def session_open_check_in(*, actor: ActorLike, session_id: int | Session) -> Session:
    """Draw up the roll (one Attendance line per member entitled to attend); planned → check_in."""
    actor = as_actor(actor)
    spine.require(actor, _session(actor, session_id), "open_check_in")
    session = _locked(session_id, "open_check_in")
    deputy_ids = _roll_deputy_ids(session)
    if not deputy_ids:
        if session.kind == SessionKind.CONGRESS:
            message = _("本届没有在任代表，无法生成出席名册")
        else:
            message = _("常委会没有在任组成人员，无法生成出席名册")
        raise ApplicationError(message, code="empty_roll")
    Attendance.objects.bulk_create(
        [Attendance(session=session, deputy_id=pk) for pk in deputy_ids], batch_size=500
    )
    session.roll_size = len(deputy_ids)
    before = session.status
    spine.set_state(session, "open_check_in")
    session.save(update_fields=["roll_size", "status", "updated_at"])
    event_record(
        actor=actor,
        action="session_open_check_in",
        obj=session,
        changes={"status": [before, session.status], "roll_size": session.roll_size},
    )
    return session


@transaction.atomic
def session_start(*, actor: ActorLike, session_id: int | Session) -> Session:
    """Open the session: check_in → in_progress, only when quorate (组织法 第14条, 第51条: the table's guard,
    renda.meetings.permissions.SessionPolicy). Presence only grows while checking in, so the quorum read
    by `require` still holds under the lock."""
    actor = as_actor(actor)
    checked = spine.require(actor, _session(actor, session_id), "start")
    session = _locked(session_id, "start")
    before = session.status
    spine.set_state(session, "start")
    session.save(update_fields=["status", "updated_at"])
    present = permissions.session_summary(checked)["present"]
    event_record(
        actor=actor,
        action="session_start",
        obj=session,
        changes={"status": [before, session.status], "present": present},
    )
    return session


@transaction.atomic
def session_close(*, actor: ActorLike, session_id: int | Session) -> Session:
    """Close the session; whoever is still expected (not checked in, no approved leave) becomes absent."""
    actor = as_actor(actor)
    spine.require(actor, _session(actor, session_id), "close")
    session = _locked(session_id, "close")
    absent = []
    for line in Attendance.objects.select_for_update().filter(
        session=session, status=AttendanceStatus.EXPECTED
    ):
        line.status = AttendanceStatus.ABSENT
        absent.append(line)
    Attendance.objects.bulk_update(absent, ["status"], batch_size=500)
    before = session.status
    spine.set_state(session, "close")
    if session.end_date is None:
        session.end_date = max(timezone.localdate(), session.start_date)
    session.save(update_fields=["status", "end_date", "updated_at"])
    event_record(
        actor=actor,
        action="session_close",
        obj=session,
        changes={"status": [before, session.status], "absent": [line.deputy_id for line in absent]},
    )
    return session


# --- the roll: check-in and leave ----------------------------------------------------------------


def _line(actor: Actor, session_id: int | Session, deputy_id: int) -> Attendance:
    """The deputy's roll line of the session as the table sees it (a deputy acts only on their own)."""
    return permissions.roll_line(_session(actor, session_id), deputy_id)


def _roll_line(session: Session, deputy_id: int) -> Attendance:
    line = (
        Attendance.objects.select_for_update()
        .select_related("deputy")
        .filter(session=session, deputy_id=deputy_id)
        .first()
    )
    if line is None:
        raise ApplicationError(_("该代表不在本次会议的出席名册上"), field="deputy_id", code="not_on_roll")
    return line


@transaction.atomic
def check_in(*, actor: ActorLike, session_id: int | Session, deputy_id: int) -> Attendance:
    """Record a deputy's presence: by themselves (method self) or by staff for them (method staff).

    Idempotent: a deputy already present stays as they are (no change, no event). A deputy on approved
    leave who arrives is present. Refused for someone not on the roll and outside check-in or the session.
    """
    actor = as_actor(actor)
    spine.require(actor, _line(actor, session_id, deputy_id), "check_in")
    session = _locked(session_id, "check_in")
    line = _roll_line(session, deputy_id)
    if line.status == AttendanceStatus.PRESENT:
        return line
    _mark_present(actor, session, line, now=timezone.now())
    return line


BATCH_CHECK_IN_LIMIT = 2000  # more than any roll (a provincial congress seats about 800)


@dataclass(frozen=True)
class CheckInResult:
    """One deputy's outcome in a batch check-in: checked in now, already present (unchanged), or refused
    (not on the roll …) with the reason."""

    deputy_id: int
    ok: bool
    name: str = ""
    already: bool = False
    code: str = ""
    message: str = ""


@transaction.atomic
def check_in_many(
    *, actor: ActorLike, session_id: int | Session, deputy_ids: Iterable[int], via: str = "batch"
) -> list[CheckInResult]:
    """Staff check in many deputies at once (批量签到: the ticked lines of the roll on session day).

    Each line is required ("check_in", the table's MANAGERS) before the session and the lines are locked;
    under the lock each deputy is checked in as `check_in` does (method staff, by whom, when; an Event per
    line with `via`), a deputy already present is left as they are, one not on the roll is reported — so
    the result is per deputy and a refusal of one changes nothing of it. A wrong session state refuses the
    whole batch (nothing written)."""
    actor = as_actor(actor)
    ids = inputs.distinct_ids(deputy_ids, "deputy_ids", _("所选代表有误"))
    if not ids:
        raise ApplicationError(_("请至少选择一位代表"), field="deputy_ids")
    if len(ids) > BATCH_CHECK_IN_LIMIT:
        raise ApplicationError(
            _("一次最多签到%(n)s人") % {"n": BATCH_CHECK_IN_LIMIT}, field="deputy_ids", code="too_many"
        )
    session = _session(actor, session_id)
    for deputy_id in ids:  # every line required before any lock
        spine.require(actor, permissions.roll_line(session, deputy_id), "check_in")
    session = _locked(session, "check_in")
    lines = {
        line.deputy_id: line
        for line in Attendance.objects.select_for_update()
        .select_related("deputy")
        .filter(session=session, deputy_id__in=ids)
    }
    now = timezone.now()
    results = []
    for deputy_id in ids:
        line = lines.get(deputy_id)
        if line is None:
            message = _("该代表不在本次会议的出席名册上")
            results.append(CheckInResult(deputy_id, False, code="not_on_roll", message=message))
            continue
        if line.status == AttendanceStatus.PRESENT:
            results.append(CheckInResult(deputy_id, True, name=line.deputy.name, already=True))
            continue
        _mark_present(actor, session, line, now=now, via=via)
        results.append(CheckInResult(deputy_id, True, name=line.deputy.name))
    return results


def _mark_present(actor: Actor, session: Session, line: Attendance, *, now, via: str | None = None) -> None:
    """A locked roll line checked in (by the deputy themselves, or by staff), with its Event; `via` names a
    batch's channel (a list, a card) in the Event."""
    own = line.deputy.user_id is not None and line.deputy.user_id == actor.pk
    before = line.status
    line.status = AttendanceStatus.PRESENT
    line.checked_in_at = now
    line.method = CheckInMethod.SELF if own else CheckInMethod.STAFF
    line.checked_in_by = actor.user
    line.save(update_fields=["status", "checked_in_at", "method", "checked_in_by"])
    event_record(
        actor=actor,
        action="check_in",
        obj=line,
        changes={
            "session": session.pk,
            "deputy": line.deputy_id,
            "status": [before, line.status],
            "method": line.method,
            **({"via": via} if via else {}),
        },
    )


def check_in_by_card(*, actor: ActorLike, session_id: int | Session, card: str) -> CheckInResult:
    """签到 by scanning a deputy card (a USB scanner types the card number, then Enter): the deputy of the
    session's term with that card number (代表证号; spaces and a scanner's prefix of letters kept as typed,
    only surrounding blanks dropped) is checked in through check_in_many (via "card"). An unknown card
    refuses with the number read, nothing written."""
    actor = as_actor(actor)
    card = (card or "").strip()
    if not card:
        raise ApplicationError(_("代表证号：请刷卡或输入"), field="card")
    session = _session(actor, session_id)
    deputy_id = (
        Deputy.objects.filter(term_id=session.term_id, card_number=card).values_list("pk", flat=True).first()
    )
    if deputy_id is None:
        raise ApplicationError(
            _("代表证号“%(card)s”不是本届代表的证号") % {"card": card[:40]}, field="card", code="unknown_card"
        )
    result = check_in_many(actor=actor, session_id=session, deputy_ids=[deputy_id], via="card")[0]
    if not result.ok:
        raise ApplicationError(result.message, field="card", code=result.code)
    return result


def leave_problem(line: Attendance, *, pending: bool) -> ApplicationError | None:
    """Why the deputy of `line` may not ask for leave now (already present, on leave, a request pending)."""
    if line.status == AttendanceStatus.PRESENT:
        return ApplicationError(_("该代表已签到，不能请假"), code="wrong_state")
    if line.status == AttendanceStatus.ON_LEAVE:
        return ApplicationError(_("该代表的请假已获批准"), code="wrong_state")
    if pending:
        return ApplicationError(_("已有待审批的请假申请"), code="duplicate")
    return None


@transaction.atomic
def leave_request(
    *, actor: ActorLike, session_id: int | Session, deputy_id: int, reason: str
) -> LeaveRequest:
    """Ask for leave from a session (a deputy for themselves, or staff for them); staff decide."""
    actor = as_actor(actor)
    spine.require(actor, _line(actor, session_id, deputy_id), "request_leave")
    session = _locked(session_id, "request_leave")
    reason = _text(reason, field="reason", label=_("请假事由"), max_length=1000)
    line = _roll_line(session, deputy_id)
    problem = leave_problem(line, pending=line.leave_requests.filter(status=LeaveStatus.REQUESTED).exists())
    if problem is not None:
        raise problem
    leave = LeaveRequest.objects.create(attendance=line, reason=reason, requested_by=actor.user)
    event_record(
        actor=actor,
        action="leave_request",
        obj=leave,
        changes={"session": session.pk, "deputy": deputy_id, "reason": reason},
    )
    return leave


@transaction.atomic
def leave_decide(*, actor: ActorLike, leave_id: int, approve: bool, note: str = "") -> LeaveRequest:
    """Approve (the roll line becomes on leave) or refuse a pending leave request; staff only."""
    actor = as_actor(actor)
    found = one_or_not_found(
        LeaveRequest.objects.select_related("attendance__session"), _("请假申请不存在"), pk=leave_id
    )
    spine.require(actor, found, "decide_leave")
    session = _locked(found.attendance.session_id, "decide_leave")
    # the request and its roll line locked in one read, with the deputy the Event's text names
    leave = (
        LeaveRequest.objects.select_for_update(of=("self", "attendance"))
        .select_related("attendance__deputy")
        .get(pk=leave_id)
    )
    if not leave.is_pending:
        raise ApplicationError(_("该请假申请已审批"), code="wrong_state")
    note = (note or "").strip()
    if len(note) > 200:
        raise ApplicationError(_("审批意见：不能超过 %(n)s 个字") % {"n": 200}, field="note")
    line = leave.attendance
    changes: dict = {"session": session.pk, "deputy": line.deputy_id, "approve": bool(approve)}
    if approve:
        if line.status == AttendanceStatus.PRESENT:
            raise ApplicationError(_("该代表已签到，不能批准请假"), code="wrong_state")
        changes["attendance"] = [line.status, AttendanceStatus.ON_LEAVE]
        line.status = AttendanceStatus.ON_LEAVE
        line.save(update_fields=["status"])
    decision_record(leave, user=actor.user, approve=bool(approve), decision_note=note)
    event_record(actor=actor, action="leave_decide", obj=leave, changes=changes, comment=note)
    return leave


# --- deliberation and documents ------------------------------------------------------------------
# Every state of a session allows them and nothing deletes an agenda item: they append a record to an
# item without changing it, so they take no lock.


def _item(item_id: int) -> AgendaItem:
    return one_or_not_found(AgendaItem.objects.select_related("session"), _("议程不存在"), pk=item_id)


@transaction.atomic
def deliberation_note_add(
    *, actor: ActorLike, item_id: int, delegation_id: int, text: str
) -> DeliberationNote:
    """Record a delegation's deliberation of an agenda item (代表团审议意见)."""
    actor = as_actor(actor)
    item = spine.require(actor, _item(item_id), "add_note")
    text = _text(text, field="text", label=_("审议意见"), max_length=10000)
    delegation = Delegation.objects.filter(pk=delegation_id).first()
    if delegation is None or delegation.term_id != item.session.term_id:
        raise ApplicationError(_("代表团：不是本届的代表团"), field="delegation_id")
    note = DeliberationNote.objects.create(item=item, delegation=delegation, text=text, author=actor.user)
    event_record(
        actor=actor,
        action="deliberation_note_add",
        obj=note,
        changes={"item": item.pk, "delegation": delegation.pk},
    )
    return note


@transaction.atomic
def document_add(*, actor: ActorLike, item_id: int, title: str, file) -> AgendaDocument:
    """Attach a document (report, draft resolution, list of candidates …) to an agenda item."""
    actor = as_actor(actor)
    item = spine.require(actor, _item(item_id), "add_document")
    title = _text(title, field="title", label=_("标题"), max_length=200)
    if not file:
        raise ApplicationError(_("文件：请选择文件"), field="file")
    uploads.check_upload(file, uploads.MEETING_DOCUMENT, field="file")  # allow-list, size cap, content
    document = AgendaDocument.objects.create(item=item, title=title, file=file, uploaded_by=actor.user)
    event_record(
        actor=actor,
        action="document_add",
        obj=document,
        changes={"item": item.pk, "title": title, "file": document.file.name},
    )
    return document
