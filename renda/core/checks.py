"""System checks for what must hold before Renda serves anyone (`manage.py check`, run at every start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from renda.core import auditchain, crypto, secretkey


@checks.register(checks.Tags.security, deploy=False)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    reason = secretkey.weakness(settings.SECRET_KEY)
    if reason is None or settings.DEBUG:
        return []
    return [
        checks.Error(
            f"SECRET_KEY is {reason}: sessions, API tokens and password-reset links could be forged.",
            hint=f"Set SECRET_KEY to a random value of at least {secretkey.MIN_LENGTH} characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))'), "
            "or unset it to use var/secret_key.",
            id="renda.E001",
        )
    ]


def _needed(available: bool, message: str, *, hint: str, id: str) -> list[checks.CheckMessage]:
    """Nothing when a cipher Renda cannot serve without is available, else the Error that stops the start."""
    return [] if available else [checks.Error(message, hint=hint, id=id)]


@checks.register(checks.Tags.security)
def check_sm3(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    return _needed(
        auditchain.sm3_available(),
        "SM3 is not available from this Python's OpenSSL: the audit trail cannot be sealed.",
        hint="Use OpenSSL 1.1.1 or later with SM3 enabled (Debian's python3 has it).",
        id="renda.E002",
    )


@checks.register(checks.Tags.security)
def check_sm4(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    return _needed(
        crypto.sm4_available(),
        "SM4 is not available from the cryptography package's OpenSSL: personal data cannot be read "
        "or stored.",
        hint="Install cryptography's manylinux wheel (it carries an OpenSSL 3 with SM4).",
        id="renda.E003",
    )
