"""Who opens which page, and what every page module shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from renda.core.roles import READ_ALL_ROLES, Role, has_role
from renda.proposals import permissions, selectors
from renda.proposals.presets import has_scope, is_registrar  # noqa: F401 - the pages' shared checks


def is_deputy(user) -> bool:
    return has_role(user, Role.DEPUTY)


def reads_all(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def _scoped(user, pk: int):
    return selectors.proposal_for_view(user=user, pk=pk)


def _open_for(user, pk: int, action: str):
    """The item inside the user's scope (else 404) on which `action` is open to them now (else 403)."""
    proposal = _scoped(user, pk)
    if action not in permissions.available_actions(user, proposal):
        raise PermissionDenied
    return proposal
