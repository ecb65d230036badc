"""Role names (MISSION, Users and roles). Defined in core so that every app's permissions can name them;
assignments live in the accounts app."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DEPUTY = "deputy", _("代表")
    STAFF = "staff", _("人大工作人员")
    UNIT_HANDLER = "unit_handler", _("承办单位经办人")
    UNIT_LEADER = "unit_leader", _("承办单位负责人")
    LEADER = "leader", _("主任会议成员")
    STATION_KEEPER = "station_keeper", _("联络站站长")
    AUDITOR = "auditor", _("审计/纪检")
    ADMIN = "admin", _("系统管理员")


UNIT_ROLES = frozenset({Role.UNIT_HANDLER, Role.UNIT_LEADER})
# Roles that read every record of the congress (scoped only by what is personal data).
READ_ALL_ROLES = frozenset({Role.STAFF, Role.LEADER, Role.AUDITOR, Role.ADMIN})
# Roles that maintain the registers (rosters, units).
REGISTRAR_ROLES = frozenset({Role.STAFF, Role.ADMIN})


def has_role(user: Any, *roles: str) -> bool:
    """Whether `user` (a User, an Actor, AnonymousUser or None) holds any of `roles`."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*roles))
