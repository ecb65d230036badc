"""Who may see and do what with polls (MISSION, Users and roles; §3).

| what                                        | staff, admin | leader, auditor | deputy        | others |
|---------------------------------------------|--------------|-----------------|---------------|--------|
| list / view polls (title, status, turnout)  | yes          | yes             | yes           | yes    |
| result, ballots export of a closed poll     | yes          | no              | no            | no     |
| result, ballots export of a published poll  | yes          | yes             | yes           | yes    |
| create, candidates, open, close, publish    | yes          | no              | no            | no     |
| enter paper ballots, settle mismatches      | yes          | no              | no            | no     |
| cast                                        | for a deputy | no              | own (present) | no     |

"others" are the other signed-in roles; anonymous visitors see only published polls and their results. A
deputy casts their own ballot when on the session's roll and checked in.
The transition table (renda.voting.workflow) says in which states each action is possible.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from renda.core.roles import Role, has_role
from renda.meetings.choices import AttendanceStatus
from renda.meetings.models import Attendance
from renda.meetings.permissions import deputy_for
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
    deputy = deputy_for(user)
    return deputy is not None and is_on_roll_present(deputy.pk, poll)


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


def available_actions(user, poll: Poll) -> list[str]:
    """The actions `user` may take on `poll` now (templates and the API draw buttons from this list).

    The transition table (workflow.actions_for) applied to the user's roles and, for "cast", whether the
    user is a deputy present on the roll (one query, only while the poll is open).
    """
    manager = can_manage(user)
    voter = poll.status == PollStatus.OPEN and is_eligible_voter(user, poll)
    return workflow.actions_for(
        state=poll.status, method=poll.method, kind=poll.kind, manager=manager, voter=voter
    )


def scope_for(user) -> QuerySet[Poll]:
    """The polls `user` may see; a poll outside answers 404."""
    qs = Poll.objects.select_related("item__session")
    if can_view_polls(user):
        return qs
    return qs.filter(Q(status=PollStatus.PUBLISHED))
