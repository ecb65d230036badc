import pytest

from renda.accounts.services import api_token_create
from renda.core.roles import Role
from tests.factories import DeputyFactory, LiaisonStationFactory


@pytest.fixture
def staff(role_users):
    return role_users[Role.STAFF]


@pytest.fixture
def token_for():
    """token_for(user) → the raw key of a new token of `user`, made by the accounts service."""

    def make(user, name="集成测试"):
        _token, raw = api_token_create(actor=user, user=user, name=name)
        return raw

    return make


@pytest.fixture
def roster(role_users):
    """Deputies around the role users: the deputy's own record, one on the keeper's station, one other."""
    keeper = role_users[Role.STATION_KEEPER]
    station = keeper.kept_stations.get()
    own = role_users[Role.DEPUTY].deputy
    on_station = DeputyFactory(name="站内代表", delegation=own.delegation, phone="13912345678")
    on_station.stations.add(station)
    other = DeputyFactory(name="其他代表", delegation=own.delegation, phone="13687654321")
    other.stations.add(LiaisonStationFactory())
    return {"own": own, "on_station": on_station, "other": other, "station": station}
