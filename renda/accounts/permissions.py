"""Who may manage others' sign-in (rules.may_manage_signin, rules.may_reset_twofa) — bound to users."""

from __future__ import annotations

from typing import Any

from renda.accounts import rules


def may_manage_signin(user: Any) -> bool:
    """Staff and administrators: the sign-in security page, unlocking, resetting second factors."""
    return bool(getattr(user, "is_authenticated", False)) and rules.may_manage_signin(user.role_set)
