"""Issue 3's acceptance in a real browser.

A deputy (on a phone) drafts a suggestion with two co-signers who confirm on their own phones and submits
it; staff accept it and assign a lead and a co-handler; the co-handler sends its opinion; the lead unit's
handler records a consultation and drafts the reply; the unit's leader signs it; the deputy rates it
不满意 (with a reason); it is handled again, signed, rated 满意 and closed. Also: a motion converted into
a suggestion by the presidium's decision; a return-and-reassign; an extension.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renda.core.roles import Role
from renda.meetings.models import Session
from renda.proposals import services
from renda.proposals.models import Assignment, MotionWindow, Proposal, ProposalSettings
from tests.e2e.conftest import PHONE, login
from tests.factories import PASSWORD, HandlingUnitFactory, SessionFactory, TermFactory, user_with_role

DESKTOP = {"width": 1280, "height": 900}
SHOWN = re.compile(r"(^|\s)show(\s|$)")


class People:
    """Each person in their own browser context (deputies on phones), signed in once."""

    def __init__(self, browser, live_server):
        self.browser, self.live_server, self.contexts = browser, live_server, []

    def page(self, user, *, phone: bool = False):
        context = self.browser.new_context(
            base_url=self.live_server.url, locale="zh-CN", viewport=PHONE if phone else DESKTOP
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        pg = context.new_page()
        pg.on("dialog", lambda d: d.accept())
        login(pg, user.username, PASSWORD)
        return pg

    def close(self):
        for c in self.contexts:
            c.close()


@pytest.fixture
def people(browser, live_server):
    p = People(browser, live_server)
    yield p
    p.close()


@pytest.fixture
def cast(transactional_db):
    term = TermFactory()
    traffic = HandlingUnitFactory(name="市交通运输局")
    police = HandlingUnitFactory(name="市公安局")
    return {
        "term": term,
        "traffic": traffic,
        "police": police,
        "staff": user_with_role(Role.STAFF, username="e2e-staff"),
        "lead": user_with_role(Role.DEPUTY, username="e2e-lead"),
        "c1": user_with_role(Role.DEPUTY, username="e2e-cosign1"),
        "c2": user_with_role(Role.DEPUTY, username="e2e-cosign2"),
        "handler": user_with_role(Role.UNIT_HANDLER, username="e2e-handler", unit=traffic),
        "leader": user_with_role(Role.UNIT_LEADER, username="e2e-unitleader", unit=traffic),
        "co": user_with_role(Role.UNIT_HANDLER, username="e2e-cohandler", unit=police),
        "police_leader": user_with_role(Role.UNIT_LEADER, username="e2e-policeleader", unit=police),
    }


def _status(page, label: str) -> None:
    expect(page.get_by_test_id("proposal-status")).to_have_text(label)


def _open(page, action: str):
    """Open an action's form (already open when the page came back with the form's errors)."""
    form = page.get_by_test_id(f"form-{action}")
    if "show" not in (form.get_attribute("class") or "").split():
        page.get_by_test_id(f"action-{action}").click()
    expect(form).to_have_class(SHOWN)  # the collapse has finished opening
    return form


def _go(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _submit(page, form, action: str, *, first: bool = False) -> None:
    button = form.get_by_test_id(f"submit-{action}")
    with page.expect_navigation():
        (button.first if first else button).click()


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _draft_reply(page, text: str, category: str) -> None:
    form = _open(page, "draft_reply")
    form.locator("#id_draft_reply-text").fill(text)
    form.locator("#id_draft_reply-category").select_option(category)
    _submit(page, form, "draft_reply")
    expect(page.locator(".alert-success")).to_contain_text("答复已拟稿")


def _sign(page) -> None:
    form = _open(page, "sign_reply")
    _submit(page, form, "sign_reply", first=True)
    expect(page.locator(".alert-success")).to_contain_text("答复已签发")


def _rate(page, attitude: str, result: str, reason: str = "") -> None:
    form = _open(page, "rate")
    form.locator(f"input[name='rate-attitude'][value='{attitude}']").check()
    form.locator(f"input[name='rate-result'][value='{result}']").check()
    if reason:
        form.locator("#id_rate-reason").fill(reason)
    _submit(page, form, "rate")


def test_suggestion_from_draft_to_closed(people, cast):
    # The lead deputy drafts on a phone and invites two co-signers found by name.
    deputy = people.page(cast["lead"], phone=True)
    deputy.goto("/proposals/")
    expect(deputy.get_by_test_id("list-title")).to_have_text("我的议案建议")
    deputy.get_by_test_id("proposal-create").click()
    deputy.locator("#id_title").fill("关于增开沿江公交夜班线路的建议")
    deputy.locator("#id_content").fill("沿江片区夜间出行困难，建议增开夜班公交线路。")
    _go(deputy, deputy.get_by_test_id("draft-save"))
    _status(deputy, "草稿")
    assert _no_horizontal_overflow(deputy)
    item = Proposal.objects.get(title="关于增开沿江公交夜班线路的建议")
    path = f"/proposals/{item.pk}/"

    form = _open(deputy, "invite_cosigners")
    for name in ("e2e-cosign1", "e2e-cosign2"):
        form.get_by_test_id("deputy-search").fill(name)
        candidate = form.get_by_test_id("deputy-results").get_by_test_id("candidate")
        expect(candidate).to_have_count(1)
        candidate.check()
        expect(form.get_by_test_id("deputy-selected").get_by_test_id("candidate")).to_have_count(
            1 if name.endswith("1") else 2
        )
    _submit(deputy, form, "invite_cosigners")
    _status(deputy, "待附议")
    expect(deputy.get_by_test_id("cosigner")).to_have_count(2)
    # before they confirm, 提交 is shown disabled with the reason beside it
    expect(deputy.get_by_test_id("action-submit")).to_be_disabled()
    expect(deputy.get_by_test_id("disabled-submit")).to_contain_text("未确认")
    _status(deputy, "待附议")

    # Each co-signer confirms on their own phone.
    for key in ("c1", "c2"):
        phone = people.page(cast[key], phone=True)
        phone.goto("/proposals/")
        phone.get_by_test_id("cosign-inbox-link").click()
        _go(phone, phone.get_by_test_id("cosign-confirm"))
        expect(phone.locator(".alert-success")).to_contain_text("已确认附议")
    deputy.goto(path)
    expect(deputy.locator("[data-testid=cosigner][data-status=confirmed]")).to_have_count(2)
    _go(deputy, deputy.get_by_test_id("action-submit"))
    _status(deputy, "已提交")
    expect(deputy.get_by_test_id("proposal-number")).to_contain_text("第0001号")

    # Staff accept it from the review queue and assign a lead unit and a co-handler.
    staff = people.page(cast["staff"])
    staff.goto("/proposals/review/")
    staff.get_by_test_id("proposal-link").filter(has_text="夜班线路").click()
    _submit(staff, _open(staff, "review_accept"), "review_accept")
    _status(staff, "已受理")
    form = _open(staff, "assign")
    form.locator("#id_assign-lead_unit_ids").select_option(label="市交通运输局")
    form.locator("#id_assign-co_unit_ids").select_option(label="市公安局")
    _submit(staff, form, "assign")
    _status(staff, "已交办")
    expect(staff.get_by_test_id("assignment")).to_have_count(2)
    expect(staff.get_by_test_id("due-date")).not_to_have_text("—")

    # The co-handler sends its opinion to the lead unit.
    co = people.page(cast["co"])
    co.goto("/proposals/")
    expect(co.get_by_test_id("list-title")).to_have_text("本单位承办的议案建议")
    co.get_by_test_id("proposal-link").filter(has_text="夜班线路").click()
    expect(co.get_by_test_id("action-draft_reply")).to_have_count(0)  # a co-handler does not reply
    form = _open(co, "co_opinion")
    form.locator("#id_co_opinion-text").fill("公安交警部门支持增设夜班线路，并配合设置站点。")
    _submit(co, form, "co_opinion")
    expect(co.get_by_test_id("opinions")).to_contain_text("配合设置站点")

    # The lead unit's handler records a consultation, then drafts the reply.
    handler = people.page(cast["handler"])
    handler.goto(path)
    expect(handler.get_by_test_id("opinions")).to_contain_text("配合设置站点")
    form = _open(handler, "consult")
    form.locator("#id_consult-method").select_option("face")
    form.locator("#id_consult-held_on").fill(timezone.localdate().isoformat())
    form.locator("#id_consult-participants").fill("e2e-lead代表、交通局王科长")
    _submit(handler, form, "consult")
    expect(handler.get_by_test_id("consultations")).to_contain_text("交通局王科长")
    _draft_reply(handler, "拟于明年一季度开通夜班线路。", "A")
    expect(handler.get_by_test_id("action-sign_reply")).to_have_count(0)  # the handler cannot sign

    # The unit's leader signs it off; the item is replied.
    leader = people.page(cast["leader"])
    leader.goto(path)
    _sign(leader)
    _status(leader, "已答复")

    # The deputy rates it 不满意: a reason is required, then the item goes back for re-handling.
    deputy.goto(path)
    expect(deputy.get_by_test_id("reply")).to_contain_text("夜班线路")
    _rate(deputy, "satisfied", "unsatisfied")
    expect(deputy.get_by_test_id("error-reason")).to_be_visible()
    _status(deputy, "已答复")
    _rate(deputy, "satisfied", "unsatisfied", "答复未明确开通时间。")
    _status(deputy, "重新办理")

    # Re-handled: a second reply, signed; rated 满意; closed.
    handler.goto(path)
    _draft_reply(handler, "已确定于下月1日开通夜班线路N12路。", "A")
    leader.goto(path)
    _sign(leader)
    _status(leader, "已答复")
    deputy.goto(path)
    expect(deputy.get_by_test_id("reply")).to_have_count(2)
    _rate(deputy, "satisfied", "satisfied")
    _status(deputy, "已办结")
    expect(deputy.get_by_test_id("rating-row")).to_have_count(2)
    timeline = deputy.get_by_test_id("timeline")
    for step in ("提交", "审查受理", "交办", "与代表沟通", "签发答复", "满意度测评"):
        expect(timeline).to_contain_text(step)
    assert _no_horizontal_overflow(deputy)
    assert Proposal.objects.get(pk=item.pk).status == "closed"


def test_motion_converted_into_a_suggestion(people, cast):
    session = SessionFactory(term=cast["term"], title="第十六届人民代表大会第五次会议")
    MotionWindow.objects.create(
        session=session, deadline=timezone.now() + dt.timedelta(days=1), set_by=cast["staff"]
    )
    ProposalSettings.objects.update_or_create(term=cast["term"], defaults={"motion_min_cosigners": 3})

    deputy = people.page(cast["lead"], phone=True)
    deputy.goto("/proposals/")
    deputy.get_by_test_id("motion-create").click()
    deputy.locator("#id_title").fill("关于制定江临市养犬管理条例的议案")
    deputy.locator("#id_session_id").select_option(str(Session.objects.get(pk=session.pk).pk))
    deputy.locator("#id_cause").fill("养犬扰民问题突出。")
    deputy.locator("#id_basis").fill("现行规定位阶低、处罚轻。")
    deputy.locator("#id_plan").fill("制定地方性法规，明确登记、免疫和处罚。")
    _go(deputy, deputy.get_by_test_id("draft-save"))
    expect(deputy.get_by_test_id("proposal-kind")).to_have_text("议案")
    motion = Proposal.objects.get(title="关于制定江临市养犬管理条例的议案")
    services.cosigners_invite(
        actor=cast["lead"], proposal_id=motion.pk, deputy_ids=[cast["c1"].deputy.pk, cast["c2"].deputy.pk]
    )
    for key in ("c1", "c2"):
        services.cosign_respond(actor=cast[key], proposal_id=motion.pk, accept=True)
    deputy.reload()
    _go(deputy, deputy.get_by_test_id("action-submit"))
    _status(deputy, "已提交")

    staff = people.page(cast["staff"])
    staff.goto(f"/proposals/{motion.pk}/")
    expect(staff.get_by_test_id("action-review_accept")).to_have_count(0)  # motions go to the presidium
    form = _open(staff, "motion_decide")
    form.locator("#id_motion_decide-decision").select_option("to_suggestion")
    form.locator("#id_motion_decide-note").fill("主席团决定作为建议办理。")
    _submit(staff, form, "motion_decide")
    _status(staff, "已受理")
    expect(staff.get_by_test_id("proposal-kind")).to_have_text("建议")
    expect(staff.get_by_test_id("proposal-header")).to_contain_text("原议案第0001号")
    expect(staff.get_by_test_id("presidium-decision")).to_have_text("转为建议")
    expect(staff.get_by_test_id("action-assign")).to_be_visible()  # it continues as a suggestion
    expect(staff.get_by_test_id("timeline")).to_contain_text("主席团决定")


def _assigned_item(cast, title: str) -> Proposal:
    p = services.proposal_create_draft(actor=cast["lead"], kind="suggestion", title=title, content="内容。")
    services.proposal_submit(actor=cast["lead"], proposal_id=p.pk)
    services.proposal_review(actor=cast["staff"], proposal_id=p.pk, decision="accept")
    return services.proposal_assign(actor=cast["staff"], proposal_id=p.pk, lead_unit_ids=[cast["traffic"].pk])


def test_return_and_reassign(people, cast):
    item = _assigned_item(cast, "关于整治学校周边治安的建议")
    path = f"/proposals/{item.pk}/"
    handler = people.page(cast["handler"])
    handler.goto(path)
    form = _open(handler, "request_return")
    form.locator("#id_request_return-reason").fill("属于公安部门职责。")
    form.locator("#id_request_return-suggested_unit_id").select_option(label="市公安局")
    _submit(handler, form, "request_return")
    expect(handler.locator(".alert-success")).to_contain_text("退回申请")
    expect(handler.get_by_test_id("action-request_return")).to_have_count(0)  # one pending request at a time

    staff = people.page(cast["staff"])
    staff.goto("/proposals/requests/")
    staff.get_by_test_id("pending-return").get_by_role("link").click()
    form = _open(staff, "decide_return")
    form.locator("#id_decide_return-approve").select_option("1")
    form.locator("#id_decide_return-new_unit_id").select_option(label="市公安局")
    _submit(staff, form, "decide_return")
    expect(staff.locator(".alert-success")).to_contain_text("已审批退回申请")
    expect(staff.locator("[data-testid=assignment][data-active='1']")).to_contain_text("市公安局")
    assert Assignment.objects.get(proposal=item, is_active=True).unit == cast["police"]

    # the old unit no longer sees it; the new one does
    assert handler.goto(path).status == 404
    police = people.page(cast["co"])
    police.goto("/proposals/")
    expect(police.get_by_test_id("proposal-link").filter(has_text="学校周边治安")).to_be_visible()


def test_extension(people, cast):
    item = _assigned_item(cast, "关于改造老旧小区雨污管网的建议")
    due = item.due_date
    path = f"/proposals/{item.pk}/"
    handler = people.page(cast["handler"])
    handler.goto(path)
    form = _open(handler, "request_extension")
    form.locator("#id_request_extension-months").fill("2")
    form.locator("#id_request_extension-reason").fill("需与住建部门联合勘察。")
    _submit(handler, form, "request_extension")
    expect(handler.locator(".alert-success")).to_contain_text("延期申请")

    staff = people.page(cast["staff"])
    staff.goto("/proposals/requests/")
    staff.get_by_test_id("pending-extension").get_by_role("link").click()
    form = _open(staff, "decide_extension")
    form.locator("#id_decide_extension-approve").select_option("1")
    _submit(staff, form, "decide_extension")
    expect(staff.get_by_test_id("extended-months")).to_have_text("2")
    item.refresh_from_db()
    assert item.due_date > due and item.extended_months == 2

    # the deputy is told: the approved extension shows on their item
    deputy = people.page(cast["lead"], phone=True)
    deputy.goto(path)
    expect(deputy.get_by_test_id("extension-requests")).to_contain_text("已同意")
    expect(deputy.get_by_test_id("due-date")).to_have_text(item.due_date.isoformat())


def test_staff_filter_the_list_by_unit(people, cast):
    """The unit drop-down fetches every unit after the page loads (not drawn into each list page); picking
    one narrows the list without a reload and puts the filter in the address."""
    _assigned_item(cast, "关于优化公交线路的建议")
    p = services.proposal_create_draft(
        actor=cast["lead"], kind="suggestion", title="关于加强夜间巡逻的建议", content="内容。"
    )
    services.proposal_submit(actor=cast["lead"], proposal_id=p.pk)
    services.proposal_review(actor=cast["staff"], proposal_id=p.pk, decision="accept")
    services.proposal_assign(actor=cast["staff"], proposal_id=p.pk, lead_unit_ids=[cast["police"].pk])
    staff = people.page(cast["staff"])
    staff.goto("/proposals/")
    expect(staff.get_by_test_id("proposal-row")).to_have_count(2)
    unit = staff.locator("#id_unit")
    expect(unit.locator("option")).to_have_count(3)  # 全部 and the two units, fetched after the page loaded
    unit.select_option(label="市公安局")
    expect(staff.get_by_test_id("proposal-row")).to_have_count(1)
    expect(staff.get_by_test_id("proposal-link")).to_have_text("关于加强夜间巡逻的建议")
    expect(staff).to_have_url(re.compile(rf"unit={cast['police'].pk}"))
    staff.reload()  # the chosen unit is drawn with the page, the rest fetched again
    expect(unit.locator("option:checked")).to_have_text("市公安局")
    expect(unit.locator("option")).to_have_count(3)
    expect(staff.get_by_test_id("proposal-row")).to_have_count(1)
