"""Issue 15 §4's acceptance journey in a real browser: a member of the standing committee proposes an
investigation of a specific question (监督法 第五十五条) and opens it for signing; one fifth of the members
sign on their phones (375 px) from their home page's tile; the staff see the threshold reached and file it;
the council's decision puts it on a standing-committee meeting; the meeting's vote sets up the committee
(more than half of ALL members); the committee's chair is named (an interested member refused), a hearing is
recorded, the report made (its docx offered), and the standing committee's resolution entered. Every page is
reached by clicking from the home page; axe-core on every page, at 1280 px and 375 px."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from renda.supervision.models import Investigation
from renda.supervision.tests import scenario
from tests.e2e.conftest import (
    PHONE,
    _new_page,
    assert_accessible,
    follow_menu,
    login,
    open_action_form,
    submit_action_form,
)
from tests.factories import PASSWORD


def _to_investigations(page) -> None:
    """From the home page: the menu's 人大监督, then its link to the investigations."""
    page.goto("/")
    follow_menu(page, "监督立法", "人大监督")
    page.wait_for_url("**/supervision/")
    with page.expect_navigation():
        page.get_by_test_id("to-investigations").click()
    page.wait_for_url("**/supervision/investigations/")


def test_one_fifth_sign_on_their_phones_and_the_committee_investigates(page, browser, live_server):
    w = scenario.world(prefix="e2e-iv")
    ms = scenario.members(w, 11)  # one fifth of 11: 3 signatures
    lead = ms[0][0]

    # the lead proposes and opens it for signing (1280 px)
    login(page, lead.username, PASSWORD)
    _to_investigations(page)
    assert_accessible(page, "investigations list")
    page.fill("input[name=title]", "全市地下管网建设资金使用问题")
    page.fill("textarea[name=reasons]", "审计发现资金挪用线索，有必要组织调查。")
    with page.expect_navigation():
        page.get_by_test_id("investigation-new").click()
    obj = Investigation.objects.get()
    page.wait_for_url(f"**/supervision/investigations/{obj.pk}/")
    open_action_form(page, "open")
    deadline = timezone.localtime() + dt.timedelta(days=2)
    page.fill("input[name=open-deadline]", f"{deadline:%Y-%m-%dT%H:%M}")
    assert_accessible(page, "open form")
    submit_action_form(page, "open")
    expect(page.get_by_test_id("investigation-status")).to_contain_text("征集联名")
    expect(page.get_by_test_id("signature-count")).to_contain_text("已联名 1 人")

    # two members sign on their phones: the home page's tile, the signature page, one tap
    for i, (user, _deputy) in enumerate(ms[1:3]):
        context, phone = _new_page(browser, live_server, viewport=PHONE)
        try:
            login(phone, user.username, PASSWORD)
            phone.goto("/")
            if i == 0:
                assert_accessible(phone, "home page (phone)")
            with phone.expect_navigation():
                phone.get_by_test_id("work-motions").click()
            phone.wait_for_url("**/supervision/investigations/sign/")
            expect(phone.get_by_test_id("sign-item")).to_contain_text("全市地下管网建设资金使用问题")
            if i == 0:
                assert_accessible(phone, "signature page (phone)")
            with phone.expect_navigation():
                phone.get_by_test_id("sign-confirm").click()
            expect(phone.get_by_test_id("sign-none")).to_be_visible()
            if i == 1:
                assert_accessible(phone, "signature page, nothing left (phone)")
        finally:
            context.close()

    # the staff see the threshold reached and file it; the council's decision puts it on a meeting
    staff_ctx, staff = _new_page(browser, live_server)
    try:
        login(staff, w.staff.username, PASSWORD)
        _to_investigations(staff)
        with staff.expect_navigation():
            staff.get_by_role("link", name="全市地下管网建设资金使用问题").click()
        expect(staff.get_by_test_id("threshold-reached")).to_be_visible()
        expect(staff.get_by_test_id("signature-count")).to_contain_text("已联名 3 人")
        assert_accessible(staff, "investigation, threshold reached")
        staff.on("dialog", lambda d: d.accept())
        with staff.expect_navigation():
            staff.get_by_test_id("action-file").click()
        expect(staff.get_by_test_id("investigation-status")).to_contain_text("已提出")
        open_action_form(staff, "schedule")
        staff.select_option("select[name=schedule-meeting_id]", str(w.extra["meeting"].pk))
        submit_action_form(staff, "schedule")
        expect(staff.get_by_test_id("investigation-status")).to_contain_text("已列入会议议程")
        expect(staff.get_by_test_id("meeting")).to_contain_text("常务委员会第二十一次会议")

        # the meeting's vote: 6 of 11 members is more than half of all members
        open_action_form(staff, "decide")
        for name, value in (("members", "11"), ("yes", "6"), ("no", "3"), ("abstain", "1")):
            staff.fill(f"input[name=decide-{name}]", value)
        assert_accessible(staff, "vote form")
        submit_action_form(staff, "decide")
        expect(staff.get_by_test_id("investigation-status")).to_contain_text("决定组织调查委员会")

        # the committee: an interested member is refused, the chair named, then an expert
        open_action_form(staff, "declare_conflict")
        staff.select_option("select[name=declare_conflict-deputy_id]", str(ms[3][1].pk))
        staff.fill("input[name=declare_conflict-reason]", "其配偶在承建企业任职")
        submit_action_form(staff, "declare_conflict")
        expect(staff.get_by_test_id("conflicts")).to_contain_text(ms[3][1].name)
        open_action_form(staff, "add_member")
        staff.select_option("select[name=add_member-role]", "chair")
        staff.select_option("select[name=add_member-deputy_id]", str(ms[3][1].pk))
        submit_action_form(staff, "add_member")
        expect(staff.locator(".alert-danger, .invalid-feedback").first).to_contain_text(
            "不得担任调查委员会成员"
        )
        assert_accessible(staff, "committee member refused")
        expect(staff.get_by_test_id("form-add_member")).to_be_visible()  # redrawn open, with the refusal
        staff.select_option("select[name=add_member-role]", "chair")
        staff.select_option("select[name=add_member-deputy_id]", str(ms[4][1].pk))
        submit_action_form(staff, "add_member")
        expect(staff.get_by_test_id("committee")).to_contain_text(ms[4][1].name)
        with staff.expect_navigation():
            staff.get_by_test_id("action-start").click()
        expect(staff.get_by_test_id("investigation-status")).to_contain_text("调查中")

        # a hearing, the report, its docx, the report on a meeting, the resolution
        open_action_form(staff, "record_hearing")
        staff.fill("input[name=record_hearing-held_on]", f"{timezone.localdate():%Y-%m-%d}")
        staff.fill("input[name=record_hearing-witnesses]", "市住建局、市财政局")
        staff.fill("textarea[name=record_hearing-summary]", "听取资金拨付情况说明，调阅拨付台账。")
        submit_action_form(staff, "record_hearing")
        expect(staff.get_by_test_id("hearings")).to_contain_text("市住建局、市财政局")
        open_action_form(staff, "report")
        staff.fill("textarea[name=report-text]", "一、基本情况。\n二、存在的问题。\n三、处理建议。")
        submit_action_form(staff, "report")
        expect(staff.get_by_test_id("investigation-status")).to_contain_text("已提出调查报告")
        expect(staff.get_by_test_id("report-docx")).to_be_visible()
        open_action_form(staff, "schedule_report")
        staff.select_option("select[name=schedule_report-meeting_id]", str(w.extra["review_meeting"].pk))
        submit_action_form(staff, "schedule_report")
        open_action_form(staff, "resolve")
        staff.fill("textarea[name=resolve-text]", "责成市人民政府限期整改，六个月内报告整改情况。")
        for name, value in (("members", "11"), ("yes", "9"), ("no", "0"), ("abstain", "1")):
            staff.fill(f"input[name=resolve-{name}]", value)
        submit_action_form(staff, "resolve")
        expect(staff.get_by_test_id("investigation-status")).to_contain_text("已作出决议")
        expect(staff.get_by_test_id("resolution")).to_contain_text("表决通过")
        assert_accessible(staff, "investigation resolved")
    finally:
        staff_ctx.close()

    # a member on a phone reads the decision and the report
    context, phone = _new_page(browser, live_server, viewport=PHONE)
    try:
        login(phone, ms[1][0].username, PASSWORD)
        phone.goto(f"/supervision/investigations/{obj.pk}/")
        expect(phone.get_by_test_id("resolution")).to_contain_text("限期整改")
        assert_accessible(phone, "investigation (phone)")
        phone.goto("/supervision/investigations/")
        assert_accessible(phone, "investigations list (phone)")
    finally:
        context.close()


