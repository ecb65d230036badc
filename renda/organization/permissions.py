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


@spine.register
class HandlingUnitPolicy(spine.Policy):
    """Units: every signed-in user reads the directory; export for the read-all roles; import and edit for
    the registrars. No workflow: units are registered, not moved through states."""

    model = HandlingUnit
    workflow = Workflow("organization.unit", {})

    def restrict(self, qs: QuerySet[HandlingUnit], actor: Actor, action: str) -> QuerySet[HandlingUnit]:
        if not actor.is_authenticated:
            return qs.none()
        if action in ("view", "list"):
            return qs
        if action == "export":
            return qs if can_export_units(actor) else qs.none()
        if action in ("import", "edit"):
            return qs if can_edit_units(actor) else qs.none()
        raise ValueError(f"unknown action {action!r}")


@spine.register
class DelegationPolicy(spine.Policy):
    """Delegations: every signed-in user reads them; staff and admins change them."""

    model = Delegation
    workflow = Workflow("organization.delegation", {})

    def restrict(self, qs: QuerySet[Delegation], actor: Actor, action: str) -> QuerySet[Delegation]:
        if not actor.is_authenticated:
            return qs.none()
        if action in ("view", "list"):
            return qs
        return qs if has_role(actor, Role.STAFF, Role.ADMIN) else qs.none()
