"""The demo city's sessions: a planned congress session with its agenda, a quorate standing-committee
meeting under way (and the closed January 2026 session of the livelihood demo); seeding twice adds nothing."""

import pytest

from renda.demo.builder import seed_demo
from renda.meetings import selectors
from renda.meetings.models import AgendaItem, Attendance, Session


@pytest.mark.django_db
def test_demo_sessions():
    seed_demo()
    congress = Session.objects.get(kind="congress", number=5)  # the fourth (January 2026) voted the projects
    assert congress.title == "江临市第十六届人民代表大会第五次会议"
    assert congress.status == "planned" and congress.roll_size == 0
    kinds = list(congress.agenda.order_by("order").values_list("kind", flat=True))
    assert 4 <= len(kinds) <= 5 and len(set(kinds)) >= 4
    meeting = Session.objects.get(kind="standing_committee")
    assert meeting.status == "in_progress"
    summary = selectors.attendance_summary(meeting)
    assert summary["roll_size"] == meeting.roll_size == 40
    assert summary["quorum_met"] and summary["present"] == 30 and summary["expected"] == 10
    before = (Session.objects.count(), AgendaItem.objects.count(), Attendance.objects.count())
    assert not seed_demo().changed
    assert (Session.objects.count(), AgendaItem.objects.count(), Attendance.objects.count()) == before
