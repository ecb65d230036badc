"""Who may see insight's pages: the hot-topics dashboard is for staff, leaders, auditors and
administrators."""

from __future__ import annotations

from renda.core.roles import READ_ALL_ROLES, REGISTRAR_ROLES, has_role


def can_view_topics(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def can_train(user) -> bool:
    return has_role(user, *REGISTRAR_ROLES)


def can_refresh_topics(user) -> bool:
    """重新计算 (a new snapshot from the platform's own texts): staff and administrators."""
    return has_role(user, *REGISTRAR_ROLES)
