"""Strict input at every endpoint (issue 12, point 6): what the security review found, each as a test.

* an endpoint that takes no body refuses one (a malformed body published a poll);
* a body is an object: JSON `true` is not `{"public": true}`;
* every integer the API takes is bounded in the OpenAPI document (out-of-range ids answered 500);
* every error under /api/ is JSON, with a status the document lists (HTML 404s, undocumented 422s).
"""

import pytest
from django.test import Client

from renda.api.api import api
from renda.core.models import Event
from renda.core.roles import Role
from renda.proposals.models import Proposal
from renda.proposals.tests.engine_setup import make_world, replied
from renda.voting import services as voting_services
from renda.voting.models import Poll
from renda.voting.tests.engine_setup import build

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _unbounded_integers(document, schema, where):
    """Where an integer without both a minimum and a maximum is taken, in `schema` and below."""
    schema = _resolve(document, schema)
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += _unbounded_integers(document, sub, where)
    if schema.get("type") == "integer" and not ("minimum" in schema and "maximum" in schema):
        found.append(where)
    for name, sub in schema.get("properties", {}).items():
        found += _unbounded_integers(document, sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        found += _unbounded_integers(document, schema["items"], f"{where}[]")
    return found


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_integer_taken_is_bounded(document):
    unbounded = []
    for path, method, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            where = f"{method} {path} {parameter['in']}:{parameter['name']}"
            unbounded += _unbounded_integers(document, parameter["schema"], where)
        for content in operation.get("requestBody", {}).get("content", {}).values():
            unbounded += _unbounded_integers(document, content["schema"], f"{method} {path} body")
    assert unbounded == []


def test_every_body_schema_is_an_object(document):
    bodies = [
        (method, path, media, _resolve(document, content["schema"]).get("type"))
        for path, method, operation in _operations(document)
        for media, content in operation.get("requestBody", {}).get("content", {}).items()
    ]
    assert bodies, "no operation takes a body?"
    assert [b for b in bodies if b[3] != "object"] == []


def test_every_operation_documents_its_validation_and_auth_errors(document):
    for path, method, operation in _operations(document):
        codes = {str(code) for code in operation["responses"]}
        assert {"401", "422"} <= codes, (method, path, codes)
        if "{" in path:
            assert "404" in codes, (method, path, codes)


@pytest.fixture
def staff_client(client, role_users):
    client.force_login(role_users[Role.STAFF])
    return client


@pytest.mark.parametrize(
    "path",
    ["/api/deputies/abc", "/api/no-such-thing", "/api/voting/polls/1.5/open", "/api/deputies/-1"],
)
def test_unknown_paths_under_api_answer_json_404(staff_client, path):
    for response in (staff_client.get(path), staff_client.post(path, "{}", content_type="application/json")):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == "not_found"


def test_out_of_range_ids_are_refused_by_the_schema(staff_client):
    """Once 500 (the database refused the number): now 422, before any query."""
    huge = 2**63 + 5
    for path in (
        f"/api/deputies/{huge}",
        f"/api/deputies?delegation={huge}",
        f"/api/deputies?offset={huge}",
        f"/api/voting/polls?session=-{huge}",
        "/api/livelihood/projects?year=99999999999",
    ):
        response = staff_client.get(path)
        assert response.status_code == 422, path
        assert response.json()["detail"], path


def test_a_transition_without_a_body_refuses_one():
    """A malformed body once published a poll: now the step is refused, and nothing happens."""
    s = build(4)
    poll = voting_services.poll_create(
        actor=s.staff, item_id=s.item.pk, kind="motion", title="关于某事的决议"
    )
    from django.test import Client

    client = Client()
    client.force_login(s.staff)
    events = Event.objects.count()
    for body in ('{"status": "published"}', "true", "garbage{"):
        response = client.post(f"/api/voting/polls/{poll.pk}/open", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid"
    poll.refresh_from_db()
    assert poll.status == "draft"
    assert Event.objects.count() == events
    # The same step with what clients send for "no data" (`{}` here; an empty form elsewhere) does it.
    opened = client.post(f"/api/voting/polls/{poll.pk}/open", "{}", content_type="application/json")
    assert opened.status_code == 200, opened.content
    assert Poll.objects.get(pk=poll.pk).status == "open"


def test_a_body_is_an_object_not_a_bare_value():
    """`true` once applied {"public": true}: a body that is not a JSON object is refused (400)."""
    w = make_world(prefix="nb")
    p = replied(w)

    client = Client()
    client.force_login(w.staff)
    for body in ("true", "[]", '"x"', "1"):
        response = client.post(f"/api/proposals/{p.pk}/publish", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid"
        response = client.post("/api/proposals/settings", body, content_type="application/json")
        assert response.status_code == 400, body
    assert Proposal.objects.get(pk=p.pk).is_public is False
    response = client.post(
        f"/api/proposals/{p.pk}/publish", {"public": True}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Proposal.objects.get(pk=p.pk).is_public is True
