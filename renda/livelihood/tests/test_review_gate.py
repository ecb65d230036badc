"""Issue 13, §4.3 before §4.4: the session's vote waits for the council's review of the shortlist (the
workflow guard VOTE_READY names the missing step), and deputies — not only staff — enter their own
delegation's discussion notes. The rule as a law-style table and hypothesis properties; the services, the
page and the API per role."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from renda.core import spine
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from renda.deputies.models import Deputy
from renda.livelihood import rules, services
from renda.livelihood.models import DelegationNote, Project, ProjectPoll, VoteRound
from renda.livelihood.tests import scenario
from renda.livelihood.workflow import VOTE_READY, WORKFLOW
from tests.factories import DelegationFactory, HandlingUnitFactory, user_with_role

JSON = "application/json"
STEP = "须先经主任会议或常委会会议审议"

# --- the rule (pure) ----------------------------------------------------------------------------------------

REVIEW_TABLE = [
    # reviews in the order held (outcome, candidates reviewed)    shortlist now   vote may go on
    ([], {1, 2, 3}, False),  # never reviewed
    ([("agreed", [1, 2, 3])], {1, 2, 3}, True),  # agreed, every candidate
    ([("amend", [1, 2, 3])], {1, 2, 3}, False),  # the council asked for changes
    ([("agreed", [1, 2, 3]), ("amend", [1, 2, 3])], {1, 2, 3}, False),  # the last review decides
    ([("amend", [1, 2, 3]), ("agreed", [1, 2, 4])], {1, 2, 4}, True),  # amended, then agreed
    ([("agreed", [1, 2])], {1, 2, 3}, False),  # 3 shortlisted after the review
    ([("agreed", [1, 2, 3])], {2, 3}, True),  # the revote among the tied: still covered
]


@pytest.mark.parametrize(("reviews", "shortlist", "expected"), REVIEW_TABLE)
def test_review_done_table(reviews, shortlist, expected):
    assert rules.review_done(reviews, shortlist) is expected


outcomes = st.sampled_from(["agreed", "amend"])
ids = st.sets(st.integers(1, 30), max_size=12)


@given(st.lists(st.tuples(outcomes, ids), max_size=5), ids)
def test_review_done_properties(reviews, shortlist):
    done = rules.review_done(reviews, shortlist)
    # only the last review counts: earlier ones never change the answer
    assert done == rules.review_done(reviews[-1:], shortlist)
    if done:  # an agreed review covering the shortlist, and every part of it
        assert reviews[-1][0] == "agreed" and shortlist <= set(reviews[-1][1])
        assert rules.review_done(reviews, set(list(shortlist)[: len(shortlist) // 2]))
    if reviews and reviews[-1][0] == "amend":
        assert not done


def test_the_vote_row_carries_the_guard():
    assert WORKFLOW.guard("record_vote") == VOTE_READY


# --- the services -----------------------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return user_with_role(Role.STAFF, username="rg-staff")


@pytest.fixture
def three(staff):
    scenario.year(staff, places=1, candidates=4)
    unit = HandlingUnitFactory()
    return [scenario.shortlisted(staff, unit, t) for t in "甲乙丙"]


def _record(staff, projects, counts=None):
    counts = counts or [(8, 2, 0), *[(3 - i, 7 + i, 0) for i in range(len(projects) - 1)]]
    return services.vote_record(
        actor=staff,
        year_id=projects[0].year_id,
        total_entitled=10,
        counts={p.pk: c for p, c in zip(projects, counts, strict=False)},
    )


def _refused_naming_the_step(staff, projects) -> None:
    with pytest.raises(ApplicationError) as exc:
        _record(staff, projects)
    assert exc.value.code == "refused" and STEP in exc.value.message
    assert "record_vote" not in spine.available_actions(staff, Project.objects.get(pk=projects[0].pk))
    assert set(Project.objects.values_list("status", flat=True)) == {"shortlisted"}
    assert not VoteRound.objects.exists() and not ProjectPoll.objects.exists()


def test_vote_waits_for_an_agreed_review_of_every_candidate(staff, three):
    _refused_naming_the_step(staff, three)  # not reviewed
    scenario.reviewed(staff, three[0].year_id, outcome="amend")
    _refused_naming_the_step(staff, three)  # the council asked for changes
    scenario.reviewed(staff, three[0].year_id)
    assert "record_vote" in spine.available_actions(staff, Project.objects.get(pk=three[0].pk))
    late = scenario.shortlisted(staff, HandlingUnitFactory(), "丁")  # added after the review
    _refused_naming_the_step(staff, [*three, late])
    scenario.reviewed(staff, three[0].year_id)
    vote = _record(staff, [*three, late], counts=((8, 2, 0), (3, 7, 0), (2, 8, 0), (1, 9, 0)))
    assert vote.number == 1 and Project.objects.get(pk=three[0].pk).status == "selected"


def test_the_revote_among_the_tied_stays_covered_by_the_review(staff, three):
    scenario.reviewed(staff, three[0].year_id)
    _record(staff, three, counts=((7, 3, 0), (7, 3, 0), (2, 8, 0)))  # 甲 and 乙 tied for the one place
    tied = list(Project.objects.filter(revote=True).order_by("pk"))
    assert len(tied) == 2
    _record(staff, tied, counts=((8, 2, 0), (6, 4, 0)))
    assert Project.objects.get(pk=tied[0].pk).status == "selected"


def test_opening_the_engine_vote_waits_for_the_review(staff):
    from renda.voting.tests.engine_setup import build

    s = build(3)
    services.year_save(actor=s.staff, year=scenario.YEAR, places=1, candidates=3)
    unit = HandlingUnitFactory()
    projects = [scenario.shortlisted(s.staff, unit, t) for t in "甲乙"]
    with pytest.raises(ApplicationError) as exc:
        services.vote_open(actor=s.staff, year_id=projects[0].year_id, item_id=s.item.pk)
    assert STEP in exc.value.message and not ProjectPoll.objects.exists()
    scenario.reviewed(s.staff, projects[0].year_id)
    assert services.vote_open(actor=s.staff, year_id=projects[0].year_id, item_id=s.item.pk).poll.pk


# --- the delegations' notes: deputies too ------------------------------------------------------------


def test_a_deputy_enters_the_notes_of_their_own_delegation_only(staff, three):
    user = user_with_role(Role.DEPUTY, username="rg-dep")
    own = Deputy.objects.get(user=user).delegation
    other = DelegationFactory(name="城西区代表团")
    note = services.delegation_note_add(actor=user, project_id=three[0].pk, delegation_id=own.pk, text="赞成")
    assert note.recorded_by == user and note.delegation == own
    assert Event.objects.filter(action="livelihood_discuss", actor=user).count() == 1
    with pytest.raises(PermissionDenied):
        services.delegation_note_add(actor=user, project_id=three[0].pk, delegation_id=other.pk, text="x")
    services.delegation_note_add(actor=staff, project_id=three[0].pk, delegation_id=other.pk, text="记录")
    # a deputy no longer in office enters none
    Deputy.objects.filter(user=user).update(status="resigned", status_date="2027-01-01")
    with pytest.raises(PermissionDenied):
        services.delegation_note_add(actor=user, project_id=three[0].pk, delegation_id=own.pk, text="x")
    assert DelegationNote.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.STAFF, True), (Role.ADMIN, True), (Role.DEPUTY, True), (Role.LEADER, False),
     (Role.AUDITOR, False), (Role.UNIT_HANDLER, False), (Role.UNIT_LEADER, False),
     (Role.STATION_KEEPER, False)],
)  # fmt: skip
def test_notes_per_role_through_the_api(client, staff, three, role, allowed):
    user = user_with_role(role, username=f"rg-{role}")
    deputy = Deputy.objects.filter(user=user).first()
    delegation = deputy.delegation if deputy else DelegationFactory()
    client.force_login(user)
    response = client.post(
        f"/api/livelihood/projects/{three[0].pk}/delegation-notes",
        {"delegation_id": delegation.pk, "text": "同意列入"},
        content_type=JSON,
    )
    assert response.status_code == (201 if allowed else 403), response.content
    assert DelegationNote.objects.count() == (1 if allowed else 0)


def test_the_deputy_sees_the_button_with_only_their_delegation(client, three):
    user = user_with_role(Role.DEPUTY, username="rg-dep-page")
    own = Deputy.objects.get(user=user).delegation
    other = DelegationFactory(name="城西区代表团")
    client.force_login(user)
    url = reverse("livelihood:detail", args=[three[0].pk])
    page = client.get(url).content.decode()
    assert 'data-testid="action-discuss"' in page
    assert f'value="{own.pk}"' in page and "城西区代表团" not in page
    post = reverse("livelihood:action", args=[three[0].pk, "discuss"])
    refused = client.post(post, {"discuss-delegation_id": other.pk, "discuss-text": "x"})
    assert refused.status_code in (302, 400, 403) and not DelegationNote.objects.exists()
    done = client.post(post, {"discuss-delegation_id": own.pk, "discuss-text": "赞成"})
    assert done.status_code == 302 and DelegationNote.objects.get().delegation == own
