"""Investigations of a specific question (监督法 第七章) and removal motions (撤职案) through the services and
the rules: one fifth of all members rounded up (table and property), a proposal filed only with enough
signatures in time (a clear refusal otherwise), the standing committee's decision by more than half of ALL
members, the committee (an interested member refused), hearings, evidence checked by content, the report and
its docx, the resolution and publication; who may sign and who sees anything; every step audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from renda.appointments import selectors as appointment_selectors
from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.supervision import rules
from renda.supervision.models import Investigation, MotionSignature, RemovalMotion
from renda.supervision.services import investigations as svc
from renda.supervision.services import removals
from renda.supervision.tests import scenario

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- the rules ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "need"),
    [(1, 1), (4, 1), (5, 1), (6, 2), (10, 2), (11, 3), (35, 7), (41, 9), (45, 9), (46, 10), (60, 12)],
)
def test_one_fifth_of_the_members_rounded_up(members, need):
    assert rules.one_fifth(members) == need
    assert rules.investigation_proposal_ok(need, members)
    assert not rules.investigation_proposal_ok(need - 1, members)
    assert rules.removal_motion_ok(need, members) and not rules.removal_motion_ok(need - 1, members)


@pytest.mark.parametrize("members", [0, -5])
def test_one_fifth_of_no_members_is_refused(members):
    with pytest.raises(ValueError):
        rules.one_fifth(members)


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_one_fifth_is_the_least_count_that_is_a_fifth_or_more(members, signers):
    need = rules.one_fifth(members)
    assert need * 5 >= members > (need - 1) * 5
    if signers <= members:
        assert rules.investigation_proposal_ok(signers, members) == (signers * 5 >= members)


@pytest.mark.parametrize(
    ("role", "on_committee", "interested", "ok"),
    [
        ("chair", True, False, True),
        ("chair", False, False, False),
        ("member", True, True, False),
        ("vice_chair", True, False, True),
        ("expert", False, False, True),
        ("expert", False, True, False),
    ],
)
def test_who_may_sit_on_the_committee(role, on_committee, interested, ok):
    assert rules.committee_seat_allowed(role, on_standing_committee=on_committee, interested=interested) is ok


@pytest.mark.parametrize(
    ("yes", "members", "passes"), [(6, 11, True), (5, 11, False), (23, 45, True), (22, 44, False)]
)
def test_the_standing_committee_decides_by_more_than_half_of_all_members(yes, members, passes):
    assert rules.committee_decides(yes, members) is passes


# --- the services -------------------------------------------------------------------------------------------


@pytest.fixture
def w(db):
    return scenario.world(prefix="iv")


def _events(obj):
    return list(
        Event.objects.filter(object_id=str(obj.pk), action__startswith="supervision_investigation")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_one_fifth_sign_it_is_decided_investigated_reported_resolved_and_published(w):
    obj = scenario.inv_signing(w)
    ms = scenario.members(w, 11)
    assert (obj.members_total, obj.signers_needed) == (11, 3)  # ceil(11 / 5)
    svc.investigation_sign(actor=ms[1][0], investigation_id=obj.pk)
    with pytest.raises(ApplicationError, match="五分之一以上（3人）联名，截止时间前已联名2人"):
        svc.investigation_file(actor=ms[0][0], investigation_id=obj.pk)
    with pytest.raises(ApplicationError, match="您已联名"):
        svc.investigation_sign(actor=ms[1][0], investigation_id=obj.pk)
    svc.investigation_sign(actor=ms[2][0], investigation_id=obj.pk)
    assert "file" in spine.available_actions(w.staff, Investigation.objects.get(pk=obj.pk))
    obj = svc.investigation_file(actor=w.staff, investigation_id=obj.pk)
    assert obj.status == "proposed"
    obj = svc.investigation_schedule(actor=w.staff, investigation_id=obj.pk, meeting_id=w.extra["meeting"].pk)
    assert obj.agenda_item.session_id == w.extra["meeting"].pk
    obj = svc.investigation_decide(actor=w.staff, investigation_id=obj.pk, members=11, yes=6, no=3, abstain=2)
    assert obj.status == "established" and obj.established_on is not None
    # the committee: an interested member is refused, a member without an interest sits
    svc.investigation_declare_conflict(
        actor=w.staff, investigation_id=obj.pk, deputy_id=ms[3][1].pk, reason="其配偶在承建企业任职"
    )
    with pytest.raises(ApplicationError, match="利害关系，不得担任调查委员会成员"):
        svc.investigation_add_member(
            actor=w.staff, investigation_id=obj.pk, role="member", deputy_id=ms[3][1].pk
        )
    with pytest.raises(ApplicationError, match="须为本届常务委员会组成人员"):
        svc.investigation_add_member(
            actor=w.staff, investigation_id=obj.pk, role="chair", deputy_id=w.lead_deputy.pk
        )
    with pytest.raises(ApplicationError, match="还没有主任委员"):
        svc.investigation_start(actor=w.staff, investigation_id=obj.pk)
    svc.investigation_add_member(actor=w.staff, investigation_id=obj.pk, role="chair", deputy_id=ms[4][1].pk)
    svc.investigation_add_member(
        actor=w.staff, investigation_id=obj.pk, role="vice_chair", deputy_id=ms[5][1].pk
    )
    svc.investigation_add_member(actor=w.staff, investigation_id=obj.pk, role="expert", name="周教授")
    with pytest.raises(ApplicationError, match="已有主任委员"):
        svc.investigation_add_member(
            actor=w.staff, investigation_id=obj.pk, role="chair", deputy_id=ms[6][1].pk
        )
    svc.investigation_start(actor=w.staff, investigation_id=obj.pk)
    with pytest.raises(ApplicationError, match="还没有记录调查情况"):
        svc.investigation_report(actor=w.staff, investigation_id=obj.pk, text="报告")
    svc.investigation_record_hearing(
        actor=w.staff, investigation_id=obj.pk, held_on=dt.date(2026, 4, 2),
        witnesses="市住建局、市财政局", summary="听取资金拨付情况说明。",
    )  # fmt: skip
    svc.investigation_add_evidence(
        actor=w.staff, investigation_id=obj.pk, title="资金拨付台账",
        file=SimpleUploadedFile("台账.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="内容不是 PDF"):
        svc.investigation_add_evidence(
            actor=w.staff, investigation_id=obj.pk, title="伪装文件",
            file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"),
        )  # fmt: skip
    assert obj.evidence.count() == 1
    obj = svc.investigation_report(
        actor=w.staff, investigation_id=obj.pk, text="一、基本情况。\n二、问题和建议。"
    )
    content = svc.report_document(actor=w.leader, investigation_id=obj.pk)
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "调查报告" in text and "市住建局、市财政局" in text and "周教授" in text
    obj = svc.investigation_schedule_report(
        actor=w.staff, investigation_id=obj.pk, meeting_id=w.extra["review_meeting"].pk
    )
    obj = svc.investigation_resolve(
        actor=w.staff,
        investigation_id=obj.pk,
        text="责成市政府限期整改。",
        members=11,
        yes=9,
        no=0,
        abstain=1,
    )
    assert obj.resolution_passed is True
    obj = svc.investigation_publish(actor=w.leader, investigation_id=obj.pk)
    assert obj.status == "published"
    assert _events(obj) == [
        "supervision_investigation_create",
        "supervision_investigation_open",
        "supervision_investigation_sign",
        "supervision_investigation_sign",
        "supervision_investigation_file",
        "supervision_investigation_schedule",
        "supervision_investigation_decide",
        "supervision_investigation_conflict",
        "supervision_investigation_member",
        "supervision_investigation_member",
        "supervision_investigation_member",
        "supervision_investigation_start",
        "supervision_investigation_hearing",
        "supervision_investigation_evidence",
        "supervision_investigation_report",
        "supervision_investigation_report_docx",
        "supervision_investigation_schedule_report",
        "supervision_investigation_resolve",
        "supervision_investigation_publish",
    ]


def test_half_of_all_members_is_not_enough_and_bad_counts_change_nothing(w):
    obj = scenario.inv_proposed(w)
    svc.investigation_schedule(actor=w.staff, investigation_id=obj.pk, meeting_id=w.extra["meeting"].pk)
    with pytest.raises(ApplicationError, match="超过组成人员总数"):
        svc.investigation_decide(actor=w.staff, investigation_id=obj.pk, members=10, yes=8, no=2, abstain=1)
    assert Investigation.objects.get(pk=obj.pk).status == "scheduled"
    # 5 of 10 present vote yes: a majority of those voting, not of ALL members
    obj = svc.investigation_decide(actor=w.staff, investigation_id=obj.pk, members=10, yes=5, no=1, abstain=0)
    assert obj.status == "not_established" and obj.established_on is None


def test_the_council_proposes_without_signatures(w):
    scenario.members(w, 11)
    with pytest.raises(PermissionDenied):
        svc.investigation_create(actor=w.handlers[0], title="x", reasons="y", by_council=True)
    obj = svc.investigation_create(
        actor=w.leader, title="食品安全监管问题", reasons="多次发生问题。", by_council=True
    )
    assert obj.status == "proposed" and obj.lead_id is None and obj.filed_at is not None


def test_a_deputy_who_is_not_a_member_cannot_sign_and_a_unit_sees_nothing(w):
    obj = scenario.inv_signing(w)
    # a deputy not on the standing committee does not even see it, let alone sign it
    with pytest.raises(NotFound):
        svc.investigation_sign(actor=w.lead, investigation_id=obj.pk)
    assert spine.refusal(w.lead, obj, "sign", check_scope=False) is not None
    with pytest.raises(PermissionDenied):
        svc.investigation_create(actor=w.lead, title="x", reasons="y")
    for unit_user in (w.handlers[0], w.unit_leaders[0]):
        assert not Investigation.objects.restrict(unit_user, "view").exists()
        with pytest.raises(NotFound):
            spine.get_visible(Investigation, unit_user, obj.pk)
    # a member who has not signed sees it (to sign it); the deadline passed → no more signatures
    member = scenario.members(w, 11)[5][0]
    assert spine.get_visible(Investigation, member, obj.pk).pk == obj.pk
    Investigation.objects.filter(pk=obj.pk).update(sign_deadline=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ApplicationError, match="联名截止时间已过"):
        svc.investigation_sign(actor=member, investigation_id=obj.pk)
    obj = svc.investigation_lapse(actor=w.staff, investigation_id=obj.pk)
    assert obj.status == "lapsed"


# --- removal motions ----------------------------------------------------------------------------------------


def _holding(name):
    return [p.name for _t, p in appointment_selectors.holders(current=True) if p.name == name]


def test_a_removal_passed_by_more_than_half_of_all_members_ends_the_tenure(w):
    obj = scenario.removal_filed(w)
    assert obj.status == "filed" and obj.signatures.count() == 3 and _holding("钱进") == ["钱进"]
    obj = removals.removal_schedule(actor=w.staff, removal_id=obj.pk, meeting_id=w.extra["review_meeting"].pk)
    assert obj.case.status == "scheduled" and obj.agenda_item.session_id == w.extra["review_meeting"].pk
    obj = removals.removal_decide(actor=w.staff, removal_id=obj.pk, members=11, yes=7, no=2, abstain=1)
    assert obj.status == "removed" and _holding("钱进") == []
    ended = {p.name: t for t, p in appointment_selectors.holders(current=False)}
    assert ended["钱进"].ended_by == "removed"
    assert Event.objects.filter(action="appointments_vote").count() == 2  # the appointment, the removal
    assert list(
        Event.objects.filter(object_id=str(obj.pk), action__startswith="supervision_removal")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "supervision_removal_create",
        "supervision_removal_open",
        "supervision_removal_sign",
        "supervision_removal_sign",
        "supervision_removal_file",
        "supervision_removal_schedule",
        "supervision_removal_decide",
    ]


def test_a_removal_short_of_half_of_all_members_leaves_the_holder_in_office(w):
    obj = scenario.removal_filed(w)
    removals.removal_schedule(actor=w.staff, removal_id=obj.pk, meeting_id=w.extra["meeting"].pk)
    obj = removals.removal_decide(actor=w.staff, removal_id=obj.pk, members=11, yes=5, no=5, abstain=1)
    assert obj.status == "not_removed" and _holding("钱进") == ["钱进"]


def test_a_removal_names_a_current_holder_and_is_refused_to_a_unit(w):
    scenario.members(w, 11)
    lead = scenario.members(w)[0][0]
    with pytest.raises(ApplicationError, match="任职名册"):
        removals.removal_create(actor=lead, holder_id=999999, reasons="x")
    obj = scenario.removal_filed(w)
    assert not RemovalMotion.objects.restrict(w.handlers[0], "view").exists()
    with pytest.raises(NotFound):
        spine.get_visible(RemovalMotion, w.handlers[0], obj.pk)
    with pytest.raises(PermissionDenied):
        removals.removal_schedule(actor=w.leader, removal_id=obj.pk, meeting_id=w.extra["meeting"].pk)
    assert MotionSignature.objects.filter(removal=obj).count() == 3
