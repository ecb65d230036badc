"""Who may see and do what with polls (MISSION, Users and roles; §3): the poll's policy on the spine.

| what                                        | staff, admin | leader, auditor | deputy        | others |
|---------------------------------------------|--------------|-----------------|---------------|--------|
| list / view polls (title, status, turnout)  | yes          | yes             | yes           | yes    |
| result, ballots export of a closed poll     | yes          | no              | no            | no     |
| result, ballots export of a published poll  | yes          | yes             | yes           | yes    |
| create, candidates, open, close, publish    | yes          | no              | no            | no     |
| enter paper ballots, settle mismatches      | yes          | no              | no            | no     |
| cast                                        | for a deputy | no              | own (present) | no     |

"others" are the other signed-in roles; anonymous visitors see only published polls and their results
(`Poll.objects.restrict(actor)`). A deputy casts their own ballot when on the session's roll and checked in:
the table's "voter" scope (`PollPolicy.held`). The transition table (renda.voting.workflow) says in which
states each action is possible; `PollPolicy` binds it to Poll (its guard: whether an action exists for
the poll's method and kind), so `spine.require` (services) and `spine.available_actions` (pages, API)
answer alike.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.roles import Role, has_role
from renda.meetings.choices import AttendanceStatus
from renda.meetings.models import Attendance
from renda.voting import workflow
from renda.voting.choices import PollMethod, PollStatus
from renda.voting.models import Poll

RESULT_STATES = (PollStatus.CLOSED, PollStatus.PUBLISHED)


def can_manage(user) -> bool:
    """Staff (the secretariat) and admins create, open, close and publish polls and enter paper ballots."""
    return has_role(user, Role.STAFF, Role.ADMIN)


def is_on_roll_present(deputy_id: int, poll: Poll) -> bool:
    return Attendance.objects.filter(
        session_id=poll.item.session_id, deputy_id=deputy_id, status=AttendanceStatus.PRESENT
    ).exists()


def is_eligible_voter(user, poll: Poll) -> bool:
    """A deputy on the poll's session roll who has checked in (present)."""
    deputy_id = as_actor(user).deputy_id  # the request's Actor: read once per request
    return deputy_id is not None and is_on_roll_present(deputy_id, poll)


def can_vote(user, poll: Poll) -> bool:
    """May `user` cast their own ballot in `poll` now (open, electronic, a deputy present on the roll)."""
    return (
        poll.status == PollStatus.OPEN
        and poll.method == PollMethod.ELECTRONIC
        and is_eligible_voter(user, poll)
    )


def can_view_polls(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_view_poll(user, poll: Poll) -> bool:
    """Signed-in users see every poll; anyone sees a published one (its result is public)."""
    return can_view_polls(user) or poll.status == PollStatus.PUBLISHED


def can_view_result(user, poll: Poll) -> bool:
    """The count of a published poll is public; a closed, unpublished one only the managers see."""
    if poll.status == PollStatus.PUBLISHED:
        return True
    return poll.status == PollStatus.CLOSED and can_manage(user)


can_export_ballots = can_view_result


# --- the poll on the spine ------------------------------------------------------------------------------


def seed_own_line(actor: Actor, poll: Poll, status: str | None) -> None:
    """Record the status of the actor's own line on the poll's roll, read with the poll (one query less)."""
    poll.__dict__.setdefault("_own_lines", {})[actor.pk] = status


def own_line(actor: Actor, poll: Poll) -> str | None:
    """The status of the actor's own deputy line on the poll's session roll; None: not on it, not a deputy.

    As seeded by the service that read it with the poll (`seed_own_line`), else one query — only while the
    poll is open (no other state takes a ballot, so the pages of the others ask nothing).
    """
    if "deputy" not in actor.roles:
        return None
    seeded = poll.__dict__.get("_own_lines", {})
    if actor.pk in seeded:
        return seeded[actor.pk]
    if poll.status != PollStatus.OPEN or actor.deputy_id is None:
        return None
    return (
        Attendance.objects.filter(session_id=poll.item.session_id, deputy_id=actor.deputy_id)
        .values_list("status", flat=True)
        .first()
    )


@spine.register
class PollPolicy(spine.Policy[Poll]):
    """Polls: the table of renda.voting.workflow; its variant is the poll's method and kind."""

    model = Poll
    workflow = workflow.WORKFLOW

    def held(self, actor: Actor, poll: Poll):
        present = own_line(actor, poll) == AttendanceStatus.PRESENT
        return workflow.held_pairs(actor.roles, voter=present)

    def guard(self, actor: Actor, poll: Poll, action: str) -> ApplicationError | None:
        """ "applies": the action exists for the poll's method and kind (else "not_applicable", 409). "cast"
        by a manager who is not a present voter of the poll (an entry for another deputy): only where
        workflow.entry_for_another allows it (else "own_ballot_only", 403)."""
        if (
            action == "cast"
            and not workflow.entry_for_another(secret=poll.secret, method=poll.method)
            and own_line(actor, poll) != AttendanceStatus.PRESENT
        ):
            return PermissionDenied(
                _(
                    "无记名电子表决只能由代表本人投票；需要协助的代表可使用纸质选票或协助投票终端（由代表本人确认）"
                ),
                code="own_ballot_only",
            )
        if self.workflow.guard(action) == workflow.APPLIES and not workflow.applies(
            action, method=poll.method, kind=poll.kind
        ):
            return ApplicationError(
                _("该表决不适用此操作（%(method)s）") % {"method": poll.get_method_display()},
                code="not_applicable",
                status=409,
            )
        return None

    def restrict(self, qs, actor: Actor, action: str):
        """Signed-in users see every poll; anonymous visitors only published ones."""
        return qs if actor.is_authenticated else qs.filter(status=PollStatus.PUBLISHED)

    def visible(self, actor: Actor, poll: Poll, pairs=None) -> bool:
        return actor.is_authenticated or poll.status == PollStatus.PUBLISHED

    def not_found_message(self) -> str:
        return _("未找到该表决事项")

    def forbidden_message(self, poll: Poll, action: str) -> str:
        if action == "cast":
            return _("只能由代表本人投票，或由工作人员代为录入")
        return _("只有人大工作人员可以管理表决")

    def wrong_state_message(self, poll: Poll, action: str) -> str:
        return _("表决“%(title)s”处于“%(status)s”状态，不能执行此操作") % {
            "title": poll.title,
            "status": poll.get_status_display(),
        }


def available_actions(user: ActorLike, poll: Poll) -> list[str]:
    """The actions `user` may take on `poll` now: exactly what the services accept (spine)."""
    return spine.available_actions(as_actor(user), poll)
