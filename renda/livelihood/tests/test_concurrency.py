"""Two clerks record the session's count for the same candidates at the same moment: one round is recorded,
the other is refused (the candidates are no longer awaiting the vote); the ranks are given once.

Runs on SQLite (writes serialised) and on PostgreSQL (the year's row, then each candidate's, FOR UPDATE)."""

import threading

import pytest
from django.db import connections

from renda.core.errors import ApplicationError
from renda.core.roles import Role
from renda.livelihood import services
from renda.livelihood.models import Project, VoteRound
from renda.livelihood.tests import scenario
from tests.factories import HandlingUnitFactory, user_with_role


@pytest.mark.django_db(transaction=True)
def test_simultaneous_vote_records():
    staff = user_with_role(Role.STAFF, username="cc-staff")
    admin = user_with_role(Role.ADMIN, username="cc-admin")
    scenario.year(staff, places=2, candidates=4)
    unit = HandlingUnitFactory()
    projects = [scenario.shortlisted(staff, unit, t) for t in "甲乙丙"]
    scenario.reviewed(staff, projects[0].year_id)
    counts = {p.pk: (9 - i, 1 + i, 0) for i, p in enumerate(projects)}
    barrier = threading.Barrier(2)
    recorded, refused, errors = [], [], []

    def run(actor):
        try:
            barrier.wait(timeout=30)
            vote = services.vote_record(
                actor=actor, year_id=projects[0].year_id, total_entitled=10, counts=counts
            )
            recorded.append(vote.number)
        except ApplicationError as exc:
            refused.append(exc.code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in (staff, admin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert recorded == [1] and refused == ["wrong_state"]
    assert VoteRound.objects.count() == 1
    assert sorted(Project.objects.exclude(rank=None).values_list("rank", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_five_hundred_deputies_cast_a_fifteen_project_ballot_at_once():
    """Issue 13's acceptance: 500 deputies cast the one 15-project ballot at the same moment (threads, each
    its own connection; PostgreSQL 16 threads, SQLite 4) → exactly 500 ballots and voter marks; replaying
    every cast adds none; the close counts 500 and selects by the rules."""
    from renda.voting import selectors as voting_selectors
    from renda.voting import services as voting
    from renda.voting.models import SealedBallot, VoterMark
    from renda.voting.tests.engine_setup import build
    from renda.voting.tests.test_concurrency import run_in_threads, workers

    n = 500
    s = build(n)
    services.year_save(actor=s.staff, year=scenario.YEAR, places=10, candidates=15)
    unit = HandlingUnitFactory()
    projects = [scenario.shortlisted(s.staff, unit, f"项目{i:02d}") for i in range(15)]
    scenario.reviewed(s.staff, projects[0].year_id)
    poll = services.vote_open(actor=s.staff, year_id=projects[0].year_id, item_id=s.item.pk).poll

    def marks(i: int) -> dict[str, str]:  # project k gets yes from the deputies with i % 15 >= k - 3
        return {
            str(p.pk): "yes" if i % 15 >= k - 3 else ("no" if i % 2 else "abstain")
            for k, p in enumerate(projects)
        }

    calls = [
        (
            lambda i=i: voting.ballot_cast(
                actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload={"options": marks(i)}
            )
        )
        for i in range(n)
    ]
    assert run_in_threads(calls, workers()) == [True] * n
    assert SealedBallot.objects.filter(poll=poll).count() == n  # sealed until the close (voting issue 11)
    assert VoterMark.objects.filter(poll=poll).values("deputy").distinct().count() == n
    assert run_in_threads(calls, workers()) == [False] * n  # replays add none
    assert SealedBallot.objects.filter(poll=poll).count() == VoterMark.objects.filter(poll=poll).count() == n

    vote = services.vote_close(actor=s.staff, year_id=projects[0].year_id)
    expected_yes = [sum(1 for i in range(n) if i % 15 >= k - 3) for k in range(15)]
    got = {p.pk: p.votes_yes for p in Project.objects.filter(pk__in=[p.pk for p in projects])}
    assert [got[p.pk] for p in projects] == expected_yes
    passing = [p for k, p in enumerate(projects) if expected_yes[k] * 2 > n]
    # the ten with most votes, in rank order (equal votes: the rules' tie order, by id as text — which
    # puts "100" before "99", so compare the set and that the votes never rise along the ranking)
    assert set(vote.result["selected"]) == {str(p.pk) for p in passing[:10]}
    ranked_votes = [got[int(pk)] for pk in vote.result["selected"]]
    assert ranked_votes == sorted(ranked_votes, reverse=True)
    assert Project.objects.filter(status="selected").count() == min(10, len(passing))
    closed = type(poll).objects.get(pk=poll.pk)
    assert closed.result["returned"] == n and voting_selectors.recount(closed) == closed.result
