"""The lean path of a phone's vote: `POST /api/voting/polls/<id>/cast` with a Bearer token (issue 11).

3,000 deputies cast at once (bench/voting.py). Through the full stack a cast paid for seventeen middlewares,
django-ninja's dispatch, three ORM queries to authenticate (token, its user, the roles — each compiled anew)
and (on SQLite) a database connection opened and closed per request; a plain WSGI handler doing the same
writes was ~15× cheaper. This middleware, first in MIDDLEWARE, answers the common case itself and hands
everything else to the full stack unchanged:

* It takes only `POST /api/voting/polls/<int>/cast` carrying `Authorization: Bearer <key>` and **no cookie**
  (a phone's integration; a browser's session, with its CSRF check, always goes the full way), a JSON body
  (application/json) within the request cap, a host Django accepts, and HTTPS when SECURE_SSL_REDIRECT asks
  for it.
* The token is checked as renda.api.auth.TokenAuth does (its SHA-256, not revoked, its user active; last
  use written at most once a minute) in one raw query that also reads the user's roles.
* The body is validated by the endpoint's own schema (renda.api.voting.CastIn); the vote is
  `services.ballot_cast_receipt`, the very call of the endpoint (the checks of the voting services, the one
  transaction of voter mark + sealed ballot, no Event of a secret cast, nothing logged).
* The answer is rendered by the API's own renderer (the same bytes: constant size) and goes through the
  response side of the middlewares that set headers — security, CSP, language, Content-Length, no-store,
  X-Frame-Options — built from settings.MIDDLEWARE minus those that have nothing to do for it (LEAN_SKIPS).

Anything else — no token, a wrong or revoked token, a body the schema refuses, a refusal of the service
(not open, not on the roll, staff on a secret poll…) — is answered by the full stack, which raises and words
it as before: the lean path has written nothing by then (the service's transaction rolled back; a last-use
write stays, as it would). `RENDA_FAST_CAST = False` turns the lean path off.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.handlers.exception import convert_exception_to_response
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from pydantic import ValidationError

from renda.accounts.models import ApiToken, RoleAssignment, User
from renda.core.errors import ApplicationError
from renda.core.uploads import default_body_cap

from .auth import LAST_USED_RESOLUTION
from .schemas import MAX_ID

CAST_PATH = re.compile(r"^/api/voting/polls/(\d{1,10})/cast$")

# Middlewares the lean path leaves out, and why. Every other entry of settings.MIDDLEWARE runs around its
# answer, in the same order (a header middleware added later is included by default).
LEAN_SKIPS = {
    "renda.api.fastcast.FastCastMiddleware": "itself",
    "renda.core.uploads.UploadLimitMiddleware": "the body cap is checked before anything is read (above)",
    "whitenoise.middleware.WhiteNoiseMiddleware": "static files only",
    "django.contrib.sessions.middleware.SessionMiddleware": "no cookie, no session (Vary: Cookie kept)",
    "django.middleware.csrf.CsrfViewMiddleware": "a Bearer call without cookies; the API view is exempt",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "the token is the caller",
    "django_otp.middleware.OTPMiddleware": "the second factor of a session",
    "renda.accounts.middleware.TwoFactorMiddleware": "sessions only (tokens are issued after the 2nd step)",
    "renda.core.actors.ActorMiddleware": "the actor is built here",
    "django.contrib.messages.middleware.MessageMiddleware": "no messages in an API answer",
    "django_htmx.middleware.HtmxMiddleware": "not an htmx request",
    "axes.middleware.AxesMiddleware": "sign-in lockouts only",
    "simple_history.middleware.HistoryRequestMiddleware": "set around the service call (below)",
}

_USER_FIELDS = ("id", "username", "display_name", "is_active")


@functools.cache
def _user_columns() -> list[Any]:
    """The fields of User read with the token, in the model's order (User.from_db defers the rest)."""
    return [f for f in User._meta.concrete_fields if f.attname in _USER_FIELDS]


@functools.cache
def _auth_sql() -> str:
    user_cols = ", ".join(f"u.{f.column}" for f in _user_columns())
    return (
        f"SELECT t.id, (t.last_used_at IS NULL OR t.last_used_at <= %s) AS stale, r.id, r.role, r.unit_id, "
        f"{user_cols} "
        f"FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
        f"LEFT JOIN {RoleAssignment._meta.db_table} r ON r.user_id = u.id "
        "WHERE t.key_hash = %s AND t.revoked = %s AND u.is_active = %s ORDER BY r.id"
    )


