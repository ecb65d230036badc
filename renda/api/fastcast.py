"""The lean path of a phone's vote: `POST /api/voting/polls/<id>/cast` with a Bearer token (issue 11).

3,000 deputies cast at once (bench/voting.py). Through the full stack a cast paid for Django's request and
response objects, seventeen middlewares, django-ninja's dispatch and pydantic, three ORM queries to
authenticate and a separate commit for the token's last use; a plain WSGI handler doing the same writes
(bench/baseline_wsgi.py) was ~15× cheaper. The lean path answers the common case before Django's handler and
hands everything else to the full stack unchanged:

* `LeanCastApplication` wraps the WSGI application (config/wsgi.py: what gunicorn serves); for ASGI and the
  test client the same path runs as `FastCastMiddleware`, first in MIDDLEWARE.
* It takes only `POST /api/voting/polls/<int>/cast` carrying `Authorization: Bearer <key>` and **no cookie**
  (a phone's integration; a browser's session, with its CSRF check, always goes the full way), a JSON body
  (application/json) within the request cap, a host Django accepts, and HTTPS when SECURE_SSL_REDIRECT asks
  for it.
* The body is checked against the endpoint's schema (renda.api.voting.CastIn) by `cast_fields`: an object
  with `payload` (an object) and at most `deputy_id` (an integer id or null) — anything else, including
  what pydantic's lax mode would coerce, goes to the full stack, which validates and words the refusal.
* The token is checked as renda.api.auth.TokenAuth does (its SHA-256, not revoked, its user active; last
  use written at most once a minute) in one raw query that also reads the user's roles and deputy record.
* The vote is the voting services' own: `services.ballot_cast_receipt` (the policy on the spine, the roll
  line, the ballot's validation, the seal, the one transaction of voter mark + sealed box, no Event of a
  secret cast, nothing logged), with the token's last-use write committed in that same transaction.
* The answer is the API's renderer's bytes (constant size) with the headers the full stack's middlewares set
  on it — security, CSP, language, Content-Length, no-store, X-Frame-Options, `Vary` — computed by running
  those middlewares (settings.MIDDLEWARE minus LEAN_SKIPS) around the first answer of each kind of request
  (`_header_key`: scheme, forwarded proto, host, Accept-Language — all they read) and reused; the per-answer
  values (Content-Length, Expires) are filled in per answer.

Anything else — no token, a wrong or revoked token, a body the check does not take, a refusal of the
service (not open, not on the roll, staff on a secret poll…) — is answered by the full stack, which raises
and words it as before: the lean path has written nothing by then (the service's transaction, with the
last-use write, rolled back). `RENDA_FAST_CAST = False` turns the lean path off.
"""

from __future__ import annotations

import functools
import io
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string

from renda.accounts.models import ApiToken, RoleAssignment, User
from renda.core.actors import Actor
from renda.core.errors import ApplicationError
from renda.core.rawmodels import lean_cursor
from renda.core.uploads import default_body_cap
from renda.deputies.models import Deputy

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

# What the answer's headers may depend on (the request's side of the header middlewares): the scheme (HSTS),
# the host, the language asked for (Content-Language, Vary).
_HEADER_ENVIRON = ("wsgi.url_scheme", "HTTP_HOST", "HTTP_X_FORWARDED_HOST", "HTTP_ACCEPT_LANGUAGE")
_CACHE_LIMIT = 64  # distinct header keys kept (hosts and languages a client sends are not ours to bound)
_DYNAMIC = ("Content-Length", "Expires")  # filled in per answer


# --- the request ----------------------------------------------------------------------------------------


def acceptable(meta: Mapping[str, Any]) -> int | None:
    """The body's length when the lean path may take the request (else None): no cookie, a Bearer token, a
    JSON body within the cap, no SSL redirect pending, a host Django accepts."""
    if meta.get("HTTP_COOKIE") or not meta.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
        return None
    if not meta.get("CONTENT_TYPE", "").startswith("application/json"):
        return None
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length <= 0 or length > default_body_cap():
        return None
    if settings.DISALLOWED_USER_AGENTS or settings.PREPEND_WWW:  # CommonMiddleware's own checks
        return None
    secure, host_ok = _request_facts(_header_key(meta))
    if not host_ok or (settings.SECURE_SSL_REDIRECT and not secure):
        return None
    return length


