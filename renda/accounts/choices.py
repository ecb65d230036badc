"""Roles live in renda.core.roles so that lower apps can name them; re-exported here."""

from renda.core.roles import UNIT_ROLES, Role

__all__ = ["UNIT_ROLES", "Role"]
