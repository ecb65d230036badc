"""Reads of accounts' sign-in state: second factors, the wait after failures, current lockouts."""

from __future__ import annotations

from base64 import b32encode
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts import rules
from renda.accounts.backends import ENROLLED
from renda.accounts.models import User


def twofa_enrolled(user: User) -> bool:
    """Whether the user has a confirmed authenticator (TOTP device). A user loaded from the session by
    backends.UserBackend carries the answer, read in the same query (the second step asks on every page)."""
    known = getattr(user, ENROLLED, None)
    if known is not None:
        return bool(known)
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def twofa_required_for(user: User) -> bool:
    return bool(getattr(settings, "TWOFA_ENFORCED", True)) and rules.twofa_required(user.role_set)


def signin_wait_remaining(*, username: str, address: str, now: datetime) -> int:
    """Seconds this account must still wait before a password from this address is checked (rules.signin_wait
    on the failures django-axes counted for the pair)."""
    row = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        failures=Max("failures_since_start"), last=Max("attempt_time")
    )
    if not row["failures"] or row["last"] is None:
        return 0
    return rules.signin_wait_remaining(row["failures"], (now - row["last"]).total_seconds())


def lockouts(*, now: datetime) -> QuerySet[AccessAttempt]:
    """Failed sign-ins still counted (within the cool-off), most recent first; `locked` marks the locked."""
    cooloff = timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return AccessAttempt.objects.filter(attempt_time__gte=now - cooloff).order_by("-attempt_time")


def lockout_rows(*, now: datetime) -> list[dict]:
    """The sign-in security page's rows: each counted failure record and whether it locks its username."""
    limit = settings.AXES_FAILURE_LIMIT
    return [{"a": a, "locked": rules.signin_locked(a.failures_since_start, limit)} for a in lockouts(now=now)]


def is_locked(username: str, *, now: datetime) -> bool:
    """Whether `username` is locked out now (from any address)."""
    return any(row["locked"] for row in lockout_rows(now=now) if row["a"].username == username)


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def enrolment_secret(user: User, key_hex: str) -> tuple[str, str]:
    """The pending secret as an authenticator app takes it: (base32 text in groups of 4, otpauth:// URL)."""
    device = TOTPDevice(user=user, key=key_hex, name="authenticator")
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4)), device.config_url


def twofa_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_recovery_device(device: object) -> bool:
    return isinstance(device, StaticDevice)
