"""The services of citizens' opinions: each path from recording to the citizen's rating, the links to a
deputy's suggestion and to livelihood's collection, bad input changing nothing, require before the lock."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event, Notification
from renda.livelihood.models import Project
from renda.opinions import rules, services
from renda.opinions.models import Opinion, OpinionRating
from renda.opinions.tests import scenario
from renda.proposals.models import Proposal
from renda.proposals.selectors.item import timeline as proposal_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world()


def test_keeper_records_at_own_station_with_a_tracking_code(w):
    o = scenario.record(w)
    assert o.status == "received" and o.channel == "station" and o.station_id == w.station.pk
    assert rules.normalize_code(o.code) == o.code and o.recorded_by_id == w.keeper.pk
    assert Event.objects.filter(action="opinion_record", object_id=str(o.pk)).count() == 1


def test_keeper_cannot_record_at_another_station(w):
    from tests.factories import LiaisonStationFactory

    other = LiaisonStationFactory()
    o = scenario.record(w, station_id=other.pk)
    assert o.station_id == w.station.pk  # a keeper records at the own station only


def test_deputy_records_as_deputy_and_citizen_online(w):
    o = services.opinion_record(actor=w.deputy_user, title="公交线路", content="建议增开班次")
    assert o.channel == "deputy" and o.deputy_id == w.deputy.pk
    online = services.opinion_record(actor=None, title="噪音", content="夜间施工", deputy_id=w.deputy.pk)
    assert online.channel == "online" and online.deputy_id is None and online.recorded_by_id is None
    with pytest.raises(PermissionDenied):
        services.opinion_record(actor=None, channel="station", title="x", content="y")


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("title", {"title": " "}),
        ("content", {"content": ""}),
        ("title", {"title": "长" * 201}),
        ("citizen_phone", {"citizen_phone": "电话号码"}),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(w, field, data):
    with pytest.raises(ApplicationError) as exc:
        scenario.record(w, **data)
    assert exc.value.field == field
    assert not Opinion.objects.exists()


def test_forward_sets_the_due_date_and_the_unit_replies(w, django_capture_on_commit_callbacks):
    o = scenario.record(w)
    with spine.trace() as calls, django_capture_on_commit_callbacks(execute=True):
        o = services.opinion_forward(actor=w.keeper, opinion_id=o.pk, unit_id=w.unit.pk, days=10)
    assert calls[0][0] == "require" and calls[1][0] == "lock"
    assert o.status == "forwarded" and o.route == "department"
    assert o.due_on == timezone.localdate() + datetime.timedelta(days=10)
    handler = w.users["unit_handler"]
    assert Notification.objects.filter(user=handler).exists()
    o = services.opinion_reply(actor=handler, opinion_id=o.pk, text="已安排维修")
    assert o.status == "replied" and o.reply == "已安排维修"
    with django_capture_on_commit_callbacks(execute=True):
        o = services.opinion_feedback(actor=w.keeper, opinion_id=o.pk, text="已电话告知群众")
    assert o.status == "closed" and o.closed_on == timezone.localdate()
    assert Notification.objects.filter(user=w.deputy_user).exists()  # the deputy hears the feedback


@pytest.mark.parametrize("days", [0, 61])
def test_a_period_beyond_the_law_is_refused(w, days):
    o = scenario.record(w)
    with pytest.raises(ApplicationError) as exc:
        services.opinion_forward(actor=w.staff, opinion_id=o.pk, unit_id=w.unit.pk, days=days)
    assert exc.value.field == "days"
    assert Opinion.objects.get(pk=o.pk).status == "received"


def test_street_forwards_what_is_not_its_own(w):
    o = scenario.in_state(w, "street")
    assert o.route == "street"
    with pytest.raises(ApplicationError) as exc:  # to itself
        services.opinion_forward(actor=w.users["unit_handler"], opinion_id=o.pk, unit_id=w.unit.pk)
    assert exc.value.field == "unit_id"
    o = services.opinion_forward(actor=w.users["unit_handler"], opinion_id=o.pk, unit_id=w.other_unit.pk)
    assert o.status == "forwarded" and o.unit_id == w.other_unit.pk


def test_convert_makes_the_deputys_suggestion_linked_both_ways(w):
    o = scenario.record(w)
    o = services.opinion_convert(actor=w.deputy_user, opinion_id=o.pk)
    p = Proposal.objects.get(pk=o.proposal_id)
    assert o.status == "converted" and p.lead_deputy_id == w.deputy.pk and p.kind == "suggestion"
    assert p.source_opinion == o and o.code in p.cause
    entries = proposal_timeline(p)
    assert any(e["action"] == "opinion_became_suggestion" and o.code in e["comment"] for e in entries)


def test_convert_needs_a_deputy(w):
    o = services.opinion_record(actor=None, title="网上", content="内容")
    with pytest.raises(ApplicationError):
        services.opinion_convert(actor=w.staff, opinion_id=o.pk)
    assert Opinion.objects.get(pk=o.pk).status == "received" and not Proposal.objects.exists()


def test_feed_collects_a_livelihood_proposal_with_the_citizen_as_proposer(w):
    o = services.opinion_feed(actor=w.staff, opinion_id=scenario.record(w).pk)
    project = Project.objects.get(pk=o.project_id)
    assert o.status == "fed" and project.source_opinion == o
    assert project.status == "collected" and project.proposer_phone == "13912345678"
    assert project.origin == f"opinions:{o.pk}"  # the record it came from, on the livelihood side


def test_feed_without_a_year_changes_nothing(w):
    o = scenario.record(w)
    with pytest.raises(ApplicationError) as exc:
        services.opinion_feed(actor=w.staff, opinion_id=o.pk, year=2099)
    assert exc.value.field == "year"
    assert Opinion.objects.get(pk=o.pk).status == "received" and not Project.objects.exists()


def test_citizen_rates_once_after_the_feedback(w):
    o = scenario.record(w)
    with pytest.raises(ApplicationError) as exc:
        services.opinion_rate(code=o.code, rating="satisfied")
    assert exc.value.code == "not_open"
    o = services.opinion_answer(actor=w.keeper, opinion_id=o.pk, answer="当场答复")
    with pytest.raises(ApplicationError) as exc:
        services.opinion_rate(code=o.code, rating="great")
    assert exc.value.field == "rating"
    services.opinion_rate(code=o.code.lower(), rating="basic", comment="还行")
    with pytest.raises(ApplicationError) as exc:
        services.opinion_rate(code=o.code, rating="satisfied")
    assert exc.value.code == "already_rated"
    assert OpinionRating.objects.get().rating == "basic"
    with pytest.raises(NotFound):
        services.opinion_rate(code="SQ2027-22222222", rating="basic")


def test_a_unit_elsewhere_cannot_reply(w):
    o = scenario.in_state(w, "forwarded")
    from tests.factories import user_with_role

    stranger = user_with_role("unit_handler", username="stranger")
    with pytest.raises(NotFound):
        services.opinion_reply(actor=stranger, opinion_id=o.pk, text="x")
    assert Opinion.objects.get(pk=o.pk).reply == ""
