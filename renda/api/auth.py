"""Who is calling the API: an integration with a token, or a signed-in browser with its session.

Every endpoint accepts either (see api.py); a request with neither answers 401.

* ``Authorization: Bearer <raw key>``: the key is hashed and looked up among
  :class:`renda.accounts.models.ApiToken` (not revoked, owner active). A wrong, revoked or orphaned key
  is refused at once with 401, even when a session cookie is present: an integration must notice its
  key no longer works.
* The Django session (the browser, the /api/docs page): unsafe methods need the CSRF token, as
  Django's forms do. A request without a signed-in session is simply not authenticated by it.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from renda.accounts.models import ApiToken, User

# last_used_at is bookkeeping for the tokens page, not an audit record: write it at most this often.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class ApiRequest(HttpRequest):
    """The request an endpoint receives once AUTH accepted the caller (ninja sets `auth`; TokenAuth sets
    `api_token` for a Bearer key only). Endpoints annotate `request: ApiRequest` to read them typed."""

    auth: User
    api_token: ApiToken


class InvalidToken(AuthenticationError):
    """A Bearer key was given but is wrong, revoked, or belongs to an inactive user."""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        if not token:
            raise InvalidToken()
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), revoked=False, user__is_active=True)
            .first()
        )
        if api_token is None:
            raise InvalidToken()
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            # A single UPDATE, no model save: does not touch the token's history or other fields.
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        user = api_token.user
        # Handlers read request.auth; code shared with the pages reads request.user.
        request.user = user
        cast(ApiRequest, request).api_token = api_token
        return user


class SessionAuth(APIKeyCookie):
    """Django's session, with the CSRF check for unsafe methods (like ninja.security.django_auth).

    Unlike ninja's own, it checks CSRF only once a signed-in session is found, so that an anonymous
    POST answers 401 (not signed in) rather than 403 (CSRF).
    """

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF 校验失败，请刷新页面后重试"))
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - __call__ decides
        return None


AUTH = [TokenAuth(), SessionAuth()]
