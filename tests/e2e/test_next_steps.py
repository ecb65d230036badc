"""Browser tests of the next-step cues: a unit's leader sends a draft reply back with a reason (and confirms
before signing), staff urge an overdue item (催办) from the overdue list, which shows the days overdue."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from renda.core.models import Notification
from renda.proposals.models import Proposal
from tests.e2e.test_proposals import _assigned_item, _draft_reply, _open, _submit, cast, people  # noqa: F401


def test_the_leader_sends_a_draft_back_then_signs_after_confirming(people, cast):  # noqa: F811
    item = _assigned_item(cast, "关于增设公交候车亭的建议")
    path = f"/proposals/{item.pk}/"
    handler = people.page(cast["handler"])
    handler.goto(path)
    _draft_reply(handler, "初稿：将研究增设。", "A")

    leader = people.page(cast["leader"])
    dialogs: list[str] = []
    leader.on("dialog", lambda d: dialogs.append(d.message))
    leader.goto(path)
    form = _open(leader, "send_back_reply")
    form.locator("#id_send_back_reply-reason").fill("请写明增设站点和时间。")
    _submit(leader, form, "send_back_reply", first=True)
    expect(leader.locator(".alert-success")).to_contain_text("答复已退回经办人修改")
    expect(leader.get_by_test_id("action-sign_reply")).to_have_count(0)  # nothing waits for 签发 now

    handler.goto(path)
    expect(handler.get_by_test_id("reply-send-back")).to_contain_text("请写明增设站点和时间。")
    _draft_reply(handler, "修改稿：年内在人民路增设两处候车亭。", "A")

    leader.goto(path)
    form = _open(leader, "sign_reply")
    _submit(leader, form, "sign_reply", first=True)
    expect(leader.locator(".alert-success")).to_contain_text("答复已签发")
    assert any("确定签发" in m for m in dialogs)  # the confirm step came before the post


def test_staff_urge_an_overdue_item_from_the_overdue_list(people, cast):  # noqa: F811
    item = _assigned_item(cast, "关于整治黑臭水体的建议")
    Proposal.objects.filter(pk=item.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    staff = people.page(cast["staff"])
    staff.goto("/proposals/overdue/")
    row = staff.locator(f"[data-testid=proposal-row][data-pk='{item.pk}']")
    expect(row.get_by_test_id("days-overdue")).to_have_text("3天")
    with staff.expect_navigation():
        row.get_by_test_id("proposal-link").click()
    form = _open(staff, "urge")
    form.locator("#id_urge-note").fill("请三日内答复。")
    _submit(staff, form, "urge")
    expect(staff.locator(".alert-success")).to_contain_text("已催办")
    assert Notification.objects.filter(user=cast["handler"], title__startswith="催办").exists()
    assert Notification.objects.filter(user=cast["leader"], title__startswith="催办").exists()
    staff.goto("/reports/proposals/")
    overdue = staff.get_by_test_id("overdue-list")
    expect(overdue.locator("tr", has_text="黑臭水体").get_by_test_id("urged")).to_have_text("1")
