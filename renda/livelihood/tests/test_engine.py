"""The session's project vote and the year-end evaluation through the voting engine (§4.4, §4.6): one secret
ballot covering every candidate, cast on the deputies' phones (voting's ballot_cast) or on paper (voting's
double entry); closing the poll writes the result to the projects through the livelihood services."""

from __future__ import annotations

import pytest

from renda.core import spine
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from renda.livelihood import services
from renda.livelihood.models import Project, ProjectPoll, VoteRound
from renda.livelihood.tests import scenario
from renda.voting import selectors as voting_selectors
from renda.voting import services as voting
from renda.voting.models import Ballot, Poll, VoterMark
from renda.voting.tests.engine_setup import build
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def setup_year(n=10, *, places=2, candidates=4, titles="甲乙丙", mode="approve"):
    s = build(n)
    services.year_save(
        actor=s.staff, year=scenario.YEAR, places=places, candidates=candidates, vote_mode=mode
    )
    unit = HandlingUnitFactory()
    projects = [scenario.shortlisted(s.staff, unit, t) for t in titles]
    scenario.reviewed(s.staff, projects[0].year_id)
    return s, projects


def cast(s, i, poll, marks):
    return voting.ballot_cast(
        actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload={"options": marks}
    )


def reload(projects):
    return [Project.objects.get(pk=p.pk) for p in projects]


def test_vote_through_the_engine_selects_and_ranks():
    s, (a, b, c) = setup_year(10)
    link = services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk)
    poll = link.poll
    assert (poll.kind, poll.status, poll.secret, poll.seats, poll.max_choices) == (
        "list",
        "open",
        True,
        2,
        None,
    )
    assert [o["key"] for o in poll.options] == [str(a.pk), str(b.pk), str(c.pk)]
    assert poll.total_entitled == 10
    # a: 8 yes, b: 6 yes, c: 5 yes (exactly half of 10: fails)
    for i in range(10):
        marks = {str(a.pk): "yes" if i < 8 else "no", str(b.pk): "yes" if i < 6 else "abstain"}
        marks[str(c.pk)] = "yes" if i < 5 else "no"
        assert cast(s, i, poll, marks) is True
    assert cast(s, 0, poll, {}) is False  # replay: nothing added
    with spine.trace() as calls:
        vote = services.vote_close(actor=s.staff, year_id=a.year_id)
    project_calls = [c for c in calls if c[1] == "livelihood.Project"]
    first_lock = next(i for i, c in enumerate(project_calls) if c[0] == "lock")
    assert project_calls[:first_lock] == [("require", "livelihood.Project", "record_vote")] * 3
    a, b, c = reload((a, b, c))
    assert (a.status, a.rank, a.votes_yes, a.votes_no) == ("selected", 1, 8, 2)
    assert (b.status, b.rank, b.votes_yes, b.votes_abstain) == ("selected", 2, 6, 4)
    assert (c.status, c.rank) == ("not_selected", None)
    assert (
        vote.number == 1
        and vote.result["poll"] == poll.pk
        and vote.result["selected"] == [str(a.pk), str(b.pk)]
    )
    poll = Poll.objects.get(pk=poll.pk)
    assert poll.status == "closed" and poll.digest and voting_selectors.recount(poll) == poll.result
    assert ProjectPoll.objects.get(poll=poll).round == vote
    assert Event.objects.filter(action="livelihood_vote_open").count() == 1


def test_tie_across_the_last_place_goes_to_a_revote_through_the_engine():
    s, (a, b, c) = setup_year(10, places=2, candidates=4)
    poll = services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk).poll
    for i in range(10):  # a 9, b 7, c 7: b and c tied for the second place
        cast(s, i, poll, {str(a.pk): "yes" if i < 9 else "no", str(b.pk): "yes" if i < 7 else "no",
                          str(c.pk): "yes" if i >= 3 else "no"})  # fmt: skip
    vote = services.vote_close(actor=s.staff, year_id=a.year_id)
    assert vote.result["revote_among"] == sorted([str(b.pk), str(c.pk)]) and vote.result["revote_places"] == 1
    a, b, c = reload((a, b, c))
    assert a.status == "selected" and b.status == c.status == "shortlisted" and b.revote and c.revote
    # the revote: a new poll among the tied, for the place left
    poll2 = services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk).poll
    assert [o["key"] for o in poll2.options] == [str(b.pk), str(c.pk)] and poll2.seats == 1
    assert "第 2 轮" in poll2.title
    for i in range(10):
        cast(s, i, poll2, {str(b.pk): "yes" if i < 6 else "no", str(c.pk): "no"})
    services.vote_close(actor=s.staff, year_id=a.year_id)
    a, b, c = reload((a, b, c))
    assert (b.status, b.rank, c.status) == ("selected", 2, "not_selected")
    assert VoteRound.objects.filter(year_id=a.year_id).count() == 2