def test_a_removal_motion_is_decided_and_the_tenure_ends(page, browser, live_server):
    """A removal motion signed by one fifth of the members: the staff put it on a meeting (a removal list in
    Appointments) and enter the vote; the holder leaves the register. The signature page at 1280 px and the
    motion's page at 375 px pass axe too."""
    from renda.appointments import selectors as appointment_selectors
    from renda.supervision.services import removals

    w = scenario.world(prefix="e2e-rm")
    person = scenario.holder(w)
    ms = scenario.members(w, 11)
    obj = removals.removal_create(actor=ms[0][0], holder_id=person.pk, reasons="严重失职，造成重大损失。")
    removals.removal_open(actor=ms[0][0], removal_id=obj.pk, deadline=timezone.now() + dt.timedelta(days=3))

    # a member at 1280 px: the home tile, the signature page, one signature
    login(page, ms[1][0].username, PASSWORD)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_test_id("work-motions").click()
    expect(page.get_by_test_id("sign-item")).to_contain_text("钱进")
    assert_accessible(page, "signature page")
    with page.expect_navigation():
        page.get_by_test_id("sign-confirm").click()
    expect(page.get_by_test_id("sign-none")).to_be_visible()
    removals.removal_sign(actor=ms[2][0], removal_id=obj.pk)

    staff_ctx, staff = _new_page(browser, live_server)
    try:
        login(staff, w.staff.username, PASSWORD)
        _to_investigations(staff)
        with staff.expect_navigation():
            staff.get_by_role("link", name=obj.title).click()
        expect(staff.get_by_test_id("threshold-reached")).to_be_visible()
        assert_accessible(staff, "removal motion")
        staff.on("dialog", lambda d: d.accept())
        with staff.expect_navigation():
            staff.get_by_test_id("action-file").click()
        open_action_form(staff, "schedule")
        staff.select_option("select[name=schedule-meeting_id]", str(w.extra["review_meeting"].pk))
        submit_action_form(staff, "schedule")
        expect(staff.get_by_test_id("removal-status")).to_contain_text("已列入会议议程")
        open_action_form(staff, "decide")
        for name, value in (("members", "11"), ("yes", "7"), ("no", "2"), ("abstain", "1")):
            staff.fill(f"input[name=decide-{name}]", value)
        submit_action_form(staff, "decide")
        expect(staff.get_by_test_id("removal-status")).to_contain_text("表决通过，撤销职务")
        assert_accessible(staff, "removal motion decided")
    finally:
        staff_ctx.close()
    assert "钱进" not in [p.name for _t, p in appointment_selectors.holders(current=True)]

    context, phone = _new_page(browser, live_server, viewport=PHONE)
    try:
        login(phone, ms[3][0].username, PASSWORD)
        phone.goto(f"/supervision/removals/{obj.pk}/")
        expect(phone.get_by_test_id("vote")).to_contain_text("赞成 7")
        assert_accessible(phone, "removal motion (phone)")
    finally:
        context.close()


