"""`manage.py demo_totp`: the current code of a demo login's authenticator, and never of a real user's."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renda.accounts import services
from renda.core.roles import Role
from renda.demo.logins import demo_totp_code, demo_totp_key
from tests.factories import user_with_role
from tests.twofa import enrol


def code_of(username: str) -> str:
    out = io.StringIO()
    call_command("demo_totp", username, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_printed_code_signs_in_and_the_next_one_too():
    user = user_with_role(Role.STAFF, username="staff")
    key = demo_totp_key("staff")
    services.twofa_enrol(actor=None, user=user, key_hex=key, token=demo_totp_code(key))
    first = code_of("staff")
    assert len(first) == 6 and first.isdigit()
    assert services.twofa_verify(user=user, token=first) is not None
    # the code just used is refused by django-otp; the command then prints one still accepted
    second = code_of("staff")
    assert second != first
    assert services.twofa_verify(user=user, token=second) is not None


@pytest.mark.django_db
def test_a_real_users_device_is_never_read():
    user = user_with_role(Role.STAFF, username="staff")
    enrol(user)  # not the demo's secret
    with pytest.raises(CommandError):
        code_of("staff")
