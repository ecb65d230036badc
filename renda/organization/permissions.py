"""Who may see and change the organisation registers (units, delegations, stations)."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.core import spine
from renda.core.actors import Actor, ActorLike
from renda.core.roles import READ_ALL_ROLES, REGISTRAR_ROLES, Role, has_role
from renda.core.workflow import Workflow
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


class _DirectoryPolicy(spine.Policy):
    """A register every signed-in user reads (view, list); any other action only for the roles `may` names.
    No workflow: its rows are registered, not moved through states."""

    def may(self, actor: Actor, action: str) -> bool:
        raise NotImplementedError

    def restrict(self, qs: QuerySet, actor: Actor, action: str) -> QuerySet:
        if not actor.is_authenticated:
            return qs.none()
        if action in ("view", "list"):
            return qs
        return qs if self.may(actor, action) else qs.none()


@spine.register
class HandlingUnitPolicy(_DirectoryPolicy):
    """Units: export for the read-all roles; import and edit for the registrars."""

    model = HandlingUnit
    workflow = Workflow("organization.unit", {})

    def may(self, actor: Actor, action: str) -> bool:
        if action == "export":
            return can_export_units(actor)
        if action in ("import", "edit"):
            return can_edit_units(actor)
        raise ValueError(f"unknown action {action!r}")


@spine.register
class DelegationPolicy(_DirectoryPolicy):
    """Delegations: staff and admins change them."""

    model = Delegation
    workflow = Workflow("organization.delegation", {})

    def may(self, actor: Actor, action: str) -> bool:
        return has_role(actor, Role.STAFF, Role.ADMIN)
