"""Lists built through the services (the tests' shared setup), on controlled days (time-machine)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

import time_machine

from renda.accounts.models import User
from renda.appointments import services
from renda.appointments.models import Case
from renda.core.roles import Role
from renda.meetings.choices import SessionKind
from tests.factories import SessionFactory, user_with_role

ROLES = [*(role.value for role in Role), "anonymous"]
D = dt.date
DAY = D(2026, 3, 2)  # a Monday


@dataclass
class World:
    staff: User
    users: dict


def world(prefix: str = "a") -> World:
    users = {r: None if r == "anonymous" else user_with_role(r, username=f"{prefix}-{r}") for r in ROLES}
    staff = users["staff"]
    assert staff is not None
    return World(staff, users)


@contextmanager
def on(day: dt.date):
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC), tick=False):
        yield


def meeting():
    return SessionFactory(
        kind=SessionKind.STANDING_COMMITTEE, start_date=DAY, title="市十六届人大常委会第二十次会议"
    )


def draft(w: World) -> Case:
    """The mayor's list: the education bureau's director removed and a successor appointed, a new
    transport bureau director (the dismissal listed after the appointment to its post, as clerks do)."""
    with on(DAY):
        c = services.case_create(
            actor=w.staff, title="关于提请任免江城市人民政府部分组成人员的议案", nominator="mayor",
            nominator_name="市长 王明", reference="江政文〔2026〕8号",
        )  # fmt: skip
        services.person_add(
            actor=w.staff, case_id=c.pk, action="appoint", name="李华", post="江城市教育局局长",
            post_class="government", gender="女", born="1976-05", id_number="110101197605051234",
            phone="13812345678", resume="1998.07 参加工作\n2020.03 至今 市教育局副局长",
        )  # fmt: skip
        services.person_add(
            actor=w.staff, case_id=c.pk, action="dismiss", name="赵强", post="江城市教育局局长",
            post_class="government",
        )  # fmt: skip
        services.person_add(
            actor=w.staff, case_id=c.pk, action="appoint", name="孙磊", post="江城市交通运输局局长",
            post_class="government",
        )  # fmt: skip
    return Case.objects.get(pk=c.pk)


def at_state(w: World, state: str) -> Case:
    """A list in `state`, every step taken through the services."""
    c = draft(w)
    if state == "draft":
        return c
    if state == "withdrawn":
        with on(DAY):
            services.case_withdraw(actor=w.staff, case_id=c.pk, reason="提请机关撤回")
        return Case.objects.get(pk=c.pk)
    with on(DAY):
        services.case_submit(actor=w.staff, case_id=c.pk)
    if state == "submitted":
        return Case.objects.get(pk=c.pk)
    with on(DAY):
        services.case_schedule(actor=w.staff, case_id=c.pk, session_id=meeting().pk)
    if state == "scheduled":
        return Case.objects.get(pk=c.pk)
    with on(DAY):
        services.case_vote(
            actor=w.staff, case_id=c.pk, mode="together", members_total=45, together=[40, 2, 3]
        )
    return Case.objects.get(pk=c.pk)


def clashed(w: World) -> Case:
    """The mayor's list voted person by person: 赵强's removal fails while 李华's appointment to the same
    post passes (rules.clashes)."""
    c = at_state(w, "scheduled")
    li, zhao, sun = (c.people.get(name=n).pk for n in ("李华", "赵强", "孙磊"))
    with on(DAY):
        services.case_vote(
            actor=w.staff, case_id=c.pk, mode="per_person", members_total=45,
            counts={li: [30, 10, 5], zhao: [20, 20, 5], sun: [40, 2, 3]},
        )  # fmt: skip
    return Case.objects.get(pk=c.pk)
