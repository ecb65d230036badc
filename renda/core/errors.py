"""The one error type of Renda's services (ARCHITECTURE, pattern 8)."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule refused an action. `message` is translatable and says what and where.

    `field` names the input field, `row` the spreadsheet row (1-based, as Excel shows it), `code` a
    machine-readable reason for the API. `status` is the HTTP status the API answers with.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        row: int | None = None,
        code: str = "invalid",
        status: int = 400,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.row = row
        self.code = code
        self.status = status
        self.errors = errors or []

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.field:
            body["field"] = self.field
        if self.row is not None:
            body["row"] = self.row
        if self.errors:
            body["errors"] = self.errors
        return body


class PermissionDenied(ApplicationError):
    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("code", "forbidden")
        kwargs.setdefault("status", 403)
        super().__init__(message, **kwargs)


class NotFound(ApplicationError):
    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("code", "not_found")
        kwargs.setdefault("status", 404)
        super().__init__(message, **kwargs)


def one_or_not_found(qs: Any, message: str, **lookup: Any) -> Any:
    """The first row of the queryset `qs` matching `lookup`, or `NotFound(message)` (404 through the API)."""
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise NotFound(message)
    return obj
