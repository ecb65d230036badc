"""Casting a ballot electronically: one deputy, one ballot, secret polls unlinkable (see the package)."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.roles import Role, has_role
from renda.core.services import event_record
from renda.meetings.choices import AttendanceStatus
from renda.meetings.models import Attendance
from renda.meetings.permissions import deputy_for
from renda.voting.choices import BallotSource
from renda.voting.models import Ballot, VoterMark, random_key
from renda.voting.permissions import can_manage
from renda.voting.services._base import _lock_shared, _require_state, validate_payload


def _mark_voted(poll_id: int, deputy_id: int, source: str) -> bool:
    """Insert the VoterMark unless the deputy has one: True if inserted now.

    INSERT … ON CONFLICT DO NOTHING on the unique (poll, deputy): a retry, even one racing the first call,
    inserts nothing and raises nothing (PostgreSQL; SQLite 3.24+), in one statement.
    """
    table = VoterMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (poll_id, deputy_id, source) VALUES (%s, %s, %s) "
            "ON CONFLICT (poll_id, deputy_id) DO NOTHING",
            [poll_id, deputy_id, source],
        )
        return cursor.rowcount == 1


@transaction.atomic
def ballot_cast(
    *, actor, poll_id: int, deputy_id: int, payload, source: str = BallotSource.ELECTRONIC
) -> bool:
    """Record one deputy's ballot: True if recorded now, False if the deputy had already voted.

    A deputy casts their own ballot (must be on the roll and checked in); staff may enter one for such a
    deputy (recorded as source "staff" on the VoterMark). Idempotent under retries: a second call for the same
    deputy answers False and adds nothing (the VoterMark unique constraint decides, even for two calls at
    the same instant). Refused when the poll is not open. Secret polls write no Event (see the module's
    docstring); named polls record the vote in the audit trail.
    """
    poll = _lock_shared(poll_id)
    if source not in (BallotSource.ELECTRONIC, BallotSource.STAFF):
        raise ApplicationError(_("投票方式无效"), field="source")
    # One query: is the deputy on this session's roll and checked in, and whose account is it.
    lines = list(
        Attendance.objects.filter(session_id=poll.session_id, deputy_id=deputy_id)
        .order_by()
        .values_list("status", "deputy__user_id")[:1]
    )
    line = lines[0] if lines else None
    own = line is not None and line[1] == actor.pk and has_role(actor, Role.DEPUTY)
    if own:
        source = BallotSource.ELECTRONIC
    elif can_manage(actor):
        source = BallotSource.STAFF
    else:
        mine = deputy_for(actor)  # only on this refusal path: a deputy not on the roll is told so
        if mine is None or mine.pk != deputy_id:
            raise PermissionDenied(_("只能由代表本人投票，或由工作人员代为录入"))
    _require_state(poll, "cast")
    if line is None or line[0] != AttendanceStatus.PRESENT:
        raise ApplicationError(
            _("该代表不在本次会议名单上或尚未签到，不能投票"),
            field="deputy_id",
            code="not_present",
            status=409,
        )
    stored = validate_payload(poll, payload)
    if not _mark_voted(poll.pk, deputy_id, source):
        return False
    Ballot.objects.create(
        id=random_key(),
        poll_id=poll.pk,
        deputy_id=None if poll.secret else deputy_id,
        payload=stored,
        source=BallotSource.ELECTRONIC if poll.secret else source,
    )
    if not poll.secret:
        event_record(
            actor=actor,
            action="ballot_cast",
            obj=poll,
            changes={"deputy": deputy_id, "ballot": stored, "source": source},
        )
    return True
