"""Bad input: a clear ApplicationError naming the field, and nothing changed (rows and counts asserted)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renda.core.errors import ApplicationError
from renda.core.models import Event, Notification
from renda.proposals import services
from renda.proposals.choices import Kind, Status
from renda.proposals.models import (
    Assignment,
    Attachment,
    Consultation,
    Cosigner,
    ExtensionRequest,
    MotionWindow,
    Proposal,
    Rating,
    Reply,
    ReturnRequest,
)
from renda.proposals.tests.engine_setup import (
    accepted,
    assigned,
    draft,
    make_world,
    pdf,
    replied,
    snapshot,
    submitted,
    with_cosigners,
)

pytestmark = pytest.mark.django_db

MODELS = (
    Proposal,
    Cosigner,
    Attachment,
    Assignment,
    Reply,
    Rating,
    Consultation,
    ReturnRequest,
    ExtensionRequest,
    Event,
    Notification,
)


def refused(fn, field: str) -> ApplicationError:
    """Run `fn`; it must raise ApplicationError on `field` and leave every table as it was."""
    before = {m.__name__: snapshot(m) for m in MODELS}
    with pytest.raises(ApplicationError) as exc:
        fn()
    assert exc.value.field == field, (exc.value.field, exc.value.message)
    assert str(exc.value.message)
    after = {m.__name__: snapshot(m) for m in MODELS}
    assert after == before
    return exc.value


@pytest.fixture
def w():
    return make_world(n_cosigners=9)


def test_missing_fields_on_drafts(w):
    refused(lambda: services.proposal_create_draft(actor=w.lead, kind=Kind.SUGGESTION, title="  "), "title")
    refused(lambda: services.proposal_create_draft(actor=w.lead, kind="petition", title="标题"), "kind")
    refused(
        lambda: services.proposal_create_draft(actor=w.lead, kind=Kind.SUGGESTION, title="x" * 201), "title"
    )
    refused(
        lambda: services.proposal_create_draft(
            actor=w.lead, kind=Kind.SUGGESTION, title="标题", topic_id=999999
        ),
        "topic_id",
    )
    refused(
        lambda: services.proposal_create_draft(actor=w.staff, kind=Kind.SUGGESTION, title="代录"),
        "lead_deputy_id",
    )
    p = draft(w, content="")
    refused(lambda: services.proposal_submit(actor=w.lead, proposal_id=p.pk), "content")
    refused(lambda: services.proposal_update_draft(actor=w.lead, proposal_id=p.pk, title=""), "title")
    refused(lambda: services.proposal_update_draft(actor=w.lead, proposal_id=p.pk, status="closed"), "status")
    assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT


def test_motion_needs_cause_basis_plan(w):
    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() + dt.timedelta(days=1), set_by=w.staff
    )
    for missing in ("cause", "basis", "plan"):
        m = with_cosigners(w, draft(w, kind=Kind.MOTION, title=f"缺{missing}", **{missing: ""}), 9)
        refused(lambda m=m: services.proposal_submit(actor=w.lead, proposal_id=m.pk), missing)


def test_motion_with_too_few_cosigners(w):
    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() + dt.timedelta(days=1), set_by=w.staff
    )
    m = with_cosigners(w, draft(w, kind=Kind.MOTION), 8)  # 9 signers with the lead: one short of 10
    err = refused(lambda: services.proposal_submit(actor=w.lead, proposal_id=m.pk), "cosigners")
    assert "10" in err.message and "9" in err.message
    # a township congress (setting: 5) accepts the same item
    w.settings.motion_min_cosigners = 5
    w.settings.save()
    assert services.proposal_submit(actor=w.lead, proposal_id=m.pk).status == Status.SUBMITTED


def test_motion_after_the_deadline(w):
    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() - dt.timedelta(minutes=1), set_by=w.staff
    )
    m = with_cosigners(w, draft(w, kind=Kind.MOTION), 9)
    err = refused(lambda: services.proposal_submit(actor=w.lead, proposal_id=m.pk), "session_id")
    assert err.code == "deadline_passed"


def test_motion_without_a_session_deadline(w):
    m = with_cosigners(w, draft(w, kind=Kind.MOTION), 9)
    refused(lambda: services.proposal_submit(actor=w.lead, proposal_id=m.pk), "session_id")


def test_pending_cosigners_block_submission(w):
    p = with_cosigners(w, draft(w), 2, confirm=False)
    refused(lambda: services.proposal_submit(actor=w.lead, proposal_id=p.pk), "cosigners")
    refused(lambda: services.cosigners_invite(actor=w.lead, proposal_id=p.pk, deputy_ids=[]), "deputy_ids")
    refused(
        lambda: services.cosigners_invite(actor=w.lead, proposal_id=p.pk, deputy_ids=[w.lead_deputy.pk]),
        "deputy_ids",
    )
    refused(
        lambda: services.cosigners_invite(actor=w.lead, proposal_id=p.pk, deputy_ids=[999999]), "deputy_ids"
    )


def test_attachments_of_a_forbidden_type_or_too_large(w, settings):
    p = draft(w)
    exe = SimpleUploadedFile("病毒.exe", b"MZ" + b"0" * 100)
    err = refused(lambda: services.attachment_add(actor=w.lead, proposal_id=p.pk, file=exe), "file")
    assert err.code == "file_type" and "pdf" in err.message
    html = SimpleUploadedFile("page.html", b"<html>")
    refused(lambda: services.attachment_add(actor=w.lead, proposal_id=p.pk, file=html), "file")
    settings.RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES = 1000
    err = refused(
        lambda: services.attachment_add(actor=w.lead, proposal_id=p.pk, file=pdf(size=1001)), "file"
    )
    assert err.code == "file_size"
    refused(
        lambda: services.attachment_add(
            actor=w.lead, proposal_id=p.pk, file=SimpleUploadedFile("空.pdf", b"")
        ),
        "file",
    )
    services.attachment_add(actor=w.lead, proposal_id=p.pk, file=pdf(size=1000))
    assert Attachment.objects.filter(proposal=p).count() == 1


def test_unsatisfied_without_a_reason(w):
    p = replied(w)
    refused(
        lambda: services.rating_submit(
            actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="unsatisfied"
        ),
        "reason",
    )
    refused(
        lambda: services.rating_submit(
            actor=w.lead, proposal_id=p.pk, attitude="unsatisfied", result="satisfied", reason="   "
        ),
        "reason",
    )
    refused(
        lambda: services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude="ok", result="satisfied"),
        "attitude",
    )
    assert Proposal.objects.get(pk=p.pk).status == Status.REPLIED


def test_review_assign_and_handling_inputs(w):
    p = submitted(w)
    refused(lambda: services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="maybe"), "decision")
    refused(
        lambda: services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="return", reason="nope"),
        "reason",
    )
    refused(
        lambda: services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="return", reason="other"),
        "note",
    )
    q = accepted(w, title="待交办")
    refused(
        lambda: services.proposal_assign(actor=w.staff, proposal_id=q.pk, lead_unit_ids=[]), "lead_unit_ids"
    )
    refused(
        lambda: services.proposal_assign(actor=w.staff, proposal_id=q.pk, lead_unit_ids=[999999]),
        "lead_unit_ids",
    )
    refused(
        lambda: services.proposal_assign(
            actor=w.staff, proposal_id=q.pk, lead_unit_ids=[w.units[0].pk], co_unit_ids=[w.units[0].pk]
        ),
        "co_unit_ids",
    )
    refused(lambda: services.proposal_merge(actor=w.staff, proposal_id=q.pk, into_id=q.pk), "into_id")
    refused(lambda: services.proposal_merge(actor=w.staff, proposal_id=q.pk, into_id=999999), "into_id")
    a = assigned(w, title="办理中")
    h = w.handlers[0]
    refused(lambda: services.reply_draft(actor=h, proposal_id=a.pk, text="答复", category="Z"), "category")
    refused(lambda: services.reply_draft(actor=h, proposal_id=a.pk, text="", category="A"), "text")
    refused(
        lambda: services.reply_draft(actor=h, proposal_id=a.pk, text="答复", category="B"), "promised_date"
    )
    refused(
        lambda: services.reply_draft(
            actor=h, proposal_id=a.pk, text="答复", category="C", promised_date=dt.date(2000, 1, 1)
        ),
        "promised_date",
    )
    refused(lambda: services.reply_draft(actor=h, proposal_id=a.pk, text="答复", category="D"), "explanation")
    refused(
        lambda: services.reply_draft(
            actor=h, proposal_id=a.pk, text="答复", category="A", letter=SimpleUploadedFile("a.jpg", b"x")
        ),
        "letter",
    )
    refused(
        lambda: services.consultation_record(
            actor=h, proposal_id=a.pk, method="pigeon", held_on=dt.date(2026, 1, 1), participants="x"
        ),
        "method",
    )
    refused(
        lambda: services.consultation_record(
            actor=h,
            proposal_id=a.pk,
            method="phone",
            held_on=timezone.localdate() + dt.timedelta(days=1),
            participants="x",
        ),
        "held_on",
    )
    refused(
        lambda: services.consultation_record(
            actor=h, proposal_id=a.pk, method="phone", held_on=dt.date(2026, 1, 1), participants=" "
        ),
        "participants",
    )
    refused(lambda: services.extension_request(actor=h, proposal_id=a.pk, months=4, reason="x"), "months")
    refused(lambda: services.extension_request(actor=h, proposal_id=a.pk, months=1, reason=""), "reason")
    refused(lambda: services.return_request(actor=h, proposal_id=a.pk, reason=""), "reason")
    refused(lambda: services.co_opinion_submit(actor=w.handlers[1], proposal_id=a.pk, text=" "), "text")
    refused(
        lambda: services.key_supervision_mark(actor=w.leader, proposal_id=a.pk, committee_id=999999),
        "committee_id",
    )
    req = services.return_request(actor=h, proposal_id=a.pk, reason="非本单位")
    refused(lambda: services.return_decide(actor=w.staff, request_id=req.pk, approve=True), "new_unit_id")
    refused(
        lambda: services.return_decide(
            actor=w.staff, request_id=req.pk, approve=True, new_unit_id=w.units[1].pk
        ),
        "new_unit_id",  # already the co-handler
    )
    assert ReturnRequest.objects.get(pk=req.pk).status == "pending"
