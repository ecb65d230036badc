"""Reads of sessions, agenda and the roll. Lists start from `Model.objects.restrict(actor, action)` (the
policies of renda.meetings.permissions); outside it → 404."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from renda.core.actors import ActorLike
from renda.core.http import get_scoped_or_404
from renda.deputies.models import Deputy
from renda.meetings import rules
from renda.meetings.choices import AttendanceStatus, LeaveStatus
from renda.meetings.models import AgendaItem, Attendance, DeliberationNote, LeaveRequest, Session


def sessions_for(actor: ActorLike) -> QuerySet[Session]:
    """The sessions `actor` may see (every one for a signed-in user, none for anonymous), newest first."""
    qs = Session.objects.restrict(actor, "view").select_related("term__congress")
    return qs.order_by("-start_date", "-id")


def session_for_view(*, user: ActorLike, pk: int) -> Session:
    return get_scoped_or_404(sessions_for(user), pk=pk)


def attendance_counts(session: Session) -> dict[str, int]:
    """{status: number} of the session's roll, in one query."""
    agg = Attendance.objects.filter(session_id=session.pk).aggregate(
        **{status: Count("id", filter=Q(status=status)) for status in AttendanceStatus.values}
    )
    return {status: agg[status] or 0 for status in AttendanceStatus.values}


def attendance_summary(session: Session) -> dict:
    """The live attendance of a session and whether it is quorate (renda.meetings.rules).

    roll_size is the number entitled to attend, fixed when the roll was drawn up: the quorum's
    denominator (组织法 第14条: all deputies; 第51条: all members). Before the roll exists (roll_size 0)
    nothing is quorate.
    """
    counts = attendance_counts(session)
    total = session.roll_size
    present = counts[AttendanceStatus.PRESENT]
    if total > 0:
        met = rules.quorum_met(min(present, total), total, body=session.kind)
        required = rules.quorum_required(total, body=session.kind)
    else:
        met, required = False, 0
    return {
        "roll_size": total,
        "present": present,
        "on_leave": counts[AttendanceStatus.ON_LEAVE],
        "expected": counts[AttendanceStatus.EXPECTED],
        "absent": counts[AttendanceStatus.ABSENT],
        "quorum_met": met,
        "quorum_required": required,
    }


def agenda_for(session: Session) -> list[AgendaItem]:
    """The agenda with its documents and deliberation notes, in three queries whatever its length."""
    return list(
        AgendaItem.objects.filter(session_id=session.pk)
        .order_by("order", "id")
        .prefetch_related(
            "documents",
            Prefetch(
                "deliberation_notes",
                queryset=DeliberationNote.objects.select_related("delegation").order_by(
                    "delegation__order", "id"
                ),
            ),
        )
    )


def roll_for(*, user: ActorLike, session: Session, status: str = "") -> QuerySet[Attendance]:
    """The roll lines `user` may see: all of them for the read-all roles, a deputy's own line, else none.

    Each line carries its deputy and delegation and the pending leave requests, in a constant number of
    queries whatever the roll's size.
    """
    qs = Attendance.objects.restrict(user, "view").filter(session_id=session.pk)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("deputy__delegation", "checked_in_by")
        .prefetch_related(
            Prefetch(
                "leave_requests",
                queryset=LeaveRequest.objects.filter(status=LeaveStatus.REQUESTED).order_by("id"),
                to_attr="pending_leave",
            )
        )
        .order_by("deputy__delegation__order", "deputy__card_number", "id")
    )


def attendance_of(*, session: Session, deputy: Deputy | int | None) -> Attendance | None:
    """The deputy's (a Deputy or its id) line of the session's roll, or None."""
    deputy_id = deputy.pk if isinstance(deputy, Deputy) else deputy
    if deputy_id is None:
        return None
    line = Attendance.objects.filter(session_id=session.pk, deputy_id=deputy_id).first()
    if line is not None:
        line.session = session
    return line


def leave_requests_of(attendance: Attendance | None) -> list[LeaveRequest]:
    if attendance is None:
        return []
    return list(attendance.leave_requests.order_by("-created_at", "-id"))


def pending_leave(session: Session) -> QuerySet[LeaveRequest]:
    return (
        LeaveRequest.objects.filter(attendance__session_id=session.pk, status=LeaveStatus.REQUESTED)
        .select_related("attendance__deputy__delegation", "requested_by")
        .order_by("created_at", "id")
    )


def leave_of(session: Session, leave_id: int) -> LeaveRequest | None:
    """A leave request of the session's roll (any status), or None."""
    leave = (
        LeaveRequest.objects.select_related("attendance")
        .filter(attendance__session_id=session.pk, pk=leave_id)
        .first()
    )
    if leave is not None:
        leave.attendance.session = session
    return leave


def running_session() -> Session | None:
    """The session the secretariat runs now (for the voting console's link on the home page): the latest
    in check-in or in progress, else the next planned one."""
    live = Session.objects.filter(status__in=["check_in", "in_progress"]).order_by("-start_date", "-id")
    planned = Session.objects.filter(status="planned").order_by("start_date", "id")
    return live.first() or planned.first()


def current_session_for(user) -> Session | None:
    """The session a deputy should check in to now: the latest one in check-in or in progress with them on
    the roll (for the phone's home link)."""
    return (
        Session.objects.filter(roll__deputy__user=user, status__in=["check_in", "in_progress"])
        .order_by("-start_date", "-id")
        .first()
    )
