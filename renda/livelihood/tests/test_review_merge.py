"""Duplicates merged through insight's similar items (§4.1), the council's review of the shortlist and the
delegations' discussion notes (§4.2): services (rules, scope, state, events, bad input changing nothing),
pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from renda.insight import services as insight
from renda.livelihood import selectors, services
from renda.livelihood.models import DelegationNote, Project, ProjectStatus, ShortlistReview
from renda.livelihood.tests import scenario
from tests.factories import DelegationFactory, HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db
JSON = "application/json"

LIFT = "老旧小区加装电梯，方便老人上下楼"


@pytest.fixture(autouse=True)
def _fresh_index():
    insight.index_reset()
    yield
    insight.index_reset()


@pytest.fixture
def staff():
    return user_with_role(Role.STAFF, username="rm-staff")


@pytest.fixture
def year(staff):
    return scenario.year(staff)


def _pair(year):
    first = scenario.collect("老旧小区加装电梯", description=LIFT, location="城东街道")
    second = scenario.collect("老旧小区电梯加装", description=LIFT + "。", location="城东街道")
    other = scenario.collect("新建社区食堂", description="社区老人吃饭难，建议建设社区食堂")
    return first, second, other


# --- duplicates --------------------------------------------------------------------------------------------


def test_similar_proposals_found_and_merged_with_link_and_tracking(client, staff, year):
    first, second, other = _pair(year)
    similar = selectors.similar_projects(staff, Project.objects.get(pk=second.pk))
    assert [p.pk for p, _s in similar][:1] == [first.pk]  # the duplicate first
    assert second.pk not in [p.pk for p, _s in similar]
    merged = services.project_merge(actor=staff, project_id=second.pk, into_id=first.pk, note="内容相同")
    assert merged.status == ProjectStatus.MERGED and merged.merged_into_id == first.pk
    assert selectors.merged_into_this(Project.objects.get(pk=first.pk)) == [merged]
    event = Event.objects.get(action="livelihood_merge")
    assert event.changes["into"] == first.pk and event.changes["into_code"] == first.code
    # out of the similar items: the merged one is no longer offered
    assert second.pk not in [
        p.pk for p, _s in selectors.similar_projects(staff, Project.objects.get(pk=other.pk))
    ]
    # the proposer is told on the tracking page, without anything personal
    page = client.get(reverse("livelihood:track"), {"code": second.code}).content.decode()
    assert 'data-testid="track-merged"' in page and first.code in page and first.title in page
    # the staff see the link both ways
    client.force_login(staff)
    detail = client.get(reverse("livelihood:detail", args=[first.pk])).content.decode()
    assert 'data-testid="merged-here"' in detail and second.code in detail


def test_merge_offered_on_the_page_with_the_similar_ones(client, staff, year):
    first, second, _other = _pair(year)
    client.force_login(staff)
    page = client.get(reverse("livelihood:detail", args=[second.pk])).content.decode()
    assert 'data-testid="similar-item"' in page and first.code in page
    response = client.post(
        reverse("livelihood:action", args=[second.pk, "merge"]), {"merge-into_id": first.pk, "merge-note": ""}
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=second.pk).status == ProjectStatus.MERGED


@pytest.mark.parametrize("case", ["self", "rejected", "other_year", "merged_again", "deputy", "handler"])
def test_merge_refused_changes_nothing(staff, year, case):
    first, second, other = _pair(year)
    into, actor, error = first.pk, staff, ApplicationError
    if case == "self":
        into = second.pk
    elif case == "rejected":
        into = services.project_reject(actor=staff, project_id=first.pk, reason="office").pk
    elif case == "other_year":
        services.year_save(actor=staff, year=scenario.YEAR + 1, places=2, candidates=4)
        into = services.project_collect(actor=None, year=scenario.YEAR + 1, title="t", description=LIFT).pk
    elif case == "merged_again":
        services.project_merge(actor=staff, project_id=second.pk, into_id=first.pk)
        into, second = second.pk, other  # into one already merged
    elif case == "deputy":
        actor, error = user_with_role(Role.DEPUTY, username="rm-dep"), (PermissionDenied, NotFound)
    else:
        actor = user_with_role(Role.UNIT_HANDLER, username="rm-h", unit=HandlingUnitFactory())
        error = (PermissionDenied, NotFound)
    before = Project.objects.get(pk=second.pk).status
    events = Event.objects.filter(action="livelihood_merge").count()
    with pytest.raises(error):
        services.project_merge(actor=actor, project_id=second.pk, into_id=into)
    assert Project.objects.get(pk=second.pk).status == before
    assert Event.objects.filter(action="livelihood_merge").count() == events


def test_the_seam_feeds_an_opinion_with_its_origin_for_staff_only(staff, year):
    fed = services.project_collect(
        actor=staff,
        year=scenario.YEAR,
        title="路灯不亮",
        description="夜间出行",
        source="public",
        origin="opinions:12",
    )
    assert fed.origin == "opinions:12" and fed.status == ProjectStatus.COLLECTED
    assert (
        Event.objects.get(action="livelihood_collect", object_id=str(fed.pk)).changes["origin"]
        == "opinions:12"
    )
    with pytest.raises(PermissionDenied):
        services.project_collect(
            actor=None, year=scenario.YEAR, title="x", description="y", origin="opinions:1"
        )


# --- the council's review of the shortlist ------------------------------------------------------------------


def test_council_review_records_every_candidate(client, staff, year):
    unit = HandlingUnitFactory()
    candidates = [scenario.shortlisted(staff, unit, f"候选{i}") for i in range(3)]
    day = timezone.localdate()
    review = services.shortlist_review(
        actor=staff, year_id=year.pk, body="council", meeting_date=day, outcome="agreed"
    )
    assert [c[0] for c in review.candidates] == sorted(p.pk for p in candidates)
    assert Event.objects.get(action="livelihood_review").changes["projects"] == sorted(
        p.pk for p in candidates
    )
    client.force_login(user_with_role(Role.DEPUTY, username="rm-reader"))
    page = client.get(reverse("livelihood:review", args=[scenario.YEAR]))
    assert page.status_code == 200 and 'data-testid="review-row"' in page.content.decode()
    assert 'data-testid="review-form"' not in page.content.decode()  # deputies read, never record
    assert client.post(reverse("livelihood:review", args=[scenario.YEAR]), {}).status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"meeting_date": "tomorrow"}, "meeting_date"),
        ({"outcome": "amend", "opinion": ""}, "opinion"),
        ({"body": "mayor"}, "body"),
        ({"outcome": "maybe"}, "outcome"),
    ],
)
def test_council_review_bad_input_names_the_field_and_changes_nothing(staff, year, data, field):
    scenario.shortlisted(staff, HandlingUnitFactory())
    args = {
        "body": "standing",
        "meeting_date": timezone.localdate(),
        "outcome": "agreed",
        "opinion": "",
        **data,
    }
    if args["meeting_date"] == "tomorrow":
        args["meeting_date"] = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ApplicationError) as exc:
        services.shortlist_review(actor=staff, year_id=year.pk, **args)
    assert exc.value.field == field
    assert (
        not ShortlistReview.objects.exists() and not Event.objects.filter(action="livelihood_review").exists()
    )


def test_council_review_refused_without_candidates_or_to_others(staff, year):
    today = timezone.localdate()
    with pytest.raises(ApplicationError) as exc:
        services.shortlist_review(
            actor=staff, year_id=year.pk, body="council", meeting_date=today, outcome="agreed"
        )
    assert exc.value.status == 409
    scenario.shortlisted(staff, HandlingUnitFactory())
    for role in (Role.DEPUTY, Role.UNIT_LEADER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            services.shortlist_review(actor=user_with_role(role, username=f"rm-{role}"), year_id=year.pk,
                                      body="council", meeting_date=today, outcome="agreed")  # fmt: skip
    assert not ShortlistReview.objects.exists()


# --- the delegations' discussion notes ----------------------------------------------------------------------


def test_delegation_notes_on_a_candidate(client, staff, year):
    candidate = scenario.shortlisted(staff, HandlingUnitFactory())
    delegation = DelegationFactory(name="城东区代表团")
    services.delegation_note_add(
        actor=staff, project_id=candidate.pk, delegation_id=delegation.pk, text="建议优先老旧小区"
    )
    assert Event.objects.filter(action="livelihood_discuss", object_id=str(candidate.pk)).count() == 1
    client.force_login(user_with_role(Role.DEPUTY, username="rm-dep2"))
    page = client.get(reverse("livelihood:detail", args=[candidate.pk])).content.decode()
    assert "城东区代表团" in page and "建议优先老旧小区" in page
    with pytest.raises(PermissionDenied):
        deputy = user_with_role(Role.DEPUTY, username="rm-dep3")
        services.delegation_note_add(
            actor=deputy, project_id=candidate.pk, delegation_id=delegation.pk, text="x"
        )
    with pytest.raises(ApplicationError) as exc:
        services.delegation_note_add(
            actor=staff, project_id=candidate.pk, delegation_id=delegation.pk, text=" "
        )
    assert exc.value.field == "text"
    collected = scenario.collect("未列入候选")
    with pytest.raises(ApplicationError) as exc:
        services.delegation_note_add(
            actor=staff, project_id=collected.pk, delegation_id=delegation.pk, text="x"
        )
    assert exc.value.status == 409
    assert DelegationNote.objects.count() == 1


# --- the API ---------------------------------------------------------------------------------------------


def test_api_merge_review_and_notes(client, staff, year):
    first, second, _other = _pair(year)
    client.force_login(staff)
    merged = client.post(
        f"/api/livelihood/projects/{second.pk}/merge", {"into_id": first.pk}, content_type=JSON
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["status"] == "merged"
    candidate = scenario.shortlisted(staff, HandlingUnitFactory())
    delegation = DelegationFactory()
    note = client.post(
        f"/api/livelihood/projects/{candidate.pk}/delegation-notes",
        {"delegation_id": delegation.pk, "text": "同意"},
        content_type=JSON,
    )
    assert note.status_code == 201 and note.json()["delegation"] == delegation.name
    body = {"body": "council", "meeting_date": timezone.localdate().isoformat(), "outcome": "agreed"}
    created = client.post(f"/api/livelihood/years/{scenario.YEAR}/reviews", body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert [c[0] for c in created.json()["candidates"]] == [candidate.pk]
    assert len(client.get(f"/api/livelihood/years/{scenario.YEAR}/reviews").json()) == 1
    client.force_login(user_with_role(Role.DEPUTY, username="rm-api-dep"))
    again = client.post(f"/api/livelihood/years/{scenario.YEAR}/reviews", body, content_type=JSON)
    assert again.status_code == 403
    assert ShortlistReview.objects.count() == 1
