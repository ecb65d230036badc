"""Data for the voting engine's tests: a session in progress with a roll of deputies checked in.

Built directly with the models (bulk inserts, so that a roll of 3,000 takes a second), not through the
meetings services: these tests are about the voting engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from renda.accounts.models import RoleAssignment, User
from renda.core.idnumber import with_check_char
from renda.core.roles import Role
from renda.deputies.models import Deputy
from renda.meetings.choices import AgendaKind, AttendanceStatus, SessionKind, SessionStatus
from renda.meetings.models import AgendaItem, Attendance, Session
from renda.organization.models import Congress, Delegation, Term
from renda.voting import services
from renda.voting.choices import Nomination
from tests.factories import user_with_role


@dataclass
class Setup:
    session: Session
    item: AgendaItem
    staff: User
    deputies: list[Deputy]
    users: list[User] = field(default_factory=list)  # users[i] is deputies[i]'s account (if made)

    @property
    def election_item(self) -> AgendaItem:
        return AgendaItem.objects.get_or_create(
            session=self.session, order=2, defaults={"kind": AgendaKind.ELECTION, "title": "选举"}
        )[0]


def build(
    n: int = 10,
    *,
    present: int | None = None,
    with_users: bool = True,
    kind: str = SessionKind.CONGRESS,
    level: str = "city",
    status: str = SessionStatus.IN_PROGRESS,
    staff: User | None = None,
    prefix: str = "投票代表",
) -> Setup:
    """A congress with `n` deputies on the roll of a session in progress, the first `present` checked in."""
    present = n if present is None else present
    congress, _ = Congress.objects.get_or_create(
        name="江临市人民代表大会", defaults={"level": level, "region": "江临市"}
    )
    if congress.level != level:
        congress.level = level
        congress.save(update_fields=["level"])
    term, _ = Term.objects.get_or_create(
        congress=congress, number=16, defaults={"start_date": dt.date(2022, 1, 1), "is_current": True}
    )
    delegation, _ = Delegation.objects.get_or_create(term=term, name="投票测试代表团", defaults={"order": 1})
    base = Deputy.objects.count()
    users: list[User] = []
    if with_users:
        users = User.objects.bulk_create(
            [User(username=f"vote-dep-{base + i}", display_name=f"{prefix}{i:04d}") for i in range(n)]
        )
        if not all(u.pk for u in users):  # SQLite before 3.35 returns no ids
            users = list(User.objects.filter(username__startswith="vote-dep-").order_by("id"))[-n:]
        RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.DEPUTY) for u in users])
    Deputy.objects.bulk_create(
        [
            Deputy(
                term=term,
                delegation=delegation,
                name=f"{prefix}{i:04d}",
                gender="M",
                ethnicity="汉族",
                birth_date=dt.date(1975, 5, 17),
                id_number=with_check_char(f"3301021975{base + i:07d}"),
                party="cpc",
                occupation="professional",
                workplace="江临市测试单位",
                card_number=f"V{base + i:06d}",
                user=users[i] if users else None,
            )
            for i in range(n)
        ]
    )
    deputies = list(Deputy.objects.filter(term=term, card_number__startswith="V").order_by("card_number"))[
        -n:
    ]
    number = Session.objects.filter(term=term).count() + 1
    session = Session.objects.create(
        term=term,
        kind=kind,
        number=number,
        title=f"第{number}次会议",
        start_date=dt.date(2026, 1, 10),
        status=status,
        roll_size=n,
    )
    on_roll(session, deputies, present)
    item = AgendaItem.objects.create(session=session, order=1, kind=AgendaKind.RESOLUTION, title="决议草案")
    staff = staff or user_with_role(Role.STAFF, username="vote-staff")
    return Setup(session=session, item=item, staff=staff, deputies=deputies, users=users)


def on_roll(session: Session, deputies: list, present: int) -> None:
    """`deputies` on the session's roll, the first `present` checked in (themselves, now)."""
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                deputy=d,
                status=AttendanceStatus.PRESENT if i < present else AttendanceStatus.EXPECTED,
                checked_in_at=now if i < present else None,
                method="self" if i < present else "",
            )
            for i, d in enumerate(deputies)
        ]
    )


def open_motion(s: Setup, *, secret: bool = True, method: str = "electronic", title: str = "关于决议草案"):
    poll = services.poll_create(
        actor=s.staff, item_id=s.item.pk, kind="motion", title=title, secret=secret, method=method
    )
    if method == "paper":
        services.paper_issue(actor=s.staff, poll_id=poll.pk, issued=len(s.deputies))
    return services.poll_open(actor=s.staff, poll_id=poll.pk)


def election(
    s: Setup, *, names=("甲", "乙"), seats: int = 1, post_kind: str = "head", method="electronic", open=True
):
    """An election with presidium-nominated candidates (a head post: one seat, two candidates)."""
    poll = services.poll_create(
        actor=s.staff,
        item_id=s.election_item.pk,
        kind="election",
        title="选举主任",
        seats=seats,
        post="主任",
        post_kind=post_kind,
        method=method,
    )
    ids = []
    presidium = max(seats, 1)
    for i, name in enumerate(names):
        nomination = Nomination.PRESIDIUM if i < presidium else Nomination.JOINT
        sponsors = [] if nomination == Nomination.PRESIDIUM else [d.pk for d in s.deputies[:20]]
        if nomination == Nomination.JOINT:
            # each joint nomination by its own 20 deputies, so no one names more than the seats
            start = 20 * (i - presidium)
            sponsors = [d.pk for d in s.deputies[start : start + 20]]
        ids.append(
            services.candidate_add(
                actor=s.staff, poll_id=poll.pk, name=name, nomination=nomination, nominator_ids=sponsors
            ).pk
        )
    if method == "paper":
        services.paper_issue(actor=s.staff, poll_id=poll.pk, issued=len(s.deputies))
    if open:
        poll = services.poll_open(actor=s.staff, poll_id=poll.pk)
    return poll, ids


def stored_ballots(poll) -> list[dict]:
    """The ballots of `poll` as stored, in no order: the opened Ballot rows, and — while a sealed poll is open
    — its sealed ballots opened with the key from the key store (the test plays the counting server)."""
    from renda.voting import keystore, sealing
    from renda.voting.models import Ballot, SealedBallot

    payloads = list(Ballot.objects.filter(poll_id=poll.pk).values_list("payload", flat=True))
    boxes = [bytes(b) for b in SealedBallot.objects.filter(poll_id=poll.pk).values_list("box", flat=True)]
    if boxes:
        private = keystore.get(poll.pk)
        assert private is not None, "a sealed poll without its key"
        payloads += [sealing.open_ballot(private, box) for box in boxes]
    return payloads