def _header_key(meta: Mapping[str, Any]) -> tuple[Any, ...]:
    proxy = settings.SECURE_PROXY_SSL_HEADER
    return (
        *(meta.get(k) for k in _HEADER_ENVIRON),
        meta.get(proxy[0]) if proxy else None,
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
    )


def _bounded(cache: dict[Any, Any], key: Any, compute: Callable[[], Any]) -> Any:
    value = cache.get(key)
    if value is None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        value = cache[key] = compute()
    return value


_FACTS: dict[tuple[Any, ...], tuple[bool, bool]] = {}


def _request_facts(key: tuple[Any, ...]) -> tuple[bool, bool]:
    """(is_secure, the host is allowed), as Django's request answers them for these environ values."""

    def compute() -> tuple[bool, bool]:
        request = _bare_request(_environ_of(key))
        try:
            request.get_host()
        except DisallowedHost:
            return request.is_secure(), False
        return request.is_secure(), True

    return _bounded(_FACTS, key, compute)


def _environ_of(key: tuple[Any, ...]) -> dict[str, Any]:
    *values, proxy_value, server_name, server_port = key
    environ = {k: v for k, v in zip(_HEADER_ENVIRON, values, strict=True) if v is not None}
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy and proxy_value is not None:
        environ[proxy[0]] = proxy_value
    environ.update(SERVER_NAME=server_name or "", SERVER_PORT=server_port or "")
    return environ


def _bare_request(environ: dict[str, Any]) -> WSGIRequest:
    """A request with these environ values, for the checks and header middlewares (no body)."""
    return WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/voting/polls/1/cast",
            "SCRIPT_NAME": "",
            "wsgi.input": io.BytesIO(b""),
            "CONTENT_LENGTH": "0",
            **environ,
        }
    )


def cast_fields(body: bytes) -> tuple[int | None, dict] | None:
    """(deputy_id, payload) when the body is one renda.api.voting.CastIn takes as it is: an object with a
    `payload` object and optionally `deputy_id`, an integer id or null. None for anything else (the full
    stack's schema then decides, lax coercions included)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if type(data) is not dict or not data.keys() <= {"deputy_id", "payload"}:
        return None
    payload = data.get("payload")
    deputy_id = data.get("deputy_id")
    if type(payload) is not dict:
        return None
    if deputy_id is not None and (type(deputy_id) is not int or not 1 <= deputy_id <= MAX_ID):
        return None
    return deputy_id, payload


# --- the token ------------------------------------------------------------------------------------------

_USER_FIELDS = ("id", "username", "display_name", "is_active")


@functools.cache
def _user_columns() -> list[Any]:
    """The fields of User read with the token, in the model's order (User.from_db defers the rest)."""
    return [f for f in User._meta.concrete_fields if f.attname in _USER_FIELDS]


@functools.cache
def _auth_sql() -> str:
    user_cols = ", ".join(f"u.{f.column}" for f in _user_columns())
    return (
        f"SELECT t.id, (t.last_used_at IS NULL OR t.last_used_at <= %s) AS stale, "
        f"(SELECT d.id FROM {Deputy._meta.db_table} d WHERE d.user_id = u.id), r.id, r.role, r.unit_id, "
        f"{user_cols} "
        f"FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
        f"LEFT JOIN {RoleAssignment._meta.db_table} r ON r.user_id = u.id "
        "WHERE t.key_hash = %s AND t.revoked = %s AND u.is_active = %s ORDER BY r.id"
    )


