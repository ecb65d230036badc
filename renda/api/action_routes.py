"""The per-item actions of a router whose services are named after their table's actions (livelihood's
`project_accept`, opinions' `opinion_reply`): each declared in one line, as an `endpoints.id_action`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Router, Schema

from .endpoints import id_action


def named_actions(
    router: Router,
    path: str,
    out: Any,
    service_of: Callable[[str], Callable[..., Any]],
    operation_prefix: str,
) -> Callable[..., None]:
    """`act(name, summary, description, schema=None)`: POST `<path>/<name>` calling `service_of(name)` (with
    the caller, the path's id and the body in `schema`, or none), answering `out`, its operation id
    `<operation_prefix><name>`."""

    def act(name: str, summary: str, description: str, schema: type[Schema] | None = None) -> None:
        id_action(
            router,
            f"{path}/{name}",
            out,
            service_of(name),
            schema,
            operation_id=f"{operation_prefix}{name}",
            summary=summary,
            description=description,
        )

    return act
