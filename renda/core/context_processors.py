from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.roles import READ_ALL_ROLES, Role, has_role
from renda.core.selectors import unread_notification_count

# the menu entry that carries the user's unread count (a badge), also shown beside the menu button on a phone
NOTIFICATIONS = "reports:notifications"

# The menu's groups, in order (key, label): a group the user sees only one entry of is drawn as that entry's
# own link, a larger group as a drop-down; a group without a label — entries that stand on their own.
GROUPS = [
    ("deputies", _("代表工作")),
    ("", ""),
    ("powers", _("监督立法")),
    ("analysis", _("统计分析")),
    ("organization", _("机构")),
    ("system", _("系统")),
    ("notifications", ""),
]

# (url name, label, roles that see it, group). Pages still check permissions themselves.
NAV = [
    ("deputies:list", _("代表"), (*READ_ALL_ROLES, Role.STATION_KEEPER), "deputies"),
    (
        "proposals:list",
        _("议案建议"),
        (Role.DEPUTY, Role.UNIT_HANDLER, Role.UNIT_LEADER, *READ_ALL_ROLES),
        "deputies",
    ),
    ("proposals:public", _("公开答复"), tuple(Role.values), "deputies"),
    ("meetings:session_list", _("会议"), tuple(Role.values), ""),
    ("livelihood:list", pgettext_lazy("menu", "民生实事"), tuple(Role.values), ""),
    ("voting:my_polls", _("投票"), (Role.DEPUTY,), ""),
    (
        "reports:proposals_dashboard",
        _("统计"),
        (Role.DEPUTY, Role.UNIT_HANDLER, Role.UNIT_LEADER, *READ_ALL_ROLES),
        "analysis",
    ),
    ("insight:topics", _("热点"), tuple(READ_ALL_ROLES), "analysis"),
    ("insight:routing", _("分办模型"), (Role.STAFF, Role.ADMIN), "analysis"),
    ("organization:unit_list", _("承办单位"), tuple(Role.values), "organization"),
    ("organization:overview", _("组织机构"), tuple(Role.values), "organization"),
    ("core:audit", _("审计日志"), (Role.AUDITOR, Role.ADMIN), "system"),
    (NOTIFICATIONS, _("通知"), tuple(Role.values), "notifications"),
    ("admin:index", _("后台管理"), (Role.ADMIN,), "system"),
    ("opinions:list", _("社情民意"), tuple(Role.values), "deputies"),
    ("opinions:receptions", _("接待日"), (Role.STATION_KEEPER, Role.DEPUTY, *READ_ALL_ROLES), "deputies"),
    ("opinions:duty_home", _("履职档案"), (Role.DEPUTY, *READ_ALL_ROLES), "deputies"),
    ("supervision:home", _("人大监督"), tuple(Role.values), "powers"),
    ("legislation:list", _("地方立法"), (Role.DEPUTY, *READ_ALL_ROLES), "powers"),
    (
        "targets:tree",
        _("目标督查"),
        (Role.DEPUTY, Role.UNIT_HANDLER, Role.UNIT_LEADER, *READ_ALL_ROLES),
        "powers",
    ),
    (
        "procedures:index",
        _("依法行政"),
        (Role.DEPUTY, Role.UNIT_HANDLER, Role.UNIT_LEADER, *READ_ALL_ROLES),
        "powers",
    ),
    ("decisions:list", _("重大事项决定"), (Role.DEPUTY, *READ_ALL_ROLES), "powers"),
    ("appointments:list", _("人事任免"), (Role.DEPUTY, *READ_ALL_ROLES), "powers"),
]


def menu(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries a user sees, arranged by GROUPS: each group's entries under one drop-down (a group of one
    is that entry), the entries of no group in their own place, in NAV's order within a group."""
    by_group: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_group.setdefault(entry["group"], []).append(entry)
    arranged: list[dict[str, Any]] = []
    for key, label in GROUPS:
        members = by_group.get(key, [])
        if not label or len(members) == 1:
            arranged.extend(members)
        elif members:
            count = sum(m["count"] or 0 for m in members) or None
            arranged.append({"label": label, "key": key, "children": members, "count": count})
    return arranged


_MENU_URLS: dict[tuple[object, str], dict[str, str]] = {}


def _menu_urls() -> dict[str, str]:
    """Every menu entry's address, reversed once per URL configuration and script prefix (not on every page:
    ~25 reverses were a millisecond of each signed-in request)."""
    key = (get_resolver(get_urlconf()), get_script_prefix())
    urls = _MENU_URLS.get(key)
    if urls is None:
        urls = _MENU_URLS[key] = {name: reverse(name) for name, *_ in NAV}
    return urls


def renda(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    unread = 0
    # a session that still owes its second sign-in step reaches only that step (accounts' middleware sets
    # request.twofa_step): no menu that would only lead back to it
    pending = getattr(request, "twofa_step", None) is not None
    if user is not None and user.is_authenticated and not pending:
        unread = unread_notification_count(user)
        urls = _menu_urls()
        items = menu(
            [
                {
                    "url": urls[name],
                    "label": label,
                    "count": unread if name == NOTIFICATIONS else None,
                    "group": group,
                }
                for name, label, roles, group in NAV
                if has_role(user, *roles)
            ]
        )
    return {
        "RENDA_LANGUAGES": settings.LANGUAGES,
        "nav_items": items,
        "signin_pending": pending,
        "unread_notifications": unread,
        "notifications_url": _menu_urls()[NOTIFICATIONS],
    }
