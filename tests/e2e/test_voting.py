"""Issue 4's acceptance in a real browser: staff open a session; three deputies check in on phones; quorum
shows; a resolution is opened, cast on the phones, closed and shown on the projector without a reload; an
election on paper ballots, entered by two clerks, with a write-in and an over-marked ballot, is counted."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.meetings.models import Session
from renda.voting import services
from renda.voting.models import Poll
from renda.voting.tests import engine_setup
from tests.e2e.conftest import PHONE, login
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    SessionFactory,
    TermFactory,
    user_with_role,
)


def _context(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    context.set_default_timeout(15_000)
    return context


def _enter_sheet(page, number: int, mark: str, write_ins: str = "") -> None:
    form = page.get_by_test_id("paper-entry-form")
    form.get_by_test_id("paper-sheet").fill(str(number))
    form.get_by_test_id("paper-mark-甲").select_option(mark)
    form.get_by_test_id("paper-write-ins").fill(write_ins)
    with page.expect_navigation():  # the next sheet is typed into the reloaded form, not the old one
        form.get_by_test_id("paper-entry-save").click()


def test_session_vote_and_paper_election(browser, live_server, page):
    term = TermFactory()
    staff = user_with_role(Role.STAFF, username="e2e-staff")
    clerk = user_with_role(Role.STAFF, username="e2e-clerk")
    deputies = [user_with_role(Role.DEPUTY, username=f"e2e-dep{i}") for i in range(4)]  # roll of 4
    session = SessionFactory(term=term, title="第十六届人民代表大会第三次会议")
    resolution = AgendaItemFactory(session=session, order=1, kind="resolution", title="政府工作报告")
    election = AgendaItemFactory(session=session, order=2, kind="election", title="选举")

    # Staff open the session for check-in.
    login(page, staff.username, PASSWORD)
    page.goto(f"/meetings/{session.pk}/")
    page.get_by_test_id("action-open_check_in").click()
    expect(page.get_by_test_id("quorum-status")).to_contain_text("未达法定人数")

    # Three of the four deputies check in on their phones.
    phones = []
    for user in deputies[:3]:
        context = _context(browser, live_server, PHONE)
        phone = context.new_page()
        login(phone, user.username, PASSWORD)
        phone.goto(f"/meetings/{session.pk}/check-in/")
        phone.get_by_test_id("check-in-button").click()
        expect(phone.get_by_test_id("checked-in")).to_be_visible()
        phones.append((context, phone))
    expect(phones[-1][1].get_by_test_id("quorum-status")).to_contain_text("已达法定人数")

    page.goto(f"/meetings/{session.pk}/")
    expect(page.get_by_test_id("quorum-status")).to_contain_text("已达法定人数")
    page.get_by_test_id("action-start").click()
    expect(page.get_by_test_id("session-status")).to_contain_text("进行中")
    assert Session.objects.get(pk=session.pk).status == "in_progress"

    # A resolution vote: created and opened on the console, shown on the projector.
    page.goto(f"/voting/session/{session.pk}/")
    page.get_by_test_id("poll-item").select_option(str(resolution.pk))
    page.get_by_test_id("poll-title").fill("关于政府工作报告的决议")
    page.get_by_test_id("poll-create").click()
    poll = Poll.objects.get(title="关于政府工作报告的决议")
    card = page.locator(f'[data-testid=console-poll][data-poll="{poll.pk}"]')
    card.get_by_test_id("action-open").click()
    expect(page.locator(f'[data-testid=console-poll][data-poll="{poll.pk}"]')).to_have_attribute(
        "data-status", "open"
    )
    projector = page.context.new_page()
    projector.goto(f"/voting/{poll.pk}/screen/")
    expect(projector.get_by_test_id("screen-turnout")).to_contain_text("0 / 4")

    receipts = []
    for (_ctx, phone), choice in zip(phones, ("yes", "yes", "abstain"), strict=True):
        phone.goto("/voting/my/")
        phone.get_by_test_id(f"vote-{choice}").click()
        expect(phone.get_by_test_id("vote-summary")).to_be_visible()
        phone.get_by_test_id("vote-confirm").click()
        expect(phone.get_by_test_id("voted")).to_contain_text("已投票")
        # issue 11: the receipt of the sealed ballot, shown once after casting
        notice = phone.locator("#messages")
        expect(notice).to_contain_text("回执")
        found = re.search(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){3}", notice.inner_text())
        assert found, notice.inner_text()
        receipts.append(found.group(0))
    expect(projector.get_by_test_id("screen-turnout")).to_contain_text("3 / 4")  # live, no reload

    page.goto(f"/voting/{poll.pk}/")
    page.get_by_test_id("action-close").click()
    result = projector.get_by_test_id("screen-result")
    expect(result).to_be_visible()  # the projector turned to the result by itself
    expect(projector.get_by_test_id("result-yes")).to_have_text("2")
    expect(projector.get_by_test_id("result-abstain")).to_have_text("1")
    # 2 yes of 4 deputies is not more than half of ALL deputies, though it is most of the votes cast
    expect(projector.get_by_test_id("screen-passed")).to_contain_text("未通过")
    expect(projector.get_by_test_id("result-digest")).to_contain_text(Poll.objects.get(pk=poll.pk).digest)
    # the bulletin of the closed poll lists every receipt, and no choice beside them
    page.goto(f"/voting/{poll.pk}/")
    expect(page.get_by_test_id("receipt")).to_have_count(3)
    listed = page.get_by_test_id("receipts").inner_text()
    assert all(r in listed for r in receipts)

    # An election on paper ballots: one candidate for a head post (等额), a write-in, an over-marked sheet.
    page.goto(f"/voting/session/{session.pk}/")
    page.get_by_test_id("poll-item").select_option(str(election.pk))
    page.get_by_test_id("poll-kind").select_option("election")
    page.get_by_test_id("poll-title").fill("选举市长")
    page.get_by_test_id("poll-method").select_option("paper")
    page.get_by_test_id("poll-post").fill("市长")
    page.get_by_test_id("poll-post_kind").select_option("head")
    page.get_by_test_id("poll-create").click()
    ballot = Poll.objects.get(title="选举市长")
    card = page.locator(f'[data-testid=console-poll][data-poll="{ballot.pk}"]')
    card.locator("summary").click()
    card.get_by_test_id("candidate-name").fill("甲")
    card.get_by_test_id("candidate-add").click()
    card = page.locator(f'[data-testid=console-poll][data-poll="{ballot.pk}"]')
    expect(card).to_contain_text("候选人：甲")
    card.get_by_test_id("action-open").click()
    page.locator(f'[data-testid=console-poll][data-poll="{ballot.pk}"]').get_by_test_id("open-paper").click()
    page.get_by_test_id("paper-issued").fill("3")
    page.get_by_test_id("paper-issue-save").click()
    expect(page.get_by_test_id("paper-issued")).to_have_value("3")

    sheets = [(1, "yes", ""), (2, "yes", "赵六"), (3, "no", "王五")]  # sheet 2 names two for one seat
    for number, mark, write_ins in sheets:
        _enter_sheet(page, number, mark, write_ins)
    expect(page.get_by_test_id("paper-pending")).to_have_count(3)
    second = _context(browser, live_server, {"width": 1280, "height": 900})
    clerk_page = second.new_page()
    login(clerk_page, clerk.username, PASSWORD)
    clerk_page.goto(f"/voting/{ballot.pk}/paper/")
    for number, mark, write_ins in sheets:
        _enter_sheet(clerk_page, number, mark, "王武" if number == 3 else write_ins)  # a misreading
    expect(clerk_page.get_by_test_id("paper-matched")).to_have_count(2)
    mismatch = clerk_page.get_by_test_id("paper-mismatch")
    expect(mismatch).to_have_count(1)
    expect(mismatch).to_contain_text("王五")
    expect(mismatch).to_contain_text("王武")

    # Staff look at the ballot and settle the mismatch.
    page.reload()
    row = page.get_by_test_id("paper-mismatch")
    row.locator("select").select_option("no")
    row.locator("textarea").fill("王五")
    row.get_by_test_id("paper-settle").click()
    expect(page.get_by_test_id("paper-mismatch")).to_have_count(0)
    expect(page.get_by_test_id("paper-settled")).to_have_count(1)

    projector.goto(f"/voting/{ballot.pk}/screen/")
    expect(
        projector.get_by_test_id("screen-waiting").or_(projector.get_by_test_id("screen-turnout"))
    ).to_be_visible()
    page.goto(f"/voting/{ballot.pk}/")
    page.get_by_test_id("action-close").click()
    expect(page.get_by_test_id("poll-status")).to_contain_text("已结束")
    expect(projector.get_by_test_id("screen-result")).to_be_visible()
    expect(projector.get_by_test_id("result-returned")).to_have_text("3")
    expect(projector.get_by_test_id("result-valid")).to_have_text("2")
    expect(projector.get_by_test_id("result-invalid")).to_have_text("1")  # the over-marked sheet
    expect(projector.locator('[data-testid=result-person][data-name="甲"]')).to_have_attribute(
        "data-votes", "1"
    )
    expect(projector.locator('[data-testid=result-person][data-name="王五"]')).to_have_attribute(
        "data-votes", "1"
    )  # the write-in counted
    expect(projector.locator('[data-testid=result-person][data-name="赵六"]')).to_have_count(0)
    expect(projector.get_by_test_id("screen-passed")).to_contain_text("无人当选")  # 1 of 4: not elected
    counted = Poll.objects.get(pk=ballot.pk).result
    assert counted["invalid"] == 1 and counted["votes"] == {"甲": 1, "王五": 1}
    assert counted["remaining_seats"] == 1
    expect(page.get_by_test_id("action-another")).to_be_visible()  # another election for the seat

    for context, _phone in phones:
        context.close()
    second.close()


def test_phone_ballot_asks_the_server_whether_it_counts(browser, live_server):
    """Issue 9's bug: 张三 赞成 with 张三 written in is one person for one seat (valid by rules.ballot_valid),
    yet the page said "此票将作废" and the script disabled the button. The script now asks the server."""
    s = engine_setup.build(3, staff=user_with_role(Role.STAFF, username="e2e-ballot-staff"))
    poll, (zhang,) = engine_setup.election(s, names=("张三",))
    voter = s.users[0]
    voter.set_password(PASSWORD)
    voter.save(update_fields=["password"])
    context = _context(browser, live_server, PHONE)
    phone = context.new_page()
    login(phone, voter.username, PASSWORD)
    phone.goto("/voting/my/")
    form = phone.get_by_test_id("ballot-form")
    submit = form.get_by_test_id("vote-submit")
    warning = form.get_by_test_id("over-warning")
    yes = form.locator(f'label[for="m{poll.pk}-{zhang}-yes"]')
    yes_radio = form.get_by_test_id("mark-张三-yes")
    write_in = form.get_by_test_id("write-in").first
    write_in.fill("王五")  # one person: valid
    expect(submit).to_be_enabled()
    yes.click()  # 赞成 张三 too: two persons for one seat — the server says void, the 赞成 is refused
    expect(warning).to_be_visible()
    expect(yes_radio).not_to_be_checked()
    expect(submit).to_be_enabled()
    write_in.fill("张三")
    yes.click()  # 张三 赞成 and 张三 written in: one person, valid
    expect(yes_radio).to_be_checked()
    expect(warning).to_be_hidden()
    expect(submit).to_be_enabled()
    write_in.fill("王五")  # now two persons: void, the button waits
    expect(warning).to_be_visible()
    expect(submit).to_be_disabled()
    write_in.fill("张三")
    expect(warning).to_be_hidden()
    expect(submit).to_be_enabled()
    submit.click()
    expect(phone.get_by_test_id("vote-summary")).to_be_visible()
    expect(phone.get_by_test_id("vote-over")).to_have_count(0)
    phone.get_by_test_id("vote-confirm").click()
    expect(phone.get_by_test_id("voted")).to_contain_text("已投票")
    context.close()
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert (poll.result["valid"], poll.result["invalid"], poll.result["votes"]["张三"]) == (1, 0, 1)
