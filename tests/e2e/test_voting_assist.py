"""Issue 11 in a real browser: a deputy who needs help casts a secret ballot at the staff-run assisted
terminal — confirmed with the deputy's own account and password — sealed like any other; the terminal and
the poll page show who assisted whom, never the choice; a wrong password casts nothing. axe-core checks the
page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from renda.core.roles import Role
from renda.voting.models import Ballot, SealedBallot, VoterMark
from renda.voting.tests import engine_setup
from tests.e2e.conftest import axe_violations, login
from tests.factories import PASSWORD, user_with_role


def test_assisted_terminal_casts_the_deputys_own_sealed_ballot(browser, live_server):
    staff = user_with_role(Role.STAFF, username="e2e-assist-staff")
    s = engine_setup.build(3, staff=staff)
    poll = engine_setup.open_motion(s)
    voter = s.users[1]
    voter.set_password(PASSWORD)
    voter.save(update_fields=["password"])
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, staff.username, PASSWORD)
    page.goto(f"/voting/{poll.pk}/")
    page.get_by_test_id("open-assist").click()
    expect(page.get_by_test_id("assist-form")).to_be_visible()
    assert axe_violations(page) == []
    # a wrong password: refused, nothing cast
    page.locator('label[for="a-choice-no"]').click()
    page.get_by_test_id("assist-username").fill(voter.username)
    page.get_by_test_id("assist-password").fill("not-the-password")
    page.get_by_test_id("assist-submit").click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text("密码不正确")
    assert not VoterMark.objects.filter(poll=poll).exists()
    # the deputy types their own password: cast, sealed, in the trail
    page.locator('label[for="a-choice-no"]').click()
    page.get_by_test_id("assist-username").fill(voter.username)
    page.get_by_test_id("assist-password").fill(PASSWORD)
    page.get_by_test_id("assist-submit").click()
    expect(page.locator(".alert-success").first).to_contain_text(re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}"))
    assisted = page.get_by_test_id("assisted-casts")
    expect(assisted).to_contain_text(s.deputies[1].name)
    expect(assisted).not_to_contain_text("反对")
    assert axe_violations(page) == []
    mark = VoterMark.objects.get(poll=poll)
    assert (mark.deputy_id, mark.source) == (s.deputies[1].pk, "assisted")
    assert (
        SealedBallot.objects.filter(poll=poll).count() == 1 and not Ballot.objects.filter(poll=poll).exists()
    )
    # the poll page shows the assisted cast too
    page.goto(f"/voting/{poll.pk}/")
    expect(page.get_by_test_id("assisted-casts")).to_contain_text(s.deputies[1].name)
    context.close()
