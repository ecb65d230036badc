"""Small helpers for views: scoped lookups that answer 404, htmx-aware rendering, error messages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from renda.core.errors import ApplicationError

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponseBase]


def get_scoped_or_404(qs: QuerySet[M, M], **lookup: Any) -> M:
    """Look an object up inside a permission scope: outside it, the object does not exist (404)."""
    try:
        return qs.get(**lookup)
    except ObjectDoesNotExist as exc:  # the model's DoesNotExist
        raise Http404 from exc


def require(allowed: bool) -> None:
    """Refuse a page the user's role may not open (403: the page exists for other roles)."""
    if not allowed:
        raise PermissionDenied


def page_for(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """View decorator: anonymous users go to the login page; signed-in users whom `check` refuses get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(check(request.user))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def render_htmx(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the whole page, or only `template#partial` when htmx asks for it."""
    if partial and getattr(request, "htmx", False):
        template = f"{template}#{partial}"
    return render(request, template, context, status=status)


def add_error_message(request: HttpRequest, error: ApplicationError) -> None:
    messages.error(request, str(error.message))
