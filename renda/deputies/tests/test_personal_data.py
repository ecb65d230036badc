"""Who reads a deputy's ID number and phone in full (renda.deputies.permissions), as a table per role."""

import pytest

from renda.core.roles import Role
from renda.deputies.models import Deputy
from renda.deputies.permissions import PersonalDataViewer, sees_id_number, sees_phone
from tests.factories import DeputyFactory, LiaisonStationFactory

# role → (ID number of: own, on the keeper's station, other), (phone of: own, on station, other)
EXPECTED = {
    Role.STAFF: ((1, 1, 1), (1, 1, 1)),
    Role.ADMIN: ((1, 1, 1), (1, 1, 1)),
    Role.AUDITOR: ((1, 1, 1), (1, 1, 1)),
    Role.LEADER: ((0, 0, 0), (1, 1, 1)),
    Role.DEPUTY: ((1, 0, 0), (1, 0, 0)),
    Role.STATION_KEEPER: ((0, 0, 0), (0, 1, 0)),
    Role.UNIT_HANDLER: ((0, 0, 0), (0, 0, 0)),
    Role.UNIT_LEADER: ((0, 0, 0), (0, 0, 0)),
}


@pytest.fixture
def roster(role_users):
    keeper = role_users[Role.STATION_KEEPER]
    own = role_users[Role.DEPUTY].deputy
    on_station = DeputyFactory(name="站内代表")
    on_station.stations.add(keeper.kept_stations.get())
    other = DeputyFactory(name="其他代表")
    other.stations.add(LiaisonStationFactory())
    return [own, on_station, other]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_personal_data_per_role(role_users, roster, role):
    user = role_users[role]
    ids, phones = EXPECTED[role]
    viewer = PersonalDataViewer(user)
    assert tuple(int(sees_id_number(user, d)) for d in roster) == ids
    assert tuple(int(sees_phone(user, d)) for d in roster) == phones
    assert tuple(int(viewer.sees_id_number(d)) for d in roster) == ids
    assert tuple(int(viewer.sees_phone(d)) for d in roster) == phones


def test_viewer_reads_the_keepers_stations_once(role_users, roster, django_assert_num_queries):
    keeper = role_users[Role.STATION_KEEPER]
    deputies = [*Deputy.objects.restrict(keeper, "list"), *roster]
    viewer = PersonalDataViewer(keeper)
    with django_assert_num_queries(1):
        answers = [viewer.sees_phone(d) for d in deputies]
    assert answers == [True, False, True, False]
