"""The meetings pages: permission matrix for every page and action, what they show, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.core.roles import Role
from renda.meetings import services
from renda.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    DeliberationNote,
    LeaveRequest,
    Session,
)
from tests.factories import DelegationFactory, DeputyFactory, SessionFactory
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db

EVERY_ROLE = {role: 200 for role in ALL_ROLES}
SIGNED_IN = {**EVERY_ROLE, "anonymous": 302}
MANAGERS_ONLY = {**{role: 403 for role in ALL_ROLES}, Role.STAFF: 200, Role.ADMIN: 200, "anonymous": 302}
MANAGERS_POST = {**MANAGERS_ONLY, Role.STAFF: 302, Role.ADMIN: 302}


@pytest.fixture
def session(make_session):
    return make_session(deputies=3)


@pytest.fixture
def item(staff, session):
    return services.agenda_item_add(actor=staff, session_id=session.pk, kind="report", title="政府工作报告")


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


# --- permission matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["session_detail", "session_attendance", "session_roll"])
def test_matrix_session_pages(client, role_users, session, name):
    check_matrix(client, role_users, url(name, session.pk), SIGNED_IN)


def test_matrix_list(client, role_users, session):
    check_matrix(client, role_users, url("session_list"), SIGNED_IN)


def test_matrix_create(client, role_users):
    check_matrix(client, role_users, url("session_create"), MANAGERS_ONLY)


def test_matrix_check_in_page(client, role_users, session):
    expect = {**{role: 403 for role in ALL_ROLES}, Role.DEPUTY: 200, "anonymous": 302}
    check_matrix(client, role_users, url("check_in", session.pk), expect)


def test_matrix_missing_session(client, role_users):
    expect = {**{role: 404 for role in ALL_ROLES}, "anonymous": 302}
    check_matrix(client, role_users, url("session_detail", 999999), expect)
    check_matrix(client, role_users, url("session_attendance", 999999), expect)


@pytest.mark.parametrize("action", ["open_check_in", "start", "close"])
def test_matrix_actions(client, role_users, term, action):
    session = SessionFactory(term=term)
    check_matrix(client, role_users, url("session_action", session.pk, action), MANAGERS_POST, method="post")


def test_matrix_check_in_for(client, role_users, session):
    deputy_id = session.roll.first().deputy_id
    check_matrix(client, role_users, url("check_in_for", session.pk, deputy_id), MANAGERS_POST, method="post")


def test_matrix_leave_decide(client, role_users, staff, session):
    line = session.roll.first()
    leave = services.leave_request(
        actor=staff, session_id=session.pk, deputy_id=line.deputy_id, reason="公务"
    )
    check_matrix(
        client,
        role_users,
        url("leave_decide", session.pk, leave.pk),
        MANAGERS_POST,
        method="post",
        data={"approve": "0"},
    )


def test_matrix_item_note_document(client, role_users, session, item):
    delegation = DelegationFactory(term=session.term)
    check_matrix(
        client,
        role_users,
        url("item_add", session.pk),
        MANAGERS_POST,
        method="post",
        data={"kind": "report", "title": "报告"},
    )
    check_matrix(
        client,
        role_users,
        url("note_add", session.pk, item.pk),
        MANAGERS_POST,
        method="post",
        data={"delegation_id": delegation.pk, "text": "意见"},
    )
    check_matrix(
        client,
        role_users,
        url("document_add", session.pk, item.pk),
        MANAGERS_POST,
        method="post",
        data=lambda role: {"title": "文件", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 abc")},
    )
    assert AgendaItem.objects.filter(session=session).count() == 3  # item + one by staff, one by admin
    assert DeliberationNote.objects.count() == 2
    assert AgendaDocument.objects.count() == 2


def test_matrix_document_download(client, role_users, staff, item):
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 hello")
    document = services.document_add(actor=staff, item_id=item.pk, title="全文", file=upload)
    check_matrix(client, role_users, url("document_download", item.session_id, document.pk), SIGNED_IN)
    client.force_login(staff)
    response = client.get(url("document_download", item.session_id, document.pk))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hello"
    other = SessionFactory(term=item.session.term)
    assert client.get(url("document_download", other.pk, document.pk)).status_code == 404


# --- the pages at work ---------------------------------------------------------------------------


def test_create_session_page(client, staff, term):
    client.force_login(staff)
    data = {
        "term_id": term.pk,
        "kind": "congress",
        "number": 7,
        "title": "第十六届人民代表大会第七次会议",
        "start_date": "2026-02-01",
        "end_date": "2026-01-01",
    }
    response = client.post(url("session_create"), data)
    assert response.status_code == 200
    assert "闭幕日期：不能早于开幕日期" in response.content.decode()
    assert not Session.objects.exists()
    data["end_date"] = "2026-02-03"
    response = client.post(url("session_create"), data)
    session = Session.objects.get()
    assert response.status_code == 302 and response.url == url("session_detail", session.pk)


def test_detail_shows_agenda_actions_and_quorum(client, staff, term):
    session = SessionFactory(term=term)
    services.agenda_item_add(actor=staff, session_id=session.pk, kind="election", title="选举市长")
    DeputyFactory()
    DeputyFactory()
    client.force_login(staff)
    page = client.get(url("session_detail", session.pk)).content.decode()
    assert "选举市长" in page
    assert 'data-testid="action-open_check_in"' in page
    assert "尚未生成出席名册" in page
    client.post(url("session_action", session.pk, "open_check_in"))
    page = client.get(url("session_detail", session.pk)).content.decode()
    assert 'data-testid="quorum-status"' in page and "未达法定人数" in page
    assert 'hx-trigger="every 2s"' in page
    assert 'data-testid="action-start"' not in page and 'data-testid="action-start-blocked"' in page
    for line in Session.objects.get(pk=session.pk).roll.all()[:2]:
        response = client.post(
            url("check_in_for", session.pk, line.deputy_id), headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert f'data-testid="roll-status-{line.deputy_id}"' in response.content.decode()
        assert "已签到" in response.content.decode()
    panel = client.get(url("session_attendance", session.pk), headers={"HX-Request": "true"}).content.decode()
    assert "已达法定人数" in panel and "2 / 3" in panel and 'data-testid="action-start"' in panel
    assert "<html" not in panel
    response = client.post(url("session_action", session.pk, "start"))
    assert Session.objects.get(pk=session.pk).status == "in_progress"
    response = client.post(url("session_action", session.pk, "close"))
    page = client.get(url("session_detail", session.pk)).content.decode()
    assert "已闭会" in page and 'hx-trigger="every 2s"' not in page


def test_refused_action_shows_message(client, staff, session):
    client.force_login(staff)
    response = client.post(url("session_action", session.pk, "start"), follow=True)
    assert "未达法定人数" in response.content.decode()
    assert Session.objects.get(pk=session.pk).status == "check_in"
    assert client.post(url("session_action", session.pk, "dance")).status_code == 404


def test_roll_check_in_button_per_deputy(client, staff, session):
    client.force_login(staff)
    page = client.get(url("session_detail", session.pk)).content.decode()
    for line in session.roll.all():
        assert f'data-testid="check-in-for-{line.deputy_id}"' in page


def test_staff_check_in_off_roll_shows_error(client, staff, session):
    client.force_login(staff)
    outsider = DeputyFactory()
    response = client.post(url("check_in_for", session.pk, outsider.pk), follow=True)
    assert "不在本次会议的出席名册上" in response.content.decode()


def test_leave_approval_on_the_roll(client, staff, session, deputy_user):
    leave = services.leave_request(
        actor=deputy_user, session_id=session.pk, deputy_id=deputy_user.deputy.pk, reason="出国访问"
    )
    client.force_login(staff)
    page = client.get(url("session_detail", session.pk)).content.decode()
    assert "出国访问" in page and f'data-testid="approve-leave-{leave.pk}"' in page
    client.post(url("leave_decide", session.pk, leave.pk), {"approve": "1", "note": "同意"})
    leave.refresh_from_db()
    assert leave.status == "approved"
    assert Attendance.objects.get(pk=leave.attendance_id).status == "on_leave"
    # a leave request of another session cannot be decided through this one
    other = SessionFactory(term=session.term)
    response = client.post(url("leave_decide", other.pk, leave.pk), {"approve": "0"}, follow=True)
    assert "不存在或已审批" in response.content.decode()


def test_roll_filter_partial(client, staff, session):
    services.check_in(actor=staff, session_id=session.pk, deputy_id=session.roll.first().deputy_id)
    client.force_login(staff)
    response = client.get(url("session_roll", session.pk) + "?status=present", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.count('data-testid="roll-row"') == 1 and "<html" not in body


def test_deputy_sees_only_own_roll_line(client, session, deputy_user):
    client.force_login(deputy_user)
    page = client.get(url("session_detail", session.pk)).content.decode()
    assert page.count('data-testid="roll-row"') == 1
    assert deputy_user.deputy.name in page
    assert "check-in-for-" not in page and "action-" not in page


def test_phone_check_in_flow(client, session, deputy_user):
    client.force_login(deputy_user)
    page = client.get(url("check_in", session.pk)).content.decode()
    assert 'data-testid="check-in-button"' in page
    response = client.post(url("check_in", session.pk), {"action": "check_in"}, follow=True)
    page = response.content.decode()
    assert 'data-testid="checked-in"' in page and "已签到" in page
    assert 'data-testid="check-in-button"' not in page
    # pressing again (a retry) changes nothing
    client.post(url("check_in", session.pk), {"action": "check_in"})
    assert (
        Attendance.objects.filter(session=session, deputy=deputy_user.deputy, status="present").count() == 1
    )


def test_phone_leave_request(client, session, deputy_user):
    client.force_login(deputy_user)
    response = client.post(url("check_in", session.pk), {"action": "leave", "reason": " "})
    assert response.status_code == 200 and not LeaveRequest.objects.exists()
    response = client.post(url("check_in", session.pk), {"action": "leave", "reason": "出差"}, follow=True)
    page = response.content.decode()
    assert 'data-testid="leave-requested"' in page and "出差" in page
    assert LeaveRequest.objects.get().requested_by == deputy_user


def test_phone_page_not_on_roll(client, term, deputy_user):
    session = SessionFactory(term=term)
    client.force_login(deputy_user)
    page = client.get(url("check_in", session.pk)).content.decode()
    assert 'data-testid="not-on-roll"' in page and "check-in-button" not in page


def test_list_offers_current_session_to_deputy(client, session, deputy_user):
    client.force_login(deputy_user)
    page = client.get(url("session_list")).content.decode()
    assert session.title in page and url("check_in", session.pk) in page


def test_pages_fit_a_phone(client, staff, session):
    client.force_login(staff)
    page = client.get(url("session_detail", session.pk)).content.decode()
    assert "table-responsive" in page and "col-12" in page


# --- query counts ----------------------------------------------------------------------------------


def _detail_queries(client, session, django_assert_max_num_queries, n):
    with django_assert_max_num_queries(n) as ctx:
        response = client.get(url("session_detail", session.pk))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_roll_page_query_count_constant(client, staff, make_session, django_assert_max_num_queries):
    small = make_session(deputies=2)
    client.force_login(staff)
    for line in small.roll.all()[:1]:
        services.check_in(actor=staff, session_id=small.pk, deputy_id=line.deputy_id)
        services.leave_request(
            actor=staff, session_id=small.pk, deputy_id=small.roll.last().deputy_id, reason="事"
        )
    few = _detail_queries(client, small, django_assert_max_num_queries, 40)
    big = make_session(deputies=40)
    lines = list(big.roll.order_by("id"))
    for line in lines[:10]:
        services.check_in(actor=staff, session_id=big.pk, deputy_id=line.deputy_id)
    for line in lines[10:20]:
        services.leave_request(actor=staff, session_id=big.pk, deputy_id=line.deputy_id, reason="事")
    many = _detail_queries(client, big, django_assert_max_num_queries, 40)
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(url("session_roll", big.pk))


def test_list_query_count_constant(client, staff, make_session, django_assert_max_num_queries):
    make_session(deputies=2)
    client.force_login(staff)
    with django_assert_max_num_queries(20) as ctx:
        client.get(url("session_list"))
    few = len(ctx.captured_queries)
    for _i in range(5):
        make_session(deputies=3)
    with django_assert_max_num_queries(few):
        client.get(url("session_list"))
