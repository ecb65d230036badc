"""The daily digest (one notice per unit member and per staff member a day) and the notifications page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from renda.core.models import Notification
from renda.proposals.digest import digest_run, proposals_digest_task, staff_title, unit_title
from renda.reports.tests.proposals_fixture import build_city
from tests.factories import user_with_role
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db
NOTIFICATIONS = reverse("reports:notifications")


def test_digest_notifies_units_and_staff_once_a_day(role_users):
    city = build_city(role_users)
    today = city.today
    result = digest_run(today=today)
    # unit A: a1 overdue; unit B: b1 due in 5 days. Unit A's handler and leader, and staff, get one each.
    handler, leader, staff = role_users["unit_handler"], role_users["unit_leader"], role_users["staff"]
    assert result.units == 2
    for user in (handler, leader):
        notice = Notification.objects.get(user=user)
        assert notice.title == unit_title(today)
        assert "逾期未答复1件，0件即将到期" in notice.body
        assert "关于公交线路优化的建议" in notice.body and "逾期10天" in notice.body
        assert "课后服务" not in notice.body  # another unit's item
        assert notice.url == reverse("proposals:overdue")
    summary = Notification.objects.get(user=staff)
    assert summary.title == staff_title(today)
    assert "2个承办单位" in summary.body and "测试交通运输局：逾期1件，临期0件" in summary.body
    assert "测试教育局：逾期0件，临期1件" in summary.body
    assert not Notification.objects.filter(user__in=[role_users["deputy"], role_users["auditor"]]).exists()
    count = Notification.objects.count()
    assert result.notices == count == 3

    again = digest_run(today=today)  # the same day: nothing new
    assert again.notices == 0 and again.skipped == 3
    assert Notification.objects.count() == count

    tomorrow = digest_run(today=today + dt.timedelta(days=1))
    assert tomorrow.notices == 3 and Notification.objects.count() == 6


def test_digest_names_each_unit_for_a_member_of_two(role_users):
    city = build_city(role_users)
    from renda.accounts.models import RoleAssignment

    both = user_with_role("unit_handler", username="two-units", unit=city.unit_a)
    RoleAssignment.objects.create(user=both, role="unit_handler", unit=city.unit_b)
    digest_run(today=city.today)
    body = Notification.objects.get(user=both).body
    assert body.startswith("测试交通运输局：") and "测试教育局：" in body and "课后服务" in body


def test_nothing_due_writes_nothing(role_users):
    assert digest_run(today=dt.date(2026, 3, 2)).notices == 0
    assert not Notification.objects.exists()


def test_command_and_task_run_the_digest(role_users, settings):
    city = build_city(role_users)
    out = io.StringIO()
    call_command("proposals_digest", "--date", city.today.isoformat(), stdout=out)
    assert "2 units" in out.getvalue() and "3 notices written" in out.getvalue()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = proposals_digest_task.enqueue(city.today.isoformat())
    assert result.return_value == {"day": city.today.isoformat(), "units": 2, "notices": 0, "skipped": 3}


def test_notifications_page_lists_own_notices_and_marks_them_read(client, role_users):
    handler, other = role_users["unit_handler"], role_users["staff"]
    mine = Notification.objects.create(user=handler, title="议案建议办理提醒（测试）", body="逾期未答复1件")
    Notification.objects.create(user=other, title="别人的通知")
    client.force_login(handler)
    html = client.get(NOTIFICATIONS).content.decode()
    assert "议案建议办理提醒（测试）" in html and "别人的通知" not in html
    assert 'data-testid="unread"' in html
    mine.refresh_from_db()
    assert mine.read_at is not None
    html = client.get(NOTIFICATIONS).content.decode()
    assert 'data-testid="unread"' not in html
    assert Notification.objects.get(user=other).read_at is None


def test_read_all_marks_only_own(client, role_users):
    handler, other = role_users["unit_handler"], role_users["staff"]
    Notification.objects.create(user=handler, title="一")
    Notification.objects.create(user=other, title="二")
    client.force_login(handler)
    assert client.post(reverse("reports:notifications_read_all")).status_code == 302
    assert not Notification.objects.filter(user=handler, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).exists()


def test_notifications_matrix(client, role_users):
    expect = {role: 200 for role in role_users}
    check_matrix(client, role_users, NOTIFICATIONS, {**expect, "anonymous": 302})