def authenticate(raw_key: str) -> User | None:
    """The active user of a valid, unrevoked token with their roles read (one query), or None — the rule of
    renda.api.auth.TokenAuth. The token's last use is written when older than LAST_USED_RESOLUTION."""
    raw_key = raw_key.strip()
    if not raw_key:
        return None
    now = timezone.now()
    ops = connection.ops
    with connection.cursor() as cursor:
        cutoff = ops.adapt_datetimefield_value(now - LAST_USED_RESOLUTION)
        cursor.execute(_auth_sql(), [cutoff, ApiToken.hash(raw_key), False, True])
        rows = cursor.fetchall()
        if not rows:
            return None
        token_id, stale = rows[0][0], rows[0][1]
        if stale:  # a single UPDATE, as TokenAuth: the token's other fields and history untouched
            cursor.execute(
                f"UPDATE {ApiToken._meta.db_table} SET last_used_at = %s WHERE id = %s",
                [ops.adapt_datetimefield_value(now), token_id],
            )
    fields = _user_columns()
    values = [bool(v) if f.attname == "is_active" else v for f, v in zip(fields, rows[0][5:], strict=True)]
    user = User.from_db(connection.alias, [f.attname for f in fields], values)
    user.__dict__["role_assignments"] = [  # the cached_property actor_from_user reads
        RoleAssignment.from_db(
            connection.alias, ["id", "user_id", "role", "unit_id"], [rid, user.pk, role, unit]
        )
        for _t, _s, rid, role, unit, *_u in rows
        if rid is not None
    ]
    return user


class FastCastMiddleware:
    """First in MIDDLEWARE: a Bearer cast without cookies is answered here; any other request, and any cast
    this path does not accept, goes down the full stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._answer: Any = None  # the header middlewares around the answer, built on first use

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = CAST_PATH.match(request.path_info)
        if match is None or request.method != "POST" or not getattr(settings, "RENDA_FAST_CAST", True):
            return self.get_response(request)
        response = self._cast(request, int(match.group(1)))
        return self.get_response(request) if response is None else response

    # --- the lean path ---------------------------------------------------------------------------------

    def _acceptable(self, request: HttpRequest) -> bool:
        """What the full stack would refuse or treat otherwise before the view is left to it."""
        meta = request.META
        if meta.get("HTTP_COOKIE") or not meta.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
            return False
        if not meta.get("CONTENT_TYPE", "").startswith("application/json"):
            return False
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        if length <= 0 or length > default_body_cap():
            return False
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return False
        try:
            request.get_host()
        except DisallowedHost:
            return False
        return True

    def _cast(self, request: HttpRequest, poll_id: int) -> HttpResponse | None:
        if not 1 <= poll_id <= MAX_ID or not self._acceptable(request):
            return None
        from renda.api.voting import CastIn  # the endpoint's schema (imported late: the API's routers)

        try:
            data = json.loads(request.body)
            if not isinstance(data, dict) or not set(data) <= {"deputy_id", "payload"}:
                return None
            body = CastIn.model_validate(data)
        except (ValueError, ValidationError, RequestDataTooBig):
            return None
        user = authenticate(request.META["HTTP_AUTHORIZATION"][7:])
        if user is None:
            return None
        request.user = user
        from simple_history.models import HistoricalRecords

        from renda.voting import services

        HistoricalRecords.context.request = request  # as HistoryRequestMiddleware: the request's user
        try:
            recorded, receipt = services.ballot_cast_receipt(
                actor=user, poll_id=poll_id, deputy_id=body.deputy_id, payload=body.payload
            )
        except (ApplicationError, DjangoPermissionDenied, Http404):
            return None  # nothing was written: the full stack refuses it, worded as ever
        finally:
            del HistoricalRecords.context.request
        request._fast_cast_answer = {"recorded": recorded, "receipt": receipt}  # type: ignore[attr-defined]
        return self._answer_chain()(request)

    # --- the answer, through the header middlewares --------------------------------------------------------

    def _answer_chain(self) -> Any:
        if self._answer is None:
            handler: Any = convert_exception_to_response(_render)
            for path in reversed(settings.MIDDLEWARE):
                if path == "django.contrib.sessions.middleware.SessionMiddleware":
                    handler = convert_exception_to_response(_VaryCookie(handler))
                elif path not in LEAN_SKIPS:
                    handler = convert_exception_to_response(import_string(path)(handler))
            self._answer = handler
        return self._answer


class _VaryCookie:
    """What SessionMiddleware does to an answer when no cookie came and the session was read (the full stack
    reads it to find the session's user): Vary: Cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


def _render(request: HttpRequest) -> HttpResponse:
    from renda.api.api import api

    return api.create_response(request, request._fast_cast_answer, status=200)  # type: ignore[attr-defined]
