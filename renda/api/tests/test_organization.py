import datetime as dt

import pytest

from renda.core.roles import Role
from renda.deputies.choices import DeputyStatus, TerminationReason
from renda.organization.choices import UnitKind
from tests.factories import DelegationFactory, DeputyFactory, HandlingUnitFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, role_users):
    client.force_login(role_users[Role.UNIT_HANDLER])  # the directory is for every signed-in user
    return client


@pytest.fixture
def tree(db):
    gov = HandlingUnitFactory(name="江临市人民政府", code="G0", kind=UnitKind.GOVERNMENT, order=1)
    traffic = HandlingUnitFactory(name="江临市交通局", short_name="交通局", code="G01", parent=gov, order=2)
    water = HandlingUnitFactory(name="江临市水利局", code="G02", parent=gov, order=3, is_active=False)
    court = HandlingUnitFactory(name="江临市中级人民法院", code="C0", kind=UnitKind.COURT, order=4)
    return {"gov": gov, "traffic": traffic, "water": water, "court": court}


def ids(response):
    assert response.status_code == 200, response.content
    return {u["id"] for u in response.json()["items"]}


def test_unit_filters(signed_in, tree):
    t = tree
    assert ids(signed_in.get(f"/api/units?parent={t['gov'].pk}")) == {t["traffic"].pk, t["water"].pk}
    assert ids(signed_in.get("/api/units?kind=court")) == {t["court"].pk}
    assert ids(signed_in.get("/api/units?q=交通局")) == {t["traffic"].pk}
    assert ids(signed_in.get("/api/units?q=G0")) >= {t["gov"].pk, t["traffic"].pk, t["water"].pk}
    assert t["water"].pk not in ids(signed_in.get("/api/units?active=true&limit=200"))
    assert ids(signed_in.get("/api/units?active=false")) == {t["water"].pk}
    assert ids(signed_in.get(f"/api/units?parent={t['gov'].pk}&active=true")) == {t["traffic"].pk}
    assert signed_in.get("/api/units?kind=nonsense").status_code == 422


def test_unit_detail_has_parent_and_children(signed_in, tree):
    t = tree
    body = signed_in.get(f"/api/units/{t['gov'].pk}").json()
    assert body["parent_id"] is None
    assert body["children_ids"] == sorted([t["traffic"].pk, t["water"].pk])
    assert body["kind"] == "government"
    assert body["kind_label"] == "政府部门"
    child = signed_in.get(f"/api/units/{t['traffic'].pk}").json()
    assert child["parent_id"] == t["gov"].pk
    assert child["children_ids"] == []
    assert child["short_name"] == "交通局"


def test_unit_list_query_count_is_constant(signed_in, django_assert_max_num_queries):
    HandlingUnitFactory.create_batch(110)
    signed_in.get("/api/units?limit=1")
    for limit in (10, 100):
        with django_assert_max_num_queries(6):  # 5 + the second sign-in step's check of the session
            assert len(signed_in.get(f"/api/units?limit={limit}").json()["items"]) == limit


def test_delegations_with_deputy_counts(signed_in):
    term = TermFactory(number=17, start_date=dt.date(2027, 1, 1), is_current=False)
    east = DelegationFactory(term=term, name="东区代表团")
    west = DelegationFactory(term=term, name="西区代表团")
    DeputyFactory.create_batch(3, delegation=east)
    DeputyFactory(
        delegation=east,
        status=DeputyStatus.TERMINATED,
        status_date=dt.date(2027, 6, 1),
        status_reason=TerminationReason.DIED,
    )
    body = signed_in.get(f"/api/delegations?term={term.pk}").json()
    assert body["count"] == 2
    by_id = {d["id"]: d for d in body["items"]}
    assert by_id[east.pk]["deputy_count"] == 3
    assert by_id[east.pk]["deputy_total"] == 4
    assert by_id[west.pk]["deputy_count"] == 0
    assert by_id[east.pk]["term"] == {"id": term.pk, "number": 17}
    detail = signed_in.get(f"/api/delegations/{east.pk}").json()
    assert detail == by_id[east.pk]


def test_delegation_list_query_count_is_constant(signed_in, django_assert_max_num_queries):
    for delegation in DelegationFactory.create_batch(105):
        DeputyFactory(delegation=delegation)
    signed_in.get("/api/delegations?limit=1")
    for limit in (10, 100):
        with django_assert_max_num_queries(6):  # 5 + the second sign-in step's check of the session
            assert len(signed_in.get(f"/api/delegations?limit={limit}").json()["items"]) == limit


def test_me_shows_roles_units_and_deputy(client, role_users):
    handler = role_users[Role.UNIT_HANDLER]
    client.force_login(handler)
    body = client.get("/api/me").json()
    unit = handler.roles.get().unit
    assert body["roles"] == [
        {"role": "unit_handler", "label": "承办单位经办人", "unit_id": unit.pk, "unit_name": unit.name}
    ]
    assert body["unit_ids"] == [unit.pk]
    assert body["deputy_id"] is None
    deputy_user = role_users[Role.DEPUTY]
    client.force_login(deputy_user)
    body = client.get("/api/me").json()
    assert body["deputy_id"] == deputy_user.deputy.pk
    assert body["roles"][0]["unit_id"] is None
