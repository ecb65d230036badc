"""Who may see and do what with sessions (MISSION, Users and roles; §3).

| what                               | staff, admin | leader, auditor | deputy           | others | anon |
|------------------------------------|--------------|-----------------|------------------|--------|------|
| list / view sessions and agenda    | yes          | yes             | yes              | yes    | no   |
| the whole roll (attendance lines)  | yes          | yes             | own line only    | none   | no   |
| create, agenda, roll, start, close | yes          | no              | no               | no     | no   |
| check in, ask for leave            | anyone       | no              | self, on roll    | no     | no   |
| approve / refuse leave             | yes          | no              | no               | no     | no   |
"""

from __future__ import annotations

from renda.core.roles import READ_ALL_ROLES, Role, has_role
from renda.deputies.models import Deputy


def can_manage(user) -> bool:
    """Staff (the secretariat) and admins run sessions: agenda, roll, check-in for others, leave."""
    return has_role(user, Role.STAFF, Role.ADMIN)


def can_view_sessions(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_view_session(user, session) -> bool:
    """Any signed-in role may view a session and its agenda (a deputy sees only their own roll line)."""
    return can_view_sessions(user)


def can_view_roll(user) -> bool:
    """The whole roll, with every deputy's attendance."""
    return has_role(user, *READ_ALL_ROLES)


def deputy_for(user) -> Deputy | None:
    """The deputy record of a signed-in user holding the deputy role, or None."""
    if not has_role(user, Role.DEPUTY):
        return None
    return Deputy.objects.filter(user=user).select_related("delegation").first()


def can_check_in(user, deputy_id: int) -> bool:
    """Staff for anyone; a deputy for themselves (whether on the roll is the service's question)."""
    if can_manage(user):
        return True
    deputy = deputy_for(user)
    return deputy is not None and deputy.pk == deputy_id
