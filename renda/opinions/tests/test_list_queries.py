"""The keeper's list at province scale (issue 14): its page read through core.paging.KeyedPaginator (the
page's keys picked in a subquery) holds the same rows in the same order as Django's Paginator over the same
queryset — on every page, the last, one past it, with many opinions on one day (the order's tie-break by id)
and other stations' opinions between the keeper's — in the same number of queries; and the labels the rows
show (core.choices.choice_display) are Django's own, in both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.paginator import Paginator
from django.db.models import Model
from django.urls import reverse
from django.utils import translation

from renda.core.paging import KeyedPaginator
from renda.opinions import selectors, views
from renda.opinions.models import (
    ActivityKind,
    ActivityStatus,
    Channel,
    DutyActivity,
    Opinion,
    OpinionStatus,
    Route,
)
from renda.opinions.tests import scenario
from renda.organization.models import LiaisonStation

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(monkeypatch):
    """32 opinions, 8 of them at another station,, their days interleaved, 6 on one day; pages of 5."""
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    w = scenario.world("kl")
    other = LiaisonStation.objects.exclude(pk=w.station.pk).first() or LiaisonStation.objects.create(
        name="别的联络站"
    )
    day = dt.date(2025, 3, 1)
    for i in range(32):
        o = scenario.record(w, title=f"意见{i:02d}")
        station = other if i % 4 == 3 else w.station
        received = day if i % 5 == 0 else day + dt.timedelta(days=(i * 7) % 19)
        Opinion.objects.filter(pk=o.pk).update(station=station, received_on=received)
    return w


def _titles(page) -> list[str]:
    return re.findall(r'<a href="/opinions/\d+/">([^<]+)</a>', page)


def test_every_page_holds_what_paginator_gives(many):
    qs = selectors.opinion_list(many.keeper)
    n = qs.count()
    assert 21 <= n < 32  # several pages, not every station's opinions
    plain, keyed = Paginator(qs, 5), KeyedPaginator(qs, 5)
    assert (keyed.count, keyed.num_pages) == (plain.count, plain.num_pages) == (n, 5)
    for number in ["1", "2", "3", "4", "5", "6", "x"]:
        want, got = plain.get_page(number), keyed.get_page(number)
        assert got.number == want.number
        assert [o.pk for o in got] == [o.pk for o in want]
        shown = [(o.station.name, o.unit_id, o.received_on) for o in want]
        assert [(o.station.name, o.unit_id, o.received_on) for o in got] == shown
    assert len(keyed.get_page(5)) == n - 20


def test_a_filtered_list_keeps_its_filter(many):
    qs = selectors.opinion_list(many.keeper, status=[OpinionStatus.RECEIVED], q="意见1")
    want = [o.pk for o in Paginator(qs, 5).get_page(2)]
    assert want and [o.pk for o in KeyedPaginator(qs, 5).get_page(2)] == want


def test_the_list_pages_in_no_more_than_the_former_number_of_queries(client, many, django_assert_num_queries):
    """Session, user (with whether it has an authenticator: accounts.backends; one query of its own before),
    roles, the kept stations, the count, the page, unread notices."""
    client.force_login(many.keeper)
    expected = [o.title for o in Paginator(selectors.opinion_list(many.keeper), 5).get_page(2)]
    client.get(reverse("opinions:list"))  # content types and the like, read once per process
    with django_assert_num_queries(7):
        page = client.get(reverse("opinions:list") + "?page=2").content.decode()
    assert _titles(page) == expected and "2 / 5" in page


@pytest.mark.parametrize("role", ["staff", "station_keeper", "deputy", "unit_handler", "leader", "auditor"])
def test_each_roles_list_is_paginators(client, many, role):
    """Each scope (its stations, its deputy, its unit, every record) pages as Paginator does."""
    user = many.users[role]
    client.force_login(user)
    want = [o.title for o in Paginator(selectors.opinion_list(user), 5).get_page(2)]
    response = client.get(reverse("opinions:list") + "?page=2")
    assert response.status_code == 200 and _titles(response.content.decode()) == want


def test_a_distinct_queryset_pages_as_paginators(many):
    """DISTINCT with an order on other columns: the keys' subquery still selects the keys alone."""
    qs = selectors.opinion_list(many.keeper).distinct()
    want = [o.pk for o in Paginator(qs, 5).get_page(3)]
    assert want and [o.pk for o in KeyedPaginator(qs, 5).get_page(3)] == want


@pytest.mark.parametrize(
    ("model", "field", "values"),
    [
        (Opinion, "status", [*OpinionStatus.values, "unknown"]),
        (Opinion, "route", [*Route.values, ""]),
        (Opinion, "channel", Channel.values),
        (DutyActivity, "kind", ActivityKind.values),
        (DutyActivity, "status", ActivityStatus.values),
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_labels_are_djangos(model: type[Model], field: str, values: list[str], language: str):
    with translation.override(language):
        for value in values:
            row = model(**{field: value})
            ours = getattr(row, f"get_{field}_display")()
            djangos = Model._get_FIELD_display(row, model._meta.get_field(field))  # type: ignore[attr-defined]
            assert ours == djangos
            assert isinstance(ours, str)
