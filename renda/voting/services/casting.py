"""Casting a ballot electronically: one deputy, one ballot, secret polls unlinkable (see the package)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from renda.core import rawmodels, spine
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.services import event_record
from renda.deputies.models import Deputy
from renda.meetings.choices import AttendanceStatus
from renda.meetings.models import AgendaItem, Attendance
from renda.voting import sealing
from renda.voting.choices import BallotSource, PollMethod
from renda.voting.models import Ballot, Poll, SealedBallot, VoterMark, random_key
from renda.voting.permissions import can_manage, own_line, seed_own_line
from renda.voting.services._base import _lock_shared, validate_payload


def _mark_voted(poll_id: int, deputy_id: int, source: str, cursor: Any = None) -> bool:
    """Insert the VoterMark unless the deputy has one: True if inserted now (on `cursor`, else a new one).

    INSERT … ON CONFLICT DO NOTHING on the unique (poll, deputy): a retry, even one racing the first call,
    inserts nothing and raises nothing (PostgreSQL; SQLite 3.24+), in one statement.
    """
    if cursor is None:
        with connection.cursor() as own:
            return _mark_voted(poll_id, deputy_id, source, own)
    cursor.execute(
        f"INSERT INTO {VoterMark._meta.db_table} (poll_id, deputy_id, source) VALUES (%s, %s, %s) "
        "ON CONFLICT (poll_id, deputy_id) DO NOTHING",
        [poll_id, deputy_id, source],
    )
    return bool(cursor.rowcount == 1)


def _insert_box(cursor: Any, poll_id: int, box: bytes) -> None:
    """The sealed ballot, by raw SQL (the hot path of a vote: no model instance, no ORM statement)."""
    cursor.execute(
        f"INSERT INTO {SealedBallot._meta.db_table} (id, poll_id, box) VALUES (%s, %s, %s)",
        [random_key(), poll_id, box],
    )


# The poll's fields a cast reads (the policy, the ballot's check, the seal, a named poll's Event); the others
# (dates, result, receipts…) are deferred: converting them cost more than the query (bench/cast_profile.py).
CAST_FIELDS = ("id", "item_id", "kind", "title", "secret", "method", "status", "options", "public_key")


@functools.cache
def _cast_columns() -> str:
    return ", ".join(f"p.{Poll._meta.get_field(f).column}" for f in CAST_FIELDS)


def _poll_for_cast(actor: Actor, poll_id: int) -> Poll:
    """The poll, unlocked, with its session id and — for a deputy — the status of the actor's own line on that
    session's roll, in one raw query (the hot path: no ORM query to compile); the policy's "voter" reads the
    line from there. A deputy's own Deputy record (Deputy.user, one per account) is found in the same query
    when the actor has not read it yet. Its scope is spine.require's (PollPolicy.visible, no query): outside
    it, NotFound."""
    found, line = "NULL", "NULL"  # the deputy id found here (when not read yet), their line's status
    params: list[object] = []
    if "deputy" in actor.roles:
        if actor.deputy_id_read:
            own, params = "%s", [actor.deputy_id]
        else:
            found = own = f"(SELECT d.id FROM {Deputy._meta.db_table} d WHERE d.user_id = %s)"
            params = [actor.pk, actor.pk]
        line = (
            f"(SELECT l.status FROM {Attendance._meta.db_table} l "
            f"WHERE l.session_id = a.session_id AND l.deputy_id = {own} LIMIT 1)"
        )
    sql = (
        f"SELECT {_cast_columns()}, a.session_id AS session_id, {found} AS own_deputy_id, "
        f"{line} AS own_status "
        f"FROM {Poll._meta.db_table} p JOIN {AgendaItem._meta.db_table} a ON a.id = p.item_id WHERE p.id = %s"
    )
    polls = rawmodels.fetch(Poll, sql, [*params, poll_id])  # Poll.objects.raw, set up once
    if not polls:
        raise NotFound(_("未找到该表决事项"))
    if "deputy" in actor.roles and not actor.deputy_id_read:
        actor.seed_deputy_id(polls[0].own_deputy_id)
    seed_own_line(actor, polls[0], polls[0].own_status)
    return polls[0]


def _not_present() -> ApplicationError:
    return ApplicationError(
        _("该代表不在本次会议名单上或尚未签到，不能投票"), field="deputy_id", code="not_present", status=409
    )


def ballot_cast(
    *, actor: ActorLike, poll_id: int, deputy_id: int, payload, source: str = BallotSource.ELECTRONIC
) -> bool:
    """Record one deputy's ballot: True if recorded now, False if the deputy had already voted
    (`ballot_cast_receipt` without the receipt)."""
    return ballot_cast_receipt(
        actor=actor, poll_id=poll_id, deputy_id=deputy_id, payload=payload, source=source
    )[0]


def ballot_cast_receipt(
    *,
    actor: ActorLike,
    poll_id: int,
    deputy_id: int | None,
    payload,
    source: str = BallotSource.ELECTRONIC,
    assisted_by: ActorLike | None = None,
    also: Callable[[], None] | None = None,
) -> tuple[bool, str]:
    """Record one deputy's ballot: (recorded now, receipt). False if the deputy had already voted.
    `deputy_id` None: the actor's own ballot (their deputy record is read in the poll's query).

    A deputy casts their own ballot (must be on the roll and checked in: the table's "voter"). Staff may enter
    one for such a deputy (recorded as source "staff" on the VoterMark) only in a named or a paper poll: a
    secret electronic ballot is the deputy's own (选举法 第四十条) — refused. A deputy who needs help votes
    at an assisted terminal: the deputy is the actor (confirms the ballot in their own session),
    `assisted_by` the staff member who helped; the VoterMark says "assisted" and an Event records who
    assisted whom — never the choice.

    Secret electronic polls: the ballot is sealed to the poll's public key (renda.voting.sealing) before it
    is written, in the same transaction as the voter mark; the receipt is the sealed ballot's fingerprint
    ("" for a named poll, and for a retry: the first cast's receipt was shown then).

    Checked by spine.require before the poll's row is locked (FOR SHARE), its state checked again under the
    lock. Idempotent under retries: a second call for the same deputy answers False and adds nothing (the
    VoterMark unique constraint decides, even for two calls at the same instant). Refused when the poll is
    not open. Secret polls write no Event of the cast (see the package's docstring); named polls record the
    vote in the audit trail.

    `also`: a caller's own write committed in the same transaction, before the mark (the API's lean path:
    its token's last use — one commit per cast instead of two; rolled back with a refused cast).
    """
    actor = as_actor(actor)
    if source not in (BallotSource.ELECTRONIC, BallotSource.STAFF):
        raise ApplicationError(_("投票方式无效"), field="source")
    poll = _poll_for_cast(actor, poll_id)
    if deputy_id is None:  # the actor's own ballot: their deputy id, found by the query above (no other)
        deputy_id = actor.deputy_id
        if deputy_id is None:
            raise ApplicationError(_("请指定代表"), field="deputy_id")
    own = actor.deputy_id is not None and actor.deputy_id == deputy_id
    try:
        spine.require(actor, poll, "cast")
    except PermissionDenied:
        if own and own_line(actor, poll) is not None:  # on the roll, not checked in: told so
            raise _not_present() from None
        raise
    helper = None
    if own and own_line(actor, poll) == AttendanceStatus.PRESENT:
        source = BallotSource.ELECTRONIC
        if assisted_by is not None:
            helper = as_actor(assisted_by)
            if not can_manage(helper):
                raise PermissionDenied(_("协助投票须由人大工作人员协助"))
            source = BallotSource.ASSISTED
    elif can_manage(actor):
        if poll.secret and poll.method == PollMethod.ELECTRONIC:
            raise PermissionDenied(
                _(
                    "无记名电子表决只能由代表本人投票；需要协助的代表可使用纸质选票或协助投票终端（由代表本人确认）"
                )
            )
        source = BallotSource.STAFF
        status = (
            Attendance.objects.filter(session_id=poll.session_id, deputy_id=deputy_id)
            .values_list("status", flat=True)
            .first()
        )
        if status != AttendanceStatus.PRESENT:
            raise _not_present()
    else:  # a present deputy entering someone else's ballot
        raise PermissionDenied(_("只能由代表本人投票，或由工作人员代为录入"))
    stored = validate_payload(poll, payload)
    box = sealing.seal_ballot(bytes.fromhex(poll.public_key), stored) if poll.public_key else None
    with transaction.atomic():
        _lock_shared(poll, "cast")
        if also is not None:
            also()
        if not _mark_voted(poll.pk, deputy_id, source):
            return False, ""
        if box is not None:
            with connection.cursor() as cursor:
                _insert_box(cursor, poll.pk, box)
        else:
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
        if helper is not None:
            event_record(
                actor=helper,
                action="ballot_assisted",
                obj=poll,
                changes={"deputy": deputy_id, "assisted_by": helper.pk},
            )
    return True, sealing.fingerprint(box) if box is not None else ""


# --- the phones' cast, lean (renda.api.fastcast) ----------------------------------------------------------


@functools.cache
def _own_sql() -> str:
    """The poll's cast fields and the status of one deputy's line on its session's roll."""
    return (
        f"SELECT {_cast_columns()}, (SELECT l.status FROM {Attendance._meta.db_table} l "
        f"WHERE l.session_id = a.session_id AND l.deputy_id = %s LIMIT 1) AS own_status "
        f"FROM {Poll._meta.db_table} p JOIN {AgendaItem._meta.db_table} a ON a.id = p.item_id WHERE p.id = %s"
    )


def ballot_cast_own_sealed(
    *, actor: Actor, poll_id: int, payload, also: Callable[[Any], None] | None = None
) -> tuple[bool, str] | None:
    """A present deputy's own ballot in a sealed secret electronic poll — the phones' cast, 3,000 at once —
    on one cursor: (recorded now, receipt) as `ballot_cast_receipt` answers it, by the same steps (the
    poll read with the deputy's roll line, spine.require, validate_payload, the seal, then in one
    transaction the shared lock with the state checked again, `also(cursor)`, the voter mark, the box), its
    statements on the driver's cursor (rawmodels.lean_cursor).

    None when the cast is not that case — no deputy record, not present on the roll, a named or unsealed
    poll, no such poll — and before anything is written: the caller then goes the general way
    (`ballot_cast_receipt`), which decides and words any refusal. A refusal of the policy or of the ballot
    raises as there. `also`: as in `ballot_cast_receipt`, run on the cast's cursor."""
    deputy_id = actor.deputy_id
    if deputy_id is None:
        return None
    with rawmodels.lean_cursor() as cursor:
        cursor.execute(_own_sql(), [deputy_id, poll_id])
        rows = cursor.fetchall()
        if not rows:
            return None
        names = tuple(column[0] for column in cursor.description)
        poll = rawmodels.build(Poll, names, rows)[0]
        line = poll.own_status
        if line != AttendanceStatus.PRESENT or not (poll.secret and poll.public_key):
            return None
        seed_own_line(actor, poll, line)
        spine.require(actor, poll, "cast")
        box = sealing.seal_ballot(bytes.fromhex(poll.public_key), validate_payload(poll, payload))
        with rawmodels.lean_atomic():
            _lock_shared(poll, "cast")
            if also is not None:
                also(cursor)
            if not _mark_voted(poll.pk, deputy_id, BallotSource.ELECTRONIC, cursor):
                return False, ""
            _insert_box(cursor, poll.pk, box)
    return True, sealing.fingerprint(box)
