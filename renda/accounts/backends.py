"""The password backend, whose per-request load of the session's user also answers the second step's question.

Every request of a signed-in session that has not passed the second step (a deputy, a station keeper or a
leader who need none; anyone before entering the code) asks whether the user has a confirmed authenticator
(accounts.middleware.pending_step): an enrolled user must enter a code in every session, even one signed in
before enrolling. That was a query of its own on every such page. Here it is read in the query that loads the
user from the session (AuthenticationMiddleware), at the same moment and with the same answer
(selectors.twofa_enrolled reads it when present): one query fewer per page, nothing cached across requests.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts.models import User

ENROLLED = "_twofa_enrolled"  # the annotation's name on a user loaded by UserBackend.get_user


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        try:
            user = User._default_manager.annotate(**{ENROLLED: Exists(confirmed)}).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def forget_enrolled(user: Any) -> None:
    """Drop the answer read with the session's user (after its authenticator changed in this request)."""
    with contextlib.suppress(AttributeError):
        delattr(user, ENROLLED)  # through the request's lazy user too