def test_choose_up_to_n_counts_over_marked_ballots_void_and_shortfall():
    s, (a, b) = setup_year(6, places=1, candidates=3, titles="甲乙", mode="choose")
    poll = services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk).poll
    assert poll.max_choices == 1
    for i in range(6):  # 3 valid ballots for a, 3 void (both yes): 3 of 6 is not more than half
        both = i >= 3
        cast(s, i, poll, {str(a.pk): "yes", str(b.pk): "yes" if both else "no"})
    vote = services.vote_close(actor=s.staff, year_id=a.year_id)
    assert vote.result["void_ballots"] == 3 and vote.result["shortfall"] == 1
    a, b = reload((a, b))
    assert a.votes_yes == 3 and a.status == b.status == "not_selected"


def test_refusals_change_nothing():
    s, (a, _b, _c) = setup_year(4)
    deputy = s.users[0]
    with pytest.raises(PermissionDenied):
        services.vote_open(actor=deputy, year_id=a.year_id, item_id=s.item.pk)
    with pytest.raises(ApplicationError) as exc:
        services.vote_close(actor=s.staff, year_id=a.year_id)
    assert exc.value.code == "wrong_state"
    s.session.status = "scheduled"
    s.session.save()
    with pytest.raises(ApplicationError) as exc:
        services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk)
    assert exc.value.code == "session_not_running"
    assert Poll.objects.count() == 0 and ProjectPoll.objects.count() == 0  # rolled back
    s.session.status = "in_progress"
    s.session.save()
    services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk)
    with pytest.raises(ApplicationError) as exc:
        services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk)
    assert exc.value.code == "already_open"
    with pytest.raises(ApplicationError) as exc:
        services.project_unlist(actor=s.staff, project_id=a.pk)
    assert exc.value.code == "vote_open"
    with pytest.raises(ApplicationError) as exc:
        services.vote_record(actor=s.staff, year_id=a.year_id, total_entitled=4, counts={})
    assert exc.value.code == "vote_open"
    assert Project.objects.filter(status="shortlisted").count() == 3


def test_paper_vote_through_double_entry():
    s, (a, b, c) = setup_year(4)
    clerk = user_with_role(Role.STAFF, username="lv-clerk2")
    poll = services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk, method="paper").poll
    voting.paper_issue(actor=s.staff, poll_id=poll.pk, issued=4)
    marks = {"options": {str(a.pk): "yes", str(b.pk): "yes", str(c.pk): "no"}}
    for sheet in (1, 2, 3):
        for who in (s.staff, clerk):
            voting.paper_entry_submit(actor=who, poll_id=poll.pk, sheet=sheet, payload=marks)
    services.vote_close(actor=s.staff, year_id=a.year_id)
    a, b, c = reload((a, b, c))
    assert (a.status, a.votes_yes, b.status, c.status) == ("selected", 3, "selected", "not_selected")


def test_evaluation_by_secret_vote_grades_and_flags_rereport():
    s, (a, b, c) = setup_year(10, places=2, candidates=4)
    services.vote_record(
        actor=s.staff, year_id=a.year_id, total_entitled=10,
        counts={a.pk: (9, 1, 0), b.pk: (8, 2, 0), c.pk: (1, 9, 0)},
    )  # fmt: skip
    link = services.evaluation_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk)
    poll = link.poll
    assert poll.kind == "rating" and [o["key"] for o in poll.options] == [str(a.pk), str(b.pk)]
    for i in range(10):  # a: 6 满意 of 10 → 满意; b: 3 满意 + 2 基本满意 of 10 → 不满意
        b_mark = "satisfied" if i < 3 else "basic" if i < 5 else "unsatisfied"
        cast(s, i, poll, {str(a.pk): "satisfied" if i < 6 else "basic", str(b.pk): b_mark})
    with pytest.raises(ApplicationError):
        services.project_evaluate(
            actor=s.staff, project_id=a.pk, satisfied=1, basic=0, unsatisfied=0, abstain=0, entitled=10
        )
    done = services.evaluation_close(actor=s.staff, year_id=a.year_id)
    assert {p.pk: p.grade for p in done} == {a.pk: "satisfied", b.pk: "unsatisfied"}
    a, b = reload((a, b))
    assert a.status == b.status == "evaluated"
    assert not a.rereport and b.rereport
    assert b.eval_counts == {"satisfied": 3, "basic": 2, "unsatisfied": 5, "abstain": 0, "entitled": 10}
    assert Ballot.objects.filter(poll=poll).count() == VoterMark.objects.filter(poll=poll).count() == 10


def test_grade_rule_setting_applies_to_the_vote():
    s, (a, b, c) = setup_year(10, places=2, candidates=4)
    services.year_save(actor=s.staff, year=scenario.YEAR, places=2, candidates=4, grade_rule="cast")
    services.vote_record(
        actor=s.staff, year_id=a.year_id, total_entitled=10,
        counts={a.pk: (9, 1, 0), b.pk: (8, 2, 0), c.pk: (1, 9, 0)},
    )  # fmt: skip
    poll = services.evaluation_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk).poll
    for i in range(4):  # 4 of 10 voted, all 满意: the "cast" base grades 满意 (the 镇海 rule would not)
        cast(s, i, poll, {str(a.pk): "satisfied", str(b.pk): "satisfied"})
    done = services.evaluation_close(actor=s.staff, year_id=a.year_id)
    assert {p.grade for p in done} == {"satisfied"}
