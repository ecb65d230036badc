"""The project's URLs plus a test-only API (same auth and error mapping) with endpoints that raise."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from ninja import Router, Schema

from config.urls import urlpatterns as project_urlpatterns
from renda.api.api import build_api
from renda.core.errors import ApplicationError

router = Router()


class EchoIn(Schema):
    text: str


@router.get("/application-error", operation_id="t_application_error")
def application_error(request):
    raise ApplicationError(
        "第3行：公民身份号码校验位错误",
        field="id_number",
        row=3,
        code="invalid_id_number",
        status=409,
        errors=[{"row": 3, "field": "id_number", "message": "校验位错误"}],
    )


@router.get("/bare-application-error", operation_id="t_bare_application_error")
def bare_application_error(request):
    raise ApplicationError("不能这样做")


@router.get("/http404", operation_id="t_http404")
def http404(request):
    raise Http404("missing")


@router.get("/permission-denied", operation_id="t_permission_denied")
def permission_denied(request):
    raise PermissionDenied


@router.post("/echo", operation_id="t_echo")
def echo(request, payload: EchoIn):
    return {"text": payload.text, "user": request.auth.username}


test_api = build_api(urls_namespace="api_test")
test_api.add_router("/", router)

urlpatterns = [*project_urlpatterns, path("api-test/", test_api.urls)]
