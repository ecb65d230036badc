"""Property tests of the sign-in rules (renda.accounts.rules)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from renda.accounts import rules
from renda.core.roles import Role

roles = st.frozensets(st.sampled_from(list(Role)))
failures = st.integers(min_value=0, max_value=10_000)


@given(failures, failures)
def test_the_wait_grows_with_failures_and_is_capped(a, b):
    lo, hi = sorted((a, b))
    assert 0 <= rules.signin_wait(lo) <= rules.signin_wait(hi) <= rules.MAX_WAIT_SECONDS


@given(st.integers(min_value=0, max_value=rules.FREE_FAILURES - 1))
def test_the_first_failures_cost_nothing(n):
    assert rules.signin_wait(n) == 0


@given(st.integers(min_value=rules.FREE_FAILURES, max_value=10_000))
def test_every_failure_past_the_free_ones_waits(n):
    assert rules.signin_wait(n) >= 1


@given(failures, st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_the_remaining_wait_is_never_more_than_the_wait_and_ends(n, elapsed):
    remaining = rules.signin_wait_remaining(n, elapsed)
    assert 0 <= remaining <= rules.signin_wait(n)
    assert rules.signin_wait_remaining(n, rules.signin_wait(n)) == 0


@given(roles)
def test_required_exactly_for_the_listed_roles(held):
    assert rules.twofa_required(held) == bool(held & rules.TWOFA_REQUIRED_ROLES)


@given(st.booleans(), st.booleans(), st.booleans())
def test_the_next_step(required, enrolled, verified):
    step = rules.twofa_next_step(required=required, enrolled=enrolled, verified=verified)
    if verified:
        assert step is None
    elif enrolled:
        assert step == "verify"
    else:
        assert step == ("enrol" if required else None)


@given(roles, roles, st.booleans())
def test_reset_needs_staff_or_admin_never_oneself_and_staff_never_reset_admins_or_auditors(
    actor, target, same
):
    allowed = rules.may_reset_twofa(actor_roles=actor, target_roles=target, same_user=same)
    if allowed:
        assert not same and rules.may_manage_signin(actor)
        if Role.ADMIN not in actor:
            assert not target & {Role.ADMIN, Role.AUDITOR}
    elif not same and Role.ADMIN in actor:
        raise AssertionError("an administrator may reset anyone else")
