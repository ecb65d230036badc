"""The second step of signing in: until it is done, a signed-in session reaches only the code and enrolment
pages (and signing out). rules.twofa_next_step decides; the API answers 401 to such a session (it is not
signed in for the API), while Bearer tokens — issued only to sessions that passed this step — are
unaffected."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from renda.accounts import rules, selectors

# URL names a session may reach before its second step
OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:twofa_verify",
        "accounts:twofa_enrol",
        "accounts:twofa_qr",
    }
)
OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz", "/jsi18n/")


def pending_step(request: HttpRequest) -> rules.Step | None:
    """The step this request's session still owes (None: none, or not signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    verified = bool(getattr(user, "is_verified", lambda: False)())
    if verified:
        return None
    return rules.twofa_next_step(
        required=selectors.twofa_required_for(user), enrolled=selectors.twofa_enrolled(user), verified=False
    )


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = pending_step(request)
        request.twofa_step = step  # type: ignore[attr-defined]
        if step is not None:
            path = request.path_info
            if path.startswith("/api/"):
                request.user = AnonymousUser()  # the session does not count for the API
            elif not path.startswith(OPEN_PREFIXES) and not path.startswith(
                settings.STATIC_URL or "/static/"
            ):
                match = getattr(request, "resolver_match", None)
                name = _view_name(path) if match is None else match.view_name
                if name not in OPEN_VIEWS:
                    target = reverse(f"accounts:twofa_{step}")
                    if request.method == "GET":
                        target += "?" + urlencode({"next": request.get_full_path()})
                    response = HttpResponseRedirect(target)
                    if request.headers.get("HX-Request"):
                        response["HX-Redirect"] = target
                    return response
        return self.get_response(request)


def _view_name(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        return resolve(path).view_name
    except Resolver404:
        return None
