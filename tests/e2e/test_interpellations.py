"""Issue 15's acceptance journey for interpellations (质询案, 监督法 第五十一至五十四条) in a real browser: a
member drafts one and invites five members; the members sign on their phones from their home page's to-do
tile (one declines, so the lead's own and four signatures make five); the lead files it; the council sends
it for a written answer; the body's leader answers; the answer reaches a signer on their phone, who says
they are dissatisfied. axe-core on every page, at 1280 px and 375 px."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from renda.supervision.models import Interpellation
from renda.supervision.tests import scenario
from tests.e2e.conftest import (
    PHONE,
    _new_page,
    assert_accessible,
    login,
    open_action_form,
    submit_action_form,
)
from tests.factories import PASSWORD


def test_five_members_sign_on_their_phones_and_the_written_answer_reaches_them(page, browser, live_server):
    w = scenario.world(prefix="e2e-ip")
    ms = scenario.members(w, 7)
    lead = ms[0][0]

    # the lead drafts and invites six members (one will decline)
    login(page, lead.username, PASSWORD)
    page.goto("/supervision/interpellations/")
    assert_accessible(page, "interpellations list")
    page.fill("input[name=title]", "关于学校食品安全监管问题的质询案")
    page.select_option("select[name=body_id]", str(w.units[0].pk))
    page.fill("textarea[name=questions]", "一、为何多次抽检不合格仍未整改？")
    with page.expect_navigation():
        page.get_by_test_id("interpellation-new").click()
    obj = Interpellation.objects.get()
    page.wait_for_url(f"**/supervision/interpellations/{obj.pk}/")
    open_action_form(page, "invite")
    for _u, deputy in ms[1:]:
        page.check(f"input[name=invite-deputy_ids][value='{deputy.pk}']")
    deadline = timezone.localtime() + dt.timedelta(days=2)
    page.fill("input[name=invite-deadline]", f"{deadline:%Y-%m-%dT%H:%M}")
    assert_accessible(page, "invite form")
    submit_action_form(page, "invite")
    expect(page.get_by_test_id("interpellation-status")).to_contain_text("征集联名")

    # each member on a phone: the home page's tile, the signature page, one tap
    for i, (user, _deputy) in enumerate(ms[1:6]):
        context, phone = _new_page(browser, live_server, viewport=PHONE)
        try:
            login(phone, user.username, PASSWORD)
            phone.goto("/")
            with phone.expect_navigation():
                phone.get_by_test_id("work-interpellations").click()
            phone.wait_for_url("**/supervision/interpellations/sign/")
            expect(phone.get_by_test_id("sign-item")).to_contain_text("关于学校食品安全监管问题的质询案")
            if i == 0:
                assert_accessible(phone, "signature page (phone)")
            button = "sign-decline" if i == 4 else "sign-confirm"
            with phone.expect_navigation():
                phone.get_by_test_id(button).click()
            expect(phone.get_by_test_id("sign-none")).to_be_visible()
        finally:
            context.close()

    # four of five signed, with the lead five: the lead files it
    page.reload()
    expect(page.get_by_test_id("signature-count")).to_contain_text("已联名 5 人")
    page.on("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.get_by_test_id("action-file").click()
    expect(page.get_by_test_id("interpellation-status")).to_contain_text("已提出")

    # the council sends it for a written answer; the body's leader answers
    leader_ctx, leader = _new_page(browser, live_server)
    try:
        login(leader, w.leader.username, PASSWORD)
        leader.goto(f"/supervision/interpellations/{obj.pk}/")
        open_action_form(leader, "accept")
        leader.select_option("select[name=accept-answer_form]", "written")
        submit_action_form(leader, "accept")
        expect(leader.get_by_test_id("interpellation-status")).to_contain_text("主任会议决定交付答复")
        assert_accessible(leader, "interpellation (council)")
    finally:
        leader_ctx.close()
    body_ctx, body = _new_page(browser, live_server)
    try:
        login(body, w.unit_leaders[0].username, PASSWORD)
        body.goto(f"/supervision/interpellations/{obj.pk}/")
        open_action_form(body, "answer")
        body.fill("textarea[name=answer-text]", "已责令6所学校食堂停业整改，整改全部完成。")
        body.fill("input[name=answer-answered_by]", "李局长")
        submit_action_form(body, "answer")
        expect(body.get_by_test_id("answer")).to_contain_text("李局长")
    finally:
        body_ctx.close()

    # the answer reaches a signer on the phone; they say they are dissatisfied
    context, phone = _new_page(browser, live_server, viewport=PHONE)
    try:
        login(phone, ms[1][0].username, PASSWORD)
        phone.goto(f"/supervision/interpellations/{obj.pk}/")
        expect(phone.get_by_test_id("answer")).to_contain_text("整改全部完成")
        open_action_form(phone, "declare")
        phone.check("input[name=declare-dissatisfied][value='1']")
        assert_accessible(phone, "answered interpellation (phone)")
        submit_action_form(phone, "declare")
        expect(phone.get_by_test_id("dissatisfied-count")).to_contain_text("1 / 5")
    finally:
        context.close()