def authenticate(raw_key: str) -> tuple[Actor, Callable[[Any], None] | None] | None:
    """The Actor of a valid, unrevoked token's active user — roles and deputy record read in the same query —
    and the write of the token's last use when it is older than LAST_USED_RESOLUTION (None when not due; the
    caller runs it in its transaction); None for a token renda.api.auth.TokenAuth refuses."""
    raw_key = raw_key.strip()
    if not raw_key:
        return None
    now = timezone.now()
    ops = connection.ops
    with lean_cursor() as cursor:
        cutoff = ops.adapt_datetimefield_value(now - LAST_USED_RESOLUTION)
        cursor.execute(_auth_sql(), [cutoff, ApiToken.hash(raw_key), False, True])
        rows = cursor.fetchall()
    if not rows:
        return None
    token_id, stale, deputy_id = rows[0][:3]
    fields = _user_columns()
    values = [bool(v) if f.attname == "is_active" else v for f, v in zip(fields, rows[0][6:], strict=True)]
    user = User.from_db(connection.alias, [f.attname for f in fields], values)
    roles: set[str] = set()
    units: dict[str, set[int]] = {}
    for _t, _s, _d, rid, role, unit, *_u in rows:  # as actor_from_user reads the user's role assignments
        if rid is not None:
            roles.add(str(role))
            if unit:
                units.setdefault(str(role), set()).add(unit)
    actor = Actor(
        user=user, roles=frozenset(roles), units_by_role={r: frozenset(ids) for r, ids in units.items()}
    )
    actor.seed_deputy_id(deputy_id)
    user.__dict__["_renda_actor"] = actor  # as_actor(user) answers this one

    touch = None
    if stale:

        def touch(cursor: Any) -> None:  # a single UPDATE, as TokenAuth: the token's other fields untouched
            cursor.execute(
                f"UPDATE {ApiToken._meta.db_table} SET last_used_at = %s WHERE id = %s",
                [ops.adapt_datetimefield_value(now), token_id],
            )

    return actor, touch


def _in_own_cursor(write: Callable[[Any], None]) -> None:
    with connection.cursor() as cursor:
        write(cursor)


# --- the cast -------------------------------------------------------------------------------------------


def cast(meta: Mapping[str, Any], body: bytes, poll_id: int) -> dict[str, Any] | None:
    """The answer of the lean path ({"recorded", "receipt"}), or None: the full stack answers (nothing of
    the cast was written)."""
    fields = cast_fields(body)
    if fields is None:
        return None
    deputy_id, payload = fields
    found = authenticate(meta["HTTP_AUTHORIZATION"][7:])
    if found is None:
        return None
    actor, touch = found
    from renda.voting import services

    try:
        done = None
        if deputy_id is None or deputy_id == actor.deputy_id:  # the phone's own ballot, sealed: the lean way
            done = services.ballot_cast_own_sealed(actor=actor, poll_id=poll_id, payload=payload, also=touch)
        if done is None:  # any other cast the endpoint takes (named, unsealed, an entry for another)
            done = services.ballot_cast_receipt(
                actor=actor,
                poll_id=poll_id,
                deputy_id=deputy_id,
                payload=payload,
                also=None if touch is None else lambda: _in_own_cursor(touch),
            )
        recorded, receipt = done
    except (ApplicationError, DjangoPermissionDenied, Http404):
        return None  # nothing was written: the full stack refuses it, worded as ever
    except DatabaseError:  # e.g. SQLite busy past its timeout: rolled back; the full stack tries it again
        return None
    return {"recorded": recorded, "receipt": receipt}


# --- the answer -----------------------------------------------------------------------------------------


@functools.cache
def _renderer() -> Any:
    from renda.api.api import api

    return api.renderer


def _render(data: Mapping[str, Any]) -> bytes:
    content = _renderer().render(None, data, response_status=200)
    return content if isinstance(content, bytes) else content.encode()


def _header_chain() -> Callable[[HttpRequest], HttpResponse]:
    """The response side of the header middlewares around a rendered answer (request._fast_cast_answer)."""
    handler: Any = convert_exception_to_response(_answer_view)
    for path in reversed(settings.MIDDLEWARE):
        if path == "django.contrib.sessions.middleware.SessionMiddleware":
            handler = convert_exception_to_response(_VaryCookie(handler))
        elif path not in LEAN_SKIPS:
            handler = convert_exception_to_response(import_string(path)(handler))
    return handler


