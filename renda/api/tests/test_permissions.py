"""Every role (and anonymous) against every endpoint: the same rules as the pages."""

import pytest

from renda.core.roles import Role
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db

READ_ALL = {Role.STAFF: 200, Role.ADMIN: 200, Role.LEADER: 200, Role.AUDITOR: 200}
SIGNED_IN = {role.value: 200 for role in Role}


def test_deputy_list(client, role_users, roster):
    expect = {
        **READ_ALL,
        Role.STATION_KEEPER: 200,
        Role.DEPUTY: 200,
        Role.UNIT_HANDLER: 403,
        Role.UNIT_LEADER: 403,
        "anonymous": 401,
    }
    check_matrix(client, role_users, "/api/deputies", expect)


def test_deputy_list_holds_exactly_the_scope(client, role_users, roster):
    everyone = {roster["own"].pk, roster["on_station"].pk, roster["other"].pk}
    expected = {
        Role.STAFF: everyone,
        Role.ADMIN: everyone,
        Role.LEADER: everyone,
        Role.AUDITOR: everyone,
        Role.STATION_KEEPER: {roster["on_station"].pk},
        Role.DEPUTY: {roster["own"].pk},
    }
    for role, ids in expected.items():
        client.force_login(role_users[role])
        body = client.get("/api/deputies?limit=200").json()
        assert {d["id"] for d in body["items"]} == ids, role
        assert body["count"] == len(ids), role
        client.logout()


def test_deputy_list_403_is_json(client, role_users, roster):
    client.force_login(role_users[Role.UNIT_HANDLER])
    for url in ("/api/deputies", f"/api/deputies/{roster['own'].pk}", "/api/deputies/999999"):
        response = client.get(url)
        assert response.status_code == 403, (
            url
        )  # as the roster and detail pages: the role never reads deputies
        assert response.json()["code"] == "forbidden"


def test_deputy_detail_own_record(client, role_users, roster):
    expect = {
        **READ_ALL,
        Role.DEPUTY: 200,
        Role.STATION_KEEPER: 404,
        Role.UNIT_HANDLER: 403,
        Role.UNIT_LEADER: 403,
        "anonymous": 401,
    }
    check_matrix(client, role_users, f"/api/deputies/{roster['own'].pk}", expect)


def test_deputy_detail_other_record(client, role_users, roster):
    expect = {
        **READ_ALL,
        Role.DEPUTY: 404,
        Role.STATION_KEEPER: 404,
        Role.UNIT_HANDLER: 403,
        Role.UNIT_LEADER: 403,
        "anonymous": 401,
    }
    check_matrix(client, role_users, f"/api/deputies/{roster['other'].pk}", expect)


def test_deputy_detail_on_keepers_station(client, role_users, roster):
    expect = {
        **READ_ALL,
        Role.DEPUTY: 404,
        Role.STATION_KEEPER: 200,
        Role.UNIT_HANDLER: 403,
        Role.UNIT_LEADER: 403,
        "anonymous": 401,
    }
    check_matrix(client, role_users, f"/api/deputies/{roster['on_station'].pk}", expect)


def test_units(client, role_users):
    unit = role_users[Role.UNIT_HANDLER].roles.get().unit
    check_matrix(client, role_users, "/api/units", {**SIGNED_IN, "anonymous": 401})
    check_matrix(client, role_users, f"/api/units/{unit.pk}", {**SIGNED_IN, "anonymous": 401})
    check_matrix(client, role_users, "/api/units/999999", {**{r: 404 for r in SIGNED_IN}, "anonymous": 401})


def test_delegations(client, role_users, roster):
    delegation = roster["own"].delegation
    check_matrix(client, role_users, "/api/delegations", {**SIGNED_IN, "anonymous": 401})
    check_matrix(client, role_users, f"/api/delegations/{delegation.pk}", {**SIGNED_IN, "anonymous": 401})
    check_matrix(
        client, role_users, "/api/delegations/999999", {**{r: 404 for r in SIGNED_IN}, "anonymous": 401}
    )


def test_me(client, role_users):
    check_matrix(client, role_users, "/api/me", {**SIGNED_IN, "anonymous": 401})


def test_token_gets_the_same_scope_as_the_session(client, role_users, roster, token_for):
    urls = ["/api/deputies", *(f"/api/deputies/{d.pk}" for d in roster.values() if hasattr(d, "card_number"))]
    for role in (Role.DEPUTY, Role.STATION_KEEPER, Role.UNIT_LEADER, Role.LEADER):
        headers = {"Authorization": f"Bearer {token_for(role_users[role])}"}
        for url in urls:
            client.force_login(role_users[role])
            by_session = client.get(url)
            client.logout()
            by_token = client.get(url, headers=headers)
            assert by_token.status_code == by_session.status_code, (role, url)
            assert by_token.json() == by_session.json(), (role, url)
