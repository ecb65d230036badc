import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("renda.api.tests.urls")]


@pytest.fixture
def signed_in(client, staff):
    client.force_login(staff)
    return client


def test_application_error_maps_to_its_status_and_body(signed_in):
    response = signed_in.get("/api-test/application-error")
    assert response.status_code == 409
    assert response.json() == {
        "code": "invalid_id_number",
        "message": "第3行：公民身份号码校验位错误",
        "field": "id_number",
        "row": 3,
        "errors": [{"row": 3, "field": "id_number", "message": "校验位错误"}],
    }


def test_bare_application_error_is_400_with_code_and_message_only(signed_in):
    response = signed_in.get("/api-test/bare-application-error")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "不能这样做"}


def test_http404_is_json_not_found(signed_in):
    response = signed_in.get("/api-test/http404")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_permission_denied_is_json_403(signed_in):
    response = signed_in.get("/api-test/permission-denied")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert response.json()["message"]


def test_validation_error_keeps_ninjas_422_format(signed_in):
    response = signed_in.post("/api-test/echo", {"wrong": 1}, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "text"


def test_bad_query_parameter_on_a_real_endpoint_is_422(signed_in):
    assert signed_in.get("/api/deputies?limit=0").status_code == 422
    assert signed_in.get("/api/deputies?limit=201").status_code == 422
    assert signed_in.get("/api/deputies?delegation=abc").status_code == 422
    assert signed_in.get("/api/deputies?status=unknown").status_code == 422


def test_unknown_object_on_a_real_endpoint_is_json_404(signed_in):
    response = signed_in.get("/api/deputies/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_json_is_utf8_not_escaped(signed_in):
    response = signed_in.get("/api-test/bare-application-error")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "不能这样做".encode() in response.content
