"""limit/offset pagination for every list: ``?limit=20&offset=40`` → ``{"items": [...], "count": N}``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .schemas import ErrorOut

DEFAULT_LIMIT = 20
MAX_LIMIT = 200


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"每页条数（1–{MAX_LIMIT}）")
        offset: int = Field(0, ge=0, description="跳过的条数")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def list_endpoint(
    router: Router,
    path: str,
    out: Any,
    *,
    operation_id: str,
    summary: str,
    description: str,
    errors: tuple[int, ...] = (401,),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A list endpoint: GET ``path``, a page of ``out`` through Pagination, and its error answers (401 when
    not signed in, and any other codes the view raises)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        response = {200: list[out], **dict.fromkeys(errors, ErrorOut)}
        route = router.get(
            path, response=response, operation_id=operation_id, summary=summary, description=description
        )
        return route(paginate(Pagination)(view))

    return decorate
