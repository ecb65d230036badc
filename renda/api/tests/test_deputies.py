import datetime as dt

import pytest

from renda.core.roles import Role
from renda.deputies.choices import DeputyStatus, Gender, Occupation, Party, TerminationReason
from tests.factories import DelegationFactory, DeputyFactory, LiaisonStationFactory

pytestmark = pytest.mark.django_db

FULL, MASKED = "full", "masked"

# (record, role) → (id_number, phone), per renda.deputies.permissions: personal data is for staff, admin
# and auditors, the deputy's own record, leaders see phones, station keepers the phones of their station.
PERSONAL = {
    ("own", Role.STAFF): (FULL, FULL),
    ("own", Role.ADMIN): (FULL, FULL),
    ("own", Role.AUDITOR): (FULL, FULL),
    ("own", Role.LEADER): (MASKED, FULL),
    ("own", Role.DEPUTY): (FULL, FULL),
    ("on_station", Role.STAFF): (FULL, FULL),
    ("on_station", Role.ADMIN): (FULL, FULL),
    ("on_station", Role.AUDITOR): (FULL, FULL),
    ("on_station", Role.LEADER): (MASKED, FULL),
    ("on_station", Role.STATION_KEEPER): (MASKED, FULL),
    ("other", Role.LEADER): (MASKED, FULL),
}


def masked_id(value: str) -> str:
    return value[:6] + "********" + value[-4:]


def masked_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:]


def test_masks_are_the_pages_masks(client, role_users, roster):
    """The same masked values as the detail page shows (renda.deputies.privacy)."""
    from renda.deputies.privacy import mask_id_number

    deputy = roster["on_station"]
    for role in (Role.LEADER, Role.STATION_KEEPER):
        client.force_login(role_users[role])
        body = client.get(f"/api/deputies/{deputy.pk}").json()
        assert body["id_number"] == mask_id_number(deputy.id_number) == masked_id(deputy.id_number)


@pytest.mark.parametrize(("record", "role"), list(PERSONAL))
def test_personal_data_full_or_masked_per_role(client, role_users, roster, record, role):
    deputy = roster[record]
    client.force_login(role_users[role])
    detail = client.get(f"/api/deputies/{deputy.pk}").json()
    listed = {d["id"]: d for d in client.get("/api/deputies?limit=200").json()["items"]}[deputy.pk]
    id_rule, phone_rule = PERSONAL[(record, role)]
    for body in (detail, listed):
        assert body["id_number"] == (deputy.id_number if id_rule == FULL else masked_id(deputy.id_number))
        assert body["phone"] == (deputy.phone if phone_rule == FULL else masked_phone(deputy.phone))
        if id_rule == MASKED:
            assert deputy.id_number not in str(body)
        if phone_rule == MASKED:
            assert deputy.phone not in str(body)


def test_phone_masked_like_the_pages(client, role_users, roster):
    client.force_login(role_users[Role.STATION_KEEPER])
    body = client.get(f"/api/deputies/{roster['on_station'].pk}").json()
    assert body["id_number"].count("*") == 8
    client.force_login(role_users[Role.LEADER])
    body = client.get(f"/api/deputies/{roster['own'].pk}").json()
    assert body["phone"] == roster["own"].phone  # leaders read phones


def test_empty_phone_is_null(client, role_users):
    deputy = DeputyFactory(phone="")
    client.force_login(role_users[Role.STAFF])
    assert client.get(f"/api/deputies/{deputy.pk}").json()["phone"] is None


def test_deputy_schema(client, role_users):
    delegation = DelegationFactory(name="东城代表团")
    deputy = DeputyFactory(
        delegation=delegation,
        name="王芳",
        gender=Gender.FEMALE,
        ethnicity="回族",
        party=Party.CDL,
        occupation=Occupation.FARMER,
        workplace="江临市东城区某村党支部书记",
        congress_levels=["city", "county"],
        status=DeputyStatus.TERMINATED,
        status_date=dt.date(2024, 3, 1),
        status_reason=TerminationReason.MOVED,
    )
    client.force_login(role_users[Role.STAFF])
    body = client.get(f"/api/deputies/{deputy.pk}").json()
    assert body == {
        "id": deputy.pk,
        "name": "王芳",
        "gender": "F",
        "gender_label": "女",
        "ethnicity": "回族",
        "party": "cdl",
        "party_label": "中国民主同盟",
        "occupation": "farmer",
        "occupation_label": "农民",
        "workplace": "江临市东城区某村党支部书记",
        "delegation": {"id": delegation.pk, "name": "东城代表团"},
        "term_number": 16,
        "card_number": deputy.card_number,
        "status": "terminated",
        "status_label": "资格终止",
        "status_date": "2024-03-01",
        "status_reason": "moved",
        "status_reason_label": "迁出或者调离本行政区域",
        "congress_levels": ["city", "county"],
        "id_number": deputy.id_number,
        "phone": deputy.phone,
    }


