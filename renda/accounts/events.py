"""The audit-trail actions of accounts and roles (registered with renda.core.events in apps.ready)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.roles import Role

LABELS = {
    "user_create": _("创建账号"),
    "role_grant": _("授予角色"),
    "role_revoke": _("撤销角色"),
    "password_change": _("修改密码"),
    "api_token_create": _("创建接口令牌"),
    "api_token_revoke": _("吊销接口令牌"),
}
REFS = {"user": "accounts.User"}
FIELDS = {"role": _("角色"), "token": _("令牌"), "username": _("用户名")}
VALUES = {"role": dict(Role.choices)}


def unit_choices() -> list[tuple[str, str]]:
    from renda.organization.models import HandlingUnit

    return [
        (str(pk), name)
        for pk, name in HandlingUnit.objects.order_by("code", "name").values_list("pk", "name")
    ]


def unit_query(value: str) -> Q:
    """The audit log narrowed to a handling unit: what its people did, and what was done to its record."""
    return Q(actor__roles__unit_id=value) | Q(
        content_type__app_label="organization", content_type__model="handlingunit", object_id=str(value)
    )
