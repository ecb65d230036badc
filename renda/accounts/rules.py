"""Sign-in rules: who needs a second factor, how long a failing sign-in waits, who may reset or unlock.

Grounds: 网络安全等级保护基本要求 (GB/T 22239-2019, level 3) 8.1.4.1 身份鉴别 —
b) "应具有登录失败处理功能，应配置并启用结束会话、限制非法登录次数……" (the growing wait and the lockout by
account and client address, with a staff unlock);
d) "应采用口令、密码技术、生物技术等两种或两种以上组合的鉴别技术对用户进行身份鉴别" (the password plus a
TOTP code — RFC 6238 — for the roles that handle other people's records or run the system).

Pure functions of plain values: the services and the middleware call them; tests/hypothesis check them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

from renda.core.roles import Role

# Roles whose holders must sign in with a second factor: the congress's staff, the units' leaders (who answer
# proposals), the auditors (who read the whole trail) and the system's administrators.
TWOFA_REQUIRED_ROLES = frozenset({Role.STAFF, Role.UNIT_LEADER, Role.AUDITOR, Role.ADMIN})

RECOVERY_CODE_COUNT = 10  # one-time recovery codes shown once at enrolment

# The growing wait after failed passwords (per account and client address, as the lockout counts them):
# the first FREE_FAILURES cost nothing (a typo), then 1 s, 2 s, 4 s … up to MAX_WAIT_SECONDS.
FREE_FAILURES = 2
MAX_WAIT_SECONDS = 60

Step = Literal["enrol", "verify"]


def twofa_required(roles: Iterable[str]) -> bool:
    """Whether a holder of `roles` must use a second factor."""
    return any(r in TWOFA_REQUIRED_ROLES for r in roles)


def twofa_next_step(*, required: bool, enrolled: bool, verified: bool) -> Step | None:
    """What a signed-in session must do before anything else: None when it may go on.

    A verified session goes on; an enrolled user (required or not — a deputy who chose it) enters a code; a
    user who must have a second factor and has none enrols; anyone else (a deputy without one) goes on."""
    if verified:
        return None
    if enrolled:
        return "verify"
    if required:
        return "enrol"
    return None


def signin_wait(failures: int) -> int:
    """Seconds a sign-in must wait after `failures` consecutive failed passwords."""
    if failures < FREE_FAILURES:
        return 0
    exponent = min(failures - FREE_FAILURES, MAX_WAIT_SECONDS.bit_length())  # no huge powers
    return min(1 << exponent, MAX_WAIT_SECONDS)


def signin_wait_remaining(failures: int, seconds_since_last: float) -> int:
    """Whole seconds still to wait (0: the attempt may be checked)."""
    remaining = signin_wait(failures) - max(seconds_since_last, 0.0)
    return max(math.ceil(remaining), 0)


def signin_locked(failures: int, limit: int) -> bool:
    """A username is locked out once its failures within the cool-off reach the limit (AXES_FAILURE_LIMIT;
    等保 2.0 三级 "登录失败处理": a limit on failed attempts, then a lock)."""
    return failures >= limit


def may_manage_signin(actor_roles: Iterable[str]) -> bool:
    """Who unlocks accounts and resets second factors: the congress's staff and the administrators."""
    return any(r in (Role.STAFF, Role.ADMIN) for r in actor_roles)


def may_reset_twofa(*, actor_roles: Iterable[str], target_roles: Iterable[str], same_user: bool) -> bool:
    """Whether the actor may remove the target's second factor (the target enrols again at next sign-in).

    Never one's own (a stolen password plus the session must not drop the factor); staff reset anyone but
    administrators and auditors (who watch the staff); administrators reset anyone else."""
    actor = frozenset(actor_roles)
    target = frozenset(target_roles)
    if same_user or not may_manage_signin(actor):
        return False
    if Role.ADMIN in actor:
        return True
    return not (target & {Role.ADMIN, Role.AUDITOR})
