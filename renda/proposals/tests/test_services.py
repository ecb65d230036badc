"""The services walk the whole path, each step with its Event, its notifications and its due dates."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event, Notification
from renda.proposals import services
from renda.proposals.choices import AssignmentRole, CosignStatus, Kind, Status
from renda.proposals.models import (
    Assignment,
    CoHandlerOpinion,
    Consultation,
    Cosigner,
    MotionWindow,
    Proposal,
    Rating,
    Reply,
)
from renda.proposals.tests.engine_setup import (
    accepted,
    assigned,
    draft,
    make_world,
    pdf,
    replied,
    submitted,
    with_cosigners,
)

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def events(p) -> list[str]:
    return list(
        Event.objects.filter(object_id=str(p.pk), action__startswith="proposal")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_whole_path_of_a_joint_suggestion(django_capture_on_commit_callbacks):
    w = make_world()
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        p = draft(w)
        services.attachment_add(actor=w.lead, proposal_id=p.pk, file=pdf())
        p = with_cosigners(w, p, 2)
        assert p.status == Status.COSIGNING
        p = services.proposal_submit(actor=w.lead, proposal_id=p.pk)
        assert p.status == Status.SUBMITTED and p.number == 1 and p.submitted_at
        p = services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="accept")
        with django_capture_on_commit_callbacks(execute=True):
            p = services.proposal_assign(
                actor=w.staff, proposal_id=p.pk, lead_unit_ids=[w.units[0].pk], co_unit_ids=[w.units[1].pk]
            )
        assert p.status == Status.ASSIGNED
        assert p.assigned_at == dt.date(2026, 3, 2) and p.due_date == dt.date(2026, 6, 2)
        co = Assignment.objects.get(proposal=p, role=AssignmentRole.CO)
        assert co.co_opinion_due == dt.date(2026, 4, 2)
        assert Notification.objects.filter(user=w.handlers[0]).exists()
        assert Notification.objects.filter(user=w.handlers[1]).exists()
    with time_machine.travel(dt.datetime(2026, 3, 20, 10, tzinfo=SHANGHAI), tick=False):
        services.co_opinion_submit(actor=w.handlers[1], proposal_id=p.pk, text="会办意见")
        services.consultation_record(
            actor=w.handlers[0],
            proposal_id=p.pk,
            method="face",
            held_on=dt.date(2026, 3, 19),
            participants="张三",
        )
        with django_capture_on_commit_callbacks(execute=True):
            r = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="答复", category="A")
        assert Notification.objects.filter(user=w.unit_leaders[0]).exists()
        services.reply_sign(actor=w.unit_leaders[0], reply_id=r.pk)
        p.refresh_from_db()
        assert (
            p.status == Status.REPLIED and p.result_category == "A" and p.replied_at == dt.date(2026, 3, 20)
        )
        services.rating_submit(
            actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="unsatisfied", reason="问题未解决"
        )
        p.refresh_from_db()
        assert p.status == Status.REHANDLING and p.rehandle_count == 1
        assert p.due_date == dt.date(2026, 4, 20)
    with time_machine.travel(dt.datetime(2026, 4, 10, 10, tzinfo=SHANGHAI), tick=False):
        r2 = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="再次答复", category="A")
        assert r2.round == 2
        services.reply_sign(actor=w.unit_leaders[0], reply_id=r2.pk)
        services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="satisfied")
        p.refresh_from_db()
        assert p.status == Status.CLOSED and p.closed_at == dt.date(2026, 4, 10)
    assert events(p) == [
        "proposal_create",
        "proposal_attach",
        "proposal_invite_cosigners",
        "proposal_cosign",
        "proposal_cosign",
        "proposal_submit",
        "proposal_review_accept",
        "proposal_assign",
        "proposal_co_opinion",
        "proposal_consult",
        "proposal_reply_draft",
        "proposal_reply_sign",
        "proposal_rate",
        "proposal_reply_draft",
        "proposal_reply_sign",
        "proposal_rate",
    ]
    assert CoHandlerOpinion.objects.count() == 1 and Consultation.objects.count() == 1
    assert Rating.objects.filter(proposal=p).count() == 2


def test_b_reply_goes_to_follow_up_until_reported_done():
    w = make_world()
    p = replied(w, category="B")
    assert p.promised_date == dt.date(2099, 12, 31)
    services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="basically")
    p.refresh_from_db()
    assert p.status == Status.FOLLOW_UP
    services.follow_up_report(actor=w.handlers[0], proposal_id=p.pk, text="进展过半", done=False)
    p.refresh_from_db()
    assert p.status == Status.FOLLOW_UP
    services.follow_up_report(actor=w.handlers[0], proposal_id=p.pk, text="已完成", done=True)
    p.refresh_from_db()
    assert p.status == Status.CLOSED


def test_rollover_marks_unfinished_follow_ups():
    w = make_world()
    p = replied(w, category="C")
    services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="satisfied")
    year = timezone.localdate().year
    assert services.follow_up_rollover(actor=w.staff, year=year) == 1
    p.refresh_from_db()
    assert p.carried_over_from == year
    assert services.follow_up_rollover(actor=w.staff, year=year) == 0
    with pytest.raises(PermissionDenied):
        services.follow_up_rollover(actor=w.handlers[0], year=year)


def test_split_leads_each_reply_and_the_item_is_replied_when_all_signed():
    w = make_world()
    p = assigned(w, leads=(0, 2), cos=())
    assert set(p.assignments.values_list("role", flat=True)) == {AssignmentRole.SPLIT}
    r0 = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="第一部分", category="A")
    services.reply_sign(actor=w.unit_leaders[0], reply_id=r0.pk)
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED
    r2 = services.reply_draft(
        actor=w.handlers[2],
        proposal_id=p.pk,
        text="第二部分",
        category="C",
        promised_date=dt.date(2099, 1, 1),
    )
    services.reply_sign(actor=w.unit_leaders[2], reply_id=r2.pk)
    p.refresh_from_db()
    assert p.status == Status.REPLIED and p.result_category == "C" and p.promised_date == dt.date(2099, 1, 1)


def test_return_and_reassign_restarts_the_deadline():
    w = make_world()
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        p = assigned(w)
        req = services.return_request(actor=w.handlers[0], proposal_id=p.pk, reason="不属于本单位职责")
    with time_machine.travel(dt.datetime(2026, 3, 5, 10, tzinfo=SHANGHAI), tick=False):
        services.return_decide(actor=w.staff, request_id=req.pk, approve=True, new_unit_id=w.units[2].pk)
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED
    lead = Assignment.objects.get(proposal=p, role=AssignmentRole.LEAD, is_active=True)
    assert lead.unit == w.units[2] and lead.assigned_on == dt.date(2026, 3, 5)
    assert p.due_date == dt.date(2026, 6, 5)
    assert not Assignment.objects.get(proposal=p, unit=w.units[0]).is_active


def test_return_request_after_seven_working_days_is_refused():
    w = make_world()
    # assigned Thu 2026-09-24; the National Day holiday (Oct 1–8) does not count: the 7th working day is
    # Oct 12 (Sat Oct 10 is a make-up working day).
    with time_machine.travel(dt.datetime(2026, 9, 24, 10, tzinfo=SHANGHAI), tick=False):
        p = assigned(w)
    with time_machine.travel(dt.datetime(2026, 10, 13, 10, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(ApplicationError) as exc:
            services.return_request(actor=w.handlers[0], proposal_id=p.pk, reason="不属于本单位")
        assert "时限" in exc.value.message
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=SHANGHAI), tick=False):
        services.return_request(actor=w.handlers[0], proposal_id=p.pk, reason="不属于本单位")


def test_extension_approved_moves_the_due_date_and_tells_the_deputy(django_capture_on_commit_callbacks):
    w = make_world()
    with time_machine.travel(dt.datetime(2026, 1, 31, 10, tzinfo=SHANGHAI), tick=False):
        p = assigned(w)
        assert p.due_date == dt.date(2026, 4, 30)
        req = services.extension_request(actor=w.handlers[0], proposal_id=p.pk, months=2, reason="需要调研")
        with django_capture_on_commit_callbacks(execute=True):
            services.extension_decide(actor=w.staff, request_id=req.pk, approve=True)
    p.refresh_from_db()
    assert p.extended_months == 2 and p.due_date == dt.date(2026, 6, 30)
    assert Notification.objects.filter(user=w.lead, title__contains="延期").exists()
    with pytest.raises(ApplicationError) as exc:
        services.extension_request(actor=w.handlers[0], proposal_id=p.pk, months=2, reason="再延")
    assert exc.value.field == "months"
    services.extension_request(actor=w.handlers[0], proposal_id=p.pk, months=1, reason="再延")


def test_motion_converted_to_suggestion_keeps_its_number_and_history():
    w = make_world(n_cosigners=9)
    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() + dt.timedelta(days=1), set_by=w.staff
    )
    s = submitted(w)  # suggestion number 1
    m = draft(w, kind=Kind.MOTION)
    m = with_cosigners(w, m)
    m = services.proposal_submit(actor=w.lead, proposal_id=m.pk)
    assert m.number == 1 and m.kind == Kind.MOTION
    m = services.motion_decide(actor=w.staff, proposal_id=m.pk, decision="to_suggestion", note="主席团决定")
    assert m.kind == Kind.SUGGESTION and m.motion_number == 1 and m.number == s.number + 1
    assert m.status == Status.ACCEPTED and m.presidium_decision == "to_suggestion"
    services.proposal_assign(actor=w.staff, proposal_id=m.pk, lead_unit_ids=[w.units[0].pk])
    assert "proposal_submit" in events(m) and "motion_decide" in [
        e.action for e in Event.objects.filter(object_id=str(m.pk))
    ]


def test_motion_decisions_and_withdrawal_with_presidium_consent():
    w = make_world(n_cosigners=9)
    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() + dt.timedelta(days=1), set_by=w.staff
    )
    m = services.proposal_submit(actor=w.lead, proposal_id=with_cosigners(w, draft(w, kind=Kind.MOTION)).pk)
    m = services.motion_decide(actor=w.staff, proposal_id=m.pk, decision="to_committee")
    assert m.status == Status.TO_COMMITTEE
    with pytest.raises(ApplicationError):
        services.proposal_withdraw(actor=w.lead, proposal_id=m.pk)
    with pytest.raises(ApplicationError) as exc:
        services.proposal_withdraw(actor=w.staff, proposal_id=m.pk)
    assert exc.value.field == "note"
    m = services.proposal_withdraw(actor=w.staff, proposal_id=m.pk, note="主席团同意撤回")
    assert m.status == Status.WITHDRAWN


def test_joint_suggestion_withdrawn_only_when_every_signer_consents():
    w = make_world()
    p = services.proposal_submit(actor=w.lead, proposal_id=with_cosigners(w, draft(w), 2).pk)
    with pytest.raises(ApplicationError) as exc:
        services.proposal_withdraw(actor=w.lead, proposal_id=p.pk)
    assert "2" in exc.value.message
    services.withdraw_consent(actor=w.cosigner_users[0], proposal_id=p.pk)
    with pytest.raises(ApplicationError):
        services.proposal_withdraw(actor=w.lead, proposal_id=p.pk)
    services.withdraw_consent(actor=w.cosigner_users[1], proposal_id=p.pk)
    p = services.proposal_withdraw(actor=w.lead, proposal_id=p.pk)
    assert p.status == Status.WITHDRAWN


def test_merge_every_deputy_still_gets_an_answer(django_capture_on_commit_callbacks):
    w = make_world()
    main = accepted(w)
    other = services.proposal_create_draft(
        actor=w.outsider, kind=Kind.SUGGESTION, title="同类建议", content="内容"
    )
    other = services.proposal_submit(actor=w.outsider, proposal_id=other.pk)
    other = services.proposal_merge(actor=w.staff, proposal_id=other.pk, into_id=main.pk)
    assert other.status == Status.MERGED and other.merged_into_id == main.pk
    assert Proposal.objects.restrict(w.outsider).filter(pk=main.pk).exists()
    services.proposal_assign(actor=w.staff, proposal_id=main.pk, lead_unit_ids=[w.units[0].pk])
    r = services.reply_draft(actor=w.handlers[0], proposal_id=main.pk, text="答复", category="A")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_sign(actor=w.unit_leaders[0], reply_id=r.pk)
    assert Notification.objects.filter(user=w.outsider, title__contains="并案").exists()


def test_review_return_needs_a_reason_and_letter():
    w = make_world()
    p = submitted(w)
    with pytest.raises(ApplicationError) as exc:
        services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="return")
    assert exc.value.field == "reason"
    p = services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="return", reason="court_case")
    assert p.status == Status.RETURNED and p.inadmissible_reason == "court_case"
    q = submitted(w, title="第二条")
    q = services.proposal_review(actor=w.staff, proposal_id=q.pk, decision="letter")
    assert q.status == Status.LETTER


def test_key_supervision_and_publish():
    w = make_world()
    p = assigned(w)
    with pytest.raises(PermissionDenied):
        services.key_supervision_mark(actor=w.staff, proposal_id=p.pk, committee_id=w.committee.pk)
    p = services.key_supervision_mark(
        actor=w.leader, proposal_id=p.pk, committee_id=w.committee.pk, leading_official="副市长"
    )
    assert p.key_supervision and p.supervising_committee_id == w.committee.pk
    r = replied(w, title="另一条")
    r = services.proposal_publish(actor=w.staff, proposal_id=r.pk)
    assert r.is_public


def test_co_signers_rate_when_the_setting_allows():
    w = make_world()
    w.settings.cosigners_rate = True
    w.settings.save()
    p = draft(w)
    with_cosigners(w, p, 1)
    services.proposal_submit(actor=w.lead, proposal_id=p.pk)
    services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="accept")
    services.proposal_assign(actor=w.staff, proposal_id=p.pk, lead_unit_ids=[w.units[0].pk])
    r = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="答复", category="A")
    services.reply_sign(actor=w.unit_leaders[0], reply_id=r.pk)
    services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="satisfied")
    services.rating_submit(
        actor=w.cosigner_users[0], proposal_id=p.pk, attitude="satisfied", result="basically"
    )
    p.refresh_from_db()
    assert p.status == Status.CLOSED and p.ratings.count() == 2
    with pytest.raises(ApplicationError):
        services.rating_submit(
            actor=w.cosigner_users[0], proposal_id=p.pk, attitude="satisfied", result="satisfied"
        )


def test_outsiders_get_not_found_and_wrong_roles_permission_denied():
    w = make_world()
    p = assigned(w)
    with pytest.raises(NotFound):
        services.reply_draft(actor=w.handlers[2], proposal_id=p.pk, text="x", category="A")
    with pytest.raises(PermissionDenied):
        services.reply_draft(actor=w.handlers[1], proposal_id=p.pk, text="x", category="A")  # co-handler
    r = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="x", category="A")
    with pytest.raises(PermissionDenied):
        services.reply_sign(actor=w.handlers[0], reply_id=r.pk)
    assert Reply.objects.get(pk=r.pk).status == "draft"


def test_cosign_confirm_and_decline():
    w = make_world()
    p = with_cosigners(w, draft(w), 2, confirm=False)
    services.cosign_respond(actor=w.cosigner_users[0], proposal_id=p.pk, accept=True)
    services.cosign_respond(actor=w.cosigner_users[1], proposal_id=p.pk, accept=False)
    assert dict(Cosigner.objects.filter(proposal=p).values_list("deputy__user__username", "status")) == {
        w.cosigner_users[0].username: CosignStatus.CONFIRMED,
        w.cosigner_users[1].username: CosignStatus.DECLINED,
    }
    with pytest.raises(ApplicationError):
        services.cosign_respond(actor=w.cosigner_users[0], proposal_id=p.pk, accept=True)
    p = services.proposal_submit(actor=w.lead, proposal_id=p.pk)
    assert p.status == Status.SUBMITTED


def test_staff_create_on_behalf_and_numbering_per_kind():
    w = make_world()
    p = services.proposal_create_draft(
        actor=w.staff, kind=Kind.SUGGESTION, title="代录建议", content="内容", lead_deputy_id=w.lead_deputy.pk
    )
    assert p.lead_deputy_id == w.lead_deputy.pk and p.created_by == w.staff
    p = services.proposal_submit(actor=w.staff, proposal_id=p.pk)
    q = submitted(w)
    assert (p.number, q.number) == (1, 2)
    with pytest.raises(PermissionDenied):
        services.proposal_create_draft(
            actor=w.outsider, kind=Kind.SUGGESTION, title="冒名", lead_deputy_id=w.lead_deputy.pk
        )
    assert Proposal.objects.count() == 2


def test_split_leads_that_both_promised_both_report_done():
    w = make_world()
    p = assigned(w, leads=(0, 2), cos=())
    for i in (0, 2):
        r = services.reply_draft(
            actor=w.handlers[i],
            proposal_id=p.pk,
            text="答复",
            category="B",
            promised_date=dt.date(2099, 1, 1),
        )
        services.reply_sign(actor=w.unit_leaders[i], reply_id=r.pk)
    services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="satisfied")
    services.follow_up_report(actor=w.handlers[0], proposal_id=p.pk, text="完成", done=True)
    p.refresh_from_db()
    assert p.status == Status.FOLLOW_UP
    services.follow_up_report(actor=w.handlers[2], proposal_id=p.pk, text="完成", done=True)
    p.refresh_from_db()
    assert p.status == Status.CLOSED
