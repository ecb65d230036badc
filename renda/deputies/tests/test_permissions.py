"""Who opens which deputy page: every role and anonymous, asserted (tests.matrix.check_matrix)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.deputies.models import Deputy, DeputyStatusChange
from tests.factories import DeputyFactory
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def station_deputy(role_users):
    """A deputy of the station kept by the station keeper."""
    deputy = DeputyFactory(name="站内代表")
    deputy.stations.add(role_users["station_keeper"].kept_stations.get())
    return deputy


def test_deputy_list_matrix(client, role_users):
    expect = {
        "staff": 200,
        "admin": 200,
        "leader": 200,
        "auditor": 200,
        "station_keeper": 200,
        "deputy": 403,
        "unit_handler": 403,
        "unit_leader": 403,
        "anonymous": 302,
    }
    check_matrix(client, role_users, reverse("deputies:list"), expect)


def test_deputy_detail_of_another_deputy(client, role_users):
    other = DeputyFactory(name="他人代表")
    expect = {
        "staff": 200,
        "admin": 200,
        "leader": 200,
        "auditor": 200,
        "station_keeper": 404,  # not a deputy of the keeper's station
        "deputy": 404,  # another deputy's record does not exist for a deputy
        "unit_handler": 403,
        "unit_leader": 403,
        "anonymous": 302,
    }
    check_matrix(client, role_users, reverse("deputies:detail", args=[other.pk]), expect)


def test_deputy_detail_of_own_record_and_own_station(client, role_users, station_deputy):
    own = Deputy.objects.get(user=role_users["deputy"])
    client.force_login(role_users["deputy"])
    assert client.get(reverse("deputies:detail", args=[own.pk])).status_code == 200
    client.force_login(role_users["station_keeper"])
    assert client.get(reverse("deputies:detail", args=[station_deputy.pk])).status_code == 200
    assert client.get(reverse("deputies:detail", args=[own.pk])).status_code == 404


def test_station_keeper_lists_only_own_station(client, role_users, station_deputy):
    DeputyFactory(name="站外代表")
    client.force_login(role_users["station_keeper"])
    body = client.get(reverse("deputies:list")).content.decode()
    assert "站内代表" in body
    assert "站外代表" not in body
    assert "deputy-user代表" not in body


def test_public_profile_matrix(client, role_users):
    deputy = DeputyFactory(status="terminated", status_date=dt.date(2024, 1, 1), status_reason="moved")
    expect = dict.fromkeys([*role_users, "anonymous"], 200)
    check_matrix(client, role_users, reverse("deputies:profile", args=[deputy.pk]), expect)


def test_profile_of_missing_deputy_is_404(client, db):
    assert client.get(reverse("deputies:profile", args=[999999])).status_code == 404


def _status_post():
    return {"action": "status", "to_status": "suspended", "effective_date": "2024-03-01", "note": "测试"}


def test_status_change_post_matrix(client, role_users):
    targets: dict[str, Deputy] = {}

    def url(role):
        targets[role] = DeputyFactory(name=f"目标{role}")
        return reverse("deputies:detail", args=[targets[role].pk])

    expect = {
        "staff": 302,
        "admin": 302,
        "leader": 403,
        "auditor": 403,
        "station_keeper": 404,
        "deputy": 404,
        "unit_handler": 403,
        "unit_leader": 403,
        "anonymous": 302,
    }
    check_matrix(client, role_users, url, expect, method="post", data=_status_post())
    for role, deputy in targets.items():
        deputy.refresh_from_db()
        changed = role in ("staff", "admin")
        assert (deputy.status == "suspended") is changed, role
        assert DeputyStatusChange.objects.filter(deputy=deputy).exists() is changed, role


def test_anonymous_status_post_goes_to_login(client, db):
    deputy = DeputyFactory()
    response = client.post(reverse("deputies:detail", args=[deputy.pk]), _status_post())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    deputy.refresh_from_db()
    assert deputy.status == "active"


def test_own_record_and_own_station_cannot_change_status(client, role_users, station_deputy):
    own = Deputy.objects.get(user=role_users["deputy"])
    client.force_login(role_users["deputy"])
    assert client.post(reverse("deputies:detail", args=[own.pk]), _status_post()).status_code == 403
    client.force_login(role_users["station_keeper"])
    assert (
        client.post(reverse("deputies:detail", args=[station_deputy.pk]), _status_post()).status_code == 403
    )
    for d in (own, station_deputy):
        d.refresh_from_db()
        assert d.status == "active"
    assert not DeputyStatusChange.objects.exists()


def test_edit_post_refused_to_readers(client, role_users):
    deputy = DeputyFactory(name="原名")
    for role in ("leader", "auditor"):
        client.force_login(role_users[role])
        response = client.post(
            reverse("deputies:detail", args=[deputy.pk]), {"action": "update", "name": "新名"}
        )
        assert response.status_code == 403
    deputy.refresh_from_db()
    assert deputy.name == "原名"
