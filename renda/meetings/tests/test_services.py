"""Every rule of the meetings services: what they change, the event they append, what they refuse."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from renda.deputies.choices import DeputyStatus
from renda.meetings import selectors, services
from renda.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    DeliberationNote,
    LeaveRequest,
    Session,
)
from tests.factories import (
    DelegationFactory,
    DeputyFactory,
    SessionFactory,
    StandingCommitteeMemberFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


def events(action):
    return list(Event.objects.filter(action=action).order_by("id"))


def refused(fn, *, field=None, code=None, exc=ApplicationError, **kwargs):
    """Call a service expecting a refusal; return the error after checking field/code and that no event
    was written."""
    before = Event.objects.count()
    with pytest.raises(exc) as info:
        fn(**kwargs)
    assert Event.objects.count() == before
    assert str(info.value.message)
    if field is not None:
        assert info.value.field == field
    if code is not None:
        assert info.value.code == code
    return info.value


# --- session_create --------------------------------------------------------------------------------


def test_session_create(staff, term):
    session = services.session_create(
        actor=staff,
        term_id=term.pk,
        kind="congress",
        number=5,
        title="第十六届人民代表大会第五次会议",
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2026, 2, 4),
        venue=" 市人民大会堂 ",
    )
    assert session.status == "planned"
    assert session.roll_size == 0
    assert session.venue == "市人民大会堂"
    (event,) = events("session_create")
    assert event.actor == staff
    assert event.object_id == str(session.pk)
    assert event.changes["number"] == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"term_id": 999999}, "term_id"),
        ({"kind": "party"}, "kind"),
        ({"number": 0}, "number"),
        ({"number": "3"}, "number"),
        ({"title": "  "}, "title"),
        ({"title": "长" * 201}, "title"),
        ({"start_date": None}, "start_date"),
        ({"end_date": dt.date(2026, 1, 31)}, "end_date"),
        ({"venue": "地" * 201}, "venue"),
    ],
)
def test_session_create_bad_input(staff, term, change, field):
    data = {
        "term_id": term.pk,
        "kind": "congress",
        "number": 5,
        "title": "第五次会议",
        "start_date": dt.date(2026, 2, 1),
        **change,
    }
    refused(services.session_create, actor=staff, field=field, **data)
    assert not Session.objects.exists()


def test_session_create_duplicate_number(staff, term):
    SessionFactory(term=term, kind="congress", number=5)
    refused(
        services.session_create,
        actor=staff,
        term_id=term.pk,
        kind="congress",
        number=5,
        title="重复",
        start_date=dt.date(2026, 2, 1),
        field="number",
        code="duplicate",
    )
    # the same number for the other kind of meeting is another meeting
    services.session_create(
        actor=staff,
        term_id=term.pk,
        kind="standing_committee",
        number=5,
        title="常委会第五次会议",
        start_date=dt.date(2026, 2, 1),
    )


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.STAFF, Role.ADMIN)])
def test_session_create_only_staff(role_users, term, role):
    refused(
        services.session_create,
        exc=PermissionDenied,
        actor=role_users[role],
        term_id=term.pk,
        kind="congress",
        number=1,
        title="x",
        start_date=dt.date(2026, 2, 1),
    )
    assert not Session.objects.exists()


# --- agenda ------------------------------------------------------------------------------------------


def test_agenda_item_add_orders(staff, term):
    session = SessionFactory(term=term)
    first = services.agenda_item_add(
        actor=staff, session_id=session.pk, kind="report", title=" 政府工作报告 "
    )
    second = services.agenda_item_add(actor=staff, session_id=session.pk, kind="election", title="选举")
    tenth = services.agenda_item_add(
        actor=staff, session_id=session.pk, kind="resolution", title="决议", order=10
    )
    after = services.agenda_item_add(actor=staff, session_id=session.pk, kind="appointment", title="任免")
    assert [first.order, second.order, tenth.order, after.order] == [1, 2, 10, 11]
    assert first.title == "政府工作报告"
    assert len(events("agenda_item_add")) == 4


def test_agenda_has_a_kind_for_reading_a_draft_regulation(staff, term):
    session = SessionFactory(term=term, kind="standing_committee")
    item = services.agenda_item_add(
        actor=staff, session_id=session.pk, kind="draft_reading", title="审议《江城市养犬管理条例（草案）》"
    )
    assert item.get_kind_display() == "审议法规草案"
    with pytest.raises(ApplicationError) as exc:
        services.agenda_item_add(actor=staff, session_id=session.pk, kind="reading", title="x")
    assert exc.value.field == "kind" and session.agenda.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "speech"}, "kind"),
        ({"title": ""}, "title"),
        ({"order": 1}, "order"),
        ({"order": 0}, "order"),
    ],
)
def test_agenda_item_add_bad_input(staff, term, change, field):
    session = SessionFactory(term=term)
    services.agenda_item_add(actor=staff, session_id=session.pk, kind="report", title="报告")
    refused(
        services.agenda_item_add,
        actor=staff,
        field=field,
        **{"session_id": session.pk, "kind": "report", "title": "另一报告", **change},
    )
    assert AgendaItem.objects.count() == 1


def test_agenda_item_add_refused_when_closed_or_missing(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    services.session_close(actor=staff, session_id=session.pk)
    refused(
        services.agenda_item_add,
        actor=staff,
        session_id=session.pk,
        kind="report",
        title="x",
        code="wrong_state",
    )
    refused(services.agenda_item_add, exc=NotFound, actor=staff, session_id=999999, kind="report", title="x")
    refused(
        services.agenda_item_add,
        exc=PermissionDenied,
        actor=deputy_user,
        session_id=session.pk,
        kind="report",
        title="x",
    )
    assert not AgendaItem.objects.exists()


# --- the roll --------------------------------------------------------------------------------------


def test_open_check_in_congress_roll_is_every_active_deputy(staff, term, deputy_user):
    delegation = DelegationFactory(term=term)
    active = [DeputyFactory(delegation=delegation) for _ in range(3)]
    DeputyFactory(delegation=delegation, status=DeputyStatus.TERMINATED, status_date=dt.date(2025, 1, 1))
    other_term = DeputyFactory(delegation=DelegationFactory(term=TermFactory(number=15, is_current=False)))
    session = SessionFactory(term=term)
    session = services.session_open_check_in(actor=staff, session_id=session.pk)
    on_roll = set(session.roll.values_list("deputy_id", flat=True))
    assert on_roll == {d.pk for d in active} | {deputy_user.deputy.pk}
    assert other_term.pk not in on_roll
    assert session.roll_size == 4
    assert session.status == "check_in"
    assert set(session.roll.values_list("status", flat=True)) == {"expected"}
    (event,) = events("session_open_check_in")
    assert event.changes == {"status": ["planned", "check_in"], "roll_size": 4}


def test_open_check_in_standing_committee_roll_is_current_members(staff, term):
    current = [StandingCommitteeMemberFactory(standing_committee__term=term) for _ in range(3)]
    StandingCommitteeMemberFactory(standing_committee__term=term, end_date=dt.date(2024, 1, 1))
    DeputyFactory()  # a deputy who is not a member
    session = SessionFactory(term=term, kind="standing_committee")
    session = services.session_open_check_in(actor=staff, session_id=session.pk)
    assert set(session.roll.values_list("deputy_id", flat=True)) == {m.deputy_id for m in current}
    assert session.roll_size == 3


def test_open_check_in_empty_roll_refused(staff, term):
    session = SessionFactory(term=term, kind="standing_committee")
    refused(services.session_open_check_in, actor=staff, session_id=session.pk, code="empty_roll")
    session.refresh_from_db()
    assert session.status == "planned"
    assert not Attendance.objects.exists()


def test_open_check_in_twice_refused(staff, make_session):
    session = make_session(deputies=2)
    refused(services.session_open_check_in, actor=staff, session_id=session.pk, code="wrong_state")
    assert Attendance.objects.filter(session=session).count() == session.roll_size


def test_roll_lines_are_unique_in_the_database(make_session):
    session = make_session(deputies=1)
    line = session.roll.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(session=session, deputy_id=line.deputy_id)


# --- start and close -------------------------------------------------------------------------------


def test_start_needs_quorum(staff, make_session):
    session = make_session(deputies=2)  # 3 on the roll with the role deputy: 2 needed
    lines = list(session.roll.order_by("id"))
    services.check_in(actor=staff, session_id=session.pk, deputy_id=lines[0].deputy_id)
    error = refused(services.session_start, actor=staff, session_id=session.pk, code="no_quorum")
    assert "3" in error.message and "1" in error.message and "2" in error.message
    session.refresh_from_db()
    assert session.status == "check_in"
    services.check_in(actor=staff, session_id=session.pk, deputy_id=lines[1].deputy_id)
    session = services.session_start(actor=staff, session_id=session.pk)
    assert session.status == "in_progress"
    (event,) = events("session_start")
    assert event.changes == {"status": ["check_in", "in_progress"], "present": 2}


def test_start_refused_outside_check_in(staff, term):
    session = SessionFactory(term=term)
    refused(services.session_start, actor=staff, session_id=session.pk, code="wrong_state")


def test_close_marks_the_expected_absent(staff, make_session):
    session = make_session(deputies=3)  # 4 on the roll
    lines = list(session.roll.order_by("id"))
    for line in lines[:3]:
        services.check_in(actor=staff, session_id=session.pk, deputy_id=line.deputy_id)
    services.session_start(actor=staff, session_id=session.pk)
    session = services.session_close(actor=staff, session_id=session.pk)
    assert session.status == "closed"
    assert session.end_date is not None
    assert list(session.roll.order_by("id").values_list("status", flat=True)) == [
        "present",
        "present",
        "present",
        "absent",
    ]
    (event,) = events("session_close")
    assert event.changes["absent"] == [lines[3].deputy_id]
    refused(services.session_close, actor=staff, session_id=session.pk, code="wrong_state")


def test_close_keeps_approved_leave(staff, make_session):
    session = make_session(deputies=1)
    line = session.roll.order_by("id").first()
    leave = services.leave_request(
        actor=staff, session_id=session.pk, deputy_id=line.deputy_id, reason="公务"
    )
    services.leave_decide(actor=staff, leave_id=leave.pk, approve=True)
    services.session_close(actor=staff, session_id=session.pk)
    line.refresh_from_db()
    assert line.status == "on_leave"


def test_close_refused_when_planned(staff, term):
    session = SessionFactory(term=term)
    refused(services.session_close, actor=staff, session_id=session.pk, code="wrong_state")


@pytest.mark.parametrize("service", ["session_open_check_in", "session_start", "session_close"])
@pytest.mark.parametrize("role", [Role.DEPUTY, Role.LEADER, Role.AUDITOR, Role.UNIT_HANDLER])
def test_transitions_only_by_staff(role_users, make_session, service, role):
    session = make_session(deputies=1)
    refused(getattr(services, service), exc=PermissionDenied, actor=role_users[role], session_id=session.pk)
    session.refresh_from_db()
    assert session.status == "check_in"


# --- check-in --------------------------------------------------------------------------------------


def test_deputy_checks_in_themselves(make_session, deputy_user):
    session = make_session(deputies=2)
    deputy = deputy_user.deputy
    line = services.check_in(actor=deputy_user, session_id=session.pk, deputy_id=deputy.pk)
    assert (line.status, line.method, line.checked_in_by) == ("present", "self", deputy_user)
    assert line.checked_in_at is not None
    (event,) = events("check_in")
    assert event.changes["method"] == "self"
    assert event.changes["status"] == ["expected", "present"]


def test_staff_checks_in_for_a_deputy(staff, make_session):
    session = make_session(deputies=1)
    line = session.roll.exclude(deputy__user__isnull=False).get()
    line = services.check_in(actor=staff, session_id=session.pk, deputy_id=line.deputy_id)
    assert (line.status, line.method, line.checked_in_by) == ("present", "staff", staff)


def test_check_in_is_idempotent(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    deputy_id = deputy_user.deputy.pk
    first = services.check_in(actor=deputy_user, session_id=session.pk, deputy_id=deputy_id)
    again = services.check_in(actor=deputy_user, session_id=session.pk, deputy_id=deputy_id)
    by_staff = services.check_in(actor=staff, session_id=session.pk, deputy_id=deputy_id)
    assert first.pk == again.pk == by_staff.pk
    assert (by_staff.method, by_staff.checked_in_at) == ("self", first.checked_in_at)
    assert len(events("check_in")) == 1
    assert Attendance.objects.filter(session=session, deputy_id=deputy_id).count() == 1


def test_deputy_may_not_check_in_someone_else(make_session, deputy_user):
    session = make_session(deputies=1)
    other = session.roll.exclude(deputy__user=deputy_user).get()
    refused(
        services.check_in,
        exc=PermissionDenied,
        actor=deputy_user,
        session_id=session.pk,
        deputy_id=other.deputy_id,
    )
    other.refresh_from_db()
    assert other.status == "expected"


@pytest.mark.parametrize("role", [Role.LEADER, Role.AUDITOR, Role.UNIT_LEADER, Role.STATION_KEEPER])
def test_other_roles_may_not_check_in(role_users, make_session, role):
    session = make_session(deputies=1)
    line = session.roll.first()
    refused(
        services.check_in,
        exc=PermissionDenied,
        actor=role_users[role],
        session_id=session.pk,
        deputy_id=line.deputy_id,
    )


def test_check_in_refused_off_the_roll(staff, make_session):
    session = make_session(deputies=1)
    outsider = DeputyFactory()  # joined the term after the roll was drawn
    refused(services.check_in, actor=staff, session_id=session.pk, deputy_id=outsider.pk, code="not_on_roll")
    assert not Attendance.objects.filter(deputy=outsider).exists()


def test_check_in_refused_before_check_in_and_after_close(staff, term, make_session, deputy_user):
    planned = SessionFactory(term=term)
    refused(
        services.check_in,
        actor=deputy_user,
        session_id=planned.pk,
        deputy_id=deputy_user.deputy.pk,
        code="wrong_state",
    )
    session = make_session(deputies=1)
    services.session_close(actor=staff, session_id=session.pk)
    refused(
        services.check_in,
        actor=deputy_user,
        session_id=session.pk,
        deputy_id=deputy_user.deputy.pk,
        code="wrong_state",
    )
    assert not session.roll.filter(status="present").exists()


def test_check_in_during_the_session(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    other = session.roll.exclude(deputy__user=deputy_user).get()
    services.check_in(actor=staff, session_id=session.pk, deputy_id=other.deputy_id)
    services.check_in(actor=staff, session_id=session.pk, deputy_id=deputy_user.deputy.pk)
    services.session_start(actor=staff, session_id=session.pk)
    assert selectors.attendance_summary(Session.objects.get(pk=session.pk))["present"] == 2


def test_arriving_on_leave_is_present(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    deputy_id = deputy_user.deputy.pk
    leave = services.leave_request(
        actor=deputy_user, session_id=session.pk, deputy_id=deputy_id, reason="出差"
    )
    services.leave_decide(actor=staff, leave_id=leave.pk, approve=True)
    line = services.check_in(actor=deputy_user, session_id=session.pk, deputy_id=deputy_id)
    assert line.status == "present"
    assert events("check_in")[0].changes["status"] == ["on_leave", "present"]


# --- leave -------------------------------------------------------------------------------------------


def test_leave_request_and_approval(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    deputy_id = deputy_user.deputy.pk
    leave = services.leave_request(
        actor=deputy_user, session_id=session.pk, deputy_id=deputy_id, reason=" 出国访问 "
    )
    assert (leave.status, leave.reason, leave.requested_by) == ("requested", "出国访问", deputy_user)
    leave = services.leave_decide(actor=staff, leave_id=leave.pk, approve=True, note="同意")
    assert (leave.status, leave.decided_by, leave.decision_note) == ("approved", staff, "同意")
    assert leave.decided_at is not None
    assert Attendance.objects.get(session=session, deputy_id=deputy_id).status == "on_leave"
    assert len(events("leave_request")) == 1
    (decided,) = events("leave_decide")
    assert decided.changes["attendance"] == ["expected", "on_leave"]
    assert decided.comment == "同意"
    summary = selectors.attendance_summary(session)
    assert summary["on_leave"] == 1


def test_leave_refused(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    deputy_id = deputy_user.deputy.pk
    leave = services.leave_request(
        actor=deputy_user, session_id=session.pk, deputy_id=deputy_id, reason="病假"
    )
    leave = services.leave_decide(actor=staff, leave_id=leave.pk, approve=False, note="会议重要")
    assert leave.status == "rejected"
    assert Attendance.objects.get(session=session, deputy_id=deputy_id).status == "expected"
    # a refused request may be followed by a new one
    services.leave_request(actor=deputy_user, session_id=session.pk, deputy_id=deputy_id, reason="仍需请假")


def test_leave_request_rules(staff, term, make_session, deputy_user):
    session = make_session(deputies=1)
    deputy_id = deputy_user.deputy.pk
    other = session.roll.exclude(deputy_id=deputy_id).get()
    kwargs = {"actor": deputy_user, "session_id": session.pk, "deputy_id": deputy_id}
    refused(services.leave_request, field="reason", reason="  ", **kwargs)
    refused(services.leave_request, field="reason", reason="长" * 1001, **kwargs)
    refused(
        services.leave_request,
        exc=PermissionDenied,
        actor=deputy_user,
        session_id=session.pk,
        deputy_id=other.deputy_id,
        reason="代请",
    )
    services.leave_request(reason="出差", **kwargs)
    refused(services.leave_request, code="duplicate", reason="再次", **kwargs)
    services.check_in(actor=staff, session_id=session.pk, deputy_id=other.deputy_id)
    refused(
        services.leave_request,
        code="wrong_state",
        actor=staff,
        session_id=session.pk,
        deputy_id=other.deputy_id,
        reason="已签到后请假",
    )
    planned = SessionFactory(term=term)
    refused(
        services.leave_request,
        code="wrong_state",
        actor=staff,
        session_id=planned.pk,
        deputy_id=deputy_id,
        reason="x",
    )
    assert LeaveRequest.objects.count() == 1


def test_leave_decide_rules(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    deputy_id = deputy_user.deputy.pk
    leave = services.leave_request(
        actor=deputy_user, session_id=session.pk, deputy_id=deputy_id, reason="出差"
    )
    refused(services.leave_decide, exc=PermissionDenied, actor=deputy_user, leave_id=leave.pk, approve=True)
    refused(services.leave_decide, exc=NotFound, actor=staff, leave_id=999999, approve=True)
    refused(
        services.leave_decide, field="note", actor=staff, leave_id=leave.pk, approve=True, note="长" * 201
    )
    # the deputy came after all: leave can no longer be approved, but may be refused
    services.check_in(actor=deputy_user, session_id=session.pk, deputy_id=deputy_id)
    refused(services.leave_decide, code="wrong_state", actor=staff, leave_id=leave.pk, approve=True)
    leave.refresh_from_db()
    assert leave.status == "requested"
    services.leave_decide(actor=staff, leave_id=leave.pk, approve=False)
    refused(services.leave_decide, code="wrong_state", actor=staff, leave_id=leave.pk, approve=True)
    assert Attendance.objects.get(session=session, deputy_id=deputy_id).status == "present"


def test_leave_approved_after_the_session_excuses_the_absence(staff, make_session, deputy_user):
    session = make_session(deputies=1)
    deputy_id = deputy_user.deputy.pk
    leave = services.leave_request(
        actor=deputy_user, session_id=session.pk, deputy_id=deputy_id, reason="急病"
    )
    services.session_close(actor=staff, session_id=session.pk)
    assert Attendance.objects.get(session=session, deputy_id=deputy_id).status == "absent"
    services.leave_decide(actor=staff, leave_id=leave.pk, approve=True, note="补批")
    assert Attendance.objects.get(session=session, deputy_id=deputy_id).status == "on_leave"


# --- deliberation notes and documents -----------------------------------------------------------------


def test_deliberation_note_add(staff, term):
    session = SessionFactory(term=term)
    item = services.agenda_item_add(actor=staff, session_id=session.pk, kind="report", title="政府工作报告")
    delegation = DelegationFactory(term=term)
    note = services.deliberation_note_add(
        actor=staff, item_id=item.pk, delegation_id=delegation.pk, text=" 代表们一致赞成。 "
    )
    assert (note.text, note.author, note.delegation) == ("代表们一致赞成。", staff, delegation)
    (event,) = events("deliberation_note_add")
    assert event.changes == {"item": item.pk, "delegation": delegation.pk}


def test_deliberation_note_rules(staff, term, deputy_user):
    session = SessionFactory(term=term)
    item = services.agenda_item_add(actor=staff, session_id=session.pk, kind="report", title="报告")
    old = DelegationFactory(term=TermFactory(number=15, is_current=False))
    delegation = DelegationFactory(term=term)
    refused(
        services.deliberation_note_add,
        field="text",
        actor=staff,
        item_id=item.pk,
        delegation_id=delegation.pk,
        text="",
    )
    refused(
        services.deliberation_note_add,
        field="delegation_id",
        actor=staff,
        item_id=item.pk,
        delegation_id=old.pk,
        text="意见",
    )
    refused(
        services.deliberation_note_add,
        exc=PermissionDenied,
        actor=deputy_user,
        item_id=item.pk,
        delegation_id=delegation.pk,
        text="意见",
    )
    refused(
        services.deliberation_note_add,
        exc=NotFound,
        actor=staff,
        item_id=999999,
        delegation_id=delegation.pk,
        text="x",
    )
    assert not DeliberationNote.objects.exists()


def test_document_add(staff, term):
    session = SessionFactory(term=term)
    item = services.agenda_item_add(actor=staff, session_id=session.pk, kind="report", title="报告")
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    document = services.document_add(actor=staff, item_id=item.pk, title="政府工作报告（全文）", file=upload)
    assert document.file.read() == b"%PDF-1.4 test"
    (event,) = events("document_add")
    assert event.changes["title"] == "政府工作报告（全文）"


def test_document_rules(staff, term, deputy_user):
    session = SessionFactory(term=term)
    item = services.agenda_item_add(actor=staff, session_id=session.pk, kind="report", title="报告")
    upload = SimpleUploadedFile("a.pdf", b"x")
    refused(services.document_add, field="title", actor=staff, item_id=item.pk, title="", file=upload)
    refused(services.document_add, field="file", actor=staff, item_id=item.pk, title="t", file=None)
    refused(
        services.document_add,
        field="file",
        actor=staff,
        item_id=item.pk,
        title="t",
        file=SimpleUploadedFile("e.pdf", b""),
    )
    refused(
        services.document_add,
        exc=PermissionDenied,
        actor=deputy_user,
        item_id=item.pk,
        title="t",
        file=upload,
    )
    assert not AgendaDocument.objects.exists()
