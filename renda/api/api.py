"""The JSON API root: /api/ (OpenAPI at /api/openapi.json, Swagger UI at /api/docs).

Every endpoint needs a Bearer token or a signed-in session (auth.py); errors are JSON (errors.py).
The docs page uses the Swagger UI files shipped inside django-ninja (served from /static/ninja/),
never a CDN: the intranet has no Internet access.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from .auth import AUTH
from .deputies import router as deputies_router
from .errors import register_error_handlers
from .livelihood import router as livelihood_router
from .me import router as me_router
from .meetings import router as meetings_router
from .organization import delegations as delegations_router
from .organization import units as units_router
from .proposals import router as proposals_router
from .targets import router as targets_router
from .voting import router as voting_router

DESCRIPTION = """人大履职平台（Renda）数据接口。

认证：集成系统在请求头中携带 `Authorization: Bearer <令牌>`（在“接口令牌”页面创建）；
浏览器中已登录的会话也可直接调用（修改类请求需附 CSRF 令牌）。未认证的请求返回 401。

列表接口均按 `limit`/`offset` 分页，返回 `{"items": [...], "count": 总数}`。
数据范围与页面一致：无权查看的记录按不存在处理（404）。
"""


class ObjectBodyParser(Parser):
    """A JSON body must be an object. ninja would validate a bare `true` against a body schema by attribute
    lookup, so `true` became {"public": true} with every default applied; any other value is refused as
    unreadable (400, like malformed JSON)."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the request body is not a JSON object")
        return data


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as UTF-8, not \\uXXXX escapes: readable with curl, a third smaller."""

    json_dumps_params = {"ensure_ascii": False}


@csrf_exempt  # it changes nothing: a POST to an unknown path is a 404, not a CSRF failure
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /api/ (an unknown path, or an id that is not a number: /api/deputies/abc):
    the JSON 404 of every API error, never the HTML page of the site."""
    return JsonResponse(
        {"code": "not_found", "message": _("未找到该接口或记录")},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


class RendaAPI(NinjaAPI):
    """NinjaAPI whose URLs end with a catch-all JSON 404, so that nothing under its prefix answers HTML."""

    def _get_urls(self):
        return [*super()._get_urls(), re_path(r"^(?P<rest>.*)$", not_found, name="not-found")]


def build_api(*, urls_namespace: str = "api", **kwargs) -> NinjaAPI:
    """A NinjaAPI with Renda's authentication, docs and error mapping (tests build a second one)."""
    instance = RendaAPI(
        title="Renda API",
        version="1.0",
        description=DESCRIPTION,
        urls_namespace=urls_namespace,
        auth=AUTH,
        renderer=Utf8JSONRenderer(),
        parser=ObjectBodyParser(),
        # Bundled Swagger UI (ninja/static) because "ninja" is in INSTALLED_APPS; no online validator.
        docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
        **kwargs,
    )
    register_error_handlers(instance)
    return instance


api = build_api()
api.add_router("/me", me_router)
api.add_router("/deputies", deputies_router)
api.add_router("/delegations", delegations_router)
api.add_router("/units", units_router)
api.add_router("/meetings", meetings_router)
api.add_router("/voting", voting_router)
api.add_router("/proposals", proposals_router)
api.add_router("/livelihood", livelihood_router)

from .opinions import router as opinions_router  # noqa: E402  (appended: issue 14)

api.add_router("/opinions", opinions_router)
api.add_router("/targets", targets_router)

from .procedures import router as procedures_router  # noqa: E402  (appended: issue 18)

api.add_router("/procedures", procedures_router)
from .supervision import router as supervision_router  # noqa: E402  (appended: issue 15)

api.add_router("/supervision", supervision_router)
from .legislation import router as legislation_router  # noqa: E402  (appended: issue 17)

api.add_router("/legislation", legislation_router)
from .decisions import router as decisions_router  # noqa: E402  (appended: issue 17, decisions)

api.add_router("/decisions", decisions_router)

from .appointments import router as appointments_router  # noqa: E402  (appended: issue 17, appointments)

api.add_router("/appointments", appointments_router)
from .supervision_investigations import router as supervision_investigations_router  # noqa: E402  (issue 15 §4)

api.add_router("/supervision", supervision_investigations_router)
