"""The services of government procedures: a decision through its five steps; every skipped step refused by
its name; an exemption only with a legal basis; an unlawful draft kept from the meeting; the public draft's
period and answers; enforcement: a major decision waits for its legal review, each file fingerprinted with SM3
and a changed file flagged; uploads checked by content; roles (the congress reads, never acts); require before
every lock; events recorded."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.procedures import selectors, services
from renda.procedures.models import Case, Decision, StepRecord
from renda.procedures.tests import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    return scenario.government()


@pytest.fixture
def decision(gov):
    return scenario.decision(gov)


def refused(call, *words):
    with pytest.raises(ApplicationError) as exc:
        call()
    for w in words:
        assert w in str(exc.value.message), exc.value.message
    return exc.value


def test_a_decision_through_its_five_steps(gov, decision):
    today = timezone.localdate()
    services.draft_open(
        actor=gov.lead_user,
        decision_id=decision,
        draft_text="第一条 …",
        comment_opens=today,
        comment_closes=today + dt.timedelta(days=30),
    )
    comment = services.comment_submit(decision_id=decision.pk, text="建议保留老年人优惠", author="市民")
    refused(
        lambda: services.participation_record(actor=gov.lead_user, decision_id=decision, summary="x"),
        "期限尚未届满",
    )
    with time_machine.travel(today + dt.timedelta(days=31), tick=False):
        refused(
            lambda: services.participation_record(actor=gov.lead_user, decision_id=decision, summary="x"),
            "未答复",
        )
        refused(
            lambda: services.comment_submit(decision_id=decision.pk, text="迟到的意见"), "不在征求意见期限内"
        )
        services.comment_answer(actor=gov.lead_user, comment_id=comment.pk, answer="已采纳")
        services.participation_record(
            actor=gov.lead_user, decision_id=decision, summary="收到意见一条，已采纳"
        )
        services.expert_record(
            actor=gov.lead_user, decision_id=decision, participants="专家五人", summary="可行"
        )
        services.risk_record(
            actor=gov.lead_user, decision_id=decision, rating="low", summary="低", measures="宣传"
        )
        services.review_submit(actor=gov.lead_user, decision_id=decision)
        services.legality_review(
            actor=gov.justice_user, decision_id=decision, conclusion="lawful", summary="合法"
        )
        services.meeting_record(
            actor=gov.office_user,
            decision_id=decision,
            meeting_name="市政府第12次常务会议",
            meeting_date=timezone.localdate(),
            speakers="副市长甲：同意。",
            conclusion="市长：原则同意，按程序公布。",
            adopted=True,
        )
        services.decision_publish(actor=gov.lead_user, decision_id=decision, publication_ref="市政府公报")
        services.tracking_add(actor=gov.lead_user, decision_id=decision, note="已实施")
        services.decision_evaluate(actor=gov.lead_user, decision_id=decision, evaluation="效果良好")
    decision.refresh_from_db()
    assert decision.status == "evaluated"
    assert [c.state for c in selectors.step_cells(decision)] == ["done"] * 5
    actions = set(Event.objects.filter(object_id=str(decision.pk)).values_list("action", flat=True))
    assert {
        "procedures_legality",
        "procedures_meeting",
        "procedures_publish",
        "procedures_evaluate",
    } <= actions


def test_every_skip_is_refused_with_the_step_named(gov, decision):
    lead = gov.lead_user
    refused(
        lambda: services.review_submit(actor=lead, decision_id=decision), "公众参与", "专家论证", "风险评估"
    )
    services.expert_record(actor=lead, decision_id=decision, participants="专家", summary="可行")
    e = refused(lambda: services.review_submit(actor=lead, decision_id=decision), "公众参与", "风险评估")
    assert "专家论证" not in e.message
    for call in (
        lambda: services.meeting_record(
            actor=lead,
            decision_id=decision,
            meeting_name="常务会议",
            meeting_date=timezone.localdate(),
            speakers="甲",
            conclusion="同意",
            adopted=True,
        ),
        lambda: services.decision_publish(actor=lead, decision_id=decision, publication_ref="公报"),
        lambda: services.decision_evaluate(actor=lead, decision_id=decision, evaluation="好"),
    ):
        refused(call, "公众参与", "风险评估", "合法性审查")
    refused(
        lambda: services.legality_review(
            actor=gov.justice_user, decision_id=decision, conclusion="lawful", summary="x"
        ),
        "公众参与",
    )
    decision.refresh_from_db()
    assert decision.status == "preparing"


def test_an_exemption_needs_a_basis_and_never_covers_review_or_meeting(gov, decision):
    lead = gov.lead_user
    refused(
        lambda: services.step_exempt(actor=lead, decision_id=decision, step="expert", basis=""), "法律依据"
    )
    refused(
        lambda: services.step_exempt(actor=lead, decision_id=decision, step="legality", basis=scenario.BASIS),
        "合法性审查",
        "不可免予",
    )
    refused(
        lambda: services.step_exempt(actor=lead, decision_id=decision, step="meeting", basis=scenario.BASIS),
        "不可免予",
    )
    assert not StepRecord.objects.filter(decision=decision).exists()
    services.risk_record(actor=lead, decision_id=decision, rating="high", summary="不可控", measures="待定")
    refused(
        lambda: services.step_exempt(actor=lead, decision_id=decision, step="risk", basis=scenario.BASIS),
        "已经进行",
    )
    services.step_exempt(actor=lead, decision_id=decision, step="expert", basis=scenario.BASIS)
    services.step_exempt(
        actor=lead, decision_id=decision, step="participation", basis="条例第13条 依法不予公开"
    )
    refused(lambda: services.review_submit(actor=lead, decision_id=decision), "高风险")
    services.risk_record(
        actor=lead, decision_id=decision, rating="medium", summary="调整后可控", measures="分步"
    )
    services.review_submit(actor=lead, decision_id=decision)
    cells = {c.step: c.state for c in selectors.step_cells(decision)}
    assert cells["expert"] == "exempt" and cells["risk"] == "done"


def test_an_unlawful_draft_cannot_reach_the_meeting(gov, decision):
    scenario.prepared(gov, decision)
    services.review_submit(actor=gov.lead_user, decision_id=decision)
    services.legality_review(
        actor=gov.justice_user, decision_id=decision, conclusion="unlawful", summary="越权"
    )
    decision.refresh_from_db()
    assert decision.status == "returned"
    meeting = lambda: services.meeting_record(  # noqa: E731
        actor=gov.office_user,
        decision_id=decision,
        meeting_name="常务会议",
        meeting_date=timezone.localdate(),
        speakers="甲",
        conclusion="同意",
        adopted=True,
    )
    refused(meeting, "不合法", "不得提交集体讨论")
    services.decision_revise(actor=gov.lead_user, decision_id=decision)
    refused(meeting, "不合法")
    services.review_submit(actor=gov.lead_user, decision_id=decision)
    refused(meeting, "合法性审查")
    services.legality_review(
        actor=gov.justice_user, decision_id=decision, conclusion="lawful", summary="修改后合法"
    )
    meeting()
    decision.refresh_from_db()
    assert decision.status == "decided"


def test_comment_period_rules(gov, decision):
    today = timezone.localdate()
    refused(
        lambda: services.draft_open(
            actor=gov.lead_user,
            decision_id=decision,
            draft_text="稿",
            comment_opens=today,
            comment_closes=today + dt.timedelta(days=10),
        ),
        "30 日",
    )
    opened = services.draft_open(
        actor=gov.lead_user,
        decision_id=decision,
        draft_text="稿",
        comment_opens=today,
        comment_closes=today + dt.timedelta(days=10),
        shortened_reason="汛期临近，情况紧急",
    )
    # a shorter period with its reason is accepted and kept
    assert opened.comment_closes == today + dt.timedelta(days=10)
    assert opened.shortened_reason == "汛期临近，情况紧急"
    refused(
        lambda: services.draft_open(
            actor=gov.lead_user,
            decision_id=decision,
            draft_text="稿",
            comment_opens=today,
            comment_closes=today + dt.timedelta(days=40),
        ),
        "已经公布",
    )


def test_roles_the_congress_reads_and_never_acts(gov, decision):
    for user in (gov.staff, gov.leader):
        assert spine.get_visible(Decision, user, decision.pk) == decision
        with pytest.raises(PermissionDenied):
            services.expert_record(actor=user, decision_id=decision, participants="x", summary="y")
    with pytest.raises(PermissionDenied):  # the reviewer records no steps; the lead unit reviews nothing
        services.expert_record(actor=gov.justice_user, decision_id=decision, participants="x", summary="y")
    scenario.prepared(gov, decision)
    services.review_submit(actor=gov.lead_user, decision_id=decision)
    with pytest.raises(PermissionDenied):
        services.legality_review(
            actor=gov.lead_user, decision_id=decision, conclusion="lawful", summary="自审"
        )
    # a unit with no part in it, and a deputy, do not see a draft catalogue's decision at all
    for user in (gov.other_unit_user, gov.deputy):
        with pytest.raises(NotFound):
            spine.get_visible(Decision, user, decision.pk)
    services.catalogue_publish(actor=gov.office_user, catalogue_id=decision.catalogue)
    assert spine.get_visible(Decision, gov.deputy, decision.pk) == decision
    with pytest.raises(PermissionDenied):
        services.legality_review(actor=gov.deputy, decision_id=decision, conclusion="lawful", summary="x")


def test_require_comes_before_every_lock(gov, decision):
    with spine.trace() as calls:
        services.expert_record(actor=gov.lead_user, decision_id=decision, participants="专家", summary="可行")
    assert calls[0][0] == "require" and calls[1][0] == "lock"


# --- enforcement -------------------------------------------------------------------------------------------


def test_a_major_decision_waits_for_its_legal_review(gov):
    case = scenario.case(gov)
    services.case_record(
        actor=gov.police_user, case_id=case, kind="investigation", note="现场检查", file=scenario.pdf()
    )
    services.case_propose(
        actor=gov.police_user, case_id=case, category="revoke", decision_text="吊销食品经营许可证"
    )
    case.refresh_from_db()
    assert case.major
    refused(lambda: services.case_issue(actor=gov.police_user, case_id=case), "法制审核")
    with pytest.raises(PermissionDenied):
        services.case_review(actor=gov.police_user, case_id=case, passed=True, opinion="自审")
    services.case_review(actor=gov.justice_user, case_id=case, passed=False, opinion="证据不足")
    refused(lambda: services.case_issue(actor=gov.police_user, case_id=case), "未通过")
    services.case_review(actor=gov.justice_user, case_id=case, passed=True, opinion="补充证据后合法")
    services.case_issue(actor=gov.police_user, case_id=case)
    services.case_publish(actor=gov.police_user, case_id=case)
    case.refresh_from_db()
    assert case.status == "published" and case.published_on == timezone.localdate()
    assert selectors.notice()[0].party_masked == "某某超市有限公司"
    stats = {s.unit: s for s in selectors.enforcement_stats()}["市市场监督管理局"]
    assert (stats.cases, stats.major, stats.reviewed, stats.issued, stats.published, stats.late) == (
        1,
        1,
        1,
        1,
        1,
        0,
    )


def test_a_minor_decision_needs_no_review_and_the_list_is_a_setting(gov):
    case = scenario.case(gov)
    services.case_propose(actor=gov.police_user, case_id=case, category="warning", decision_text="警告")
    services.case_issue(actor=gov.police_user, case_id=case)
    services.settings_update(actor=gov.admin, publish_days=5, major_categories=["warning"])
    with pytest.raises(PermissionDenied):
        services.settings_update(actor=gov.police_user, publish_days=5, major_categories=[])
    refused(
        lambda: services.settings_update(actor=gov.admin, publish_days=5, major_categories=["nope"]), "nope"
    )
    assert selectors.settings_row().major_categories == ["warning"]


def test_each_file_is_fingerprinted_and_a_changed_file_is_flagged(gov):
    case = scenario.case(gov)
    entry = services.case_record(
        actor=gov.police_user, case_id=case, kind="investigation", file=scenario.pdf()
    )
    services.case_record(actor=gov.police_user, case_id=case, kind="investigation", file=scenario.png())
    services.case_record(
        actor=gov.police_user, case_id=case, kind="hearing", av_ref="记录仪 DSJ-0032 09:00–09:40"
    )
    assert len(entry.sm3) == 64
    assert [c.changed for c in selectors.record_checked(case)] == [False, False, False]
    with open(entry.file.path, "ab") as fh:  # someone edits the stored file afterwards
        fh.write(b"tampered")
    checks = selectors.record_checked(case)
    assert [c.changed for c in checks] == [True, False, False]
    assert checks[0].current != entry.sm3


def test_uploads_are_checked_by_content_and_nothing_is_kept(gov):
    case = scenario.case(gov)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("笔录.pdf", b"MZ\x90\x00" + b"\x00" * 60, content_type="application/pdf")
    e = refused(
        lambda: services.case_record(actor=gov.police_user, case_id=case, kind="investigation", file=fake),
        "笔录.pdf",
    )
    assert e.field == "file"
    refused(
        lambda: services.case_record(actor=gov.police_user, case_id=case, kind="investigation"), "请填写记录"
    )
    assert not case.files.exists()


def test_a_case_needs_two_officers_of_its_body(gov):
    o1 = services.officer_add(actor=gov.police_user, unit_id=gov.police.pk, name="李明", certificate="A1")
    e = refused(
        lambda: services.case_open(
            actor=gov.police_user,
            unit_id=gov.police.pk,
            review_unit_id=gov.justice.pk,
            number="1",
            title="t",
            party="张三",
            basis="法",
            officer_ids=[o1.pk],
        ),
        "不得少于两人",
    )
    assert e.field == "officer_ids"
    assert not Case.objects.exists()
    with pytest.raises(PermissionDenied):
        services.officer_add(actor=gov.police_user, unit_id=gov.lead.pk, name="x", certificate="B1")
