"""The meetings API: every endpoint against every role, and what it does."""

import pytest

from renda.core.models import Event
from renda.core.roles import Role
from renda.meetings import services
from renda.meetings.models import Attendance, LeaveRequest
from tests.factories import AgendaItemFactory, DeputyFactory, SessionFactory, TermFactory
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db

SIGNED_IN = {**{role: 200 for role in ALL_ROLES}, "anonymous": 401}


@pytest.fixture
def session(role_users):
    term = TermFactory()
    DeputyFactory()
    DeputyFactory()
    session = SessionFactory(term=term, title="第十六届人民代表大会第五次会议")
    AgendaItemFactory(session=session, order=1, kind="report", title="政府工作报告")
    return services.session_open_check_in(actor=role_users[Role.STAFF], session_id=session.pk)


def test_matrix_reads(client, role_users, session):
    for path in ("/api/meetings", f"/api/meetings/{session.pk}", f"/api/meetings/{session.pk}/attendance"):
        check_matrix(client, role_users, path, SIGNED_IN)
    missing = {**{role: 404 for role in ALL_ROLES}, "anonymous": 401}
    check_matrix(client, role_users, "/api/meetings/999999", missing)


def test_matrix_check_in(client, role_users, session):
    """Staff and admin for a named deputy; a deputy for themselves (no id needed); others refused."""
    own = role_users[Role.DEPUTY].deputy.pk
    expect = {
        **{role: 403 for role in ALL_ROLES},
        Role.STAFF: 200,
        Role.ADMIN: 200,
        Role.DEPUTY: 200,
        "anonymous": 401,
    }
    check_matrix(
        client,
        role_users,
        f"/api/meetings/{session.pk}/check-in",
        expect,
        method="post",
        data={"deputy_id": own},
        content_type="application/json",
    )
    assert Attendance.objects.get(session=session, deputy_id=own).status == "present"
    assert Event.objects.filter(action="check_in").count() == 1


def test_matrix_leave(client, role_users, session):
    line = session.roll.exclude(deputy__user__isnull=False).first()
    expect = {
        **{role: 403 for role in ALL_ROLES},
        Role.STAFF: 201,
        Role.ADMIN: 400,
        Role.DEPUTY: 403,
        "anonymous": 401,
    }
    check_matrix(
        client,
        role_users,
        f"/api/meetings/{session.pk}/leave",
        expect,
        method="post",
        data={"deputy_id": line.deputy_id, "reason": "公务"},
        content_type="application/json",
    )
    assert LeaveRequest.objects.count() == 1  # admin's second request: one is already pending (400)


def test_list_and_detail(client, role_users, session):
    client.force_login(role_users[Role.DEPUTY])
    body = client.get("/api/meetings").json()
    assert body["count"] == 1
    assert body["items"][0]["title"] == "第十六届人民代表大会第五次会议"
    assert body["items"][0]["status"] == "check_in"
    detail = client.get(f"/api/meetings/{session.pk}").json()
    assert detail["agenda"][0]["title"] == "政府工作报告"
    assert detail["agenda"][0]["kind_label"] == "审议报告"
    assert detail["roll_size"] == 3


def test_attendance_and_self_check_in(client, role_users, session):
    client.force_login(role_users[Role.DEPUTY])
    response = client.post(f"/api/meetings/{session.pk}/check-in", {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["method"] == "self" and response.json()["status"] == "present"
    again = client.post(f"/api/meetings/{session.pk}/check-in", {}, content_type="application/json")
    assert again.json() == response.json()
    summary = client.get(f"/api/meetings/{session.pk}/attendance").json()
    assert summary == {
        "roll_size": 3,
        "present": 1,
        "on_leave": 0,
        "expected": 2,
        "absent": 0,
        "quorum_met": False,
        "quorum_required": 2,
    }


def test_errors_are_json(client, role_users, session):
    client.force_login(role_users[Role.STAFF])
    response = client.post(f"/api/meetings/{session.pk}/check-in", {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "deputy_id"
    outsider = DeputyFactory()
    response = client.post(
        f"/api/meetings/{session.pk}/check-in", {"deputy_id": outsider.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "not_on_roll"
    client.force_login(role_users[Role.DEPUTY])
    other = session.roll.exclude(deputy__user=role_users[Role.DEPUTY]).first()
    response = client.post(
        f"/api/meetings/{session.pk}/check-in",
        {"deputy_id": other.deputy_id},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    response = client.post(
        f"/api/meetings/{session.pk}/leave", {"reason": " "}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "reason"


def test_list_query_count(client, role_users, session, django_assert_max_num_queries):
    client.force_login(role_users[Role.STAFF])
    with django_assert_max_num_queries(10) as ctx:
        client.get("/api/meetings")
    few = len(ctx.captured_queries)
    for _i in range(5):
        SessionFactory(term=session.term)
    with django_assert_max_num_queries(few):
        assert client.get("/api/meetings").json()["count"] == 6


def test_batch_and_card_check_in_through_the_api(client, role_users, session):
    own = role_users[Role.DEPUTY].deputy.pk
    lines = list(Attendance.objects.filter(session=session).exclude(deputy_id=own).select_related("deputy"))
    ids = [line.deputy_id for line in lines]
    url = f"/api/meetings/{session.pk}/check-in/batch"
    # another deputy's line: staff and admin only (a deputy checks in themselves alone)
    expect = {**{role: 403 for role in ALL_ROLES}, Role.STAFF: 200, Role.ADMIN: 200, "anonymous": 401}
    check_matrix(
        client,
        role_users,
        url,
        expect,
        method="post",
        data={"deputy_ids": ids[:1]},
        content_type="application/json",
    )
    client.force_login(role_users[Role.STAFF])
    r = client.post(url, {"deputy_ids": [*ids, 999999]}, "application/json")
    body = r.json()
    assert r.status_code == 200 and body["already"] == 1 and body["done"] == len(ids) - 1
    assert body["failed"] == 1 and body["results"][-1]["code"] == "not_on_roll"
    card_url = f"/api/meetings/{session.pk}/check-in/card"
    r = client.post(card_url, {"card": lines[0].deputy.card_number}, "application/json")
    assert r.status_code == 200 and r.json()["already"] is True
    r = client.post(card_url, {"card": "no-such-card"}, "application/json")
    assert r.status_code == 400 and r.json()["code"] == "unknown_card"
    client.force_login(role_users[Role.LEADER])
    assert client.post(card_url, {"card": lines[0].deputy.card_number}, "application/json").status_code == 403
