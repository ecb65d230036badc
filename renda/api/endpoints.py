"""How every endpoint is declared: its method and path, the schema of its success answer, and the error
answers of its kind (a read, a list, a write), so that each router states only what is its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Router
from ninja.pagination import paginate

from .pagination import Pagination
from .schemas import ErrorOut

View = Callable[..., Any]

# The error answers of an endpoint: a read (not signed in; outside the caller's scope, which looks absent) and
# a write (invalid input; not signed in; not allowed; absent; the wrong state or a refused guard).
READ = (401, 404)
WRITE = (400, 401, 403, 404, 409)


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
    """An endpoint answering `out` with `status` on success, and `ErrorOut` with each of `errors`."""
    return getattr(router, method)(
        path,
        response={status: out, **dict.fromkeys(errors, ErrorOut)},
        operation_id=operation_id,
        summary=summary,
        description=description,
    )


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
