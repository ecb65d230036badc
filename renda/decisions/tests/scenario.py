"""Matters built through the services (the tests' shared setup): a standing-committee meeting in progress
with its members checked in (the voting engine's test setup), a matter put to it and voted."""

from __future__ import annotations

from dataclasses import dataclass

from renda.accounts.models import User
from renda.core.roles import Role
from renda.decisions import services
from renda.decisions.models import Matter
from renda.voting import services as voting
from renda.voting.tests import engine_setup
from tests.factories import user_with_role

ROLES = [*(role.value for role in Role), "anonymous"]
TITLE = "江城市人民代表大会常务委员会关于批准江城市城市轨道交通第二期建设规划的决定"
TEXT = (
    "江城市第十六届人民代表大会常务委员会第二十次会议听取和审议了市人民政府关于江城市城市轨道交通第二期建设规划的报告。\n"
    "会议决定，批准江城市城市轨道交通第二期建设规划。\n"
    "市人民政府应当在本决定通过之日起六个月内向市人民代表大会常务委员会报告执行情况。"
)


@dataclass
class World:
    staff: User
    users: dict


def world(prefix: str = "dm") -> World:
    users = {r: None if r == "anonymous" else user_with_role(r, username=f"{prefix}-{r}") for r in ROLES}
    staff = users["staff"]
    assert staff is not None
    return World(staff, users)


def matter(w: World, **extra) -> Matter:
    data = {
        "title": "关于江城市城市轨道交通第二期建设规划的议案",
        "submitter": "government",
        "report": "市人民政府关于提请审议江城市城市轨道交通第二期建设规划的议案及说明。",
        "kind": "decision",
        "decision_title": TITLE,
        "decision_text": TEXT,
        **extra,
    }
    return services.matter_create(actor=w.staff, **data)


def meeting(w: World, n: int = 15, present: int = 12) -> engine_setup.Setup:
    """A standing-committee meeting in progress: `n` members on the roll, the first `present` checked in."""
    return engine_setup.build(n, present=present, kind="standing_committee", staff=w.staff, prefix="常委")


def vote(s: engine_setup.Setup, poll_id: int, yes: int, no: int = 0, abstain: int = 0) -> None:
    """The members present cast their own ballots, in roll order: yes, then no, then abstain."""
    marks = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    for deputy, user, mark in zip(s.deputies, s.users, marks, strict=False):
        voting.ballot_cast(actor=user, poll_id=poll_id, deputy_id=deputy.pk, payload={"choice": mark})


def adopted(w: World, s: engine_setup.Setup | None = None, yes: int = 9) -> Matter:
    s = s or meeting(w)
    m = matter(w)
    services.matter_schedule(actor=w.staff, matter_id=m.pk, session_id=s.session.pk)
    m = services.vote_open(actor=w.staff, matter_id=m.pk)
    assert m.poll_id is not None
    vote(s, m.poll_id, yes=yes, no=2, abstain=1)
    return services.vote_close(actor=w.staff, matter_id=m.pk)
