"""Who opens which page, and what every page module shares."""

from __future__ import annotations

from renda.core.roles import READ_ALL_ROLES, REGISTRAR_ROLES, UNIT_ROLES, Role, has_role
from renda.proposals import selectors


def has_scope(user) -> bool:
    """Roles that have items to see: deputies (their own), units (assigned), staff and readers (all)."""
    return has_role(user, Role.DEPUTY, *UNIT_ROLES, *READ_ALL_ROLES)


def is_deputy(user) -> bool:
    return has_role(user, Role.DEPUTY)


def is_registrar(user) -> bool:
    return has_role(user, *REGISTRAR_ROLES)


def reads_all(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def _scoped(user, pk: int):
    return selectors.proposal_for_view(user=user, pk=pk)
