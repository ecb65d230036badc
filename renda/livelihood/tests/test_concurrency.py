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