def test_pagination(client, role_users):
    delegation = DelegationFactory()
    DeputyFactory.create_batch(25, delegation=delegation)
    client.force_login(role_users[Role.STAFF])
    first = client.get(f"/api/deputies?delegation={delegation.pk}").json()
    assert first["count"] == 25
    assert len(first["items"]) == 20  # default limit
    rest = client.get(f"/api/deputies?delegation={delegation.pk}&offset=20&limit=20").json()
    assert len(rest["items"]) == 5
    ids = [d["id"] for d in first["items"] + rest["items"]]
    assert len(set(ids)) == 25
    # Same order as the roster page: by card number within a delegation.
    cards = [d["card_number"] for d in first["items"] + rest["items"]]
    assert cards == sorted(cards)


@pytest.fixture
def filter_roster(db):
    north, south = DelegationFactory(name="北区代表团"), DelegationFactory(name="南区代表团")
    station = LiaisonStationFactory()
    people = {
        "zhang": DeputyFactory(
            name="张伟", delegation=north, gender=Gender.MALE, party=Party.CPC, occupation=Occupation.WORKER
        ),
        "li": DeputyFactory(
            name="李娜",
            delegation=north,
            gender=Gender.FEMALE,
            party=Party.JS,
            occupation=Occupation.PROFESSIONAL,
            workplace="江临大学教授",
        ),
        "wang": DeputyFactory(
            name="王强",
            delegation=south,
            gender=Gender.MALE,
            party=Party.NONE_PARTY,
            occupation=Occupation.FARMER,
            status=DeputyStatus.TERMINATED,
            status_date=dt.date(2025, 1, 1),
            status_reason=TerminationReason.RESIGNED,
        ),
    }
    people["li"].stations.add(station)
    people["wang"].stations.add(station)
    return {**people, "north": north, "south": south, "station": station}


def test_filters_behave_like_the_roster_page(client, role_users, filter_roster):
    from renda.deputies.selectors import deputy_list

    r = filter_roster
    staff = role_users[Role.STAFF]
    client.force_login(staff)
    cases = {
        "q=张": {"zhang"},
        "q=江临大学": {"li"},
        f"q={r['wang'].card_number}": {"wang"},
        f"delegation={r['north'].pk}": {"zhang", "li"},
        "status=terminated": {"wang"},
        "gender=M": {"zhang", "wang"},
        "party=js": {"li"},
        "occupation=farmer": {"wang"},
        f"station={r['station'].pk}": {"li", "wang"},
        f"station={r['station'].pk}&gender=M": {"wang"},
        f"delegation={r['north'].pk}&gender=F&party=js": {"li"},
        "q=": {"zhang", "li", "wang"},
    }
    mine = {r[k].pk for k in ("zhang", "li", "wang")}
    for query, names in cases.items():
        got = {d["id"] for d in client.get(f"/api/deputies?limit=200&{query}").json()["items"]} & mine
        assert got == {r[n].pk for n in names}, query
        params = dict(p.split("=", 1) for p in query.split("&"))
        page = set(deputy_list(user=staff, params=params).values_list("pk", flat=True)) & mine
        assert got == page, query


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER, Role.AUDITOR, Role.STATION_KEEPER])
def test_list_query_count_does_not_grow_with_page_size(
    client, role_users, role, django_assert_max_num_queries
):
    user = role_users[role]
    station = user.kept_stations.first() if role == Role.STATION_KEEPER else LiaisonStationFactory()
    for deputy in DeputyFactory.create_batch(120):
        deputy.stations.add(station)
    client.force_login(user)
    client.get("/api/deputies?limit=1")  # session and role caches warm the same way for both runs
    # session, user, roles, count, page (+ the keeper's stations once) + the second sign-in step's check (1)
    for limit in (10, 100):
        with django_assert_max_num_queries(7):
            body = client.get(f"/api/deputies?limit={limit}").json()
        assert len(body["items"]) == limit


def test_deputy_with_user_role_sees_only_self_even_with_filters(client, role_users, roster):
    client.force_login(role_users[Role.DEPUTY])
    body = client.get(f"/api/deputies?delegation={roster['own'].delegation_id}").json()
    assert [d["id"] for d in body["items"]] == [roster["own"].pk]
