from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.roles import READ_ALL_ROLES, Role, has_role
from renda.core.selectors import unread_notification_count

# the menu entry that carries the user's unread count (a badge), also shown beside the menu button on a phone
NOTIFICATIONS = "reports:notifications"

# (url name, label, roles that see it). Pages still check permissions themselves.
NAV = [
    ("deputies:list", _("代表"), (*READ_ALL_ROLES, Role.STATION_KEEPER)),
    (
        "proposals:list",
        _("议案建议"),
        (Role.DEPUTY, Role.UNIT_HANDLER, Role.UNIT_LEADER, *READ_ALL_ROLES),
    ),
    ("proposals:public", _("公开答复"), tuple(Role.values)),
    ("meetings:session_list", _("会议"), tuple(Role.values)),
    ("livelihood:list", _("民生实事"), tuple(Role.values)),
    ("voting:my_polls", _("投票"), (Role.DEPUTY,)),
    (
        "reports:proposals_dashboard",
        _("统计"),
        (Role.DEPUTY, Role.UNIT_HANDLER, Role.UNIT_LEADER, *READ_ALL_ROLES),
    ),
    ("insight:topics", _("热点"), tuple(READ_ALL_ROLES)),
    ("insight:routing", _("分办模型"), (Role.STAFF, Role.ADMIN)),
    ("organization:unit_list", _("承办单位"), tuple(Role.values)),
    ("organization:overview", _("组织机构"), tuple(Role.values)),
    ("core:audit", _("审计日志"), (Role.AUDITOR, Role.ADMIN)),
    (NOTIFICATIONS, _("通知"), tuple(Role.values)),
    ("admin:index", _("后台管理"), (Role.ADMIN,)),
]


def renda(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    unread = 0
    if user is not None and user.is_authenticated:
        unread = unread_notification_count(user)
        items = [
            {"url": reverse(name), "label": label, "count": unread if name == NOTIFICATIONS else None}
            for name, label, roles in NAV
            if has_role(user, *roles)
        ]
    return {
        "RENDA_LANGUAGES": settings.LANGUAGES,
        "nav_items": items,
        "unread_notifications": unread,
        "notifications_url": reverse(NOTIFICATIONS),
    }
