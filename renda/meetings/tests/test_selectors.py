"""Attendance and quorum (组织法 第14条: two thirds of all deputies; 第51条: over half of members)."""

import pytest

from renda.meetings import selectors, services
from renda.meetings.models import Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def check_in_first(staff, session, n):
    for line in session.roll.order_by("id")[:n]:
        services.check_in(actor=staff, session_id=session.pk, deputy_id=line.deputy_id)


def test_no_roll_no_quorum(term):
    summary = selectors.attendance_summary(SessionFactory(term=term))
    assert summary == {
        "roll_size": 0,
        "present": 0,
        "on_leave": 0,
        "expected": 0,
        "absent": 0,
        "quorum_met": False,
        "quorum_required": 0,
    }


def test_congress_quorum_at_exactly_two_thirds(staff, make_session):
    session = make_session(deputies=5)  # 6 on the roll with the role deputy
    assert session.roll_size == 6
    check_in_first(staff, session, 3)
    summary = selectors.attendance_summary(session)
    assert (summary["present"], summary["expected"], summary["quorum_required"]) == (3, 3, 4)
    assert summary["quorum_met"] is False
    check_in_first(staff, session, 4)  # 4 × 3 = 12 = 6 × 2: exactly two thirds is enough
    summary = selectors.attendance_summary(session)
    assert (summary["present"], summary["quorum_met"]) == (4, True)
    services.session_start(actor=staff, session_id=session.pk)


def test_congress_quorum_just_below_two_thirds(staff, make_session):
    session = make_session(deputies=6)  # 7 on the roll: 2/3 × 7 = 4.67 → 5 needed
    check_in_first(staff, session, 4)
    summary = selectors.attendance_summary(session)
    assert (summary["quorum_required"], summary["quorum_met"]) == (5, False)
    check_in_first(staff, session, 5)
    assert selectors.attendance_summary(session)["quorum_met"] is True


def test_standing_committee_exactly_half_is_not_quorate(staff, make_session):
    session = make_session(deputies=4, kind="standing_committee")
    assert session.roll_size == 4
    check_in_first(staff, session, 2)
    summary = selectors.attendance_summary(session)
    assert (summary["present"], summary["quorum_required"], summary["quorum_met"]) == (2, 3, False)
    with pytest.raises(Exception, match="未达法定人数"):
        services.session_start(actor=staff, session_id=session.pk)
    check_in_first(staff, session, 3)
    assert selectors.attendance_summary(session)["quorum_met"] is True
    assert services.session_start(actor=staff, session_id=session.pk).status == "in_progress"


def test_leave_and_absence_count_against_quorum(staff, make_session):
    session = make_session(deputies=2)  # 3 on the roll
    lines = list(session.roll.order_by("id"))
    leave = services.leave_request(
        actor=staff, session_id=session.pk, deputy_id=lines[0].deputy_id, reason="公务"
    )
    services.leave_decide(actor=staff, leave_id=leave.pk, approve=True)
    services.check_in(actor=staff, session_id=session.pk, deputy_id=lines[1].deputy_id)
    summary = selectors.attendance_summary(session)
    assert (summary["present"], summary["on_leave"], summary["expected"]) == (1, 1, 1)
    assert summary["quorum_met"] is False  # leave is not presence: the base stays all deputies


def test_summary_in_one_query(staff, make_session, django_assert_num_queries):
    session = Session.objects.get(pk=make_session(deputies=20).pk)
    with django_assert_num_queries(1):
        selectors.attendance_summary(session)


def test_roll_scope(role_users, make_session):
    session = make_session(deputies=3)
    assert selectors.roll_for(user=role_users["staff"], session=session).count() == 4
    assert selectors.roll_for(user=role_users["auditor"], session=session).count() == 4
    own = list(selectors.roll_for(user=role_users["deputy"], session=session))
    assert [line.deputy.user_id for line in own] == [role_users["deputy"].pk]
    assert selectors.roll_for(user=role_users["unit_handler"], session=session).count() == 0
