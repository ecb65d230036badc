"""How every endpoint is declared: its method and path, the schema of its success answer, and the error
answers of its kind (a read, a list, a write), so that each router states only what is its own."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from .pagination import Pagination
from .schemas import ErrorOut, Id, ValidationErrorOut

View = Callable[..., Any]

# The error answers of an endpoint: a read (not signed in; outside the caller's scope, which looks absent) and
# a write (invalid input; not signed in; not allowed; absent; the wrong state or a refused guard).
READ = (401, 404)
WRITE = (400, 401, 403, 404, 409)
# Every endpoint may also answer 422 (ninja's validation of the path, the query or the body: {detail: [...]}),
# so that each states it once here, not per router.
INVALID = 422
# Every endpoint that takes a request body may answer 413 (ErrorOut, code "too_large"): a body longer than its
# path's cap is refused before it is read (renda.core.uploads.UploadLimitMiddleware).
TOO_LARGE = 413


def _path_names(path: str) -> set[str]:
    """The names of the path's parameters: "/{int:poll_id}/x/{sheet}" → {"poll_id", "sheet"}."""
    return {m.split(":")[-1] for m in re.findall(r"{([^}]+)}", path)}


def _has_body(request: HttpRequest) -> bool:
    """Whether the request carries content. What clients send for "no data" carries none: an empty body,
    an empty multipart form, or the empty JSON object `{}`."""
    body = request.body.strip()
    if not body:
        return False
    if request.content_type == "multipart/form-data":
        return bool(request.POST or request.FILES)
    return body.replace(b" ", b"") != b"{}"


def refuse_body(view: View, path: str) -> View:
    """A POST that takes no body (a transition: open, close, publish…) refuses one with 400 instead of
    executing whatever was sent (a malformed body must never publish a poll). Views that take a body (a
    parameter other than the request and the path's) are returned as they are."""
    params = list(inspect.signature(view).parameters)[1:]
    if set(params) - _path_names(path):
        return view

    @functools.wraps(view)
    def without_body(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if _has_body(request):
            raise HttpError(400, _("此接口不接受请求体"))
        return view(request, *args, **kwargs)

    return without_body


def endpoint(
    router: Router,
    method: str,
    path: str,
    out: Any,
    *,
    operation_id: str,
    summary: str,
    description: str | None = None,
    status: int = 200,
    errors: tuple[int, ...] = READ,
) -> Callable[[View], View]:
    """An endpoint answering `out` with `status` on success, `ErrorOut` with each of `errors`, and
    `ValidationErrorOut` with 422 (and, for a method with a body, `ErrorOut` with 413). A POST without a body
    parameter refuses a body (refuse_body)."""
    codes = (*errors, TOO_LARGE) if method != "get" else errors
    route = getattr(router, method)(
        path,
        response={status: out, **dict.fromkeys(codes, ErrorOut), INVALID: ValidationErrorOut},
        operation_id=operation_id,
        summary=summary,
        description=description,
    )

    def decorate(view: View) -> View:
        return route(refuse_body(view, path) if method != "get" else view)

    return decorate


def read_endpoint(router: Router, path: str, out: Any, **doc: Any) -> Callable[[View], View]:
    """GET one thing: 401 when not signed in, 404 outside the caller's scope (and any `errors` given)."""
    return endpoint(router, "get", path, out, **doc)


def write_endpoint(router: Router, path: str, out: Any, **doc: Any) -> Callable[[View], View]:
    """POST a step: 400 bad input, 401, 403 not allowed, 404 outside the scope, 409 wrong state or refused."""
    return endpoint(router, "post", path, out, errors=WRITE, **doc)


def list_endpoint(
    router: Router, path: str, out: Any, *, errors: tuple[int, ...] = (401,), **doc: Any
) -> Callable[[View], View]:
    """A list endpoint: GET ``path``, a page of ``out`` through Pagination, and its error answers (401 when
    not signed in, and any other codes the view raises)."""

    def decorate(view: View) -> View:
        return endpoint(router, "get", path, list[out], errors=errors, **doc)(paginate(Pagination)(view))

    return decorate


def _ordered_path_names(path: str) -> list[str]:
    """The path's parameter names in the order they appear."""
    return [m.split(":")[-1] for m in re.findall(r"{([^}]+)}", path)]


def _declare(
    route: Callable[[View], View], view: View, path: str, schema: type[Schema] | None, name: str
) -> None:
    """Give `view` the signature ninja reads (the request, each path id as an Id, the body in `schema`) and
    register it under `name`."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = [inspect.Parameter("request", kind, annotation=HttpRequest)]
    params += [inspect.Parameter(n, kind, annotation=Id) for n in _ordered_path_names(path)]
    if schema is not None:
        params.append(inspect.Parameter("payload", kind, annotation=schema))
    view.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]  # read by ninja and refuse_body
    view.__name__ = view.__qualname__ = name
    route(view)


def id_action(
    router: Router,
    path: str,
    out: Any,
    service: Callable[..., Any],
    schema: type[Schema] | None = None,
    *,
    status: int = 200,
    **doc: Any,
) -> None:
    """A POST that calls `service(actor=<the caller>, <each path id>=…, **<the body>)` — the body in `schema`,
    or none (refused, as every transition without one) — and answers `out` with `status`: the shape of every
    per-item action of a workflow ("/projects/{int:project_id}/accept") and of every creation ("/cases",
    status 201), declared in one statement by each router."""
    route = write_endpoint(router, path, out, status=status, **doc)

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        payload = kwargs.pop("payload", None)
        body = payload.dict() if payload is not None else {}
        result = service(actor=request.auth, **kwargs, **body)  # type: ignore[attr-defined]  # ApiRequest
        return Status(status, result) if status != 200 else result

    _declare(route, view, path, schema, doc["operation_id"])


def listing(
    router: Router,
    path: str,
    out: Any,
    selector: Callable[..., Any],
    *,
    errors: tuple[int, ...] = (401,),
    **doc: Any,
) -> None:
    """GET a page of `out`: what `selector(<the caller>, <each path id>=…)` returns (the caller's scope)."""
    route = list_endpoint(router, path, out, errors=errors, **doc)

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        return selector(request.auth, **kwargs)  # type: ignore[attr-defined]  # ApiRequest

    _declare(route, view, path, None, doc["operation_id"])


def detail(
    router: Router, path: str, out: Any, model: Any, *, errors: tuple[int, ...] = READ, **doc: Any
) -> None:
    """GET one `model` row by the path's one id, as the caller may see it (404 outside their scope:
    spine.get_visible)."""
    from renda.core import spine

    (id_name,) = _ordered_path_names(path)
    route = read_endpoint(router, path, out, errors=errors, **doc)

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        return spine.get_visible(model, request.auth, kwargs[id_name])  # type: ignore[attr-defined]

    _declare(route, view, path, None, doc["operation_id"])
