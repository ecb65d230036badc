"""`Cache-Control: no-store` on every answer a signed-in user gets and on every API answer: a shared or
browser cache must never keep a page of personal data or a vote (等保 2.0 level 3: 剩余信息保护). A view that
sets its own Cache-Control (a directory anyone signed in reads, cached privately for a minute) keeps it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        private = request.path.startswith("/api/") or (user is not None and user.is_authenticated)
        # a view that chose its own caching (e.g. the units' directory: private, 60 s) keeps its choice
        if private and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
