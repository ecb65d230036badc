"""Map exceptions to JSON bodies (ARCHITECTURE, pattern 8: one error type).

| raised                                   | status        | body                                        |
|------------------------------------------|---------------|---------------------------------------------|
| renda.core.errors.ApplicationError       | its .status   | {code, message, field?, row?, errors?}      |
| django.http.Http404                      | 404           | {code: "not_found", message}                |
| django.core.exceptions.PermissionDenied  | 403           | {code: "forbidden", message}                |
| not signed in / bad token                | 401           | {code: "unauthorized", message}             |
| ninja.errors.HttpError (CSRF, throttle)  | its status    | {code, message}                             |
| ninja.errors.ValidationError             | 422           | ninja's own: {detail: [...]}                |
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from renda.core.errors import ApplicationError

CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 429: "throttled"}


def register_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return api.create_response(request, {"code": "not_found", "message": _("未找到该记录")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied):
        message = str(exc) or _("您无权执行此操作")
        return api.create_response(request, {"code": "forbidden", "message": message}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError):
        response = api.create_response(
            request,
            {"code": "unauthorized", "message": _("请登录，或在 Authorization 头中提供有效的接口令牌")},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="renda"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        code = CODES.get(exc.status_code, "error")
        return api.create_response(request, {"code": code, "message": exc.message}, status=exc.status_code)
