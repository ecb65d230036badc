"""A session's roll in a real browser, every action through the pages' action menus: staff open check-in;
a deputy asks for leave on the phone; staff approve it on the roll, check another deputy in from the roll
(htmx swaps the line), try to start without quorum (the button is not offered) and close the session after
the confirm dialog; what each page offers follows the session's state."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.meetings.models import Attendance, LeaveRequest, Session
from tests.e2e.conftest import PHONE, login
from tests.factories import PASSWORD, DeputyFactory, SessionFactory, TermFactory, user_with_role


def test_leave_roll_check_in_and_close(browser, live_server, page):
    term = TermFactory()
    staff = user_with_role(Role.STAFF, username="e2e-m-staff")
    deputy = user_with_role(Role.DEPUTY, username="e2e-m-dep")
    others = [DeputyFactory() for _ in range(3)]  # a roll of 4: 3 needed for a quorum
    session = SessionFactory(term=term, title="第十六届人民代表大会第六次会议")

    login(page, staff.username, PASSWORD)
    page.goto(f"/meetings/{session.pk}/")
    expect(page.get_by_test_id("action-start")).to_have_count(0)
    page.get_by_test_id("action-open_check_in").click()
    expect(page.get_by_test_id("session-status")).to_contain_text("签到中")
    expect(page.get_by_test_id("action-open_check_in")).to_have_count(0)
    expect(page.get_by_test_id("action-start-blocked")).to_be_visible()  # no quorum yet: not offered

    phone_context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    phone_context.set_default_timeout(15_000)
    phone = phone_context.new_page()
    login(phone, deputy.username, PASSWORD)
    phone.goto(f"/meetings/{session.pk}/check-in/")
    phone.get_by_text("不能出席？请假").click()
    phone.locator("textarea[name=reason]").fill("出国访问")
    phone.get_by_test_id("leave-submit").click()
    expect(phone.get_by_test_id("leave-requested")).to_contain_text("出国访问")
    expect(phone.get_by_test_id("leave-form")).to_have_count(0)  # one pending request at a time
    leave = LeaveRequest.objects.get()

    page.reload()
    page.get_by_test_id(f"approve-leave-{leave.pk}").click()
    expect(page.get_by_test_id(f"roll-status-{deputy.deputy.pk}")).to_contain_text("请假")
    for other in others[:2]:
        page.get_by_test_id(f"check-in-for-{other.pk}").click()
        expect(page.get_by_test_id(f"roll-status-{other.pk}")).to_contain_text("已签到")
    phone.goto(f"/meetings/{session.pk}/check-in/")
    expect(phone.get_by_test_id("check-in-button")).to_be_visible()  # on leave, may still come
    phone_context.close()

    page.reload()
    expect(page.get_by_test_id("action-start")).to_have_count(0)  # 2 of 4 present
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("action-close").click()
    expect(page.get_by_test_id("session-status")).to_contain_text("已闭会")
    expect(page.get_by_test_id("session-actions")).to_have_count(0)
    assert Session.objects.get(pk=session.pk).status == "closed"
    statuses = dict(Attendance.objects.filter(session=session).values_list("deputy_id", "status"))
    assert statuses == {
        deputy.deputy.pk: "on_leave",
        others[0].pk: "present",
        others[1].pk: "present",
        others[2].pk: "absent",
    }
