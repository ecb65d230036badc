"""The demo's sessions, through the meetings services: the congress's next session planned with its agenda,
and a standing-committee meeting under way (roll drawn, three in four members checked in by staff, opened
once quorate). Each is written once (matched by term, kind and number)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.utils import timezone

from renda.demo.clock import at, run_at
from renda.demo.logins import Users
from renda.demo.organization import City
from renda.meetings import services as meeting_services
from renda.meetings.models import Session

# Each session as the keywords of meetings.services.session_create (the term aside), and its agenda.
CONGRESS_SESSION: dict[str, Any] = {
    "kind": "congress",
    "number": 5,
    "title": "江临市第十六届人民代表大会第五次会议",
    "start_date": dt.date(2027, 1, 18),
    "end_date": dt.date(2027, 1, 21),
    "venue": "江临市人民大会堂",
}
CONGRESS_AGENDA = [
    ("report", "审议江临市人民政府工作报告"),
    ("resolution", "审查和批准江临市2026年国民经济和社会发展计划执行情况与2027年计划"),
    ("resolution", "审查和批准江临市2026年预算执行情况和2027年预算"),
    ("election", "选举江临市人民政府副市长"),
    ("project_vote", "票决江临市2027年民生实事项目"),
]
SC_MEETING: dict[str, Any] = {
    "kind": "standing_committee",
    "number": 32,
    "title": "江临市第十六届人民代表大会常务委员会第三十二次会议",
    "start_date": dt.date(2026, 11, 20),
    "venue": "市人大常委会会议室",
}
SC_AGENDA = [
    ("report", "审议市人民政府关于全市生态环境保护工作情况的报告"),
    ("appointment", "审议任免名单"),
]
SC_CHECKED_IN_AT = dt.datetime(2026, 11, 20, 8, 45, tzinfo=dt.UTC)
PLANNED_DAYS_AHEAD = 400  # the congress session is planned this many days before the demo is written


def _plan_session(staff, city: City, session: dict, agenda: list[tuple[str, str]]) -> Session:
    """Plan the session and its agenda, as staff do (meetings services)."""
    planned = meeting_services.session_create(actor=staff, term_id=city.term.pk, **session)
    for kind, title in agenda:
        meeting_services.agenda_item_add(actor=staff, session_id=planned.pk, kind=kind, title=title)
    return planned


def _existing(city: City, session: dict) -> Session | None:
    return Session.objects.filter(term=city.term, kind=session["kind"], number=session["number"]).first()


def standing_meeting(staff, term, number: int, spec: dict | None = None, *, days_before: int = 10):
    """The term's standing-committee meeting `number`; when missing and `spec` (session_create's keywords,
    the term aside) is given, created by the staff `days_before` its start date (else None)."""
    found = Session.objects.filter(kind="standing_committee", number=number, term=term).first()
    if found is None and spec is not None:
        found = run_at(
            at(spec["start_date"] - dt.timedelta(days=days_before)),
            partial(meeting_services.session_create, actor=staff, term_id=term.pk, **spec),
        )
    return found


def write_meetings(city: City, users: Users, created: dict) -> Session:
    """Write the two sessions (when missing); returns the congress session (motions are tabled at it)."""
    staff = users["staff"]
    congress = _existing(city, CONGRESS_SESSION)
    if congress is None:
        planned = at(timezone.localdate() - dt.timedelta(days=PLANNED_DAYS_AHEAD))
        congress = run_at(planned, partial(_plan_session, staff, city, CONGRESS_SESSION, CONGRESS_AGENDA))
        created["sessions"] += 1
    if _existing(city, SC_MEETING) is not None:
        return congress
    planned = at(SC_MEETING["start_date"] - dt.timedelta(days=14))
    meeting = run_at(planned, partial(_plan_session, staff, city, SC_MEETING, SC_AGENDA))
    created["sessions"] += 1
    run_at(
        SC_CHECKED_IN_AT - dt.timedelta(minutes=15),
        lambda: meeting_services.session_open_check_in(actor=staff, session_id=meeting.pk),
    )
    members = list(meeting.roll.order_by("deputy__card_number").values_list("deputy_id", flat=True))

    def check_in_three_in_four():  # the ticked lines of the roll in one batch (批量签到)
        present = [deputy_id for i, deputy_id in enumerate(members) if i % 4]
        meeting_services.check_in_many(actor=staff, session_id=meeting.pk, deputy_ids=present)

    run_at(SC_CHECKED_IN_AT, check_in_three_in_four)
    run_at(
        SC_CHECKED_IN_AT + dt.timedelta(minutes=15),
        lambda: meeting_services.session_start(actor=staff, session_id=meeting.pk),
    )
    return congress
