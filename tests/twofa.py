"""Two-factor helpers for tests: enrol a user through the service, and the code an authenticator app would
show now (django_otp.oath.totp on the device's key) — one django-otp has not accepted yet, as each code is
accepted once."""

from __future__ import annotations

import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts import services

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, as hex


def code_for_key(key_hex: str, drift: int = 0) -> str:
    return f"{totp(bytes.fromhex(key_hex), drift=drift):06d}"


def enrol(user, key_hex: str = KEY) -> TOTPDevice:
    services.twofa_enrol(actor=user, user=user, key_hex=key_hex, token=code_for_key(key_hex))
    return TOTPDevice.objects.get(user=user, confirmed=True)


def current_code(user) -> str:
    """The user's authenticator code now, or at the next step django-otp still accepts (tolerance 1): a code
    already used (last_t) is refused, so a second sign-in within 30 s takes the next step's code. A third
    would have to wait for the clock; instead the device's record of its last accepted step is moved back,
    as if that wait had passed (the refusal of a reused code is tested in renda/accounts/tests)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    now_t = int((time.time() - device.t0) // device.step) + device.drift
    if device.last_t + 1 > now_t + device.tolerance:
        device.last_t = now_t - 1
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=device.last_t)
    use_t = max(now_t, device.last_t + 1)
    drift = use_t - now_t + device.drift
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def throttle_elapsed(user) -> None:
    """Move the device's last failure back by a minute, as if django-otp's throttle wait (1 s, 2 s, 4 s …
    after each wrong code) had passed; the failure count stays, so the throttle itself is untouched."""
    from datetime import timedelta

    from django.db.models import F

    TOTPDevice.objects.filter(user=user, confirmed=True, throttling_failure_timestamp__isnull=False).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - timedelta(minutes=1)
    )


def force_login_verified(client, user) -> None:
    """Sign `user` in on the test client as a browser that has passed both steps: force_login, and — when the
    user has an authenticator — the session marked as verified with it, as django_otp.login does after a
    correct code (the code step itself is tested in renda/accounts/tests/test_twofa.py and tests/e2e)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
