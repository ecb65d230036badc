"""Reads of deputies: the shared filters keep working, counts, memberships, the public read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from renda.deputies import selectors
from renda.deputies.models import Deputy
from tests.factories import (
    CommitteeMemberFactory,
    DelegationFactory,
    DeputyFactory,
    LiaisonStationFactory,
    StandingCommitteeMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_filters_are_the_shared_names():
    assert selectors.FILTERS == ("q", "delegation", "status", "gender", "party", "occupation", "station")


def test_deputy_list_applies_every_filter(role_users):
    staff = role_users["staff"]
    delegation = DelegationFactory(name="筛选团")
    station = LiaisonStationFactory()
    target = DeputyFactory(
        name="筛选目标",
        delegation=delegation,
        gender="M",
        party="js",
        occupation="farmer",
        workplace="某农场",
    )
    target.stations.add(station)
    DeputyFactory(name="干扰项", delegation=delegation)
    params = {
        "q": "筛选",
        "delegation": str(delegation.pk),
        "status": "active",
        "gender": "M",
        "party": "js",
        "occupation": "farmer",
        "station": str(station.pk),
    }
    assert list(selectors.deputy_list(user=staff, params=params)) == [target]
    assert list(selectors.deputy_list(user=staff, params={"q": target.card_number})) == [target]
    assert list(selectors.deputy_list(user=staff, params={"q": "农场"})) == [target]


def test_status_counts(role_users):
    DeputyFactory.create_batch(2)
    DeputyFactory(status="suspended", status_date=dt.date(2024, 1, 1))
    counts = selectors.deputy_status_counts(selectors.deputy_list(user=role_users["staff"]))
    assert counts == {"active": 3, "suspended": 1}  # 3 = 2 + the fixture's deputy


def test_status_counts_do_not_double_count_station_joins(role_users):
    keeper = role_users["station_keeper"]
    own = keeper.kept_stations.get()
    second = LiaisonStationFactory(keeper=keeper)
    deputy = DeputyFactory()
    deputy.stations.add(own, second)
    qs = selectors.deputy_list(user=keeper)
    assert list(qs) == [deputy]
    assert selectors.deputy_status_counts(qs) == {"active": 1}


def test_station_choices_are_scoped(role_users):
    other = LiaisonStationFactory(name="别人的站")
    keeper_choices = dict(selectors.station_choices(role_users["station_keeper"]))
    assert str(other.pk) not in keeper_choices and len(keeper_choices) == 1
    assert str(other.pk) in dict(selectors.station_choices(role_users["staff"]))


def test_deputy_for_view_is_scoped(role_users):
    other = DeputyFactory()
    assert selectors.deputy_for_view(user=role_users["auditor"], pk=other.pk) == other
    with pytest.raises(Http404):
        selectors.deputy_for_view(user=role_users["deputy"], pk=other.pk)


def test_memberships_and_public_read():
    deputy = DeputyFactory()
    StandingCommitteeMemberFactory(deputy=deputy, position="chair")
    CommitteeMemberFactory(deputy=deputy)
    m = selectors.deputy_memberships(deputy)
    assert [x.position for x in m["standing_committee"]] == ["chair"] and len(m["committees"]) == 1
    public = selectors.deputy_public(pk=deputy.pk)
    deferred = public.get_deferred_fields()
    assert {"id_number", "phone", "birth_date", "card_number"} <= deferred
    assert isinstance(public, Deputy)