def test_the_members_vote_on_their_phones_and_a_member_declares_an_interest(page, browser, live_server):
    """The meeting's vote on the members' devices: the staff start the electronic vote on the proposal's page
    (the meeting in progress, quorate), a member votes on the phone from the home page's tile, the staff close
    the vote and the committee is set up (6 of 11 members); a member then declares their own interest on the
    phone and is not offered a seat."""
    from renda.supervision.services import investigations as svc
    from renda.voting import services as voting

    w = scenario.world(prefix="e2e-ivp")
    meeting = scenario.meeting_in_progress(w)  # 11 members on the roll, 9 checked in
    ms = scenario.members(w, 11)
    obj = scenario.inv_proposed(w)
    svc.investigation_schedule(actor=w.staff, investigation_id=obj.pk, meeting_id=meeting.pk)

    login(page, w.staff.username, PASSWORD)
    _to_investigations(page)
    with page.expect_navigation():
        page.get_by_role("link", name=obj.title).click()
    open_action_form(page, "open_vote")
    assert_accessible(page, "open the electronic vote")
    submit_action_form(page, "open_vote")
    expect(page.get_by_test_id("vote-poll")).to_be_visible()
    expect(page.get_by_test_id("action-decide")).to_have_count(0)  # no counts by hand while it is open
    assert_accessible(page, "investigation, vote open")
    poll_id = Investigation.objects.get(pk=obj.pk).poll_id
    assert poll_id is not None

    # the first member votes on the phone: the home page's tile, the poll, yes, confirm
    context, phone = _new_page(browser, live_server, viewport=PHONE)
    try:
        login(phone, ms[0][0].username, PASSWORD)
        phone.goto("/")
        with phone.expect_navigation():
            phone.get_by_test_id("work-polls").click()
        phone.get_by_test_id("vote-yes").click()
        expect(phone.get_by_test_id("vote-summary")).to_be_visible()
        assert_accessible(phone, "the member's ballot (phone)")
        phone.get_by_test_id("vote-confirm").click()
        expect(phone.get_by_test_id("voted")).to_contain_text("已投票")
    finally:
        context.close()
    for (user, deputy), choice in zip(ms[1:8], ["yes"] * 5 + ["no", "abstain"], strict=True):
        voting.ballot_cast(actor=user, poll_id=poll_id, deputy_id=deputy.pk, payload={"choice": choice})

    page.reload()
    page.on("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.get_by_test_id("action-close_vote").click()
    expect(page.get_by_test_id("investigation-status")).to_contain_text("决定组织调查委员会")
    expect(page.get_by_test_id("vote")).to_contain_text("组成人员 11 人，赞成 6，反对 1，弃权 1")
    assert_accessible(page, "investigation established by the electronic vote")

    # a member declares their own interest on the phone, from the investigation's page
    context, phone = _new_page(browser, live_server, viewport=PHONE)
    try:
        login(phone, ms[3][0].username, PASSWORD)
        _to_investigations(phone)
        with phone.expect_navigation():
            phone.get_by_role("link", name=obj.title).click()
        open_action_form(phone, "declare_own_interest")
        phone.fill("input[name=declare_own_interest-reason]", "本人曾在承建企业任职")
        assert_accessible(phone, "declare an interest (phone)")
        submit_action_form(phone, "declare_own_interest")
        expect(phone.get_by_test_id("conflicts")).to_contain_text(ms[3][1].name)
        expect(phone.get_by_test_id("action-declare_own_interest")).to_have_count(0)
    finally:
        context.close()
