"""Who may see and do what with sessions (MISSION, Users and roles; §3): the table of
renda.meetings.workflow bound to the models (ARCHITECTURE, "The spine").

| what                               | staff, admin | leader, auditor | deputy           | others | anon |
|------------------------------------|--------------|-----------------|------------------|--------|------|
| list / view sessions and agenda    | yes          | yes             | yes              | yes    | no   |
| the whole roll (attendance lines)  | yes          | yes             | own line only    | none   | no   |
| create, agenda, roll, start, close | yes          | no              | no               | no     | no   |
| check in, ask for leave            | anyone       | no              | self, on roll    | no     | no   |
| approve / refuse leave             | yes          | no              | no               | no     | no   |

Every object below answers to the session's table in the session's state: `SessionPolicy` for a session
(on it, "check_in" means checking anyone in: staff), `RollLinePolicy` for one deputy's line of its roll
(check in, ask for leave: a deputy holds the scope "self" on their own line only; whether the deputy is on
the roll is the service's question, under the lock: "not_on_roll"), `LeavePolicy` for a leave request and
`AgendaItemPolicy` for an agenda item (notes and documents).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.core.roles import READ_ALL_ROLES, Role, has_role
from renda.core.workflow import Pair, role_pairs
from renda.deputies.models import Deputy
from renda.meetings import selectors, workflow
from renda.meetings.choices import SessionStatus
from renda.meetings.models import AgendaItem, Attendance, LeaveRequest, Session

STATUS_LABELS = dict(SessionStatus.choices)


def _wrong_state_messages() -> dict[str, str]:
    return {
        "open_check_in": _("会议%(status)s，不能开始签到"),
        "start": _("会议%(status)s，不能宣布开会"),
        "close": _("会议%(status)s，不能闭会"),
        "check_in": _("会议%(status)s，不能签到"),
        "request_leave": _("会议%(status)s，不能请假"),
        "decide_leave": _("会议%(status)s，不能审批请假"),
        "add_item": _("会议%(status)s，不能再增加议程"),
    }


class _SessionTable(spine.Policy):
    """What sessions and their roll lines share: the table, its messages, and that every signed-in user
    sees every session (so the scope is decided without a query)."""

    workflow = workflow.WORKFLOW
    signed_in_scope = True  # restrict() and visible() below: every signed-in user, no roles read

    def session_of(self, obj) -> Session:
        return obj

    def held(self, actor: Actor, obj) -> frozenset[Pair]:
        return role_pairs(actor.roles)

    def restrict(self, qs: QuerySet, actor: Actor, action: str) -> QuerySet:
        """Every signed-in user reads every session and its agenda; anonymous nothing."""
        return qs if actor.is_authenticated else qs.none()

    def state(self, obj) -> str:
        return str(self.session_of(obj).status)

    def visible(self, actor: Actor, obj, pairs=None) -> bool:
        return actor.is_authenticated

    def not_found_message(self) -> str:
        return _("会议不存在")

    def forbidden_message(self, obj, action: str) -> str:
        if action == "check_in":
            return _("代表只能为本人签到")
        if action == "request_leave":
            return _("代表只能为本人请假")
        return _("只有人大工作人员可以管理会议")

    def wrong_state_message(self, obj, action: str) -> str:
        status = self.state(obj)
        message = _wrong_state_messages().get(action, _("会议%(status)s，不能执行此操作"))
        return message % {"status": STATUS_LABELS.get(status, status)}


@spine.register
class SessionPolicy(_SessionTable):
    model = Session

    def guard(self, actor: Actor, obj: Session, action: str) -> ApplicationError | None:
        if self.workflow.guard(action) != "quorate":
            return None
        summary = session_summary(obj)
        if summary["quorum_met"]:
            return None
        return ApplicationError(
            _("未达法定人数：应到 %(total)s 人，实到 %(present)s 人，至少需要 %(required)s 人")
            % {
                "total": summary["roll_size"],
                "present": summary["present"],
                "required": summary["quorum_required"],
            },
            code="no_quorum",
            status=409,
        )


@spine.register
class RollLinePolicy(_SessionTable):
    """One deputy's line of a session's roll (an unsaved line stands for a deputy not on the roll)."""

    model = Attendance
    item_actions = workflow.LINE_ACTIONS
    signed_in_scope = False  # the roll is scoped by role (restrict below)

    def session_of(self, obj: Attendance) -> Session:
        return obj.session

    def held(self, actor: Actor, obj: Attendance) -> frozenset[Pair]:
        pairs = role_pairs(actor.roles)
        if actor.has_role(Role.DEPUTY) and obj.deputy_id is not None and obj.deputy_id == actor.deputy_id:
            pairs |= {(Role.DEPUTY.value, workflow.SELF)}
        return pairs

    def restrict(self, qs: QuerySet[Attendance], actor: Actor, action: str) -> QuerySet[Attendance]:
        """The whole roll for the read-all roles, a deputy's own line, else none."""
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        if actor.deputy_id is not None:
            return qs.filter(deputy_id=actor.deputy_id)
        return qs.none()


@spine.register
class LeavePolicy(_SessionTable):
    """A leave request, decided in its session's state."""

    model = LeaveRequest
    item_actions = ("decide_leave",)

    def session_of(self, obj: LeaveRequest) -> Session:
        return obj.attendance.session


@spine.register
class AgendaItemPolicy(_SessionTable):
    """An agenda item: its deliberation notes and documents follow its session's state."""

    model = AgendaItem
    item_actions = ("add_note", "add_document")

    def session_of(self, obj: AgendaItem) -> Session:
        return obj.session


def session_summary(session: Session) -> dict:
    """The roll's summary (selectors.attendance_summary), read once per session object: a page shows it
    and its buttons ask it (the quorum guard)."""
    cached = session.__dict__.get("_attendance_summary")
    if cached is None:
        cached = session.__dict__["_attendance_summary"] = selectors.attendance_summary(session)
    return cached


def roll_line(session: Session, deputy_id: int | None) -> Attendance:
    """The target of a deputy's check-in or leave request: their line of the roll as the table sees it
    (unsaved: whether it is on the roll is read under the lock)."""
    return Attendance(session=session, deputy_id=deputy_id or 0)  # 0: no deputy, a line nobody holds


# --- page gates (derived from the table) --------------------------------------------------------------


def can_manage(user: ActorLike) -> bool:
    """Staff (the secretariat) and admins run sessions: agenda, roll, check-in for others, leave."""
    return workflow.WORKFLOW.permitted("create", role_pairs(as_actor(user).roles))


def can_view_sessions(user: ActorLike) -> bool:
    return as_actor(user).is_authenticated


def can_view_roll(user: ActorLike) -> bool:
    """The whole roll, with every deputy's attendance."""
    return as_actor(user).has_role(*READ_ALL_ROLES)


def deputy_for(user) -> Deputy | None:
    """The deputy record (with its delegation) of a signed-in user holding the deputy role, or None.
    (Voting reads it; the meetings app reads `actor.deputy_id`.)"""
    if not has_role(user, Role.DEPUTY):
        return None
    return Deputy.objects.filter(user=user).select_related("delegation").first()
