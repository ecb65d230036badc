"""Who may see and change the organisation registers (units, delegations, stations)."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.core.actors import ActorLike
from renda.core.roles import READ_ALL_ROLES, REGISTRAR_ROLES, Role, has_role
from renda.organization.models import Delegation, HandlingUnit

# The directory of handling units and delegations is not secret: every signed-in user reads it
# (a deputy picks the unit a suggestion is about; a unit sees its sister units).
SIGNED_IN = "signed_in"


def can_import_units(user: ActorLike) -> bool:
    return has_role(user, *REGISTRAR_ROLES)


def can_export_units(user: ActorLike) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def can_edit_units(user: ActorLike) -> bool:
    return has_role(user, *REGISTRAR_ROLES)


def unit_scope_for(user: ActorLike, action: str) -> QuerySet[HandlingUnit]:
    """Units `user` may act on. action: view, list, export, import, edit."""
    qs = HandlingUnit.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if action in ("view", "list"):
        return qs
    if action == "export":
        return qs if can_export_units(user) else qs.none()
    if action in ("import", "edit"):
        return qs if can_edit_units(user) else qs.none()
    raise ValueError(f"unknown action {action!r}")


def delegation_scope_for(user: ActorLike, action: str) -> QuerySet[Delegation]:
    qs = Delegation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if action in ("view", "list"):
        return qs
    return qs if has_role(user, Role.STAFF, Role.ADMIN) else qs.none()
