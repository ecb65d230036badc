"""Two clerks record the vote of one list at the same moment: one vote stands, the other is refused (the list
is decided already); two clerks record the same appointee's oath at once: one oath, the other refused.

Runs on SQLite (writes serialised) and on PostgreSQL (the list's row FOR UPDATE)."""

import threading

import pytest
from django.db import connections

from renda.appointments import services
from renda.appointments.models import Case, Oath
from renda.appointments.tests import scenario
from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.core.roles import Role
from tests.factories import user_with_role


def _together(calls):
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
def test_simultaneous_votes_and_oaths_of_one_list():
    w = scenario.world("cc")
    other = user_with_role(Role.STAFF, username="cc-staff-2")
    c = scenario.at_state(w, "scheduled")

    def vote(actor, yes):
        return lambda: services.case_vote(
            actor=actor, case_id=c.pk, mode="together", members_total=45, together=[yes, 0, 0]
        )

    done, refused = _together([vote(w.staff, 40), vote(other, 30)])
    assert len(done) == 1 and len(refused) == 1
    assert Event.objects.filter(action="appointments_vote", object_id=str(c.pk)).count() == 1
    c = Case.objects.get(pk=c.pk)
    assert c.status == "decided"
    li = c.people.get(name="李华")
    assert li.result == "passed" and li.votes_yes in (40, 30)  # one count, whole

    def oath(actor):
        return lambda: services.person_oath(
            actor=actor, case_id=c.pk, person_id=li.pk, administered_by="市人大常委会", witnesses="陈监"
        )

    done, refused = _together([oath(w.staff), oath(other)])
    assert len(done) == 1 and len(refused) == 1 and Oath.objects.filter(person=li).count() == 1
