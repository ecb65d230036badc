"""Issue 17's appointments journey in a real browser, from the home page by clicking: a clerk opens 人事任免
from the menu, registers the mayor's list, adds a removal and an appointment to the same post, records the
submission, the council's review putting it on a standing-committee meeting, the vote person by person
(the removal listed first), downloads the 任命书, records the constitutional oath; the public register shows
both and the current holder, on a phone too; the register of office holders shows the appointee in office.
axe-core on each page."""

from __future__ import annotations

from playwright.sync_api import expect

from renda.appointments.models import Person
from renda.core.roles import Role
from renda.meetings.choices import SessionKind
from tests.e2e.conftest import (
    assert_accessible,
    follow_menu,
    login,
    open_action_form,
    submit_action_form,
)
from tests.factories import PASSWORD, SessionFactory, user_with_role


def _add_person(page, action: str, name: str, post: str) -> None:
    open_action_form(page, "add_person")
    page.select_option("[name='add_person-action']", action)
    page.fill("[name='add_person-name']", name)
    page.fill("[name='add_person-post']", post)
    page.select_option("[name='add_person-post_class']", "government")
    if action == "appoint":
        page.fill("[name='add_person-born']", "1975-03")
        page.fill("[name='add_person-id_number']", "110101197503031234")
        page.fill("[name='add_person-resume']", "2019.11 市教育局副局长")
    submit_action_form(page, "add_person")


def test_a_list_voted_its_letter_and_oath_and_the_public_register(page, phone_page):
    SessionFactory(kind=SessionKind.STANDING_COMMITTEE, title="江城市十六届人大常委会第三十一次会议")
    staff = user_with_role(Role.STAFF, username="e2e-ap-staff")
    login(page, staff.username, PASSWORD)

    page.goto("/")
    follow_menu(page, "监督立法", "人事任免")
    page.wait_for_url("**/appointments/")
    assert_accessible(page, "lists")
    page.get_by_test_id("case-new").click()
    page.wait_for_url("**/appointments/new/")
    page.fill("input[name=title]", "关于提请任免江城市人民政府部分组成人员的议案")
    page.select_option("select[name=nominator]", "mayor")
    page.fill("input[name=nominator_name]", "市长 王明")
    assert_accessible(page, "new list")
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("起草中")

    _add_person(page, "appoint", "林晓梅", "江城市教育局局长")
    _add_person(page, "dismiss", "周建国", "江城市教育局局长")
    expect(page.get_by_test_id("person")).to_have_count(2)
    # the removal is listed (and voted) before the appointment to the same post
    expect(page.get_by_test_id("person-name").first).to_have_text("周建国")
    assert_accessible(page, "list with its people")

    open_action_form(page, "submit")
    submit_action_form(page, "submit")
    expect(page.get_by_test_id("case-status")).to_contain_text("已提请")
    open_action_form(page, "schedule")
    page.select_option("[name='schedule-session_id']", index=1)
    submit_action_form(page, "schedule")
    expect(page.get_by_test_id("case-status")).to_contain_text("已列入会议议程")
    expect(page.get_by_test_id("meeting-link")).to_contain_text("第三十一次会议")

    open_action_form(page, "vote")
    page.fill("[name='vote-members_total']", "45")
    for person, (yes, no, abstain) in ((Person.objects.get(name="林晓梅"), (40, 3, 2)),
                                       (Person.objects.get(name="周建国"), (44, 0, 1))):  # fmt: skip
        page.fill(f"[name='vote-{person.pk}_yes']", str(yes))
        page.fill(f"[name='vote-{person.pk}_no']", str(no))
        page.fill(f"[name='vote-{person.pk}_abstain']", str(abstain))
    assert_accessible(page, "vote form")
    submit_action_form(page, "vote")
    expect(page.get_by_test_id("case-status")).to_contain_text("已表决")
    expect(page.get_by_test_id("person-result").first).to_contain_text("通过")
    expect(page.get_by_test_id("person-oath")).to_contain_text("待宪法宣誓")

    with page.expect_download() as download:
        page.get_by_test_id("certificate").click()
    assert download.value.suggested_filename.endswith(".docx")

    open_action_form(page, "oath")
    page.select_option("[name='oath-form']", "individual")
    page.fill("[name='oath-administered_by']", "江城市人大常委会")
    page.fill("[name='oath-witnesses']", "陈监、周证")
    submit_action_form(page, "oath")
    expect(page.get_by_test_id("person-oath")).to_contain_text("已宪法宣誓")
    expect(page.get_by_test_id("person-oath")).to_contain_text("陈监、周证")
    assert_accessible(page, "decided list")

    page.get_by_role("link", name="人事任免", exact=True).first.click()
    page.wait_for_url("**/appointments/")
    # the register of office holders: the appointee holds the post, the removed holder does not appear
    page.get_by_test_id("holders-link").click()
    page.wait_for_url("**/appointments/holders/")
    expect(page.get_by_test_id("holder-row")).to_have_count(1)
    expect(page.get_by_test_id("holders")).to_contain_text("林晓梅")
    expect(page.get_by_test_id("holder-ended")).to_contain_text("在任")
    assert_accessible(page, "register of office holders")

    page.get_by_role("link", name="人事任免", exact=True).first.click()
    page.wait_for_url("**/appointments/")
    page.get_by_test_id("public-link").click()
    page.wait_for_url("**/appointments/public/")
    expect(page.get_by_test_id("register-row")).to_have_count(2)
    expect(page.get_by_test_id("current-holder")).to_have_count(1)
    assert_accessible(page, "public register")

    phone_page.goto("/appointments/public/")
    expect(phone_page.get_by_test_id("register")).to_contain_text("林晓梅")
    expect(phone_page.get_by_test_id("register")).not_to_contain_text("110101")
    assert_accessible(phone_page, "public register on a phone")