_HEADERS: dict[tuple[Any, ...], tuple[str, list[tuple[str, str | None]]]] = {}


def _headers_for(key: tuple[Any, ...]) -> tuple[str, list[tuple[str, str | None]]]:
    """(status line, headers) the full stack's header middlewares give an answer to a request with these
    environ values; None in place of the values filled in per answer (_DYNAMIC)."""

    def compute() -> tuple[str, list[tuple[str, str | None]]]:
        request = _bare_request(_environ_of(key))
        request._fast_cast_answer = {"recorded": True, "receipt": ""}  # type: ignore[attr-defined]
        response = _header_chain()(request)
        if response.status_code != 200 or response.cookies:
            raise RuntimeError(f"the header middlewares answered {response.status_code}")
        status = f"{response.status_code} {response.reason_phrase}"
        return status, [(k, None if k in _DYNAMIC else v) for k, v in response.items()]

    return _bounded(_HEADERS, key, compute)


def answer(meta: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """(status line, headers, body) of the lean path's answer."""
    content = _render(data)
    status, template = _headers_for(_header_key(meta))
    dynamic = {"Content-Length": str(len(content)), "Expires": http_date(time.time())}
    return status, [(k, dynamic[k] if v is None else v) for k, v in template], content


def _answer_view(request: HttpRequest) -> HttpResponse:
    from renda.api.api import api

    return api.create_response(request, request._fast_cast_answer, status=200)  # type: ignore[attr-defined]


class _VaryCookie:
    """What SessionMiddleware does to an answer when no cookie came and the session was read (the full stack
    reads it to find the session's user): Vary: Cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


# --- the two entries: WSGI (production) and a middleware (ASGI, the test client) -------------------------


class _Finished:
    """The body of a lean answer; closing it ends the request as Django's response does (request_finished:
    the database connections' age and health checked)."""

    def __init__(self, content: bytes) -> None:
        self.content = content

    def __iter__(self) -> Any:
        return iter((self.content,))

    def close(self) -> None:
        signals.request_finished.send(sender=LeanCastApplication)


class LeanCastApplication:
    """The WSGI application gunicorn serves (config/wsgi.py): a Bearer cast without cookies is answered here,
    before Django's handler; any other request, and any cast this path does not take, goes to `application`
    (the body, if read, handed on unchanged)."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and getattr(settings, "RENDA_FAST_CAST", True):
            match = CAST_PATH.match(environ.get("PATH_INFO", ""))
            if match is not None and 1 <= int(match.group(1)) <= MAX_ID:
                length = acceptable(environ)
                if length is not None:
                    body = environ["wsgi.input"].read(length)
                    environ["wsgi.input"] = io.BytesIO(body)  # for the full stack, if it answers
                    if len(body) == length:
                        signals.request_started.send(sender=LeanCastApplication, environ=environ)
                        data = cast(environ, body, int(match.group(1)))
                        if data is not None:
                            status, headers, content = answer(environ, data)
                            start_response(status, headers)
                            return _Finished(content)
        return self.application(environ, start_response)


class FastCastMiddleware:
    """First in MIDDLEWARE: the same lean path for requests that do not come through LeanCastApplication
    (ASGI, Django's test client); any other request goes down the full stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = CAST_PATH.match(request.path_info)
        if (
            match is not None
            and request.method == "POST"
            and getattr(settings, "RENDA_FAST_CAST", True)
            and 1 <= int(match.group(1)) <= MAX_ID
            and acceptable(request.META) is not None
        ):
            try:
                body = request.body
            except RequestDataTooBig:
                return self.get_response(request)
            data = cast(request.META, body, int(match.group(1)))
            if data is not None:
                request._fast_cast_answer = data  # type: ignore[attr-defined]
                status, headers, content = answer(request.META, data)
                response = HttpResponse(content, status=int(status.split(" ", 1)[0]))
                for k, v in headers:
                    response.headers[k] = v
                return response
        return self.get_response(request)
