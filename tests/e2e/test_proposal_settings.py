"""The term's settings of motions and suggestions (议案建议设置) in a real browser: staff find the page from
the staff list, a wrong entry is explained on its field and saves nothing, a right one is saved and
recorded; the category scheme cannot change once the term's replies use the other one; on a phone too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from renda.core.models import Event
from renda.proposals.models import ProposalSettings
from renda.proposals.tests.engine_setup import make_world, replied
from tests.e2e.conftest import login
from tests.factories import PASSWORD


@pytest.fixture
def world(transactional_db):
    return make_world(prefix="e2e")


def test_staff_edit_the_terms_settings(page, world):
    w = world
    login(page, w.staff.username, PASSWORD)
    page.goto("/proposals/")
    page.get_by_test_id("tab-settings").click()
    expect(page).to_have_url(re.compile(r"/proposals/settings/$"))
    form = page.get_by_test_id("settings-form")
    expect(form.locator("#id_motion_min_cosigners")).to_have_value("10")
    expect(form.locator("#id_category_scheme_0")).to_be_checked()

    # wrong: the hard items' time shorter than the ordinary one, one deputy tabling a motion
    form.locator("#id_reply_months_hard").fill("2")
    form.locator("#id_motion_min_cosigners").fill("1")
    with page.expect_navigation():
        form.get_by_test_id("settings-save").click()
    expect(page.get_by_test_id("settings-errors")).to_be_visible()
    expect(page.get_by_test_id("error-reply_months_hard")).to_have_text(
        "涉及面广、难度大的答复时限（月）：不能少于一般答复时限（3个月）"
    )
    expect(page.get_by_test_id("error-motion_min_cosigners")).to_contain_text(
        "应在2至30之间（县级以上通常为10人，乡镇为5人）"
    )
    conf = ProposalSettings.objects.get(term=w.term)
    assert (conf.reply_months_hard, conf.motion_min_cosigners) == (6, 10)
    assert not Event.objects.filter(action="proposal_settings_update").exists()

    # right: a township's five signers, the 3-class scheme, co-signers rate too
    form = page.get_by_test_id("settings-form")
    form.locator("#id_reply_months_hard").fill("6")
    form.locator("#id_motion_min_cosigners").fill("5")
    form.locator("#id_category_scheme_1").check()
    form.locator("#id_cosigners_rate").check()
    with page.expect_navigation():
        form.get_by_test_id("settings-save").click()
    expect(page.locator("#messages")).to_contain_text("议案建议设置已保存")
    expect(page.locator("#id_motion_min_cosigners")).to_have_value("5")
    expect(page.locator("#id_category_scheme_1")).to_be_checked()
    conf = ProposalSettings.objects.get(term=w.term)
    assert (conf.motion_min_cosigners, conf.category_scheme, conf.cosigners_rate) == (5, "three", True)
    [event] = Event.objects.filter(action="proposal_settings_update")
    assert event.actor == w.staff
    assert event.changes == {
        "category_scheme": ["abcd", "three"],
        "motion_min_cosigners": [10, 5],
        "cosigners_rate": [False, True],
    }


def test_the_scheme_stays_once_replies_use_it(phone_page, world):
    w = world
    replied(w)  # an A reply in the term
    page = phone_page
    login(page, w.admin.username, PASSWORD)
    page.goto("/proposals/motion-deadlines/")
    page.get_by_test_id("settings-link").click()
    form = page.get_by_test_id("settings-form")
    form.locator("#id_category_scheme_1").check()
    with page.expect_navigation():
        form.get_by_test_id("settings-save").click()
    expect(page.get_by_test_id("error-category_scheme")).to_contain_text(
        "本届已有1件议案建议的答复按“四类（A/B/C/D）”分类（A），不能改为“三类（甲/乙/丙）”"
    )
    assert ProposalSettings.objects.get(term=w.term).category_scheme == "abcd"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
