"""Two people act on one opinion at the same moment: the keeper answers it on the spot while staff forward
it — one path is taken, the other refused (the opinion is no longer "received"); two ratings by the same
code — one is kept. Runs on SQLite (writes serialised) and on PostgreSQL (the row FOR UPDATE; the rating's
unique key)."""

import threading

import pytest
from django.db import connections

from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.opinions import services
from renda.opinions.models import Opinion, OpinionRating
from renda.opinions.tests import scenario


def _race(calls):
    barrier = threading.Barrier(len(calls))
    done, refused, errors = [], [], []

    def run(call):
        try:
            barrier.wait(timeout=30)
            done.append(call())
        except ApplicationError as exc:
            refused.append(exc.code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return done, refused


@pytest.mark.django_db(transaction=True)
def test_one_path_when_two_act_at_once():
    w = scenario.world("cc")
    o = scenario.record(w)
    done, refused = _race(
        [
            lambda: services.opinion_answer(actor=w.keeper, opinion_id=o.pk, answer="当场答复"),
            lambda: services.opinion_forward(actor=w.staff, opinion_id=o.pk, unit_id=w.unit.pk),
        ]
    )
    assert len(done) == 1 and refused == ["wrong_state"]
    row = Opinion.objects.get(pk=o.pk)
    assert row.route in ("spot", "department") and row.status == done[0].status
    moves = Event.objects.filter(object_id=str(o.pk), action__in=["opinion_answer", "opinion_forward"])
    assert moves.count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_rating_when_two_arrive_at_once():
    w = scenario.world("cr")
    o = scenario.in_state(w, "closed")
    done, refused = _race(
        [
            lambda: services.opinion_rate(code=o.code, rating="satisfied"),
            lambda: services.opinion_rate(code=o.code, rating="unsatisfied"),
        ]
    )
    assert len(done) == 1 and refused == ["already_rated"]
    assert OpinionRating.objects.count() == 1
